/**
 * Authorization by route (issue 13, items 1, 3 (the lists), 4 and 8): the guard decides on the route
 * Fastify matched, never on the URL's text. Every operation of the OpenAPI document is called with
 * encoded, doubled-slash, dot-segment, trailing-slash and case variants of its path by an observer and
 * by a person with no membership: no variant succeeds where the plain path is refused, and nothing is
 * recorded. Then the explicit role × read table, the auditors' operations, and the tokens' lifetime.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { levetidsfeil } from '../../apps/api/src/auth/token-verifier.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi } from './support.js';

jest.setTimeout(300_000);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
type Systemrolle = 'revisor' | 'drift';

let api: TestApi;
let sakId: string;

async function som(personId: string, organ?: string, rolle?: string, roller: Systemrolle[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId, roller })}`, ...(organ && rolle ? { 'x-organ': organ, 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_PROJECTIONS: 'on' });
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, organtype] of [
    ['sekr', 'sekretariat'],
    ['psu', 'psu'],
    ['asu', 'asu'],
  ]) {
    await ok('POST', '/organer', drift, { organId, navn: organId.toUpperCase(), organtype, mandat: 'm', gjelderFra: '2015-01-01' });
  }
  const medlem = (organId: string, personId: string, rolle: string) => ok('POST', `/organer/${organId}/medlemmer`, drift, { personId, navn: personId, rolle, fra: '2015-01-01' });
  await medlem('sekr', 'sekr-kari', 'sekretaer');
  await medlem('psu', 'psu-sekretaer', 'sekretaer');
  await medlem('psu', 'psu-obs', 'observatoer');
  await medlem('asu', 'asu-medlem', 'medlem');
  const sak = await ok('POST', '/saker', await som('psu-sekretaer', 'psu', 'sekretaer'), { tittel: 'Sak', innmeldtAv: 'psu', sakstype: 'orienteringssak', gjelderFra: '2020-01-01' });
  sakId = sak.json.sakId;
}, 180_000);
afterAll(async () => api?.close());

// ---------- every route, every spelling ----------

interface Operasjon {
  readonly metode: string;
  readonly sti: string;
}

async function operasjoner(): Promise<Operasjon[]> {
  const doc = (await api.request('GET', '/docs-json')).json as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };
  // A stream of server-sent events (GET /live, public) never ends: its access and headers are checked in hardening.test.ts.
  const stroem = (op: { responses?: Record<string, { content?: Record<string, unknown> }> }) => Object.values(op.responses ?? {}).some((r) => 'text/event-stream' in (r.content ?? {}));
  return Object.entries(doc.paths).flatMap(([sti, item]) =>
    ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m] && !stroem(item[m]!)).map((metode) => ({ metode: metode.toUpperCase(), sti })),
  );
}

function fyll(sti: string): string {
  return sti.replace(/\{(\w+)\}/g, (_, navn: string) => (navn === 'sakId' ? sakId : navn === 'organId' ? 'asu' : navn === 'name' ? 'saksforloep' : navn === 'aar' ? '2020' : randomUUID()));
}

/** Spellings of a path that a lenient router or a text-matching guard might treat as the same route. */
function varianter(sti: string): string[] {
  const deler = sti.split('/').slice(1);
  const [forste = '', ...rest] = deler;
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const v = [
    `/${hex(forste[0] ?? 'a')}${forste.slice(1)}${rest.length ? `/${rest.join('/')}` : ''}`, // /%64rift/…
    `/${forste}${rest.length ? `%2F${rest.join('/')}` : '%2F'}`, // /drift%2Fprojeksjoner/…
    `/${forste}${rest.length ? `%2f${rest.join('%2f')}` : ''}`,
    `/${deler.map((d) => [...d].map(hex).join('')).join('/')}`, // every character encoded
    `/${sti}`, // //drift/…
    `/${deler.join('//')}`,
    `/x/..${sti}`,
    `/${forste}/.${rest.length ? `/${rest.join('/')}` : ''}`,
    `/x/%2e%2e${sti}`,
    `${sti}/`,
    sti.toUpperCase(),
    `/${forste.toUpperCase()}${rest.length ? `/${rest.join('/')}` : ''}`,
  ];
  return [...new Set(v)].filter((x) => x !== sti);
}

