/**
 * The walking skeleton through the real stack (issue 2): HTTP → validation → CommandBus → thin handler →
 * command path → pure decide/evolve → PGlite event store, and back through the QueryBus.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { START } from '@saksgang/event-store';
import { actor, startTestApi, type TestApi } from './support.js';

const PSU_SEKRETAER = actor('kari.psu', 'psu-hnt', 'sekretaer');
const PSU_OBSERVATOER = actor('fylket', 'psu-hnt', 'observatoer');
const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');

let api: TestApi;

/** Number of events in the whole store: a refused request must not change it. */
async function eventCount(): Promise<number> {
  return (await api.opened.store.readAll({ fromPosition: START, maxCount: 100_000 })).length;
}

async function expectNothingRecorded(action: () => Promise<unknown>): Promise<void> {
  const before = await eventCount();
  await action();
  expect(await eventCount()).toBe(before);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectProblem(res: { status: number; headers: Record<string, unknown>; json: any; body: string }, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, type: expect.stringMatching(/^urn:saksgang:problem:/), title: expect.any(String), detail: expect.any(String) });
  if (code) expect(res.json.code).toBe(code);
  // No stack trace ever leaves the server.
  expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(res.body).not.toContain('node_modules');
}

async function opprettOrgan(organId: string, navn: string, organtype: string) {
  const res = await api.request('POST', '/organer', {
    headers: ADMIN,
    body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2016-01-01' },
  });
  expect(res.status).toBe(201);
}

async function registrer(extra: Record<string, unknown> = {}, headers = PSU_SEKRETAER) {
  return api.request('POST', '/saker', {
    headers,
    body: { tittel: 'Handlingsplan for helsefellesskapet 2018–2021', innmeldtAv: 'psu-hnt', saksnummer: '3/17', gjelderFra: '2017-03-16', ...extra },
  });
}

