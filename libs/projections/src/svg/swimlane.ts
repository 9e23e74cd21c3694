import { norskDato as dato, stegtittelForHendelse } from '@saksgang/domain';
import type { Saksforloep, SaksforloepSteg } from '../read-models/saksforloep.js';

export interface SwimlaneOptions {
  /** Width of one step column (default 120). */
  readonly stegBredde?: number;
  /** Height of one lane (default 96). */
  readonly baneHoeyde?: number;
}

interface Bane {
  readonly organId: string;
  readonly navn: string;
  readonly nivaa: string | null;
}

const NIVAA_REKKEFOELGE: Readonly<Record<string, number>> = { politisk: 0, administrativt: 1, faglig: 2 };
const NIVAA_FARGE: Readonly<Record<string, string>> = { politisk: '#e8eefb', administrativt: '#eaf6ec', faglig: '#fdf3e3' };
const NIVAA_TEKST: Readonly<Record<string, string>> = { politisk: 'politisk nivå', administrativt: 'administrativt nivå', faglig: 'faglig nivå' };
const LABEL_BREDDE = 230;
const DAG_MS = 86_400_000;

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Breaks a text into lines of at most `bredde` characters at spaces (a longer word stands alone); at most `maks` lines, the last one ending in «…» when cut. */
export function brytLinjer(tekst: string, bredde: number, maks = 3): string[] {
  const linjer: string[] = [];
  for (const ord of tekst.split(/\s+/).filter(Boolean)) {
    const siste = linjer.at(-1);
    if (siste !== undefined && siste.length + 1 + ord.length <= bredde) linjer[linjer.length - 1] = `${siste} ${ord}`;
    else linjer.push(ord);
  }
  if (linjer.length <= maks) return linjer;
  const kuttet = linjer.slice(0, maks);
  kuttet[maks - 1] = `${kuttet[maks - 1]!.slice(0, Math.max(1, bredde - 1))}…`;
  return kuttet;
}

