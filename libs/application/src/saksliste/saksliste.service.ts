import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  aarAv,
  InvalidCommandError,
  type Moetesaksnummer,
  type SakCommand,
  sakDecider,
  type SakEvent,
  sakslisteDecider,
  sakslisteId,
  type Tidspunkt,
} from '@saksgang/domain';
import { type EventStore, type JsonObject, WrongExpectedVersionError } from '@saksgang/event-store';
import { CLOCK, type Clock } from '../clock.js';
import { type CommandEnvelope, CommandPath, type CommandResult, type OrganLoader } from '../command-path/command-path.js';
import { eventStoreOrganLoader } from '../command-path/organ-loader.js';
import { EVENT_STORE } from '../tokens.js';

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
 * 1. Dry run: would the sak accept `SettPaaSaksliste` now (phase, innstilling, bodies, actor)? If not,
 *    the refusal is returned and no number is taken — a refused request leaves no gap.
 * 2. For each body, `TildelMoetesaksnummer { sakId }` on `saksliste-<organId>.<aar>` through the command
 *    path (optimistic concurrency: a loser decides again on the new state and gets the next number).
 * 3. `SettPaaSaksliste` on the sak with those numbers.
 *
 * A failure between 2 and 3 (crash, timeout, lost connection) is safe: the saksliste decider is
 * idempotent per sak, so the retry gets the same number and records nothing new there; step 3 then
 * records the agenda item. No number is lost and none is given twice. The one case that leaves a number
 * unused is a sak that changes (e.g. is withdrawn) between 2 and 3: the number stays reserved for that
 * sak and is given to it again if it comes back on that body's agenda the same year.
 */
@Injectable()
export class SakslisteService {
  private readonly organLoader: OrganLoader;

  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.organLoader = eventStoreOrganLoader(store);
  }

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

    // The same command handled before (a retry after a timeout): answer as then, take no number.
    const sak = await this.path.load(sakDecider, input.sakId);
    const tidligere = sak.events.filter((e) => (e.metadata as JsonObject)['commandId'] === input.commandId);
    if (tidligere.length > 0) {
      const result = await this.path.execute(sakDecider, this.envelope(input, kommando([])));
      return this.svar(result, input.sakslistepunktId);
    }
    if (input.expectedRevision !== undefined && input.expectedRevision !== sak.revision) {
      throw new WrongExpectedVersionError(`${sakDecider.category}-${input.sakId}`, input.expectedRevision, sak.revision);
    }

    // 1. Dry run with provisional numbers: every refusal comes before a number is taken.
    const provisorisk = kommando(organIder.map((organId) => ({ organId, moetesaksaar: aar, moetesakssekvensnummer: 1 })));
    const organer = await this.organLoader(sakDecider.referencedOrganIds!(provisorisk, sak.state, input.aktoer));
    sakDecider.decide(provisorisk, sak.state, { now: this.clock.now(), aktoer: input.aktoer, organer });

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
    const aggregateId = sakslisteId(organId, aar);
    for (let runde = 1; ; runde++) {
      try {
        const result = await this.path.execute(sakslisteDecider, {
          aggregateId,
          command: { type: 'TildelMoetesaksnummer', data: { organId, aar, sakId: input.sakId, ...(input.gjelderFra !== undefined ? { gjelderFra: input.gjelderFra } : {}) } },
          commandId: `${input.commandId}:moetesaksnummer:${organId}.${aar}`,
          correlationId: input.correlationId,
          causationId: input.commandId,
          aktoer: input.aktoer,
        });
        const tildelt = result.events.find((e) => e.data.sakId === input.sakId);
        if (tildelt) return tildelt.data.nummer;
        // Nothing new: the sak already has its number on this agenda (a retry).
        const liste = await this.path.load(sakslisteDecider, aggregateId);
        const eksisterende = liste.state?.nummerForSak[input.sakId];
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

  private envelope(input: SettPaaSakslisteInput, command: SakCommand) {
    return {
      aggregateId: input.sakId,
      command,
      commandId: input.commandId,
      correlationId: input.correlationId,
      causationId: input.causationId,
      aktoer: input.aktoer,
      expectedRevision: input.expectedRevision,
      requestFingerprint: input.requestFingerprint,
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