describe('authorization is decided on the matched route, never on the URL text', () => {
  it('the attack from the issue: an observer cannot start a rebuild through POST /%64rift/projeksjoner/saksforloep/rebuild', async () => {
    const obs = await som('psu-obs', 'psu', 'observatoer');
    expectProblemResponse(await api.request('POST', '/drift/projeksjoner/saksforloep/rebuild', { headers: obs }), 403, 'krever_drift');
    const res = await api.request('POST', '/%64rift/projeksjoner/saksforloep/rebuild', { headers: obs });
    expectProblemResponse(res, 403, 'krever_drift');
    expect(res.json.detail).toMatch(/driftsrollen/);
    expectProblemResponse(await api.request('GET', '/%64rift/projeksjoner', { headers: obs }), 403, 'krever_drift');
    expectProblemResponse(await api.request('GET', '/%72evisjon/verifiser', { headers: obs }), 403, 'krever_revisor_eller_drift');
  });

  it('every operation × every spelling × an observer and a person with no membership: never a success the plain path refuses, nothing recorded', async () => {
    const ops = await operasjoner();
    expect(ops.length).toBeGreaterThan(30);
    const folk: [string, Record<string, string>][] = [
      ['observatør for PSU', await som('psu-obs', 'psu', 'observatoer')],
      ['uten medlemskap', await som('ingen-medlemskap')],
    ];
    const foer = await countEvents(api);
    const brudd: string[] = [];
    let provd = 0;
    for (const op of ops) {
      const sti = fyll(op.sti);
      for (const [hvem, headers] of folk) {
        const body = op.metode === 'GET' ? undefined : {};
        const plain = await api.request(op.metode, sti, { headers, body });
        for (const variant of varianter(sti)) {
          const res = await api.request(op.metode, variant, { headers, body });
          provd++;
          if (res.status >= 500) brudd.push(`${hvem}: ${op.metode} ${variant} → ${res.status} (5xx)`);
          if (res.status < 400 && plain.status >= 400) brudd.push(`${hvem}: ${op.metode} ${variant} → ${res.status}, but ${sti} → ${plain.status}`);
        }
      }
    }
    expect(brudd).toEqual([]);
    expect(provd).toBeGreaterThan(ops.length * 10);
    // Neither of them may record anything anywhere, under any spelling.
    expect(await countEvents(api)).toBe(foer);
  });

  it('the OpenAPI document says who may call each operation, from the same rules the guard applies', async () => {
    const doc = (await api.request('GET', '/docs-json')).json;
    const offentlige: string[] = [];
    for (const [sti, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const [metode, op] of Object.entries(item)) {
        expect(op['x-saksgang-tilgang']).toBeDefined();
        expect(op.description).toMatch(/^Access: /);
        if (op['x-saksgang-tilgang'].offentlig) {
          offentlige.push(`${metode} ${sti}`);
          expect(op.security).toEqual([]);
        } else expect(op.responses['401']).toBeDefined();
      }
    }
    expect(offentlige.sort()).toEqual([
      'get /arbeidsflyt',
      'get /arbeidsflyt/diagram.mmd',
      'get /arbeidsflyt/diagram.svg',
      'get /arbeidsflyt/moete',
      'get /avvik/arbeidsflyt',
      'get /avvik/arbeidsflyt/diagram.mmd',
      'get /health',
      'get /health/live',
      'get /health/ready',
      'get /innlogging/lokal',
      'get /innlogging/oidc',
      'get /live',
      'get /metrics',
      'get /offentlig/avvik/statistikk',
      'get /offentlig/avvik/statistikk.svg',
      'get /offentlig/dokumenter/{dokumentId}/innhold',
      'get /offentlig/moeter',
      'get /offentlig/moeter/{moeteId}/innkalling.html',
      'get /offentlig/moeter/{moeteId}/innkalling.pdf',
      'get /offentlig/moeter/{moeteId}/protokoll.html',
      'get /offentlig/moeter/{moeteId}/protokoll.pdf',
      'get /offentlig/saker',
      'get /offentlig/saker/{sakId}',
      'get /offentlig/saker/{sakId}/dokumenter',
      'get /organer',
      'post /innlogging/lokal',
    ]);
    for (const sti of ['/revisjon/verifiser', '/revisjon/saker/{sakId}/som-registrert', '/revisjon/saker/{sakId}/gjeldende', '/revisjon/organisasjon', '/revisjon/saker/{sakId}/replay']) {
      const op = doc.paths[sti].get;
      expect(op['x-saksgang-tilgang'].systemroller).toEqual(['revisor', 'drift']);
      expect(op.description).toMatch(/auditor role \(`revisor`\) or the operator role \(`drift`\), else 403 `krever_revisor_eller_drift`/);
      expect(op.responses['403']).toBeDefined();
    }
    expect(doc.paths['/organer/{organId}/arbeidsliste'].get['x-saksgang-tilgang'].organetsLister).toMatchObject({ param: 'organId' });
  });
});