function tekstlinjer(linjer: readonly string[], x: number, y: number, attrs: string, linjehoeyde = 13): string {
  return `<text x="${x}" y="${y}" ${attrs}>${linjer.map((l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : linjehoeyde}">${escapeXml(l)}</tspan>`).join('')}</text>`;
}

/** How long a gap is, in Norwegian: «3 uker», «5 mnd», «2 år». */
function varighet(dager: number): string {
  if (dager < 60) return `${Math.round(dager / 7)} uker`;
  if (dager < 730) return `${Math.round(dager / 30.4)} mnd`;
  return `${Math.round(dager / 365)} år`;
}

/**
 * Draws a saksforløp as a swimlane diagram: one lane per body (ordered by level: politisk,
 * administrativt, faglig) with its name and level, the steps left to right in time — the distance
 * between two steps grows with the time between them, long gaps compressed and marked with how long
 * they were — each in its acting body's lane, named as the workflow names the step, with its date, the
 * agenda numbers and a decision's outcome; a dashed arrow to each body the step went to; a meeting's
 * decision in the lane of every body that made it. Steps of a delegated oppdrag are squares.
 * Pure: rows in, SVG text out.
 */
export function renderSaksforloepSvg(forloep: Pick<Saksforloep, 'sakId' | 'tittel' | 'steg'> & Partial<Pick<Saksforloep, 'organer'>>, options: SwimlaneOptions = {}): string {
  const stegBredde = options.stegBredde ?? 120;
  const baneHoeyde = options.baneHoeyde ?? 96;
  const baner = lagBaner(forloep.steg, forloep.organer ?? {});
  const indeks = new Map(baner.map((b, i) => [b.organId, i]));
  const tittellinjer = brytLinjer(forloep.tittel, 110, 3);
  const topp = 24 + tittellinjer.length * 20 + 16;
  // x of each step: at least a column apart; more for more time between them, up to a limit.
  const xs: number[] = [];
  const brudd: { x: number; tekst: string }[] = [];
  let x = LABEL_BREDDE + stegBredde / 2;
  forloep.steg.forEach((s, i) => {
    if (i > 0) {
      const dager = Math.max(0, (Date.parse(s.gjelderFra.slice(0, 10)) - Date.parse(forloep.steg[i - 1]!.gjelderFra.slice(0, 10))) / DAG_MS);
      const ekstra = Math.min(stegBredde * 1.2, Math.sqrt(dager) * 6);
      if (dager >= 45) brudd.push({ x: x + (stegBredde + ekstra) / 2, tekst: varighet(dager) });
      x += stegBredde + ekstra;
    }
    xs.push(x);
  });
  const bredde = Math.ceil(x + stegBredde / 2 + 20);
  const hoeyde = topp + baner.length * baneHoeyde + 30;
  const y = (organId: string) => topp + (indeks.get(organId) ?? 0) * baneHoeyde + baneHoeyde / 2;

  const deler: string[] = [];
  deler.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${bredde}" height="${hoeyde}" viewBox="0 0 ${bredde} ${hoeyde}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(`Saksforløp: ${forloep.tittel}`)}">`,
    `<title>${escapeXml(`Saksforløp for «${forloep.tittel}»`)}</title>`,
    `<defs><marker id="pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
    tekstlinjer(tittellinjer, 12, 30, 'font-size="16" font-weight="bold"', 20),
  );
  baner.forEach((b, i) => {
    const top = topp + i * baneHoeyde;
    const farge = (b.nivaa && NIVAA_FARGE[b.nivaa]) || '#f2f2f2';
    const navn = brytLinjer(b.navn, 30, 3);
    deler.push(
      `<g class="lane" data-organ-id="${escapeXml(b.organId)}">`,
      `<rect x="0" y="${top}" width="${bredde}" height="${baneHoeyde}" fill="${farge}" stroke="#bbb"/>`,
      `<line x1="${LABEL_BREDDE - 6}" y1="${top}" x2="${LABEL_BREDDE - 6}" y2="${top + baneHoeyde}" stroke="#ccc"/>`,
      tekstlinjer(navn, 10, top + 20, 'font-weight="bold"'),
      `<text x="10" y="${top + 20 + navn.length * 13 + 4}" fill="#555">${escapeXml((b.nivaa && NIVAA_TEKST[b.nivaa]) ?? 'nivå ikke registrert')}</text>`,
      `</g>`,
    );
  });
  for (const b of brudd) {
    deler.push(`<text class="gap" x="${b.x}" y="${topp - 4}" text-anchor="middle" fill="#777" font-size="10">≈ ${escapeXml(b.tekst)}</text>`);
  }
  forloep.steg.forEach((s, i) => {
    const sx = xs[i]!;
    const sy = y(s.organId);
    const stegnavn = stegtittelForHendelse(s.hendelsestype) ?? s.hendelsestype;
    deler.push(`<g class="step" data-event-type="${escapeXml(s.hendelsestype)}" data-organ-id="${escapeXml(s.organId)}" data-revisjon="${s.revisjon}">`);
    deler.push(
      `<title>${escapeXml(
        `${stegnavn}: ${s.beskrivelse}\n${s.organNavn ?? s.organId}${s.organSaksnummer ? ` (sak ${s.organSaksnummer})` : ''} · ${s.personNavn ?? s.personId} (${s.rollenavn})\nGjelder fra ${dato(s.gjelderFra)} · registrert ${dato(s.registrert)}`,
      )}</title>`,
    );
    // A meeting's decision is drawn in the lane of every body that made it, joined by a line.
    const fellesBaner = (s.moete?.organIder ?? []).filter((o) => o !== s.organId && indeks.has(o));
    for (const o of fellesBaner) {
      const oy = y(o);
      deler.push(`<line x1="${sx}" y1="${sy}" x2="${sx}" y2="${oy}" stroke="#2b6cb0" stroke-width="3"/>`, `<circle class="joint" data-organ-id="${escapeXml(o)}" cx="${sx}" cy="${oy}" r="8" fill="#2b6cb0" stroke="#333"/>`);
    }
    const etikett = brytLinjer(stegnavn, 17, 2);
    const under = [dato(s.gjelderFra), ...merknader(s, forloep.organer ?? {})];
    for (const til of s.tilOrganIder) {
      if (til === s.organId || fellesBaner.includes(til) || !indeks.has(til)) continue;
      const ty = y(til);
      const ned = ty > sy;
      // From beyond the step's own texts (its name above, its date and notes below), so no line crosses them.
      const fra = ned ? sy + 14 + under.length * 11 : sy - 26 - (etikett.length - 1) * 12;
      const til_ = ned ? ty - 30 : ty + 12;
      deler.push(`<line x1="${sx}" y1="${fra}" x2="${sx}" y2="${til_}" stroke="#555" stroke-dasharray="4 3" marker-end="url(#pil)"/>`);
    }
    deler.push(
      s.oppdragId
        ? `<rect x="${sx - 8}" y="${sy - 8}" width="16" height="16" fill="#d9822b" stroke="#333"/>`
        : `<circle cx="${sx}" cy="${sy}" r="8" fill="#2b6cb0" stroke="#333"/>`,
      tekstlinjer(etikett, sx, sy - 14 - (etikett.length - 1) * 12, 'text-anchor="middle" font-size="11"', 12),
      tekstlinjer(under, sx, sy + 22, 'text-anchor="middle" fill="#555" font-size="10"', 11),
      `</g>`,
    );
  });
  deler.push(`</svg>`);
  return deler.join('\n');
}

/** What the picture says under a step's date: its agenda numbers, a decision's outcome. */
function merknader(s: SaksforloepSteg, organer: Saksforloep['organer']): string[] {
  const ut: string[] = [];
  // «PSU 1/17, ASU 1/17»: the body's short name (its abbreviation in the name, e.g. «(PSU)»), then the number.
  const kort = (organId: string) => /\(([^)]+)\)/.exec(organer[organId]?.navn ?? '')?.[1] ?? 'sak';
  if (s.moetesaksnumre.length > 0) ut.push(s.moetesaksnumre.map((m) => `${kort(m.split(' ')[0]!)} ${m.split(' ').at(-1)}`).join(', '));
  if (s.hendelsestype === 'VedtakFattet') {
    const utfall = /\(([a-zæøå ]+)\)/.exec(s.beskrivelse)?.[1];
    if (utfall) ut.push(utfall);
  }
  return ut.slice(0, 2);
}

/** Lanes: every acting or receiving body, by level, then by first appearance. */
function lagBaner(steg: readonly SaksforloepSteg[], organer: Saksforloep['organer']): Bane[] {
  const baner = new Map<string, Bane & { foerst: number }>();
  steg.forEach((s, i) => {
    const eksisterende = baner.get(s.organId);
    if (!eksisterende || (eksisterende.nivaa === null && s.nivaa !== null)) {
      baner.set(s.organId, { organId: s.organId, navn: s.organNavn ?? organer[s.organId]?.navn ?? s.organId, nivaa: s.nivaa ?? organer[s.organId]?.nivaa ?? null, foerst: eksisterende?.foerst ?? i });
    }
  });
  steg.forEach((s, i) => {
    for (const til of s.tilOrganIder) {
      if (!baner.has(til)) {
        // A body that only received: its level shows once it acts; look it up among the steps.
        const egen = steg.find((x) => x.organId === til);
        baner.set(til, { organId: til, navn: egen?.organNavn ?? organer[til]?.navn ?? til, nivaa: egen?.nivaa ?? organer[til]?.nivaa ?? null, foerst: i });
      }
    }
  });
  return [...baner.values()]
    .sort((a, b) => (NIVAA_REKKEFOELGE[a.nivaa ?? ''] ?? 3) - (NIVAA_REKKEFOELGE[b.nivaa ?? ''] ?? 3) || a.foerst - b.foerst)
    .map(({ foerst: _f, ...b }) => b);
}
