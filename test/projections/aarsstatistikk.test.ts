/**
 * The årsstatistikk's set-based handling (`handleBatch` over `RowBatch`), given real events (taken
 * through the deciders) → the exact rows, for the branches the journeys in read-models.test.ts do not
 * reach: frist corrections (OpplysningKorrigert), returned deliveries with and without a new frist,
 * reopening after SakAvsluttet (oppdrag open again) and after SakTrukket (they stay closed), and the
 * errors for rows that are missing. The same events give the same rows whether they come in one
 * batch, one by one, or in batches of three.
 * PGlite always; PostgreSQL too when SAKSGANG_TEST_POSTGRES_URL is set.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Aktoer, SakCommand } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import { AarsstatistikkProjection, BatchEventFailure, hentAarsstatistikk, OrganerProjection } from '@saksgang/projections';
import { type ContractSubject, discoverBackends, pgliteBackend, postgresBackend } from '../support/backends.js';
import { skipBackend } from '../support/skip.js';
import { leder, opprettOrganer, Saksgang, sekretaer } from './driver.js';

const backends = await discoverBackends([pgliteBackend, postgresBackend]);

type Rad = Record<string, unknown>;

/** A table's rows as plain JSON (dates as `YYYY-MM-DD`), in a stable order. */
async function rader(sql: SqlClient, table: string, orderBy: string): Promise<Rad[]> {
  const { rows } = await sql.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table} x ORDER BY ${orderBy}`);
  return rows.map((r) => JSON.parse(r.j) as Rad);
}

for (const backend of backends) {
  if (!backend.available) {
    skipBackend('aarsstatistikk handleBatch', backend);
    continue;
  }

  describe(`aarsstatistikk: given events → rows (${backend.name})`, () => {
    let subject: ContractSubject;
    let sql: SqlClient;
    let g: Saksgang;
    let o: Awaited<ReturnType<typeof opprettOrganer>>;
    const suffix = `-aa${randomUUID().slice(0, 6)}`;
    const sak = (n: string) => `${n}${suffix}`;
    const projection = new AarsstatistikkProjection();
    let hendelser: RecordedEvent[];

    const steg = async (n: string, dag: string, command: SakCommand, aktoer: Aktoer): Promise<void> => {
      g.now = new Date(`${dag}T10:00:00Z`);
      await g.sak(sak(n), command, aktoer);
    };

    /** Rebuilds the tables from `events`, `size` events per batch (one transaction each). */
    const projiser = async (events: readonly RecordedEvent[], size: number): Promise<void> => {
      await sql.transaction(async (tx) => {
        await projection.reset(tx);
        await projection.setup(tx);
        await new OrganerProjection().setup(tx); // `hentAarsstatistikk` joins its table (empty here: no names)
      });
      for (let i = 0; i < events.length; i += size) await sql.transaction((tx) => projection.handleBatch(events.slice(i, i + size), tx));
    };

    beforeAll(async () => {
      subject = await backend.factory();
      sql = subject.sql!;
      g = new Saksgang(subject.store, new Date('2021-01-01T08:00:00Z'));
      o = await opprettOrganer(g, suffix);
      const registrer = (n: string, dag: string) =>
        steg(n, dag, { type: 'RegistrerSak', data: { sakId: sak(n), tittel: `Sak ${n}`, beskrivelse: 'Statistikk', innmeldtAv: o.psu, sakstype: 'beslutningssak' } }, sekretaer(o.sekr));
      const bestill = (n: string, dag: string, frist: string) => steg(n, dag, { type: 'BestillUtredning', data: { tilOrganId: o.asu, mandat: `Utred ${n}`, frist } }, leder(o.psu));
      const motta = (n: string, dag: string) => steg(n, dag, { type: 'MottaBestilling', data: {} }, leder(o.asu));
      const deleger = (n: string, dag: string, oppdragId: string, tilOrganId: string, frist: string) =>
        steg(n, dag, { type: 'DelegerOppdrag', data: { oppdragId, tilOrganId, mandat: `Oppdrag ${oppdragId}`, frist } }, leder(o.asu));
      const aksepter = (n: string, dag: string, oppdragId: string, organId: string) => steg(n, dag, { type: 'AksepterOppdrag', data: { oppdragId } }, leder(organId));
      const lever = (n: string, dag: string, oppdragId: string, organId: string) => steg(n, dag, { type: 'LeverOppdrag', data: { oppdragId, leveranse: 'Notat' } }, leder(organId));

      // K: the order's frist corrected 2021-03-01 → 2021-04-01; kO1's 2021-02-01 → 2021-02-20, so its
      // delivery 2021-02-15 is in time; kO2's mandate corrected (not its frist).
      await registrer('K', '2021-01-10');
      await bestill('K', '2021-01-10', '2021-03-01'); // revision 1
      await motta('K', '2021-01-12');
      await deleger('K', '2021-01-15', 'kO1', o.fr2, '2021-02-01'); // revision 3
      await deleger('K', '2021-01-15', 'kO2', o.frk, '2021-02-10'); // revision 4
      const korriger = (hendelsesnummer: number, hendelsestype: string, felt: string, gammelVerdi: string, nyVerdi: string) =>
        steg('K', '2021-01-20', { type: 'KorrigerOpplysning', data: { hendelsesnummer, hendelsestype, felt, gammelVerdi, nyVerdi, begrunnelse: 'Feil' } }, sekretaer(o.sekr));
      await korriger(1, 'UtredningBestilt', 'frist', '2021-03-01', '2021-04-01');
      await korriger(3, 'OppdragDelegert', 'frist', '2021-02-01', '2021-02-20');
      await korriger(4, 'OppdragDelegert', 'mandat', 'Oppdrag kO2', 'Nytt mandat');
      await aksepter('K', '2021-01-16', 'kO1', o.fr2);
      await lever('K', '2021-02-15', 'kO1', o.fr2);

      // R: rO1 delivered late, returned with a new frist, delivered again in time; rO2 delivered, returned
      // without a new frist: open again to its old frist.
      await registrer('R', '2021-02-01');
      await bestill('R', '2021-02-01', '2021-06-01');
      await motta('R', '2021-02-02');
      await deleger('R', '2021-02-03', 'rO1', o.fr2, '2021-03-01');
      await deleger('R', '2021-02-03', 'rO2', o.frk, '2021-03-10');
      await aksepter('R', '2021-02-04', 'rO1', o.fr2);
      await aksepter('R', '2021-02-04', 'rO2', o.frk);
      await lever('R', '2021-03-05', 'rO1', o.fr2);
      await steg('R', '2021-03-06', { type: 'ReturnerLeveranse', data: { oppdragId: 'rO1', begrunnelse: 'Mer', nyFrist: '2021-03-20' } }, leder(o.asu));
      await lever('R', '2021-03-08', 'rO2', o.frk);
      await steg('R', '2021-03-09', { type: 'ReturnerLeveranse', data: { oppdragId: 'rO2', begrunnelse: 'Mer' } }, leder(o.asu));
      await lever('R', '2021-03-18', 'rO1', o.fr2);

      // A: decided 2021-05-06 (66 days from 2021-03-01), closed, then reopened: aO2 (delivered) and the
      // order (answered) stay closed. (The domain lets no oppdrag be open at SakAvsluttet; see below.)
      await registrer('A', '2021-03-01');
      await bestill('A', '2021-03-01', '2021-05-01');
      await motta('A', '2021-03-02');
      await deleger('A', '2021-03-03', 'aO2', o.fr2, '2021-04-15');
      await aksepter('A', '2021-03-04', 'aO2', o.fr2);
      await lever('A', '2021-04-10', 'aO2', o.fr2);
      await steg('A', '2021-04-11', { type: 'GodtaLeveranse', data: { oppdragId: 'aO2' } }, leder(o.asu));
      await steg('A', '2021-04-20', { type: 'AvgiInnstilling', data: { forslagTilVedtak: 'Forslag' } }, leder(o.asu));
      await steg(
        'A',
        '2021-04-21',
        { type: 'SettPaaSaksliste', data: { sakslistepunktId: 'a-1', moetedato: '2021-05-06', organer: [{ organId: o.psu, moetesaksaar: 2021, moetesakssekvensnummer: 1 }] } },
        leder(o.psu),
      );
      await steg('A', '2021-05-06', { type: 'FattVedtak', data: { sakslistepunktId: 'a-1', vedtaksutfall: 'vedtatt', vedtakstekst: 'Vedtatt' } }, leder(o.psu));
      await steg('A', '2021-06-01', { type: 'AvsluttSak', data: {} }, sekretaer(o.sekr));
      await steg('A', '2021-06-10', { type: 'GjenaapneSak', data: { begrunnelse: 'Nytt' } }, sekretaer(o.sekr));

      // T: withdrawn with tO1 open, then reopened: tO1 stays closed (only SakAvsluttet's ends reopen).
      await registrer('T', '2021-04-01');
      await bestill('T', '2021-04-01', '2021-07-01');
      await motta('T', '2021-04-02');
      await deleger('T', '2021-04-03', 'tO1', o.fr2, '2021-05-01');
      await steg('T', '2021-04-20', { type: 'TrekkSak', data: { begrunnelse: 'Utgår' } }, sekretaer(o.sekr));
      await steg('T', '2021-04-25', { type: 'GjenaapneSak', data: { begrunnelse: 'Likevel' } }, sekretaer(o.sekr));

      // Each sak's stream in order, the saker interleaved (readAll on PostgreSQL shows only what is
      // below the oldest open transaction of the server, which other sessions may hold back).
      const strommer = await Promise.all(['K', 'R', 'A', 'T'].map((n) => subject.store.readStream(`sak-${sak(n)}`)));
      hendelser = [];
      for (let i = 0; strommer.some((s) => i < s.length); i++) for (const s of strommer) if (i < s.length) hendelser.push(s[i]!);
    }, 120_000);

    afterAll(async () => subject?.dispose());

    const frist = (n: string, art: string, ref_id: string, fra: string, til: string, startet: string, fristDato: string, slutt: string | null, slutt_fordi: string | null, vedtatt: string | null, revisjon: number) => ({
      sak_id: sak(n),
      art,
      ref_id,
      fra_organ_id: fra,
      organ_id: til,
      startet,
      frist: fristDato,
      slutt,
      slutt_fordi,
      vedtatt,
      revisjon,
    });

    const forventedeFrister = () => [
      frist('A', 'bestilling', '1', o.psu, o.asu, '2021-03-01', '2021-05-01', '2021-04-20', 'innstilling_avgitt', '2021-05-06', 1),
      frist('A', 'oppdrag', 'aO2', o.asu, o.fr2, '2021-03-03', '2021-04-15', '2021-04-10', 'levert', null, 3),
      frist('K', 'bestilling', '1', o.psu, o.asu, '2021-01-10', '2021-04-01', null, null, null, 1),
      frist('K', 'oppdrag', 'kO1', o.asu, o.fr2, '2021-01-15', '2021-02-20', '2021-02-15', 'levert', null, 3),
      frist('K', 'oppdrag', 'kO2', o.asu, o.frk, '2021-01-15', '2021-02-10', null, null, null, 4),
      frist('R', 'bestilling', '1', o.psu, o.asu, '2021-02-01', '2021-06-01', null, null, null, 1),
      frist('R', 'oppdrag', 'rO1', o.asu, o.fr2, '2021-02-03', '2021-03-20', '2021-03-18', 'levert', null, 3),
      frist('R', 'oppdrag', 'rO2', o.asu, o.frk, '2021-02-03', '2021-03-10', null, null, null, 4),
      frist('T', 'bestilling', '1', o.psu, o.asu, '2021-04-01', '2021-07-01', '2021-04-20', 'sak_trukket', null, 1),
      frist('T', 'oppdrag', 'tO1', o.asu, o.fr2, '2021-04-03', '2021-05-01', '2021-04-20', 'sak_trukket', null, 3),
    ];

    // Only A's order was decided: 2021-03-01 → 2021-05-06 is 66 days, for PSU (ordered and decided) and ASU, in 2021.
    const forventedeBehandlingstider = () =>
      [o.asu, o.psu].sort().map((organ_id) => ({ sak_id: sak('A'), bestilling: '1', organ_id, aar: 2021, dager: 66 }));

    /** By body and measure (code-point order, as the rows are sorted the same way). */
    const iOrden = (rows: Rad[]) => [...rows].sort((a, b) => (`${String(a['organ_id'])} ${String(a['maal'])}` < `${String(b['organ_id'])} ${String(b['maal'])}` ? -1 : 1));

    const forventedeTellinger = () =>
      iOrden(
        (
          [
            [o.psu, 'saker_meldt_inn', 4],
            [o.psu, 'bestillinger_sendt', 4],
            [o.asu, 'bestillinger_mottatt', 4],
            [o.asu, 'oppdrag_delegert', 6],
            [o.fr2, 'oppdrag_mottatt', 4], // kO1, rO1, aO2, tO1
            [o.frk, 'oppdrag_mottatt', 2], // kO2, rO2
            [o.fr2, 'oppdrag_levert', 4], // kO1, rO1 twice, aO2
            [o.frk, 'oppdrag_levert', 1], // rO2
            [o.fr2, 'oppdrag_levert_etter_frist', 1], // rO1's first delivery (kO1 was in time for its corrected frist)
            [o.asu, 'leveranser_returnert', 2],
            [o.asu, 'innstillinger_avgitt', 1],
            [o.psu, 'saker_paa_saksliste', 1],
            [o.psu, 'vedtak_vedtatt', 1],
            [o.sekr, 'saker_avsluttet', 1],
            [o.sekr, 'saker_trukket', 1],
          ] as const
        ).map(([organ_id, maal, antall]) => ({ aar: 2021, organ_id, maal, antall })),
      );

    const sjekk = async () => {
      expect(await rader(sql, 'aarsstatistikk_frist', 'sak_id, art, ref_id')).toEqual(forventedeFrister());
      expect(await rader(sql, 'aarsstatistikk_behandlingstid', 'sak_id, bestilling, organ_id')).toEqual(forventedeBehandlingstider());
      expect(iOrden(await rader(sql, 'aarsstatistikk', 'aar'))).toEqual(forventedeTellinger());
      expect(await rader(sql, 'aarsstatistikk_oppfoelging', 'sak_id')).toEqual([]);
    };

    it('applies a whole batch: corrected frister, returned deliveries, reopening after closing and after withdrawal', async () => {
      expect(hendelser.length).toBe(40); // K 10, R 12, A 12, T 6
      await projiser(hendelser, hendelser.length);
      await sjekk();
    });

    it('gives the same rows one event per batch and three events per batch', async () => {
      await projiser(hendelser, 1);
      await sjekk();
      await projiser(hendelser, 3);
      await sjekk();
    });

    it('the statistics over these rows: overdue items judged on idag, median days', async () => {
      await projiser(hendelser, 7);
      const s = await hentAarsstatistikk(sql, 2021, '2021-12-31');
      const organ = (id: string) => s.organer.find((x) => x.organId === id)!;
      // fr2: kO1 (in time for its corrected frist), rO1 (in time for its new frist), aO2 in time, tO1 withdrawn before its frist.
      expect(organ(o.fr2).forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 4 });
      // frk: kO2 and rO2 (returned, open again) are open past their frist.
      expect(organ(o.frk).forfalte).toEqual({ antall: 2, bestillinger: 0, oppdrag: 2, fortsattAapne: 2, medFrist: 2 });
      // asu: K's order (corrected to 2021-04-01) and R's (2021-06-01) open past their frist; A and T ended in time.
      expect(organ(o.asu).forfalte).toEqual({ antall: 2, bestillinger: 2, oppdrag: 0, fortsattAapne: 2, medFrist: 4 });
      expect(organ(o.psu).behandlingstid).toEqual({ antall: 1, medianDager: 66, minDager: 66, maksDager: 66 });
    });

    /** An event made by hand (for what the deciders never produce), shaped as the command path records it. */
    const laget = (sakId: string, revision: number, type: string, data: Rad, dag: string, organId: string): RecordedEvent => {
      const mal = hendelser[0]!;
      const gjelderFra = `${dag}T10:00:00.000Z`;
      return {
        ...mal,
        id: randomUUID(),
        type,
        streamName: `sak-${sakId}`,
        revision: BigInt(revision),
        data: { sakId, ...data, gjelderFra, utfoertAv: { personId: `leder-${organId}`, organId, rolle: 'leder' } } as RecordedEvent['data'],
        metadata: { ...mal.metadata, effectiveAt: gjelderFra, recordedAt: gjelderFra },
      };
    };

    it('SakGjenaapnet opens again the oppdrag SakAvsluttet ended, not those delivered or ended by SakTrukket', async () => {
      // Events the deciders never produce (they let no oppdrag be open at SakAvsluttet), as an import could bring.
      const m = sak('M');
      const e = [
        laget(m, 0, 'SakRegistrert', { tittel: 'M', beskrivelse: 'M', sakstype: 'beslutningssak', innmeldtAv: o.psu }, '2021-05-01', o.sekr),
        laget(m, 1, 'OppdragDelegert', { oppdragId: 'm1', fraOrganId: o.asu, tilOrganId: o.fr2, mandat: 'm1', frist: '2021-06-01' }, '2021-05-02', o.asu),
        laget(m, 2, 'OppdragDelegert', { oppdragId: 'm2', fraOrganId: o.asu, tilOrganId: o.frk, mandat: 'm2', frist: '2021-06-15' }, '2021-05-02', o.asu),
        laget(m, 3, 'OppdragLevert', { oppdragId: 'm2', organId: o.frk, leveranse: 'Notat' }, '2021-05-20', o.frk),
        laget(m, 4, 'SakAvsluttet', {}, '2021-05-25', o.sekr),
        laget(m, 5, 'SakGjenaapnet', { begrunnelse: 'Nytt', tidligereFase: 'avsluttet' }, '2021-05-30', o.sekr),
        laget(m, 6, 'SakTrukket', { begrunnelse: 'Utgår' }, '2021-06-02', o.sekr),
        laget(m, 7, 'SakGjenaapnet', { begrunnelse: 'Likevel', tidligereFase: 'trukket' }, '2021-06-03', o.sekr),
      ];
      const m1 = (slutt: string | null, fordi: string | null) => frist('M', 'oppdrag', 'm1', o.asu, o.fr2, '2021-05-02', '2021-06-01', slutt, fordi, null, 1);
      const m2 = frist('M', 'oppdrag', 'm2', o.asu, o.frk, '2021-05-02', '2021-06-15', '2021-05-20', 'levert', null, 2);
      const frister = () => rader(sql, 'aarsstatistikk_frist', 'ref_id');
      for (const size of [e.length, 1, 3]) {
        await projiser(e.slice(0, 5), size);
        expect(await frister()).toEqual([m1('2021-05-25', 'sak_avsluttet'), m2]);
        await projiser(e.slice(0, 6), size);
        expect(await frister()).toEqual([m1(null, null), m2]);
        await projiser(e, size);
        expect(await frister()).toEqual([m1('2021-06-02', 'sak_trukket'), m2]);
      }
      expect(iOrden(await rader(sql, 'aarsstatistikk', 'aar'))).toEqual(
        iOrden([
          { aar: 2021, organ_id: o.psu, maal: 'saker_meldt_inn', antall: 1 },
          { aar: 2021, organ_id: o.asu, maal: 'oppdrag_delegert', antall: 2 },
          { aar: 2021, organ_id: o.fr2, maal: 'oppdrag_mottatt', antall: 1 },
          { aar: 2021, organ_id: o.frk, maal: 'oppdrag_mottatt', antall: 1 },
          { aar: 2021, organ_id: o.frk, maal: 'oppdrag_levert', antall: 1 },
          { aar: 2021, organ_id: o.sekr, maal: 'saker_avsluttet', antall: 1 },
          { aar: 2021, organ_id: o.sekr, maal: 'saker_trukket', antall: 1 },
        ]),
      );
    });

    it('fails at the event that needs a row the statistics do not have, and writes nothing of the batch', async () => {
      await projiser([], 1);
      const u = sak('ukjent');
      const registrert = laget(u, 0, 'SakRegistrert', { tittel: 'U', beskrivelse: 'U', sakstype: 'beslutningssak', innmeldtAv: o.psu }, '2021-05-01', o.sekr);
      const innvilget = laget(u, 1, 'UtsattFristInnvilget', { oppdragId: 'x1', nyFrist: '2021-09-01', tidligereFrist: '2021-08-01' }, '2021-05-02', o.asu);
      const fullfoert = laget(u, 1, 'OppfoelgingFullfoert', { oppfoelgingId: 'f9' }, '2021-05-02', o.asu);
      const feil = async (events: RecordedEvent[]) => {
        try {
          await sql.transaction((tx) => projection.handleBatch(events, tx));
        } catch (error) {
          return error;
        }
        throw new Error('expected the batch to fail');
      };
      const e1 = await feil([registrert, innvilget]);
      expect(e1).toBeInstanceOf(BatchEventFailure);
      expect((e1 as BatchEventFailure).event.id).toBe(innvilget.id);
      expect((e1 as Error).message).toBe(`Oppdrag x1 of sak ${u} is unknown to the statistics.`);
      const e2 = await feil([registrert, fullfoert]);
      expect((e2 as BatchEventFailure).event.id).toBe(fullfoert.id);
      expect((e2 as Error).message).toBe(`Oppfølging f9 of sak ${u} is unknown to the statistics.`);
      expect(await rader(sql, 'aarsstatistikk', 'aar')).toEqual([]);
    });
  });
}