// ---------- who may read what ----------

type Person = 'medlem' | 'sekretariat' | 'observatoer_annet' | 'ingen' | 'revisor' | 'drift';
const PERSONER: readonly Person[] = ['medlem', 'sekretariat', 'observatoer_annet', 'ingen', 'revisor', 'drift'];

async function hodeFor(p: Person): Promise<Record<string, string>> {
  switch (p) {
    case 'medlem':
      return som('asu-medlem'); // member of ASU today (medlem); names no membership: the list's body is checked
    case 'sekretariat':
      return som('sekr-kari', 'sekr', 'sekretaer');
    case 'observatoer_annet':
      return som('psu-obs', 'psu', 'observatoer');
    case 'ingen':
      return som('ingen-medlemskap');
    case 'revisor':
      return som('riksrevisjonen', undefined, undefined, ['revisor']);
    case 'drift':
      return som('it-drift', undefined, undefined, ['drift']);
  }
}

const ALLE: readonly Person[] = PERSONER;
const ORGANETS: readonly Person[] = ['medlem', 'sekretariat', 'revisor', 'drift'];
const OVERSIKT: readonly Person[] = ['sekretariat', 'revisor', 'drift'];
const REVISJON: readonly Person[] = ['revisor', 'drift'];

/**
 * THE READ TABLE (written out by hand): who may read each route. A body's worklist, sent list and
 * restanser: its members, the sekretariat, revisor, drift; restanser of every body: the sekretariat,
 * revisor, drift; decisions and the yearly statistics: anyone signed in (public in this domain: decisions
 * are made in open meetings, statistics are aggregate figures); /revisjon: revisor and drift; /drift:
 * drift (an auditor may read it).
 */
const LESETABELL: readonly [string, () => string, readonly Person[], string][] = [
  ['GET', () => '/organer/asu/arbeidsliste', ORGANETS, 'ikke_lesetilgang'],
  ['GET', () => '/organer/asu/sendt', ORGANETS, 'ikke_lesetilgang'],
  ['GET', () => '/restanser?organId=asu', ORGANETS, 'ikke_lesetilgang'],
  ['GET', () => '/restanser', OVERSIKT, 'ikke_lesetilgang'],
  ['GET', () => '/vedtak', ALLE, ''],
  ['GET', () => '/statistikk/asu/2020', ALLE, ''],
  ['GET', () => '/revisjon/verifiser', REVISJON, 'krever_revisor_eller_drift'],
  ['GET', () => `/revisjon/saker/${sakId}/som-registrert`, REVISJON, 'krever_revisor_eller_drift'],
  ['GET', () => `/revisjon/saker/${sakId}/gjeldende?dato=2020-06-01`, REVISJON, 'krever_revisor_eller_drift'],
  ['GET', () => '/revisjon/organisasjon?dato=2020-06-01', REVISJON, 'krever_revisor_eller_drift'],
  ['GET', () => `/revisjon/saker/${sakId}/replay`, REVISJON, 'krever_revisor_eller_drift'],
  ['GET', () => '/drift/projeksjoner', REVISJON, 'krever_drift'],
];

