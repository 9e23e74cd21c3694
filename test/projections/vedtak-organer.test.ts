/**
 * The `vedtaksoppfoelging` and `organer` read models, given events → expected rows. They apply a batch
 * at a time (RowBatch: one load, one write per batch), so the same events must give the same rows
 * whether they come in one batch, one by one or in batches of a few — and through the runner.
 * Runs on PGlite always, and on PostgreSQL when SAKSGANG_TEST_POSTGRES_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Aktoer, OrganCommand, SakCommand } from '@saksgang/domain';
import type { EventStore, JsonObject, RecordedEvent, SqlClient } from '@saksgang/event-store';
import { BatchEventFailure, OrganerProjection, type Projection, ProjectionRunner, VedtaksoppfoelgingProjection } from '@saksgang/projections';
import { type BackendEntry, type ContractSubject, pgliteBackend, postgresBackend } from '../support/backends.js';
import { skipBackend } from '../support/skip.js';
import { leder, Saksgang, sekretaer } from './driver.js';
import { MemoryLogger } from './helpers.js';

const backends: BackendEntry[] = await Promise.all([pgliteBackend(), postgresBackend()]);

const TABELLER = ['organ_register', 'vedtak_sak', 'vedtak_sakslistepunkt', 'vedtak', 'vedtak_oppfoelging'] as const;
type Tabell = (typeof TABELLER)[number];
type Rader = Record<Tabell, Record<string, unknown>[]>;

const S1 = 'vo-utskrivning';
const S2 = 'vo-rehabilitering';
const O = { sekr: 'vo-sekr', psu: 'vo-psu', asu: 'vo-asu', fr2: 'vo-fr2' };
const t = (dag: string) => `${dag}T10:00:00.000Z`;

/** The rows the events of {@link skrivHendelser} must give, worked out by hand from the old per-event SQL. */
const FORVENTET: Rader = {
  organ_register: [
    // Renamed once; two member periods appointed (one later ended: MedlemsperiodeAvsluttet changes nothing).
    { organ_id: O.asu, navn: 'ASU Helsefellesskapet', organtype: 'asu', nivaa: 'administrativt', oppnevnt_av: null, mandat: 'Mandat ASU', opprettet: '2017-01-01', nedlagt: null, antall_medlemsperioder: 2 },
    // Mandate changed, one member, laid down.
    { organ_id: O.fr2, navn: 'Fagråd 2', organtype: 'fagraad', nivaa: 'faglig', oppnevnt_av: O.asu, mandat: 'Nytt mandat', opprettet: '2017-01-01', nedlagt: '2021-01-01', antall_medlemsperioder: 1 },
    { organ_id: O.psu, navn: 'PSU', organtype: 'psu', nivaa: 'politisk', oppnevnt_av: null, mandat: 'Mandat PSU', opprettet: '2017-01-01', nedlagt: null, antall_medlemsperioder: 0 },
    { organ_id: O.sekr, navn: 'Sekretariatet', organtype: 'sekretariat', nivaa: 'administrativt', oppnevnt_av: null, mandat: 'Mandat Sekretariatet', opprettet: '2017-01-01', nedlagt: null, antall_medlemsperioder: 0 },
  ],
  vedtak_sak: [
    { sak_id: S2, tittel: 'Rehabilitering' },
    { sak_id: S1, tittel: 'Samhandling om utskrivning av pasienter' }, // corrected by OpplysningKorrigert
  ],
  vedtak_sakslistepunkt: [
    { sak_id: S1, sakslistepunkt_id: 'p1', moetedato: '2020-04-15', moetesaksnumre: [`${O.psu} 7/20`] },
    { sak_id: S1, sakslistepunkt_id: 'p2', moetedato: '2020-06-10', moetesaksnumre: [`${O.psu} 12/20`, `${O.asu} 30/20`] },
  ],
  vedtak: [
    {
      sak_id: S1,
      sakslistepunkt_id: 'p1',
      revisjon: 5,
      organ_ider: [O.psu],
      moetedato: '2020-04-15',
      moetesaksnumre: [`${O.psu} 7/20`],
      vedtaksutfall: 'utsatt',
      vedtakstekst: 'Saken utsettes.',
      gjelder_fra: '2020-04-15',
      aar: 2020,
    },
    {
      sak_id: S1,
      sakslistepunkt_id: 'p2',
      revisjon: 7,
      organ_ider: [O.psu, O.asu],
      moetedato: '2020-06-10',
      moetesaksnumre: [`${O.psu} 12/20`, `${O.asu} 30/20`],
      vedtaksutfall: 'vedtatt',
      vedtakstekst: 'Tiltakene vedtas med endringer.', // corrected by OpplysningKorrigert (hendelsesnummer 7)
      gjelder_fra: '2020-06-10',
      aar: 2020,
    },
  ],
  vedtak_oppfoelging: [
    {
      sak_id: S1,
      oppfoelging_id: 'f1',
      sakslistepunkt_id: 'p2', // the latest decision (highest revisjon), not p1
      fra_organ_ider: [O.psu, O.asu],
      til_organ_id: O.asu,
      beskrivelse: 'Rapporter om tiltakene',
      frist: '2020-09-01',
      sendt: t('2020-06-12'),
      antall_rapporter: 2,
      siste_rapport: 'Andre rapport',
      siste_rapport_dato: t('2020-08-20'),
      fullfoert: t('2020-08-25'),
      merknad: 'Ferdig',
    },
    {
      sak_id: S1,
      oppfoelging_id: 'f2',
      sakslistepunkt_id: 'p2',
      fra_organ_ider: [O.psu, O.asu],
      til_organ_id: O.fr2,
      beskrivelse: 'Evaluer tiltakene',
      frist: '2020-12-01',
      sendt: t('2020-06-13'),
      antall_rapporter: 1,
      siste_rapport: 'I gang',
      siste_rapport_dato: t('2020-09-05'),
      fullfoert: null,
      merknad: null,
    },
  ],
};

