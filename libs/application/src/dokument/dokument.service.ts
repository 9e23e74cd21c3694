import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ActorNotAllowedError,
  type Aktoer,
  type Dokument,
  type DokumentCommand,
  dokumentDecider,
  type DokumentEvent,
  type DokumentStegType,
  gjeldendeVersjon,
  hoeringer,
  InvalidCommandError,
  moeteDecider,
  NotFoundError,
  type Sak,
  sakDecider,
  sakIdFor,
  sjekkTilknytning,
  tilknytningFra,
  type Tilknytning,
  type DokumentKommandoer,
} from '@saksgang/domain';
import { type EventStore, ForStortInnholdError, SqlDokumentlager, type SqlClient } from '@saksgang/event-store';
import { innsyn, innsynsorganer, type Leser, norskDato, organerSomHarBehandlet } from '../auth/innsyn.js';
import { CLOCK, type Clock } from '../clock.js';
import { type CommandEnvelope, CommandPath, type CommandResult, type OrganLoader } from '../command-path/command-path.js';
import { eventStoreOrganLoader } from '../command-path/organ-loader.js';
import { MoeteService } from '../moete/moete.service.js';
import { EVENT_STORE, SQL_CLIENT } from '../tokens.js';
import { dokumentMaksBytes } from './dokument-config.js';
import { filnavnFor, Innholdskontroll } from './innholdskontroll.js';

/** The upload was not one of the allowed formats (HTTP 415). */
export class DokumentformatIkkeTillattError extends Error {
  readonly field = 'fil';
  constructor(readonly grunn: string) {
    super(grunn);
    this.name = 'DokumentformatIkkeTillattError';
  }
}

/** The upload was larger than the limit (HTTP 413). */
export class DokumentForStortError extends Error {
  readonly field = 'fil';
  constructor(readonly maksBytes: number) {
    super(`Filen er større enn grensen på ${maksBytes} byte (${(maksBytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB).`);
    this.name = 'DokumentForStortError';
  }
}

/** The upload's body broke off or was not well-formed while the file streamed (HTTP 400). */
export class OpplastingAvbruttError extends Error {
  readonly field = 'fil';
  constructor(cause: unknown) {
    super('Filen kom ikke fram hel: forespørselen ble avbrutt eller er ikke gyldig multipart/form-data.', { cause });
    this.name = 'OpplastingAvbruttError';
  }
}

/** The file of an upload: its bytes as they arrive and the name the client gave. */
export interface Opplastingsfil {
  readonly innhold: AsyncIterable<Uint8Array>;
  readonly filnavn?: string;
}

export interface DokumentstegInput extends Omit<CommandEnvelope<DokumentCommand>, 'command'> {
  readonly steg: DokumentStegType;
  /** The request's fields (the step's `body` fields, and `dokumentId` for the first step). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The file, for the steps that upload one. */
  readonly fil?: Opplastingsfil;
}

/** A document as a reader may see it. */
export interface DokumentView {
  readonly dokumentId: string;
  readonly revision: string;
  readonly dokument: Dokument;
  /** The reader sees it because …; `offentlig`: it is not exempt. */
  readonly innsyn: 'full' | 'offentlig';
}

const OPPLASTINGSSTEG: readonly DokumentStegType[] = ['RegistrerDokument', 'LeggTilDokumentversjon'];

/**
 * Documents: the upload streams the bytes into the storage port (size limit while streaming, format
 * told from the content), then records the step through the one command path with the checksum; a
 * refused step removes the bytes again, so a refused request records nothing. Reading is authorised
 * like reading what the document belongs to: a sak's documents as the sak (an exempt document only
 * for those who may read the sak's exempt version), a meeting item's as the meeting.
 */