describe('the role × read table', () => {
  it('every cell: allowed → 200; refused → 403 problem+json with the code and a Norwegian reason', async () => {
    const feil: string[] = [];
    for (const [metode, url, tillatt, kode] of LESETABELL) {
      for (const p of PERSONER) {
        const res = await api.request(metode, url(), { headers: await hodeFor(p) });
        if (tillatt.includes(p)) {
          if (res.status !== 200) feil.push(`${p} ${url()}: expected 200, got ${res.status} ${res.body.slice(0, 200)}`);
        } else {
          try {
            expectProblemResponse(res, 403, kode);
            expect(res.json.detail).toMatch(/kan bare|Dette kan bare gjøres med/);
          } catch (e) {
            feil.push(`${p} ${url()}: ${(e as Error).message.slice(0, 300)}`);
          }
        }
      }
    }
    expect(feil).toEqual([]);
  });

  it('the refusals name what is needed: the body and the sekretariat, or the system roles', async () => {
    const liste = await api.request('GET', '/organer/asu/arbeidsliste', { headers: await hodeFor('observatoer_annet') });
    expect(liste.json.detail).toMatch(/Arbeidslisten til et organ kan bare leses av medlemmene av «ASU», sekretariatet, revisor og drift/);
    const rev = await api.request('GET', '/revisjon/verifiser', { headers: await hodeFor('ingen') });
    expect(rev.json.detail).toMatch(/revisorrollen \(revisor\) eller driftsrollen \(drift\)/);
  });

  it('only the operator starts a rebuild; an auditor reads but never starts one', async () => {
    const url = '/drift/projeksjoner/saksforloep/rebuild';
    expectProblemResponse(await api.request('POST', url, { headers: await hodeFor('revisor') }), 403, 'revisor_kun_lesing');
    for (const p of ['medlem', 'sekretariat', 'observatoer_annet', 'ingen'] as const) expectProblemResponse(await api.request('POST', url, { headers: await hodeFor(p) }), 403, 'krever_drift');
    expect([202, 409]).toContain((await api.request('POST', url, { headers: await hodeFor('drift') })).status);
  });
});

// ---------- the tokens' lifetime ----------

describe('tokens have a maximum lifetime (exp − iat ≤ SAKSGANG_TOKEN_MAX_LIFETIME, 12 h by default)', () => {
  const base = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('psu-sekretaer').setIssuer('saksgang-lokal').setAudience('saksgang');

  it('a token expiring in 2100 is refused with 401 ugyldig_token and a Norwegian reason', async () => {
    const lang = await base().setIssuedAt().setExpirationTime(Math.floor(Date.parse('2100-01-01T00:00:00Z') / 1000)).sign(KEY);
    const res = await api.request('GET', '/saker', { headers: { authorization: `Bearer ${lang}` } });
    expectProblemResponse(res, 401, 'ugyldig_token');
    expect(res.json.detail).toMatch(/varer for lenge.*høyst 12 timer godtas/);
  });

  it('the normal 8-hour local token (npm run token) is accepted', async () => {
    // Past the token check: the sak is simply not there (a refused token would be 401).
    expectProblemResponse(await api.request('GET', `/saker/${crypto.randomUUID()}`, { headers: await som('psu-sekretaer') }), 404, 'sak_ikke_funnet');
  });

  it('a token without iat, or issued in the future, is refused', async () => {
    const utenIat = await base().setExpirationTime('1h').sign(KEY);
    const r1 = await api.request('GET', '/saker', { headers: { authorization: `Bearer ${utenIat}` } });
    expectProblemResponse(r1, 401, 'ugyldig_token');
    expect(r1.json.detail).toMatch(/"iat"/);
    const naa = Math.floor(Date.now() / 1000);
    const framtid = await base().setIssuedAt(naa + 365 * 24 * 3600).setExpirationTime(naa + 365 * 24 * 3600 + 3600).sign(KEY);
    const r2 = await api.request('GET', '/saker', { headers: { authorization: `Bearer ${framtid}` } });
    expectProblemResponse(r2, 401, 'ugyldig_token');
    expect(r2.json.detail).toMatch(/fram i tid/);
  });

  it('property: a token issued now or earlier is refused exactly when it lives longer than the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 366 * 24 * 3600 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 1, max: 10 ** 9 }), (maks, naa, alder, levetid) => {
        const iat = naa - alder;
        const feil = levetidsfeil({ iat, exp: iat + levetid }, maks, naa);
        expect(feil !== undefined).toBe(levetid > maks);
      }),
    );
  });
});
