import { describe, expect, it } from '@jest/globals';
import {
  ActorNotAllowedError,
  type Aktoer,
  ConflictError,
  gjeldendeVerdi,
  InvalidCommandError,
  NotFoundError,
  type SakCommand,
  sakDecider,
  type SakEvent,
  StepRefusedError,
  tillatteSteg,
} from '../src/index.js';
import { given } from './given.js';
import {
  AKSEPTER,
  ASU_LEDER,
  ASU_OBSERVATOER,
  ASU_SEKRETAER,
  AU_LEDER,
  ctx,
  DELEGER,
  FAGRAAD_LEDER,
  FAGRAAD2_LEDER,
  GODTA,
  historikk,
  INNSTILL,
  LEVER,
  NAA,
  organer,
  PSU_LEDER,
  PSU_OBSERVATOER,
  PSU_SEKRETAER,
  REGISTRER,
  SAK_ID,
  SEKRETARIAT,
  SETT_PAA_PSU,
  UNDER_UTREDNING,
  VEDTA,
} from './fixtures.js';

function videre(tidligere: SakEvent[], ...steg: [SakCommand, Aktoer][]): SakEvent[] {
  let state = tidligere.reduce(sakDecider.evolve, sakDecider.initialState);
  const ut = [...tidligere];
  for (const [c, a] of steg) {
    const nye = sakDecider.decide(c, state, ctx(a));
    ut.push(...nye);
    state = nye.reduce(sakDecider.evolve, state);
  }
  return ut;
}
const fase = (events: SakEvent[]) => events.reduce(sakDecider.evolve, sakDecider.initialState)?.fase;

const innstilt = () => videre(UNDER_UTREDNING(), [INNSTILL, ASU_SEKRETAER]);
const paaSaksliste = () => videre(innstilt(), [SETT_PAA_PSU(), PSU_SEKRETAER]);
const vedtatt = () => videre(paaSaksliste(), [VEDTA(), PSU_SEKRETAER]);
const OPPFOELG = (id: string, tilOrganId = 'asu-hnt'): SakCommand => ({
  type: 'SendTilOppfoelging',
  data: { oppfoelgingId: id, tilOrganId, beskrivelse: 'Følg opp tiltakene i handlingsplanen.', frist: '2019-12-31', gjelderFra: '2019-02-15' },
});
const tilOppfoelging = () => videre(vedtatt(), [OPPFOELG('f1'), PSU_SEKRETAER]);
const orienteringssak = () =>
  historikk([{ type: 'RegistrerSak', data: { sakId: 'ori', tittel: 'Samhandlingskonferanse 2020', innmeldtAv: 'sekretariat-hnt', sakstype: 'orienteringssak', gjelderFra: '2019-01-10' } }, SEKRETARIAT]);

