/** The avvik workflow as a diagram (Mermaid state diagram), made from its declaration: each step from the statuses it may be taken in to where it leads. */
import { AVVIK_ARBEIDSFLYT, AVVIK_STEG } from './arbeidsflyt.js';
import { AVVIKSSTATUSBESKRIVELSE } from './avvik-decider.js';
import { AVVIKSSTATUSER } from './typer.js';

export function avviksdiagramMermaid(): string {
  const linjer = ['stateDiagram-v2'];
  for (const s of AVVIKSSTATUSER) linjer.push(`  ${s}: ${AVVIKSSTATUSBESKRIVELSE[s]}`);
  for (const steg of AVVIK_STEG) {
    const d = AVVIK_ARBEIDSFLYT[steg];
    const fra = d.fra.length === 0 ? ['[*]'] : d.fra;
    for (const f of fra) linjer.push(`  ${f} --> ${d.til === 'uendret' ? f : d.til}: ${d.tittel}`);
  }
  return `${linjer.join('\n')}\n`;
}
