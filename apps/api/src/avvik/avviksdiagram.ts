/**
 * The avvik statistics as a chart (SVG), the figure a fagråd shows ASU: one bar per receiving party,
 * its length the number of avvik, split into answered, overdue and still open within the frist, with
 * the median answer time. Accessible: a title and a description, and the figures as text.
 */
import { escapeXml } from '@saksgang/projections';

interface Gruppe {
  readonly navn: string;
  readonly antall: number;
  readonly besvart: number;
  readonly forfalt: number;
  readonly medianSvartidDager: number | null;
}

interface Statistikk {
  readonly aar: number;
  readonly kvartal: number | null;
  readonly totalt: { readonly antall: number; readonly besvart: number; readonly forfalt: number; readonly medianSvartidDager: number | null };
  readonly etter: { readonly mottaker: readonly Gruppe[] };
}

const FARGER = { besvart: '#1e6b3a', forfalt: '#b3261e', aapen: '#8a8f98' } as const;

function dager(n: number | null): string {
  return n === null ? 'ingen besvart' : `median ${String(n).replace('.', ',')} dager`;
}

export function avviksdiagramSvg(s: Statistikk): string {
  const periode = s.kvartal !== null ? `${s.kvartal}. kvartal ${s.aar}` : `${s.aar}`;
  const tittel = `Samhandlingsavvik ${periode} etter mottaker`;
  const beskrivelse = `${s.totalt.antall} avvik, ${s.totalt.besvart} besvart, ${s.totalt.forfalt} forfalt, ${dager(s.totalt.medianSvartidDager)}.`;
  const grupper = s.etter.mottaker;
  const maks = Math.max(1, ...grupper.map((g) => g.antall));
  const venstre = 260;
  const bredde = 420;
  const rad = 34;
  const topp = 70;
  const hoeyde = topp + Math.max(1, grupper.length) * rad + 50;
  const stolper = grupper
    .map((g, i) => {
      const y = topp + i * rad;
      const enhet = bredde / maks;
      const aapen = Math.max(0, g.antall - g.besvart - g.forfalt);
      const deler: [keyof typeof FARGER, number][] = [
        ['besvart', g.besvart],
        ['forfalt', g.forfalt],
        ['aapen', aapen],
      ];
      let x = venstre;
      const rektangler = deler
        .filter(([, n]) => n > 0)
        .map(([art, n]) => {
          const r = `<rect x="${x.toFixed(1)}" y="${y}" width="${(n * enhet).toFixed(1)}" height="22" fill="${FARGER[art]}"><title>${escapeXml(`${g.navn}: ${n} ${art === 'aapen' ? 'åpne innen fristen' : art}`)}</title></rect>`;
          x += n * enhet;
          return r;
        })
        .join('');
      return `<g><text x="${venstre - 8}" y="${y + 16}" text-anchor="end" font-size="13">${escapeXml(g.navn.length > 38 ? `${g.navn.slice(0, 37)}…` : g.navn)}</text>${rektangler}<text x="${(x + 6).toFixed(1)}" y="${y + 16}" font-size="12">${g.antall} (${escapeXml(dager(g.medianSvartidDager))})</text></g>`;
    })
    .join('');
  // The legend in one row, each label placed after the one before it (about 7 px per character at 12 px).
  let lx = venstre;
  const forklaring = (['besvart', 'forfalt', 'aapen'] as const)
    .map((art) => {
      const tekst = art === 'besvart' ? 'Besvart' : art === 'forfalt' ? 'Forfalt (ubesvart etter fristen)' : 'Åpen innen fristen';
      const del = `<rect x="${lx}" y="${hoeyde - 30}" width="12" height="12" fill="${FARGER[art]}"/><text x="${lx + 18}" y="${hoeyde - 20}" font-size="12">${tekst}</text>`;
      lx += 18 + Math.ceil(tekst.length * 7) + 24;
      return del;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${venstre + bredde + 200}" height="${hoeyde}" viewBox="0 0 ${venstre + bredde + 200} ${hoeyde}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif"><title id="t">${escapeXml(tittel)}</title><desc id="d">${escapeXml(beskrivelse)}</desc><text x="16" y="28" font-size="18" font-weight="600">${escapeXml(tittel)}</text><text x="16" y="50" font-size="13">${escapeXml(beskrivelse)}</text>${grupper.length === 0 ? `<text x="${venstre}" y="${topp + 16}" font-size="13">Ingen avvik meldt i perioden.</text>` : stolper}${forklaring}</svg>`;
}
