/**
 * The steps the real stories need (issue 16, item 3), each with its refusals:
 * - a political body's own secretary prepares its proposals (PSU's secretary for PSU's agenda);
 * - after a decision, the body that decided delegates carrying it out, naming the persons responsible
 *   (seed 004 O-sak 4/19: «samhandlingssjef HNT og daglig leder KS»);
 * - the arbeidsutvalg receives a coordinating task from the body it serves (sak-oppdrag.spec.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { ActorNotAllowedError, InvalidCommandError, type SakCommand, sakDecider, StepRefusedError, tillatteSteg } from '../src/index.js';
import { given } from './given.js';
import { AKSEPTER, ASU_LEDER, ASU_SEKRETAER, AU_MEDLEM, ctx, FAGRAAD_LEDER, GODTA, historikk, LEVER, organer, PSU_LEDER, PSU_SEKRETAER, REGISTRER, SAK_ID, SETT_PAA_PSU, VEDTA } from './fixtures.js';

const TILDEL_PSU: SakCommand = { type: 'TildelNivaa', data: { organId: 'psu-hnt', begrunnelse: 'Politisk sak', gjelderFra: '2019-01-10' } };
const FORSLAG: SakCommand = { type: 'AvgiInnstilling', data: { forslagTilVedtak: 'PSU tar årsmeldingen til orientering.', gjelderFra: '2019-01-20' } };
const tildeltPsu = () => historikk([REGISTRER, PSU_SEKRETAER], [TILDEL_PSU, AU_MEDLEM]);

describe("a political body's own secretary prepares its proposals", () => {
  it("PSU's secretary gives the innstilling for PSU's own agenda; it then goes on PSU's agenda", () => {
    const { state } = given(sakDecider, tildeltPsu())
      .when(FORSLAG, ctx(PSU_SEKRETAER))
      .then([{ type: 'InnstillingAvgitt', data: { sakId: SAK_ID, organId: 'psu-hnt', forslagTilVedtak: 'PSU tar årsmeldingen til orientering.', gjelderFra: '2019-01-20', utfoertAv: PSU_SEKRETAER } }]);
    expect(state?.fase).toBe('innstilling_avgitt');
    expect(tillatteSteg(state, { aktoer: PSU_SEKRETAER, organer })).toContain('SettPaaSaksliste');
  });

  it("PSU's leader is refused with the reason: the secretary prepares, the leader presents", () => {
    const e = given(sakDecider, tildeltPsu()).when(FORSLAG, ctx(PSU_LEDER)).thenThrows(StepRefusedError, 'innstilling_fra_sekretaer');
    expect(e.message).toContain('sekretær');
  });

  it('a body the sak is not assigned to still may not give it', () => {
    given(sakDecider, tildeltPsu()).when(FORSLAG, ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });
});

describe('after a decision, the body that decided delegates carrying it out', () => {
  const vedtatt = () =>
    historikk(
      [REGISTRER, PSU_SEKRETAER],
      [TILDEL_PSU, AU_MEDLEM],
      [FORSLAG, PSU_SEKRETAER],
      [{ ...SETT_PAA_PSU(), data: { ...SETT_PAA_PSU().data, gjelderFra: '2019-02-01' } } as SakCommand, PSU_SEKRETAER],
      [{ ...VEDTA(), data: { ...VEDTA().data } } as SakCommand, PSU_SEKRETAER],
    );
  const GJENNOMFOER: SakCommand = {
    type: 'DelegerOppdrag',
    data: {
      oppdragId: 'gjennomfoering',
      tilOrganId: 'fagraad-kvalitet',
      mandat: 'Følge opp vedtaket i kommunene og HNT.',
      frist: '2019-12-31',
      ansvarlige: ['Samhandlingssjef HNT', 'Daglig leder KS'],
      gjelderFra: '2019-02-20',
    },
  };

  it('delegates an oppdrag naming the persons responsible (seed 004 O-sak 4/19); the phase stays decided', () => {
    const { state } = given(sakDecider, vedtatt())
      .when(GJENNOMFOER, ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'OppdragDelegert',
          data: {
            sakId: SAK_ID,
            oppdragId: 'gjennomfoering',
            fraOrganId: 'psu-hnt',
            tilOrganId: 'fagraad-kvalitet',
            mandat: 'Følge opp vedtaket i kommunene og HNT.',
            frist: '2019-12-31',
            ansvarlige: ['Samhandlingssjef HNT', 'Daglig leder KS'],
            etterVedtak: true,
            gjelderFra: '2019-02-20',
            utfoertAv: PSU_SEKRETAER,
          },
        },
      ]);
    expect(state?.fase).toBe('vedtak_fattet');
    // The fagråd works on it as on any oppdrag; the sak cannot be closed while it is open.
    const aksept = { ...AKSEPTER('gjennomfoering'), data: { ...AKSEPTER('gjennomfoering').data, gjelderFra: '2019-03-01' } } as SakCommand;
    const delegert = [...vedtatt(), ...sakDecider.decide(GJENNOMFOER, fold(vedtatt()), ctx(PSU_SEKRETAER))];
    const { state: akseptert } = given(sakDecider, delegert).when(aksept, ctx(FAGRAAD_LEDER)).then([
      { type: 'OppdragAkseptert', data: { sakId: SAK_ID, oppdragId: 'gjennomfoering', organId: 'fagraad-kvalitet', gjelderFra: '2019-03-01', utfoertAv: FAGRAAD_LEDER } },
    ]);
    expect(akseptert?.fase).toBe('vedtak_fattet');
    const e = given(sakDecider, delegert)
      .when({ type: 'AvsluttSak', data: { avskrivningsmaate: 'Vedtatt' } }, ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'aapne_oppdrag');
    expect(e.message).toContain('gjennomfoering');
  });

  it('delivered and accepted, the sak can be closed', () => {
    const events = historikk(
      [REGISTRER, PSU_SEKRETAER],
      [TILDEL_PSU, AU_MEDLEM],
      [FORSLAG, PSU_SEKRETAER],
      [{ ...SETT_PAA_PSU(), data: { ...SETT_PAA_PSU().data, gjelderFra: '2019-02-01' } } as SakCommand, PSU_SEKRETAER],
      [VEDTA(), PSU_SEKRETAER],
      [GJENNOMFOER, PSU_SEKRETAER],
      [{ ...AKSEPTER('gjennomfoering'), data: { oppdragId: 'gjennomfoering', gjelderFra: '2019-03-01' } } as SakCommand, FAGRAAD_LEDER],
      [{ ...LEVER('gjennomfoering'), data: { oppdragId: 'gjennomfoering', leveranse: 'Gjennomført.', gjelderFra: '2019-11-01' } } as SakCommand, FAGRAAD_LEDER],
      [{ ...GODTA('gjennomfoering'), data: { oppdragId: 'gjennomfoering', gjelderFra: '2019-11-10' } } as SakCommand, PSU_SEKRETAER],
    );
    const { state } = given(sakDecider, events).when({ type: 'AvsluttSak', data: { avskrivningsmaate: 'Vedtatt og gjennomført', gjelderFra: '2019-11-11' } }, ctx(PSU_SEKRETAER)).then([
      { type: 'SakAvsluttet', data: { sakId: SAK_ID, avskrivningsmaate: 'Vedtatt og gjennomført', gjelderFra: '2019-11-11', utfoertAv: PSU_SEKRETAER } },
    ]);
    expect(state?.fase).toBe('avsluttet');
  });

  it('a body that did not decide may not delegate after the decision', () => {
    given(sakDecider, vedtatt()).when(GJENNOMFOER, ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });
});

function fold(events: ReturnType<typeof historikk>) {
  return events.reduce(sakDecider.evolve, sakDecider.initialState);
}

describe('a decision that itself orders an investigation (PSU-sak 3/17: one fact with both meanings)', () => {
  const paaSakslisten = () =>
    historikk(
      [{ ...REGISTRER, data: { ...REGISTRER.data, sakstype: 'droeftingssak' } } as SakCommand, PSU_SEKRETAER],
      [{ ...SETT_PAA_PSU(), data: { ...SETT_PAA_PSU().data, moetedato: '2017-03-24', organer: [{ organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 }], gjelderFra: '2017-03-10' } } as SakCommand, PSU_SEKRETAER],
    );
  const VEDTAK_MED_BESTILLING: SakCommand = {
    type: 'FattVedtak',
    data: {
      sakslistepunktId: 'punkt-1',
      vedtaksutfall: 'vedtatt',
      vedtakstekst: 'PSU ber ASU utarbeide forslag til handlingsplan for samhandling.',
      bestillesFra: 'asu-hnt',
      mandat: 'Utarbeide forslag til handlingsplan for samhandling 2018–2021.',
      frist: '2018-02-13',
    },
  };

  it('records one VedtakFattet carrying the order; the sak is then ordered from ASU, which receives it', () => {
    const { events, state } = given(sakDecider, paaSakslisten())
      .when(VEDTAK_MED_BESTILLING, ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'VedtakFattet',
          data: {
            sakId: SAK_ID,
            sakslistepunktId: 'punkt-1',
            organIder: ['psu-hnt'],
            vedtaksutfall: 'vedtatt',
            vedtakstekst: 'PSU ber ASU utarbeide forslag til handlingsplan for samhandling.',
            moetedato: '2017-03-24',
            bestilling: { bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan for samhandling 2018–2021.', frist: '2018-02-13' },
            gjelderFra: '2017-03-24',
            utfoertAv: PSU_SEKRETAER,
          },
        },
      ]);
    expect(events).toHaveLength(1);
    expect(state?.fase).toBe('bestilt');
    expect(state?.bestillinger.map((b) => [b.bestiltAv, b.tilOrganId, b.frist])).toEqual([['psu-hnt', 'asu-hnt', '2018-02-13']]);
    expect(tillatteSteg(state, { aktoer: ASU_LEDER, organer })).toContain('MottaBestilling');
    const mottatt = given(sakDecider, [...paaSakslisten(), ...events]).when({ type: 'MottaBestilling', data: { saksnummer: '16/2017', gjelderFra: '2017-04-20' } }, ctx(ASU_SEKRETAER));
    expect(mottatt.then([{ type: 'BestillingMottatt', data: { sakId: SAK_ID, organId: 'asu-hnt', saksnummer: '16/2017', gjelderFra: '2017-04-20', utfoertAv: ASU_SEKRETAER } }]).state?.fase).toBe('under_utredning');
  });

  it('refuses an order in a decision that is not «vedtatt», lacks mandate or frist, or goes to a body not on the administrative level', () => {
    const med = (ekstra: Record<string, unknown>): SakCommand => ({ type: 'FattVedtak', data: { ...VEDTAK_MED_BESTILLING.data, ...ekstra } as never });
    given(sakDecider, paaSakslisten()).when(med({ vedtaksutfall: 'droeftet' }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'bestilling_i_vedtak_ugyldig');
    given(sakDecider, paaSakslisten()).when(med({ frist: undefined }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'bestilling_i_vedtak_ugyldig');
    given(sakDecider, paaSakslisten()).when(med({ bestillesFra: 'fagraad-kvalitet' }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'bestilling_i_vedtak_ugyldig');
    given(sakDecider, paaSakslisten()).when(med({ bestillesFra: undefined }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'bestilling_i_vedtak_ugyldig');
  });
});
