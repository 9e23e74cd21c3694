/**
 * Point in time on both axes and replay against projections — on one PGlite
 * store with the seed 002/004 story (see story.ts for the recording and effective dates).
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { organisasjonPaaDato, type ProjectionComparer, replaySak, SakFinnesIkkeError, sakGjeldendePaaDato, sakSomRegistrert, streamComparer } from '@saksgang/audit';
import { type EventStore, openEventStore, type OpenedEventStore } from '@saksgang/event-store';
import { fortell, OPPRINNELIG_TITTEL, organiser, RETTET_TITTEL, type Story } from './story.js';

let opened: OpenedEventStore;
let store: EventStore;
let story: Story;
const suffix = `-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://' });
  store = opened.store;
  await organiser(store, suffix);
  story = await fortell(store, suffix);
}, 60_000);
afterAll(async () => opened?.store.close());

describe('the sak as RECORDED by time T ("what did the system show that day")', () => {
  it('the day after the PSU meeting the vedtak was not yet recorded: on the agenda, original title', async () => {
    const v = await sakSomRegistrert(store, story.sakId, new Date('2019-02-16T12:00:00Z'));
    expect(v.sak?.fase).toBe('paa_saksliste');
    expect(v.sak?.tittel).toBe(OPPRINNELIG_TITTEL);
    expect(v.revisjon).toBe(4);
    expect(v.hendelser.map((h) => h.type)).toEqual(['SakRegistrert', 'UtredningBestilt', 'BestillingMottatt', 'InnstillingAvgitt', 'SattPaaSaksliste']);
    expect(v.hendelser[2]).toMatchObject({ hendelsesnummer: 2, gjelderFra: '2017-04-20', registrert: '2017-04-21T10:00:00.000Z', utfoertAv: { personId: 'olav-bremnes', rolle: 'sekretaer' } });
  });

  it('once the minutes were entered (20 Feb) it showed the vedtak; the correction only from 5 March', async () => {
    expect((await sakSomRegistrert(store, story.sakId, new Date('2019-02-20T14:00:00Z'))).sak).toMatchObject({ fase: 'vedtak_fattet', tittel: OPPRINNELIG_TITTEL });
    expect((await sakSomRegistrert(store, story.sakId, new Date('2019-03-05T09:00:00Z'))).sak?.tittel).toBe(RETTET_TITTEL);
  });

  it('before the registration it showed nothing', async () => {
    const v = await sakSomRegistrert(store, story.sakId, new Date('2017-03-26T00:00:00Z'));
    expect(v.sak).toBeNull();
    expect(v.revisjon).toBeNull();
  });
});

describe('the sak as IN EFFECT on date D ("what had been decided by then")', () => {
  it('on the meeting day the vedtak was in effect, though recorded five days later', async () => {
    const v = await sakGjeldendePaaDato(store, story.sakId, '2019-02-15');
    expect(v.sak?.fase).toBe('vedtak_fattet');
    expect(v.sak?.sakslistepunkter[0]?.vedtak).toMatchObject({ vedtaksutfall: 'vedtatt', gjelderFra: '2019-02-15' });
  });

  it('a correction recorded in 2019 that took effect from the registration applies to every earlier date', async () => {
    const v = await sakGjeldendePaaDato(store, story.sakId, '2017-04-01');
    expect(v.sak).toMatchObject({ tittel: RETTET_TITTEL, fase: 'bestilt' });
    // … but not to what the system showed then (recorded axis), and not when combined with "as recorded by" the meeting day.
    const slik = await sakGjeldendePaaDato(store, story.sakId, '2019-02-15', { recordedBy: new Date('2019-02-16T00:00:00Z') });
    expect(slik.sak).toMatchObject({ tittel: OPPRINNELIG_TITTEL, fase: 'paa_saksliste' });
  });

  it('lists the history in effective order and leaves out what had not taken effect', async () => {
    const v = await sakGjeldendePaaDato(store, story.sakId, '2017-12-31');
    expect(v.hendelser.map((h) => [h.hendelsesnummer, h.type, h.gjelderFra.slice(0, 10)])).toEqual([
      [0, 'SakRegistrert', '2017-03-24'],
      [1, 'UtredningBestilt', '2017-03-24'],
      [6, 'OpplysningKorrigert', '2017-03-24'],
      [2, 'BestillingMottatt', '2017-04-20'],
    ]);
    expect(v.sak?.saksnumre).toEqual({ [story.organ('psu-hnt')]: '3/17', [story.organ('asu-hnt')]: '16/2017' });
    expect((await sakGjeldendePaaDato(store, story.sakId, '2017-03-23')).sak).toBeNull();
  });

  it('an unknown sak is an error', async () => {
    await expect(sakGjeldendePaaDato(store, randomUUID(), '2019-01-01')).rejects.toBeInstanceOf(SakFinnesIkkeError);
  });
});

describe('the organisation on date D', () => {
  it('Trøndelag fylkeskommune sat in PSU as observatør from 15 February 2019, not the day before', async () => {
    const psu = story.organ('psu-hnt');
    const foer = await organisasjonPaaDato(store, '2019-02-14');
    const paa = await organisasjonPaaDato(store, '2019-02-15');
    const iPsu = (v: typeof foer) => v.verv.filter((x) => x.organId === psu).map((x) => [x.navn, x.rolle]);
    expect(iPsu(foer)).toEqual([
      ['Robert Svarva', 'leder'],
      ['KS (sekretær)', 'sekretaer'],
    ]);
    expect(iPsu(paa)).toContainEqual(['Tore O. Sandvik', 'observatoer']);
    expect(paa.verv.find((x) => x.personId === 'tore-sandvik')).toMatchObject({ representerer: 'Trøndelag fylkeskommune', organnavn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag' });
  });

  it('lists only the bodies that existed on the date, with the name they had then', async () => {
    const psu = story.organ('psu-hnt');
    const iStory = (v: { organer: readonly { organId: string }[] }) => v.organer.filter((o) => o.organId.endsWith(suffix)).map((o) => o.organId);
    expect(iStory(await organisasjonPaaDato(store, '2000-01-01'))).toEqual([]);
    const paa = await organisasjonPaaDato(store, '2019-02-15');
    expect(iStory(paa)).toContain(psu);
    expect(paa.organer.find((o) => o.organId === psu)?.navn).toBe('Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag');
  });

  it('as recorded before the bodies were entered (2 Jan 2019), nobody sat anywhere', async () => {
    const v = await organisasjonPaaDato(store, '2018-06-01', { recordedBy: new Date('2019-01-01T00:00:00Z') });
    expect(v.verv.filter((x) => x.organId.endsWith(suffix))).toEqual([]);
    expect((await organisasjonPaaDato(store, '2018-06-01')).verv.filter((x) => x.organId === story.organ('psu-hnt'))).toHaveLength(2);
  });
});

describe('replay against projections', () => {
  it('the sak rebuilt from its stream agrees with a comparer that folds the stream', async () => {
    const r = await replaySak(store, story.sakId, [streamComparer(store)]);
    expect(r.ok).toBe(true);
    expect(r.forventet).toMatchObject({ tittel: RETTET_TITTEL, saksstatus: 'Under behandling', fase: 'vedtak_fattet', antallHendelser: 7 });
    expect(r.sammenligninger).toEqual([{ projection: 'event-stream', holds: true, ok: true, forskjeller: [] }]);
  });

  it('reports every difference of a projection that is wrong, one that misses the sak, and one that fails', async () => {
    const stale: ProjectionComparer = { name: 'stale', view: async (sakId) => ({ sakId, tittel: OPPRINNELIG_TITTEL, fase: 'paa_saksliste', antallHendelser: 5 }) };
    const missing: ProjectionComparer = { name: 'missing', view: async () => undefined };
    const broken: ProjectionComparer = { name: 'broken', view: async () => Promise.reject(new Error('relation "saksoversikt" does not exist')) };
    const openOnly: ProjectionComparer = { name: 'open-only', view: async () => undefined, shouldHold: (s) => s.saksstatus === 'Under behandling' && s.fase !== 'vedtak_fattet' };
    const r = await replaySak(store, story.sakId, [stale, missing, broken, openOnly]);
    expect(r.ok).toBe(false);
    expect(r.sammenligninger[0]).toEqual({
      projection: 'stale',
      holds: true,
      ok: false,
      forskjeller: [
        { felt: 'tittel', forventet: RETTET_TITTEL, faktisk: OPPRINNELIG_TITTEL },
        { felt: 'fase', forventet: 'vedtak_fattet', faktisk: 'paa_saksliste' },
        { felt: 'antallHendelser', forventet: 7, faktisk: 5 },
      ],
    });
    expect(r.sammenligninger[1]).toMatchObject({ projection: 'missing', holds: false, ok: false });
    expect(r.sammenligninger[2]).toMatchObject({ projection: 'broken', ok: false, feil: 'relation "saksoversikt" does not exist' });
    expect(r.sammenligninger[3]).toMatchObject({ projection: 'open-only', holds: false, ok: true });
  });
});
