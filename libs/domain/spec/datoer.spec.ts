/**
 * Plausible dates (issue 13, item 7): a step takes effect at most now + the tolerance, planned dates
 * (frist, nyFrist, møtedato, member periods) at most the planning horizon ahead, nothing before
 * 1990-01-01 or before the body it refers to was established. Each refusal names the field.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidCommandError, type OrganCommand, organDecider, sakDecider, planlagteDatoer, SAK_ARBEIDSFLYT, SAK_STEG, TIDLIGSTE_DATO } from '../src/index.js';
import { given } from './given.js';
import { AKSEPTER, ASU_SEKRETAER, BESTILL, ctx, DELEGER, GODTA, historikk, INNSTILL, LEVER, NAA, PSU, PSU_SEKRETAER, REGISTRER, SEKRETARIAT, SETT_PAA_PSU, UNDER_UTREDNING } from './fixtures.js';

const med = <C extends { data: object }>(c: C, data: Record<string, unknown>): C => ({ ...c, data: { ...c.data, ...data } });

describe('a step cannot take effect in the future beyond the tolerance', () => {
  it.each(['9999-12-31', '2100-01-01', '2022-06-03'])('RegistrerSak with gjelderFra %s → 400 naming gjelderFra and the limit', (gjelderFra) => {
    const err = given(sakDecider, []).when(med(REGISTRER, { gjelderFra }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'gjelder_fra_i_fremtiden');
    expect(err.field).toBe('gjelderFra');
    expect(err.message).toContain('2022-06-01T10:05:00.000Z');
  });

  it('within the tolerance is accepted; the tolerance comes from the context', () => {
    const like = new Date(NAA.getTime() + 200_000).toISOString();
    expect(sakDecider.decide(med(REGISTRER, { gjelderFra: like }), null, ctx(PSU_SEKRETAER))).toHaveLength(1);
    const strengere = { ...ctx(PSU_SEKRETAER), grenser: { fremtidstoleranseSekunder: 60 } };
    expect(() => sakDecider.decide(med(REGISTRER, { gjelderFra: like }), null, strengere)).toThrow(InvalidCommandError);
  });
});

describe('planned dates at most the planning horizon ahead', () => {
  it('a frist in year 9999 → 400 naming frist', () => {
    const state = historikk([REGISTRER, PSU_SEKRETAER]).reduce(sakDecider.evolve, sakDecider.initialState);
    let caught: unknown;
    try {
      sakDecider.decide(med(BESTILL, { frist: '9999-01-01' }), state, ctx(PSU_SEKRETAER));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidCommandError);
    expect((caught as InvalidCommandError).code).toBe('dato_utenfor_planleggingshorisont');
    expect((caught as InvalidCommandError).field).toBe('frist');
    expect((caught as Error).message).toContain('2032-06-01');
  });

  it('a moetedato in year 9999 → 400 naming moetedato', () => {
    const events = UNDER_UTREDNING();
    const state0 = events.reduce(sakDecider.evolve, sakDecider.initialState);
    const steg = [DELEGER('o1'), AKSEPTER('o1'), LEVER('o1'), GODTA('o1'), INNSTILL];
    const aktoerer = [ASU_SEKRETAER, { personId: 'fagraad-leder', organId: 'fagraad-kvalitet', rolle: 'leder' }, { personId: 'fagraad-leder', organId: 'fagraad-kvalitet', rolle: 'leder' }, ASU_SEKRETAER, ASU_SEKRETAER];
    const state = steg.reduce((s, c, i) => sakDecider.decide(c, s, ctx(aktoerer[i]!)).reduce(sakDecider.evolve, s), state0);
    const c = SETT_PAA_PSU();
    let caught: unknown;
    try {
      sakDecider.decide(med(c, { moetedato: '9999-02-15', organer: [{ organId: 'psu-hnt', moetesaksaar: 9999, moetesakssekvensnummer: 1 }] }), state, ctx(PSU_SEKRETAER));
    } catch (e) {
      caught = e;
    }
    expect((caught as InvalidCommandError).code).toBe('dato_utenfor_planleggingshorisont');
    expect((caught as InvalidCommandError).field).toBe('moetedato');
  });

  it('every declared planned date names a field the step validates (derived from the declaration)', () => {
    const felt = SAK_STEG.flatMap((s) => planlagteDatoer(SAK_ARBEIDSFLYT[s].felter).map((p) => `${s}.${p.felt}`));
    expect(felt).toEqual(expect.arrayContaining(['BestillUtredning.frist', 'DelegerOppdrag.frist', 'BeOmUtsattFrist.nyFrist', 'SettPaaSaksliste.moetedato', 'SendTilOppfoelging.frist']));
  });
});

describe('the organisation: nothing before 1990, nothing before the body existed', () => {
  it.each([
    [{ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'Nytt', gjelderFra: '1900-01-01' } }, 'gjelderFra', 'dato_foer_tidligste_dato'],
    [{ type: 'EndreMandat', data: { organId: 'psu-hnt', mandat: 'Nytt', gjelderFra: '2011-06-01' } }, 'gjelderFra', 'foer_organet_ble_opprettet'],
    [{ type: 'OppnevnMedlem', data: { organId: 'psu-hnt', periodeId: 'x', personId: 'x', navn: 'X', rolle: 'observatoer', fra: '9999-01-01' } }, 'fra', 'dato_utenfor_planleggingshorisont'],
    [{ type: 'OppnevnMedlem', data: { organId: 'psu-hnt', periodeId: 'x', personId: 'x', navn: 'X', rolle: 'observatoer', fra: '2011-01-01' } }, 'fra', 'periode_foer_opprettelse'],
    [{ type: 'LeggNedOrgan', data: { organId: 'psu-hnt', gjelderFra: '2100-01-01' } }, 'gjelderFra', 'gjelder_fra_i_fremtiden'],
  ] as [OrganCommand, string, string][])('%j → %s refused', (command, field, code) => {
    let caught: unknown;
    try {
      organDecider.decide(command, PSU, ctx(SEKRETARIAT));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidCommandError);
    expect((caught as InvalidCommandError).code).toBe(code);
    expect((caught as InvalidCommandError).field).toBe(field);
  });

  it('property: any effective date before the floor is refused for every organisation change, naming gjelderFra', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01'), max: new Date(`${TIDLIGSTE_DATO}T00:00:00Z`), noInvalidDate: true }), (d) => {
        const gjelderFra = d.toISOString().slice(0, 10);
        if (gjelderFra >= TIDLIGSTE_DATO) return;
        expect(() => organDecider.decide({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'Ny', gjelderFra } }, PSU, ctx(SEKRETARIAT))).toThrow(/1990-01-01/);
      }),
    );
  });
});
