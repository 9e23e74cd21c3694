import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  erAktivPaaDato,
  fold,
  hvemSattHvorPaaDato,
  InvalidCommandError,
  mandatPaaDato,
  medlemmerPaaDato,
  navnPaaDato,
  NotFoundError,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  ROLLERETTIGHETER,
  rollerForPersonPaaDato,
  StepRefusedError,
} from '../src/index.js';
import { given } from './given.js';
import { ARBEIDSGRUPPE_BARN, ASU, ctx, NAA, ORGANER, PSU, SEKRETARIAT } from './fixtures.js';

const C = ctx(SEKRETARIAT);
const opprett: OrganCommand = {
  type: 'OpprettOrgan',
  data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg', organtype: 'psu', mandat: 'Setter retning.', gjelderFra: '2012-01-01' },
};
const opprettet: OrganEvent[] = [
  { type: 'OrganOpprettet', data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg', organtype: 'psu', nivaa: 'politisk', mandat: 'Setter retning.', gjelderFra: '2012-01-01' } },
];
const observatoer: OrganCommand = {
  type: 'OppnevnMedlem',
  data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15' },
};
const medObservatoer: OrganEvent[] = [
  ...opprettet,
  {
    type: 'MedlemOppnevnt',
    data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15', gjelderFra: NAA.toISOString() },
  },
];
const nedlagt: OrganEvent[] = [...opprettet, { type: 'OrganNedlagt', data: { organId: 'psu-hnt', begrunnelse: 'Helsefellesskap', gjelderFra: '2020-01-01' } }];

describe('OpprettOrgan → OrganOpprettet', () => {
  it('establishes a body with the usual level of its type', () => {
    given(organDecider, []).when(opprett, C).then(opprettet);
  });

  it('establishes an arbeidsgruppe appointed by ASU, with its own level and mandate', () => {
    given(organDecider, [])
      .when(
        { type: 'OpprettOrgan', data: { organId: 'ag', navn: 'Arbeidsgruppe barn og unge', organtype: 'arbeidsgruppe', nivaa: 'faglig', oppnevntAv: 'asu-hnt', mandat: 'Foreslå konkrete tiltak.', gjelderFra: '2021-06-01' } },
        C,
      )
      .then([
        {
          type: 'OrganOpprettet',
          data: { organId: 'ag', navn: 'Arbeidsgruppe barn og unge', organtype: 'arbeidsgruppe', nivaa: 'faglig', oppnevntAv: 'asu-hnt', mandat: 'Foreslå konkrete tiltak.', gjelderFra: '2021-06-01' },
        },
      ]);
    expect(ARBEIDSGRUPPE_BARN).toMatchObject({ oppnevntAv: 'asu-hnt', nivaa: 'faglig', organtype: 'arbeidsgruppe' });
  });

  it('refuses a body that exists already', () => {
    given(organDecider, opprettet).when(opprett, C).thenThrows(ConflictError, 'organ_finnes_allerede');
  });

  it('refuses an unknown appointing body, and one that was dissolved', () => {
    const med = (oppnevntAv: string): OrganCommand => ({ type: 'OpprettOrgan', data: { ...opprett.data, organId: 'x', oppnevntAv } }) as OrganCommand;
    given(organDecider, []).when(med('ukjent'), C).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(organDecider, [])
      .when({ type: 'OpprettOrgan', data: { ...opprett.data, organId: 'x', oppnevntAv: 'fagraad-gammelt', gjelderFra: '2019-01-01' } }, C)
      .thenThrows(StepRefusedError, 'oppnevner_ikke_aktiv');
    given(organDecider, []).when({ type: 'OpprettOrgan', data: { ...opprett.data, oppnevntAv: 'psu-hnt' } }, C).thenThrows(InvalidCommandError, 'oppnevnt_av_seg_selv');
  });

  it.each([
    ['organtype', 'kommunestyre', 'ugyldig_verdi'],
    ['nivaa', 'regionalt', 'ugyldig_verdi'],
    ['navn', '', 'felt_mangler'],
    ['mandat', undefined, 'felt_mangler'],
    ['gjelderFra', '2019-13-01', 'ugyldig_gjelder_fra'],
  ])('refuses invalid %s (%j)', (field, value, code) => {
    const err = given(organDecider, []).when({ type: 'OpprettOrgan', data: { ...opprett.data, [field]: value } } as OrganCommand, C).thenThrows(InvalidCommandError, code);
    expect(err.field).toBe(field);
  });

  it('refuses an unknown step and a command for another body than the stream', () => {
    given(organDecider, []).when({ type: 'SlettOrgan', data: {} } as unknown as OrganCommand, C).thenThrows(InvalidCommandError, 'ukjent_steg');
    given(organDecider, opprettet).when({ type: 'OmdoepOrgan', data: { organId: 'asu-hnt', navn: 'x' } }, C).thenThrows(InvalidCommandError, 'feil_organ');
  });
});

describe('OmdoepOrgan, EndreMandat, LeggNedOrgan', () => {
  it('renames with the former name in the event, and keeps the history of names', () => {
    const { state } = given(organDecider, opprettet)
      .when({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'PSU i Helsefellesskapet i nordre Trøndelag', gjelderFra: '2020-01-01' } }, C)
      .then([{ type: 'OrganOmdoept', data: { organId: 'psu-hnt', navn: 'PSU i Helsefellesskapet i nordre Trøndelag', tidligereNavn: 'Politisk samarbeidsutvalg', gjelderFra: '2020-01-01' } }]);
    expect(navnPaaDato(state!, '2019-12-31')).toBe('Politisk samarbeidsutvalg');
    expect(navnPaaDato(state!, '2020-01-01')).toBe('PSU i Helsefellesskapet i nordre Trøndelag');
    expect(navnPaaDato(state!, '2011-12-31')).toBeUndefined();
  });

  it('a rename to the same name records nothing', () => {
    given(organDecider, opprettet).when({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg' } }, C).then([]);
  });

  it('changes the mandate, keeping the history', () => {
    const { state } = given(organDecider, opprettet)
      .when({ type: 'EndreMandat', data: { organId: 'psu-hnt', mandat: 'Bestiller saker fra ASU.', gjelderFra: '2019-02-15' } }, C)
      .then([{ type: 'OrganMandatEndret', data: { organId: 'psu-hnt', mandat: 'Bestiller saker fra ASU.', gjelderFra: '2019-02-15' } }]);
    expect(mandatPaaDato(state!, '2019-01-01')).toBe('Setter retning.');
    expect(mandatPaaDato(state!, '2019-03-01')).toBe('Bestiller saker fra ASU.');
    given(organDecider, opprettet).when({ type: 'EndreMandat', data: { organId: 'psu-hnt', mandat: 'Setter retning.' } }, C).then([]);
  });

  it('dissolves a body; it is active until the day before', () => {
    const { state } = given(organDecider, opprettet)
      .when({ type: 'LeggNedOrgan', data: { organId: 'psu-hnt', begrunnelse: 'Helsefellesskap', gjelderFra: '2020-01-01' } }, C)
      .then(nedlagt.slice(1));
    expect(erAktivPaaDato(state!, '2019-12-31')).toBe(true);
    expect(erAktivPaaDato(state!, '2020-01-01')).toBe(false);
    expect(erAktivPaaDato(state!, '2011-12-31')).toBe(false);
  });

  it('refuses changes to a dissolved body, listing what is still allowed', () => {
    const err = given(organDecider, nedlagt).when({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'Nytt' } }, C).thenThrows(StepRefusedError, 'organ_nedlagt');
    expect(err.allowedSteps).toEqual(['AvsluttMedlemsperiode']);
    given(organDecider, nedlagt).when({ type: 'EndreMandat', data: { organId: 'psu-hnt', mandat: 'x' } }, C).thenThrows(StepRefusedError, 'organ_nedlagt');
    given(organDecider, nedlagt).when({ type: 'LeggNedOrgan', data: { organId: 'psu-hnt' } }, C).thenThrows(StepRefusedError, 'organ_nedlagt');
    given(organDecider, nedlagt).when(observatoer, C).thenThrows(StepRefusedError, 'organ_nedlagt');
  });

  it('refuses dissolving before it was established (the one rule for every change to a body)', () => {
    const err = given(organDecider, opprettet).when({ type: 'LeggNedOrgan', data: { organId: 'psu-hnt', gjelderFra: '2011-01-01' } }, C).thenThrows(InvalidCommandError, 'foer_organet_ble_opprettet');
    expect(err.field).toBe('gjelderFra');
  });

  it('refuses every step but OpprettOrgan on a body that does not exist', () => {
    const err = given(organDecider, []).when({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'x' } }, C).thenThrows(NotFoundError, 'organ_ikke_funnet');
    expect(err.allowedSteps).toEqual(['OpprettOrgan']);
  });
});