@Injectable()
export class DokumentService implements OnApplicationBootstrap {
  readonly lager: SqlDokumentlager;
  readonly maksBytes: number;
  private readonly organLoader: OrganLoader;

  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(MoeteService) private readonly moeter: MoeteService,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.organLoader = eventStoreOrganLoader(store);
    this.lager = new SqlDokumentlager(sql);
    this.maksBytes = dokumentMaksBytes();
  }

  /** At start: what uploads that crashed mid-stream left in the store (contents without a checksum, older than a day) is removed. */
  async onApplicationBootstrap(): Promise<void> {
    const fjernet = await this.lager.ryddUferdige();
    if (fjernet > 0) new Logger('DokumentService').log(`Fjernet ${fjernet} uferdige opplastinger (uten sjekksum, eldre enn ett døgn) fra dokumentlageret.`);
  }

  /** The bodies tied to what a document is attached to, after checking that it exists (404 otherwise). */
  async tilknyttedeOrganer(t: Tilknytning): Promise<string[]> {
    if (t.type === 'moetepunkt') {
      const m = (await this.path.load(moeteDecider, t.moeteId)).state;
      if (!m) throw new NotFoundError('moete_ikke_funnet', `Møtet ${t.moeteId} finnes ikke.`);
      if (!m.punkter.some((p) => p.punktId === t.punktId)) throw new NotFoundError('punkt_ikke_funnet', `Møtet ${m.moetedato} har ikke noe sakslistepunkt ${t.punktId}.`);
      return [...m.organIder];
    }
    const sak = (await this.path.load(sakDecider, t.sakId)).state;
    if (!sak) throw new NotFoundError('sak_ikke_funnet', `Saken ${t.sakId} finnes ikke.`);
    if (t.type === 'leveranse') {
      const o = sak.oppdrag.find((x) => x.oppdragId === t.oppdragId);
      if (!o) throw new NotFoundError('oppdrag_ikke_funnet', `Saken «${sak.tittel}» har ikke noe oppdrag ${t.oppdragId}.`);
      return [...new Set([o.tilOrganId, o.fraOrganId])];
    }
    if (t.type === 'hoeringssvar') {
      // A hearing answer's document belongs to a hearing of this sak, from a party it was sent to.
      const h = hoeringer(sak).find((x) => x.hoeringId === t.hoeringId);
      if (!h) throw new NotFoundError('hoering_ikke_funnet', `Saken «${sak.tittel}» har ingen høring ${t.hoeringId}.`);
      if (!h.mottakere?.includes(t.partId)) throw new NotFoundError('ikke_hoeringsinstans', `Parten ${t.partId} er ikke blant høringsinstansene for høringen ${t.hoeringId}.`);
    }
    return organerSomHarBehandlet(sak);
  }

  async utfoer(input: DokumentstegInput): Promise<CommandResult<DokumentEvent>> {
    let tilknytning: Tilknytning;
    if (input.steg === 'RegistrerDokument') {
      // The reference's own fields first (a meeting item names moeteId and punktId, …): 400 naming the field.
      sjekkTilknytning(input.data as unknown as DokumentKommandoer['RegistrerDokument']);
      tilknytning = tilknytningFra(input.data as unknown as DokumentKommandoer['RegistrerDokument']);
    } else {
      const d = (await this.path.load(dokumentDecider, input.aggregateId)).state;
      if (!d) throw new NotFoundError('dokument_ikke_funnet', `Dokumentet ${input.aggregateId} finnes ikke.`);
      tilknytning = d.tilknytning;
    }
    const tilknyttedeOrganer = await this.tilknyttedeOrganer(tilknytning);
    const medOrganer = { ...input.data, tilknyttedeOrganer };
    if (!OPPLASTINGSSTEG.includes(input.steg)) return this.path.execute(dokumentDecider, this.envelope(input, medOrganer));

    // 1. Would the step be taken (who acts, the fields, the status)? Asked before a byte is read.
    const proeve = await this.path.dryRun(dokumentDecider, this.envelope(input, { ...medOrganer, format: 'txt', mimeType: 'text/plain', filnavn: 'proeve.txt', filstoerrelse: 1, sjekksum: '0'.repeat(64), lagringsId: 'proeve' }));
    if (proeve.replayed) {
      // The same Idempotency-Key again (its fields were compared by the fingerprint): the first answer, if it is the same file.
      if (input.fil) await this.sammeFilSomFoer(proeve.events, await this.sjekksumAv(input.fil.innhold));
      return this.path.execute(dokumentDecider, this.envelope(input, medOrganer));
    }
    if (!input.fil) throw new DokumentformatIkkeTillattError('Forespørselen har ingen fil (feltet «fil»).');

    // 2. The bytes into the store, with the limit and the format checked as they pass.
    const kontroll = new Innholdskontroll();
    const sett = async function* (kilde: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
      const it = kilde[Symbol.asyncIterator]();
      for (;;) {
        let neste: IteratorResult<Uint8Array>;
        try {
          neste = await it.next();
        } catch (e) {
          throw new OpplastingAvbruttError(e);
        }
        if (neste.done) return;
        kontroll.observer(neste.value);
        yield neste.value;
      }
    };
    let lagret;
    try {
      lagret = await this.lager.put(sett(input.fil.innhold), { maksBytes: this.maksBytes });
    } catch (e) {
      if (e instanceof ForStortInnholdError) throw new DokumentForStortError(this.maksBytes);
      throw e;
    }
    try {
      const funn = await kontroll.funn();
      if (!funn.tillatt) throw new DokumentformatIkkeTillattError(funn.grunn);
      // 3. The step with the content's checksum.
      const result = await this.path.execute(
        dokumentDecider,
        this.envelope(input, {
          ...medOrganer,
          format: funn.format,
          ...(funn.formatDetaljer ? { formatDetaljer: funn.formatDetaljer } : {}),
          mimeType: funn.mimeType,
          filnavn: filnavnFor(input.fil.filnavn, funn.format),
          filstoerrelse: lagret.size,
          sjekksum: lagret.sha256,
          lagringsId: lagret.lagringsId,
        }),
      );
      if (result.replayed) {
        // The same key raced in from another request: these bytes are not kept; a different file is refused.
        await this.lager.delete(lagret.lagringsId);
        await this.sammeFilSomFoer(result.events, lagret.sha256);
      }
      return result;
    } catch (e) {
      await this.lager.delete(lagret.lagringsId).catch(() => undefined);
      throw e;
    }
  }

  /** SHA-256 of a retried upload's file, read to its end without keeping it (at most the size limit). */
  private async sjekksumAv(innhold: AsyncIterable<Uint8Array>): Promise<string | undefined> {
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const del of innhold) {
        size += del.byteLength;
        if (size > this.maksBytes) return undefined; // larger than any stored file: not the same
        hash.update(del);
      }
    } catch (e) {
      throw new OpplastingAvbruttError(e);
    }
    return hash.digest('hex');
  }

  /** Refuses a retry with the same Idempotency-Key and another file than the one recorded (422, as for another JSON body). */
  private async sammeFilSomFoer(foer: readonly DokumentEvent[], sjekksum: string | undefined): Promise<void> {
    const objekt = (foer[0]?.data as { dokumentobjekt?: { sjekksum?: string; filnavn?: string } } | undefined)?.dokumentobjekt;
    if (objekt?.sjekksum === undefined || objekt.sjekksum === sjekksum) return;
    throw new InvalidCommandError(
      'idempotency_key_reused',
      `Denne Idempotency-Key er allerede brukt for en opplasting med en annen fil («${objekt.filnavn ?? 'filen'}»). Send en ny nøkkel for en ny opplasting; send den samme filen på nytt for å få det første svaret.`,
    );
  }

  /**
   * One document, if the reader may read it: a meeting item's as the meeting is read (the sekretariat,
   * the bodies holding it, revisor); a sak's by anyone who may read the sak — an exempt one only by
   * those who may read the sak's exempt version (revisor, the sekretariat, the members of a body
   * that handled the sak), never by the public.
   */
  async hent(dokumentId: string, leser: Leser | undefined, aktoer?: Aktoer): Promise<DokumentView> {
    const loaded = await this.path.load(dokumentDecider, dokumentId);
    const d = loaded.state;
    if (loaded.revision === 'no_stream' || d === null) throw new NotFoundError('dokument_ikke_funnet', `Dokumentet ${dokumentId} finnes ikke.`);
    const full = await this.fullInnsyn(d, leser, aktoer);
    if (d.skjermingshjemmel !== undefined && !full) {
      throw new ActorNotAllowedError('dokument_skjermet', `Dokumentet er unntatt offentlighet (${d.skjermingshjemmel}); det leses bare av dem som kan lese sakens skjermede opplysninger.`);
    }
    return { dokumentId, revision: loaded.revision.toString(), dokument: d, innsyn: full ? 'full' : 'offentlig' };
  }

  /** The documents of a sak the reader may read (exempt ones only with full access), oldest first. */
  async forSak(sakId: string, dokumentIder: readonly string[], leser: Leser | undefined): Promise<DokumentView[]> {
    const sak = (await this.path.load(sakDecider, sakId)).state;
    if (!sak) throw new NotFoundError('sak_ikke_funnet', `Saken ${sakId} finnes ikke.`);
    const full = await this.sakInnsyn(sak, leser);
    const ut: DokumentView[] = [];
    for (const id of dokumentIder) {
      const l = await this.path.load(dokumentDecider, id);
      const d = l.state;
      if (!d || sakIdFor(d.tilknytning) !== sakId) continue;
      if (d.skjermingshjemmel !== undefined && !full) continue;
      ut.push({ dokumentId: id, revision: l.revision.toString(), dokument: d, innsyn: full ? 'full' : 'offentlig' });
    }
    return ut;
  }

  /** The bytes of a version (default: the current one) of a document the reader may read. */
  async innhold(dokumentId: string, versjon: number | undefined, leser: Leser | undefined, aktoer?: Aktoer): Promise<{ readonly view: DokumentView; readonly objekt: Dokument['versjoner'][number]; readonly bytes: AsyncIterable<Uint8Array> }> {
    const view = await this.hent(dokumentId, leser, aktoer);
    const objekt = versjon === undefined ? gjeldendeVersjon(view.dokument) : view.dokument.versjoner.find((v) => v.versjonsnummer === versjon);
    if (!objekt) throw new NotFoundError('versjon_ikke_funnet', `Dokumentet «${view.dokument.tittel}» har ingen versjon ${versjon}; det har ${view.dokument.versjoner.length}.`);
    return { view, objekt, bytes: this.lager.get(objekt.lagringsId) };
  }

  private async fullInnsyn(d: Dokument, leser: Leser | undefined, aktoer?: Aktoer): Promise<boolean> {
    const t = d.tilknytning;
    if (t.type === 'moetepunkt') {
      // A meeting is read by the sekretariat, its bodies and revisor (MoeteService refuses everyone else).
      await this.moeter.hent(t.moeteId, leser, aktoer);
      return true;
    }
    const sak = (await this.path.load(sakDecider, t.sakId)).state;
    if (!sak) throw new NotFoundError('sak_ikke_funnet', `Saken ${t.sakId} finnes ikke.`);
    return this.sakInnsyn(sak, leser);
  }

  private async sakInnsyn(sak: Sak, leser: Leser | undefined): Promise<boolean> {
    const ider = innsynsorganer(leser, [sak]);
    const organ = ider.length > 0 ? await this.organLoader(ider) : () => undefined;
    return innsyn(leser, sak, organ, norskDato(this.clock.now())).full;
  }

  private envelope(input: DokumentstegInput, data: Readonly<Record<string, unknown>>): CommandEnvelope<DokumentCommand> {
    const { steg, data: _d, fil: _f, ...rest } = input;
    return { ...rest, command: { type: steg, data } as unknown as DokumentCommand };
  }
}
