/**
 * The notifications' durable tables in the read-model database (PGlite or PostgreSQL, through the
 * store port's SQL access):
 *
 * - `varsling_utboks`: the outbox, one row per (fact, recipient, channel) — UNIQUE, so a replay of the
 *   log or a reminder computed again never adds a second row. Its id (derived from that key) is the
 *   e-mail's Message-ID and the webhook's `webhook-id`, so a receiver can de-duplicate a resend.
 * - `varsling_strommer`: the dispatcher's own folded state of each sak, meeting and body (the
 *   organisation on the effective date, the titles), kept in the same transaction as its checkpoint.
 * - `varsling_frister`: the open deadlines the reminders are computed from.
 * - `varsling_innstillinger`: per person: e-mail address, immediately or daily digest, opt-outs.
 */
import { createHash } from 'node:crypto';
import type { SqlClient } from '@saksgang/event-store';

export const VARSELARTER = [
  'bestilling_mottatt',
  'oppdrag_mottatt',
  'leveranse_godtatt',
  'leveranse_returnert',
  'innkalling',
  'moete_flyttet',
  'moete_avlyst',
  'protokoll_til_godkjenning',
  'til_oppfoelging',
  'frist_naermer_seg',
  'frist_passert',
  'oppfoelging_forfalt',
  'hoeringssvar_mangler',
] as const;
export type Varselart = (typeof VARSELARTER)[number];

/** What each kind is called where a person reads it (the settings page, the outbox). */
export const VARSELART_NAVN: Readonly<Record<Varselart, string>> = {
  bestilling_mottatt: 'Bestilling mottatt',
  oppdrag_mottatt: 'Oppdrag mottatt',
  leveranse_godtatt: 'Leveranse godtatt',
  leveranse_returnert: 'Leveranse sendt tilbake',
  innkalling: 'Innkalling til møte',
  moete_flyttet: 'Møte flyttet',
  moete_avlyst: 'Møte avlyst',
  protokoll_til_godkjenning: 'Protokoll klar til godkjenning',
  til_oppfoelging: 'Vedtak sendt til oppfølging',
  frist_naermer_seg: 'Frist nærmer seg',
  frist_passert: 'Frist passert',
  oppfoelging_forfalt: 'Oppfølgingsrapport forfalt',
  hoeringssvar_mangler: 'Høringssvar mangler',
};

export const KANALER = ['epost', 'webhook'] as const;
export type Kanal = (typeof KANALER)[number];

/**
 * `venter`: to be sent (or kept: no SMTP server configured); `samles`: waiting for the person's daily
 * digest; `sendt`; `doed`: a dead letter after the last attempt; `kansellert`: the deadline moved or
 * closed before the reminder went; `avmeldt`: the person opted out of the kind; `uten_adresse`: no
 * e-mail address known for the person.
 */
export const UTBOKSSTATUSER = ['venter', 'samles', 'sendt', 'doed', 'kansellert', 'avmeldt', 'uten_adresse'] as const;
export type Utboksstatus = (typeof UTBOKSSTATUSER)[number];

export const UTBOKSSTATUS_NAVN: Readonly<Record<Utboksstatus, string>> = {
  venter: 'Venter på sending',
  samles: 'Kommer i daglig oppsummering',
  sendt: 'Sendt',
  doed: 'Kunne ikke sendes',
  kansellert: 'Kansellert (fristen er endret eller lukket)',
  avmeldt: 'Ikke sendt (du har meldt deg av)',
  uten_adresse: 'Ikke sendt (ingen e-postadresse)',
};

/** A notification to be written to the outbox. */
export interface NyttVarsel {
  readonly faktaId: string;
  readonly mottaker: string;
  readonly kanal: Kanal;
  readonly art: Varselart;
  readonly personId?: string;
  readonly mottakernavn?: string;
  readonly sakId?: string;
  readonly moeteId?: string;
  readonly fristId?: string;
  readonly frist?: string;
  readonly emne: string;
  readonly tekst: string;
  readonly html: string;
  readonly lenke: string;
  readonly ics?: string;
  readonly payload?: Record<string, unknown>;
  readonly opprettet: Date;
}