/** Appends the events: bodies, two saker (interleaved), then changes to the bodies. */
async function skrivHendelser(g: Saksgang): Promise<void> {
  const organ = async (dag: string, command: OrganCommand) => {
    g.now = new Date(t(dag));
    await g.organ(command, sekretaer(O.sekr));
  };
  const steg = async (dag: string, command: SakCommand, aktoer: Aktoer, sakId = S1) => {
    g.now = new Date(t(dag));
    await g.sak(sakId, command, aktoer);
  };
  const opprett = (organId: string, navn: string, organtype: string, oppnevntAv?: string) =>
    organ('2017-01-01', { type: 'OpprettOrgan', data: { organId, navn, organtype, mandat: `Mandat ${navn}`, gjelderFra: '2017-01-01', ...(oppnevntAv ? { oppnevntAv } : {}) } } as OrganCommand);
  await opprett(O.sekr, 'Sekretariatet', 'sekretariat');
  await opprett(O.psu, 'PSU', 'psu');
  await opprett(O.asu, 'ASU', 'asu');
  await opprett(O.fr2, 'Fagråd 2', 'fagraad', O.asu);

  const registrer = (sakId: string, tittel: string) =>
    steg('2020-01-10', { type: 'RegistrerSak', data: { sakId, tittel, beskrivelse: 'Beskrivelse', innmeldtAv: O.psu, sakstype: 'beslutningssak' } }, sekretaer(O.sekr), sakId);
  await registrer(S1, 'Samhandling om utskrivning'); // 0
  await registrer(S2, 'Rehabilitering');
  await steg('2020-01-15', { type: 'BestillUtredning', data: { tilOrganId: O.asu, mandat: 'Utred', frist: '2020-04-01' } }, leder(O.psu)); // 1
  await steg('2020-01-20', { type: 'MottaBestilling', data: {} }, leder(O.asu)); // 2
  await steg('2020-03-20', { type: 'AvgiInnstilling', data: { forslagTilVedtak: 'Forslag' } }, leder(O.asu)); // 3
  await steg('2020-03-25', { type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p1', moetedato: '2020-04-15', organer: [{ organId: O.psu, moetesaksaar: 2020, moetesakssekvensnummer: 7 }] } }, leder(O.psu)); // 4
  await steg('2020-04-15', { type: 'FattVedtak', data: { sakslistepunktId: 'p1', vedtaksutfall: 'utsatt', vedtakstekst: 'Saken utsettes.' } }, leder(O.psu)); // 5
  await steg(
    '2020-05-20',
    {
      type: 'SettPaaSaksliste',
      data: {
        sakslistepunktId: 'p2',
        moetedato: '2020-06-10',
        organer: [
          { organId: O.psu, moetesaksaar: 2020, moetesakssekvensnummer: 12 },
          { organId: O.asu, moetesaksaar: 2020, moetesakssekvensnummer: 30 },
        ],
      },
    },
    leder(O.psu),
  ); // 6
  await steg('2020-06-10', { type: 'FattVedtak', data: { sakslistepunktId: 'p2', vedtaksutfall: 'vedtatt', vedtakstekst: 'Tiltakene vedtas.' } }, leder(O.psu)); // 7
  await steg('2020-06-12', { type: 'SendTilOppfoelging', data: { oppfoelgingId: 'f1', tilOrganId: O.asu, beskrivelse: 'Rapporter om tiltakene', frist: '2020-09-01' } }, leder(O.psu)); // 8
  await steg('2020-06-13', { type: 'SendTilOppfoelging', data: { oppfoelgingId: 'f2', tilOrganId: O.fr2, beskrivelse: 'Evaluer tiltakene', frist: '2020-12-01' } }, leder(O.psu)); // 9
  await steg('2020-08-01', { type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: 'Første rapport' } }, leder(O.asu)); // 10
  await steg('2020-08-20', { type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: 'Andre rapport' } }, leder(O.asu)); // 11
  await steg('2020-08-25', { type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f1', merknad: 'Ferdig' } }, leder(O.asu)); // 12
  const korriger = (hendelsesnummer: number, hendelsestype: string, felt: string, gammelVerdi: string, nyVerdi: string) =>
    ({ type: 'KorrigerOpplysning', data: { hendelsesnummer, hendelsestype, felt, gammelVerdi, nyVerdi, begrunnelse: 'Feil i protokollen' } }) as SakCommand;
  await steg('2020-08-30', korriger(7, 'VedtakFattet', 'vedtakstekst', 'Tiltakene vedtas.', 'Tiltakene vedtas med endringer.'), leder(O.psu)); // 13
  await steg('2020-08-31', korriger(0, 'SakRegistrert', 'tittel', 'Samhandling om utskrivning', 'Samhandling om utskrivning av pasienter'), sekretaer(O.sekr)); // 14
  await steg('2020-09-05', { type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f2', rapport: 'I gang' } }, leder(O.fr2)); // 15

  const medlem = (organId: string, periodeId: string) =>
    organ('2020-10-01', { type: 'OppnevnMedlem', data: { organId, periodeId, personId: `person-${periodeId}`, navn: `Person ${periodeId}`, rolle: 'medlem', fra: '2020-10-01' } });
  await organ('2020-09-10', { type: 'OmdoepOrgan', data: { organId: O.asu, navn: 'ASU Helsefellesskapet' } });
  await medlem(O.asu, 'm1');
  await medlem(O.asu, 'm2');
  await organ('2020-11-01', { type: 'AvsluttMedlemsperiode', data: { organId: O.asu, periodeId: 'm1', til: '2020-11-01' } });
  await organ('2020-10-02', { type: 'EndreMandat', data: { organId: O.fr2, mandat: 'Nytt mandat' } });
  await medlem(O.fr2, 'm3');
  await organ('2021-01-01', { type: 'LeggNedOrgan', data: { organId: O.fr2, gjelderFra: '2021-01-01' } });
}

async function rader(sql: SqlClient): Promise<Rader> {
  const ut = {} as Rader;
  for (const tabell of TABELLER) {
    const { rows } = await sql.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM ${tabell} x`);
    ut[tabell] = rows.map((r) => JSON.parse(r.j) as Record<string, unknown>).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return ut;
}

function sortert(r: Rader): Rader {
  const ut = {} as Rader;
  for (const tabell of TABELLER) ut[tabell] = [...r[tabell]].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return ut;
}

for (const backend of backends) {
  const suite = 'vedtaksoppfølging and organer read models, batch by batch';
  if (!backend.available) {
    skipBackend(suite, backend);
    continue;
  }

  describe(`${suite} on ${backend.name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let sql: SqlClient;
    let alle: RecordedEvent[];
    const vedtak = new VedtaksoppfoelgingProjection();
    const organer = new OrganerProjection();
    const projeksjoner: Projection[] = [organer, vedtak];

    /** What the runner gives a projection: its event types only. */
    const hendelserFor = (p: Projection, events: readonly RecordedEvent[]) => events.filter((e) => !p.eventTypes || p.eventTypes.includes(e.type));

    /** Reset + setup, then the events in batches of `stoerrelse` (each in its own transaction). */
    async function bygg(stoerrelse: number, events: readonly RecordedEvent[] = alle): Promise<void> {
      for (const p of projeksjoner) {
        await sql.transaction(async (tx) => {
          await p.reset(tx);
          await p.setup(tx);
        });
        const mine = hendelserFor(p, events);
        for (let i = 0; i < mine.length; i += stoerrelse) await sql.transaction((tx) => p.handleBatch!(mine.slice(i, i + stoerrelse), tx));
      }
    }

    beforeAll(async () => {
      subject = await backend.factory();
      store = subject.store;
      sql = subject.sql!;
      await skrivHendelser(new Saksgang(store, new Date(t('2017-01-01'))));
      // On PostgreSQL the global log shows a commit once no older transaction of the cluster can still
      // commit before it: another database's open transaction (a suite beside this one) holds it back a while.
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
      const frist = Date.now() + 60_000;
      for (;;) {
        alle = await store.readAll();
        if (alle.length >= rows[0]!.n || Date.now() > frist) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(alle.length).toBe(rows[0]!.n);
    }, 120_000);

    afterAll(async () => {
      await subject?.dispose();
    });

    it('are batch projections only (no per-event handle), at version 2 or later', () => {
      for (const p of projeksjoner) {
        expect(p.handle).toBeUndefined();
        expect(typeof p.handleBatch).toBe('function');
        expect(p.version).toBeGreaterThanOrEqual(2);
      }
    });

    it('all events in one batch: several events of one sak apply in order to the same rows', async () => {
      await bygg(Number.MAX_SAFE_INTEGER);
      expect(await rader(sql)).toEqual(sortert(FORVENTET));
    });

    it.each([1, 2, 5])('the same rows in batches of %i (rows loaded from the database and changed)', async (stoerrelse) => {
      await bygg(stoerrelse);
      expect(await rader(sql)).toEqual(sortert(FORVENTET));
    });

    it('the same rows through the runner', async () => {
      for (const p of projeksjoner) await sql.transaction((tx) => p.reset(tx));
      await sql.exec(`DELETE FROM projection_checkpoints WHERE name IN ('organer', 'vedtaksoppfoelging')`).catch(() => undefined);
      const logger = new MemoryLogger();
      const runner = new ProjectionRunner({ store, sql, projections: [new OrganerProjection(), new VedtaksoppfoelgingProjection()], logger, batchSize: 3 });
      await runner.start();
      try {
        expect(await runner.waitFor(alle.at(-1)!.position, 30_000)).toBe(true);
        expect(await rader(sql)).toEqual(sortert(FORVENTET));
        expect(logger.errors()).toEqual([]);
      } finally {
        await runner.stop();
      }
    });

    it('a report or completion of an unknown oppfølging, a correction of an unknown sak and a change to an unknown body do nothing (as UPDATE did)', async () => {
      const kopi = (e: RecordedEvent, data: JsonObject): RecordedEvent => ({ ...e, id: randomUUID(), data: { ...e.data, ...data } });
      const finn = (type: string, pred: (e: RecordedEvent) => boolean = () => true) => alle.find((e) => e.type === type && pred(e))!;
      const ekstra = [
        kopi(finn('OppfoelgingRapportert'), { oppfoelgingId: 'ukjent' }),
        kopi(finn('OppfoelgingFullfoert'), { oppfoelgingId: 'ukjent' }),
        kopi(finn('OpplysningKorrigert', (e) => e.data['felt'] === 'tittel'), { sakId: 'vo-ukjent' }),
        kopi(finn('OpplysningKorrigert', (e) => e.data['felt'] === 'vedtakstekst'), { hendelsesnummer: 5000 }),
        kopi(finn('OrganOmdoept'), { organId: 'vo-ukjent' }),
        kopi(finn('OrganNedlagt'), { organId: 'vo-ukjent' }),
        kopi(finn('MedlemOppnevnt'), { organId: 'vo-ukjent' }),
      ];
      await bygg(Number.MAX_SAFE_INTEGER, [...alle, ...ekstra]);
      expect(await rader(sql)).toEqual(sortert(FORVENTET));
    });

    it('a second insert of the same key fails at that event (BatchEventFailure) and writes nothing of the batch', async () => {
      await bygg(Number.MAX_SAFE_INTEGER);
      const foer = await rader(sql);
      const finn = (type: string, pred: (e: RecordedEvent) => boolean = () => true) => alle.find((e) => e.type === type && pred(e))!;
      const kopi = (e: RecordedEvent, data: JsonObject = {}): RecordedEvent => ({ ...e, id: randomUUID(), data: { ...e.data, ...data } });
      // Each batch first changes a row (rolled back with the failure), then repeats an insert.
      const endreTittel = kopi(finn('OpplysningKorrigert', (e) => e.data['felt'] === 'tittel'), { nyVerdi: 'Endret' });
      const tilfeller: [Projection, RecordedEvent[], string][] = [
        [vedtak, [endreTittel, kopi(finn('SakRegistrert', (e) => e.data['sakId'] === S1))], `vedtak_sak already has a row with key ${S1} (was an event applied twice?).`],
        [vedtak, [endreTittel, kopi(finn('SattPaaSaksliste'))], `vedtak_sakslistepunkt already has a row with key ["${S1}","p1"] (was an event applied twice?).`],
        [vedtak, [endreTittel, kopi(finn('VedtakFattet'))], `vedtak already has a row with key ["${S1}","p1"] (was an event applied twice?).`],
        [vedtak, [endreTittel, kopi(finn('SendtTilOppfoelging'))], `vedtak_oppfoelging already has a row with key ["${S1}","f1"] (was an event applied twice?).`],
        [organer, [kopi(finn('OrganOmdoept'), { organId: O.sekr, navn: 'Endret' }), kopi(finn('OrganOpprettet'))], `organ_register already has a row with key ${O.sekr} (was an event applied twice?).`],
      ];
      for (const [p, batch, melding] of tilfeller) {
        const feil = await sql.transaction((tx) => p.handleBatch!(batch, tx)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(feil).toBeInstanceOf(BatchEventFailure);
        expect((feil as BatchEventFailure).event.id).toBe(batch[1]!.id);
        expect((feil as BatchEventFailure).message).toBe(melding);
      }
      expect(await rader(sql)).toEqual(foer);
    });
  });
}
