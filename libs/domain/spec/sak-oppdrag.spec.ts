import { describe, expect, it } from '@jest/globals';
import {
  ActorNotAllowedError,
  ansvarligForOppdrag,
  ConflictError,
  InvalidCommandError,
  NotFoundError,
  type SakCommand,
  sakDecider,
  StepRefusedError,
  tillatteSteg,
} from '../src/index.js';
import { given } from './given.js';
import {
  AKSEPTER,
  ASU_LEDER,
  ASU_OBSERVATOER,
  ASU_SEKRETAER,
  AU_MEDLEM,
  ctx,
  DELEGER,
  FAGRAAD_LEDER,
  FAGRAAD2_LEDER,
  GODTA,
  historikk,
  LEVER,
  organer,
  PSU_SEKRETAER,
  REGISTRER,
  SAK_ID,
  UNDER_UTREDNING,
} from './fixtures.js';

const utredes = UNDER_UTREDNING;
const delegert = () => [...utredes(), ...stegEtter(utredes(), [DELEGER('o1'), ASU_SEKRETAER])];
const akseptert = () => [...delegert(), ...stegEtter(delegert(), [AKSEPTER('o1'), FAGRAAD_LEDER])];
const levert = () => [...akseptert(), ...stegEtter(akseptert(), [LEVER('o1'), FAGRAAD_LEDER])];

/** Runs more steps on top of a history. */
function stegEtter(tidligere: ReturnType<typeof historikk>, ...steg: [SakCommand, typeof ASU_LEDER][]) {
  let state = tidligere.reduce(sakDecider.evolve, sakDecider.initialState);
  const ut: ReturnType<typeof historikk> = [];
  for (const [c, a] of steg) {
    const nye = sakDecider.decide(c, state, ctx(a));
    ut.push(...nye);
    state = nye.reduce(sakDecider.evolve, state);
  }
  return ut;
}

const frist = (oppdragId: string, nyFrist = '2017-12-01'): SakCommand => ({ type: 'BeOmUtsattFrist', data: { oppdragId, nyFrist, begrunnelse: 'Sommerferie', gjelderFra: '2017-08-01' } });

