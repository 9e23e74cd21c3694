import type { Saksforloep, SaksforloepSteg } from '../read-models/saksforloep.js';

export interface SwimlaneOptions {
  /** Width of one step column (default 120). */
  readonly stegBredde?: number;
  /** Height of one lane (default 80). */
  readonly baneHoeyde?: number;
}

interface Bane {
  readonly organId: string;
  readonly navn: string;
  readonly nivaa: string | null;
}

const NIVAA_REKKEFOELGE: Readonly<Record<string, number>> = { politisk: 0, administrativt: 1, faglig: 2 };
const NIVAA_FARGE: Readonly<Record<string, string>> = { politisk: '#e8eefb', administrativt: '#eaf6ec', faglig: '#fdf3e3' };
const LABEL_BREDDE = 190;
const TOPP = 70;

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Draws a saksforløp as a swimlane diagram: one lane per body (ordered by level: politisk,
 * administrativt, faglig), the steps left to right in order, each in its acting body's lane, with a
 * dashed arrow to each body the step went to. Steps of a delegated oppdrag are drawn as squares.
 * Pure: rows in, SVG text out.
 */
export function renderSaksforloepSvg(forloep: Pick<Saksforloep, 'sakId' | 'tittel' | 'steg'>, options: SwimlaneOptions = {}): string {
  const stegBredde = options.stegBredde ?? 120;
  const baneHoeyde = options.baneHoeyde ?? 80;
  const baner = lagBaner(forloep.steg);
  const indeks = new Map(baner.map((b, i) => [b.organId, i]));
  const bredde = LABEL_BREDDE + Math.max(1, forloep.steg.length) * stegBredde + 40;
  const hoeyde = TOPP + baner.length * baneHoeyde + 40;
  const y = (organId: string) => TOPP + (indeks.get(organId) ?? 0) * baneHoeyde + baneHoeyde / 2;
  const x = (i: number) => LABEL_BREDDE + i * stegBredde + stegBredde / 2;

  const deler: string[] = [];
  deler.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${bredde}" height="${hoeyde}" viewBox="0 0 ${bredde} ${hoeyde}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(`Saksforløp: ${forloep.tittel}`)}">`,
    `<title>${escapeXml(`Saksforløp for «${forloep.tittel}»`)}</title>`,
    `<defs><marker id="pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
    `<text x="12" y="28" font-size="16" font-weight="bold">${escapeXml(forloep.tittel)}</text>`,
  );
  baner.forEach((b, i) => {
    const top = TOPP + i * baneHoeyde;
    const farge = (b.nivaa && NIVAA_FARGE[b.nivaa]) || '#f2f2f2';
    deler.push(
      `<g class="lane" data-organ-id="${escapeXml(b.organId)}">`,
      `<rect x="0" y="${top}" width="${bredde}" height="${baneHoeyde}" fill="${farge}" stroke="#bbb"/>`,
      `<text x="10" y="${top + baneHoeyde / 2 - 4}" font-weight="bold">${escapeXml(b.navn)}</text>`,
      `<text x="10" y="${top + baneHoeyde / 2 + 12}" fill="#555">${escapeXml(b.nivaa ?? 'ukjent nivå')}</text>`,
      `</g>`,
    );
  });
  forloep.steg.forEach((s, i) => {
    const sx = x(i);
    const sy = y(s.organId);
    const dato = s.gjelderFra.slice(0, 10);
    deler.push(`<g class="step" data-event-type="${escapeXml(s.hendelsestype)}" data-organ-id="${escapeXml(s.organId)}" data-revisjon="${s.revisjon}">`);
    deler.push(
      `<title>${escapeXml(
        `${s.beskrivelse}\n${s.organNavn ?? s.organId}${s.organSaksnummer ? ` (sak ${s.organSaksnummer})` : ''} · ${s.personId} (${s.rolle})\nGjelder fra ${s.gjelderFra} · registrert ${s.registrert}`,
      )}</title>`,
    );
    // A meeting's decision is drawn in the lane of every body that made it, joined by a line.
    const fellesBaner = (s.moete?.organIder ?? []).filter((o) => o !== s.organId && indeks.has(o));
    for (const o of fellesBaner) {
      const oy = y(o);
      deler.push(`<line x1="${sx}" y1="${sy}" x2="${sx}" y2="${oy}" stroke="#2b6cb0" stroke-width="3"/>`, `<circle class="joint" data-organ-id="${escapeXml(o)}" cx="${sx}" cy="${oy}" r="8" fill="#2b6cb0" stroke="#333"/>`);
    }
    for (const til of s.tilOrganIder) {
      if (til === s.organId || fellesBaner.includes(til) || !indeks.has(til)) continue;
      const ty = y(til);
      const retning = ty > sy ? 1 : -1;
      deler.push(`<line x1="${sx}" y1="${sy + 9 * retning}" x2="${sx}" y2="${ty - 9 * retning}" stroke="#555" stroke-dasharray="4 3" marker-end="url(#pil)"/>`);
    }
    deler.push(
      s.oppdragId
        ? `<rect x="${sx - 8}" y="${sy - 8}" width="16" height="16" fill="#d9822b" stroke="#333"/>`
        : `<circle cx="${sx}" cy="${sy}" r="8" fill="#2b6cb0" stroke="#333"/>`,
      `<text x="${sx}" y="${sy - 14}" text-anchor="middle">${escapeXml(s.hendelsestype)}</text>`,
      `<text x="${sx}" y="${sy + 22}" text-anchor="middle" fill="#555" font-size="10">${escapeXml(dato)}</text>`,
      `</g>`,
    );
  });
  deler.push(`</svg>`);
  return deler.join('\n');
}

/** Lanes: every acting or receiving body, by level, then by first appearance. */
function lagBaner(steg: readonly SaksforloepSteg[]): Bane[] {
  const baner = new Map<string, Bane & { foerst: number }>();
  steg.forEach((s, i) => {
    const eksisterende = baner.get(s.organId);
    if (!eksisterende || (eksisterende.nivaa === null && s.nivaa !== null)) {
      baner.set(s.organId, { organId: s.organId, navn: s.organNavn ?? s.organId, nivaa: s.nivaa, foerst: eksisterende?.foerst ?? i });
    }
  });
  steg.forEach((s, i) => {
    for (const til of s.tilOrganIder) {
      if (!baner.has(til)) {
        // A body that only received: its level shows once it acts; look it up among the steps.
        const egen = steg.find((x) => x.organId === til);
        baner.set(til, { organId: til, navn: egen?.organNavn ?? til, nivaa: egen?.nivaa ?? null, foerst: i });
      }
    }
  });
  return [...baner.values()]
    .sort((a, b) => (NIVAA_REKKEFOELGE[a.nivaa ?? ''] ?? 3) - (NIVAA_REKKEFOELGE[b.nivaa ?? ''] ?? 3) || a.foerst - b.foerst)
    .map(({ foerst: _f, ...b }) => b);
}
