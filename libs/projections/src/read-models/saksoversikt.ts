import { aarAv, posisjonEtter, type SakEvent, type SakFase } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { dropTables, moetesaksnummerTekst, SAK_HENDELSESTYPER, type SakHendelse, somSakHendelse, valgfri } from './felles.js';

/**
 * One row per sak for lists, filters and full-text search (PostgreSQL's `norwegian` text search
 * configuration, which PGlite has too; plus ILIKE on the title for partial words).
 */
export class SaksoversiktProjection implements Projection {
  readonly name = 'saksoversikt';
  /**
   * 2: applied per batch in memory (RowBatch); `organer` sorted by code point on every backend.
   * 3: `antall_skjerminger`, the exemptions in force (the saker a public search must treat apart).
   */
  readonly version = 3;
  readonly eventTypes = SAK_HENDELSESTYPER;
  readonly tables = TABELLER.map((t) => t.table);

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS saksoversikt (
        sak_id                  text PRIMARY KEY,
        tittel                  text NOT NULL,
        beskrivelse             text NOT NULL,
        sakstype                text NOT NULL,
        innmeldt_av             text NOT NULL,
        fase                    text NOT NULL,
        ansvarlig_organ_id      text,
        siste_innstilling_organ text,
        saksnumre               jsonb NOT NULL DEFAULT '{}',
        moetesaksnumre          text[] NOT NULL DEFAULT '{}',
        organer                 text[] NOT NULL DEFAULT '{}',
        aapne_oppfoelginger     integer NOT NULL DEFAULT 0,
        registrert              text NOT NULL,
        registrert_aar          integer NOT NULL,
        sist_endret             text NOT NULL,
        siste_hendelse          text NOT NULL,
        antall_hendelser        integer NOT NULL DEFAULT 1,
        antall_skjerminger      integer NOT NULL DEFAULT 0,
        sok tsvector GENERATED ALWAYS AS (
          to_tsvector('norwegian', tittel || ' ' || beskrivelse || ' ' || coalesce(saksnumre::text, ''))
        ) STORED
      );
      CREATE INDEX IF NOT EXISTS saksoversikt_sok ON saksoversikt USING gin (sok);
      CREATE INDEX IF NOT EXISTS saksoversikt_organer ON saksoversikt USING gin (organer);
      CREATE INDEX IF NOT EXISTS saksoversikt_fase ON saksoversikt (fase)`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['saksoversikt']);
  }

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somSakHendelse, (h) => h.sakId, (h, rader) => anvend(h, rader));
  }
}

/** A row of `saksoversikt` as stored (the generated `sok` column aside). */
interface SaksoversiktRad {
  sak_id: string;
  tittel: string;
  beskrivelse: string;
  sakstype: string;
  innmeldt_av: string;
  fase: SakFase;
  ansvarlig_organ_id: string | null;
  siste_innstilling_organ: string | null;
  saksnumre: Record<string, string>;
  moetesaksnumre: string[];
  organer: string[];
  aapne_oppfoelginger: number;
  registrert: string;
  registrert_aar: number;
  sist_endret: string;
  siste_hendelse: string;
  antall_hendelser: number;
  antall_skjerminger: number;
}

const SAKSOVERSIKT: TableSpec<SaksoversiktRad> = {
  table: 'saksoversikt',
  kind: 'grouped',
  key: ['sak_id'],
  groupColumn: 'sak_id',
  columns: [
    'sak_id', 'tittel', 'beskrivelse', 'sakstype', 'innmeldt_av', 'fase', 'ansvarlig_organ_id', 'siste_innstilling_organ', 'saksnumre',
    'moetesaksnumre', 'organer', 'aapne_oppfoelginger', 'registrert', 'registrert_aar', 'sist_endret', 'siste_hendelse', 'antall_hendelser',
    'antall_skjerminger',
  ],
};
const TABELLER = [SAKSOVERSIKT] as const;

/** Every body involved, once each, sorted. */
function medOrganer(rad: SaksoversiktRad, ids: readonly string[]): void {
  rad.organer = [...new Set([...rad.organer, ...ids])].sort();
}

function anvend(h: SakHendelse, rader: RowBatch): void {
  const ev: SakEvent = h.event;
  const sakId = h.sakId;
  if (ev.type === 'SakRegistrert') {
    const d = ev.data;
    rader.insert(SAKSOVERSIKT, {
      sak_id: sakId,
      tittel: d.tittel,
      beskrivelse: d.beskrivelse,
      sakstype: d.sakstype,
      innmeldt_av: d.innmeldtAv,
      fase: 'registrert',
      ansvarlig_organ_id: null,
      siste_innstilling_organ: null,
      saksnumre: d.saksnummer ? { [d.innmeldtAv]: d.saksnummer } : {},
      moetesaksnumre: [],
      organer: [d.innmeldtAv],
      aapne_oppfoelginger: 0,
      registrert: h.gjelderFra,
      registrert_aar: aarAv(h.gjelderFra),
      sist_endret: h.gjelderFra,
      siste_hendelse: ev.type,
      antall_hendelser: 1,
      antall_skjerminger: 0,
    });
    return;
  }
  const rad = rader.require(SAKSOVERSIKT, { sak_id: sakId }, `Sak ${sakId} is not in the saksoversikt (was SakRegistrert missed?).`);
  // Where the sak stands after the step — the phase and the body responsible — from the domain, not restated here.
  const etter = posisjonEtter(
    { fase: rad.fase, ansvarligOrganId: rad.ansvarlig_organ_id ?? undefined, sisteInnstillingOrgan: rad.siste_innstilling_organ ?? undefined, innmeldtAv: rad.innmeldt_av, aapneOppfoelginger: rad.aapne_oppfoelginger },
    ev,
  );
  rad.fase = etter.fase;
  rad.ansvarlig_organ_id = etter.ansvarligOrganId ?? null;
  rad.siste_innstilling_organ = etter.sisteInnstillingOrgan ?? null;
  rad.aapne_oppfoelginger = etter.aapneOppfoelginger;
  switch (ev.type) {
    case 'NivaaTildelt':
      medOrganer(rad, [ev.data.organId]);
      break;
    case 'UtredningBestilt':
      medOrganer(rad, [ev.data.bestiltAv, ev.data.tilOrganId]);
      break;
    case 'VedtakFattet':
      if (ev.data.bestilling) medOrganer(rad, [ev.data.bestilling.bestiltAv, ev.data.bestilling.tilOrganId]);
      break;
    case 'BestillingMottatt':
      if (ev.data.saksnummer !== undefined) rad.saksnumre = { ...rad.saksnumre, [ev.data.organId]: ev.data.saksnummer };
      break;
    case 'OppdragDelegert':
      medOrganer(rad, [ev.data.fraOrganId, ev.data.tilOrganId]);
      break;
    case 'InnstillingAvgitt':
      medOrganer(rad, [ev.data.organId]);
      break;
    case 'SattPaaSaksliste':
      medOrganer(rad, ev.data.organer.map((o) => o.organId));
      rad.moetesaksnumre = [...rad.moetesaksnumre, ...ev.data.organer.map(moetesaksnummerTekst)];
      break;
    case 'SendtTilOppfoelging':
      medOrganer(rad, [ev.data.tilOrganId]);
      break;
    case 'OpplysningKorrigert': {
      const d = ev.data;
      if (d.hendelsestype === 'SakRegistrert' && (d.felt === 'tittel' || d.felt === 'beskrivelse') && typeof d.nyVerdi === 'string') rad[d.felt] = d.nyVerdi;
      break;
    }
    case 'SkjermingMarkert':
      rad.antall_skjerminger += 1;
      break;
    case 'SkjermingOpphevet':
      rad.antall_skjerminger = Math.max(0, rad.antall_skjerminger - 1);
      break;
    default:
      break; // the other steps (any new step declared `uendret`) leave the overview as it is
  }
  rad.sist_endret = h.gjelderFra;
  rad.siste_hendelse = ev.type;
  rad.antall_hendelser += 1;
}

export interface SakIOversikt {
  readonly sakId: string;
  readonly tittel: string;
  readonly beskrivelse: string;
  readonly sakstype: string;
  readonly innmeldtAv: string;
  readonly fase: SakFase;
  readonly ansvarligOrganId: string | null;
  readonly saksnumre: Readonly<Record<string, string>>;
  readonly moetesaksnumre: readonly string[];
  /** Every body involved in the sak. */
  readonly organer: readonly string[];
  readonly registrert: string;
  readonly sistEndret: string;
  readonly sisteHendelse: string;
  /** Relevance of a text search (0 without one). */
  readonly treff: number;
}

/**
 * The public values of a sak's searchable fields, for a reader who may not read what is exempt: the
 * search matches on these and returns these instead of the stored ones (libs/domain skjerming-kopier.ts
 * decides what they are; the stored row keeps the full values, which members of the bodies that handled
 * the sak, the sekretariat and auditors may search).
 */
export interface OffentligeSoekeverdier {
  readonly sakId: string;
  readonly tittel: string;
  readonly beskrivelse: string;
  readonly saksnumre: Readonly<Record<string, string>>;
}

export interface SaksoversiktFilter {
  readonly sakId?: string;
  /** Full text (Norwegian stemming: «utredninger» finds «utredning»), or part of the title. */
  readonly tekst?: string;
  readonly fase?: SakFase | readonly SakFase[];
  /** Saker this body is involved in. */
  readonly organId?: string;
  /**
   * Saker whose responsible body (`ansvarligOrganId`) is at this level (politisk, administrativt,
   * faglig). Joins the `organer` read model (`organ_register`), which must be set up.
   */
  readonly nivaa?: string;
  readonly sakstype?: string;
  /** Year of registration. */
  readonly aar?: number;
  /** true: only open saker (not avsluttet/trukket); false: only closed. */
  readonly aapen?: boolean;
  readonly limit?: number;
  readonly offset?: number;
  /** For these saker, match and show the public values instead of the stored ones (see {@link OffentligeSoekeverdier}). */
  readonly offentlig?: readonly OffentligeSoekeverdier[];
}

export interface SaksoversiktSide {
  readonly totalt: number;
  readonly saker: readonly SakIOversikt[];
}

/** Lists saker by filter; with `tekst`, best hits first, else the latest changed first. */
export async function sokSaker(sql: SqlClient, filter: SaksoversiktFilter = {}): Promise<SaksoversiktSide> {
  const vilkaar: string[] = [];
  const p: unknown[] = [];
  const param = (v: unknown): string => {
    p.push(v);
    return `$${p.length}`;
  };
  // The saker whose public values stand in for the stored ones: the same columns, from a join.
  let fra = 'saksoversikt';
  if (filter.offentlig && filter.offentlig.length > 0) {
    const o = param(JSON.stringify(filter.offentlig.map((x) => ({ sak_id: x.sakId, tittel: x.tittel, beskrivelse: x.beskrivelse, saksnumre: x.saksnumre }))));
    const velg = (kolonne: string) => `CASE WHEN o.sak_id IS NULL THEN s.${kolonne} ELSE o.${kolonne} END AS ${kolonne}`;
    fra = `(SELECT s.sak_id, ${velg('tittel')}, ${velg('beskrivelse')}, ${velg('saksnumre')}, s.sakstype, s.innmeldt_av, s.fase, s.ansvarlig_organ_id,
                   s.moetesaksnumre, s.organer, s.registrert, s.registrert_aar, s.sist_endret, s.siste_hendelse,
                   CASE WHEN o.sak_id IS NULL THEN s.sok
                        ELSE to_tsvector('norwegian', o.tittel || ' ' || o.beskrivelse || ' ' || coalesce(o.saksnumre::text, '')) END AS sok
              FROM saksoversikt s
              LEFT JOIN json_to_recordset(${o}::json) AS o(sak_id text, tittel text, beskrivelse text, saksnumre jsonb) ON o.sak_id = s.sak_id) AS saksoversikt`;
  }
  const tekst = filter.tekst?.trim();
  let treff = '0';
  if (tekst) {
    const q = param(tekst);
    const like = param(`%${tekst.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    vilkaar.push(`(sok @@ websearch_to_tsquery('norwegian', ${q}) OR tittel ILIKE ${like})`);
    treff = `ts_rank(sok, websearch_to_tsquery('norwegian', ${q}))`;
  }
  if (filter.sakId !== undefined) vilkaar.push(`sak_id = ${param(filter.sakId)}`);
  if (filter.fase !== undefined) vilkaar.push(`fase = ANY(${param(typeof filter.fase === 'string' ? [filter.fase] : [...filter.fase])}::text[])`);
  if (filter.organId !== undefined) vilkaar.push(`${param(filter.organId)} = ANY(organer)`);
  if (filter.nivaa !== undefined) {
    vilkaar.push(`EXISTS (SELECT 1 FROM organ_register o WHERE o.organ_id = saksoversikt.ansvarlig_organ_id AND o.nivaa = ${param(filter.nivaa)})`);
  }
  if (filter.sakstype !== undefined) vilkaar.push(`sakstype = ${param(filter.sakstype)}`);
  if (filter.aar !== undefined) vilkaar.push(`registrert_aar = ${param(filter.aar)}`);
  if (filter.aapen !== undefined) vilkaar.push(`${filter.aapen ? '' : 'NOT '}(fase NOT IN ('avsluttet', 'trukket'))`);
  const where = vilkaar.length > 0 ? `WHERE ${vilkaar.join(' AND ')}` : '';
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const offset = Math.max(filter.offset ?? 0, 0);
  const total = await sql.query(`SELECT count(*)::int AS n FROM ${fra} ${where}`, p);
  const { rows } = await sql.query(
    `SELECT sak_id, tittel, beskrivelse, sakstype, innmeldt_av, fase, ansvarlig_organ_id, saksnumre, moetesaksnumre, organer,
            registrert, sist_endret, siste_hendelse, ${treff} AS treff
       FROM ${fra} ${where}
      ORDER BY treff DESC, sist_endret DESC, sak_id
      LIMIT ${limit} OFFSET ${offset}`,
    p,
  );
  return {
    totalt: Number(total.rows[0]?.['n'] ?? 0),
    saker: rows.map((r) => ({
      sakId: String(r['sak_id']),
      tittel: String(r['tittel']),
      beskrivelse: String(r['beskrivelse']),
      sakstype: String(r['sakstype']),
      innmeldtAv: String(r['innmeldt_av']),
      fase: String(r['fase']) as SakFase,
      ansvarligOrganId: valgfri(r['ansvarlig_organ_id']),
      saksnumre: (typeof r['saksnumre'] === 'string' ? JSON.parse(r['saksnumre']) : r['saksnumre']) as Record<string, string>,
      moetesaksnumre: (r['moetesaksnumre'] as string[]) ?? [],
      organer: (r['organer'] as string[]) ?? [],
      registrert: String(r['registrert']),
      sistEndret: String(r['sist_endret']),
      sisteHendelse: String(r['siste_hendelse']),
      treff: Number(r['treff']),
    })),
  };
}

/** The saker with an exemption in force: the ones whose stored values a public search may not use as they are. */
export async function sakerMedSkjerming(sql: SqlClient): Promise<string[]> {
  const { rows } = await sql.query(`SELECT sak_id FROM saksoversikt WHERE antall_skjerminger > 0 ORDER BY sak_id`);
  return rows.map((r) => String(r['sak_id']));
}

/** One sak's row, or undefined. */
export async function hentSakIOversikt(sql: SqlClient, sakId: string): Promise<SakIOversikt | undefined> {
  return (await sokSaker(sql, { sakId, limit: 1 })).saker[0];
}
