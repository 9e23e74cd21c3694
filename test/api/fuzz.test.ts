/**
 * Fuzzing the whole HTTP surface (issue #13, "done when"): every operation of the OpenAPI document
 * (`/docs-json`) gets mutated requests — hostile bodies (wrong types, huge strings, deep nesting,
 * `__proto__`/`constructor` keys, NUL and other control characters, arrays for objects, missing and
 * extra fields, other content types, invalid JSON), mutated path parameters (encoded, overlong, dot
 * segments, unicode), query parameters and headers (X-Organ, X-Rolle, Idempotency-Key, If-Match,
 * X-Correlation-Id, Authorization garbage), and now and then another method. For every answer:
 *
 * - never a 5xx;
 * - every error is `application/problem+json` with a JSON body having `type`, `title` and `status`;
 * - an error answer is bounded, and no answer repeats a huge input;
 * - a refused request (and every read) records nothing: the store's event count is the same after.
 *
 * Reproducible: fast-check runs with a fixed seed (`SAKSGANG_FUZZ_SEED`, default below; each operation
 * gets seed + its index) and a bounded number of runs (`SAKSGANG_FUZZ_RUNS`). A failure prints the
 * seed, the path and the request to replay it. Each operation first gets a fixed battery of hostile
 * requests (the same on every run), then the random ones. `SAKSGANG_FUZZ_STATISTIKK=1` prints how many
 * answers of each status and problem code came back; `SAKSGANG_FUZZ_VIS=<regex>` prints every request
 * whose answer (`<status> <code>`) matches, e.g. `SAKSGANG_FUZZ_VIS='^422'`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { START } from '@saksgang/event-store';
import { actor, countEvents, startTestApi, type TestApi, type TestResponse } from './support.js';

// A fixed amount of work (every operation, RUNS random requests each): bounded by work, not by time — on a loaded
// two-core machine (load average 20 beside another suite and benches) it took 147 s.
jest.setTimeout(600_000);

const SEED = Number(process.env['SAKSGANG_FUZZ_SEED'] ?? 20_261_206);
const RUNS = Number(process.env['SAKSGANG_FUZZ_RUNS'] ?? 60);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);

/** The longest error answer accepted (a problem names fields and says why; it never carries the input). */
const MAKS_FEILSVAR = 16 * 1024;
/** Inputs at least this long must never come back in an answer. */
const LANG_INNDATA = 2048;

// ---------------------------------------------------------------------------------------- the API

let api: TestApi;
let operasjoner: Operasjon[] = [];
/** Real ids (a sak, its oppdrag, agenda item …) so that mutated requests also reach the domain. */
const kjente: Record<string, string[]> = {};
/** Authorization variants: none, development headers, tokens (valid, read-only, operator, broken). */
let autentiseringer: Record<string, string>[] = [];
/** The operator's token: never sent to the rebuild operation (a rebuild is a legitimate 202, then the read models answer 503 while it runs). */
let driftToken = '';

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const ASU = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const FAGRAAD = actor('fagraad-leder', 'fagraad-12', 'leder');

