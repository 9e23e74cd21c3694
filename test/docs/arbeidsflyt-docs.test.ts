/**
 * The workflow's pictures and table in docs/ are generated from the same declaration the engine enforces
 * (SAK_ARBEIDSFLYT), so they cannot drift: this test fails when they differ. Regenerate with `npm run docs`.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arbeidsflytDokumentasjon, workflowDiagram } from '@saksgang/domain';

const docs = new URL('../../docs/', import.meta.url);

function expected(): Record<string, string> {
  const { mermaid, svg } = workflowDiagram();
  const md = [
    '# Arbeidsflyten for en sak',
    '',
    'Generated from `SAK_ARBEIDSFLYT` in `libs/domain/src/sak/arbeidsflyt.ts` — the same declaration `sakDecider` enforces.',
    'Do not edit by hand: run `npm run docs`. The test `test/docs/arbeidsflyt-docs.test.ts` fails if this file drifts from the rules.',
    '',
    '![Arbeidsflyten](arbeidsflyt.svg)',
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
    '## Steg, hvem som kan ta dem, og reglene',
    '',
    arbeidsflytDokumentasjon(),
  ].join('\n');
  return { 'arbeidsflyt.md': md, 'arbeidsflyt.svg': svg.endsWith('\n') ? svg : `${svg}\n` };
}

describe('docs/ generated from the workflow declaration', () => {
  const files = expected();
  if (process.env['UPDATE_DOCS'] === '1') {
    mkdirSync(docs, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(new URL(name, docs), content);
  }
  it.each(Object.keys(files))('%s is up to date', (name) => {
    const path = new URL(name, docs);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(files[name]);
  });
});
