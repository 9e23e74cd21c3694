import { hendelsesnavnFor, type Sak, type Vedtaksutfall } from '@saksgang/domain';
import type { HistorikkPunkt } from '../point-in-time/point-in-time.js';
import { saksstatusFor } from '../replay/replay.js';
import type { Skjerming } from './skjerming.js';

/** One event as the report shows it (already without exempt fields in a public bundle): a history point with its stream. */
export interface RapportHendelse extends HistorikkPunkt {
  readonly streamName: string;
  readonly skjermet?: Skjerming;
  readonly hash?: string;
}

export interface RapportSak {
  readonly sakId: string;
  readonly sak: Sak | null;
  readonly hendelser: readonly RapportHendelse[];
}

export interface RapportInput {
  readonly tittel: string;
  readonly omfang: string;
  readonly generert: string;
  readonly generator: string;
  readonly offentlig: boolean;
  readonly saker: readonly RapportSak[];
  readonly andreHendelser: number;
  readonly verifisering: { readonly ok: boolean; readonly avvik: readonly string[] };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The meeting registration status of each decision outcome (a missing outcome fails the build). */
const MOETEREGISTRERINGSSTATUS: Readonly<Record<Vedtaksutfall, string>> = {
  vedtatt: 'Ferdig behandlet',
  tatt_til_orientering: 'Ferdig behandlet',
  droeftet: 'Ferdig behandlet',
  avvist: 'Ferdig behandlet',
  utsatt: 'Utsatt til nytt møte i samme utvalg',
  sendt_tilbake: 'Sendt tilbake til foregående utvalg',
};

/** The report's name of an event type; a type this code does not know (a newer writer) shows as stored. */
function hendelsesnavn(type: string): string {
  return hendelsesnavnFor(type) ?? type;
}

function moeteregistreringsstatus(utfall: string): string {
  return Object.hasOwn(MOETEREGISTRERINGSSTATUS, utfall) ? MOETEREGISTRERINGSSTATUS[utfall as Vedtaksutfall] : utfall;
}

/** saksaar and sakssekvensnummer from the registering body's number ("3/17" → 2017, 3), else the year of registration. */
export function saksaarOgSekvens(sak: Sak | null): { saksaar: number | null; sakssekvensnummer: number | null } {
  if (!sak) return { saksaar: null, sakssekvensnummer: null };
  const nr = sak.saksnumre?.[sak.innmeldtAv];
  const m = nr ? /^(\d+)\/(\d{2}|\d{4})$/.exec(nr) : null;
  if (m) {
    const aar = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return { saksaar: aar, sakssekvensnummer: Number(m[1]) };
  }
  const aar = typeof sak.registrert === 'string' ? Number(sak.registrert.slice(0, 4)) : NaN;
  return { saksaar: Number.isFinite(aar) ? aar : null, sakssekvensnummer: null };
}

function tekst(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** The bodies an event involves: the actor's and any it names. */
function organerIHendelse(h: RapportHendelse): string[] {
  const ids: string[] = [];
  if (h.utfoertAv) ids.push(h.utfoertAv.organId);
  for (const k of ['tilOrganId', 'fraOrganId', 'organId', 'innmeldtAv', 'bestiltAv']) {
    const v = h.data[k];
    if (typeof v === 'string') ids.push(v);
  }
  for (const k of ['organIder', 'fraOrganIder']) {
    const v = h.data[k];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.push(x);
  }
  const organer = h.data['organer'];
  if (Array.isArray(organer)) for (const o of organer) if (o && typeof o === 'object' && !Array.isArray(o) && typeof o['organId'] === 'string') ids.push(o['organId']);
  return ids;
}

/** The saksforløp as an inline SVG: one lane per body, one numbered mark per event at its effective date; a hop to another body is drawn as a line. */
export function saksforloepSvg(hendelser: readonly RapportHendelse[]): string {
  if (hendelser.length === 0) return '<p>Ingen hendelser.</p>';
  const baner: string[] = [];
  for (const h of hendelser) for (const id of organerIHendelse(h)) if (!baner.includes(id)) baner.push(id);
  if (baner.length === 0) baner.push('(ukjent)');
  const tider = hendelser.map((h) => Date.parse(h.gjelderFra.length === 10 ? `${h.gjelderFra}T12:00:00Z` : h.gjelderFra));
  const min = Math.min(...tider);
  const max = Math.max(...tider);
  const venstre = 190;
  const bredde = 900;
  const banehoeyde = 46;
  const topp = 30;
  const hoeyde = topp + baner.length * banehoeyde + 30;
  const x = (t: number): number => (max === min ? venstre + (bredde - venstre - 30) / 2 : venstre + ((t - min) / (max - min)) * (bredde - venstre - 30));
  const y = (organId: string): number => topp + baner.indexOf(organId) * banehoeyde + banehoeyde / 2;
  const deler: string[] = [];
  deler.push(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Saksforløp" width="${bredde}" height="${hoeyde}" viewBox="0 0 ${bredde} ${hoeyde}" font-family="sans-serif" font-size="12">`);
  baner.forEach((id, i) => {
    const yy = topp + i * banehoeyde;
    deler.push(`<rect x="0" y="${yy}" width="${bredde}" height="${banehoeyde}" fill="${i % 2 === 0 ? '#f4f6f8' : '#ffffff'}"/>`);
    deler.push(`<text x="8" y="${yy + banehoeyde / 2 + 4}" font-weight="bold">${escapeHtml(id)}</text>`);
  });
  const aarFra = new Date(min).getUTCFullYear();
  const aarTil = new Date(max).getUTCFullYear();
  for (let aar = aarFra; aar <= aarTil + 1; aar++) {
    const t = Date.UTC(aar, 0, 1);
    if (t < min || t > max) continue;
    deler.push(`<line x1="${x(t).toFixed(1)}" y1="${topp}" x2="${x(t).toFixed(1)}" y2="${hoeyde - 24}" stroke="#bbb" stroke-dasharray="3,3"/>`);
    deler.push(`<text x="${x(t).toFixed(1)}" y="${hoeyde - 8}" text-anchor="middle" fill="#555">${aar}</text>`);
  }
  deler.push(`<text x="${venstre}" y="18" fill="#555">${escapeHtml(hendelser[tider.indexOf(min)]!.gjelderFra.slice(0, 10))}</text>`);
  deler.push(`<text x="${bredde - 30}" y="18" text-anchor="end" fill="#555">${escapeHtml(hendelser[tider.indexOf(max)]!.gjelderFra.slice(0, 10))}</text>`);
  hendelser.forEach((h, i) => {
    const organer = organerIHendelse(h);
    const fra = h.utfoertAv?.organId ?? organer[0] ?? baner[0]!;
    const xx = x(tider[i]!).toFixed(1);
    const til = typeof h.data['tilOrganId'] === 'string' ? (h.data['tilOrganId'] as string) : undefined;
    if (til && til !== fra && baner.includes(til)) {
      deler.push(`<line x1="${xx}" y1="${y(fra)}" x2="${xx}" y2="${y(til)}" stroke="#1f5f99" stroke-width="1.5" marker-end="url(#pil)"/>`);
    }
    const farge = h.type === 'VedtakFattet' ? '#b5651d' : h.type === 'OpplysningKorrigert' ? '#8a2be2' : '#1f5f99';
    deler.push(
      `<g><title>${escapeHtml(`${i + 1}. ${h.gjelderFra.slice(0, 10)} ${hendelsesnavn(h.type)}`)}</title><circle cx="${xx}" cy="${y(fra)}" r="9" fill="${farge}"/><text x="${xx}" y="${y(fra) + 4}" text-anchor="middle" fill="#fff" font-size="10">${i + 1}</text></g>`,
    );
  });
  deler.splice(1, 0, '<defs><marker id="pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f5f99"/></marker></defs>');
  deler.push('</svg>');
  return deler.join('\n');
}

function detaljer(h: RapportHendelse): string {
  const d = h.data;
  const deler: string[] = [];
  const felt: [string, string][] = [
    ['tittel', 'tittel'],
    ['offentligTittel', 'offentligTittel'],
    ['mandat', 'mandat'],
    ['frist', 'forfallsdato'],
    ['nyFrist', 'ny forfallsdato'],
    ['leveranse', 'leveranse'],
    ['forslagTilVedtak', 'forslag til vedtak'],
    ['moetedato', 'moetedato'],
    ['moetested', 'moetested'],
    ['vedtaksutfall', 'vedtaksutfall'],
    ['vedtakstekst', 'vedtakstekst'],
    ['avskrivningsmaate', 'avskrivningsmaate'],
    ['begrunnelse', 'begrunnelse'],
    ['saksnummer', 'saksnummer'],
    ['beskrivelse', 'beskrivelse'],
    ['felt', 'felt'],
    ['gammelVerdi', 'gammel verdi'],
    ['nyVerdi', 'ny verdi'],
  ];
  for (const [k, navn] of felt) if (d[k] !== undefined && d[k] !== '') deler.push(`<b>${escapeHtml(navn)}:</b> ${escapeHtml(tekst(d[k]))}`);
  const organer = d['organer'];
  if (Array.isArray(organer)) {
    const nr = organer
      .map((o) => (o && typeof o === 'object' && !Array.isArray(o) ? `${tekst(o['organId'])} ${tekst(o['moetesakssekvensnummer'])}/${tekst(o['moetesaksaar'])}` : ''))
      .filter(Boolean);
    if (nr.length) deler.push(`<b>moetesaksnummer:</b> ${escapeHtml(nr.join(', '))}`);
  }
  if (h.type === 'VedtakFattet' && typeof d['vedtaksutfall'] === 'string') {
    deler.push(`<b>moeteregistreringsstatus:</b> ${escapeHtml(moeteregistreringsstatus(d['vedtaksutfall']))}`);
  }
  if (h.skjermet) deler.push(`<b>skjermet</b> (${escapeHtml(h.skjermet.felt.join(', '))}): ${escapeHtml(h.skjermet.skjermingshjemmel)}`);
  return deler.join('<br>');
}

function sakSeksjon(s: RapportSak, offentlig: boolean): string {
  const sak = s.sak;
  const { saksaar, sakssekvensnummer } = saksaarOgSekvens(sak);
  const registrert = s.hendelser.find((h) => h.type === 'SakRegistrert');
  const tittelSkjermet = registrert?.skjermet?.felt.includes('tittel') ?? false;
  const offentligTittel = registrert && typeof registrert.data['offentligTittel'] === 'string' ? (registrert.data['offentligTittel'] as string) : undefined;
  const tittel = tittelSkjermet ? (offentligTittel ?? '[skjermet]') : (sak?.tittel ?? '');
  const rader: [string, string][] = [
    ['saksaar', saksaar === null ? '—' : String(saksaar)],
    ['sakssekvensnummer', sakssekvensnummer === null ? '—' : String(sakssekvensnummer)],
    ['tittel', tittel],
    ['offentligTittel', offentligTittel ?? (offentlig ? tittel : sak?.tittel ?? '')],
    ['saksstatus', sak ? saksstatusFor(sak.fase) : '—'],
    ['fase', sak?.fase ?? '—'],
    ['sakstype', sak?.sakstype ?? '—'],
    ['opprettetDato', sak?.registrert?.slice(0, 10) ?? '—'],
    ['innmeldt av', sak?.innmeldtAv ?? '—'],
    ['saksnumre', sak ? Object.entries(sak.saksnumre).map(([o, n]) => `${o}: ${n}`).join(', ') || '—' : '—'],
    ['sakId', s.sakId],
  ];
  const moeter = (sak?.sakslistepunkter ?? []).flatMap((p) =>
    p.organer.map(
      (o) =>
        `<tr><td>${escapeHtml(o.organId)}</td><td>${escapeHtml(p.moetedato ?? '')}</td><td>${escapeHtml(p.moetested ?? '')}</td><td>${o.moetesakssekvensnummer}/${o.moetesaksaar}</td><td>${escapeHtml(
          p.vedtak ? moeteregistreringsstatus(p.vedtak.vedtaksutfall) : p.trukket ? 'Trukket' : 'Til behandling',
        )}</td><td>${escapeHtml(p.vedtak?.vedtaksutfall ?? '')}</td></tr>`,
    ),
  );
  const hendelser = s.hendelser
    .map(
      (h, i) =>
        `<tr><td>${i + 1}</td><td>${h.hendelsesnummer}</td><td>${escapeHtml(h.gjelderFra.slice(0, 10))}</td><td>${escapeHtml(h.registrert.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(
          hendelsesnavn(h.type),
        )}</td><td>${escapeHtml(h.utfoertAv?.organId ?? '')}</td><td>${escapeHtml(h.utfoertAv ? `${h.utfoertAv.personId} (${h.utfoertAv.rolle})` : '')}</td><td>${detaljer(h)}</td></tr>`,
    )
    .join('\n');
  return `<section class="sak">
<h2>${escapeHtml(tittel || s.sakId)}</h2>
<table class="felt">${rader.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h3>Saksforløp</h3>
<figure>${saksforloepSvg(s.hendelser)}<figcaption>Hver bane er et organ (utvalg); hvert punkt er en hendelse på datoen den fikk virkning (nummer som i tabellen under). Linjer viser oversendelse til et annet organ.</figcaption></figure>
${moeter.length ? `<h3>Møtebehandling</h3><table><tr><th>utvalg</th><th>moetedato</th><th>moetested</th><th>moetesaksnummer</th><th>moeteregistreringsstatus</th><th>vedtaksutfall</th></tr>${moeter.join('')}</table>` : ''}
<h3>Hendelser</h3>
<table><tr><th>#</th><th>hendelsesnr.</th><th>gjelder fra</th><th>registrert</th><th>hendelse</th><th>utvalg</th><th>utført av</th><th>opplysninger</th></tr>
${hendelser}
</table>
</section>`;
}

/** The printable HTML report of a bundle. Self-contained: no scripts, no external resources. */
export function rapportHtml(input: RapportInput): string {
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.tittel)}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; font-size: 12px; }
table.felt th { background: #f4f6f8; width: 12em; }
section.sak { page-break-before: always; }
section.sak:first-of-type { page-break-before: auto; }
.ok { color: #1a7f37; } .avvik { color: #b00020; }
@media print { body { margin: 0; } figure { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(input.tittel)}</h1>
<p>Omfang: ${escapeHtml(input.omfang)}. Generert ${escapeHtml(input.generert)} av ${escapeHtml(input.generator)}.${input.offentlig ? ' <b>Offentlig utgave:</b> opplysninger unntatt offentlighet er utelatt (se skjermingshjemmel ved hver hendelse).' : ''}</p>
<p>Integritet ved eksport: ${input.verifisering.ok ? '<span class="ok">hendelseskjedene er hele og uendret</span>' : `<span class="avvik">${input.verifisering.avvik.length} avvik</span>`}. Filene kontrolleres med <code>sha256sum -c SHA256SUMS</code>, hendelseskjedene med <code>node verifiser.mjs</code> i denne mappen.</p>
${input.verifisering.avvik.length ? `<ul class="avvik">${input.verifisering.avvik.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : ''}
${input.saker.map((s) => sakSeksjon(s, input.offentlig)).join('\n')}
${input.andreHendelser > 0 ? `<p>I tillegg inneholder pakken ${input.andreHendelser} hendelse(r) fra organ- og sakslistestrømmer (se events.jsonl).</p>` : ''}
</body>
</html>
`;
}
