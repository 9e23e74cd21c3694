/**
 * A meeting's decision as the sak's vedtak (issue #15 item 5): the reference «PSU-møte 15.02.2019,
 * sak 2/19» (a joint meeting: both bodies and both numbers), the sak commands still needed worked
 * out from the meeting and the sak (none once the sak has them: safe to record again), and the sak's
 * own decision step refusing an item of a recorded meeting without the meeting.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fold, kortnavn, type Moete, moetereferanse, type SakCommand, sakDecider, type SakState, sakensKommandoerForMoetevedtak } from '../src/index.js';
import { ctx, organer, PSU_SEKRETAER, SEKRETARIAT } from './fixtures.js';

const SAK = 'sak-fylkeskommunen';
const PUNKT = 'punkt-2';

function moete(over: Partial<Moete> = {}, vedtak = true): Moete {
  return {
    moeteId: 'moete-2019-02-15',
    organIder: ['psu-hnt'],
    moetedato: '2019-02-15',
    starttid: '09:00',
    sluttid: '11:30',
    moetested: 'Sykehuset Levanger, Store møterom Arken',
    egenOrienteringsserie: ['psu-hnt'],
    status: 'innkalling_sendt',
    innkallingSendt: '2019-02-01',
    moetenumre: { 'psu-hnt': 1 },
    punkter: [
      {
        punktId: PUNKT,
        sakId: SAK,
        tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag',
        moetesakstype: 'politisk',
        rekkefoelge: 2,
        tilleggssak: false,
        lagtTil: '2019-01-25',
        numre: [{ organId: 'psu-hnt', serie: 'ordinaer', aar: 2019, nummer: 2, punktId: PUNKT }],
        inhabile: [],
        ...(vedtak ? { vedtak: { organIder: ['psu-hnt'], vedtaksutfall: 'vedtatt' as const, vedtakstekst: 'Trøndelag fylkeskommune tiltrer PSU som observatør.', stemmemaate: 'enstemmig' as const, gjelderFra: '2019-02-15' } } : {}),
      },
    ],
    deltakere: [],
    forfall: [],
    flyttinger: [],
    planlagt: '2019-01-20',
    ...over,
  };
}

function registrert(): SakState {
  const [e] = sakDecider.decide({ type: 'RegistrerSak', data: { sakId: SAK, tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag', innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak', gjelderFra: '2019-01-10' } }, null, ctx(SEKRETARIAT));
  return fold(sakDecider, [e!]);
}

function anvend(state: SakState, commands: readonly SakCommand[]): SakState {
  let s = state;
  for (const c of commands) s = sakDecider.decide(c, s, ctx(PSU_SEKRETAER)).reduce(sakDecider.evolve, s);
  return s;
}

describe('the meeting as the basis of a decision', () => {
  it('«PSU-møte 15.02.2019, sak 2/19»; a joint meeting names both bodies and both numbers; an orienteringssak its own series', () => {
    expect(moetereferanse(moete(), moete().punkter[0]!, organer)).toBe('PSU-møte 15.02.2019, sak 2/19');
    const felles = moete({ organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23' });
    const numre = [
      { organId: 'psu-hnt', serie: 'ordinaer', aar: 2017, nummer: 3 },
      { organId: 'asu-hnt', serie: 'ordinaer', aar: 2017, nummer: 16 },
    ];
    expect(moetereferanse(felles, { numre }, organer)).toBe('PSU/ASU-møte 23.11.2017, PSU sak 3/17, ASU sak 16/17');
    expect(moetereferanse(moete(), { numre: [{ organId: 'psu-hnt', serie: 'orientering', aar: 2019, nummer: 1 }] }, organer)).toBe('PSU-møte 15.02.2019, orienteringssak 1/19');
  });

  it('a body’s short name: the abbreviation in its name, else PSU/ASU by type, else the name', () => {
    expect(kortnavn({ navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu' }, 'x')).toBe('PSU');
    expect(kortnavn({ navn: 'Samarbeidsutvalget', organtype: 'asu' }, 'x')).toBe('ASU');
    expect(kortnavn({ navn: 'Fagråd 2', organtype: 'fagraad' }, 'x')).toBe('Fagråd 2');
    expect(kortnavn(undefined, 'ukjent-organ')).toBe('ukjent-organ');
  });
});

describe('what the sak still needs', () => {
  it('given a decided item, the sak gets the item with the meeting’s numbers (from the innkalling) and the decision with the reference', () => {
    const [paa, vedtak] = sakensKommandoerForMoetevedtak(moete(), PUNKT, registrert() as never, organer);
    expect(paa).toEqual({
      type: 'SettPaaSaksliste',
      data: { sakslistepunktId: PUNKT, moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken', organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 2 }], moeteId: 'moete-2019-02-15', gjelderFra: '2019-02-01' },
    });
    expect(vedtak).toMatchObject({ type: 'FattVedtak', data: { sakslistepunktId: PUNKT, vedtaksutfall: 'vedtatt', moeteId: 'moete-2019-02-15', moetereferanse: 'PSU-møte 15.02.2019, sak 2/19', gjelderFra: '2019-02-15' } });
  });

  it('nothing for an undecided item or «Eventuelt»', () => {
    expect(sakensKommandoerForMoetevedtak(moete({}, false), PUNKT, registrert() as never, organer)).toEqual([]);
    const eventuelt = moete();
    const uten = { ...eventuelt, punkter: eventuelt.punkter.map(({ sakId: _s, ...p }) => ({ ...p, moetesakstype: 'eventuelt' as const })) };
    expect(sakensKommandoerForMoetevedtak(uten, PUNKT, registrert() as never, organer)).toEqual([]);
  });

  it('property: recorded once, asked again (any number of times) it needs nothing — also after only the first fact was recorded', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 1, max: 4 }), fc.constantFrom('vedtatt', 'tatt_til_orientering', 'droeftet', 'utsatt', 'avvist'), (delvis, ganger, utfall) => {
        const m = moete();
        const medUtfall: Moete = { ...m, punkter: m.punkter.map((p) => ({ ...p, vedtak: { ...p.vedtak!, vedtaksutfall: utfall } })) };
        let sak = registrert();
        const alle = sakensKommandoerForMoetevedtak(medUtfall, PUNKT, sak as never, organer);
        if (delvis) sak = anvend(sak, alle.slice(0, 1));
        for (let i = 0; i < ganger; i++) sak = anvend(sak, sakensKommandoerForMoetevedtak(medUtfall, PUNKT, sak as never, organer));
        expect(sakensKommandoerForMoetevedtak(medUtfall, PUNKT, sak as never, organer)).toEqual([]);
        const punkt = sak!.sakslistepunkter.filter((p) => p.sakslistepunktId === PUNKT);
        expect(punkt).toHaveLength(1);
        expect(punkt[0]!.vedtak).toMatchObject({ vedtaksutfall: utfall, moetereferanse: 'PSU-møte 15.02.2019, sak 2/19' });
      }),
      { numRuns: 40 },
    );
  });

  it('the sak’s own decision step refuses an item of a recorded meeting without the meeting (the decision is made there)', () => {
    const [paa] = sakensKommandoerForMoetevedtak(moete(), PUNKT, registrert() as never, organer);
    const sak = anvend(registrert(), [paa!]);
    expect(sak!.fase).toBe('paa_saksliste');
    expect(() => sakDecider.decide({ type: 'FattVedtak', data: { sakslistepunktId: PUNKT, vedtaksutfall: 'vedtatt', vedtakstekst: 'Utenom møtet.' } }, sak, ctx(PSU_SEKRETAER))).toThrow(
      expect.objectContaining({ code: 'vedtak_foeres_i_moetet' }),
    );
  });
});
