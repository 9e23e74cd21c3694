/**
 * The saksforløp document as the endpoint sends it (UTF-8 bytes put together from the stored steps),
 * on every backend: the steps are read as rows on PostgreSQL and as one aggregated row on PGlite, and
 * both must give the same journey: the steps in order with the body's name, level and own case
 * number joined in, the oppdrag with their own steps, text outside Latin-1 intact, no step of
 * another sak. PGlite always; PostgreSQL too when SAKSGANG_TEST_POSTGRES_URL is set.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Aktoer, SakCommand } from '@saksgang/domain';
import type { SqlClient } from '@saksgang/event-store';
import { hentSaksforloep, hentSaksforloepDokument, OrganerProjection, SaksforloepProjection } from '@saksgang/projections';
import { type ContractSubject, discoverBackends, pgliteBackend, postgresBackend } from '../support/backends.js';
import { skipBackend } from '../support/skip.js';
import { leder, opprettOrganer, Saksgang, sekretaer } from './driver.js';

const backends = await discoverBackends([pgliteBackend, postgresBackend]);

for (const backend of backends) {
  if (!backend.available) {
    skipBackend('saksforløp document', backend);
    continue;
  }

  describe(`saksforløp document (${backend.name})`, () => {
    let subject: ContractSubject;
    let sql: SqlClient;
    let o: Awaited<ReturnType<typeof opprettOrganer>>;
    const suffix = `-sf${randomUUID().slice(0, 6)}`;
    const sakA = `a${suffix}`;
    const sakB = `b${suffix}`;

    beforeAll(async () => {
      subject = await backend.factory();
      sql = subject.sql!;
      const g = new Saksgang(subject.store, new Date('2017-03-16T10:00:00Z'));
      o = await opprettOrganer(g, suffix);
      const steg = async (sakId: string, dag: string, command: SakCommand, aktoer: Aktoer): Promise<void> => {
        g.now = new Date(`${dag}T10:00:00Z`);
        await g.sak(sakId, command, aktoer);
      };
      for (const sakId of [sakA, sakB]) {
        await steg(sakId, '2017-03-16', { type: 'RegistrerSak', data: { sakId, tittel: `Handlingsplan ${sakId}`, beskrivelse: 'Samhandling', innmeldtAv: o.psu, sakstype: 'beslutningssak', saksnummer: '3/17' } }, sekretaer(o.sekr));
        await steg(sakId, '2017-03-16', { type: 'BestillUtredning', data: { tilOrganId: o.asu, mandat: 'Utred', frist: '2017-10-01' } }, leder(o.psu));
      }
      await steg(sakA, '2017-03-20', { type: 'MottaBestilling', data: { saksnummer: '16/2017' } }, leder(o.asu, 'kari'));
      await steg(sakA, '2017-05-01', { type: 'DelegerOppdrag', data: { oppdragId: 'o1', tilOrganId: o.fr2, mandat: 'Kunnskapsgrunnlag', frist: '2017-06-01' } }, leder(o.asu));
      await steg(sakA, '2017-05-10', { type: 'AksepterOppdrag', data: { oppdragId: 'o1' } }, leder(o.fr2));
      await steg(sakA, '2017-05-20', { type: 'BeOmUtsattFrist', data: { oppdragId: 'o1', nyFrist: '2017-07-01', begrunnelse: 'Ferie' } }, leder(o.fr2));
      await steg(sakA, '2017-05-22', { type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1' } }, leder(o.asu));

      const organer = new OrganerProjection();
      const saksforloep = new SaksforloepProjection();
      const organHendelser = (await Promise.all(Object.values(o).map((id) => subject.store.readStream(`organ-${id}`)))).flat();
      const sakHendelser = [...(await subject.store.readStream(`sak-${sakA}`)), ...(await subject.store.readStream(`sak-${sakB}`))];
      await sql.transaction(async (tx) => {
        await organer.setup(tx);
        await saksforloep.setup(tx);
        await organer.handleBatch!(organHendelser, tx);
        await saksforloep.handleBatch(sakHendelser, tx);
      });
    }, 120_000);

    afterAll(async () => subject?.dispose());

    it('gives the journey in order, with each body’s name, level and own case number, and the oppdrag with their own steps', async () => {
      const dokument = (await hentSaksforloepDokument(sql, sakA))!;
      const f = JSON.parse(dokument.toString('utf8'));
      expect(f).toMatchObject({ sakId: sakA, tittel: `Handlingsplan ${sakA}`, innmeldtAv: o.psu, saksnumre: { [o.psu]: '3/17', [o.asu]: '16/2017' } });
      expect(f.steg.map((s: Record<string, unknown>) => [s['revisjon'], s['hendelsestype'], s['organId'], s['organNavn'], s['nivaa'], s['organSaksnummer'], s['oppdragId']])).toEqual([
        [0, 'SakRegistrert', o.sekr, 'Sekretariatet', 'administrativt', null, null], // registered by the secretariat, for the PSU
        [1, 'UtredningBestilt', o.psu, 'PSU Helsefellesskapet i nordre Trøndelag', 'politisk', '3/17', null],
        [2, 'BestillingMottatt', o.asu, 'ASU', 'administrativt', '16/2017', null],
        [3, 'OppdragDelegert', o.asu, 'ASU', 'administrativt', '16/2017', 'o1'],
        [4, 'OppdragAkseptert', o.fr2, 'Fagråd 2', 'faglig', null, 'o1'],
        [5, 'UtsattFristBedt', o.fr2, 'Fagråd 2', 'faglig', null, 'o1'],
        [6, 'UtsattFristInnvilget', o.asu, 'ASU', 'administrativt', '16/2017', 'o1'],
      ]);
      expect(f.steg[6].beskrivelse).toBe('Utsatt frist innvilget: 01.06.2017 → 01.07.2017');
      expect(f.steg[2]).toMatchObject({ personId: 'kari', rolle: 'leder', gjelderFra: '2017-03-20T10:00:00.000Z' });
      expect(f.oppdrag).toEqual([
        expect.objectContaining({ oppdragId: 'o1', fraOrganId: o.asu, tilOrganId: o.fr2, mandat: 'Kunnskapsgrunnlag', frist: '2017-07-01', delegert: '2017-05-01T10:00:00.000Z' }),
      ]);
      expect(f.oppdrag[0].steg).toEqual(f.steg.slice(3));
    });

    it('is the same journey hentSaksforloep gives, for each sak on its own, and nothing for an unknown sak', async () => {
      const a = (await hentSaksforloepDokument(sql, sakA))!;
      expect(await hentSaksforloep(sql, sakA)).toEqual(JSON.parse(a.toString('utf8')));
      const b = (await hentSaksforloep(sql, sakB))!;
      expect(b.steg.map((s) => s.hendelsestype)).toEqual(['SakRegistrert', 'UtredningBestilt']);
      expect(b.oppdrag).toEqual([]);
      expect(await hentSaksforloepDokument(sql, `ukjent${suffix}`)).toBeUndefined();
    });
  });
}
