import { Inject, Injectable, Optional } from '@nestjs/common';
import { assertNever, avvikDecider, korrespondansepartDecider, organDecider, sakDecider } from '@saksgang/domain';
import { START, type EventStore, type SqlClient } from '@saksgang/event-store';
import { CLOCK, type Clock } from '../clock.js';
import { CommandPath, type CommandResult } from '../command-path/command-path.js';
import { AvvikService } from '../avvik/avvik.service.js';
import { MoeteService } from '../moete/moete.service.js';
import { SakslisteService } from '../saksliste/saksliste.service.js';
import { EVENT_STORE, SQL_CLIENT } from '../tokens.js';
import { DokumentService } from '../dokument/dokument.service.js';
import { DEMO_DOKUMENTER, type DemoDokument, demoDokumentInnhold } from './demo-dokumenter.js';
import { DEMO_STEG, type DemoSteg } from './demo-data.js';
import { DEMO_AVVIKSSTEG, type DemoAvvikssteg } from './demo-avvik.js';
import { DEMO_MOETESTEG, type DemoMoetesteg } from './demo-moeter.js';

/** Every step the loader takes: the organisation and the saker, then the meetings, then the avvik (demo-avvik.ts). */
const ALLE_STEG: readonly (DemoSteg | DemoMoetesteg | DemoAvvikssteg)[] = [...DEMO_STEG, ...DEMO_MOETESTEG, ...DEMO_AVVIKSSTEG];

export interface DemoProgress {
  /** Steps handled so far (recorded or already there). */
  readonly done: number;
  readonly total: number;
  /** The key of the step just handled, e.g. `sak:psu-2-19:vedtak`. */
  readonly steg: string;
}

export interface DemoResult {
  readonly total: number;
  /** Events recorded by this load (0 when the demo was already loaded). */
  readonly recordedEvents: number;
  /** Steps that had been loaded before and recorded nothing new. */
  readonly alreadyLoaded: number;
}

/**
 * Loads the demo helsefellesskap ({@link DEMO_STEG}) through the command path, so every event has full
 * metadata (actor, command id, correlation and causation, effective date from the papers, recorded now).
 * Idempotent: each step's command id is `demo:<key>`, so loading again records nothing new.
 */
@Injectable()
export class DemoLoader {
  /** The meeting steps go the way a request does (numbers from the bodies' numbering). */
  private readonly moeter: MoeteService;

  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(SakslisteService) private readonly saksliste: SakslisteService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Optional() @Inject(SQL_CLIENT) sql?: SqlClient,
  ) {
    this.moeter = new MoeteService(path, clock);
    // The documents (demo-dokumenter.ts) need the document store, in the same database.
    this.dokumenter = sql ? new DokumentService(path, clock, sql, this.moeter, store) : undefined;
  }

  private readonly dokumenter: DokumentService | undefined;

  /** True when the store holds no events at all (the demo is loaded automatically only then). */
  async storeIsEmpty(): Promise<boolean> {
    return (await this.store.readAll({ fromPosition: START, maxCount: 1 })).length === 0;
  }

  async load(onProgress?: (p: DemoProgress) => void): Promise<DemoResult> {
    let recordedEvents = 0;
    let alreadyLoaded = 0;
    let done = 0;
    const dokumenter = this.dokumenter ? DEMO_DOKUMENTER : [];
    const total = ALLE_STEG.length + dokumenter.length;
    const telle = (result: CommandResult, noekkel: string) => {
      if (result.replayed || result.events.length === 0) alreadyLoaded++;
      else recordedEvents += result.events.length;
      onProgress?.({ done: ++done, total, steg: noekkel });
    };
    // A document is uploaded just before the step that names it (as a user uploads the file, then sends the hearing); the others after the saker.
    const foerSteg = new Map<string, DemoDokument[]>();
    for (const d of dokumenter) if (d.foer !== undefined) foerSteg.set(d.foer, [...(foerSteg.get(d.foer) ?? []), d]);
    const forrige = new Map<string, string>();
    for (const steg of ALLE_STEG) {
      for (const d of foerSteg.get(steg.noekkel) ?? []) telle(await this.lastOpp(d), d.noekkel);
      const commandId = `demo:${steg.noekkel}`;
      const causationId = forrige.get(steg.historie) ?? commandId;
      forrige.set(steg.historie, commandId);
      telle(await this.utfoer(steg, { commandId, correlationId: `demo:${steg.historie}`, causationId }), steg.noekkel);
    }
    const kjente = new Set(ALLE_STEG.map((s) => s.noekkel));
    for (const d of dokumenter) if (d.foer === undefined || !kjente.has(d.foer)) telle(await this.lastOpp(d), d.noekkel);
    return { total, recordedEvents, alreadyLoaded };
  }

  /** A demo document, uploaded through the document service as a user's upload would be. */
  private async lastOpp(d: DemoDokument): Promise<CommandResult> {
    const commandId = `demo:${d.noekkel}`;
    const innhold = await demoDokumentInnhold(d);
    return this.dokumenter!.utfoer({
      aggregateId: d.dokumentId,
      steg: 'RegistrerDokument',
      data: { ...d.data, dokumentId: d.dokumentId },
      fil: { innhold: (async function* () { yield innhold; })(), filnavn: d.filnavn },
      aktoer: d.aktoer,
      commandId,
      correlationId: `demo:${d.historie}`,
      causationId: commandId,
    });
  }

  private async utfoer(steg: DemoSteg | DemoMoetesteg | DemoAvvikssteg, ids: { commandId: string; correlationId: string; causationId: string }): Promise<CommandResult> {
    switch (steg.art) {
      case 'organ':
        return this.path.execute(organDecider, { aggregateId: steg.command.data.organId, command: steg.command, aktoer: steg.aktoer, ...ids });
      case 'part':
        return this.path.execute(korrespondansepartDecider, { aggregateId: steg.command.data.partId, command: steg.command, aktoer: steg.aktoer, ...ids });
      case 'sak':
        return this.path.execute(sakDecider, { aggregateId: steg.sakId, command: steg.command, aktoer: steg.aktoer, ...ids });
      case 'saksliste':
        return this.saksliste.settPaaSaksliste({
          sakId: steg.sakId,
          organIder: steg.organIder,
          moetedato: steg.moetedato,
          ...(steg.moetested ? { moetested: steg.moetested } : {}),
          sakslistepunktId: steg.sakslistepunktId,
          gjelderFra: steg.moetedato,
          aktoer: steg.aktoer,
          ...ids,
        });
      case 'moete':
        return this.moeter.utfoer({ aggregateId: steg.moeteId, steg: steg.steg, data: steg.data, aktoer: steg.aktoer, ...ids });
      case 'avvik':
        return this.path.execute(avvikDecider, { aggregateId: steg.avvikId, command: { type: steg.steg, data: steg.data } as never, aktoer: steg.aktoer, ...ids });
      case 'forbedringssak': {
        const r = await new AvvikService(this.path).aapneForbedringssak({ avvikIder: steg.avvikIder, tittel: steg.tittel, beskrivelse: steg.beskrivelse, aktoer: steg.aktoer, commandId: ids.commandId, correlationId: ids.correlationId });
        return { ...r.sak, events: [...r.sak.events, ...r.lenker.flatMap((l) => l.events)], replayed: r.sak.replayed && r.lenker.every((l) => l.replayed) };
      }
      default:
        return assertNever(steg, 'demo step');
    }
  }
}
