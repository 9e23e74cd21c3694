/**
 * `verifiser.mjs`, written into every bundle: checks the hash chains in `events.jsonl` with nothing
 * but Node.js (no saksgang, no packages). Exit 0 when every chain is whole, 1 otherwise. Redacted
 * events of a public bundle (lines with `skjermet`) cannot be re-hashed; the script then checks only
 * that the chain links around them are unbroken.
 */
export const VERIFISER_SCRIPT = `#!/usr/bin/env node
// Verifies the hash chains of events.jsonl (saksgang archive bundle). Usage: node verifiser.mjs [events.jsonl]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const canon = (v) => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canon(x))).join(',') + ']';
  if (typeof v === 'object') return '{' + Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
};
const file = process.argv[2] ?? new URL('./events.jsonl', import.meta.url);
const lines = readFileSync(file, 'utf8').split('\\n').filter((l) => l.trim() !== '');
const last = new Map();
let problems = 0;
for (const line of lines) {
  const e = JSON.parse(line);
  const { hash, ...metadata } = e.metadata;
  const previousHash = metadata.previousHash;
  if (!e.skjermet) {
    const h = createHash('sha256').update(canon({ streamName: e.streamName, revision: e.revision, eventId: e.eventId, type: e.type, data: e.data, metadata })).digest('hex');
    if (hash !== undefined && h !== hash) { problems++; console.log('ENDRET', e.streamName, e.revision, e.eventId); }
  }
  const before = last.get(e.streamName);
  if (before && (before.revision + 1 !== e.revision || (previousHash !== undefined && previousHash !== before.hash))) {
    problems++; console.log('BRUDD I KJEDEN', e.streamName, 'mellom', before.revision, 'og', e.revision, e.eventId);
  }
  last.set(e.streamName, { revision: e.revision, hash });
}
console.log(problems === 0 ? 'OK: ' + lines.length + ' hendelser, ' + last.size + ' strømmer' : problems + ' avvik');
process.exit(problems === 0 ? 0 : 1);
`;
