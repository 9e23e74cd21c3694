/**
 * Pure functions on a sak's state that the declaration, the decider and the read models share: open
 * oppdrag and who is responsible for them, the agenda item awaiting a decision, the bodies in a
 * relation to the sak, and the value of a field after corrections.
 */
import type { Korrigerbar, Oppdrag, Oppfoelging, Sak, Sakslistepunkt } from './typer.js';
import { AAPNE_OPPDRAGSSTATUSER } from './typer.js';
import type { Relasjon } from './vokabular.js';

export function erAapentOppdrag(o: Oppdrag): boolean {
  return AAPNE_OPPDRAGSSTATUSER.includes(o.status);
}

/**
 * The one body responsible for an open oppdrag now: the receiver while it works (delegert,
 * akseptert, returnert), the delegating body while a delivery awaits its assessment (levert).
 * Undefined for a closed oppdrag.
 */
export function ansvarligForOppdrag(o: Pick<Oppdrag, 'status' | 'tilOrganId' | 'fraOrganId'>): string | undefined {
  switch (o.status) {
    case 'delegert':
    case 'akseptert':
    case 'returnert':
      return o.tilOrganId;
    case 'levert':
      return o.fraOrganId;
    case 'godtatt':
    case 'trukket':
      return undefined;
  }
}

export function aapneOppdrag(sak: Sak): Oppdrag[] {
  return sak.oppdrag.filter(erAapentOppdrag);
}

/** The agenda item awaiting a decision, if any. */
export function gjeldendeSakslistepunkt(sak: Sak): Sakslistepunkt | undefined {
  return sak.sakslistepunkter.find((p) => p.vedtak === undefined && !p.trukket);
}

/**
 * Whose agenda an innstilling goes on: the body that ordered the investigation from the body giving
 * it puts the answer to its order on its agenda (PSU, for ASU's innstilling on PSU's bestilling);
 * else the body that gave it decides itself.
 */
export function sakslisteorganForInnstilling(sisteBestilling: { readonly bestiltAv?: string | null; readonly tilOrganId?: string | null } | undefined, innstillingFra: string): string {
  return sisteBestilling?.tilOrganId === innstillingFra && sisteBestilling.bestiltAv ? sisteBestilling.bestiltAv : innstillingFra;
}

/** The agenda item of the latest decision, if any. */
export function sisteVedtakspunkt(sak: Sak): Sakslistepunkt | undefined {
  return [...sak.sakslistepunkter].reverse().find((p) => p.vedtak !== undefined);
}

export function aapneOppfoelginger(sak: Sak): Oppfoelging[] {
  return sak.oppfoelginger.filter((o) => o.fullfoert === undefined);
}

function str(data: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const v = data?.[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The bodies that stand in a relation to the sak. With the command's data the relation is
 * precise (e.g. the receiver of *this* oppdrag); without it, it covers every open case of it.
 */
export function organerIRelasjon(rel: Relasjon, sak: Sak | null, data?: Readonly<Record<string, unknown>>): string[] {
  const ids = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => typeof x === 'string'))];
  switch (rel) {
    case 'innmelder':
      return ids([str(data, 'innmeldtAv') ?? sak?.innmeldtAv]);
    case 'ansvarlig':
      return ids([sak?.ansvarligOrganId]);
    case 'bestillingsmottaker':
      return ids([sak?.bestillinger.at(-1)?.tilOrganId]);
    case 'oppdragsmottaker':
    case 'oppdragsgiver': {
      if (!sak) return [];
      const id = str(data, 'oppdragId');
      const oppdrag = id !== undefined ? sak.oppdrag.filter((o) => o.oppdragId === id) : aapneOppdrag(sak);
      return ids(oppdrag.map((o) => (rel === 'oppdragsmottaker' ? o.tilOrganId : o.fraOrganId)));
    }
    case 'sakslisteorgan': {
      const organer = data?.['organer'];
      if (Array.isArray(organer)) return ids(organer.map((o: unknown) => str(o as Record<string, unknown>, 'organId')));
      if (!sak) return [];
      const punktId = str(data, 'sakslistepunktId');
      const punkt = punktId !== undefined ? sak.sakslistepunkter.find((p) => p.sakslistepunktId === punktId) : gjeldendeSakslistepunkt(sak);
      if (punkt) return ids(punkt.organer.map((o) => o.organId));
      // Not on an agenda yet (the steps allowed now): the body whose agenda the latest innstilling goes on.
      const innstilling = punktId === undefined ? sak.innstillinger.at(-1) : undefined;
      return innstilling ? [sakslisteorganForInnstilling(sak.bestillinger.at(-1), innstilling.organId)] : [];
    }
    case 'vedtaksorgan':
      return ids([...(sak ? (sisteVedtakspunkt(sak)?.vedtak?.organIder ?? []) : [])]);
    case 'oppfoelgingsmottaker': {
      if (!sak) return [];
      const id = str(data, 'oppfoelgingId');
      const xs = id !== undefined ? sak.oppfoelginger.filter((o) => o.oppfoelgingId === id) : aapneOppfoelginger(sak);
      return ids(xs.map((o) => o.tilOrganId));
    }
    case 'involvert':
      if (!sak) return [];
      return ids([
        sak.innmeldtAv,
        sak.ansvarligOrganId,
        ...sak.bestillinger.flatMap((b) => [b.bestiltAv, b.tilOrganId]),
        ...sak.oppdrag.flatMap((o) => [o.fraOrganId, o.tilOrganId]),
        ...sak.innstillinger.map((i) => i.organId),
        ...sak.sakslistepunkter.flatMap((p) => p.organer.map((o) => o.organId)),
        ...sak.oppfoelginger.flatMap((o) => [...o.fraOrganIder, o.tilOrganId]),
      ]);
  }
}

/** Plain description of an alternative for the acting body, e.g. "et organ på politisk nivå". */

export function finnOppdrag(sak: Sak, oppdragId: string): Oppdrag | undefined {
  return sak.oppdrag.find((o) => o.oppdragId === oppdragId);
}

export function finnOppfoelging(sak: Sak, id: string): Oppfoelging | undefined {
  return sak.oppfoelginger.find((o) => o.oppfoelgingId === id);
}

/** Fields of an event that may never be corrected (identity and workflow-deciding fields). */
export const IKKE_KORRIGERBARE_FELT: readonly string[] = [
  'sakId',
  'utfoertAv',
  'sakstype',
  'vedtaksutfall',
  'innmeldtAv',
  'bestiltAv',
  'nivaa',
  'tidligereFase',
  'organer',
  'organIder',
  'fraOrganIder',
];

export function erKorrigerbar(v: unknown): v is Korrigerbar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The value a field of an event has now: the latest correction, else the recorded value. */
export function gjeldendeVerdi(sak: Sak, hendelsesnummer: number, felt: string): unknown {
  const k = [...sak.korrigeringer].reverse().find((x) => x.hendelsesnummer === hendelsesnummer && x.felt === felt);
  return k ? k.nyVerdi : sak.hendelser[hendelsesnummer]?.data[felt];
}

