import { Inject, Injectable } from '@nestjs/common';
import {
  ActorNotAllowedError,
  type Aktoer,
  type FeltSett,
  type Moete,
  NotFoundError,
  type Organ,
  organDecider,
  tillatteMoetesteg,
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
  type Sak,
  sakDecider,
  type SakCommand,
  sakensKommandoerForMoetevedtak,
  sakslisteDecider,
  sakslisteId,
  type TidligereSaksnumre,
  type TildelMoetenumre,
  type TildeltNummer,
} from '@saksgang/domain';
import { WrongExpectedVersionError } from '@saksgang/event-store';
import { CLOCK, type Clock } from '../clock.js';
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
/** One meeting as read: its state (saksliste with numbers, attendance, decisions), the steps allowed now, its revision. */
export interface MoeteView {
  readonly moeteId: string;
  readonly revision: string;
  readonly state: Moete;
  readonly tillatteSteg: readonly MoeteStegType[];
}

/** Who reads: the reader's body (X-Organ) and system roles. */
export interface MoeteLeser {
  readonly organId?: string;
  readonly systemroller: readonly string[];
}

/** The public reading a meeting (innsyn): once its innkalling is sent. */
export const OFFENTLIG_LESER = 'offentlig' as const;
type Leser = MoeteLeser | typeof OFFENTLIG_LESER | undefined;

@Injectable()
export class MoeteService {
  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Reads one meeting. Read like the steps are authorised: the sekretariat, the members of a body
   * holding the meeting (acting for it), and revisor. Meetings have no exemption of their own yet, so
   * no one else reads them (an item may be about an exempt sak).
   */
  async hent(moeteId: string, leserInn: Leser, aktoer: Aktoer | undefined): Promise<MoeteView> {
    const loaded = await this.path.load(moeteDecider, moeteId);
    const offentlig = leserInn === OFFENTLIG_LESER;
    // The public learns nothing of a meeting not yet announced: 404, as if it did not exist.
    if (offentlig && loaded.state?.innkallingSendt === undefined) {
      throw new NotFoundError('moete_ikke_offentlig', `Det finnes ikke noe offentlig møte ${moeteId}: et møte er offentlig når innkallingen er sendt.`);
    }
    if (loaded.revision === 'no_stream' || loaded.state === null) throw new NotFoundError('moete_ikke_funnet', `Møtet ${moeteId} finnes ikke.`);
    const moete = loaded.state;
    const leser = offentlig ? undefined : leserInn;
    const ider = [...new Set([...moete.organIder, ...(leser?.organId ? [leser.organId] : []), ...(aktoer ? [aktoer.organId] : [])])];
    const organer = await this.loadOrganer(ider);
    const revisor = leser?.systemroller.includes('revisor') ?? false;
    const organId = leser?.organId;
    const tillatt = revisor || (organId !== undefined && (moete.organIder.includes(organId) || organer(organId)?.organtype === 'sekretariat'));
    if (!tillatt && !offentlig) {
      throw new ActorNotAllowedError('ikke_tilgang_til_moetet', 'Et møte leses av sekretariatet, medlemmene i organene som holder møtet (med X-Organ) og revisor.');
    }
    return { moeteId, revision: loaded.revision.toString(), state: moete, tillatteSteg: tillatteMoetesteg(moete, aktoer, organer) };
  }

  /** One meeting as {@link hent} reads it (the same authorization), with its bodies for the documents (names, never ids). */
  async hentForDokument(moeteId: string, leser: Leser, aktoer: Aktoer | undefined): Promise<{ readonly view: MoeteView; readonly organ: (organId: string) => Organ | undefined }> {
    const view = await this.hent(moeteId, leser, aktoer);
    return { view, organ: await this.loadOrganer(view.state.organIder) };
  }

  /** As {@link hentForDokument}, with the saker the items are about (what is exempt in them stays out of the innkalling). */
  async hentForInnkalling(moeteId: string, leser: Leser, aktoer: Aktoer | undefined): Promise<{ readonly view: MoeteView; readonly organ: (organId: string) => Organ | undefined; readonly sak: (sakId: string) => Sak | undefined }> {
    const { view, organ } = await this.hentForDokument(moeteId, leser, aktoer);
    const saker = new Map<string, Sak>();
    for (const id of new Set(view.state.punkter.flatMap((p) => (p.sakId !== undefined ? [p.sakId] : [])))) {
      const s = (await this.path.load(sakDecider, id)).state;
      if (s) saker.set(id, s);
    }
    return { view, organ, sak: (id) => saker.get(id) };
  }

