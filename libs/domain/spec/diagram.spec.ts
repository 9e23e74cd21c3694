import { describe, expect, it } from '@jest/globals';
import { arbeidsflytDokumentasjon, arbeidsflytKanter, SAK_ARBEIDSFLYT, SAK_STEG, SAKSFASER, workflowDiagram } from '../src/index.js';

describe('workflowDiagram (generated from the declaration)', () => {
  const { mermaid, svg } = workflowDiagram();

  it('Mermaid: every step of the declaration appears as a transition, and every transition is a declared step', () => {
    expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    const kanter = [...mermaid.matchAll(/^\s+(\S+) --> (\S+) : (\w+)/gm)].map((m) => ({ fra: m[1], til: m[2], steg: m[3] }));
    expect(new Set(kanter.map((k) => k.steg))).toEqual(new Set(SAK_STEG));
    for (const k of kanter) {
      const def = SAK_ARBEIDSFLYT[k.steg as keyof typeof SAK_ARBEIDSFLYT];
      expect(def).toBeDefined();
      if (k.fra === '[*]') expect(def.fra).toEqual([]);
      else expect(def.fra).toContain(k.fra);
    }
    // Every declared (from, step) pair is drawn.
    for (const steg of SAK_STEG) for (const fra of SAK_ARBEIDSFLYT[steg].fra) expect(kanter.some((k) => k.steg === steg && k.fra === fra)).toBe(true);
    for (const f of SAKSFASER) expect(mermaid).toContain(`  ${f} : `);
    expect(mermaid).toContain('paa_saksliste --> utsatt : FattVedtak (utsatt)');
    expect(mermaid).toContain('[*] --> registrert : RegistrerSak');
  });

  it('SVG: standalone, every step and every phase drawn, and nothing else', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const steg = new Set([...svg.matchAll(/data-steg="(\w+)"/g)].map((m) => m[1]));
    expect(steg).toEqual(new Set(SAK_STEG));
    const faser = new Set([...svg.matchAll(/data-fase="(\w+)"/g)].map((m) => m[1]));
    expect(faser).toEqual(new Set(SAKSFASER));
    expect([...svg.matchAll(/class="overgang/g)]).toHaveLength(arbeidsflytKanter().length);
    expect(svg).not.toContain('undefined');
    expect(svg).not.toContain('NaN');
  });

  it('the README table lists every step with its event and every rule code', () => {
    const md = arbeidsflytDokumentasjon();
    for (const steg of SAK_STEG) {
      const def = SAK_ARBEIDSFLYT[steg];
      expect(md).toContain(`**${steg}** → ${def.hendelse}`);
      for (const v of [...def.forutsetninger, ...def.vakter]) expect(md).toContain(`\`${v.kode}\``);
    }
  });
});
