/**
 * The auditor's archive bundle over HTTP (#17, «Revisor: … the archive bundle to download»):
 * GET /revisjon/saker/{sakId}/arkivpakke (and ?offentlig=true) and GET /revisjon/arkivpakke?fra&til
 * stream one .tar.gz built in a temporary directory that is gone afterwards — also when the caller is
 * refused, the sak unknown, or the client goes away. The tar is unpacked here with tar-stream and
 * checked against its own SHA256SUMS (node:crypto) and the store.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import tarStream from 'tar-stream';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { ARKIVPAKKE_TMP_PREFIX } from '../../apps/api/src/revisjon/arkivpakke.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(300_000);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const HJEMMEL = 'offl. § 13 jf. fvl. § 13 første ledd nr. 1';
/** A marker in the exempt field: the public bundle must not hold it anywhere. */
const HEMMELIG = `xhemmelig${randomBytes(4).toString('hex')}y`;

// The service's temporary directories go to a directory of this test, so leftovers can be counted.
const TMP = mkdtempSync(join(tmpdir(), 'saksgang-arkivpakke-test-'));
const forrigeTmp = process.env['TMPDIR'];
process.env['TMPDIR'] = TMP;

let api: TestApi;
let sakId = '';
let annenSakId = '';

type Systemrolle = 'revisor' | 'drift';
async function som(personId: string, organ?: string, rolle?: string, roller: Systemrolle[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId, roller })}`, ...(organ ? { 'x-organ': organ } : {}), ...(rolle ? { 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** Leftover temporary bundle directories of the service. */
const rester = () => readdirSync(TMP).filter((n) => n.startsWith(ARKIVPAKKE_TMP_PREFIX));

interface Nedlasting {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly bytes: Buffer;
}

async function lastNed(url: string, headers: Record<string, string>): Promise<Nedlasting> {
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

/** The files of a .tar.gz: path → bytes (directories left out). */
async function pakkUt(tgz: Buffer): Promise<Map<string, Buffer>> {
  const filer = new Map<string, Buffer>();
  const extract = tarStream.extract();
  const ferdig = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const biter: Buffer[] = [];
      stream.on('data', (b) => void biter.push(b as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') filer.set(header.name, Buffer.concat(biter));
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(gunzipSync(tgz));
  await ferdig;
  return filer;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_PROJECTIONS: 'on' });
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, navn, organtype] of [
    ['sekr', 'Sekretariatet', 'sekretariat'],
    ['psu', 'PSU', 'psu'],
    ['asu', 'ASU', 'asu'],
  ] as const) {
    await ok('POST', '/organer', drift, { organId, navn, organtype, mandat: 'm', gjelderFra: '2015-01-01' });
  }
  const medlem = (organId: string, personId: string, rolle: string) => ok('POST', `/organer/${organId}/medlemmer`, drift, { personId, navn: personId, rolle, fra: '2015-01-01' });
  await medlem('sekr', 'sekr-kari', 'sekretaer');
  await medlem('psu', 'psu-sekretaer', 'sekretaer');
  await medlem('psu', 'psu-obs', 'observatoer');
  await medlem('asu', 'asu-sekretaer', 'sekretaer');
  const psu = await som('psu-sekretaer', 'psu', 'sekretaer');
  const asu = await som('asu-sekretaer', 'asu', 'sekretaer');
  const reg = await ok('POST', '/saker', psu, {
    tittel: 'Handlingsplan for samhandling 2018–2021',
    beskrivelse: `Forslag til arbeidsprosess ${HEMMELIG}`,
    innmeldtAv: 'psu',
    sakstype: 'beslutningssak',
    gjelderFra: '2017-02-01',
  });
  sakId = reg.json.sakId;
  await ok('POST', `/saker/${sakId}/bestillinger`, psu, { tilOrganId: 'asu', mandat: 'Utred handlingsplanen', frist: '2017-10-01', gjelderFra: '2017-02-02' });
  await ok('POST', `/saker/${sakId}/bestillinger/mottak`, asu, { saksnummer: '16/2017', gjelderFra: '2017-02-03' });
  await ok('POST', `/saker/${sakId}/skjerminger`, await som('sekr-kari', 'sekr', 'sekretaer'), { hendelsesnummer: 0, felt: ['beskrivelse'], skjermingshjemmel: HJEMMEL });
  annenSakId = (await ok('POST', '/saker', psu, { tittel: 'En annen sak', innmeldtAv: 'psu', sakstype: 'orienteringssak', gjelderFra: '2017-03-01' })).json.sakId;
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (forrigeTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = forrigeTmp;
  rmSync(TMP, { recursive: true, force: true });
});

describe('GET /revisjon/saker/{sakId}/arkivpakke', () => {
  it('the auditor downloads the sak\'s bundle as one .tar.gz: every file there, SHA256SUMS true to the bytes, the events the sak\'s, verifiser.mjs says OK, no temporary directory left', async () => {
    const res = await lastNed(`/revisjon/saker/${sakId}/arkivpakke`, await som('riksrevisjonen', undefined, undefined, ['revisor']));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['cache-control']).toBe('no-store');
    const disposition = String(res.headers['content-disposition']);
    const m = /^attachment; filename="(arkivpakke-sak-16-2017-\d{4}-\d{2}-\d{2})\.tar\.gz"$/.exec(disposition);
    expect(m).not.toBeNull();
    expect(rester()).toEqual([]);

    const filer = await pakkUt(res.bytes);
    const mappe = m![1]!;
    expect([...filer.keys()].every((n) => n.startsWith(`${mappe}/`))).toBe(true);
    const navn = [...filer.keys()].map((n) => n.slice(mappe.length + 1));
    expect(navn).toEqual(expect.arrayContaining(['events.jsonl', 'rapport.html', 'verifiser.mjs', 'manifest.json', 'SHA256SUMS']));

    // SHA256SUMS covers every other file, and each line is true to the bytes.
    const sums = filer.get(`${mappe}/SHA256SUMS`)!.toString('utf8').trim().split('\n');
    const oppfoert = sums.map((linje) => {
      const [, hash, fil] = /^([0-9a-f]{64}) {2}(.+)$/.exec(linje)!;
      expect({ fil, hash: sha256(filer.get(`${mappe}/${fil}`)!) }).toEqual({ fil, hash });
      return fil;
    });
    expect(oppfoert.sort()).toEqual(navn.filter((n) => n !== 'SHA256SUMS').sort());

    // The events are the sak's, all of them, in order, and the manifest says so.
    const linjer = filer.get(`${mappe}/events.jsonl`)!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { streamName: string; revision: number; eventId: string });
    const lagret = await api.opened.store.readStream(`sak-${sakId}`);
    expect(linjer.filter((l) => l.streamName === `sak-${sakId}`).map((l) => l.eventId)).toEqual(lagret.map((e) => e.id));
    expect(linjer.every((l) => l.streamName === `sak-${sakId}` || l.streamName.startsWith('dokument-'))).toBe(true);
    expect(linjer.some((l) => l.streamName.includes(annenSakId))).toBe(false);
    const manifest = JSON.parse(filer.get(`${mappe}/manifest.json`)!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'saksgang-arkivpakke', omfang: { type: 'sak', sakId }, offentlig: false, verifisering: { ok: true } });
    expect(manifest.antall.hendelser).toBe(linjer.length);
    // The internal bundle holds the exempt text.
    expect(filer.get(`${mappe}/events.jsonl`)!.toString('utf8')).toContain(HEMMELIG);

    // The bundle checks itself where it is unpacked (verifiser.mjs reads events.jsonl beside it).
    const ut = mkdtempSync(join(TMP, 'utpakket-'));
    try {
      for (const [n, b] of filer) {
        mkdirSync(dirname(join(ut, n)), { recursive: true });
        writeFileSync(join(ut, n), b);
      }
      const { stdout } = await promisify(execFile)(process.execPath, ['verifiser.mjs'], { cwd: join(ut, mappe), timeout: 60_000 });
      expect(stdout).toMatch(new RegExp(`^OK: ${linjer.length} hendelser`));
    } finally {
      rmSync(ut, { recursive: true, force: true });
    }
  });

  it('?offentlig=true leaves out the exempt field\'s text (the legal basis stands instead), in every file; the name says offentlig', async () => {
    const res = await lastNed(`/revisjon/saker/${sakId}/arkivpakke?offentlig=true`, await som('it-drift', undefined, undefined, ['drift']));
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="arkivpakke-sak-16-2017-\d{4}-\d{2}-\d{2}-offentlig\.tar\.gz"$/);
    const filer = await pakkUt(res.bytes);
    expect(filer.size).toBeGreaterThanOrEqual(5);
    for (const [n, b] of filer) expect({ n, lekker: b.toString('utf8').includes(HEMMELIG) }).toEqual({ n, lekker: false });
    const events = [...filer.entries()].find(([n]) => n.endsWith('/events.jsonl'))![1].toString('utf8');
    const registrert = events.split('\n').map((l) => (l ? JSON.parse(l) : undefined)).find((l) => l?.revision === 0 && l.streamName === `sak-${sakId}`);
    expect(registrert.skjermet).toEqual({ felt: ['beskrivelse'], skjermingshjemmel: HJEMMEL });
    expect(registrert.data.tittel).toBe('Handlingsplan for samhandling 2018–2021');
    const manifest = JSON.parse([...filer.entries()].find(([n]) => n.endsWith('/manifest.json'))![1].toString('utf8'));
    expect(manifest.offentlig).toBe(true);
    expect(rester()).toEqual([]);
  });

  it('a sak without a number is named by its title, in ASCII (æ → ae, ø → o, å → aa)', async () => {
    const psu = await som('psu-sekretaer', 'psu', 'sekretaer');
    const id = (await ok('POST', '/saker', psu, { tittel: 'Årsmelding for fagrådet – økonomi og kvalitet', innmeldtAv: 'psu', sakstype: 'orienteringssak', gjelderFra: '2017-04-01' })).json.sakId;
    const res = await lastNed(`/revisjon/saker/${id}/arkivpakke`, await som('riksrevisjonen', undefined, undefined, ['revisor']));
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="arkivpakke-aarsmelding-for-fagraadet-okonomi-og-\d{4}-\d{2}-\d{2}\.tar\.gz"$/);
  });

  it('refused callers (no token, an observer, a person without membership, a secretary) get problem+json at once; nothing recorded, no temporary directory', async () => {
    const foer = await countEvents(api);
    const url = `/revisjon/saker/${sakId}/arkivpakke`;
    expectProblemResponse(await api.request('GET', url), 401);
    expectProblemResponse(await api.request('GET', `${url}?offentlig=true`), 401);
    for (const headers of [await som('psu-obs', 'psu', 'observatoer'), await som('ingen-medlemskap'), await som('psu-sekretaer', 'psu', 'sekretaer'), await som('sekr-kari', 'sekr', 'sekretaer')]) {
      const t0 = Date.now();
      const res = await api.request('GET', url, { headers });
      expectProblemResponse(res, 403, 'krever_revisor_eller_drift');
      expect(res.json.detail).toMatch(/revisorrollen \(revisor\) eller driftsrollen \(drift\)/);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expectProblemResponse(await api.request('GET', '/revisjon/saker/ikke-en-uuid/arkivpakke', { headers }), 403, 'krever_revisor_eller_drift');
      expectProblemResponse(await api.request('GET', '/revisjon/arkivpakke?fra=2017-01-01', { headers }), 403, 'krever_revisor_eller_drift');
    }
    expect(rester()).toEqual([]);
    expect(await countEvents(api)).toBe(foer);
  });

  it('400 for a bad sak id or query, 404 for an unknown sak — problem+json, no temporary directory left', async () => {
    const revisor = await som('riksrevisjonen', undefined, undefined, ['revisor']);
    const bad = await api.request('GET', '/revisjon/saker/ikke-en-uuid/arkivpakke', { headers: revisor });
    expectProblemResponse(bad, 400);
    expect(bad.body).toMatch(/sakId/);
    const ja = await api.request('GET', `/revisjon/saker/${sakId}/arkivpakke?offentlig=ja`, { headers: revisor });
    expectProblemResponse(ja, 400);
    expect(ja.body).toMatch(/offentlig/);
    expectProblemResponse(await api.request('GET', `/revisjon/saker/${sakId}/arkivpakke?annet=1`, { headers: revisor }), 400);
    const ukjent = await api.request('GET', `/revisjon/saker/${randomUUID()}/arkivpakke`, { headers: revisor });
    expectProblemResponse(ukjent, 404, 'sak_ikke_funnet');
    expect(rester()).toEqual([]);
  });

  it('a client that goes away mid-download leaves no temporary directory behind', async () => {
    await api.app.listen(0, '127.0.0.1');
    const adresse = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const headers = await som('riksrevisjonen', undefined, undefined, ['revisor']);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${adresse}/revisjon/saker/${sakId}/arkivpakke`, { headers }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy(); // without reading a byte
        req.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const frist = Date.now() + 20_000;
    while (rester().length > 0 && Date.now() < frist) await new Promise((r) => setTimeout(r, 100));
    expect(rester()).toEqual([]);
  });
});

