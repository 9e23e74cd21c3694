/**
 * The words of a notification: a subject, paragraphs and a link, made into the e-mail's plain-text and
 * HTML parts. Everything is Norwegian bokmål with people's and bodies' names, never event types or ids.
 */
import { navnPaaDato, type Organ, type Sak } from '@saksgang/domain';

export interface Varseltekst {
  readonly emne: string;
  readonly avsnitt: readonly string[];
  /** The page in the web app. */
  readonly lenke: string;
  /** The link's text, e.g. «Åpne saken». */
  readonly lenketekst: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The plain-text part: a greeting, the paragraphs, the link. */
export function somTekst(t: Varseltekst, mottakernavn: string | undefined): string {
  return [`Hei${mottakernavn ? ` ${mottakernavn}` : ''},`, '', ...t.avsnitt.flatMap((a) => [a, '']), `${t.lenketekst}: ${t.lenke}`, '', '—', 'Dette varselet er sendt fra saksgang. Du kan velge daglig oppsummering eller melde deg av en type varsel under «Varsler» i saksgang.'].join('\n');
}

/** The HTML part, with the same words. */
export function somHtml(t: Varseltekst, mottakernavn: string | undefined): string {
  const avsnitt = t.avsnitt.map((a) => `<p>${escapeHtml(a).replace(/\n/g, '<br>')}</p>`).join('\n');
  return `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>${escapeHtml(t.emne)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>Hei${mottakernavn ? ` ${escapeHtml(mottakernavn)}` : ''},</p>
${avsnitt}
<p><a href="${escapeHtml(t.lenke)}">${escapeHtml(t.lenketekst)}</a></p>
<hr><p style="font-size: smaller">Dette varselet er sendt fra saksgang. Du kan velge daglig oppsummering eller melde deg av en type varsel under «Varsler» i saksgang.</p>
</body></html>`;
}

/** The body's name on the date (its current name if it had none then, its id only if unknown). */
export function organnavnPaaDato(organ: Organ | undefined, organId: string, dato: string): string {
  if (!organ) return organId;
  return navnPaaDato(organ, dato) ?? organ.navn;
}

/**
 * The sak's title as a notification may carry it: e-mail and webhooks leave the organisation, so an
 * exempt title (skjermet, offentleglova) is replaced by its public title there too.
 */
export function sakstittel(sak: Sak | undefined | null): string {
  if (!sak) return 'en sak';
  const skjermet = (sak.skjerminger ?? []).find((s) => s.hendelsesnummer === 0 && s.felt.includes('tittel'));
  return skjermet ? (skjermet.offentligTittel ?? 'en sak med skjermet tittel') : sak.tittel;
}

/** «sak 16/2017 i ASU» where the body gave a number, else nothing. */
export function saksnummerTekst(sak: Sak | undefined | null, organId: string | undefined): string {
  if (!sak || !organId) return '';
  const nr = sak.saksnumre[organId];
  return nr ? ` (sak ${nr})` : '';
}