interface Param {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
}
type Schema = { readonly [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Operasjon {
  readonly metode: string;
  readonly sti: string;
  readonly id: string;
  readonly stiparametre: readonly Param[];
  readonly query: readonly Param[];
  readonly body?: Schema;
}

async function lag(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`set-up: ${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** A sak driven to the steps whose ids the operations take: an oppdrag, an agenda item, a follow-up, an exemption. */
async function byggTilstand(): Promise<void> {
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['fagraad-12', 'Fagråd 12', 'fagraad'],
  ] as const) {
    await lag('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  const drift = { authorization: `Bearer ${driftToken}` };
  const medlem = await lag('POST', '/organer/psu-hnt/medlemmer', drift, { personId: 'psu-sekretaer', navn: 'PSU-sekretæren', rolle: 'sekretaer', fra: '2015-01-01', oppnevntAv: { drift: true } });

  const a = (await lag('POST', '/saker', PSU, { tittel: 'Handlingsplan for samhandling', innmeldtAv: 'psu-hnt', saksnummer: '3/17', gjelderFra: '2017-03-16' })).json.sakId as string;
  await lag('POST', `/saker/${a}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan.', frist: '2018-02-13', gjelderFra: '2017-03-16' });
  await lag('POST', `/saker/${a}/bestillinger/mottak`, ASU, { saksnummer: '16/2017', gjelderFra: '2017-04-18' });
  const oppdragId = (await lag('POST', `/saker/${a}/oppdrag`, ASU, { tilOrganId: 'fagraad-12', mandat: 'Beskrive forbedringsarbeidet.', frist: '2017-10-01', gjelderFra: '2017-05-01' })).json.oppdragId as string;
  await lag('POST', `/saker/${a}/oppdrag/${oppdragId}/aksept`, FAGRAAD, { gjelderFra: '2017-05-10' });
  const skjerming = await api.request('POST', `/saker/${a}/skjerminger`, {
    headers: ADMIN,
    body: { felt: ['beskrivelse'], skjermingshjemmel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1', gjelderFra: '2017-05-11' },
  });

  const b = (await lag('POST', '/saker', PSU, { tittel: 'Orientering om samhandlingsavtalen', innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak', gjelderFra: '2019-02-01' })).json.sakId as string;
  const punktId = (await lag('POST', `/saker/${b}/saksliste`, PSU, { organIder: ['psu-hnt'], moetedato: '2019-02-15', moetested: 'Stjørdal' })).json.sakslistepunktId as string;
  await lag('POST', `/saker/${b}/sakslistepunkter/${punktId}/vedtak`, PSU, { vedtaksutfall: 'vedtatt', vedtakstekst: 'Saken er vedtatt.' });
  const oppfoelgingId = (await lag('POST', `/saker/${b}/oppfoelginger`, PSU, { tilOrganId: 'asu-hnt', beskrivelse: 'Følg opp.', frist: '2019-06-30', gjelderFra: '2019-02-16' })).json.oppfoelgingId as string;

  Object.assign(kjente, {
    sakId: [a, b],
    oppdragId: [oppdragId],
    sakslistepunktId: [punktId],
    oppfoelgingId: [oppfoelgingId],
    skjermingId: skjerming.status === 201 && typeof skjerming.json?.skjermingId === 'string' ? [skjerming.json.skjermingId] : ['skjerming-1'],
    organId: ['psu-hnt', 'asu-hnt', 'fagraad-12'],
    periodeId: [medlem.json.periodeId as string],
    name: ['saksforloep', 'arbeidsliste'],
    aar: ['2019', '2017'],
  });
}

function base64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

async function lagAutentiseringer(): Promise<void> {
  const gyldig = await lagLokaltToken(KEY, { personId: 'psu-sekretaer' });
  const revisor = await lagLokaltToken(KEY, { personId: 'riksrevisjonen', roller: ['revisor'] });
  driftToken = await lagLokaltToken(KEY, { personId: 'it-drift', roller: ['drift'] });
  const utloept = await lagLokaltToken(KEY, { personId: 'psu-sekretaer', levetidSekunder: -60 });
  const fremmed = await lagLokaltToken(randomBytes(48), { personId: 'psu-sekretaer' });
  const none = `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify({ sub: 'psu-sekretaer', iss: 'saksgang-lokal', aud: 'saksgang', exp: 4_102_444_800 }))}.`;
  const medlemskap = { 'x-organ': 'psu-hnt', 'x-rolle': 'sekretaer' };
  autentiseringer = [
    {},
    ADMIN,
    PSU,
    ASU,
    FAGRAAD,
    actor('tore-sandvik', 'psu-hnt', 'observatoer'),
    { 'x-dev-person': 'x', 'x-dev-organ': '', 'x-dev-rolle': 'sekretaer' },
    { 'x-dev-person': '../../etc/passwd', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' },
    { 'x-dev-person': 'ø'.repeat(300), 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' },
    { authorization: `Bearer ${gyldig}`, ...medlemskap },
    { authorization: `Bearer ${gyldig}` },
    { authorization: `Bearer ${gyldig}`, 'x-organ': 'psu-hnt' },
    { authorization: `Bearer ${gyldig}`, 'x-organ': 'asu-hnt', 'x-rolle': 'leder' },
    { authorization: `Bearer ${gyldig}`, ...ADMIN },
    { authorization: `Bearer ${revisor}` },
    { authorization: `Bearer ${revisor}`, ...medlemskap },
    { authorization: `Bearer ${driftToken}` },
    { authorization: `Bearer ${utloept}`, ...medlemskap },
    { authorization: `Bearer ${fremmed}`, ...medlemskap },
    { authorization: `Bearer ${none}`, ...medlemskap },
    { authorization: `bearer ${gyldig}`, ...medlemskap },
    { authorization: `Bearer ${gyldig} ${gyldig}`, ...medlemskap },
    { authorization: `Bearer ${gyldig.slice(0, -3)}xyz`, ...medlemskap },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Bearer a.b.c' },
    { authorization: 'Bearer ....' },
    { authorization: `Bearer ${base64url('{"alg":"HS256"}')}.${base64url('{"sub":{"__proto__":1}}')}.x` },
    { authorization: `Bearer ${'x'.repeat(9000)}` },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Negotiate ' + 'A'.repeat(64) },
    { authorization: '', 'x-dev-person': 'kari' },
  ];
}

/** Resolves `$ref`s into the document's components. */
function loes(schema: Schema | undefined, doc: Schema, dybde = 0): Schema | undefined {
  if (!schema || dybde > 20) return schema;
  if (typeof schema['$ref'] === 'string') {
    const navn = String(schema['$ref']).split('/').pop()!;
    return loes(doc['components']?.['schemas']?.[navn], doc, dybde + 1);
  }
  return schema;
}

/** An operation whose success is a stream of server-sent events (it answers `text/event-stream`). */
function erHendelsesstroem(op: Schema): boolean {
  return Object.values((op['responses'] ?? {}) as Record<string, Schema>).some((r) => Object.keys(r['content'] ?? {}).includes('text/event-stream'));
}

function operasjonerFra(doc: Schema): Operasjon[] {
  const ut: Operasjon[] = [];
  for (const [sti, ops] of Object.entries(doc['paths'] as Record<string, Record<string, Schema>>)) {
    for (const [metode, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(metode)) continue;
      // A stream of server-sent events (GET /live) never ends: it is checked by its own tests (hardening.test.ts, the browser tests).
      if (erHendelsesstroem(op)) continue;
      const parametre = ((op['parameters'] ?? []) as Param[]).map((p) => ({ ...p, schema: loes(p.schema, doc) }));
      const body = loes(op['requestBody']?.['content']?.['application/json']?.['schema'], doc);
      ut.push({
        metode: metode.toUpperCase(),
        sti,
        id: String(op['operationId'] ?? `${metode} ${sti}`),
        stiparametre: parametre.filter((p) => p.in === 'path'),
        query: parametre.filter((p) => p.in === 'query'),
        ...(body ? { body: fullSkjema(body, doc) } : {}),
      });
    }
  }
  return ut;
}

/** The schema with every `$ref` (and `allOf`) resolved, to build bodies from. */
function fullSkjema(schema: Schema, doc: Schema, dybde = 0): Schema {
  const s = loes(schema, doc) ?? {};
  if (dybde > 8) return s;
  const ut: Record<string, unknown> = { ...s };
  if (s['properties']) ut['properties'] = Object.fromEntries(Object.entries(s['properties'] as Record<string, Schema>).map(([k, v]) => [k, fullSkjema(v, doc, dybde + 1)]));
  if (s['items']) ut['items'] = fullSkjema(s['items'], doc, dybde + 1);
  if (Array.isArray(s['oneOf'])) ut['oneOf'] = s['oneOf'].map((x: Schema) => fullSkjema(x, doc, dybde + 1));
  if (Array.isArray(s['allOf'])) {
    const deler = s['allOf'].map((x: Schema) => fullSkjema(x, doc, dybde + 1));
    ut['properties'] = Object.assign({}, ...deler.map((d: Schema) => d['properties'] ?? {}));
    ut['required'] = deler.flatMap((d: Schema) => d['required'] ?? []);
    ut['type'] = 'object';
  }
  return ut;
}

// ------------------------------------------------------------------------------ building requests

/** A plausible value for a field, from its schema and name (so a request can be valid but for the mutation). */
function gyldigVerdi(navn: string, s: Schema | undefined, alle = false): unknown {
  if (!s) return 'tekst';
  if (s['example'] !== undefined && navn !== 'oppdragId') return s['example'];
  if (Array.isArray(s['enum'])) return s['enum'][0];
  if (Array.isArray(s['oneOf'])) return gyldigVerdi(navn, s['oneOf'][0]);
  switch (s['type']) {
    case 'string':
      if (s['format'] === 'date' || /dato|frist|fra$|til$/i.test(navn)) return '2019-02-15';
      if (s['format'] === 'uuid') return kjente['sakId']?.[0] ?? '00000000-0000-4000-8000-000000000000';
      if (/organ/i.test(navn)) return 'psu-hnt';
      if (/rolle/i.test(navn)) return 'sekretaer';
      if (/Id$/.test(navn)) return kjente[navn]?.[0] ?? 'id-1';
      return 'Tekst fra fuzz';
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
    case 'boolean':
      return true;
    case 'array':
      return [gyldigVerdi(navn, s['items'], alle)];
    case 'object':
    default: {
      const props = (s['properties'] ?? {}) as Record<string, Schema>;
      const kreves = new Set<string>((s['required'] ?? []) as string[]);
      return Object.fromEntries(Object.entries(props).filter(([k]) => alle || kreves.has(k) || k === 'gjelderFra').map(([k, v]) => [k, gyldigVerdi(k, v, alle)]));
    }
  }
}

const STOR_TEKST = 'x'.repeat(50_000);
const ENORM_TEKST = 'y'.repeat(1_200_000); // over SAKSGANG_BODY_LIMIT (1 MiB): 413
const LANG_NOEKKEL = 'k'.repeat(10_000);

/** Values of the wrong kind or hostile content, for any field. */
const fiendtligVerdi: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53 + 1,
    1e308,
    -0,
    '',
    ' ',
    '\t',
    'a\u0000b',
    '\u0000',
    'Stjørdal\u001b[31m',
    'linje\nlinje',
    '\u007f',
    '\ud800',
    '\u202eevil',
    '\ufeff',
    '😀'.repeat(20),
    'Æ'.repeat(301),
    STOR_TEKST,
    [],
    [[[]]],
    {},
    { a: 1 },
    ['psu-hnt'],
    ['psu-hnt', 'psu-hnt'],
    [null],
    { __proto__: null },
    'null',
    'undefined',
    '2019-02-30',
    '9999-99-99',
    '0000-01-01',
    '2019-02-15T25:00:00Z',
    '+275760-09-13',
    '2999-01-01',
    'PSU-HNT',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; drop table es_events; --",
    '%00',
    '${jndi:ldap://x}',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

const fiendtligNoekkel = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'utfoertAv', 'aktoer', 'sakId', 'commandId', '', ' ', 'ø', LANG_NOEKKEL, 'a.b', 'a[0]', '$where'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

type Mutasjon = { art: 'fjern'; felt: number } | { art: 'sett'; felt: number; verdi: unknown } | { art: 'legg_til'; noekkel: string; verdi: unknown } | { art: 'pakk_inn' };

const mutasjon: fc.Arbitrary<Mutasjon> = fc.oneof(
  fc.record({ art: fc.constant('fjern' as const), felt: fc.nat(20) }),
  { weight: 3, arbitrary: fc.record({ art: fc.constant('sett' as const), felt: fc.nat(20), verdi: fiendtligVerdi }) },
  fc.record({ art: fc.constant('legg_til' as const), noekkel: fiendtligNoekkel, verdi: fiendtligVerdi }),
  fc.record({ art: fc.constant('pakk_inn' as const) }),
);

/** JSON text of `verdi`; a key `__proto__` is written as a key (JSON.stringify of an object literal would drop it). */
function json(verdi: unknown): string {
  if (verdi !== null && typeof verdi === 'object' && !Array.isArray(verdi)) {
    const deler = Object.keys(verdi).map((k) => `${JSON.stringify(k)}:${json((verdi as Record<string, unknown>)[k])}`);
    if (Object.prototype.hasOwnProperty.call(verdi, '__proto__')) deler.push(`"__proto__":${json((verdi as Record<string, unknown>)['__proto__'])}`);
    return `{${[...new Set(deler)].join(',')}}`;
  }
  if (Array.isArray(verdi)) return `[${verdi.map(json).join(',')}]`;
  return JSON.stringify(verdi) ?? 'null';
}

function mutert(gyldig: unknown, mutasjoner: readonly Mutasjon[]): string {
  let verdi: unknown = structuredClone(gyldig);
  for (const m of mutasjoner) {
    if (m.art === 'pakk_inn') {
      verdi = [verdi];
      continue;
    }
    if (verdi === null || typeof verdi !== 'object' || Array.isArray(verdi)) continue;
    const o = verdi as Record<string, unknown>;
    const felter = Object.keys(o);
    if (m.art === 'legg_til') {
      if (m.noekkel === '__proto__') Object.defineProperty(o, '__proto__', { value: m.verdi, enumerable: true, configurable: true, writable: true });
      else o[m.noekkel] = m.verdi;
    } else if (felter.length > 0) {
      const felt = felter[m.felt % felter.length]!;
      if (m.art === 'fjern') delete o[felt];
      else o[felt] = m.verdi;
    }
  }
  return json(verdi);
}

/** Bodies that are not JSON objects, or not JSON at all. */
const RAA_KROPPER: readonly string[] = [
  '',
  ' ',
  '{',
  '}',
  '{"a":',
  'nul',
  'undefined',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  '\u0000',
  '\ufeff{}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":[{"b":{"__proto__":{"x":1}}}]}',
  '{"tittel":"a","tittel":"b"}',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '{"tittel":"\\u0000","innmeldtAv":"psu-hnt"}',
  '1e309',
  '-1e309',
  '[]',
  '[{}]',
  'null',
  'true',
  '0',
  '"tekst"',
  `${'['.repeat(33)}${']'.repeat(33)}`,
  '['.repeat(100_000),
  '{"a":'.repeat(5_000),
  `{"a":"${'\\'.repeat(2)}"}`,
  `{"${LANG_NOEKKEL}":1}`,
  `{"tittel":"${STOR_TEKST}"}`,
  `{"a":${'9'.repeat(5000)}}`,
  JSON.stringify({ tittel: ENORM_TEKST }),
];

const INNHOLDSTYPER: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/problem+json',
  'application/octet-stream',
  'text/json',
  '*/*',
  'application/json, text/plain',
  'application/json;;;',
  'application/',
  ' ',
];

/** Path segments (as they stand in the URL: encoded or not). */
const FIENDTLIGE_SEGMENTER: readonly string[] = [
  '',
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2f..%2fetc%2fpasswd',
  '..%5c..',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%252F',
  '%2F',
  '%20',
  '+',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  '0',
  '-1',
  '1e309',
  '9'.repeat(40),
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(201),
  'x'.repeat(5_000),
  'ø',
  'Æøå',
  '😀',
  '%F0%9F%98%80',
  '%E2%80%AE',
  '%EF%BB%BF',
  'PSU-HNT',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '5f1b6a1e-0000-4000-8000-00000000000g',
  'psu-hnt;drop',
  'a?b=c',
  'a#b',
];

/** Header values a real HTTP request can carry (visible ASCII, space, tab, Latin-1). */
const headertegn = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constant('\t'),
);
const headerSoeppel: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'a'.repeat(300), 'psu-hnt', 'asu-hnt', 'sekretaer', 'leder', 'drift', 'revisor', '__proto__', 'ÆØÅ', '"0"', '*', '../../', '%00', '0'.repeat(30), 'W/"1"', '"1", "2"'),
  fc.string({ unit: headertegn, maxLength: 40 }),
);
const idempotensnoekkel = fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3'), fc.string({ unit: fc.constantFrom(...'abcdef0123456789-'), minLength: 1, maxLength: 24 }), fc.constant('k'.repeat(201)), headerSoeppel);
const ifMatch = fc.oneof(fc.constantFrom('"0"', '"1"', '"2"', '"5"', 'W/"1"', '*', '"-1"', '"99999999999999999999"', '1', '"abc"', '""'), headerSoeppel);

interface Forespoersel {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

function gyldigeFor(p: Param): string[] {
  const enumVerdier = (p.schema?.['enum'] ?? p.schema?.['items']?.['enum'] ?? []) as string[];
  const gyldige = [...(kjente[p.name] ?? []), ...enumVerdier, ...(p.schema?.['example'] !== undefined ? [String(p.schema['example'])] : [])];
  if (gyldige.length > 0) return gyldige;
  if (/dato|idag|tidspunkt|fra|til|registrertInnen/.test(p.name)) return ['2019-02-15', '2019-02-15T12:00:00Z'];
  if (p.name === 'minPosition') return ['C:0/P:0', 'C:-1/P:-1'];
  if (p.schema?.['format'] === 'uuid') return kjente['sakId'] ?? [];
  return ['psu-hnt', '1'];
}

/** A plausible value of a path or query parameter (a real id where there is one). */
function gyldigParameter(p: Param): fc.Arbitrary<string> {
  return fc.constantFrom(...gyldigeFor(p)).map(encodeURIComponent);
}

/** A mutated value of a path or query parameter: encoded, overlong, dot segments, unicode, garbage. */
function fiendtligParameter(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...FIENDTLIGE_SEGMENTER) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }).map(encodeURIComponent) },
  );
}

