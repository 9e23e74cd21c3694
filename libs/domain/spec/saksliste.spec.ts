import { describe, expect, it } from '@jest/globals';
import { formaterMoetesaksnummer, InvalidCommandError, moetesaksnummerFor, type SakslisteCommand, sakslisteDecider, sakslisteId, type SakslisteEvent } from '../src/index.js';
import { given } from './given.js';
import { ctx, NAA, PSU_SEKRETAER } from './fixtures.js';

const tildel = (sakId: string, organId = 'psu-hnt', aar = 2019): SakslisteCommand => ({ type: 'TildelMoetesaksnummer', data: { organId, aar, sakId, gjelderFra: '2019-02-01' } });
const tildelt = (sakId: string, nummer: number): SakslisteEvent => ({ type: 'MoetesaksnummerTildelt', data: { organId: 'psu-hnt', aar: 2019, sakId, nummer, gjelderFra: '2019-02-01' } });
const C = ctx(PSU_SEKRETAER);

describe('TildelMoetesaksnummer → MoetesaksnummerTildelt (stream saksliste-<organId>.<aar>)', () => {
  it('gives PSU’s first case of 2019 number 1, and the next ones 2, 3 (sak 3/19)', () => {
    given(sakslisteDecider, []).when(tildel('a'), C).then([tildelt('a', 1)]);
    const { state } = given(sakslisteDecider, [tildelt('a', 1), tildelt('b', 2)]).when(tildel('c'), C).then([tildelt('c', 3)]);
    expect(formaterMoetesaksnummer(state!.nummerForSak['c']!, 2019)).toBe('3/19');
    expect(sakslisteId('psu-hnt', 2019)).toBe('psu-hnt.2019');
    expect(sakslisteDecider.category).toBe('saksliste');
  });

  it('is idempotent per sak: asking again gives the same number and records nothing', () => {
    const { state } = given(sakslisteDecider, [tildelt('a', 1), tildelt('b', 2)]).when(tildel('a'), C).then([]);
    expect(moetesaksnummerFor(state, 'a')).toBe(1);
    expect(moetesaksnummerFor(state, 'ny')).toBe(3);
  });

  it('defaults gjelderFra to the clock', () => {
    given(sakslisteDecider, []).when({ type: 'TildelMoetesaksnummer', data: { organId: 'psu-hnt', aar: 2019, sakId: 'a' } }, C).then([
      { type: 'MoetesaksnummerTildelt', data: { organId: 'psu-hnt', aar: 2019, sakId: 'a', nummer: 1, gjelderFra: NAA.toISOString() } },
    ]);
  });

  it('refuses another body’s or year’s command on this stream, invalid input, an unknown step', () => {
    given(sakslisteDecider, [tildelt('a', 1)]).when(tildel('b', 'asu-hnt'), C).thenThrows(InvalidCommandError, 'feil_saksliste');
    given(sakslisteDecider, [tildelt('a', 1)]).when(tildel('b', 'psu-hnt', 2020), C).thenThrows(InvalidCommandError, 'feil_saksliste');
    given(sakslisteDecider, []).when(tildel(''), C).thenThrows(InvalidCommandError, 'felt_mangler');
    given(sakslisteDecider, []).when(tildel('a', 'psu-hnt', 19.5), C).thenThrows(InvalidCommandError, 'ugyldig_tall');
    given(sakslisteDecider, []).when({ type: 'Nullstill', data: {} } as unknown as SakslisteCommand, C).thenThrows(InvalidCommandError, 'ukjent_steg');
  });
});
