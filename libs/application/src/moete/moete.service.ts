import { Inject, Injectable } from '@nestjs/common';
import {
  type FeltSett,
  MOETE_ARBEIDSFLYT,
  type MoeteCommand,
  moeteDecider,
  type MoeteEvent,
  type MoeteStegType,
  moeteaar,
  moetenummereringDecider,
  moetenummereringId,
  nummerbehov,
  type Nummerbehov,
  numreForMoete,
  type PunktData,
  type TildelMoetenumre,
  type TildeltNummer,
} from '@saksgang/domain';
import { WrongExpectedVersionError } from '@saksgang/event-store';
import { type CommandEnvelope, CommandPath, type CommandResult } from '../command-path/command-path.js';

/** A step on a meeting as it comes from the edge: the step, its data (path and created ids filled in), and who sends it. */
export interface MoetestegInput extends Omit<CommandEnvelope<MoeteCommand>, 'command'> {
  readonly steg: MoeteStegType;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface MoetestegResult extends CommandResult<MoeteEvent> {
  /** The numbers the step gave (innkalling, tilleggssak), e.g. PSU møte 1, sak 3/19, O 1/19. */
  readonly numre: readonly TildeltNummer[];
}

/** The step's field that is filled with numbers from the bodies' numbering (kind `nummerliste`, assigned). */
export function nummerfelt(steg: MoeteStegType): string | undefined {
  return Object.entries(MOETE_ARBEIDSFLYT[steg].felter as FeltSett).find(([, f]) => f.art === 'nummerliste' && f.kilde === 'tildeles')?.[0];
}

const ALLOCATION_ROUNDS = 25;

/**
 * The meeting's steps through the one command path. A step that is given numbers (SendInnkalling,
 * LeggTilTilleggssak) goes like the agenda numbering of a sak (saksliste.service.ts):
 *
 * 1. the numbers each body's numbering would give now are worked out without recording anything, and
 *    the step is tried with them ({@link CommandPath.dryRun}): every refusal (status, actor, membership
 *    on the date, fields, a known number already used) comes before a number is taken — a refused
 *    request records nothing;
 * 2. `TildelMoetenumre` on `moetenummerering-<organId>.<aar>` for each body (optimistic concurrency: a
 *    loser decides again on the new state and gets the next numbers; a retry gets the same numbers);
 * 3. the step on the meeting with those numbers.
 *
 * What remains (as for the sak's agenda numbers): a step recorded on the meeting between 1 and 3 (an
 * item withdrawn or added) makes 3 refuse; the numbers taken in 2 stay with that meeting's items.
 */
@Injectable()
export class MoeteService {
  constructor(@Inject(CommandPath) private readonly path: CommandPath) {}

  async utfoer(input: MoetestegInput): Promise<MoetestegResult> {
    const felt = nummerfelt(input.steg);
    if (!felt) {
      const result = await this.path.execute(moeteDecider, this.envelope(input, input.data));
      return { ...result, numre: [] };
    }
    const loaded = await this.path.load(moeteDecider, input.aggregateId);
    const moete = loaded.state;
    if (moete === null) {
      // Not planned: the decider says so (404), with nothing taken.
      const result = await this.path.execute(moeteDecider, this.envelope(input, { ...input.data, [felt]: [] }));
      return { ...result, numre: [] };
    }
    const tillegg = input.steg === 'LeggTilTilleggssak' ? [input.data as unknown as PunktData] : undefined;
    const punkter: readonly PunktData[] = tillegg ?? moete.punkter.filter((p) => p.trukket === undefined);
    const aar = moeteaar(moete);

    // 1. What the numbering would give now, without recording; then the step tried with it.
    const foreloepige: TildeltNummer[] = [];
    for (const organId of moete.organIder) {
      const n = await this.path.load(moetenummereringDecider, moetenummereringId(organId, aar));
      const nye = moetenummereringDecider.decide(this.tildeling(organId, aar, moete.moeteId, nummerbehov(moete, punkter, organId), input), n.state, { now: new Date(), aktoer: input.aktoer, organer: () => undefined });
      foreloepige.push(...numreForMoete(nye.reduce(moetenummereringDecider.evolve, n.state), moete.moeteId, tillegg?.map((p) => p.punktId)));
    }
    const proeve = await this.path.dryRun(moeteDecider, this.envelope(input, { ...input.data, [felt]: foreloepige }));
    if (proeve.replayed) {
      const result = await this.path.execute(moeteDecider, this.envelope(input, { ...input.data, [felt]: foreloepige }));
      return { ...result, numre: this.numreI(result.events) };
    }

    // 2. The numbers, body by body.
    const numre: TildeltNummer[] = [];
    for (const organId of moete.organIder) numre.push(...(await this.tildel(organId, aar, moete.moeteId, nummerbehov(moete, punkter, organId), tillegg, input)));

    // 3. The step with them.
    const result = await this.path.execute(moeteDecider, this.envelope(input, { ...input.data, [felt]: numre }));
    return { ...result, numre: this.numreI(result.events) };
  }

  private tildeling(organId: string, aar: number, moeteId: string, behov: Nummerbehov[], input: MoetestegInput): TildelMoetenumre {
    const gjelderFra = input.data['gjelderFra'];
    return { type: 'TildelMoetenumre', data: { organId, aar, moeteId, punkter: behov, ...(typeof gjelderFra === 'string' ? { gjelderFra } : {}) } };
  }

  private async tildel(organId: string, aar: number, moeteId: string, behov: Nummerbehov[], tillegg: readonly PunktData[] | undefined, input: MoetestegInput): Promise<TildeltNummer[]> {
    const aggregateId = moetenummereringId(organId, aar);
    for (let runde = 1; ; runde++) {
      try {
        await this.path.execute(moetenummereringDecider, {
          aggregateId,
          command: this.tildeling(organId, aar, moeteId, behov, input),
          commandId: `${input.commandId}:moetenumre:${organId}.${aar}`,
          correlationId: input.correlationId,
          causationId: input.commandId,
          aktoer: input.aktoer,
        });
        const etter = await this.path.load(moetenummereringDecider, aggregateId);
        return numreForMoete(etter.state, moeteId, tillegg?.map((p) => p.punktId));
      } catch (e) {
        if (e instanceof WrongExpectedVersionError && runde < ALLOCATION_ROUNDS) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * runde));
          continue;
        }
        throw e;
      }
    }
  }

  private numreI(events: readonly MoeteEvent[]): TildeltNummer[] {
    return events.flatMap((e) => (e.type === 'InnkallingSendt' || e.type === 'TilleggssakLagtTil' ? e.data.numre : []));
  }

  private envelope(input: MoetestegInput, data: Readonly<Record<string, unknown>>): CommandEnvelope<MoeteCommand> {
    const { steg, data: _d, ...rest } = input;
    return { ...rest, command: { type: steg, data } as MoeteCommand };
  }
}
