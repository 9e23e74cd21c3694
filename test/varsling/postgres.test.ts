/**
 * Notifications on PostgreSQL with two instances (issue 18 item 1): the outbox is a table in the
 * PostgreSQL read-model database, and the dispatcher's lease (a session advisory lock) lets exactly one
 * instance send: delegating an oppdrag with both running gives one e-mail per recipient. When the
 * sending instance stops, the other takes the lease over and sends what comes next — nothing lost,
 * nothing twice. Needs SAKSGANG_TEST_POSTGRES_URL (skipped otherwise, with the reason printed).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, VarslingService } from '@saksgang/application';
import { type OpenedEventStore, openEventStore } from '@saksgang/event-store';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { createDatabase } from '../multi-instance/support.js';
import { describeUnless, postgresUrlOrSkip } from '../support/skip.js';
import { inntil, type Smtp, startSmtp } from './support.js';

jest.setTimeout(300_000);

const pgUrl = postgresUrlOrSkip();
const ADMIN = { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' };
const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const ASU = { 'x-dev-person': 'olav-bremnes', 'x-dev-organ': 'asu-hnt', 'x-dev-rolle': 'sekretaer' };

interface Instans {
  readonly app: NestFastifyApplication;
  readonly opened: OpenedEventStore;
  readonly varsling: VarslingService;
  post(url: string, headers: Record<string, string>, body: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

describeUnless(pgUrl.skip, 'notifications on PostgreSQL')('notifications on PostgreSQL, two instances', () => {
  let db: { url: string; drop: () => Promise<void> };
  let smtp: Smtp;
  const instanser: Instans[] = [];
  const secret = randomBytes(32).toString('hex');

  async function start(): Promise<Instans> {
    const config = loadConfig({
      SAKSGANG_STORE: 'postgres',
      SAKSGANG_POSTGRES_URL: db.url,
      SAKSGANG_DEMO: 'off',
      SAKSGANG_PROJECTIONS: 'off',
      SAKSGANG_VARSLING: 'on',
      SAKSGANG_DEV_ACTOR_HEADERS: 'on',
      SAKSGANG_RATE_LIMIT: '0',
      SAKSGANG_AUTH_SECRET: secret,
      SAKSGANG_SMTP_URL: smtp.url,
      SAKSGANG_VARSLING_AVSENDER: 'saksgang@hnt.example.no',
      SAKSGANG_VARSLING_EPOST_MAL: '{personId}@hnt.example.no',
      SAKSGANG_VARSLING_INTERVALL_MS: '100',
      SAKSGANG_PROJECTION_LEASE_RETRY_MS: '100',
    });
    const opened = await openEventStore({ backend: 'postgres', url: db.url, poolSize: 4 });
    const app = await createApp({ config, store: opened, logger: false });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const i: Instans = {
      app,
      opened,
      varsling: app.get(VarslingService),
      async post(url, headers, body) {
        const res = await fastify.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        if (res.statusCode >= 300) throw new Error(`${url} → ${res.statusCode}: ${res.body}`);
        return JSON.parse(res.body);
      },
      async close() {
        await app.close();
        await opened.store.close();
      },
    };
    instanser.push(i);
    return i;
  }

  beforeAll(async () => {
    db = await createDatabase(pgUrl.url!, 'varsling');
    smtp = await startSmtp();
  }, 120_000);

  afterAll(async () => {
    for (const i of instanser) await i.close().catch(() => undefined);
    await smtp?.close();
    await db?.drop();
  });

  it('one instance sends; when it stops the other takes over; one e-mail per recipient', async () => {
    const a = await start();
    const b = await start();
    for (const [organId, navn, organtype] of [
      ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
      ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
      ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
      ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
      ['fagraad-2', 'Fagråd 2', 'fagraad'],
    ]) {
      await a.post('/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
    }
    await a.post('/organer/fagraad-2/medlemmer', ADMIN, { personId: 'frida-leder', navn: 'Frida Leder', rolle: 'leder', fra: '2012-01-01' });
    await a.post('/organer/fagraad-2/medlemmer', ADMIN, { personId: 'sverre-sekretaer', navn: 'Sverre Sekretær', rolle: 'sekretaer', fra: '2012-01-01' });
    const frist = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const sakId = (await b.post('/saker', PSU, { tittel: 'Helhetlige pasientforløp', innmeldtAv: 'psu-hnt' })).sakId;
    await b.post(`/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
    await b.post(`/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utred.', frist });
    await b.post(`/saker/${sakId}/bestillinger/mottak`, ASU, {});
    await b.post(`/saker/${sakId}/oppdrag`, ASU, { tilOrganId: 'fagraad-2', mandat: 'Beskriv pasientforløpene.', frist });

    await inntil(() => a.varsling.sender !== b.varsling.sender, 30_000, 'one instance holding the lease');
    await inntil(() => smtp.meldinger.length >= 2, 60_000, 'the two e-mails');
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all([a.varsling.kjoer(), b.varsling.kjoer()]);
    expect([a.varsling.sender, b.varsling.sender].filter(Boolean)).toHaveLength(1);
    expect(smtp.mottakere.flat().sort()).toEqual(['frida-leder@hnt.example.no', 'sverre-sekretaer@hnt.example.no']);

    // The sender stops; the other takes over and sends the next notification.
    const [sender, annen] = a.varsling.sender ? [a, b] : [b, a];
    await sender.close();
    instanser.splice(instanser.indexOf(sender), 1);
    await inntil(() => annen.varsling.sender, 30_000, 'the take-over');
    const oppdrag = (await annen.post(`/saker/${sakId}/oppdrag`, ASU, { tilOrganId: 'fagraad-2', mandat: 'Beskriv legemiddelhåndteringen.', frist })).oppdragId as string;
    expect(oppdrag).toBeTruthy();
    await inntil(() => smtp.meldinger.length >= 4, 60_000, 'the next two e-mails');
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.meldinger).toHaveLength(4);
    expect(new Set(smtp.meldinger.map((m) => m.messageId)).size).toBe(4);
  });
});