describe('OppnevnMedlem → MedlemOppnevnt, AvsluttMedlemsperiode → MedlemsperiodeAvsluttet', () => {
  it('appoints an observer «med møte- og talerett, fra dags dato» (seed 004, sak 2/19)', () => {
    given(organDecider, opprettet).when(observatoer, C).then(medObservatoer.slice(1));
    expect(ROLLERETTIGHETER.observatoer).toMatchObject({ moeterett: true, talerett: true, stemmerett: false });
  });

  it('refuses a duplicate period id, an unknown role, a period ending before it starts, or starting before the body', () => {
    given(organDecider, medObservatoer).when(observatoer, C).thenThrows(ConflictError, 'medlemsperiode_finnes_allerede');
    given(organDecider, opprettet).when({ type: 'OppnevnMedlem', data: { ...observatoer.data, rolle: 'ordfører' } } as unknown as OrganCommand, C).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    given(organDecider, opprettet).when({ type: 'OppnevnMedlem', data: { ...observatoer.data, til: '2019-01-01' } } as OrganCommand, C).thenThrows(InvalidCommandError, 'periode_slutter_foer_start');
    given(organDecider, opprettet).when({ type: 'OppnevnMedlem', data: { ...observatoer.data, fra: '2011-01-01' } } as OrganCommand, C).thenThrows(InvalidCommandError, 'periode_foer_opprettelse');
    given(organDecider, opprettet).when({ type: 'OppnevnMedlem', data: { ...observatoer.data, fra: '15.02.2019' } } as OrganCommand, C).thenThrows(InvalidCommandError, 'ugyldig_dato');
  });

  it('ends a period; the last day is inclusive', () => {
    const { state } = given(organDecider, medObservatoer)
      .when({ type: 'AvsluttMedlemsperiode', data: { organId: 'psu-hnt', periodeId: 'tfk', til: '2023-12-31', gjelderFra: '2023-12-31' } }, ctx(SEKRETARIAT, new Date('2024-01-02T08:00:00Z')))
      .then([{ type: 'MedlemsperiodeAvsluttet', data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', til: '2023-12-31', gjelderFra: '2023-12-31' } }]);
    expect(rollerForPersonPaaDato(state!, 'tore-sandvik', '2023-12-31')).toEqual(['observatoer']);
    expect(rollerForPersonPaaDato(state!, 'tore-sandvik', '2024-01-01')).toEqual([]);
  });

  it('refuses ending an unknown period, an ended one, or before it began; allows it on a dissolved body', () => {
    given(organDecider, medObservatoer).when({ type: 'AvsluttMedlemsperiode', data: { organId: 'psu-hnt', periodeId: 'x', til: '2020-01-01' } }, C).thenThrows(NotFoundError, 'medlemsperiode_ikke_funnet');
    given(organDecider, medObservatoer).when({ type: 'AvsluttMedlemsperiode', data: { organId: 'psu-hnt', periodeId: 'tfk', til: '2019-01-01' } }, C).thenThrows(InvalidCommandError, 'periode_slutter_foer_start');
    const avsluttet = fold(organDecider, [...medObservatoer, { type: 'MedlemsperiodeAvsluttet', data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', til: '2020-01-01', gjelderFra: '2020-01-01' } }]);
    expect(avsluttet?.medlemsperioder[0]?.avsluttet).toBe(true);
    given(organDecider, [...medObservatoer, { type: 'MedlemsperiodeAvsluttet', data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', til: '2020-01-01', gjelderFra: '2020-01-01' } }])
      .when({ type: 'AvsluttMedlemsperiode', data: { organId: 'psu-hnt', periodeId: 'tfk', til: '2020-02-01' } }, C)
      .thenThrows(StepRefusedError, 'medlemsperiode_allerede_avsluttet');
    given(organDecider, [...medObservatoer, nedlagt[1]!])
      .when({ type: 'AvsluttMedlemsperiode', data: { organId: 'psu-hnt', periodeId: 'tfk', til: '2019-12-31' } }, C)
      .then([{ type: 'MedlemsperiodeAvsluttet', data: { organId: 'psu-hnt', periodeId: 'tfk', personId: 'tore-sandvik', til: '2019-12-31', gjelderFra: NAA.toISOString() } }]);
  });
});

describe('who sat where on a date', () => {
  it('the county joined PSU as observer on 15 Feb 2019, not before', () => {
    expect(rollerForPersonPaaDato(PSU, 'tore-sandvik', '2019-02-14')).toEqual([]);
    expect(rollerForPersonPaaDato(PSU, 'tore-sandvik', '2019-02-15')).toEqual(['observatoer']);
    expect(rollerForPersonPaaDato(PSU, 'tore-sandvik', '2019-02-15T09:00:00+01:00')).toEqual(['observatoer']);
    expect(medlemmerPaaDato(PSU, '2018-06-01').map((m) => m.personId)).toEqual(['robert-svarva', 'ks-sekretaer']);
    expect(medlemmerPaaDato(PSU, '2019-03-01').map((m) => m.personId)).toEqual(['robert-svarva', 'ks-sekretaer', 'tore-sandvik']);
  });

  it('one person may hold two roles: «sekretær og nestleder i utvalget er samhandlingssjef Olav Bremnes fra HNT»', () => {
    expect(rollerForPersonPaaDato(ASU, 'olav-bremnes', '2019-02-15')).toEqual(['sekretaer', 'nestleder']);
  });

  it('answers across bodies, leaving out bodies that were not active', () => {
    const verv = hvemSattHvorPaaDato([...ORGANER, ARBEIDSGRUPPE_BARN], '2019-02-15');
    expect(verv).toContainEqual({ organId: 'psu-hnt', organnavn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune' });
    expect(verv.filter((v) => v.personId === 'olav-bremnes').map((v) => `${v.organId}:${v.rolle}`)).toEqual(['asu-hnt:sekretaer', 'asu-hnt:nestleder']);
    expect(hvemSattHvorPaaDato(ORGANER, '2016-06-01', 'tore-sandvik')).toEqual([]);
    expect(hvemSattHvorPaaDato(ORGANER, '2016-06-01', 'robert-svarva')).toHaveLength(1);
  });
});
