/**
 * The workflow as pictures — a Mermaid `stateDiagram-v2` and a standalone SVG — generated from
 * {@link SAK_ARBEIDSFLYT}, so the picture cannot drift from the rules.
 */
import { SAK_ARBEIDSFLYT, SAK_STEG } from './arbeidsflyt.js';
import { FASEBESKRIVELSE } from './beskrivelser.js';
import type { StegDefinisjon } from './vokabular.js';
import { SAKSFASER, type SakFase, type SakStegType } from './typer.js';

/** One arrow: a step from a phase (or from the start, `[*]`) to a phase. */
export interface Overgangskant {
  readonly fra: SakFase | '[*]';
  readonly til: SakFase;
  readonly steg: SakStegType;
  readonly vilkaar?: string;
}

/** Every arrow of the workflow, in declaration order. */
export function arbeidsflytKanter(): Overgangskant[] {
  const kanter: Overgangskant[] = [];
  for (const steg of SAK_STEG) {
    const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
    const fraListe: readonly (SakFase | '[*]')[] = def.fra.length === 0 ? ['[*]'] : def.fra;
    for (const fra of fraListe) {
      for (const o of def.overganger) {
        const til = o.til === 'uendret' ? fra : o.til;
        if (til === '[*]') continue;
        kanter.push(o.vilkaar ? { fra, til, steg, vilkaar: o.vilkaar } : { fra, til, steg });
      }
    }
  }
  return kanter;
}

function etikett(k: Overgangskant): string {
  return k.vilkaar ? `${k.steg} (${k.vilkaar})` : k.steg;
}

