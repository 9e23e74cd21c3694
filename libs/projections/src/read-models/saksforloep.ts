import { assertNever, formaterMoetesaksnummer, norskDato as dato, oppdragsstatusEtter, type Oppdragsstatus, rollenavn, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { JsonDokument } from './json-dokument.js';
import { hentPersonnavn } from './organer.js';
import { dropTables, moetesaksnummerTekst, SAK_HENDELSESTYPER, type SakHendelse, somSakHendelse, valgfri } from './felles.js';

/**
 * The journey of a sak across levels: one row per step, in the sak's order, with the acting body,
 * person and role, the bodies the step went to, both times, and the oppdrag a step belongs to.
 */
export class SaksforloepProjection implements Projection {
  readonly name = 'saksforloep';
  /** 3: written per batch (RowBatch); each step stored as ready JSON, keyed by (sak, revisjon). */
  /** 4: bodies named in the sentences (resolved when read), dates as Norwegians write them. */
  readonly version = 4;
  readonly eventTypes = SAK_HENDELSESTYPER;
  readonly tables = TABELLER.map((t) => t.table);

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS saksforloep_sak (
        sak_id      text PRIMARY KEY,
        tittel      text NOT NULL,
        sakstype    text NOT NULL,
        innmeldt_av text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS saksforloep_steg (
        sak_id          text NOT NULL,
        revisjon        integer NOT NULL,
        event_id        uuid NOT NULL,
        organ_id        text NOT NULL,
        oppdrag_id      text,
        -- The step as JSON (SaksforloepSteg without organNavn, nivaa and organSaksnummer, which are
        -- joined when read, since a body's name and case number may come later than the step).
        steg            text NOT NULL,
        PRIMARY KEY (sak_id, revisjon)
      );
      CREATE TABLE IF NOT EXISTS saksforloep_saksnummer (
        sak_id     text NOT NULL,
        organ_id   text NOT NULL,
        saksnummer text NOT NULL,
        PRIMARY KEY (sak_id, organ_id)
      );
      CREATE TABLE IF NOT EXISTS saksforloep_oppdrag (
        sak_id       text NOT NULL,
        oppdrag_id   text NOT NULL,
        fra_organ_id text NOT NULL,
        til_organ_id text NOT NULL,
        mandat       text NOT NULL,
        frist        date NOT NULL,
        status       text NOT NULL,
        delegert     text NOT NULL,
        PRIMARY KEY (sak_id, oppdrag_id)
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['saksforloep_steg', 'saksforloep_sak', 'saksforloep_saksnummer', 'saksforloep_oppdrag']);
  }

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somSakHendelse, (h) => h.sakId, projiser);
  }
}

/** One step of a sak into the rows: the side tables, and the step's row. */
function projiser(h: SakHendelse, rader: RowBatch): void {
  const { til, oppdragId, beskrivelse, moetesaksnumre, moete } = anvend(h, rader);
  const steg: LagretStegJson = {
    eventId: h.eventId,
    revisjon: h.revisjon,
    hendelsestype: h.event.type,
    organId: h.utfoertAv.organId,
    tilOrganIder: til,
    oppdragId: oppdragId ?? null,
    personId: h.utfoertAv.personId,
    rolle: h.utfoertAv.rolle,
    gjelderFra: h.gjelderFra,
    registrert: new Date(h.registrert).toISOString(),
    beskrivelse,
    moetesaksnumre: moetesaksnumre ?? [],
    // Only for a step from a recorded meeting: earlier steps read back as they were.
    ...(moete ? { moete } : {}),
  };
  rader.append(STEG, {
    sak_id: h.sakId,
    revisjon: h.revisjon,
    event_id: h.eventId,
    organ_id: h.utfoertAv.organId,
    oppdrag_id: oppdragId ?? null,
    steg: JSON.stringify(steg),
  });
}

/**
 * The journey of one sak made in memory from the given events, by the projection's own code (the same
 * rows, steps and texts as the read model) — for the public version of the saksforløp, made at read
 * time from the sak's public events (libs/domain skjerming-kopier.ts `offentligeHendelser` with
 * placeholders), so no exempt value or copy of one reaches a text. `organer` gives the bodies' names
 * and levels. Undefined when the events hold no registration.
 */
