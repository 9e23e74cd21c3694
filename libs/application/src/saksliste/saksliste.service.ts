import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  aarAv,
  InvalidCommandError,
  type Moetesaksnummer,
  moetenummereringDecider,
  moetenummereringId,
  type SakCommand,
  sakDecider,
  type SakEvent,
  sakslisteDecider,
  sakslisteId,
  saksnummerFor,
  type TidligereSaksnumre,
  type Tidspunkt,
} from '@saksgang/domain';
import { IdempotencyMismatchError, WrongExpectedVersionError } from '@saksgang/event-store';
import { type CommandEnvelope, CommandPath, type CommandResult } from '../command-path/command-path.js';

/** Put a sak on the agenda of one body (or several: a joint meeting) for a meeting date. */
export interface SettPaaSakslisteInput extends Omit<CommandEnvelope<SakCommand>, 'aggregateId' | 'command'> {
  readonly sakId: string;
  /** One body, or several for a joint meeting (e.g. PSU and ASU); each gives its own number. */
  readonly organIder: readonly string[];
  readonly moetedato: string;
  readonly moetested?: string;
  /** The id of the new agenda item (derive it from the Idempotency-Key so a retry reuses it). */
  readonly sakslistepunktId: string;
  readonly gjelderFra?: Tidspunkt;
}

export interface SettPaaSakslisteResult extends CommandResult<SakEvent> {
  readonly sakslistepunktId: string;
  /** The agenda number each body gave, e.g. PSU 3/19. */
  readonly moetesaksnumre: readonly Moetesaksnummer[];
}

/** How often a number allocation is retried on top of the command path's own retries (many secretaries at once). */
const ALLOCATION_ROUNDS = 25;

/**
 * Agenda numbering without gaps or duplicates, also when several secretaries do it at the same moment.
 *
 * 1. Dry run ({@link CommandPath.dryRun}, the command path's own decision, recording nothing): would
 *    the sak accept `SettPaaSaksliste` now — phase, innstilling, bodies, the actor's role and
 *    membership on the effective date, the fields (a control character in `moetested`), the
 *    Idempotency-Key (used before for another request, on this sak or another), `If-Match`? If not,
 *    the refusal is thrown and no number is taken: a refused request records nothing at all.
 * 2. For each body, `TildelSaksnummer { sakId }` on the body's one numbering for the year,
 *    `moetenummerering-<organId>.<aar>` — the same series the meetings number their items from, so a
 *    number is never given both to a sak put on the agenda by itself and to a meeting's item — through
 *    the command path (optimistic concurrency: a loser decides again on the new state and gets the next
 *    number). Numbers given before in the old sak-level series (`saksliste-<organId>.<aar>`, no longer
 *    written) are read and passed in, so they count as taken.
 * 3. `SettPaaSaksliste` on the sak with those numbers (the command path again: it decides once more,
 *    on the sak as it is then, and appends with the revision it read).
 *
 * A failure between 2 and 3 (crash, timeout, lost connection, the store unavailable) is safe: the
 * saksliste decider is idempotent per sak, so the retry gets the same number and records nothing new
 * there; step 3 then records the agenda item. No number is lost and none is given twice.
 *
 * What remains: the store port has no atomic append to two streams, so step 3 can still be refused
 * after step 2 when something is recorded *between* the dry run and step 3 —
 * - a concurrent step on the same sak that makes it refuse (e.g. it is withdrawn, or another
 *   secretary put it on the agenda first), or, with `If-Match`, any concurrent step on the sak
 *   (revision conflict; without `If-Match` the command path decides again on the new state and the
 *   item is recorded if the sak still accepts it);
 * - the same Idempotency-Key sent at the same moment for two different saker on different agendas
 *   (on the same agenda the second allocation sees the first one's and is refused before it takes a number);
 * - the actor's membership ending in that moment.
 * Then the number stays reserved for that sak (`nummerForSak`), is not given to another, and is given
 * to the sak again if it comes back on that body's agenda the same year; otherwise that year's
 * series has one unused number. Nothing refused records anything in every other case.
 */
@Injectable()
export class SakslisteService {
  constructor(@Inject(CommandPath) private readonly path: CommandPath) {}

