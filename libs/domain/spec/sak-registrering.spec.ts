import { describe, expect, it } from '@jest/globals';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, type SakCommand, sakDecider, StepRefusedError, tillatteSteg } from '../src/index.js';
import { given } from './given.js';
import {
  ASU_SEKRETAER,
  AU_MEDLEM,
  BESTILL,
  ctx,
  historikk,
  MOTTA,
  NAA,
  organer,
  PSU_LEDER,
  PSU_MEDLEM,
  PSU_OBSERVATOER,
  PSU_SEKRETAER,
  REGISTRER,
  SAK_ID,
  SEKRETARIAT,
  UNDER_UTREDNING,
} from './fixtures.js';

const registrert = () => historikk([REGISTRER, PSU_SEKRETAER]);
const med = (c: SakCommand, data: Record<string, unknown>): SakCommand => ({ type: c.type, data: { ...c.data, ...data } }) as SakCommand;

describe('RegistrerSak → SakRegistrert', () => {
  it('records the sak with the registering body, type, its number there and the effective date', () => {
    given(sakDecider, [])
      .when(REGISTRER, ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'SakRegistrert',
          data: {
            sakId: SAK_ID,
            tittel: 'Handlingsplan for samhandling 2018–2021',
            beskrivelse: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.',
            innmeldtAv: 'psu-hnt',
            sakstype: 'beslutningssak',
            saksnummer: '3/17',
            gjelderFra: '2017-03-24',
            utfoertAv: PSU_SEKRETAER,
          },
        },
      ]);
  });

  it('defaults gjelderFra to the injected clock and beskrivelse to empty; the secretariat may register for any body', () => {
    const { state } = given(sakDecider, [])
      .when({ type: 'RegistrerSak', data: { sakId: 's2', tittel: 'x'.repeat(300), innmeldtAv: 'asu-hnt', sakstype: 'orienteringssak' } }, ctx(SEKRETARIAT))
      .then([
        {
          type: 'SakRegistrert',
          data: { sakId: 's2', tittel: 'x'.repeat(300), beskrivelse: '', innmeldtAv: 'asu-hnt', sakstype: 'orienteringssak', gjelderFra: NAA.toISOString(), utfoertAv: SEKRETARIAT },
        },
      ]);
    expect(state).toMatchObject({ sakId: 's2', fase: 'registrert', sakstype: 'orienteringssak', saksnumre: {} });
    expect(tillatteSteg(state)).toEqual(['TildelNivaa', 'BestillUtredning', 'SettPaaSaksliste', 'TrekkSak', 'KorrigerOpplysning', 'SendBrev', 'MarkerSkjerming']);
  });

  it('keeps the registering body’s case number in the state', () => {
    const { state } = given(sakDecider, []).when(REGISTRER, ctx(PSU_SEKRETAER)).then(registrert());
    expect(state?.saksnumre).toEqual({ 'psu-hnt': '3/17' });
  });

  it('refuses a second registration of the same sak', () => {
    const err = given(sakDecider, registrert()).when(REGISTRER, ctx(PSU_SEKRETAER)).thenThrows(ConflictError, 'sak_finnes_allerede');
    expect(err.allowedSteps).toContain('BestillUtredning');
  });

  it.each([
    ['tittel', '', 'felt_mangler'],
    ['tittel', '   ', 'felt_mangler'],
    ['tittel', 'x'.repeat(301), 'felt_for_langt'],
    ['beskrivelse', 'x'.repeat(20001), 'felt_for_langt'],
    ['sakstype', 'vedtakssak', 'ugyldig_verdi'],
    ['innmeldtAv', undefined, 'felt_mangler'],
    ['sakId', '', 'felt_mangler'],
    ['gjelderFra', '15.02.2019', 'ugyldig_gjelder_fra'],
  ])('refuses invalid %s (%j) with %s, naming the field', (field, value, code) => {
    const err = given(sakDecider, []).when(med(REGISTRER, { [field]: value }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, code);
    expect(err.field).toBe(field);
  });

  it('refuses an unknown registering body', () => {
    given(sakDecider, []).when(med(REGISTRER, { innmeldtAv: 'ukjent' }), ctx(SEKRETARIAT)).thenThrows(NotFoundError, 'organ_ikke_funnet');
  });

  it('refuses a registering body that was dissolved on the effective date', () => {
    const err = given(sakDecider, [])
      .when(med(REGISTRER, { innmeldtAv: 'fagraad-gammelt', gjelderFra: '2019-01-01' }), ctx(SEKRETARIAT))
      .thenThrows(StepRefusedError, 'organ_ikke_aktivt');
    expect(err.message).toContain('Gammelt fagråd');
  });

  it('refuses an observatør: møte- og talerett, but no registering', () => {
    const err = given(sakDecider, []).when(REGISTRER, ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    expect(err.message).toMatch(/observatør/);
    expect(err.allowedSteps).toEqual([]);
  });

  it('refuses a body registering in the name of another body', () => {
    const err = given(sakDecider, []).when(REGISTRER, ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(err.message).toContain('organet som meldte inn saken');
  });

  it('refuses an unknown step and a step on a sak that does not exist', () => {
    given(sakDecider, [])
      .when({ type: 'SlettSak', data: {} } as unknown as SakCommand, ctx(PSU_SEKRETAER))
      .thenThrows(InvalidCommandError, 'ukjent_steg');
    const err = given(sakDecider, []).when(BESTILL, ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'sak_ikke_funnet');
    expect(err.allowedSteps).toEqual(['RegistrerSak']);
  });

  it('refuses a command that names another sak than the stream’s', () => {
    given(sakDecider, registrert())
      .when({ type: 'TrekkSak', data: { sakId: 'en-annen', begrunnelse: 'feil' } } as unknown as SakCommand, ctx(PSU_SEKRETAER))
      .thenThrows(InvalidCommandError, 'feil_sak');
  });
});

describe('TildelNivaa → NivaaTildelt', () => {
  const tildel = (organId: string): SakCommand => ({ type: 'TildelNivaa', data: { organId, begrunnelse: 'Administrativ sak', gjelderFra: '2017-03-30' } });

  it('the arbeidsutvalg assigns the sak to a body and its level', () => {
    const { state } = given(sakDecider, registrert())
      .when(tildel('asu-hnt'), ctx(AU_MEDLEM))
      .then([{ type: 'NivaaTildelt', data: { sakId: SAK_ID, organId: 'asu-hnt', nivaa: 'administrativt', begrunnelse: 'Administrativ sak', gjelderFra: '2017-03-30', utfoertAv: AU_MEDLEM } }]);
    expect(state).toMatchObject({ fase: 'tildelt', ansvarligOrganId: 'asu-hnt' });
  });

  it('may reassign, but not to the same body again', () => {
    const tildelt = historikk([REGISTRER, PSU_SEKRETAER], [tildel('asu-hnt'), AU_MEDLEM]);
    given(sakDecider, tildelt)
      .when(tildel('psu-hnt'), ctx(SEKRETARIAT))
      .then([{ type: 'NivaaTildelt', data: { sakId: SAK_ID, organId: 'psu-hnt', nivaa: 'politisk', begrunnelse: 'Administrativ sak', gjelderFra: '2017-03-30', utfoertAv: SEKRETARIAT } }]);
    given(sakDecider, tildelt).when(tildel('asu-hnt'), ctx(AU_MEDLEM)).thenThrows(StepRefusedError, 'allerede_tildelt');
  });

  it('refuses a body that is not the arbeidsutvalg or the secretariat', () => {
    given(sakDecider, registrert()).when(tildel('asu-hnt'), ctx(PSU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });

  it('refuses an observer of the arbeidsutvalg', () => {
    given(sakDecider, registrert())
      .when(tildel('asu-hnt'), ctx({ ...AU_MEDLEM, rolle: 'observatoer' }))
      .thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('refuses an unknown or dissolved body', () => {
    given(sakDecider, registrert()).when(tildel('ukjent'), ctx(AU_MEDLEM)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(sakDecider, registrert())
      .when({ type: 'TildelNivaa', data: { organId: 'fagraad-gammelt', gjelderFra: '2018-01-01' } }, ctx(AU_MEDLEM))
      .thenThrows(StepRefusedError, 'organ_ikke_aktivt');
  });

  it('refuses triage once an investigation has been ordered', () => {
    const err = given(sakDecider, historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER]))
      .when(tildel('asu-hnt'), ctx(AU_MEDLEM))
      .thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    expect(err.allowedSteps).toEqual(['MottaBestilling', 'TrekkSak', 'KorrigerOpplysning', 'SendBrev', 'MarkerSkjerming']);
  });
});

describe('BestillUtredning → UtredningBestilt', () => {
  it('PSU orders an investigation from ASU with mandate and deadline', () => {
    const { state } = given(sakDecider, registrert())
      .when(BESTILL, ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'UtredningBestilt',
          data: { sakId: SAK_ID, bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', mandat: 'Utarbeide handlingsplan for samhandling.', frist: '2018-02-13', gjelderFra: '2017-03-24', utfoertAv: PSU_SEKRETAER },
        },
      ]);
    expect(state).toMatchObject({ fase: 'bestilt', bestillinger: [{ bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', frist: '2018-02-13', bestilt: '2017-03-24' }] });
    expect(tillatteSteg(state, { aktoer: ASU_SEKRETAER, organer })).toEqual(['MottaBestilling', 'KorrigerOpplysning', 'SendBrev']);
    expect(tillatteSteg(state, { aktoer: PSU_SEKRETAER, organer })).toEqual(['TrekkSak', 'KorrigerOpplysning', 'SendBrev']);
    expect(tillatteSteg(state, { aktoer: PSU_OBSERVATOER, organer })).toEqual([]);
    // Without the bodies loaded, type and level are assumed to fit (the answer is "may"): ASU's
    // secretary might be the secretariat's, so TrekkSak is offered too.
    expect(tillatteSteg(state, ASU_SEKRETAER)).toEqual(['MottaBestilling', 'TrekkSak', 'KorrigerOpplysning', 'SendBrev', 'MarkerSkjerming']);
  });

  it('PSU’s leader may order after triage too', () => {
    const tildelt = historikk([REGISTRER, PSU_SEKRETAER], [{ type: 'TildelNivaa', data: { organId: 'psu-hnt' } }, AU_MEDLEM]);
    const { state } = given(sakDecider, tildelt)
      .when(BESTILL, ctx(PSU_LEDER))
      .then([
        {
          type: 'UtredningBestilt',
          data: { sakId: SAK_ID, bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', mandat: 'Utarbeide handlingsplan for samhandling.', frist: '2018-02-13', gjelderFra: '2017-03-24', utfoertAv: PSU_LEDER },
        },
      ]);
    expect(state?.fase).toBe('bestilt');
  });

  it('refuses ASU as the ordering body: ordering is for the political level', () => {
    const err = given(sakDecider, registrert()).when(BESTILL, ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(err.message).toContain('politisk nivå');
    expect(err.allowedSteps).not.toContain('BestillUtredning');
  });

  it.each([
    ['observatør', PSU_OBSERVATOER],
    ['medlem', PSU_MEDLEM],
  ])('refuses a PSU %s', (_r, aktoer) => {
    given(sakDecider, registrert()).when(BESTILL, ctx(aktoer)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('refuses a receiver that is not on the administrative level', () => {
    const err = given(sakDecider, registrert())
      .when(med(BESTILL, { tilOrganId: 'fagraad-kvalitet' }), ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'mottaker_ikke_administrativt');
    expect(err.message).toContain('Fagråd for kvalitet og pasientsikkerhet');
    expect(err.message).toContain('faglig');
  });

  it('refuses an unknown or dissolved receiver', () => {
    given(sakDecider, registrert()).when(med(BESTILL, { tilOrganId: 'ukjent' }), ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(sakDecider, registrert()).when(med(BESTILL, { tilOrganId: 'fagraad-gammelt', gjelderFra: '2019-01-01', frist: '2019-06-01' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'organ_ikke_aktivt');
  });

  it('refuses a deadline that is not after the order’s effective date', () => {
    const err = given(sakDecider, registrert()).when(med(BESTILL, { frist: '2017-03-24' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
    expect(err.message).toContain('2017-03-24');
    // Without gjelderFra the clock decides: a frist in the past of the clock is refused.
    given(sakDecider, registrert()).when(med(BESTILL, { frist: '2019-01-31', gjelderFra: undefined }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
  });

  it.each([
    ['frist', '2018-02-30', 'ugyldig_dato'],
    ['frist', undefined, 'felt_mangler'],
    ['mandat', '', 'felt_mangler'],
    ['tilOrganId', undefined, 'felt_mangler'],
  ])('refuses invalid %s (%j) with %s', (field, value, code) => {
    const err = given(sakDecider, registrert()).when(med(BESTILL, { [field]: value }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, code);
    expect(err.field).toBe(field);
  });

  it('refuses a second order while the first awaits ASU, listing what is allowed', () => {
    const err = given(sakDecider, historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER]))
      .when(BESTILL, ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    expect(err.message).toContain('«Utredning bestilt»');
    expect(err.allowedSteps).toEqual(['MottaBestilling', 'TrekkSak', 'KorrigerOpplysning', 'SendBrev', 'MarkerSkjerming']);
  });

  it('refuses ordering on a withdrawn sak: it accepts only GjenaapneSak', () => {
    const trukket = historikk([REGISTRER, PSU_SEKRETAER], [{ type: 'TrekkSak', data: { begrunnelse: 'Meldt inn ved en feil' } }, PSU_SEKRETAER]);
    const err = given(sakDecider, trukket).when(BESTILL, ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'sak_lukket');
    expect(err.allowedSteps).toEqual(['GjenaapneSak', 'MarkerSkjerming']);
  });
});

describe('MottaBestilling → BestillingMottatt', () => {
  const bestilt = () => historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER]);

  it('ASU receives the order and gives its own case number (PSU 3/17 → ASU 16/2017)', () => {
    const { state } = given(sakDecider, bestilt())
      .when(MOTTA, ctx(ASU_SEKRETAER))
      .then([{ type: 'BestillingMottatt', data: { sakId: SAK_ID, organId: 'asu-hnt', saksnummer: '16/2017', gjelderFra: '2017-04-20', utfoertAv: ASU_SEKRETAER } }]);
    expect(state).toMatchObject({ fase: 'under_utredning', ansvarligOrganId: 'asu-hnt', saksnumre: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' } });
    expect(state?.bestillinger[0]?.mottatt).toBe('2017-04-20');
    expect(state).toEqual(sakDecider.evolve(bestilt().reduce(sakDecider.evolve, sakDecider.initialState), UNDER_UTREDNING()[2]!));
  });

  it('refuses any body but the one the order went to', () => {
    given(sakDecider, bestilt()).when(MOTTA, ctx(PSU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });

  it('refuses an observer of ASU', () => {
    given(sakDecider, bestilt()).when(MOTTA, ctx({ ...ASU_SEKRETAER, rolle: 'observatoer' })).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('refuses receiving when nothing was ordered', () => {
    given(sakDecider, registrert()).when(MOTTA, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
  });

  it('refuses a case number longer than 50 characters', () => {
    given(sakDecider, bestilt()).when({ type: 'MottaBestilling', data: { saksnummer: 'x'.repeat(51) } }, ctx(ASU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_for_langt');
  });
});