export function saksforloepFraHendelser(
  hendelser: readonly SakHendelse[],
  organer: ReadonlyMap<string, { readonly navn: string | null; readonly nivaa: string | null }>,
  personer: ReadonlyMap<string, string> = new Map(),
): Saksforloep | undefined {
  const sakId = hendelser[0]?.sakId;
  if (sakId === undefined) return undefined;
  const rader = RowBatch.inMemory(TABELLER, [sakId]);
  for (const h of hendelser) projiser(h, rader);
  const sak = rader.get(SAK, { sak_id: sakId });
  if (!sak) return undefined;
  const saksnumre = Object.fromEntries(
    rader
      .rowsOf(SAKSNUMMER, sakId)
      .map((r) => [r.organ_id, r.saksnummer] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const steg = rader
    .appendedRows(STEG)
    .sort((a, b) => a.revisjon - b.revisjon)
    .map((r): SaksforloepSteg => {
      const o = organer.get(r.organ_id);
      const lagret = JSON.parse(medNavn(r.steg, (id) => organer.get(id)?.navn, true)) as LagretStegJson;
      return {
        organNavn: o?.navn ?? null,
        nivaa: o?.nivaa ?? null,
        organSaksnummer: saksnumre[r.organ_id] ?? null,
        personNavn: personer.get(lagret.personId) ?? null,
        rollenavn: rollenavn(lagret.rolle),
        ...lagret,
      };
    });
  const oppdrag = rader
    .rowsOf(OPPDRAG, sakId)
    .sort((a, b) => (a.delegert < b.delegert ? -1 : a.delegert > b.delegert ? 1 : a.oppdrag_id < b.oppdrag_id ? -1 : a.oppdrag_id > b.oppdrag_id ? 1 : 0))
    .map((o): OppdragForloep => ({
      oppdragId: o.oppdrag_id,
      fraOrganId: o.fra_organ_id,
      tilOrganId: o.til_organ_id,
      mandat: o.mandat,
      frist: o.frist,
      status: o.status,
      delegert: o.delegert,
      steg: steg.filter((s) => s.oppdragId === o.oppdrag_id),
    }));
  const navngitte = new Set(steg.flatMap((x) => [x.organId, ...x.tilOrganIder]));
  const organerIForloepet = Object.fromEntries(
    [...navngitte].sort().flatMap((id) => {
      const o = organer.get(id);
      return o?.navn && o.nivaa ? [[id, { navn: o.navn, nivaa: o.nivaa }] as const] : [];
    }),
  );
  return { sakId, tittel: sak.tittel, sakstype: sak.sakstype, innmeldtAv: sak.innmeldt_av, saksnumre, steg, oppdrag, organer: organerIForloepet };
}

interface SakRad {
  sak_id: string;
  tittel: string;
  sakstype: string;
  innmeldt_av: string;
}
interface SaksnummerRad {
  sak_id: string;
  organ_id: string;
  saksnummer: string;
}
interface OppdragRad {
  sak_id: string;
  oppdrag_id: string;
  fra_organ_id: string;
  til_organ_id: string;
  mandat: string;
  frist: string;
  status: string;
  delegert: string;
}
interface StegRad {
  sak_id: string;
  revisjon: number;
  event_id: string;
  organ_id: string;
  oppdrag_id: string | null;
  steg: string;
}

const SAK: TableSpec<SakRad> = { table: 'saksforloep_sak', kind: 'grouped', key: ['sak_id'], groupColumn: 'sak_id', columns: ['sak_id', 'tittel', 'sakstype', 'innmeldt_av'] };
const SAKSNUMMER: TableSpec<SaksnummerRad> = {
  table: 'saksforloep_saksnummer',
  kind: 'grouped',
  key: ['sak_id', 'organ_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'organ_id', 'saksnummer'],
};
const OPPDRAG: TableSpec<OppdragRad> = {
  table: 'saksforloep_oppdrag',
  kind: 'grouped',
  key: ['sak_id', 'oppdrag_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'oppdrag_id', 'fra_organ_id', 'til_organ_id', 'mandat', 'frist', 'status', 'delegert'],
};
/** Steps are only ever added: never loaded, a step applied twice fails on its key. */
const STEG: TableSpec<StegRad> = {
  table: 'saksforloep_steg',
  kind: 'append',
  key: ['sak_id', 'revisjon'],
  columns: ['sak_id', 'revisjon', 'event_id', 'organ_id', 'oppdrag_id', 'steg'],
};
const TABELLER = [SAK, SAKSNUMMER, OPPDRAG, STEG] as const;

/**
 * A body named in a sentence: stored as a mark and resolved to the body's name when the journey is read
 * ({@link medNavn}), since a body's name may come to the read model later than the step and may change.
 */
const org = (organId: string): string => `⟦o:${organId}⟧`;
const ORGAN_I_TEKST = /⟦o:([^⟧]*)⟧/g;

/** The marks of {@link org} in a text (or in a step's stored JSON) replaced by the bodies' names. */
export function medNavn(tekst: string, navn: (organId: string) => string | null | undefined, json = false): string {
  return tekst.replace(ORGAN_I_TEKST, (_, id: string) => {
    const n = navn(id) ?? id;
    return json ? JSON.stringify(n).slice(1, -1) : n;
  });
}


/** Updates the side tables and says where the step went and how to describe it. */
function anvend(h: SakHendelse, rader: RowBatch): { til: string[]; oppdragId?: string; beskrivelse: string; moetesaksnumre?: string[]; moete?: MoeteGrunnlag } {
  const ev: SakEvent = h.event;
  const sakId = h.sakId;
  const oppdrag = (id: string): OppdragRad =>
    rader.require(OPPDRAG, { sak_id: sakId, oppdrag_id: id }, `Oppdrag ${id} of sak ${sakId} is not known to the saksforløp (was OppdragDelegert missed?).`);
  /** An oppdrag's status after this step, as the domain says (`oppdragsstatusEtter`). */
  const nyStatus = (o: OppdragRad): void => {
    o.status = oppdragsstatusEtter(ev, { oppdragId: o.oppdrag_id, status: o.status as Oppdragsstatus }) ?? o.status;
  };
  const saksnummer = (organId: string, nr: string) => rader.put(SAKSNUMMER, { sak_id: sakId, organ_id: organId, saksnummer: nr });
  switch (ev.type) {
    case 'SakRegistrert': {
      const d = ev.data;
      rader.insert(SAK, { sak_id: sakId, tittel: d.tittel, sakstype: d.sakstype, innmeldt_av: d.innmeldtAv });
      if (d.saksnummer !== undefined) saksnummer(d.innmeldtAv, d.saksnummer);
      return { til: [], beskrivelse: `Saken «${d.tittel}» registrert (${d.sakstype}), meldt inn av ${org(d.innmeldtAv)}${d.innmeldtFra ? ` (kommer fra ${d.innmeldtFraNavn ?? d.innmeldtFra})` : ''}` };
    }
    case 'NivaaTildelt':
      return { til: [ev.data.organId], beskrivelse: `Tildelt ${org(ev.data.organId)} (${ev.data.nivaa} nivå)` };
    case 'UtredningBestilt':
      return { til: [ev.data.tilOrganId], beskrivelse: `Utredning bestilt fra ${org(ev.data.tilOrganId)}, frist ${dato(ev.data.frist)}` };
    case 'BestillingMottatt':
      if (ev.data.saksnummer !== undefined) saksnummer(ev.data.organId, ev.data.saksnummer);
      return { til: [], beskrivelse: `Bestillingen mottatt av ${org(ev.data.organId)}${ev.data.saksnummer ? `, saksnummer ${ev.data.saksnummer}` : ''}` };
    case 'OppdragDelegert': {
      const d = ev.data;
      rader.insert(OPPDRAG, { sak_id: sakId, oppdrag_id: d.oppdragId, fra_organ_id: d.fraOrganId, til_organ_id: d.tilOrganId, mandat: d.mandat, frist: d.frist, status: oppdragsstatusEtter(ev, { oppdragId: d.oppdragId })!, delegert: h.gjelderFra });
      const ansvarlige = d.ansvarlige?.length ? `; ansvarlige: ${d.ansvarlige.join(', ')}` : '';
      return { til: [d.tilOrganId], oppdragId: d.oppdragId, beskrivelse: `${d.etterVedtak ? 'Gjennomføringen av vedtaket delegert' : 'Oppdrag delegert'} til ${org(d.tilOrganId)}, frist ${dato(d.frist)}${ansvarlige}` };
    }
    case 'OppdragAkseptert':
      nyStatus(oppdrag(ev.data.oppdragId));
      return { til: [], oppdragId: ev.data.oppdragId, beskrivelse: `Oppdraget akseptert av ${org(ev.data.organId)}` };
    case 'UtsattFristBedt':
      return { til: [oppdrag(ev.data.oppdragId).fra_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: `Bedt om utsatt frist til ${dato(ev.data.nyFrist)}` };
    case 'UtsattFristInnvilget': {
      const o = oppdrag(ev.data.oppdragId);
      o.frist = ev.data.nyFrist;
      return { til: [o.til_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: `Utsatt frist innvilget: ${dato(ev.data.tidligereFrist)} → ${dato(ev.data.nyFrist)}` };
    }
    case 'UtsattFristAvslaatt':
      return { til: [oppdrag(ev.data.oppdragId).til_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: 'Utsatt frist avslått' };
    case 'OppdragLevert': {
      const o = oppdrag(ev.data.oppdragId);
      nyStatus(o);
      return { til: [o.fra_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: `Oppdraget levert til ${org(o.fra_organ_id)}` };
    }
    case 'LeveranseGodtatt': {
      const o = oppdrag(ev.data.oppdragId);
      nyStatus(o);
      return { til: [o.til_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: 'Leveransen godtatt' };
    }
    case 'LeveranseReturnert': {
      const o = oppdrag(ev.data.oppdragId);
      nyStatus(o);
      if (ev.data.nyFrist !== undefined) o.frist = ev.data.nyFrist;
      return { til: [o.til_organ_id], oppdragId: ev.data.oppdragId, beskrivelse: `Leveransen returnert${ev.data.nyFrist ? `, ny frist ${dato(ev.data.nyFrist)}` : ''}` };
    }
    case 'InnstillingAvgitt':
      return { til: [], beskrivelse: `Innstilling avgitt av ${org(ev.data.organId)}` };
    case 'SattPaaSaksliste': {
      const numre = ev.data.organer.map(moetesaksnummerTekst);
      return {
        til: ev.data.organer.map((o) => o.organId),
        beskrivelse: `Satt på sakslisten til møtet ${dato(ev.data.moetedato)}: ${ev.data.organer.map((m) => `sak ${formaterMoetesaksnummer(m.moetesakssekvensnummer, m.moetesaksaar)} i ${org(m.organId)}`).join(', ')}`,
        moetesaksnumre: numre,
      };
    }
    case 'VedtakFattet': {
      const d = ev.data;
      // A decision that itself orders an investigation: one step, drawn to the body it orders from too.
      const bestilling = d.bestilling ? ` — utredning bestilt fra ${org(d.bestilling.tilOrganId)}, frist ${dato(d.bestilling.frist)}` : '';
      const til = d.bestilling ? [...d.organIder, d.bestilling.tilOrganId] : d.organIder;
      if (d.moeteId === undefined) return { til, beskrivelse: `Vedtak (${d.vedtaksutfall.replaceAll('_', ' ')}) i møtet ${dato(d.moetedato)}: ${d.vedtakstekst}${bestilling}` };
      // A meeting's decision: its basis and text, in the lane of every body that made it.
      const referanse = d.moetereferanse ?? `møtet ${d.moetedato}`;
      return {
        til,
        beskrivelse: `Vedtak i ${referanse} (${d.vedtaksutfall.replaceAll('_', ' ')}): ${d.vedtakstekst}${bestilling}`,
        moete: { moeteId: d.moeteId, referanse, organIder: [...d.organIder] },
      };
    }
    case 'SendtTilOppfoelging':
      return { til: [ev.data.tilOrganId], beskrivelse: `Sendt til oppfølging hos ${org(ev.data.tilOrganId)}, frist ${dato(ev.data.frist)}` };
    case 'OppfoelgingRapportert':
      return { til: [], beskrivelse: 'Oppfølgingen rapportert' };
    case 'OppfoelgingFullfoert':
      return { til: [], beskrivelse: 'Oppfølgingen meldt fullført' };
    case 'SakAvsluttet':
      return { til: [], beskrivelse: `Saken avsluttet${ev.data.avskrivningsmaate ? ` (${ev.data.avskrivningsmaate})` : ''}` };
    case 'SakTrukket':
      for (const o of rader.rowsOf(OPPDRAG, sakId)) nyStatus(o);
      return { til: [], beskrivelse: `Saken trukket: ${ev.data.begrunnelse}` };
    case 'SakGjenaapnet':
      return { til: [], beskrivelse: `Saken gjenåpnet: ${ev.data.begrunnelse}` };
    case 'OpplysningKorrigert': {
      const d = ev.data;
      if (d.hendelsestype === 'SakRegistrert' && d.felt === 'tittel' && typeof d.nyVerdi === 'string') {
        const sak = rader.get(SAK, { sak_id: sakId });
        if (sak) sak.tittel = d.nyVerdi;
      }
      return {
        til: [],
        beskrivelse: `Rettet ${d.felt} i hendelse nr. ${d.hendelsesnummer} (${d.hendelsestype}): ${JSON.stringify(d.gammelVerdi)} → ${JSON.stringify(d.nyVerdi)}`,
      };
    }
    case 'SkjermingMarkert':
      return { til: [], beskrivelse: `Opplysninger unntatt fra offentlighet (${ev.data.skjerming.skjermingshjemmel})` };
    case 'SkjermingOpphevet':
      return { til: [], beskrivelse: 'Skjerming opphevet' };
    case 'SendtPaaHoering': {
      const d = ev.data;
      return { til: [], beskrivelse: `Sendt på høring: ${d.hoeringsutkast} — til ${d.hoeringsinstanser.join(', ')}; høringsfrist ${dato(d.hoeringsfrist)}` };
    }
    case 'HoeringssvarRegistrert': {
      const d = ev.data;
      return { til: [], beskrivelse: `Høringssvar fra ${d.partnavn}${d.etterFrist ? ' (etter høringsfristen)' : ''}${d.sammendrag ? `: ${d.sammendrag}` : ''}` };
    }
    case 'BrevSendt': {
      const d = ev.data;
      const signert = d.signatarer.map((x) => `${x.navn}, ${rollenavn(x.rolle)} i ${x.organnavn}`).join(' og ');
      return { til: [], beskrivelse: `Brev sendt til ${d.mottakernavn}: «${d.tittel}» — signert av ${signert}` };
    }
    default:
      return assertNever(ev, 'sak event');
  }
}

/** A step as stored: what is joined when read (the body's name, level and case number, the person's name, the role's name) left out. */
type LagretStegJson = Omit<SaksforloepSteg, 'organNavn' | 'nivaa' | 'organSaksnummer' | 'personNavn' | 'rollenavn'>;

export interface SaksforloepSteg {
  readonly eventId: string;
  /** The step's number in the sak's stream (from 0). */
  readonly revisjon: number;
  readonly hendelsestype: string;
  /** The acting body (the lane). */
  readonly organId: string;
  readonly organNavn: string | null;
  /** The acting body's level (politisk, administrativt, faglig), when the body is known. */
  readonly nivaa: string | null;
  /** The acting body's own case number for this sak, when it gave one. */
  readonly organSaksnummer: string | null;
  /** Bodies the step went to (a hop between levels). */
  readonly tilOrganIder: readonly string[];
  readonly oppdragId: string | null;
  readonly personId: string;
  /** The person's name (from the organisation data), when known. */
  readonly personNavn: string | null;
  readonly rolle: string;
  /** The role as a person reads it («sekretær»). */
  readonly rollenavn: string;
  /** When the step took effect (e.g. the meeting date). */
  readonly gjelderFra: string;
  /** When it was recorded. */
  readonly registrert: string;
  readonly beskrivelse: string;
  /** Agenda numbers (e.g. `psu 3/19`) when the step put the sak on an agenda. */
  readonly moetesaksnumre: readonly string[];
  /** A decision made in a recorded meeting: the meeting, its reference and the bodies that made it (a lane each). */
  readonly moete?: MoeteGrunnlag;
}

/** The meeting a decision was made in, e.g. «PSU-møte 15.02.2019, sak 2/19». */
export interface MoeteGrunnlag {
  readonly moeteId: string;
  readonly referanse: string;
  readonly organIder: readonly string[];
}

export interface OppdragForloep {
  readonly oppdragId: string;
  readonly fraOrganId: string;
  readonly tilOrganId: string;
  readonly mandat: string;
  readonly frist: string;
  readonly status: string;
  readonly delegert: string;
  readonly steg: readonly SaksforloepSteg[];
}

export interface Saksforloep {
  readonly sakId: string;
  readonly tittel: string;
  readonly sakstype: string;
  readonly innmeldtAv: string;
  /** Each body's own case number for the sak. */
  readonly saksnumre: Readonly<Record<string, string>>;
  /** Every step, in order (oppdrag steps included, marked with their `oppdragId`). */
  readonly steg: readonly SaksforloepSteg[];
  /** The delegated oppdrag, each with its own steps. */
  readonly oppdrag: readonly OppdragForloep[];
  /** Every body the journey names (acting or receiving): its name and level. */
  readonly organer: Readonly<Record<string, { readonly navn: string; readonly nivaa: string }>>;
}

/**
 * The journey of a sak as a UTF-8 JSON document (the {@link Saksforloep} shape); undefined when the
 * sak is not (yet) in the read model. Needs the `organer` projection too. Each step is stored as
 * ready JSON, so the document is put together from text straight into one buffer
 * ({@link JsonDokument}): for a sak with a thousand steps, nothing is parsed into objects and
 * serialised again, and no document-sized string is made. The HTTP endpoint sends the buffer as it is.
 */
export async function hentSaksforloepDokument(sql: SqlClient, sakId: string): Promise<Buffer | undefined> {
  // Independent reads: on a pool they run in parallel (one round trip of latency).
  const [sakRes, numreRes, organRes, steg, oppdragRes] = await Promise.all([
    sql.query(`SELECT sak_id, tittel, sakstype, innmeldt_av FROM saksforloep_sak WHERE sak_id = $1`, [sakId]),
    sql.query(`SELECT organ_id, saksnummer FROM saksforloep_saksnummer WHERE sak_id = $1 ORDER BY organ_id`, [sakId]),
    // Every body (a few dozen rows): the steps' sentences may name any of them.
    sql.query(`SELECT organ_id, navn, nivaa FROM organ_register`),
    hentSteg(sql, sakId),
    sql.query(
      `SELECT oppdrag_id, fra_organ_id, til_organ_id, mandat, frist::text AS frist, status, delegert
         FROM saksforloep_oppdrag WHERE sak_id = $1 ORDER BY delegert, oppdrag_id`,
      [sakId],
    ),
  ]);
  const sak = sakRes.rows[0];
  if (!sak) return undefined;
  const saksnumre = new Map(numreRes.rows.map((r) => [String(r['organ_id']), String(r['saksnummer'])]));
  const organer = new Map(organRes.rows.map((r) => [String(r['organ_id']), { navn: valgfri(r['navn']), nivaa: valgfri(r['nivaa']) }]));
  // Who acted, in what role, and which bodies the steps went to: read from the stored JSON without parsing it.
  const hvem = steg.map((x) => ({ personId: felt(x.json, 'personId'), rolle: felt(x.json, 'rolle') }));
  const personer = await hentPersonnavn(sql, hvem.map((h) => h.personId));
  const navngitte = new Set<string>();
  for (const x of steg) {
    navngitte.add(x.organId);
    for (const til of tilOrganIder(x.json)) navngitte.add(til);
  }
  // Each step's JSON is stored ready; only the body's name, level and case number, the person's and the role's names are put in front.
  const foran = new Map<string, string>();
  const hodeFor = (organId: string, personId: string, rolle: string): string => {
    const noekkel = `${organId}\u0000${personId}\u0000${rolle}`;
    let hode = foran.get(noekkel);
    if (hode === undefined) {
      const o = organer.get(organId);
      hode =
        `{"organNavn":${JSON.stringify(o?.navn ?? null)},"nivaa":${JSON.stringify(o?.nivaa ?? null)},"organSaksnummer":${JSON.stringify(saksnumre.get(organId) ?? null)},` +
        `"personNavn":${JSON.stringify(personer.get(personId) ?? null)},"rollenavn":${JSON.stringify(rollenavn(rolle))}`;
      foran.set(noekkel, hode);
    }
    return hode;
  };
  const indeks = new Map(steg.map((x, i) => [x, i]));
  const navnPaa = (id: string) => organer.get(id)?.navn;
  const skrivSteg = (dok: JsonDokument, utvalg: readonly LagretSteg[]): void => {
    utvalg.forEach((s, i) => {
      if (i > 0) dok.tekst(',');
      const h = hvem[indeks.get(s)!]!;
      dok.objekt(hodeFor(s.organId, h.personId, h.rolle), s.json.includes('⟦o:') ? medNavn(s.json, navnPaa, true) : s.json);
    });
  };
  const hode = JSON.stringify({
    sakId: String(sak['sak_id']),
    tittel: String(sak['tittel']),
    sakstype: String(sak['sakstype']),
    innmeldtAv: String(sak['innmeldt_av']),
    saksnumre: Object.fromEntries(saksnumre),
  });
  const dok = new JsonDokument().tekst(`${hode.slice(0, -1)},"steg":[`);
  skrivSteg(dok, steg);
  dok.tekst('],"oppdrag":[');
  oppdragRes.rows.forEach((r, i) => {
    const id = String(r['oppdrag_id']);
    const oppdragHode = JSON.stringify({
      oppdragId: id,
      fraOrganId: String(r['fra_organ_id']),
      tilOrganId: String(r['til_organ_id']),
      mandat: String(r['mandat']),
      frist: String(r['frist']),
      status: String(r['status']),
      delegert: String(r['delegert']),
    });
    dok.tekst(`${i > 0 ? ',' : ''}${oppdragHode.slice(0, -1)},"steg":[`);
    skrivSteg(dok, steg.filter((s) => s.oppdragId === id));
    dok.tekst(']}');
  });
  const organerIForloepet = Object.fromEntries(
    [...navngitte].sort().flatMap((id) => {
      const o = organer.get(id);
      return o?.navn && o.nivaa ? [[id, { navn: o.navn, nivaa: o.nivaa }] as const] : [];
    }),
  );
  return dok.tekst(`],"organer":${JSON.stringify(organerIForloepet)}}`).tilBuffer();
}

/** A string field of a stored step's JSON (written by JSON.stringify: `"navn":"verdi"`), without parsing it. */
function felt(json: string, navn: string): string {
  const m = new RegExp(`"${navn}":"((?:[^"\\\\]|\\\\.)*)"`).exec(json);
  return m ? (JSON.parse(`"${m[1]}"`) as string) : '';
}

function tilOrganIder(json: string): string[] {
  const m = /"tilOrganIder":(\[[^\]]*\])/.exec(json);
  return m ? (JSON.parse(m[1]!) as string[]) : [];
}

interface LagretSteg {
  readonly organId: string;
  readonly oppdragId: string | null;
  /** The step's stored JSON. */
  readonly json: string;
}

/**
 * The stored steps of a sak, in order. On PostgreSQL as rows: node-postgres receives rows cheaply,
 * and small strings die young. On PGlite as one aggregated row, since PGlite turns every row into
 * JS objects on the same thread as the HTTP server: for a thousand steps 1.7 ms instead of 4.3 ms,
 * and far less garbage. The steps' JSON is joined one per line (JSON.stringify never writes a line
 * break), with the bodies and oppdrag alongside as a JSON array.
 */
async function hentSteg(sql: SqlClient, sakId: string): Promise<LagretSteg[]> {
  if (sql.driver === 'pg') {
    const { rows } = await sql.query(`SELECT organ_id, oppdrag_id, steg FROM saksforloep_steg WHERE sak_id = $1 ORDER BY revisjon`, [sakId]);
    return rows.map((r) => ({ organId: String(r['organ_id']), oppdragId: valgfri(r['oppdrag_id']), json: String(r['steg']) }));
  }
  const { rows } = await sql.query(
    `SELECT json_agg(json_build_array(organ_id, oppdrag_id) ORDER BY revisjon)::text AS hvem,
            string_agg(steg, E'\\n' ORDER BY revisjon) AS steg
       FROM saksforloep_steg WHERE sak_id = $1`,
    [sakId],
  );
  const rad = rows[0];
  if (!rad || rad['hvem'] === null || rad['hvem'] === undefined) return [];
  const hvem = JSON.parse(String(rad['hvem'])) as [string, string | null][];
  const tekster = String(rad['steg']).split('\n');
  if (tekster.length !== hvem.length) throw new Error(`The saksforløp of sak ${sakId} is damaged: ${hvem.length} steps, ${tekster.length} texts.`);
  return hvem.map(([organId, oppdragId], i) => ({ organId, oppdragId, json: tekster[i]! }));
}

/** The journey of a sak; undefined when the sak is not (yet) in the read model. Needs the `organer` projection too. */
export async function hentSaksforloep(sql: SqlClient, sakId: string): Promise<Saksforloep | undefined> {
  const dokument = await hentSaksforloepDokument(sql, sakId);
  return dokument === undefined ? undefined : (JSON.parse(dokument.toString('utf8')) as Saksforloep);
}
