/**
 * Drill (issue 18 item 4): the service runs in a child process (from source, test/varsling/drill/)
 * and is killed with SIGKILL 10 times while it sends notifications to a slow SMTP server and a webhook
 * receiver. Afterwards, with the receivers de-duplicating on Message-ID and webhook-id as the issue
 * allows: 0 lost (every expected notification arrived), 0 duplicated (each notification always
 * carries the same id, and no two ids for one notification). The raw resends a kill caused between
 * sending and recording are counted and printed: the guarantee is at least once with stable ids,
 * exactly once as the de-duplicating receiver sees it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { inntil, type Smtp, startSmtp, startWebhookMottaker, type WebhookMottaker } from './support.js';

jest.setTimeout(900_000);

const HER = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HER, '../..');
const SAKER = 20;
const DREPT = 10;
const ADMIN = { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' };
const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const DRIFT = { 'x-dev-person': 'operatoer', 'x-dev-organ': 'drift', 'x-dev-rolle': 'drift' };

let dir: string;
let smtp: Smtp;
let hook: WebhookMottaker;
let port: number;
let barn: ChildProcess | undefined;
const hemmelighet = `whsec_${randomBytes(32).toString('base64')}`;

async function ledigPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return p;
}

function env(varsling: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SAKSGANG_STORE: 'pglite',
    SAKSGANG_DATA_DIR: join(dir, 'data'),
    PORT: String(port),
    SAKSGANG_DEMO: 'off',
    SAKSGANG_PROJECTIONS: 'off',
    SAKSGANG_VARSLING: varsling ? 'on' : 'off',
    SAKSGANG_DEV_ACTOR_HEADERS: 'on',
    SAKSGANG_RATE_LIMIT: '0',
    SAKSGANG_AUTH_SECRET: 'drill-secret-drill-secret-drill-secret-123',
    SAKSGANG_SMTP_URL: smtp.url,
    SAKSGANG_VARSLING_AVSENDER: 'saksgang@drill.example.no',
    SAKSGANG_VARSLING_EPOST_MAL: '{personId}@drill.example.no',
    SAKSGANG_WEBHOOKS: JSON.stringify([{ navn: 'arkiv', url: hook.url, hemmelighet }]),
    SAKSGANG_VARSLING_INTERVALL_MS: '50',
    SAKSGANG_VARSLING_BACKOFF_MS: '50',
    SAKSGANG_VARSLING_MAKS_FORSOEK: '100',
  };
}

async function startBarn(varsling: boolean): Promise<void> {
  const child = spawn(process.execPath, ['--import', join(HER, 'drill/registrer.mjs'), join(HER, 'drill/tjeneste.ts')], { cwd: ROOT, env: env(varsling), stdio: ['ignore', 'pipe', 'pipe'] });
  barn = child;
  let ut = '';
  child.stderr!.on('data', (b: Buffer) => (ut += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The service did not start in 120 s: ${ut.slice(-2000)}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('klar')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The service exited (${code}): ${ut.slice(-2000)}`));
    });
  });
}

async function drep(): Promise<void> {
  const child = barn!;
  barn = undefined;
  const ferdig = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await ferdig;
}

async function http(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const tekst = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${tekst}`);
  return tekst ? JSON.parse(tekst) : undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'saksgang-varslingsdrill-'));
  // A slow SMTP server: the sending takes long enough for the kills to land in it.
  smtp = await startSmtp(120);
  hook = await startWebhookMottaker();
  port = await ledigPort();
  // The facts first, with the dispatcher off: 20 orders to ASU (its leader and secretary each get one e-mail, the archive one webhook).
  await startBarn(false);
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
  ]) {
    await http('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  await http('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'asu-leder', navn: 'Anne Leder', rolle: 'leder', fra: '2012-01-01' });
  await http('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'asu-sekretaer', navn: 'Sindre Sekretær', rolle: 'sekretaer', fra: '2012-01-01' });
  const frist = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 1; i <= SAKER; i++) {
    const { sakId } = await http('POST', '/saker', PSU, { tittel: `Drillsak ${i}`, innmeldtAv: 'psu-hnt' });
    await http('POST', `/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
    await http('POST', `/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: `Utred drillsak ${i}.`, frist });
  }
  await drep();
}, 600_000);

afterAll(async () => {
  if (barn) await drep();
  await smtp?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('killed 10 times while sending', () => {
  it('0 lost, 0 duplicated at the receivers (de-duplicating on Message-ID and webhook-id)', async () => {
    const forventetEpost = SAKER * 2;
    const unikeEpost = () => new Set(smtp.meldinger.map((m) => m.messageId)).size;
    const unikeHooks = () => new Set(hook.mottatt.map((m) => String(m.headers['webhook-id']))).size;
    const underveis: number[] = [];
    for (let runde = 0; runde < DREPT; runde++) {
      await startBarn(true);
      // Wait until it sends (one more message arrives), then kill it at a random moment soon after.
      const foer = smtp.meldinger.length + hook.mottatt.length;
      await inntil(() => smtp.meldinger.length + hook.mottatt.length > foer || (unikeEpost() >= forventetEpost && unikeHooks() >= SAKER), 120_000, 'sending');
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      underveis.push(forventetEpost + SAKER - unikeEpost() - unikeHooks());
      await drep();
    }
    // The kills landed while there was still something to send.
    expect(underveis.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);

    await startBarn(true);
    await inntil(() => unikeEpost() >= forventetEpost && unikeHooks() >= SAKER, 300_000, 'every notification');
    await new Promise((r) => setTimeout(r, 1500));

    // 0 lost: every (sak, recipient) arrived; 0 duplicated: one id per notification, whatever was resent.
    const perVarsel = new Map<string, Set<string>>();
    smtp.meldinger.forEach((m, i) => {
      const noekkel = `${m.subject}|${smtp.mottakere[i]!.join(',')}`;
      perVarsel.set(noekkel, (perVarsel.get(noekkel) ?? new Set()).add(String(m.messageId)));
    });
    expect(perVarsel.size).toBe(forventetEpost);
    for (const [noekkel, ider] of perVarsel) expect([noekkel, ider.size]).toEqual([noekkel, 1]);
    for (let i = 1; i <= SAKER; i++) {
      for (const til of ['asu-leder@drill.example.no', 'asu-sekretaer@drill.example.no']) {
        expect(perVarsel.has(`Ny bestilling til Administrativt samarbeidsutvalg (ASU): Drillsak ${i}|${til}`)).toBe(true);
      }
    }
    const hookPerSak = new Map<string, Set<string>>();
    for (const m of hook.mottatt) {
      const sakId = String(JSON.parse(m.body).data.sakId);
      hookPerSak.set(sakId, (hookPerSak.get(sakId) ?? new Set()).add(String(m.headers['webhook-id'])));
    }
    expect(hookPerSak.size).toBe(SAKER);
    for (const ider of hookPerSak.values()) expect(ider.size).toBe(1);

    // The outbox agrees: everything sent, nothing dead.
    const utboks = (await http('GET', '/drift/varsler', DRIFT)).varsler as { status: string }[];
    expect(utboks).toHaveLength(forventetEpost + SAKER);
    expect(utboks.every((v) => v.status === 'sendt')).toBe(true);

    const resendt = smtp.meldinger.length - forventetEpost + (hook.mottatt.length - SAKER);
    process.stdout.write(`varsling drill: ${DREPT} kills; ${forventetEpost} e-mails and ${SAKER} webhooks expected, all arrived; resent after a kill and de-duplicated by the receiver: ${resendt}; outstanding at each kill: ${underveis.join(', ')}\n`);
  });
});
