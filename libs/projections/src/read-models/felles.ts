import { type Aktoer, formaterMoetesaksnummer, HENDELSE_FOR_STEG, type Moetesaksnummer, type OrganEvent, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';

/** Every sak event type, in workflow order. */
export const SAK_HENDELSESTYPER: readonly string[] = [...new Set(Object.values(HENDELSE_FOR_STEG))];
const SAK_TYPER = new Set(SAK_HENDELSESTYPER);

export const ORGAN_HENDELSESTYPER: readonly OrganEvent['type'][] = [
  'OrganOpprettet',
  'OrganOmdoept',
  'OrganMandatEndret',
  'OrganNedlagt',
  'MedlemOppnevnt',
  'MedlemsperiodeAvsluttet',
];
const ORGAN_TYPER = new Set<string>(ORGAN_HENDELSESTYPER);

/** A sak event with what the store and the metadata add: its number in the stream and both times. */
export interface SakHendelse {
  readonly event: SakEvent;
  readonly eventId: string;
  readonly sakId: string;
  /** The event's number in the sak's stream (from 0): what `OpplysningKorrigert.hendelsesnummer` refers to. */
  readonly revisjon: number;
  /** When the fact took effect (the event's `gjelderFra`). */
  readonly gjelderFra: string;
  /** When saksgang recorded it (metadata `recordedAt`, else the store's time). */
  readonly registrert: string;
  readonly utfoertAv: Aktoer;
}

/** The recorded event as a sak event, or undefined when it is not one (another stream, an unknown type). */
export function somSakHendelse(e: RecordedEvent): SakHendelse | undefined {
  if (!e.streamName.startsWith('sak-') || !SAK_TYPER.has(e.type)) return undefined;
  const event = { type: e.type, data: e.data } as unknown as SakEvent;
  const meta = e.metadata as Record<string, unknown>;
  const metaActor = meta['actor'] as Aktoer | undefined;
  return {
    event,
    eventId: e.id,
    sakId: event.data.sakId,
    revisjon: Number(e.revision),
    gjelderFra: event.data.gjelderFra ?? (typeof meta['effectiveAt'] === 'string' ? meta['effectiveAt'] : e.recordedAt.toISOString()),
    registrert: typeof meta['recordedAt'] === 'string' ? meta['recordedAt'] : e.recordedAt.toISOString(),
    utfoertAv: event.data.utfoertAv ?? metaActor ?? { personId: 'ukjent', organId: 'ukjent', rolle: 'ukjent' },
  };
}

export function somOrganHendelse(e: RecordedEvent): OrganEvent | undefined {
  if (!e.streamName.startsWith('organ-') || !ORGAN_TYPER.has(e.type)) return undefined;
  return { type: e.type, data: e.data } as unknown as OrganEvent;
}

/** `psu-hnt 3/19`-style text of an agenda number (the body and its number for the year). */
export function moetesaksnummerTekst(m: Moetesaksnummer): string {
  return `${m.organId} ${formaterMoetesaksnummer(m.moetesakssekvensnummer, m.moetesaksaar)}`;
}

/** The calendar date of a date or date-time. */
export function dato(t: string): string {
  return t.slice(0, 10);
}

/** Drops tables (reset of a projection); works when they do not exist. */
export async function dropTables(tx: SqlClient, tables: readonly string[]): Promise<void> {
  for (const t of tables) await tx.exec(`DROP TABLE IF EXISTS ${t} CASCADE`);
}

/** A `date`/`text` column that may be null. */
export function valgfri(v: unknown): string | null {
  return v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** Checks a `YYYY-MM-DD` argument of a query (the "today" of frister). */
export function kreverDato(v: string, hva: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`${hva} must be a date YYYY-MM-DD, got '${v}'.`);
  return v;
}