export interface UtboksRad extends NyttVarsel {
  readonly id: string;
  readonly status: Utboksstatus;
  readonly forsoek: number;
  readonly nesteForsoek: Date;
  readonly sisteFeil: string | null;
  readonly sendt: Date | null;
  readonly samlevarselId: string | null;
}

/** The outbox id of (fact, recipient, channel): 32 hex digits of SHA-256, stable across replays and instances. */
export function utboksId(faktaId: string, mottaker: string, kanal: Kanal): string {
  return createHash('sha256').update(`${faktaId}\u0000${mottaker}\u0000${kanal}`).digest('hex').slice(0, 32);
}

export async function opprettTabeller(sql: SqlClient): Promise<void> {
  await sql.exec(`
    CREATE TABLE IF NOT EXISTS varsling_utboks (
      id             text PRIMARY KEY,
      fakta_id       text NOT NULL,
      mottaker       text NOT NULL,
      kanal          text NOT NULL,
      art            text NOT NULL,
      person_id      text,
      mottakernavn   text,
      sak_id         text,
      moete_id       text,
      frist_id       text,
      frist          text,
      emne           text NOT NULL,
      tekst          text NOT NULL,
      html           text NOT NULL,
      lenke          text NOT NULL,
      ics            text,
      payload        jsonb,
      status         text NOT NULL DEFAULT 'venter',
      forsoek        integer NOT NULL DEFAULT 0,
      neste_forsoek  timestamptz NOT NULL,
      siste_feil     text,
      opprettet      timestamptz NOT NULL,
      sendt          timestamptz,
      samlevarsel_id text,
      UNIQUE (fakta_id, mottaker, kanal)
    );
    CREATE INDEX IF NOT EXISTS varsling_utboks_venter ON varsling_utboks (status, neste_forsoek);
    CREATE INDEX IF NOT EXISTS varsling_utboks_person ON varsling_utboks (person_id, opprettet);
    CREATE INDEX IF NOT EXISTS varsling_utboks_frist ON varsling_utboks (frist_id);
    CREATE TABLE IF NOT EXISTS varsling_strommer (
      stroem   text PRIMARY KEY,
      tilstand jsonb NOT NULL
    );
    CREATE TABLE IF NOT EXISTS varsling_frister (
      frist_id text PRIMARY KEY,
      art      text NOT NULL,
      sak_id   text NOT NULL,
      organ_id text NOT NULL,
      frist    text NOT NULL,
      aapen    boolean NOT NULL,
      beskrivelse text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS varsling_innstillinger (
      person_id text PRIMARY KEY,
      epost     text,
      modus     text NOT NULL DEFAULT 'straks',
      avmeldt   jsonb NOT NULL DEFAULT '[]'::jsonb,
      endret    timestamptz NOT NULL DEFAULT now(),
      siste_samlevarsel text
    )`);
}