beforeAll(async () => {
  api = await startTestApi();
  await opprettOrgan('psu-hnt', 'Politisk samarbeidsutvalg', 'psu');
  await opprettOrgan('asu-hnt', 'Administrativt samarbeidsutvalg', 'asu');
  await opprettOrgan('fagraad-2', 'Fagråd 2', 'fagraad');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('register a sak, order an investigation from ASU, read it back', () => {
  it('records both steps with full metadata and shows state, allowed steps and both times', async () => {
    const reg = await registrer();
    expect(reg.status).toBe(201);
    const sakId: string = reg.json.sakId;
    expect(sakId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reg.headers['location']).toBe(`/saker/${sakId}`);
    expect(reg.headers['etag']).toBe('"0"');
    expect(reg.json).toMatchObject({ revision: '0', replayed: false, hendelser: [{ type: 'SakRegistrert' }] });
    expect(reg.json.position).toMatch(/^C:\d+\/P:\d+$/);

    const best = await api.request('POST', `/saker/${sakId}/bestillinger`, {
      headers: { ...PSU_SEKRETAER, 'if-match': '"0"', 'x-correlation-id': 'psu-moete-2017-03-16' },
      body: { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan', frist: '2018-02-13', gjelderFra: '2017-03-16' },
    });
    expect(best.status).toBe(201);
    expect(best.headers['etag']).toBe('"1"');
    expect(best.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['UtredningBestilt']);

    const read = await api.request('GET', `/saker/${sakId}`, { headers: PSU_SEKRETAER });
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"1"');
    expect(read.json.sakId).toBe(sakId);
    expect(read.json.state).toMatchObject({ sakId, fase: 'bestilt', innmeldtAv: 'psu-hnt' });
    expect(Array.isArray(read.json.tillatteSteg)).toBe(true);
    expect(read.json.hendelser).toHaveLength(2);
    const [registrert, bestilt] = read.json.hendelser;
    expect(registrert).toMatchObject({
      type: 'SakRegistrert',
      revision: '0',
      effectiveAt: '2017-03-16',
      actor: { personId: 'kari.psu', organId: 'psu-hnt', rolle: 'sekretaer' },
      data: { tittel: 'Handlingsplan for helsefellesskapet 2018–2021', saksnummer: '3/17' },
    });
    expect(bestilt).toMatchObject({
      type: 'UtredningBestilt',
      revision: '1',
      effectiveAt: '2017-03-16',
      correlationId: 'psu-moete-2017-03-16',
      data: { tilOrganId: 'asu-hnt', frist: '2018-02-13', mandat: 'Utarbeide forslag til handlingsplan' },
    });
    // Recorded now, effective in 2017: the two times are kept apart.
    expect(new Date(bestilt.recordedAt).getFullYear()).toBeGreaterThanOrEqual(2026);
    for (const h of read.json.hendelser) {
      expect(h.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(h.commandId).toEqual(expect.any(String));
      expect(h.causationId).toBe(h.commandId);
    }
    expect(registrert.commandId).not.toBe(bestilt.commandId);

    // The metadata is in the store itself, not only in the API's view.
    const stored = await api.opened.store.readStream(`sak-${sakId}`);
    expect(stored.map((e) => e.type)).toEqual(['SakRegistrert', 'UtredningBestilt']);
    expect(stored[1]!.metadata).toMatchObject({
      eventId: stored[1]!.id,
      commandId: expect.any(String),
      correlationId: 'psu-moete-2017-03-16',
      causationId: expect.any(String),
      actor: { personId: 'kari.psu', organId: 'psu-hnt', rolle: 'sekretaer' },
      effectiveAt: '2017-03-16',
      recordedAt: expect.any(String),
    });
  });

  it('with an Idempotency-Key, sending the same registration again records nothing new and answers the same', async () => {
    const headers = { ...PSU_SEKRETAER, 'idempotency-key': 'reg-42' };
    const first = await registrer({}, headers);
    expect(first.status).toBe(201);
    const before = await eventCount();
    const again = await registrer({}, headers);
    expect(again.status).toBe(201);
    expect(again.json.sakId).toBe(first.json.sakId);
    expect(again.json.replayed).toBe(true);
    expect(again.json.hendelser).toEqual(first.json.hendelser);
    expect(await eventCount()).toBe(before);
  });
});

describe('Idempotency-Key reused for a different request', () => {
  it('is refused with 422 and records nothing; the original request still gets its answer', async () => {
    const headers = { ...PSU_SEKRETAER, 'idempotency-key': 'reg-gjenbruk' };
    const first = await registrer({}, headers);
    expect(first.status).toBe(201);
    await expectNothingRecorded(async () => {
      const other = await registrer({ tittel: 'En helt annen sak' }, headers);
      expectProblem(other, 422, 'idempotency_key_reused');
    });
    const again = await registrer({}, headers);
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ sakId: first.json.sakId, replayed: true });
  });
});

describe('bad input gets a clear problem and changes nothing', () => {
  it('400 names an unknown field', async () => {
    await expectNothingRecorded(async () => {
      const res = await registrer({ hemmelig: true });
      expectProblem(res, 400, 'validation_failed');
      expect(res.json.errors).toEqual([{ field: 'hemmelig', reason: expect.stringContaining('hemmelig') }]);
    });
  });

  it('400 names every missing or wrongly typed field', async () => {
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', '/saker', { headers: PSU_SEKRETAER, body: { tittel: 42, sakstype: 'viktig' } });
      expectProblem(res, 400, 'validation_failed');
      const fields = res.json.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['tittel', 'innmeldtAv', 'sakstype']));
    });
  });

  it('400 for an empty, a blank or an oversize title', async () => {
    for (const tittel of ['', '   ', 'x'.repeat(301)]) {
      await expectNothingRecorded(async () => {
        const res = await registrer({ tittel });
        expectProblem(res, 400, 'validation_failed');
        expect(res.json.errors[0].field).toBe('tittel');
      });
    }
  });

  it('400 for a malformed or impossible date', async () => {
    const reg = await registrer();
    for (const frist of ['13.02.2018', '2018-02-30', '2018-2-3']) {
      await expectNothingRecorded(async () => {
        const res = await api.request('POST', `/saker/${reg.json.sakId}/bestillinger`, {
          headers: PSU_SEKRETAER,
          body: { tilOrganId: 'asu-hnt', mandat: 'm', frist },
        });
        expectProblem(res, 400, 'validation_failed');
        expect(res.json.errors.map((e: { field: string }) => e.field)).toContain('frist');
      });
    }
  });

  it('400 for malformed JSON, without internals', async () => {
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', '/saker', { headers: PSU_SEKRETAER, rawBody: '{"tittel": "x",' });
      expectProblem(res, 400);
    });
  });

  it('400 for a sak id that is not a UUID', async () => {
    const res = await api.request('GET', '/saker/not-a-uuid');
    expectProblem(res, 400, 'validation_failed');
    expect(res.json.errors).toEqual([{ field: 'sakId', reason: expect.any(String) }]);
  });

  it('401 when nobody is acting', async () => {
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', '/saker', { body: { tittel: 't', innmeldtAv: 'psu-hnt' } });
      expectProblem(res, 401);
    });
  });

  it('404 for an unknown sak, on read and on a step', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expectProblem(await api.request('GET', `/saker/${id}`), 404, 'sak_ikke_funnet');
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${id}/bestillinger`, {
        headers: PSU_SEKRETAER,
        body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2030-01-01' },
      });
      expectProblem(res, 404);
    });
  });

  it('409 when If-Match is stale, with the current revision in ETag', async () => {
    const reg = await registrer();
    const sakId = reg.json.sakId;
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, {
        headers: { ...PSU_SEKRETAER, 'if-match': '"7"' },
        body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2030-01-01', gjelderFra: '2017-03-16' },
      });
      expectProblem(res, 409, 'revision_conflict');
      expect(res.headers['etag']).toBe('"0"');
      expect(res.json).toMatchObject({ expectedRevision: '7', actualRevision: '0' });
    });
  });

  it('422 when the workflow refuses a step, with the reason and the steps allowed now', async () => {
    const reg = await registrer();
    const sakId = reg.json.sakId;
    // ASU is on the administrative level: it cannot be the one to order an investigation from a fagråd.
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, {
        headers: PSU_SEKRETAER,
        body: { tilOrganId: 'fagraad-2', mandat: 'm', frist: '2030-01-01', gjelderFra: '2017-03-16' },
      });
      expectProblem(res, 422, 'mottaker_ikke_administrativt');
      expect(res.json.detail).toMatch(/administrativt nivå/);
      expect(res.json.allowedSteps).toEqual(expect.arrayContaining(['BestillUtredning']));
    });
    // An observer may attend and speak, but never order.
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, {
        headers: PSU_OBSERVATOER,
        body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2030-01-01', gjelderFra: '2017-03-16' },
      });
      expect([403, 422]).toContain(res.status);
      expectProblem(res, res.status);
    });
  });

  it('a deadline before the order takes effect is refused and records nothing', async () => {
    const reg = await registrer();
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${reg.json.sakId}/bestillinger`, {
        headers: PSU_SEKRETAER,
        body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2017-01-01', gjelderFra: '2017-03-16' },
      });
      expect([400, 422]).toContain(res.status);
      expectProblem(res, res.status);
      expect(JSON.stringify(res.json)).toMatch(/frist|Fristen/);
    });
  });

  it('413 for a body over the limit', async () => {
    await expectNothingRecorded(async () => {
      const res = await registrer({ beskrivelse: 'x'.repeat(2 * 1024 * 1024) });
      expectProblem(res, 413);
    });
  });
});

describe('operability', () => {
  it('GET /health checks the store', async () => {
    const res = await api.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', store: { ok: true, backend: 'pglite' } });
  });

  it('serves the OpenAPI document with every endpoint and the problem schema', async () => {
    const res = await api.request('GET', '/docs-json');
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/saker', '/saker/{sakId}', '/saker/{sakId}/bestillinger', '/health', '/organer']));
    expect(doc.components.schemas.ProblemDetails).toBeDefined();
    expect(doc.paths['/saker'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['tittel', 'innmeldtAv']));
    const post = doc.paths['/saker/{sakId}/bestillinger'].post;
    for (const status of ['201', '400', '404', '409', '422']) expect(post.responses[status]).toBeDefined();
    expect(post.responses['422'].content['application/problem+json']).toBeDefined();
  });

  it('unknown routes answer 404 problem+json', async () => {
    expectProblem(await api.request('GET', '/finnes-ikke'), 404);
  });
});