function stiFor(op: Operasjon, verdier: Record<string, string>): string {
  return op.sti.replace(/\{([^}]+)\}/g, (_m, navn: string) => verdier[navn] ?? 'x');
}

function gyldigeStiverdier(op: Operasjon): Record<string, string> {
  return Object.fromEntries(op.stiparametre.map((p) => [p.name, kjente[p.name]?.[0] ?? (p.schema?.['format'] === 'uuid' ? kjente['sakId']![0]! : 'x')]));
}

/** The aspects of a request a random case mutates (the others stay valid, so that the request reaches as deep as it can). */
const ASPEKTER = ['body', 'sti', 'query', 'autentisering', 'headere', 'innholdstype', 'metode'] as const;
type Aspekt = (typeof ASPEKTER)[number];

/**
 * The random requests for one operation: a plausible request (a real id in the path, a valid body,
 * an actor who may act) with none, one or two of its aspects mutated.
 */
function forespoersler(op: Operasjon): fc.Arbitrary<Forespoersel> {
  const erRebuild = op.sti.includes('/rebuild');
  const tillatte = autentiseringer.filter((a) => !erRebuild || !String(a['authorization'] ?? '').includes(driftToken));
  const gyldigAuth = fc.constantFrom(ADMIN, PSU, ASU, FAGRAAD, autentiseringer[9]!);
  const andreMetoder = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', op.metode === 'GET' ? 'POST' : 'GET'];
  const noen = <T,>(a: fc.Arbitrary<T>, vekt = 2) => fc.oneof({ weight: vekt, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

  const del = (aspekter: readonly Aspekt[]) => {
    const mut = (x: Aspekt) => aspekter.includes(x);
    const sti = fc.record(Object.fromEntries(op.stiparametre.map((p) => [p.name, mut('sti') ? fc.oneof(gyldigParameter(p), fiendtligParameter()) : gyldigParameter(p)])) as Record<string, fc.Arbitrary<string>>);
    const gyldigQuery = op.query.length > 0 ? fc.subarray([...op.query], { maxLength: Math.min(3, op.query.length) }).chain((ps) => fc.tuple(...ps.map((p) => gyldigParameter(p).map((v) => `${encodeURIComponent(p.name)}=${v}`)))) : fc.constant([] as string[]);
    const query: fc.Arbitrary<string[]> = mut('query')
      ? fc.array(
          fc.oneof(
            { weight: 3, arbitrary: op.query.length > 0 ? fc.constantFrom(...op.query).chain((p) => fc.oneof(gyldigParameter(p), fiendtligParameter()).map((v) => `${encodeURIComponent(p.name)}=${v}`)) : fiendtligParameter().map((v) => `x=${v}`) },
            { weight: 1, arbitrary: fc.tuple(fiendtligNoekkel, fiendtligParameter()).map(([k, v]) => `${encodeURIComponent(k)}=${v}`) },
            { weight: 1, arbitrary: fc.constantFrom('a[b]=1', '__proto__[x]=1', 'constructor[prototype][x]=1', '&&&', '=', 'q', `q=${'x'.repeat(20_000)}`, 'perSide=1e9', 'side=-1', 'aar=99999', 'minPosition=C:999999999/P:999999999') },
          ),
          { minLength: 1, maxLength: 4 },
        )
      : gyldigQuery;
    const gyldigBody = op.body ? fc.boolean().map((alle) => json(gyldigVerdi('body', op.body, alle))) : fc.constant(undefined);
    const body: fc.Arbitrary<string | undefined> = !mut('body')
      ? gyldigBody
      : op.body
        ? fc.oneof(
            { weight: 5, arbitrary: fc.tuple(fc.boolean(), fc.array(mutasjon, { minLength: 1, maxLength: 3 })).map(([alle, m]) => mutert(gyldigVerdi('body', op.body, alle), m)) },
            { weight: 2, arbitrary: fc.constantFrom(...RAA_KROPPER) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
            { weight: 1, arbitrary: fc.constant(undefined) },
          )
        : fc.constantFrom(...RAA_KROPPER.slice(0, 14));
    const auth = mut('autentisering') ? fc.constantFrom(...tillatte) : gyldigAuth;
    const ekstra = mut('headere')
      ? fc.record({
          'idempotency-key': noen(idempotensnoekkel, 1),
          'if-match': noen(ifMatch),
          'x-correlation-id': noen(headerSoeppel),
          'x-organ': noen(headerSoeppel),
          'x-rolle': noen(headerSoeppel),
          'x-dev-person': noen(headerSoeppel, 4),
          'x-dev-rolle': noen(headerSoeppel, 4),
          accept: noen(fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', 'image/svg+xml', '')),
        })
      : fc.record({ 'idempotency-key': noen(fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3'), 4) });
    const innholdstype = mut('innholdstype') ? fc.oneof(fc.constantFrom(...INNHOLDSTYPER), headerSoeppel) : fc.constant(undefined);
    const metode = mut('metode') ? fc.constantFrom(...andreMetoder) : fc.constant(op.metode);
    return fc.record({ metode, sti, query, body, auth, ekstra, innholdstype });
  };

  return fc
    .subarray([...ASPEKTER], { maxLength: 2 })
    .chain(del)
    .map(({ metode: m, sti: s, query: q, body: b, auth: a, ekstra: e, innholdstype: ct }) => {
      const qs = q.join('&');
      const headers = { ...a, ...e, ...(ct !== undefined ? { 'content-type': ct } : b !== undefined ? { 'content-type': 'application/json' } : {}) } as Record<string, string | undefined>;
      // A request from a client never holds a key for a header it leaves out.
      for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
      return { method: m, url: `${stiFor(op, s)}${qs ? `?${qs}` : ''}`, headers: headers as Record<string, string>, ...(b !== undefined ? { body: b } : {}) };
    });
}

/** The fixed battery every operation gets (the same on every run): hostile bodies and content types with a valid actor and path. */
function batteri(op: Operasjon): Forespoersel[] {
  const url = stiFor(op, gyldigeStiverdier(op));
  const headers = { ...PSU, 'content-type': 'application/json' };
  const ut: Forespoersel[] = [
    ...RAA_KROPPER.map((body) => ({ method: op.metode, url, headers, body })),
    ...INNHOLDSTYPER.map((ct) => ({ method: op.metode, url, headers: { ...PSU, 'content-type': ct }, body: ct.includes('form') ? 'a=1&b=2' : '{"a":1}' })),
    { method: op.metode, url, headers: { 'content-type': 'application/json' }, body: '{}' },
    { method: op.metode, url: `${url}/..`, headers: PSU },
    { method: op.metode, url: `${url}/%2e%2e/%2e%2e`, headers: PSU },
    { method: op.metode, url: url.replace(/\/[^/]+$/, '/%00'), headers: PSU },
  ];
  if (op.body) {
    // Every field, the optional ones too (a control character in an optional text must be refused as well).
    const gyldig = gyldigVerdi('body', op.body, true) as Record<string, unknown>;
    const strengfelter = Object.keys(gyldig).filter((k) => typeof gyldig[k] === 'string');
    const med = (f: (v: unknown, k: string) => unknown) => JSON.stringify(Object.fromEntries(Object.entries(gyldig).map(([k, v]) => [k, f(v, k)])));
    ut.push(
      { method: op.metode, url, headers, body: med((v) => (typeof v === 'string' ? `${v}\u0000` : v)) },
      { method: op.metode, url, headers, body: med((v) => (typeof v === 'string' ? `${v}\u001b\u0007` : v)) },
      { method: op.metode, url, headers, body: med((v) => (typeof v === 'string' ? STOR_TEKST : v)) },
      { method: op.metode, url, headers, body: med((v) => (typeof v === 'string' ? 12 : typeof v === 'number' ? 'tolv' : v)) },
      { method: op.metode, url, headers, body: med((v) => [v]) },
      { method: op.metode, url, headers, body: med((v) => ({ v })) },
      { method: op.metode, url, headers, body: JSON.stringify({ ...gyldig, ukjent: 1, [LANG_NOEKKEL]: 2 }) },
      { method: op.metode, url, headers, body: JSON.stringify([gyldig]) },
      { method: op.metode, url, headers, body: `{"__proto__":{"admin":true},${json(gyldig).slice(1)}` },
      { method: op.metode, url, headers, body: JSON.stringify({ ...gyldig, constructor: { prototype: { admin: true } } }) },
      { method: op.metode, url, headers: { ...headers, 'if-match': '"999"' }, body: JSON.stringify(gyldig) },
      { method: op.metode, url, headers: { ...headers, 'idempotency-key': 'k'.repeat(201) }, body: JSON.stringify(gyldig) },
      { method: op.metode, url, headers: { ...headers, 'idempotency-key': 'fuzz-gjenbrukt' }, body: JSON.stringify(gyldig) },
      ...strengfelter.map((k) => ({ method: op.metode, url, headers, body: JSON.stringify({ ...gyldig, [k]: '\u0000' }) })),
      // An unpaired surrogate (JSON.stringify writes it as the escape \ud800): not a character at all.
      ...strengfelter.map((k) => ({ method: op.metode, url, headers, body: JSON.stringify({ ...gyldig, [k]: `${String(gyldig[k])}\ud800` }) })),
    );
  }
  return ut;
}

// ------------------------------------------------------------------------------------ the checks

/** How many answers of each kind (method, status, problem code): printed at the end. */
const statistikk = new Map<string, number>();

function kort(s: string | undefined, n = 300): string {
  if (s === undefined) return '(ingen)';
  return s.length <= n ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, n))}… (${s.length} tegn)`;
}

function beskriv(f: Forespoersel, res?: TestResponse): string {
  const h = Object.fromEntries(Object.entries(f.headers).map(([k, v]) => [k, k === 'authorization' ? `${v.slice(0, 20)}…` : v.length > 60 ? `${v.slice(0, 60)}… (${v.length})` : v]));
  return `${f.method} ${kort(f.url, 200)}\n  headers ${JSON.stringify(h)}\n  body ${kort(f.body)}${res ? `\n→ ${res.status} ${String(res.headers['content-type'])}\n  ${kort(res.body, 600)}` : ''}`;
}

/** The long inputs of a request (any of them coming back in the answer is an echo). */
function langeInndata(f: Forespoersel): string[] {
  const ut: string[] = [];
  for (const v of [f.url, f.body ?? '', ...Object.values(f.headers)]) {
    for (const m of v.matchAll(/(.)\1{2047,}/gsu)) ut.push(m[0]);
    if (v.length >= LANG_INNDATA && !/^(.)\1*$/su.test(v)) ut.push(v);
  }
  return ut;
}

/** The number of events in the store: counted by the store in one query where it can (as `countEvents` in support.ts, which reads them all). */
async function antallHendelser(): Promise<number> {
  const store = api.opened.store;
  if (!store.countEvents) return countEvents(api);
  return store.countEvents(START, await store.headPosition());
}

/**
 * Sends the request and checks the answer. Throws with the request and the answer on a finding.
 * Every error answer comes back checked; the count of recorded events is compared for refusals and reads.
 */
async function sendOgSjekk(f: Forespoersel): Promise<TestResponse> {
  const foer = await antallHendelser();
  const res = await api.request(f.method, f.url, { headers: f.headers, ...(f.body !== undefined ? { rawBody: f.body } : {}) });
  const etter = await antallHendelser();
  const funn: string[] = [];
  if (res.status >= 500) funn.push(`a ${res.status}`);
  if (res.status >= 400) {
    const ct = String(res.headers['content-type'] ?? '');
    if (!ct.startsWith('application/problem+json')) funn.push(`content-type ${ct}, not application/problem+json`);
    if (f.method !== 'HEAD') {
      const j = res.json as Record<string, unknown> | undefined;
      if (!j || typeof j !== 'object') funn.push('the body is not a JSON object');
      else {
        if (typeof j['type'] !== 'string') funn.push('no `type`');
        if (typeof j['title'] !== 'string') funn.push('no `title`');
        if (j['status'] !== res.status) funn.push(`\`status\` ${String(j['status'])} ≠ ${res.status}`);
      }
      if (res.body.length > MAKS_FEILSVAR) funn.push(`an error answer of ${res.body.length} characters`);
    }
  }
  for (const inn of langeInndata(f)) if (res.body.includes(inn.slice(0, LANG_INNDATA))) funn.push(`the answer repeats an input of ${inn.length} characters`);
  const refusert = res.status >= 400;
  const lesing = ['GET', 'HEAD', 'OPTIONS'].includes(f.method);
  if ((refusert || lesing) && etter !== foer) funn.push(`${etter - foer} event(s) recorded by a ${refusert ? 'refused request' : 'read'}`);
  if (funn.length > 0) throw new Error(`${funn.join('; ')}\n${beskriv(f, res)}`);
  const vis = process.env['SAKSGANG_FUZZ_VIS'];
  if (vis && new RegExp(vis).test(`${res.status} ${String(res.json?.code ?? '')}`)) console.log(beskriv(f, res));
  // What a request created (a sak, an oppdrag, an agenda item …) becomes a path value for the operations after it.
  if (res.status === 201 && res.json && typeof res.json === 'object') {
    for (const [felt, v] of Object.entries(res.json as Record<string, unknown>)) {
      if (/Id$/.test(felt) && typeof v === 'string' && (kjente[felt] ??= []).length < 8 && !kjente[felt]!.includes(v)) kjente[felt]!.push(v);
    }
  }
  const k = `${f.method} ${res.status}${res.status >= 400 ? ` ${String(res.json?.code ?? '')}` : ''}`;
  statistikk.set(k, (statistikk.get(k) ?? 0) + 1);
  return res;
}