/** Writes the notifications; those already there (same fact, recipient and channel) are left as they are. Returns how many were new. */
/** (A new row is due at once, whatever the clock: `neste_forsoek` starts at the epoch.) */
export async function leggIUtboks(sql: SqlClient, varsler: readonly NyttVarsel[]): Promise<number> {
  let nye = 0;
  for (const v of varsler) {
    const { rows } = await sql.query(
      `INSERT INTO varsling_utboks (id, fakta_id, mottaker, kanal, art, person_id, mottakernavn, sak_id, moete_id, frist_id, frist, emne, tekst, html, lenke, ics, payload, neste_forsoek, opprettet)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17::jsonb,to_timestamp(0),$18)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        utboksId(v.faktaId, v.mottaker, v.kanal),
        v.faktaId,
        v.mottaker,
        v.kanal,
        v.art,
        v.personId ?? null,
        v.mottakernavn ?? null,
        v.sakId ?? null,
        v.moeteId ?? null,
        v.fristId ?? null,
        v.frist ?? null,
        v.emne,
        v.tekst,
        v.html,
        v.lenke,
        v.ics ?? null,
        v.payload ? JSON.stringify(v.payload) : null,
        v.opprettet.toISOString(),
      ],
    );
    nye += rows.length;
  }
  return nye;
}

const KOLONNER = `id, fakta_id, mottaker, kanal, art, person_id, mottakernavn, sak_id, moete_id, frist_id, frist, emne, tekst, html, lenke, ics, payload, status, forsoek, neste_forsoek, siste_feil, opprettet, sendt, samlevarsel_id`;

function somDato(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

function tilRad(r: Record<string, unknown>): UtboksRad {
  const valgfri = (k: string) => (r[k] === null || r[k] === undefined ? undefined : String(r[k]));
  const payload = r['payload'];
  return {
    id: String(r['id']),
    faktaId: String(r['fakta_id']),
    mottaker: String(r['mottaker']),
    kanal: String(r['kanal']) as Kanal,
    art: String(r['art']) as Varselart,
    ...(valgfri('person_id') ? { personId: valgfri('person_id')! } : {}),
    ...(valgfri('mottakernavn') ? { mottakernavn: valgfri('mottakernavn')! } : {}),
    ...(valgfri('sak_id') ? { sakId: valgfri('sak_id')! } : {}),
    ...(valgfri('moete_id') ? { moeteId: valgfri('moete_id')! } : {}),
    ...(valgfri('frist_id') ? { fristId: valgfri('frist_id')! } : {}),
    ...(valgfri('frist') ? { frist: valgfri('frist')! } : {}),
    emne: String(r['emne']),
    tekst: String(r['tekst']),
    html: String(r['html']),
    lenke: String(r['lenke']),
    ...(valgfri('ics') ? { ics: valgfri('ics')! } : {}),
    ...(payload ? { payload: (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown> } : {}),
    status: String(r['status']) as Utboksstatus,
    forsoek: Number(r['forsoek']),
    nesteForsoek: somDato(r['neste_forsoek']),
    sisteFeil: valgfri('siste_feil') ?? null,
    opprettet: somDato(r['opprettet']),
    sendt: r['sendt'] ? somDato(r['sendt']) : null,
    samlevarselId: valgfri('samlevarsel_id') ?? null,
  };
}

export interface Utboksfilter {
  readonly personId?: string;
  readonly status?: Utboksstatus;
  readonly kanal?: Kanal;
  readonly grense?: number;
}

export async function hentUtboks(sql: SqlClient, filter: Utboksfilter = {}): Promise<UtboksRad[]> {
  const vilkaar: string[] = [];
  const params: unknown[] = [];
  if (filter.personId !== undefined) {
    params.push(filter.personId);
    vilkaar.push(`person_id = $${params.length}`);
  }
  if (filter.status !== undefined) {
    params.push(filter.status);
    vilkaar.push(`status = $${params.length}`);
  }
  if (filter.kanal !== undefined) {
    params.push(filter.kanal);
    vilkaar.push(`kanal = $${params.length}`);
  }
  params.push(filter.grense ?? 200);
  const { rows } = await sql.query(
    `SELECT ${KOLONNER} FROM varsling_utboks ${vilkaar.length ? `WHERE ${vilkaar.join(' AND ')}` : ''} ORDER BY opprettet DESC, id LIMIT $${params.length}`,
    params,
  );
  return rows.map(tilRad);
}

export async function hentVarsel(sql: SqlClient, id: string): Promise<UtboksRad | undefined> {
  const { rows } = await sql.query(`SELECT ${KOLONNER} FROM varsling_utboks WHERE id = $1`, [id]);
  return rows[0] ? tilRad(rows[0]) : undefined;
}

/** The notifications due now, oldest first. */
export async function forfalte(sql: SqlClient, naa: Date, grense: number, kanaler: readonly Kanal[] = KANALER): Promise<UtboksRad[]> {
  const { rows } = await sql.query(
    `SELECT ${KOLONNER} FROM varsling_utboks WHERE status = 'venter' AND neste_forsoek <= $1 AND kanal = ANY($3::text[]) ORDER BY neste_forsoek, opprettet, id LIMIT $2`,
    [naa.toISOString(), grense, [...kanaler]],
  );
  return rows.map(tilRad);
}

export async function settStatus(sql: SqlClient, ider: readonly string[], endring: { status: Utboksstatus; forsoek?: number; nesteForsoek?: Date; sisteFeil?: string | null; sendt?: Date; samlevarselId?: string }): Promise<void> {
  if (ider.length === 0) return;
  await sql.query(
    `UPDATE varsling_utboks SET status = $2,
        forsoek = COALESCE($3, forsoek),
        neste_forsoek = COALESCE($4::timestamptz, neste_forsoek),
        siste_feil = CASE WHEN $5::boolean THEN $6 ELSE siste_feil END,
        sendt = COALESCE($7::timestamptz, sendt),
        samlevarsel_id = COALESCE($8, samlevarsel_id)
      WHERE id = ANY($1::text[])`,
    [
      [...ider],
      endring.status,
      endring.forsoek ?? null,
      endring.nesteForsoek?.toISOString() ?? null,
      endring.sisteFeil !== undefined,
      endring.sisteFeil ?? null,
      endring.sendt?.toISOString() ?? null,
      endring.samlevarselId ?? null,
    ],
  );
}

/** Cancels the reminders still waiting for a deadline that moved (to another date) or closed (`frist` undefined). */
export async function kansellerPaaminnelser(sql: SqlClient, fristId: string, gjeldendeFrist: string | undefined): Promise<void> {
  await sql.query(
    `UPDATE varsling_utboks SET status = 'kansellert' WHERE frist_id = $1 AND status IN ('venter', 'samles') AND ($2::text IS NULL OR frist <> $2)`,
    [fristId, gjeldendeFrist ?? null],
  );
}

// ---------- per person ----------

export const VARSLINGSMODUSER = ['straks', 'daglig'] as const;
export type Varslingsmodus = (typeof VARSLINGSMODUSER)[number];

export interface Varslingsinnstillinger {
  readonly personId: string;
  readonly epost: string | null;
  readonly modus: Varslingsmodus;
  readonly avmeldt: readonly Varselart[];
}

export async function hentInnstillinger(sql: SqlClient, personId: string): Promise<Varslingsinnstillinger> {
  const { rows } = await sql.query(`SELECT person_id, epost, modus, avmeldt FROM varsling_innstillinger WHERE person_id = $1`, [personId]);
  const r = rows[0];
  if (!r) return { personId, epost: null, modus: 'straks', avmeldt: [] };
  const avmeldt = typeof r['avmeldt'] === 'string' ? JSON.parse(r['avmeldt']) : r['avmeldt'];
  return { personId, epost: r['epost'] === null ? null : String(r['epost']), modus: String(r['modus']) as Varslingsmodus, avmeldt: (avmeldt ?? []) as Varselart[] };
}

/** The day (Oslo) of the person's last daily digest, if any. */
export async function sisteSamlevarsel(sql: SqlClient, personId: string): Promise<string | undefined> {
  const { rows } = await sql.query(`SELECT siste_samlevarsel FROM varsling_innstillinger WHERE person_id = $1`, [personId]);
  const v = rows[0]?.['siste_samlevarsel'];
  return v === null || v === undefined ? undefined : String(v);
}

export async function settSisteSamlevarsel(sql: SqlClient, personId: string, dag: string): Promise<void> {
  await sql.query(`UPDATE varsling_innstillinger SET siste_samlevarsel = $2 WHERE person_id = $1`, [personId, dag]);
}

export async function lagreInnstillinger(sql: SqlClient, i: Varslingsinnstillinger): Promise<void> {
  await sql.query(
    `INSERT INTO varsling_innstillinger (person_id, epost, modus, avmeldt, endret) VALUES ($1, $2, $3, $4::jsonb, now())
     ON CONFLICT (person_id) DO UPDATE SET epost = EXCLUDED.epost, modus = EXCLUDED.modus, avmeldt = EXCLUDED.avmeldt, endret = now()`,
    [i.personId, i.epost, i.modus, JSON.stringify(i.avmeldt)],
  );
}
