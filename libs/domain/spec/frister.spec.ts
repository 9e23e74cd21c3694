/**
 * The open deadlines of a sak, read from its state (sak/frister.ts): opened by an order and an
 * oppdrag; closed by the answer that ends each one (a delivery, the innstilling); none once the sak is
 * withdrawn.
 */
import { describe, expect, it } from '@jest/globals';
import { aapneFrister, type SakCommand, sakDecider, type SakEvent, type SakState, type Aktoer } from '../src/index.js';
import { AKSEPTER, ASU_LEDER, ASU_SEKRETAER, ctx, PSU_SEKRETAER, DELEGER, FAGRAAD_LEDER, GODTA, INNSTILL, LEVER, UNDER_UTREDNING } from './fixtures.js';

const fold = (events: readonly SakEvent[]): NonNullable<SakState> => events.reduce(sakDecider.evolve, sakDecider.initialState)!;
const frister = (events: readonly SakEvent[]) => aapneFrister(fold(events)).map((f) => `${f.art} ${f.organId} ${f.frist}`).sort();

/** The history with the given steps recorded on top (each decided on the state so far). */
function videre(foer: readonly SakEvent[], ...steg: [SakCommand, Aktoer][]): SakEvent[] {
  let state: SakState = fold(foer);
  const ut = [...foer];
  for (const [command, aktoer] of steg) {
    const nye = sakDecider.decide(command, state, ctx(aktoer));
    ut.push(...nye);
    state = nye.reduce(sakDecider.evolve, state);
  }
  return ut;
}

describe('the open deadlines of a sak', () => {
  it('an order is a deadline for the body it was ordered from, until that body gives its innstilling', () => {
    const bestilt = UNDER_UTREDNING();
    expect(frister(bestilt)).toEqual(['bestilling asu-hnt 2018-02-13']);
    const [f] = aapneFrister(fold(bestilt));
    expect(f).toMatchObject({ fristId: `bestilling:${fold(bestilt).sakId}:asu-hnt`, beskrivelse: 'Utarbeide handlingsplan for samhandling.' });
  });

  it("an oppdrag is the receiver's deadline while it works on it; delivered it is not; the innstilling closes the order", () => {
    const akseptert = videre(UNDER_UTREDNING(), [DELEGER('o-1'), ASU_SEKRETAER], [AKSEPTER('o-1'), FAGRAAD_LEDER]);
    expect(frister(akseptert)).toEqual(['bestilling asu-hnt 2018-02-13', 'oppdrag fagraad-kvalitet 2017-10-01']);
    const levert = videre(akseptert, [LEVER('o-1'), FAGRAAD_LEDER]);
    expect(frister(levert)).toEqual(['bestilling asu-hnt 2018-02-13']);
    expect(frister(videre(levert, [GODTA('o-1'), ASU_SEKRETAER], [INNSTILL, ASU_LEDER]))).toEqual([]);
  });

  it('a withdrawn sak has no open deadline', () => {
    const trukket = videre(UNDER_UTREDNING(), [{ type: 'TrekkSak', data: { begrunnelse: 'Saken er løst på annen måte.', gjelderFra: '2017-06-01' } } as SakCommand, PSU_SEKRETAER]);
    expect(fold(trukket).fase).toBe('trukket');
    expect(frister(trukket)).toEqual([]);
  });
});
