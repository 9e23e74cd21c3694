/** The README stays true: every configuration variable is documented, every npm script it names exists. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_VARIABLES } from '@saksgang/application';

const readmeUrl = new URL('../../README.md', import.meta.url);
const START = '<!-- config-table:start (generated from CONFIG_VARIABLES by `npm run docs`) -->';
const END = '<!-- config-table:end -->';

/** The configuration table, generated from the same list the start-up validation uses. */
function configTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...CONFIG_VARIABLES.map((v) => `| \`${v.name}\` | ${cell(v.default)} | ${cell(v.description)} |`),
  ].join('\n');
}

function withTable(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md lacks the config-table markers');
  return `${text.slice(0, a + START.length)}\n${configTable()}\n${text.slice(b)}`;
}

if (process.env['UPDATE_DOCS'] === '1') writeFileSync(readmeUrl, withTable(readFileSync(readmeUrl, 'utf8')));
const readme = readFileSync(readmeUrl, 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

describe('README', () => {
  it.each(CONFIG_VARIABLES.map((v) => v.name))('documents the variable %s in the configuration table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('has the configuration table exactly as generated from CONFIG_VARIABLES', () => {
    expect(readme).toBe(withTable(readme));
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const script of named) expect(Object.keys(pkg.scripts)).toContain(script);
    for (const script of ['start', 'test']) expect(pkg.scripts[script]).toBeDefined();
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test/m);
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1]!.split('#')[0]!);
    for (const link of links) expect(() => readFileSync(new URL(`../../${link}`, import.meta.url))).not.toThrow();
  });
});