describe('GET /revisjon/arkivpakke (a period)', () => {
  it('the events recorded in the period, of every stream, with SHA256SUMS true to the bytes; fra after til is 400', async () => {
    const revisor = await som('riksrevisjonen', undefined, undefined, ['revisor']);
    const i_dag = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
    const res = await lastNed(`/revisjon/arkivpakke?fra=2000-01-01&til=${i_dag}`, revisor);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="arkivpakke-periode-2000-01-01-til-${i_dag}-${i_dag}\\.tar\\.gz"$`));
    const filer = await pakkUt(res.bytes);
    const hent = (n: string) => [...filer.entries()].find(([k]) => k.endsWith(`/${n}`))![1];
    for (const linje of hent('SHA256SUMS').toString('utf8').trim().split('\n')) {
      const [, hash, fil] = /^([0-9a-f]{64}) {2}(.+)$/.exec(linje)!;
      expect(sha256(hent(fil!))).toBe(hash);
    }
    const strommer = new Set(hent('events.jsonl').toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { streamName: string }).streamName));
    expect(strommer.has(`sak-${sakId}`) && strommer.has(`sak-${annenSakId}`)).toBe(true);
    expect(JSON.parse(hent('manifest.json').toString('utf8')).omfang).toMatchObject({ type: 'periode' });

    // Nothing recorded in 1990: an empty bundle, still with its manifest and sums.
    const tom = await pakkUt((await lastNed('/revisjon/arkivpakke?fra=1990-01-01&til=1990-12-31', revisor)).bytes);
    expect(JSON.parse([...tom.entries()].find(([k]) => k.endsWith('/manifest.json'))![1].toString('utf8')).antall.hendelser).toBe(0);

    const galt = await api.request('GET', '/revisjon/arkivpakke?fra=2020-01-01&til=2019-01-01', { headers: revisor });
    expectProblemResponse(galt, 400);
    expect(galt.body).toMatch(/fra/);
    expectProblemResponse(await api.request('GET', '/revisjon/arkivpakke?til=ikke-en-dato', { headers: revisor }), 400);
    expect(rester()).toEqual([]);
  });
});