/** The Mermaid `stateDiagram-v2` text. */
export function mermaidDiagram(): string {
  const linjer = ['stateDiagram-v2'];
  for (const f of SAKSFASER) linjer.push(`  ${f} : ${FASEBESKRIVELSE[f]}`);
  for (const k of arbeidsflytKanter()) linjer.push(`  ${k.fra} --> ${k.til} : ${etikett(k)}`);
  return linjer.join('\n') + '\n';
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A standalone SVG with a simple layered layout (phases by distance from the start). */
export function svgDiagram(): string {
  const kanter = arbeidsflytKanter();
  // Layers: breadth-first distance from registrert over arrows between different phases.
  const lag = new Map<SakFase, number>([['registrert', 0]]);
  const koe: SakFase[] = ['registrert'];
  while (koe.length > 0) {
    const f = koe.shift()!;
    for (const k of kanter) {
      if (k.fra === f && k.til !== f && !lag.has(k.til)) {
        lag.set(k.til, lag.get(f)! + 1);
        koe.push(k.til);
      }
    }
  }
  for (const f of SAKSFASER) if (!lag.has(f)) lag.set(f, Math.max(...lag.values()) + 1);

  const selvlokker = (f: SakFase) => kanter.filter((k) => k.fra === f && k.til === f);
  // A step that leads to the same phase from many phases (withdraw, close) would draw a fan of
  // crossing arrows; it is written inside each phase it leaves from instead ("→ Trukket: TrekkSak").
  const kilder = new Map<string, Set<string>>();
  for (const k of kanter) if (k.fra !== k.til && k.fra !== '[*]') kilder.set(`${k.steg}>${k.til}`, (kilder.get(`${k.steg}>${k.til}`) ?? new Set()).add(k.fra));
  const erUtgang = (k: Overgangskant) => k.fra !== '[*]' && k.fra !== k.til && (kilder.get(`${k.steg}>${k.til}`)?.size ?? 0) >= 4;
  const utganger = (f: SakFase) => kanter.filter((k) => k.fra === f && erUtgang(k));
  const BREDDE = 250;
  const MELLOM_X = 60;
  const LINJE = 14;
  const hoeyde = (f: SakFase) => 34 + (selvlokker(f).length + utganger(f).length) * LINJE;
  const antallLag = Math.max(...lag.values()) + 1;
  const radHoeyde: number[] = [];
  for (let l = 0; l < antallLag; l++) radHoeyde.push(Math.max(0, ...SAKSFASER.filter((f) => lag.get(f) === l).map(hoeyde)));
  const radY: number[] = [];
  let y = 70;
  for (let l = 0; l < antallLag; l++) {
    radY.push(y);
    y += radHoeyde[l]! + 110;
  }
  const maksPerLag = Math.max(...Array.from({ length: antallLag }, (_, l) => SAKSFASER.filter((f) => lag.get(f) === l).length));
  const totalBredde = maksPerLag * (BREDDE + MELLOM_X) + 200;
  const pos = new Map<SakFase, { x: number; y: number; h: number }>();
  for (let l = 0; l < antallLag; l++) {
    const iLag = SAKSFASER.filter((f) => lag.get(f) === l);
    const start = (totalBredde - iLag.length * (BREDDE + MELLOM_X) + MELLOM_X) / 2;
    iLag.forEach((f, i) => pos.set(f, { x: start + i * (BREDDE + MELLOM_X), y: radY[l]!, h: hoeyde(f) }));
  }

  const deler: string[] = [];
  deler.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalBredde}" height="${y}" viewBox="0 0 ${totalBredde} ${y}" font-family="sans-serif" font-size="11">`,
    '<title>Saksgang: arbeidsflyten for en sak</title>',
    '<defs><marker id="pil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    '<rect width="100%" height="100%" fill="white"/>',
  );
  const start = { x: totalBredde / 2, y: 25 };
  deler.push(`<circle cx="${start.x}" cy="${start.y}" r="9" fill="#222"/>`);

  // Arrows between phases (and from the start).
  let n = 0;
  for (const k of kanter) {
    if (k.fra === k.til || erUtgang(k)) continue;
    const til = pos.get(k.til)!;
    const mx = til.x + BREDDE / 2;
    let d: string;
    let lx: number;
    let ly: number;
    if (k.fra === '[*]') {
      d = `M${start.x},${start.y + 9} L${mx},${til.y}`;
      lx = (start.x + mx) / 2 + 6;
      ly = (start.y + til.y) / 2;
    } else {
      const fra = pos.get(k.fra)!;
      const fx = fra.x + BREDDE / 2;
      const nedover = lag.get(k.til)! > lag.get(k.fra)!;
      const sy = nedover ? fra.y + fra.h : fra.y;
      const ey = nedover ? til.y : til.y + til.h;
      const bue = ((n++ % 5) - 2) * 18 + (nedover ? 0 : 80);
      const cx = (fx + mx) / 2 + bue;
      const cy = (sy + ey) / 2;
      d = `M${fx},${sy} Q${cx},${cy} ${mx},${ey}`;
      lx = (fx + 2 * cx + mx) / 4;
      ly = (sy + 2 * cy + ey) / 4;
    }
    deler.push(
      `<g class="overgang" data-steg="${k.steg}" data-fra="${xml(k.fra)}" data-til="${k.til}"><title>${xml(etikett(k))}</title>` +
        `<path d="${d}" fill="none" stroke="#555" marker-end="url(#pil)"/>` +
        `<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" fill="#024" text-anchor="middle">${xml(etikett(k))}</text></g>`,
    );
  }

  // Phases, with the steps that keep the phase listed inside.
  for (const f of SAKSFASER) {
    const p = pos.get(f)!;
    const lukket = f === 'avsluttet' || f === 'trukket';
    deler.push(
      `<g class="fase" data-fase="${f}"><rect x="${p.x}" y="${p.y}" width="${BREDDE}" height="${p.h}" rx="10" fill="${lukket ? '#eee' : '#eef5ff'}" stroke="#246"/>` +
        `<text x="${p.x + BREDDE / 2}" y="${p.y + 20}" text-anchor="middle" font-size="13" font-weight="bold">${xml(FASEBESKRIVELSE[f])}</text></g>`,
    );
    selvlokker(f).forEach((k, i) => {
      deler.push(
        `<g class="overgang selvlokke" data-steg="${k.steg}" data-fra="${f}" data-til="${f}"><title>${xml(etikett(k))}</title>` +
          `<text x="${p.x + 12}" y="${p.y + 36 + i * LINJE}">↻ ${xml(etikett(k))}</text></g>`,
      );
    });
    const forbi = selvlokker(f).length;
    utganger(f).forEach((k, i) => {
      deler.push(
        `<g class="overgang utgang" data-steg="${k.steg}" data-fra="${f}" data-til="${k.til}"><title>${xml(etikett(k))}</title>` +
          `<text x="${p.x + 12}" y="${p.y + 36 + (forbi + i) * LINJE}" fill="#642">→ ${xml(FASEBESKRIVELSE[k.til])}: ${xml(etikett(k))}</text></g>`,
      );
    });
  }
  deler.push('</svg>');
  return deler.join('\n') + '\n';
}

/** Both pictures of the workflow, from the one declaration. */
export function workflowDiagram(): { readonly mermaid: string; readonly svg: string } {
  return { mermaid: mermaidDiagram(), svg: svgDiagram() };
}