  async settPaaSaksliste(input: SettPaaSakslisteInput): Promise<SettPaaSakslisteResult> {
    const organIder = [...input.organIder];
    if (organIder.length === 0) throw new InvalidCommandError('felt_mangler', 'Minst ett organ må ha saken på sakslisten.', { field: 'organIder' });
    if (new Set(organIder).size !== organIder.length) {
      throw new InvalidCommandError('organ_gjentatt', 'Hvert organ kan stå bare én gang på et sakslistepunkt.', { field: 'organIder' });
    }
    const aar = aarAv(input.moetedato);
    const kommando = (organer: Moetesaksnummer[]): SakCommand => ({
      type: 'SettPaaSaksliste',
      data: {
        sakslistepunktId: input.sakslistepunktId,
        moetedato: input.moetedato,
        ...(input.moetested !== undefined ? { moetested: input.moetested } : {}),
        organer,
        ...(input.gjelderFra !== undefined ? { gjelderFra: input.gjelderFra } : {}),
      },
    });

    // 1. Dry run with provisional numbers: every refusal comes before a number is taken.
    const provisorisk = kommando(organIder.map((organId) => ({ organId, moetesaksaar: aar, moetesakssekvensnummer: 1 })));
    const proeve = await this.path.dryRun(sakDecider, this.envelope(input, provisorisk));
    if (proeve.replayed) {
      // The same command handled before (a retry after a timeout): answer as then, take no number.
      return this.svar(await this.path.execute(sakDecider, this.envelope(input, provisorisk)), input.sakslistepunktId);
    }

    // 2. One number per body (idempotent per sak, so a retry gets the same number).
    const nummer: Moetesaksnummer[] = [];
    for (const organId of organIder) {
      nummer.push({ organId, moetesaksaar: aar, moetesakssekvensnummer: await this.tildelNummer(input, organId, aar) });
    }

    // 3. The sak goes on the agenda with those numbers.
    const result = await this.path.execute(sakDecider, this.envelope(input, kommando(nummer)));
    return this.svar(result, input.sakslistepunktId);
  }

  private async tildelNummer(input: SettPaaSakslisteInput, organId: string, aar: number): Promise<number> {
    const aggregateId = moetenummereringId(organId, aar);
    const tidligere = await this.tidligereNumre(organId, aar);
    for (let runde = 1; ; runde++) {
      try {
        const result = await this.path.execute(moetenummereringDecider, {
          aggregateId,
          command: { type: 'TildelSaksnummer', data: { organId, aar, sakId: input.sakId, tidligere, ...(input.gjelderFra !== undefined ? { gjelderFra: input.gjelderFra } : {}) } },
          commandId: `${input.commandId}:moetesaksnummer:${organId}.${aar}`,
          correlationId: input.correlationId,
          causationId: input.commandId,
          aktoer: input.aktoer,
        });
        const tildelt = result.events.find((e) => e.type === 'SaksnummerTildelt' && e.data.sakId === input.sakId);
        if (tildelt?.type === 'SaksnummerTildelt') return tildelt.data.nummer;
        if (result.replayed) {
          // This command id took a number for another sak (the same Idempotency-Key sent for two saker
          // at the same moment): the key belongs to the other request. Nothing was recorded here.
          throw new IdempotencyMismatchError(result.streamName, result.eventIds[0] ?? '?', 'the command id took an agenda number for another sak');
        }
        // Nothing new: the sak already has its number on this agenda (a retry).
        const nummerering = await this.path.load(moetenummereringDecider, aggregateId);
        const eksisterende = saksnummerFor(nummerering.state, input.sakId, tidligere);
        if (eksisterende === undefined) throw new Error(`No agenda number for sak ${input.sakId} in ${aggregateId}`);
        return eksisterende;
      } catch (e) {
        if (e instanceof WrongExpectedVersionError && runde < ALLOCATION_ROUNDS) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * runde));
          continue;
        }
        throw e;
      }
    }
  }

  /** The numbers the body gave this year in the old sak-level series (before the one numbering), if any. */
  async tidligereNumre(organId: string, aar: number): Promise<TidligereSaksnumre> {
    return (await this.path.load(sakslisteDecider, sakslisteId(organId, aar))).state?.nummerForSak ?? {};
  }

  private envelope(input: SettPaaSakslisteInput, command: SakCommand): CommandEnvelope<SakCommand> {
    return {
      aggregateId: input.sakId,
      command,
      commandId: input.commandId,
      correlationId: input.correlationId,
      causationId: input.causationId,
      aktoer: input.aktoer,
      ...(input.expectedRevision !== undefined ? { expectedRevision: input.expectedRevision } : {}),
      ...(input.requestFingerprint !== undefined ? { requestFingerprint: input.requestFingerprint } : {}),
    };
  }

  private svar(result: CommandResult<SakEvent>, sakslistepunktId: string): SettPaaSakslisteResult {
    const satt = result.events.find((e) => e.type === 'SattPaaSaksliste');
    const data = satt?.type === 'SattPaaSaksliste' ? satt.data : undefined;
    return { ...result, sakslistepunktId: data?.sakslistepunktId ?? sakslistepunktId, moetesaksnumre: data?.organer ?? [] };
  }
}

/** CQRS command: put a sak on one or more bodies' agenda, with gap-free numbers. */
export class SettSakPaaSaksliste extends Command<SettPaaSakslisteResult> {
  constructor(readonly input: SettPaaSakslisteInput) {
    super();
  }
}

@CommandHandler(SettSakPaaSaksliste)
export class SettSakPaaSakslisteHandler implements ICommandHandler<SettSakPaaSaksliste, SettPaaSakslisteResult> {
  constructor(@Inject(SakslisteService) private readonly service: SakslisteService) {}
  execute(c: SettSakPaaSaksliste): Promise<SettPaaSakslisteResult> {
    return this.service.settPaaSaksliste(c.input);
  }
}