  /** As {@link hentForInnkalling}, with the date of the meeting the protokoll was approved in (if so). */
  async hentForProtokoll(
    moeteId: string,
    leser: Leser,
    aktoer: Aktoer | undefined,
  ): Promise<{ readonly view: MoeteView; readonly organ: (organId: string) => Organ | undefined; readonly sak: (sakId: string) => Sak | undefined; readonly moeteDato: (moeteId: string) => string | undefined }> {
    const grunnlag = await this.hentForInnkalling(moeteId, leser, aktoer);
    const annet = grunnlag.view.state.protokoll?.godkjentIMoeteId;
    const dato = annet !== undefined ? (await this.path.load(moeteDecider, annet)).state?.moetedato : undefined;
    return { ...grunnlag, moeteDato: (id) => (id === annet ? dato : undefined) };
  }

  /**
   * A meeting's documents as the public may read them (innsyn): the innkalling once it is sent, the
   * protokoll once approved; before that 404, as if there were none. What is exempt in a sak stays out
   * of both (the documents' own rule).
   */
  async hentOffentlig(
    moeteId: string,
    dokument: 'innkalling' | 'protokoll',
  ): Promise<{ readonly view: MoeteView; readonly organ: (organId: string) => Organ | undefined; readonly sak: (sakId: string) => Sak | undefined; readonly moeteDato: (moeteId: string) => string | undefined }> {
    const grunnlag = await this.hentForProtokoll(moeteId, OFFENTLIG_LESER, undefined);
    if (dokument === 'protokoll' && grunnlag.view.state.protokoll === undefined) {
      throw new NotFoundError('protokoll_ikke_offentlig', `Protokollen for møtet ${grunnlag.view.state.moetedato} er ikke godkjent ennå; den er offentlig når den er godkjent.`);
    }
    return grunnlag;
  }

  /** The time now, from the service's clock (a document's DTSTAMP). */
  naa(): Date {
    return this.clock.now();
  }

  private async loadOrganer(ider: readonly string[]): Promise<(id: string) => Organ | undefined> {
    const map = new Map<string, Organ>();
    for (const id of ider) {
      const o = (await this.path.load(organDecider, id)).state;
      if (o) map.set(id, o);
    }
    return (id) => map.get(id);
  }

