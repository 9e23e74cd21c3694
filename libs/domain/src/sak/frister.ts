/**
 * The open deadlines of a sak, read from its state: what someone still has to do by a date — an
 * ordered investigation not yet answered with an innstilling by the body it was ordered from, an
 * oppdrag the receiver still works on (delegated, accepted or sent back; a delivery awaiting its
 * assessment is the giver's turn, not a deadline), a follow-up not yet reported on or completed, and a
 * hearing some party has not answered. A closed or withdrawn sak has none. One reading of what the
 * facts mean for deadlines, for everyone who reminds of them (the notification dispatcher).
 */
import { hoeringer } from './hoering-steg.js';
import type { Sak } from './typer.js';

export const FRISTARTER = ['bestilling', 'oppdrag', 'oppfoelging', 'hoering'] as const;
export type Fristart = (typeof FRISTARTER)[number];

export interface AapenFrist {
  /** Stable per deadline: `bestilling:<sakId>:<organId>`, `oppdrag:<oppdragId>`, `oppfoelging:<id>`, `hoering:<hoeringId>`. */
  readonly fristId: string;
  readonly art: Fristart;
  /** The body that has to act by the frist. */
  readonly organId: string;
  readonly frist: string;
  /** What it is about (the mandate, the follow-up's text, the parties asked). */
  readonly beskrivelse: string;
}

const AAPNE_FOR_MOTTAKER = new Set(['delegert', 'akseptert', 'returnert']);

export function aapneFrister(sak: Sak): AapenFrist[] {
  if (sak.fase === 'avsluttet' || sak.fase === 'trukket') return [];
  const ut = new Map<string, AapenFrist>();
  for (const b of sak.bestillinger) {
    const fristId = `bestilling:${sak.sakId}:${b.tilOrganId}`;
    // Answered when the body it was ordered from has given its innstilling since the order.
    const besvart = sak.innstillinger.some((i) => i.organId === b.tilOrganId && i.gjelderFra.slice(0, 10) >= b.bestilt.slice(0, 10));
    if (besvart) ut.delete(fristId);
    else ut.set(fristId, { fristId, art: 'bestilling', organId: b.tilOrganId, frist: b.frist, beskrivelse: b.mandat });
  }
  for (const o of sak.oppdrag) {
    if (AAPNE_FOR_MOTTAKER.has(o.status)) ut.set(`oppdrag:${o.oppdragId}`, { fristId: `oppdrag:${o.oppdragId}`, art: 'oppdrag', organId: o.tilOrganId, frist: o.frist, beskrivelse: o.mandat });
  }
  for (const f of sak.oppfoelginger) {
    if (f.fullfoert === undefined && f.rapporter.length === 0) {
      ut.set(`oppfoelging:${f.oppfoelgingId}`, { fristId: `oppfoelging:${f.oppfoelgingId}`, art: 'oppfoelging', organId: f.tilOrganId, frist: f.frist, beskrivelse: f.beskrivelse });
    }
  }
  for (const h of hoeringer(sak)) {
    const alleHarSvart = h.mottakere !== undefined && h.mottakere.length > 0 && h.mottakere.every((m) => h.svar.includes(m));
    if (!alleHarSvart) ut.set(`hoering:${h.hoeringId}`, { fristId: `hoering:${h.hoeringId}`, art: 'hoering', organId: h.organId, frist: h.hoeringsfrist, beskrivelse: h.hoeringsinstanser.join(', ') });
  }
  return [...ut.values()];
}