// ------------------------------------------------------------------------------------ the tests

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '2000' });
  await lagAutentiseringer();
  await byggTilstand();
  expect(await antallHendelser()).toBe(await countEvents(api));
  const docs = await api.request('GET', '/docs-json');
  expect(docs.status).toBe(200);
  operasjoner = operasjonerFra(docs.json);
}, 300_000);

afterAll(async () => {
  await api?.close();
});

describe('fuzzing every operation of the OpenAPI document', () => {
  it('the document has the operations (every write among them)', () => {
    expect(operasjoner.length).toBeGreaterThanOrEqual(50);
    expect(operasjoner.filter((o) => o.metode !== 'GET').length).toBeGreaterThanOrEqual(30);
  });

  it('every operation: the fixed battery, then random mutated requests — no 5xx, problem+json errors, bounded answers, nothing recorded on refusal', async () => {
    const start = Date.now();
    let sendt = 0;
    for (const [i, op] of operasjoner.entries()) {
      for (const f of batteri(op)) {
        await sendOgSjekk(f);
        sendt++;
      }
      await fc.assert(
        fc.asyncProperty(forespoersler(op), async (f) => {
          await sendOgSjekk(f);
          sendt++;
        }),
        { seed: SEED + i, numRuns: RUNS, endOnFailure: true },
      ).catch((e: unknown) => {
        const grunn = (e as Error).cause instanceof Error ? `\n${((e as Error).cause as Error).message}` : '';
        throw new Error(`${op.metode} ${op.sti} (${op.id}), seed ${SEED + i}: ${(e as Error).message}${grunn}`);
      });
    }
    if (process.env['SAKSGANG_FUZZ_STATISTIKK']) console.log([...statistikk].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join('\n'));
    console.log(`fuzz: ${sendt} requests to ${operasjoner.length} operations in ${Math.round((Date.now() - start) / 1000)} s (seed ${SEED}, ${RUNS} random runs each)`);
  });
});
