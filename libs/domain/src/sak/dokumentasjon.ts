/** The workflow written out as Markdown, from {@link SAK_ARBEIDSFLYT} (the README's step table). */
import { SAK_ARBEIDSFLYT, SAK_STEG } from './arbeidsflyt.js';
import { beskrivOrganKrav, FASEBESKRIVELSE, ROLLEBESKRIVELSE } from './beskrivelser.js';
import type { StegDefinisjon } from './vokabular.js';
import type { SakStegType } from './typer.js';

export function arbeidsflytDokumentasjon(): string {
  const ut: string[] = ['| Steg → hendelse | Fra fase | Til fase | Hvem | Regler (kode: grunn) |', '|---|---|---|---|---|'];
  for (const steg of SAK_STEG) {
    const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
    const fra = def.fra.length === 0 ? '(ny sak)' : def.fra.map((f) => FASEBESKRIVELSE[f]).join(', ');
    const til = def.overganger.map((o) => `${o.til === 'uendret' ? 'uendret' : FASEBESKRIVELSE[o.til]}${o.vilkaar ? ` (${o.vilkaar})` : ''}`).join('; ');
    const organ = def.aktoer.organ.length === 0 ? 'alle organer' : def.aktoer.organ.map(beskrivOrganKrav).join(' / ');
    const hvem = `${def.aktoer.roller.map((r) => ROLLEBESKRIVELSE[r]).join(', ')} i ${organ}`;
    const regler = [...def.forutsetninger, ...def.vakter].map((v) => `\`${v.kode}\`: ${v.grunn}`).join('<br>');
    ut.push(`| **${steg}** → ${def.hendelse}<br>${def.beskrivelse} | ${fra} | ${til} | ${hvem} | ${regler || '—'} |`);
  }
  return ut.join('\n') + '\n';
}