  async utfoer(input: MoetestegInput): Promise<MoetestegResult> {
    if (input.steg === 'FattMoetevedtak') return this.fattMoetevedtak(input);
    if (input.steg === 'GodkjennProtokoll') {
      // An approved protokoll's decisions are on their saker: one missing (a failure after the
      // meeting's decision was recorded) is recorded now, or the approval is refused with the reason.
      const loaded = await this.path.load(moeteDecider, input.aggregateId);
      if (loaded.state !== null && (await this.path.dryRun(moeteDecider, this.envelope(input, input.data))).replayed === false) {
        for (const e of loaded.events) {
          if (e.type === 'MoetevedtakFattet') await this.foerPaaSaken(loaded.state, String(e.data['punktId']), input, false, e.id);
        }
      }
    }
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
      const tidligere = await this.tidligereNumre(organId, aar);
      const nye = moetenummereringDecider.decide(this.tildeling(organId, aar, moete.moeteId, nummerbehov(moete, punkter, organId), input, tidligere), n.state, { now: this.clock.now(), aktoer: input.aktoer, organer: () => undefined });
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

  /**
   * A decision in the meeting, and the same decision as the sak's vedtak with the meeting as its basis
   * (`sakensKommandoerForMoetevedtak`):
   *
   * 1. the meeting's step is tried ({@link CommandPath.dryRun}); then the sak's facts it leads to are
   *    tried on the sak as it is ({@link CommandPath.dryRunAll}: phase, innstilling, who acts, the
   *    membership on the date) — a refusal of either is the answer, and nothing is recorded;
   * 2. the meeting's decision is recorded (`MoetevedtakFattet`);
   * 3. the sak's facts are recorded in one append to the sak (`SattPaaSaksliste` with the meeting's
   *    numbers if the sak was not yet on that meeting's saksliste, and `VedtakFattet` with `moeteId`
   *    and the reference), with command ids derived from the meeting event's id.
   *
   * The store has no append to two streams at once. A failure between 2 and 3 is recovered: the same
   * request again (same Idempotency-Key) answers the meeting's step as then and records the sak's
   * facts; approving the protokoll records any that are still missing first. Nothing is recorded twice,
   * since what the sak still needs is worked out from the sak as it is, and the command ids repeat.
   */
  private async fattMoetevedtak(input: MoetestegInput): Promise<MoetestegResult> {
    const env = this.envelope(input, input.data);
    const proeve = await this.path.dryRun(moeteDecider, env);
    const loaded = await this.path.load(moeteDecider, input.aggregateId);
    const punktId = String(input.data['punktId']);
    if (!proeve.replayed && loaded.state !== null) {
      const etter = proeve.events.reduce(moeteDecider.evolve, loaded.state as Moete | null);
      if (etter) await this.foerPaaSaken(etter, punktId, input, true, proeve.eventIds[0]);
    }
    const result = await this.path.execute(moeteDecider, env);
    const moete = (await this.path.load(moeteDecider, input.aggregateId)).state;
    const eventId = result.eventIds[0];
    const paaSaken = moete && eventId ? await this.foerPaaSaken(moete, punktId, input, false, eventId) : undefined;
    // The position of the last fact the request recorded (the sak's), for read-your-writes on the sak's read models.
    return { ...result, position: paaSaken?.position ?? result.position, numre: [] };
  }

  /** What the sak still needs for the item's decision: tried only (`proeve`), or recorded. */
  private async foerPaaSaken(moete: Moete, punktId: string, input: MoetestegInput, proeve: boolean, moeteEventId?: string): Promise<CommandResult | undefined> {
    const punkt = moete.punkter.find((p) => p.punktId === punktId);
    if (!punkt?.vedtak || punkt.sakId === undefined) return undefined;
    const sak = (await this.path.load(sakDecider, punkt.sakId)).state;
    if (sak === null) throw new NotFoundError('sak_ikke_funnet', `Sakslistepunktet «${punkt.tittel}» viser til saken ${punkt.sakId}, som ikke finnes; vedtaket føres på saken, så den må registreres først.`);
    const organer = await this.loadOrganer(moete.organIder);
    const kommandoer = sakensKommandoerForMoetevedtak(moete, punktId, sak, organer);
    if (kommandoer.length === 0) return undefined;
    const grunnlag = moeteEventId ?? `${moete.moeteId}:${punktId}`;
    const envelopes = kommandoer.map((command: SakCommand) => ({
      aggregateId: punkt.sakId!,
      command,
      commandId: `moetevedtak:${grunnlag}:${command.type}`,
      correlationId: input.correlationId,
      causationId: grunnlag,
      aktoer: input.aktoer,
    }));
    if (proeve) {
      await this.path.dryRunAll(sakDecider, envelopes);
      return undefined;
    }
    return this.path.executeAll(sakDecider, envelopes);
  }

  private tildeling(organId: string, aar: number, moeteId: string, behov: Nummerbehov[], input: MoetestegInput, tidligere: TidligereSaksnumre): TildelMoetenumre {
    const gjelderFra = input.data['gjelderFra'];
    return { type: 'TildelMoetenumre', data: { organId, aar, moeteId, punkter: behov, tidligere, ...(typeof gjelderFra === 'string' ? { gjelderFra } : {}) } };
  }

  /** The numbers the body gave this year in the old sak-level series (`saksliste-<organId>.<aar>`, before the one numbering): taken. */
  private async tidligereNumre(organId: string, aar: number): Promise<TidligereSaksnumre> {
    return (await this.path.load(sakslisteDecider, sakslisteId(organId, aar))).state?.nummerForSak ?? {};
  }

  private async tildel(organId: string, aar: number, moeteId: string, behov: Nummerbehov[], tillegg: readonly PunktData[] | undefined, input: MoetestegInput): Promise<TildeltNummer[]> {
    const aggregateId = moetenummereringId(organId, aar);
    const tidligere = await this.tidligereNumre(organId, aar);
    for (let runde = 1; ; runde++) {
      try {
        await this.path.execute(moetenummereringDecider, {
          aggregateId,
          command: this.tildeling(organId, aar, moeteId, behov, input, tidligere),
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