describe('AvgiInnstilling → InnstillingAvgitt', () => {
  it('ASU gives its recommendation once every oppdrag is accepted', () => {
    const ferdig = videre(UNDER_UTREDNING(), [DELEGER('o1'), ASU_SEKRETAER], [AKSEPTER('o1'), FAGRAAD_LEDER], [LEVER('o1'), FAGRAAD_LEDER], [GODTA('o1'), ASU_SEKRETAER]);
    const { state } = given(sakDecider, ferdig)
      .when(INNSTILL, ctx(ASU_LEDER))
      .then([{ type: 'InnstillingAvgitt', data: { sakId: SAK_ID, organId: 'asu-hnt', forslagTilVedtak: 'ASU anbefaler at PSU slutter seg til handlingsplanen.', gjelderFra: '2017-11-01', utfoertAv: ASU_LEDER } }]);
    expect(state).toMatchObject({ fase: 'innstilling_avgitt', innstillinger: [{ organId: 'asu-hnt' }] });
  });

  it('refuses while an oppdrag is open, naming it', () => {
    const aapent = videre(UNDER_UTREDNING(), [DELEGER('o1'), ASU_SEKRETAER], [AKSEPTER('o1'), FAGRAAD_LEDER]);
    const err = given(sakDecider, aapent).when(INNSTILL, ctx(ASU_LEDER)).thenThrows(StepRefusedError, 'aapne_oppdrag');
    expect(err.message).toContain('o1 (fagraad-kvalitet, akseptert)');
    expect(err.allowedSteps).not.toContain('AvgiInnstilling');
  });

  it('refuses PSU (not the investigating body), an observer, and an empty proposal', () => {
    given(sakDecider, UNDER_UTREDNING()).when(INNSTILL, ctx(PSU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, UNDER_UTREDNING()).when(INNSTILL, ctx(ASU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, UNDER_UTREDNING()).when({ type: 'AvgiInnstilling', data: { forslagTilVedtak: '' } }, ctx(ASU_LEDER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });

  it('refuses a recommendation before the order is received', () => {
    given(sakDecider, UNDER_UTREDNING().slice(0, 2)).when(INNSTILL, ctx(ASU_LEDER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
  });
});

describe('SettPaaSaksliste → SattPaaSaksliste', () => {
  it('puts the sak on PSU’s agenda as sak 3/19 for the meeting of 15 February 2019', () => {
    const { state } = given(sakDecider, innstilt())
      .when(SETT_PAA_PSU(), ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'SattPaaSaksliste',
          data: {
            sakId: SAK_ID,
            sakslistepunktId: 'punkt-1',
            moetedato: '2019-02-15',
            moetested: 'Sykehuset Levanger, Store møterom Arken',
            organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 3 }],
            gjelderFra: NAA.toISOString(),
            utfoertAv: PSU_SEKRETAER,
          },
        },
      ]);
    expect(state?.fase).toBe('paa_saksliste');
    expect(tillatteSteg(state, { aktoer: PSU_SEKRETAER, organer })).toEqual(['FattVedtak', 'TrekkSak', 'KorrigerOpplysning', 'SendBrev']);
    expect(tillatteSteg(state, { aktoer: PSU_OBSERVATOER, organer })).toEqual([]);
  });

  it('an orienteringssak goes on the agenda without an innstilling', () => {
    const { state } = given(sakDecider, orienteringssak())
      .when({ type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p', moetedato: '2019-02-15', organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 2 }] } }, ctx(SEKRETARIAT))
      .then([
        {
          type: 'SattPaaSaksliste',
          data: { sakId: 'ori', sakslistepunktId: 'p', moetedato: '2019-02-15', organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 2 }], gjelderFra: NAA.toISOString(), utfoertAv: SEKRETARIAT },
        },
      ]);
    expect(state?.innstillinger).toEqual([]);
  });

  it('a joint meeting of PSU and ASU is one agenda item with both bodies and their numbers', () => {
    const felles: SakCommand = {
      type: 'SettPaaSaksliste',
      data: {
        sakslistepunktId: 'felles',
        moetedato: '2022-03-30',
        organer: [
          { organId: 'psu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 4 },
          { organId: 'asu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 12 },
        ],
      },
    };
    const { state } = given(sakDecider, innstilt()).when(felles, ctx(ASU_SEKRETAER)).then([
      { type: 'SattPaaSaksliste', data: { sakId: SAK_ID, ...(felles.data as object), gjelderFra: NAA.toISOString(), utfoertAv: ASU_SEKRETAER } as never },
    ]);
    expect(state?.sakslistepunkter[0]?.organer.map((o) => o.organId)).toEqual(['psu-hnt', 'asu-hnt']);
  });

  it('refuses a beslutningssak without an innstilling, saying how to go on', () => {
    const err = given(sakDecider, historikk([REGISTRER, PSU_SEKRETAER])).when(SETT_PAA_PSU(), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'innstilling_mangler');
    expect(err.message).toMatch(/orienterings- eller drøftingssak/);
  });

  it('refuses a year that is not the meeting’s year, a repeated body, an unknown or dissolved body', () => {
    const punkt = (organer: unknown, moetedato = '2019-02-15'): SakCommand => ({ type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p', moetedato, organer } }) as SakCommand;
    given(sakDecider, innstilt()).when(punkt([{ organId: 'psu-hnt', moetesaksaar: 2018, moetesakssekvensnummer: 3 }]), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'moetesaksaar_stemmer_ikke');
    given(sakDecider, innstilt())
      .when(punkt([{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 3 }, { organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 4 }]), ctx(PSU_SEKRETAER))
      .thenThrows(InvalidCommandError, 'organ_gjentatt');
    given(sakDecider, innstilt()).when(punkt([]), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
    given(sakDecider, innstilt()).when(punkt([{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 0 }]), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    given(sakDecider, innstilt()).when(punkt([{ organId: 'ukjent', moetesaksaar: 2019, moetesakssekvensnummer: 1 }]), ctx(SEKRETARIAT)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(sakDecider, innstilt()).when(punkt([{ organId: 'fagraad-gammelt', moetesaksaar: 2019, moetesakssekvensnummer: 1 }]), ctx(SEKRETARIAT)).thenThrows(StepRefusedError, 'organ_ikke_aktivt');
  });

  it('refuses a body that does not own the agenda, an observer, and a reused agenda item id', () => {
    given(sakDecider, innstilt()).when(SETT_PAA_PSU(), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, innstilt()).when(SETT_PAA_PSU(), ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    const utsatt = videre(paaSaksliste(), [VEDTA('punkt-1', 'utsatt'), PSU_SEKRETAER]);
    given(sakDecider, utsatt).when(SETT_PAA_PSU('punkt-1'), ctx(PSU_SEKRETAER)).thenThrows(ConflictError, 'sakslistepunkt_finnes_allerede');
  });

  it('refuses a second agenda item while one awaits its decision', () => {
    given(sakDecider, paaSaksliste()).when(SETT_PAA_PSU('punkt-2'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
  });
});

describe('FattVedtak → VedtakFattet', () => {
  it('the secretary records the decision from the minutes, effective on the meeting date', () => {
    const { state } = given(sakDecider, paaSaksliste())
      .when(VEDTA(), ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'VedtakFattet',
          data: { sakId: SAK_ID, sakslistepunktId: 'punkt-1', organIder: ['psu-hnt'], vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU slutter seg til handlingsplanen.', moetedato: '2019-02-15', gjelderFra: '2019-02-15', utfoertAv: PSU_SEKRETAER },
        },
      ]);
    expect(state?.fase).toBe('vedtak_fattet');
    expect(state?.sakslistepunkter[0]?.vedtak?.vedtaksutfall).toBe('vedtatt');
  });

  it.each([
    ['tatt_til_orientering', 'vedtak_fattet'],
    ['utsatt', 'utsatt'],
    ['sendt_tilbake', 'under_utredning'],
    ['avvist', 'avvist'],
  ] as const)('outcome %s leads to phase %s', (utfall, forventet) => {
    const { state } = given(sakDecider, paaSaksliste())
      .when(VEDTA('punkt-1', utfall), ctx(PSU_LEDER))
      .then([
        {
          type: 'VedtakFattet',
          data: { sakId: SAK_ID, sakslistepunktId: 'punkt-1', organIder: ['psu-hnt'], vedtaksutfall: utfall, vedtakstekst: 'PSU slutter seg til handlingsplanen.', moetedato: '2019-02-15', gjelderFra: '2019-02-15', utfoertAv: PSU_LEDER },
        },
      ]);
    expect(state?.fase).toBe(forventet);
  });

  it('sent back: the body that gave the innstilling works on; a postponed sak goes on a later agenda', () => {
    const tilbake = videre(paaSaksliste(), [VEDTA('punkt-1', 'sendt_tilbake'), PSU_SEKRETAER]);
    const s = tilbake.reduce(sakDecider.evolve, sakDecider.initialState);
    expect(s?.ansvarligOrganId).toBe('asu-hnt');
    expect(tillatteSteg(s, { aktoer: ASU_SEKRETAER, organer })).toEqual(expect.arrayContaining(['DelegerOppdrag', 'AvgiInnstilling']));
    const utsatt = videre(paaSaksliste(), [VEDTA('punkt-1', 'utsatt'), PSU_SEKRETAER], [SETT_PAA_PSU('punkt-2', 5), PSU_SEKRETAER], [VEDTA('punkt-2'), PSU_SEKRETAER]);
    expect(fase(utsatt)).toBe('vedtak_fattet');
  });

  it('an orienteringssak without innstilling ends «tatt til orientering» and is closed', () => {
    const events = videre(
      orienteringssak(),
      [{ type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p', moetedato: '2019-02-15', organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 2 }] } }, PSU_SEKRETAER],
      [{ type: 'FattVedtak', data: { sakslistepunktId: 'p', vedtaksutfall: 'tatt_til_orientering', vedtakstekst: 'Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.' } }, PSU_SEKRETAER],
      [{ type: 'AvsluttSak', data: { avskrivningsmaate: 'Tatt til orientering' } }, PSU_SEKRETAER],
    );
    expect(fase(events)).toBe('avsluttet');
  });

  it('a drøftingssak «lagt fram uten forslag til vedtak» is discussed and decided in a joint meeting by both bodies', () => {
    const droefting = historikk([{ type: 'RegistrerSak', data: { sakId: 'd', tittel: 'Er vi rigget for framtidens helseutfordringer?', innmeldtAv: 'asu-hnt', sakstype: 'droeftingssak' } }, ASU_LEDER]);
    const events = videre(droefting, [
      {
        type: 'SettPaaSaksliste',
        data: { sakslistepunktId: 'f', moetedato: '2022-03-30', organer: [{ organId: 'psu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 4 }, { organId: 'asu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 9 }] },
      },
      ASU_SEKRETAER,
    ]);
    const { state } = given(sakDecider, events)
      .when({ type: 'FattVedtak', data: { sakslistepunktId: 'f', vedtaksutfall: 'vedtatt', vedtakstekst: 'Innspillet er vedtatt av felles PSU og ASU.', gjelderFra: '2022-03-30T12:00:00+02:00' } }, ctx(ASU_SEKRETAER))
      .then([
        {
          type: 'VedtakFattet',
          data: { sakId: 'd', sakslistepunktId: 'f', organIder: ['psu-hnt', 'asu-hnt'], vedtaksutfall: 'vedtatt', vedtakstekst: 'Innspillet er vedtatt av felles PSU og ASU.', moetedato: '2022-03-30', gjelderFra: '2022-03-30T12:00:00+02:00', utfoertAv: ASU_SEKRETAER },
        },
      ]);
    expect(state?.fase).toBe('vedtak_fattet');
  });

  it('an observer never records a decision', () => {
    const err = given(sakDecider, paaSaksliste()).when(VEDTA(), ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    expect(err.message).toContain('observatør');
    expect(err.allowedSteps).toEqual([]);
  });

  it('refuses a body that did not have the sak on its agenda, also as a named decider', () => {
    given(sakDecider, paaSaksliste()).when(VEDTA(), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, paaSaksliste())
      .when({ type: 'FattVedtak', data: { sakslistepunktId: 'punkt-1', vedtaksutfall: 'vedtatt', vedtakstekst: 'x', organIder: ['psu-hnt', 'asu-hnt'] } }, ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'organ_ikke_paa_sakslistepunkt');
  });

  it('one decision per agenda item; an unknown item; a decision dated before the meeting', () => {
    const utsatt = videre(paaSaksliste(), [VEDTA('punkt-1', 'utsatt'), PSU_SEKRETAER], [SETT_PAA_PSU('punkt-2', 5), PSU_SEKRETAER]);
    given(sakDecider, utsatt).when(VEDTA('punkt-1'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'vedtak_allerede_fattet');
    given(sakDecider, paaSaksliste()).when(VEDTA('punkt-9'), ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'sakslistepunkt_ikke_funnet');
    given(sakDecider, paaSaksliste())
      .when({ type: 'FattVedtak', data: { sakslistepunktId: 'punkt-1', vedtaksutfall: 'vedtatt', vedtakstekst: 'x', gjelderFra: '2019-02-14' } }, ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'vedtak_foer_moetet');
    given(sakDecider, paaSaksliste()).when({ type: 'FattVedtak', data: { sakslistepunktId: 'punkt-1', vedtaksutfall: 'godkjent', vedtakstekst: 'x' } } as unknown as SakCommand, ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    given(sakDecider, paaSaksliste()).when({ type: 'FattVedtak', data: { sakslistepunktId: 'punkt-1', vedtaksutfall: 'vedtatt', vedtakstekst: 'x', organIder: [] } }, ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    given(sakDecider, vedtatt()).when(VEDTA(), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
  });
});

describe('SendTilOppfoelging, RapporterOppfoelging, MeldOppfoelgingFullfoert', () => {
  it('sends the decision on to ASU for follow-up with a frist', () => {
    const { state } = given(sakDecider, vedtatt())
      .when(OPPFOELG('f1'), ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'SendtTilOppfoelging',
          data: { sakId: SAK_ID, oppfoelgingId: 'f1', fraOrganIder: ['psu-hnt'], tilOrganId: 'asu-hnt', beskrivelse: 'Følg opp tiltakene i handlingsplanen.', frist: '2019-12-31', gjelderFra: '2019-02-15', utfoertAv: PSU_SEKRETAER },
        },
      ]);
    expect(state?.fase).toBe('til_oppfoelging');
  });

  it('the follow-up body reports and completes; with two open, the phase waits for the last', () => {
    const to = videre(tilOppfoelging(), [OPPFOELG('f2', 'personalnettverket'), PSU_SEKRETAER]);
    const rapportert = given(sakDecider, to)
      .when({ type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: 'Tiltak 1–3 er i gang.', gjelderFra: '2019-06-01' } }, ctx(ASU_SEKRETAER))
      .then([{ type: 'OppfoelgingRapportert', data: { sakId: SAK_ID, oppfoelgingId: 'f1', rapport: 'Tiltak 1–3 er i gang.', gjelderFra: '2019-06-01', utfoertAv: ASU_SEKRETAER } }]);
    expect(rapportert.state?.oppfoelginger[0]?.rapporter).toHaveLength(1);
    const ferdig1 = given(sakDecider, to)
      .when({ type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f1', merknad: 'Ferdig', gjelderFra: '2019-11-01' } }, ctx(ASU_LEDER))
      .then([{ type: 'OppfoelgingFullfoert', data: { sakId: SAK_ID, oppfoelgingId: 'f1', merknad: 'Ferdig', gjelderFra: '2019-11-01', utfoertAv: ASU_LEDER } }]);
    expect(ferdig1.state?.fase).toBe('til_oppfoelging');
    const nett: Aktoer = { personId: 'nettverksleder', organId: 'personalnettverket', rolle: 'leder' };
    const begge = videre(to, [{ type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f1' } }, ASU_LEDER], [{ type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f2' } }, nett]);
    expect(fase(begge)).toBe('oppfoelging_fullfoert');
  });

  it('refuses follow-up by a body that did not decide, a duplicate id, a frist not after, an unknown body', () => {
    given(sakDecider, vedtatt()).when(OPPFOELG('f1'), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, vedtatt()).when(OPPFOELG('f1'), ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, tilOppfoelging()).when(OPPFOELG('f1'), ctx(PSU_SEKRETAER)).thenThrows(ConflictError, 'oppfoelging_finnes_allerede');
    given(sakDecider, vedtatt()).when(OPPFOELG('f1', 'ukjent'), ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(sakDecider, vedtatt()).when(OPPFOELG('f1', 'fagraad-gammelt'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'organ_ikke_aktivt');
    given(sakDecider, vedtatt())
      .when({ type: 'SendTilOppfoelging', data: { oppfoelgingId: 'f1', tilOrganId: 'asu-hnt', beskrivelse: 'x', frist: '2019-02-15', gjelderFra: '2019-02-15' } }, ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
    given(sakDecider, paaSaksliste()).when(OPPFOELG('f1'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
  });

  it('refuses reports from another body, on an unknown or completed follow-up', () => {
    const rapport = (id: string): SakCommand => ({ type: 'RapporterOppfoelging', data: { oppfoelgingId: id, rapport: 'x' } });
    const fullfoer = (id: string): SakCommand => ({ type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: id } });
    given(sakDecider, tilOppfoelging()).when(rapport('f1'), ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, tilOppfoelging()).when(fullfoer('f1'), ctx(PSU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, tilOppfoelging()).when(rapport('f9'), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppfoelging_ikke_funnet');
    given(sakDecider, tilOppfoelging()).when(fullfoer('f9'), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'oppfoelging_ikke_funnet');
    const enFerdig = videre(tilOppfoelging(), [OPPFOELG('f2'), PSU_SEKRETAER], [fullfoer('f1'), ASU_SEKRETAER]);
    given(sakDecider, enFerdig).when(rapport('f1'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'oppfoelging_allerede_fullfoert');
    given(sakDecider, enFerdig).when(fullfoer('f1'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'oppfoelging_allerede_fullfoert');
    given(sakDecider, tilOppfoelging()).when({ type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: '' } }, ctx(ASU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });
});

describe('AvsluttSak, TrekkSak, GjenaapneSak', () => {
  it('closes a decided sak; a closed sak accepts only GjenaapneSak', () => {
    const { state } = given(sakDecider, vedtatt())
      .when({ type: 'AvsluttSak', data: { avskrivningsmaate: 'Vedtak fattet', gjelderFra: '2019-03-01' } }, ctx(SEKRETARIAT))
      .then([{ type: 'SakAvsluttet', data: { sakId: SAK_ID, avskrivningsmaate: 'Vedtak fattet', gjelderFra: '2019-03-01', utfoertAv: SEKRETARIAT } }]);
    expect(state).toMatchObject({ fase: 'avsluttet', fasefoerLukking: 'vedtak_fattet' });
    expect(tillatteSteg(state)).toEqual(['GjenaapneSak', 'MarkerSkjerming']);
    const avsluttet = videre(vedtatt(), [{ type: 'AvsluttSak', data: {} }, PSU_SEKRETAER]);
    const err = given(sakDecider, avsluttet).when(OPPFOELG('f1'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'sak_lukket');
    expect(err.allowedSteps).toEqual(['GjenaapneSak', 'MarkerSkjerming']);
  });

  it('closes after follow-up and after avvist; refuses while follow-up is open, by an uninvolved body, or an observer', () => {
    const avvist = videre(paaSaksliste(), [VEDTA('punkt-1', 'avvist'), PSU_SEKRETAER], [{ type: 'AvsluttSak', data: { avskrivningsmaate: 'Avvist' } }, PSU_SEKRETAER]);
    expect(fase(avvist)).toBe('avsluttet');
    given(sakDecider, tilOppfoelging()).when({ type: 'AvsluttSak', data: {} }, ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    given(sakDecider, vedtatt()).when({ type: 'AvsluttSak', data: {} }, ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, vedtatt()).when({ type: 'AvsluttSak', data: {} }, ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('withdraws a sak under investigation: open oppdrag and agenda items are withdrawn with it', () => {
    const medOppdrag = videre(UNDER_UTREDNING(), [DELEGER('o1'), ASU_SEKRETAER], [AKSEPTER('o1'), FAGRAAD_LEDER]);
    const { state } = given(sakDecider, medOppdrag)
      .when({ type: 'TrekkSak', data: { begrunnelse: 'Løst i annen sak', gjelderFra: '2017-06-01' } }, ctx(PSU_SEKRETAER))
      .then([{ type: 'SakTrukket', data: { sakId: SAK_ID, begrunnelse: 'Løst i annen sak', gjelderFra: '2017-06-01', utfoertAv: PSU_SEKRETAER } }]);
    expect(state).toMatchObject({ fase: 'trukket', fasefoerLukking: 'under_utredning' });
    expect(state?.oppdrag[0]?.status).toBe('trukket');
    const punkt = videre(paaSaksliste(), [{ type: 'TrekkSak', data: { begrunnelse: 'x' } }, AU_LEDER]);
    expect(punkt.reduce(sakDecider.evolve, sakDecider.initialState)?.sakslistepunkter[0]?.trukket).toBe(true);
  });

  it('refuses withdrawing a decided sak, by a body that did not bring it, or without a reason', () => {
    given(sakDecider, vedtatt()).when({ type: 'TrekkSak', data: { begrunnelse: 'x' } }, ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    given(sakDecider, UNDER_UTREDNING()).when({ type: 'TrekkSak', data: { begrunnelse: 'x' } }, ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, UNDER_UTREDNING()).when({ type: 'TrekkSak', data: { begrunnelse: 'x' } }, ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, UNDER_UTREDNING()).when({ type: 'TrekkSak', data: { begrunnelse: '' } }, ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
  });

  it('reopens a closed sak with a reason; it goes back to triage and keeps its history', () => {
    const avsluttet = videre(vedtatt(), [{ type: 'AvsluttSak', data: {} }, PSU_SEKRETAER]);
    const { state } = given(sakDecider, avsluttet)
      .when({ type: 'GjenaapneSak', data: { begrunnelse: 'Nye opplysninger fra kommunene', gjelderFra: '2019-05-01' } }, ctx(AU_LEDER))
      .then([{ type: 'SakGjenaapnet', data: { sakId: SAK_ID, begrunnelse: 'Nye opplysninger fra kommunene', tidligereFase: 'avsluttet', gjelderFra: '2019-05-01', utfoertAv: AU_LEDER } }]);
    expect(state?.fase).toBe('registrert');
    expect(state?.sakslistepunkter[0]?.vedtak?.vedtaksutfall).toBe('vedtatt');
  });

  it('refuses reopening an open sak, without a reason, or by an uninvolved body', () => {
    const trukket = videre(UNDER_UTREDNING(), [{ type: 'TrekkSak', data: { begrunnelse: 'x' } }, PSU_SEKRETAER]);
    given(sakDecider, UNDER_UTREDNING()).when({ type: 'GjenaapneSak', data: { begrunnelse: 'x' } }, ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_fase');
    given(sakDecider, trukket).when({ type: 'GjenaapneSak', data: { begrunnelse: ' ' } }, ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'felt_mangler');
    given(sakDecider, trukket).when({ type: 'GjenaapneSak', data: { begrunnelse: 'x' } }, ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(sakDecider, trukket).when({ type: 'GjenaapneSak', data: { begrunnelse: 'x' } }, ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });
});

describe('KorrigerOpplysning → OpplysningKorrigert', () => {
  const korriger = (data: Partial<Record<string, unknown>>): SakCommand =>
    ({ type: 'KorrigerOpplysning', data: { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: 'Handlingsplan for samhandling 2018–2021', nyVerdi: 'Handlingsplan 2018–2021', begrunnelse: 'Skrivefeil', ...data } }) as SakCommand;

  it('adds a correction of the title; the original event is untouched and the state shows the new value', () => {
    const events = paaSaksliste();
    const { state } = given(sakDecider, events)
      .when(korriger({}), ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'OpplysningKorrigert',
          data: { sakId: SAK_ID, hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: 'Handlingsplan for samhandling 2018–2021', nyVerdi: 'Handlingsplan 2018–2021', begrunnelse: 'Skrivefeil', gjelderFra: NAA.toISOString(), utfoertAv: PSU_SEKRETAER },
        },
      ]);
    expect(state?.tittel).toBe('Handlingsplan 2018–2021');
    expect(state?.hendelser[0]?.data['tittel']).toBe('Handlingsplan for samhandling 2018–2021');
    expect(gjeldendeVerdi(state!, 0, 'tittel')).toBe('Handlingsplan 2018–2021');
    expect(state?.korrigeringer).toHaveLength(1);
    // A second correction must start from the corrected value.
    given(sakDecider, [...events, ...sakDecider.decide(korriger({}), events.reduce(sakDecider.evolve, null), ctx(PSU_SEKRETAER))])
      .when(korriger({}), ctx(PSU_SEKRETAER))
      .thenThrows(StepRefusedError, 'gammel_verdi_stemmer_ikke');
  });

  it('corrects a meeting date recorded wrongly', () => {
    const events = paaSaksliste();
    const nr = events.findIndex((e) => e.type === 'SattPaaSaksliste');
    const { state } = given(sakDecider, events)
      .when(korriger({ hendelsesnummer: nr, hendelsestype: 'SattPaaSaksliste', felt: 'moetedato', gammelVerdi: '2019-02-15', nyVerdi: '2019-02-14' }), ctx(PSU_SEKRETAER))
      .then([
        {
          type: 'OpplysningKorrigert',
          data: { sakId: SAK_ID, hendelsesnummer: nr, hendelsestype: 'SattPaaSaksliste', felt: 'moetedato', gammelVerdi: '2019-02-15', nyVerdi: '2019-02-14', begrunnelse: 'Skrivefeil', gjelderFra: NAA.toISOString(), utfoertAv: PSU_SEKRETAER },
        },
      ]);
    expect(state?.sakslistepunkter[0]?.moetedato).toBe('2019-02-14');
  });

  it('refuses to correct a date to something that is not a date (the read models could not use it)', () => {
    const events = paaSaksliste();
    const nr = events.findIndex((e) => e.type === 'SattPaaSaksliste');
    const dato = (nyVerdi: unknown) => korriger({ hendelsesnummer: nr, hendelsestype: 'SattPaaSaksliste', felt: 'moetedato', gammelVerdi: '2019-02-15', nyVerdi });
    for (const nyVerdi of ['neste torsdag', '2019-02-30', '2019-2-14', 20190214, null]) {
      given(sakDecider, events).when(dato(nyVerdi), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_dato');
    }
    // A text field may still become any text.
    given(sakDecider, events).when(korriger({ nyVerdi: '2019-02-30' }), ctx(PSU_SEKRETAER)).then([expect.objectContaining({ type: 'OpplysningKorrigert' }) as never]);
  });

  it('refuses an unknown event, a type mismatch, a protected field, an unknown field, a wrong old value, no change', () => {
    const ev = paaSaksliste();
    given(sakDecider, ev).when(korriger({ hendelsesnummer: 99 }), ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'hendelse_ikke_funnet');
    given(sakDecider, ev).when(korriger({ hendelsestype: 'VedtakFattet' }), ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'hendelse_ikke_funnet');
    given(sakDecider, ev).when(korriger({ felt: 'sakstype', gammelVerdi: 'beslutningssak', nyVerdi: 'orienteringssak' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'felt_ikke_korrigerbart');
    given(sakDecider, ev).when(korriger({ felt: 'innmeldtAv', gammelVerdi: 'psu-hnt', nyVerdi: 'asu-hnt' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'felt_ikke_korrigerbart');
    given(sakDecider, ev).when(korriger({ felt: 'farge' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'felt_ikke_korrigerbart');
    given(sakDecider, ev).when(korriger({ gammelVerdi: 'Noe annet' }), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'gammel_verdi_stemmer_ikke');
    given(sakDecider, ev).when(korriger({ nyVerdi: 'Handlingsplan for samhandling 2018–2021' }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ingen_endring');
    given(sakDecider, ev).when(korriger({ nyVerdi: { a: 1 } }), ctx(PSU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    given(sakDecider, ev).when(korriger({}), ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, ev).when(korriger({}), ctx(FAGRAAD2_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    const avsluttet = videre(vedtatt(), [{ type: 'AvsluttSak', data: {} }, PSU_SEKRETAER]);
    given(sakDecider, avsluttet).when(korriger({}), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'sak_lukket');
  });
});

describe('referencedOrganIds', () => {
  it('names the actor’s body, the bodies in the command and the bodies involved in the sak', () => {
    const state = paaSaksliste().reduce(sakDecider.evolve, sakDecider.initialState);
    expect(new Set(sakDecider.referencedOrganIds!(OPPFOELG('f1', 'personalnettverket'), state, SEKRETARIAT))).toEqual(new Set(['sekretariat-hnt', 'personalnettverket', 'psu-hnt', 'asu-hnt']));
    expect(sakDecider.referencedOrganIds!({ type: 'TrekkSak', data: {} } as unknown as SakCommand, null)).toEqual([]);
  });
});
