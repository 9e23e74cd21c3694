import { aarAv, assertNever, type SakEvent, type SakFase } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, moetesaksnummerTekst, SAK_HENDELSESTYPER, somSakHendelse, valgfri } from './felles.js';

/**
 * One row per sak for lists, filters and full-text search (PostgreSQL's `norwegian` text search
 * configuration, which PGlite has too; plus ILIKE on the title for partial words).
 */
export class SaksoversiktProjection implements Projection {
  readonly name = 'saksoversikt';
  readonly version = 1;
  readonly eventTypes = SAK_HENDELSESTYPER;

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

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somSakHendelse(e);
    if (!h) return;
    const ev: SakEvent = h.event;
    const sakId = h.sakId;
    if (ev.type === 'SakRegistrert') {
      const d = ev.data;
      await tx.query(
        `INSERT INTO saksoversikt (sak_id, tittel, beskrivelse, sakstype, innmeldt_av, fase, saksnumre, organer, registrert, registrert_aar, sist_endret, siste_hendelse)
         VALUES ($1, $2, $3, $4, $5, 'registrert', $6, $7, $8, $9, $8, $10)`,
        [sakId, d.tittel, d.beskrivelse, d.sakstype, d.innmeldtAv, JSON.stringify(d.saksnummer ? { [d.innmeldtAv]: d.saksnummer } : {}), [d.innmeldtAv], h.gjelderFra, aarAv(h.gjelderFra), ev.type],
      );
      return;
    }
    const sett: string[] = [];
    const verdier: unknown[] = [];
    const set = (kolonne: string, verdi: unknown, uttrykk?: (p: string) => string): void => {
      verdier.push(verdi);
      const p = `$${verdier.length + 3}`;
      sett.push(`${kolonne} = ${uttrykk ? uttrykk(p) : p}`);
    };
    const fase = (f: SakFase) => set('fase', f);
    const organer = (ids: readonly string[]) =>
      set('organer', ids, (p) => `ARRAY(SELECT DISTINCT x FROM unnest(organer || ${p}::text[]) AS x ORDER BY x)`);

    switch (ev.type) {
      case 'NivaaTildelt':
        fase('tildelt');
        set('ansvarlig_organ_id', ev.data.organId);
        organer([ev.data.organId]);
        break;
      case 'UtredningBestilt':
        fase('bestilt');
        organer([ev.data.bestiltAv, ev.data.tilOrganId]);
        break;
      case 'BestillingMottatt':
        fase('under_utredning');
        set('ansvarlig_organ_id', ev.data.organId);
        if (ev.data.saksnummer !== undefined) set('saksnumre', JSON.stringify({ [ev.data.organId]: ev.data.saksnummer }), (p) => `saksnumre || ${p}::jsonb`);
        break;
      case 'OppdragDelegert':
        fase('under_utredning');
        organer([ev.data.fraOrganId, ev.data.tilOrganId]);
        break;
      case 'OppdragAkseptert':
      case 'UtsattFristBedt':
      case 'UtsattFristInnvilget':
      case 'UtsattFristAvslaatt':
      case 'OppdragLevert':
      case 'LeveranseGodtatt':
      case 'LeveranseReturnert':
      case 'OppfoelgingRapportert':
        break;
      case 'InnstillingAvgitt':
        fase('innstilling_avgitt');
        set('siste_innstilling_organ', ev.data.organId);
        organer([ev.data.organId]);
        break;
      case 'SattPaaSaksliste':
        fase('paa_saksliste');
        organer(ev.data.organer.map((o) => o.organId));
        set('moetesaksnumre', ev.data.organer.map(moetesaksnummerTekst), (p) => `moetesaksnumre || ${p}::text[]`);
        break;
      case 'VedtakFattet':
        switch (ev.data.vedtaksutfall) {
          case 'vedtatt':
          case 'tatt_til_orientering':
            fase('vedtak_fattet');
            break;
          case 'utsatt':
            fase('utsatt');
            break;
          case 'sendt_tilbake':
            fase('under_utredning');
            // Back to the previous level, as the domain does: the body of the innstilling, else the one responsible, else the one that brought it.
            sett.push(`ansvarlig_organ_id = coalesce(siste_innstilling_organ, ansvarlig_organ_id, innmeldt_av)`);
            break;
          case 'avvist':
            fase('avvist');
            break;
          default:
            assertNever(ev.data.vedtaksutfall, 'vedtaksutfall');
        }
        break;
      case 'SendtTilOppfoelging':
        fase('til_oppfoelging');
        sett.push('aapne_oppfoelginger = aapne_oppfoelginger + 1');
        organer([ev.data.tilOrganId]);
        break;
      case 'OppfoelgingFullfoert':
        sett.push('aapne_oppfoelginger = aapne_oppfoelginger - 1');
        sett.push(`fase = CASE WHEN aapne_oppfoelginger - 1 = 0 THEN 'oppfoelging_fullfoert' ELSE fase END`);
        break;
      case 'SakAvsluttet':
        fase('avsluttet');
        break;
      case 'SakTrukket':
        fase('trukket');
        break;
      case 'SakGjenaapnet':
        fase('registrert');
        break;
      case 'OpplysningKorrigert': {
        const d = ev.data;
        if (d.hendelsestype === 'SakRegistrert' && (d.felt === 'tittel' || d.felt === 'beskrivelse') && typeof d.nyVerdi === 'string') set(d.felt, d.nyVerdi);
        break;
      }
      default:
        assertNever(ev, 'sak event');
    }
    sett.push('sist_endret = $2', 'siste_hendelse = $3', 'antall_hendelser = antall_hendelser + 1');
    const { rows } = await tx.query(`UPDATE saksoversikt SET ${sett.join(', ')} WHERE sak_id = $1 RETURNING sak_id`, [sakId, h.gjelderFra, ev.type, ...verdier]);
    if (rows.length !== 1) throw new Error(`Sak ${sakId} is not in the saksoversikt (was SakRegistrert missed?).`);
  }
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
  const total = await sql.query(`SELECT count(*)::int AS n FROM saksoversikt ${where}`, p);
  const { rows } = await sql.query(
    `SELECT sak_id, tittel, beskrivelse, sakstype, innmeldt_av, fase, ansvarlig_organ_id, saksnumre, moetesaksnumre, organer,
            registrert, sist_endret, siste_hendelse, ${treff} AS treff
       FROM saksoversikt ${where}
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

/** One sak's row, or undefined. */
export async function hentSakIOversikt(sql: SqlClient, sakId: string): Promise<SakIOversikt | undefined> {
  return (await sokSaker(sql, { sakId, limit: 1 })).saker[0];
}