describe('DelegerOppdrag → OppdragDelegert', () => {
  it('ASU delegates an oppdrag downward to a fagråd; the fagråd is then responsible for it', () => {
    const { state } = given(sakDecider, utredes())
      .when(DELEGER('o1'), ctx(ASU_SEKRETAER))
      .then([
        {
          type: 'OppdragDelegert',
          data: { sakId: SAK_ID, oppdragId: 'o1', fraOrganId: 'asu-hnt', tilOrganId: 'fagraad-kvalitet', mandat: 'Foreslå tiltak for kvalitet og pasientsikkerhet.', frist: '2017-10-01', gjelderFra: '2017-05-01', utfoertAv: ASU_SEKRETAER },
        },
      ]);
    expect(state?.oppdrag[0]).toMatchObject({ oppdragId: 'o1', status: 'delegert' });
    expect(ansvarligForOppdrag(state!.oppdrag[0]!)).toBe('fagraad-kvalitet');
    expect(tillatteSteg(state, { aktoer: FAGRAAD_LEDER, organer })).toEqual(['AksepterOppdrag', 'BeOmUtsattFrist', 'KorrigerOpplysning', 'SendBrev']);
  });

  it('several oppdrag run in parallel (fagråd and fagnettverk), and the arbeidsgruppe appointed by ASU may get one', () => {
    const to = [...delegert(), ...stegEtter(delegert(), [DELEGER('o2', 'personalnettverket'), ASU_LEDER])];
    const state = to.reduce(sakDecider.evolve, sakDecider.initialState);
    expect(state?.oppdrag.map((o) => [o.oppdragId, o.tilOrganId, o.status])).toEqual([
      ['o1', 'fagraad-kvalitet', 'delegert'],
      ['o2', 'personalnettverket', 'delegert'],
    ]);
  });

  it('may delegate straight after triage to ASU (then the sak is under utredning)', () => {
    const tildelt = historikk([{ ...REGISTRER, data: { ...REGISTRER.data, innmeldtAv: 'asu-hnt' } } as SakCommand, ASU_SEKRETAER], [{ type: 'TildelNivaa', data: { organId: 'asu-hnt' } }, AU_MEDLEM]);
    const { state } = given(sakDecider, tildelt)
      .when(DELEGER('o1'), ctx(ASU_LEDER))
      .then([
        {
          type: 'OppdragDelegert',
          data: { sakId: SAK_ID, oppdragId: 'o1', fraOrganId: 'asu-hnt', tilOrganId: 'fagraad-kvalitet', mandat: 'Foreslå tiltak for kvalitet og pasientsikkerhet.', frist: '2017-10-01', gjelderFra: '2017-05-01', utfoertAv: ASU_LEDER },
        },
      ]);
    expect(state?.fase).toBe('under_utredning');
  });

  it('refuses delegating upward or sideways: only downward', () => {
    const err = given(sakDecider, utredes()).when(DELEGER('o1', 'psu-hnt'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'delegering_ikke_nedover');
    expect(err.message).toContain('nedover');
    given(sakDecider, utredes()).when(DELEGER('o1', 'sekretariat-hnt'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'delegering_ikke_nedover');
  });

  it('the arbeidsutvalg that coordinates ASU\'s work receives a coordinating task from ASU (seed 001, seed 002)', () => {
    const { state } = given(sakDecider, utredes())
      .when(DELEGER('koordinering', 'au-hnt'), ctx(ASU_SEKRETAER))
      .then([
        {
          type: 'OppdragDelegert',
          data: { sakId: SAK_ID, oppdragId: 'koordinering', fraOrganId: 'asu-hnt', tilOrganId: 'au-hnt', mandat: 'Foreslå tiltak for kvalitet og pasientsikkerhet.', frist: '2017-10-01', gjelderFra: '2017-05-01', utfoertAv: ASU_SEKRETAER },
        },
      ]);
    expect(state?.fase).toBe('under_utredning');
    // The arbeidsutvalg does not task itself, and PSU's arbeidsutvalg is still not above ASU.
    given(sakDecider, utredes()).when(DELEGER('o2', 'psu-hnt'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'delegering_ikke_nedover');
  });

  it('refuses a body that is not the one investigating, and an observer', () => {
    given(sakDecider, utredes()).when(DELEGER('o1'), ctx(PSU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, utredes()).when(DELEGER('o1'), ctx(ASU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('refuses a duplicate oppdrag id, an unknown or dissolved receiver, a frist not after the effective date', () => {
    given(sakDecider, delegert()).when(DELEGER('o1'), ctx(ASU_SEKRETAER)).thenThrows(ConflictError, 'oppdrag_finnes_allerede');
    given(sakDecider, utredes()).when(DELEGER('o1', 'ukjent'), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(sakDecider, utredes())
      .when({ type: 'DelegerOppdrag', data: { oppdragId: 'o1', tilOrganId: 'fagraad-gammelt', mandat: 'x', frist: '2019-01-01', gjelderFra: '2018-06-01' } }, ctx(ASU_SEKRETAER))
      .thenThrows(StepRefusedError, 'organ_ikke_aktivt');
    given(sakDecider, utredes())
      .when({ type: 'DelegerOppdrag', data: { oppdragId: 'o1', tilOrganId: 'fagraad-2', mandat: 'x', frist: '2017-04-30', gjelderFra: '2017-05-01' } }, ctx(ASU_SEKRETAER))
      .thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
    given(sakDecider, utredes()).when({ type: 'DelegerOppdrag', data: { oppdragId: '', tilOrganId: 'fagraad-2', mandat: 'x', frist: '2018-01-01' } }, ctx(ASU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });

  it('refuses delegating before ASU has received the order', () => {
    const bestilt = utredes().slice(0, 2);
    const err = given(sakDecider, bestilt).when(DELEGER('o1'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    expect(err.allowedSteps).toContain('MottaBestilling');
  });
});

describe('AksepterOppdrag → OppdragAkseptert', () => {
  it('the receiving fagråd accepts', () => {
    const { state } = given(sakDecider, delegert())
      .when(AKSEPTER('o1'), ctx(FAGRAAD_LEDER))
      .then([{ type: 'OppdragAkseptert', data: { sakId: SAK_ID, oppdragId: 'o1', organId: 'fagraad-kvalitet', gjelderFra: '2017-05-10', utfoertAv: FAGRAAD_LEDER } }]);
    expect(state?.oppdrag[0]?.status).toBe('akseptert');
  });

  it('refuses another body (even ASU), an unknown oppdrag, a second acceptance, and acceptance when nothing is delegated', () => {
    given(sakDecider, delegert()).when(AKSEPTER('o1'), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, delegert()).when(AKSEPTER('o1'), ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, delegert()).when(AKSEPTER('o9'), ctx(FAGRAAD_LEDER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    const to = [...akseptert(), ...stegEtter(akseptert(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER])];
    given(sakDecider, to).when(AKSEPTER('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'oppdrag_ikke_delegert');
    given(sakDecider, akseptert()).when(AKSEPTER('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_oppdrag_aa_akseptere');
    given(sakDecider, utredes()).when(AKSEPTER('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_oppdrag_aa_akseptere');
  });
});

describe('BeOmUtsattFrist, InnvilgUtsattFrist, AvslaaUtsattFrist', () => {
  const bedt = () => [...akseptert(), ...stegEtter(akseptert(), [frist('o1'), FAGRAAD_LEDER])];

  it('the receiver asks for a later frist; ASU grants it and the frist moves', () => {
    given(sakDecider, akseptert())
      .when(frist('o1'), ctx(FAGRAAD_LEDER))
      .then([{ type: 'UtsattFristBedt', data: { sakId: SAK_ID, oppdragId: 'o1', organId: 'fagraad-kvalitet', nyFrist: '2017-12-01', begrunnelse: 'Sommerferie', gjelderFra: '2017-08-01', utfoertAv: FAGRAAD_LEDER } }]);
    expect(tillatteSteg(bedt().reduce(sakDecider.evolve, null), { aktoer: ASU_SEKRETAER, organer })).toEqual(['DelegerOppdrag', 'InnvilgUtsattFrist', 'AvslaaUtsattFrist', 'KorrigerOpplysning', 'SendPaaHoering', 'SendBrev']);
    const { state } = given(sakDecider, bedt())
      .when({ type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1', gjelderFra: '2017-08-05' } }, ctx(ASU_SEKRETAER))
      .then([{ type: 'UtsattFristInnvilget', data: { sakId: SAK_ID, oppdragId: 'o1', nyFrist: '2017-12-01', tidligereFrist: '2017-10-01', gjelderFra: '2017-08-05', utfoertAv: ASU_SEKRETAER } }]);
    expect(state?.oppdrag[0]).toMatchObject({ frist: '2017-12-01', status: 'akseptert' });
    expect(state?.oppdrag[0]?.utsettelse).toBeUndefined();
  });

  it('ASU may refuse the later frist; the old one stands', () => {
    const { state } = given(sakDecider, bedt())
      .when({ type: 'AvslaaUtsattFrist', data: { oppdragId: 'o1', begrunnelse: 'PSU-møtet er låst', gjelderFra: '2017-08-05' } }, ctx(ASU_LEDER))
      .then([{ type: 'UtsattFristAvslaatt', data: { sakId: SAK_ID, oppdragId: 'o1', begrunnelse: 'PSU-møtet er låst', gjelderFra: '2017-08-05', utfoertAv: ASU_LEDER } }]);
    expect(state?.oppdrag[0]).toMatchObject({ frist: '2017-10-01' });
    expect(state?.oppdrag[0]?.utsettelse).toBeUndefined();
  });

  it('refuses a request from another body, a second pending request, a frist not later, and a request on a delivered oppdrag', () => {
    given(sakDecider, akseptert()).when(frist('o1'), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, [...bedt(), ...stegEtter(bedt(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER])]).when(frist('o1', '2018-01-01'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'utsettelse_allerede_bedt');
    given(sakDecider, akseptert()).when(frist('o1', '2017-10-01'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ny_frist_ikke_senere');
    given(sakDecider, akseptert()).when(frist('o9'), ctx(FAGRAAD_LEDER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    given(sakDecider, [...levert(), ...stegEtter(levert(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER])]).when(frist('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'oppdrag_ikke_under_arbeid');
    given(sakDecider, levert()).when(frist('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_oppdrag_under_arbeid');
    given(sakDecider, akseptert()).when({ type: 'BeOmUtsattFrist', data: { oppdragId: 'o1', nyFrist: '2017-12-01', begrunnelse: '' } }, ctx(FAGRAAD_LEDER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });

  it('refuses granting or refusing when nobody asked, and by the receiver itself', () => {
    given(sakDecider, akseptert()).when({ type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_utsettelse_bedt');
    given(sakDecider, akseptert()).when({ type: 'AvslaaUtsattFrist', data: { oppdragId: 'o1', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_utsettelse_bedt');
    const medTo = [...bedt(), ...stegEtter(bedt(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER])];
    given(sakDecider, medTo).when({ type: 'InnvilgUtsattFrist', data: { oppdragId: 'o2' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_utsettelse_bedt');
    given(sakDecider, medTo).when({ type: 'AvslaaUtsattFrist', data: { oppdragId: 'o2', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_utsettelse_bedt');
    given(sakDecider, bedt()).when({ type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1' } }, ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, bedt()).when({ type: 'AvslaaUtsattFrist', data: { oppdragId: 'o1', begrunnelse: 'x' } }, ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, bedt()).when({ type: 'InnvilgUtsattFrist', data: { oppdragId: 'o9' } }, ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    given(sakDecider, bedt()).when({ type: 'AvslaaUtsattFrist', data: { oppdragId: 'o9', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
  });
});

describe('LeverOppdrag, GodtaLeveranse, ReturnerLeveranse', () => {
  it('the fagråd delivers; ASU is then responsible for assessing it', () => {
    const { state } = given(sakDecider, akseptert())
      .when(LEVER('o1'), ctx(FAGRAAD_LEDER))
      .then([{ type: 'OppdragLevert', data: { sakId: SAK_ID, oppdragId: 'o1', organId: 'fagraad-kvalitet', leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20', utfoertAv: FAGRAAD_LEDER } }]);
    expect(state?.oppdrag[0]).toMatchObject({ status: 'levert', leveranser: [{ leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20' }] });
    expect(ansvarligForOppdrag(state!.oppdrag[0]!)).toBe('asu-hnt');
  });

  it('ASU accepts the delivery: the oppdrag is closed', () => {
    const { state } = given(sakDecider, levert())
      .when({ type: 'GodtaLeveranse', data: { oppdragId: 'o1', merknad: 'Godt arbeid', gjelderFra: '2017-10-05' } }, ctx(ASU_SEKRETAER))
      .then([{ type: 'LeveranseGodtatt', data: { sakId: SAK_ID, oppdragId: 'o1', merknad: 'Godt arbeid', gjelderFra: '2017-10-05', utfoertAv: ASU_SEKRETAER } }]);
    expect(state?.oppdrag[0]?.status).toBe('godtatt');
    expect(ansvarligForOppdrag(state!.oppdrag[0]!)).toBeUndefined();
  });

  it('ASU returns the delivery for more work with a new frist; the fagråd delivers again', () => {
    const { state } = given(sakDecider, levert())
      .when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'Mangler tiltak for barn og unge', nyFrist: '2017-11-15', gjelderFra: '2017-10-05' } }, ctx(ASU_LEDER))
      .then([{ type: 'LeveranseReturnert', data: { sakId: SAK_ID, oppdragId: 'o1', begrunnelse: 'Mangler tiltak for barn og unge', nyFrist: '2017-11-15', gjelderFra: '2017-10-05', utfoertAv: ASU_LEDER } }]);
    expect(state?.oppdrag[0]).toMatchObject({ status: 'returnert', frist: '2017-11-15' });
    const returnert = [...levert(), ...stegEtter(levert(), [{ type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'Mer', gjelderFra: '2017-10-05' } }, ASU_LEDER])];
    const igjen = given(sakDecider, returnert).when(LEVER('o1'), ctx(FAGRAAD_LEDER)).then([
      { type: 'OppdragLevert', data: { sakId: SAK_ID, oppdragId: 'o1', organId: 'fagraad-kvalitet', leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20', utfoertAv: FAGRAAD_LEDER } },
    ]);
    expect(igjen.state?.oppdrag[0]?.leveranser).toHaveLength(2);
  });

  it('refuses delivering before accepting, delivering twice, and by another body', () => {
    const err = given(sakDecider, [...delegert(), ...stegEtter(delegert(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER], [AKSEPTER('o2'), FAGRAAD2_LEDER])])
      .when(LEVER('o1'), ctx(FAGRAAD_LEDER))
      .thenThrows(StepRefusedError, 'oppdrag_ikke_akseptert');
    expect(err.message).toContain('aksepteres');
    given(sakDecider, delegert()).when(LEVER('o1'), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_oppdrag_aa_levere');
    given(sakDecider, [...levert(), ...stegEtter(levert(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER], [AKSEPTER('o2'), FAGRAAD2_LEDER])])
      .when(LEVER('o1'), ctx(FAGRAAD_LEDER))
      .thenThrows(StepRefusedError, 'oppdrag_ikke_under_arbeid');
    given(sakDecider, akseptert()).when(LEVER('o1'), ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, akseptert()).when(LEVER('o9'), ctx(FAGRAAD_LEDER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    given(sakDecider, akseptert()).when({ type: 'LeverOppdrag', data: { oppdragId: 'o1', leveranse: '' } }, ctx(FAGRAAD_LEDER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });

  it('refuses assessing what is not delivered, and assessment by the receiver itself', () => {
    given(sakDecider, akseptert()).when(GODTA('o1'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_leveranse');
    given(sakDecider, akseptert()).when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_leveranse');
    const levertOgEtAnnet = [...levert(), ...stegEtter(levert(), [DELEGER('o2', 'fagraad-2'), ASU_SEKRETAER])];
    given(sakDecider, levertOgEtAnnet).when(GODTA('o2'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'oppdrag_ikke_levert');
    given(sakDecider, levertOgEtAnnet).when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o2', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'oppdrag_ikke_levert');
    given(sakDecider, levert()).when(GODTA('o1'), ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, levert()).when(GODTA('o1'), ctx(ASU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, levert()).when(GODTA('o9'), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    given(sakDecider, levert()).when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o9', begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppdrag_ikke_funnet');
    given(sakDecider, levert())
      .when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'x', nyFrist: '2017-10-01', gjelderFra: '2017-10-05' } }, ctx(ASU_SEKRETAER))
      .thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
    given(sakDecider, levert()).when({ type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: '' } }, ctx(ASU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });
});
