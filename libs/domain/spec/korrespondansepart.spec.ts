/**
 * Outside parties (korrespondansepart, #16 item 2), given/when/then: the register as facts with
 * effective dates (Leksvik merged into Indre Fosen from 2018, seed 002), and the sak's steps that reach
 * them — the hearing of the draft action plan 2018–2021 to the municipalities (seed 002), each answer
 * against its party, and the letter to Helse- og omsorgsdepartementet signed by the leaders of PSU and
 * ASU (seed 001). Every refusal of the three steps is here.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ActorNotAllowedError,
  ConflictError,
  type DecisionContext,
  type Dokument,
  fold,
  hoeringer,
  InvalidCommandError,
  type Korrespondansepart,
  type KorrespondansepartCommand,
  korrespondansepartDecider,
  type KorrespondansepartEvent,
  NotFoundError,
  type Organ,
  organDecider,
  partAktivPaaDato,
  partnavnPaaDato,
  type Aktoer,
  type SakCommand,
  sakDecider,
  type SakEvent,
  type SakState,
  StepRefusedError,
} from '../src/index.js';
import { given } from './given.js';
import { ASU, ASU_SEKRETAER, BESTILL, MOTTA, NAA, organer as fixtureOrganer, PSU_OBSERVATOER, PSU_SEKRETAER, REGISTRER, SAK_ID, SEKRETARIAT } from './fixtures.js';

const DRIFT: Aktoer = { personId: 'drift', organId: 'drift', rolle: 'drift' };

function register(commands: KorrespondansepartCommand[]): Korrespondansepart {
  let state = korrespondansepartDecider.initialState;
  for (const c of commands) state = korrespondansepartDecider.decide(c, state, { now: NAA, aktoer: DRIFT, organer: () => undefined }).reduce(korrespondansepartDecider.evolve, state);
  return state!;
}
const reg = (partId: string, navn: string, parttype: 'kommune' | 'helseforetak' | 'departement' | 'statsforvalter', gjelderFra = '2010-01-01'): KorrespondansepartCommand => ({
  type: 'RegistrerKorrespondansepart',
  data: { partId, navn, parttype, gjelderFra },
});
const PARTER: readonly Korrespondansepart[] = [
  register([reg('steinkjer-kommune', 'Steinkjer kommune', 'kommune')]),
  register([reg('verdal-kommune', 'Verdal kommune', 'kommune')]),
  register([reg('leksvik-kommune', 'Leksvik kommune', 'kommune'), { type: 'AvsluttKorrespondansepart', data: { partId: 'leksvik-kommune', begrunnelse: 'Slått sammen med Rissa', erstattetAv: 'indre-fosen-kommune', gjelderFra: '2018-01-01' } }]),
  register([reg('hnt', 'Helse Nord-Trøndelag HF', 'helseforetak')]),
  register([reg('hod', 'Helse- og omsorgsdepartementet', 'departement')]),
  register([reg('fylkesmannen', 'Fylkesmannen i Nord-Trøndelag', 'statsforvalter'), { type: 'OmdoepKorrespondansepart', data: { partId: 'fylkesmannen', navn: 'Statsforvalteren i Trøndelag', gjelderFra: '2021-01-01' } }]),
];
const parter = (id: string) => PARTER.find((p) => p.partId === id);

/** PSU with its leader of 2022 (seed 001: Hege Nordheim-Viken), ASU with its (Bjørn Ståle Aalberg). */
function medLeder(organ: Organ, personId: string, navn: string): Organ {
  const e = organDecider.decide(
    { type: 'OppnevnMedlem', data: { organId: organ.organId, periodeId: `${personId}-leder`, personId, navn, rolle: 'leder', fra: '2020-01-01' } },
    organ,
    { now: NAA, aktoer: SEKRETARIAT, organer: () => undefined },
  );
  return e.reduce(organDecider.evolve, organ)!;
}
const PSU_2022 = medLeder(fixtureOrganer('psu-hnt')!, 'hege-nordheim-viken', 'Hege Nordheim-Viken');
const ASU_2022 = medLeder(ASU, 'bjorn-stale-aalberg', 'Bjørn Ståle Aalberg');
const organer = (id: string) => (id === 'psu-hnt' ? PSU_2022 : id === 'asu-hnt' ? ASU_2022 : fixtureOrganer(id));

/** A document as its stream folds, attached to `tilknytning`. */
const dokument = (dokumentId: string, tilknytning: Dokument['tilknytning']): Dokument => ({
  dokumentId,
  tittel: `Dokument ${dokumentId}`,
  tilknytningsrolle: 'hoveddokument',
  tilknytning,
  status: 'registrert',
  registrert: '2017-11-24',
  registrertAv: ASU_SEKRETAER,
  versjoner: [{ versjonsnummer: 1, format: 'txt', mimeType: 'text/plain', filnavn: `${dokumentId}.txt`, filstoerrelse: 10, sjekksumAlgoritme: 'SHA-256', sjekksum: 'a'.repeat(64), lagringsId: `l-${dokumentId}`, gjelderFra: '2017-11-24', utfoertAv: ASU_SEKRETAER }],
});
/** The documents the steps below name: the sak's own, another sak's (exempt, of another body), a meeting item's, another party's answer. */
const DOKUMENTER: readonly Dokument[] = [
  dokument('dok-utkast', { type: 'sak', sakId: SAK_ID }),
  dokument('dok-steinkjer', { type: 'hoeringssvar', sakId: SAK_ID, hoeringId: 'h-2017', partId: 'steinkjer-kommune' }),
  dokument('dok-innspill', { type: 'sak', sakId: SAK_ID }),
  { ...dokument('dok-annen-sak', { type: 'sak', sakId: 'en-annen-sak' }), skjermingshjemmel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' },
  dokument('dok-moete', { type: 'moetepunkt', moeteId: 'moete-psu-2019-02-15', punktId: 'p1' }),
];
const dokumenter = (id: string) => DOKUMENTER.find((d) => d.dokumentId === id);
const ctx = (aktoer: Aktoer, ekstra: Partial<DecisionContext> = {}): DecisionContext => ({ now: NAA, aktoer, organer, parter, dokumenter, ...ekstra });

function historikk(...steg: [SakCommand, Aktoer][]): SakEvent[] {
  const events: SakEvent[] = [];
  let state: SakState = null;
  for (const [c, a] of steg) {
    const nye = sakDecider.decide(c, state, ctx(a));
    events.push(...nye);
    state = nye.reduce(sakDecider.evolve, state);
  }
  return events;
}

const HOERING: SakCommand = {
  type: 'SendPaaHoering',
  data: { hoeringId: 'h-2017', hoeringsutkast: 'Utkast til handlingsplan for samhandling 2018–2021', mottakere: ['steinkjer-kommune', 'verdal-kommune', 'hnt'], hoeringsfrist: '2018-01-15', dokumentId: 'dok-utkast', gjelderFra: '2017-11-24' },
};
const FOER_HOERING = () => historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER], [MOTTA, ASU_SEKRETAER]);
const ETTER_HOERING = () => [...FOER_HOERING(), ...historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER], [MOTTA, ASU_SEKRETAER], [HOERING, ASU_SEKRETAER]).slice(3)];
const svar = (partId: string, gjelderFra = '2018-01-10', ekstra: Record<string, unknown> = {}): SakCommand => ({ type: 'RegistrerHoeringssvar', data: { hoeringId: 'h-2017', partId, gjelderFra, ...ekstra } as never });

describe('the register of outside parties', () => {
  it('registers a party, renames it with the date, ends it when merged — each a fact the operator or the sekretariat records', () => {
    const { state } = given(korrespondansepartDecider, [])
      .when(reg('hod', 'Helse- og omsorgsdepartementet', 'departement'), ctx(SEKRETARIAT))
      .then([
        {
          type: 'KorrespondansepartRegistrert',
          data: { partId: 'hod', navn: 'Helse- og omsorgsdepartementet', parttype: 'departement', gjelderFra: '2010-01-01', utfoertAv: SEKRETARIAT },
        },
      ]);
    expect(state?.navn).toBe('Helse- og omsorgsdepartementet');
    const fm = parter('fylkesmannen')!;
    expect(partnavnPaaDato(fm, '2019-02-15')).toBe('Fylkesmannen i Nord-Trøndelag');
    expect(partnavnPaaDato(fm, '2022-03-31')).toBe('Statsforvalteren i Trøndelag');
    const leksvik = parter('leksvik-kommune')!;
    expect(partAktivPaaDato(leksvik, '2017-12-31')).toBe(true);
    expect(partAktivPaaDato(leksvik, '2018-01-01')).toBe(false);
    expect(leksvik.erstattetAv).toBe('indre-fosen-kommune');
  });

  it('refuses a second registration, an unknown party, a change after the end, a date before the registration, and bad input', () => {
    const hod = fold(korrespondansepartDecider, [
      { type: 'KorrespondansepartRegistrert', data: { partId: 'hod', navn: 'HOD', parttype: 'departement', gjelderFra: '2010-01-01', utfoertAv: DRIFT } },
    ] as KorrespondansepartEvent[]);
    const events = [{ type: 'KorrespondansepartRegistrert', data: { partId: 'hod', navn: 'HOD', parttype: 'departement', gjelderFra: '2010-01-01', utfoertAv: DRIFT } }] as KorrespondansepartEvent[];
    expect(hod?.partId).toBe('hod');
    given(korrespondansepartDecider, events).when(reg('hod', 'HOD', 'departement'), ctx(DRIFT)).thenThrows(ConflictError, 'part_finnes_allerede');
    given(korrespondansepartDecider, []).when({ type: 'OmdoepKorrespondansepart', data: { partId: 'hod', navn: 'X' } }, ctx(DRIFT)).thenThrows(NotFoundError, 'part_ikke_funnet');
    const avsluttet = [...events, { type: 'KorrespondansepartAvsluttet', data: { partId: 'hod', gjelderFra: '2020-01-01', utfoertAv: DRIFT } }] as KorrespondansepartEvent[];
    given(korrespondansepartDecider, avsluttet).when({ type: 'OmdoepKorrespondansepart', data: { partId: 'hod', navn: 'X' } }, ctx(DRIFT)).thenThrows(StepRefusedError, 'part_avsluttet');
    given(korrespondansepartDecider, events).when({ type: 'OmdoepKorrespondansepart', data: { partId: 'hod', navn: 'X', gjelderFra: '2009-01-01' } }, ctx(DRIFT)).thenThrows(InvalidCommandError, 'foer_parten_ble_registrert');
    const feil = given(korrespondansepartDecider, []).when({ type: 'RegistrerKorrespondansepart', data: { partId: 'hod', navn: 'HOD', parttype: 'ministerium' as never } }, ctx(DRIFT)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    expect(feil.field).toBe('parttype');
    expect(given(korrespondansepartDecider, []).when({ type: 'RegistrerKorrespondansepart', data: { partId: 'HOD!', navn: 'HOD', parttype: 'departement' } }, ctx(DRIFT)).thenThrows(InvalidCommandError, 'ugyldig_part_id').field).toBe('partId');
    given(korrespondansepartDecider, []).when({ type: 'RegistrerKorrespondansepart', data: { partId: 'hod', navn: 'HOD', parttype: 'departement', organisasjonsnummer: '12' } }, ctx(DRIFT)).thenThrows(InvalidCommandError, 'ugyldig_organisasjonsnummer');
  });

  it('is kept by the sekretariat: another body, or a role without the right, is refused', () => {
    given(korrespondansepartDecider, []).when(reg('hod', 'HOD', 'departement'), ctx(ASU_SEKRETAER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(korrespondansepartDecider, []).when(reg('hod', 'HOD', 'departement'), ctx({ ...SEKRETARIAT, rolle: 'medlem' })).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });

  it('property: the name on a date is the latest rename on or before it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[A-Za-zÆØÅæøå ]+$/.test(s) && s.trim() === s)), { maxLength: 6 }), fc.integer({ min: 0, max: 3500 }), (endringer, dagNr) => {
        const dag = (n: number) => new Date(Date.UTC(2010, 0, 1 + n)).toISOString().slice(0, 10);
        const sortert = [...endringer].sort((a, b) => a[0] - b[0]);
        const cmds: KorrespondansepartCommand[] = [reg('p', 'Første', 'kommune'), ...sortert.map(([n, navn]): KorrespondansepartCommand => ({ type: 'OmdoepKorrespondansepart', data: { partId: 'p', navn, gjelderFra: dag(n) } }))];
        const p = register(cmds);
        let forventet = 'Første';
        for (const h of p.navnehistorikk) if (h.fra <= dag(dagNr)) forventet = h.verdi;
        expect(partnavnPaaDato(p, dag(dagNr))).toBe(forventet);
        expect(p.navnehistorikk.length).toBeLessThanOrEqual(1 + endringer.length);
      }),
    );
  });
});

describe('a sak from an outside party (a national hearing)', () => {
  const fraHod: SakCommand = { type: 'RegistrerSak', data: { ...(REGISTRER.data as object), innmeldtFra: 'hod' } as never };
  it('is registered by our body acting, with the party as its origin and its name on the day', () => {
    const [e] = sakDecider.decide(fraHod, null, ctx(PSU_SEKRETAER));
    expect(e!.data).toMatchObject({ innmeldtAv: 'psu-hnt', innmeldtFra: 'hod', innmeldtFraNavn: 'Helse- og omsorgsdepartementet' });
  });
  it('refuses an unregistered party, and one that did not exist on the date', () => {
    given(sakDecider, []).when({ type: 'RegistrerSak', data: { ...(REGISTRER.data as object), innmeldtFra: 'ukjent' } as never }, ctx(PSU_SEKRETAER)).thenThrows(NotFoundError, 'part_ikke_funnet');
    given(sakDecider, []).when({ type: 'RegistrerSak', data: { ...(REGISTRER.data as object), innmeldtFra: 'leksvik-kommune', gjelderFra: '2019-01-01' } as never }, ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'part_ikke_aktiv');
  });
});

describe('SendPaaHoering: the draft action plan to the municipalities and HNT (seed 002)', () => {
  it('records the parties by id and by their names on the day', () => {
    const { events } = given(sakDecider, FOER_HOERING()).when(HOERING, ctx(ASU_SEKRETAER)).then([
      {
        type: 'SendtPaaHoering',
        data: {
          sakId: SAK_ID,
          hoeringId: 'h-2017',
          organId: 'asu-hnt',
          hoeringsutkast: 'Utkast til handlingsplan for samhandling 2018–2021',
          hoeringsinstanser: ['Steinkjer kommune', 'Verdal kommune', 'Helse Nord-Trøndelag HF'],
          mottakere: ['steinkjer-kommune', 'verdal-kommune', 'hnt'],
          hoeringsfrist: '2018-01-15',
          dokumentId: 'dok-utkast',
          gjelderFra: '2017-11-24',
          utfoertAv: ASU_SEKRETAER,
        },
      },
    ]);
    expect(events).toHaveLength(1);
  });
  it('refuses an unregistered party, a party ended before the day (Leksvik in 2018), a frist not after the day, an observer, a second hearing with the same id', () => {
    const med = (data: Record<string, unknown>): SakCommand => ({ type: 'SendPaaHoering', data: { ...(HOERING.data as object), ...data } as never });
    given(sakDecider, FOER_HOERING()).when(med({ mottakere: ['steinkjer-kommune', 'ukjent'] }), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'part_ikke_funnet');
    const e = given(sakDecider, FOER_HOERING()).when(med({ mottakere: ['leksvik-kommune'], gjelderFra: '2018-01-02', hoeringsfrist: '2018-03-01' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'part_ikke_aktiv');
    expect(e.message).toMatch(/Leksvik kommune.*avsluttet 2018-01-01/);
    given(sakDecider, FOER_HOERING()).when(med({ hoeringsfrist: '2017-11-01' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
    given(sakDecider, FOER_HOERING()).when(HOERING, ctx({ ...PSU_OBSERVATOER })).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(sakDecider, ETTER_HOERING()).when(HOERING, ctx(ASU_SEKRETAER)).thenThrows(ConflictError, 'hoering_finnes_allerede');
  });
  it('keeps hearings recorded with free-text recipients readable (they fold; no answers can be recorded against them)', () => {
    const gammel = { type: 'SendtPaaHoering', data: { sakId: SAK_ID, hoeringId: 'h-gammel', organId: 'asu-hnt', hoeringsutkast: 'Utkast', hoeringsinstanser: ['Kommunene i Nord-Trøndelag'], hoeringsfrist: '2018-01-15', gjelderFra: '2017-11-24', utfoertAv: ASU_SEKRETAER } } as SakEvent;
    const events = [...FOER_HOERING(), gammel];
    const sak = fold(sakDecider, events)!;
    expect(hoeringer(sak)).toEqual([expect.objectContaining({ hoeringId: 'h-gammel', hoeringsinstanser: ['Kommunene i Nord-Trøndelag'], svar: [] })]);
    expect(hoeringer(sak)[0]!.mottakere).toBeUndefined();
    given(sakDecider, events).when({ type: 'RegistrerHoeringssvar', data: { hoeringId: 'h-gammel', partId: 'steinkjer-kommune', gjelderFra: '2018-01-10' } }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'hoering_uten_parter');
  });
});

describe('RegistrerHoeringssvar: each answer against its party', () => {
  it('records the answer with its document; after the frist it is marked late; the overview shows who has answered', () => {
    const { state } = given(sakDecider, ETTER_HOERING()).when(svar('steinkjer-kommune', '2018-01-10', { sammendrag: 'Støtter utkastet.', dokumentId: 'dok-steinkjer' }), ctx(ASU_SEKRETAER)).then([
      {
        type: 'HoeringssvarRegistrert',
        data: { sakId: SAK_ID, hoeringId: 'h-2017', partId: 'steinkjer-kommune', partnavn: 'Steinkjer kommune', sammendrag: 'Støtter utkastet.', dokumentId: 'dok-steinkjer', etterFrist: false, gjelderFra: '2018-01-10', utfoertAv: ASU_SEKRETAER },
      },
    ]);
    expect(hoeringer(state!)[0]!.svar).toEqual(['steinkjer-kommune']);
    const [sent] = sakDecider.decide(svar('hnt', '2018-01-20'), state, ctx(ASU_SEKRETAER));
    expect(sent!.data).toMatchObject({ partId: 'hnt', etterFrist: true });
  });
  it('refuses an unknown hearing, a second answer from the same party, a party not asked, an answer before the hearing, another body, a sak not on hearing', () => {
    given(sakDecider, ETTER_HOERING()).when({ type: 'RegistrerHoeringssvar', data: { hoeringId: 'ukjent', partId: 'hnt' } }, ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'hoering_ikke_funnet');
    const etterSvar = [...ETTER_HOERING(), ...sakDecider.decide(svar('hnt'), fold(sakDecider, ETTER_HOERING()), ctx(ASU_SEKRETAER))];
    given(sakDecider, etterSvar).when(svar('hnt'), ctx(ASU_SEKRETAER)).thenThrows(ConflictError, 'hoeringssvar_finnes_allerede');
    const ikke = given(sakDecider, ETTER_HOERING()).when(svar('hod'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ikke_hoeringsinstans');
    expect(ikke.message).toMatch(/Helse- og omsorgsdepartementet er ikke blant høringsinstansene \(Steinkjer kommune, Verdal kommune, Helse Nord-Trøndelag HF\)/);
    given(sakDecider, ETTER_HOERING()).when(svar('hnt', '2017-11-01'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'svar_foer_hoeringen');
    given(sakDecider, ETTER_HOERING()).when(svar('hnt'), ctx(PSU_SEKRETAER)).thenThrows(StepRefusedError, 'ikke_hoeringens_avsender');
    given(sakDecider, FOER_HOERING()).when(svar('hnt'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'ingen_hoering');
  });
});

describe('a step that names a document: it must exist and belong to the same sak (and a hearing answer to that answer)', () => {
  const feltOgKode = (e: { code: string; errors?: readonly { field: string }[] }) => [e.code, e.errors?.map((x) => x.field)];
  it('a hearing sent with a document of another sak (exempt, of another body), a meeting item or none at all is refused naming dokumentId, without telling what the document is', () => {
    const med = (dokumentId: string): SakCommand => ({ type: 'SendPaaHoering', data: { ...(HOERING.data as object), dokumentId } as never });
    const annen = given(sakDecider, FOER_HOERING()).when(med('dok-annen-sak'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_i_saken');
    expect(feltOgKode(annen)).toEqual(['dokument_ikke_i_saken', ['dokumentId']]);
    expect(annen.message).toMatch(/hører ikke til denne saken/);
    expect(annen.message).not.toMatch(/en-annen-sak|Dokument dok-annen-sak|offl/);
    given(sakDecider, FOER_HOERING()).when(med('dok-moete'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_i_saken');
    const ukjent = given(sakDecider, FOER_HOERING()).when(med('dok-finnes-ikke'), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_funnet');
    expect(feltOgKode(ukjent)).toEqual(['dokument_ikke_funnet', ['dokumentId']]);
    expect(ukjent.message).toMatch(/Dokumentet dok-finnes-ikke finnes ikke/);
    // Without the documents loaded (a caller that did not load them), nothing is taken on trust.
    given(sakDecider, FOER_HOERING()).when(HOERING, ctx(ASU_SEKRETAER, { dokumenter: undefined })).thenThrows(StepRefusedError, 'dokument_ikke_funnet');
  });
  it('a hearing answer may carry the sak\'s document or its own answer\'s, not another party\'s answer nor another sak\'s document', () => {
    given(sakDecider, ETTER_HOERING()).when(svar('hnt', '2018-01-10', { dokumentId: 'dok-utkast' }), ctx(ASU_SEKRETAER)).then([expect.objectContaining({ type: 'HoeringssvarRegistrert' }) as never]);
    const feil = given(sakDecider, ETTER_HOERING()).when(svar('hnt', '2018-01-10', { dokumentId: 'dok-steinkjer' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_i_saken');
    expect(feil.message).toMatch(/svaret fra en annen part eller på en annen høring/);
    given(sakDecider, ETTER_HOERING()).when(svar('hnt', '2018-01-10', { dokumentId: 'dok-annen-sak' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_i_saken');
    given(sakDecider, ETTER_HOERING()).when(svar('hnt', '2018-01-10', { dokumentId: 'dok-ukjent' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_funnet');
  });
  it('a letter with another sak\'s document is refused; a step without a document needs none', () => {
    const brev = { brevId: 'b1', mottaker: 'hod', tittel: 'Brev', signatarer: [{ personId: 'bjorn-stale-aalberg', organId: 'asu-hnt', rolle: 'leder' }], gjelderFra: '2022-03-31' };
    given(sakDecider, FOER_HOERING()).when({ type: 'SendBrev', data: { ...brev, dokumentId: 'dok-annen-sak' } as never }, ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'dokument_ikke_i_saken');
    given(sakDecider, FOER_HOERING()).when({ type: 'SendBrev', data: brev as never }, ctx(ASU_SEKRETAER, { dokumenter: undefined })).then([expect.objectContaining({ type: 'BrevSendt' }) as never]);
  });
  it('the step names its documents for the command path to load', () => {
    expect(sakDecider.referencedDokumentIds!(HOERING, fold(sakDecider, FOER_HOERING()))).toEqual(['dok-utkast']);
    expect(sakDecider.referencedDokumentIds!(svar('hnt'), fold(sakDecider, ETTER_HOERING()))).toEqual([]);
  });
});

describe('SendBrev: the input to the national plan to the ministry, signed by both leaders (seed 001)', () => {
  const BREV: SakCommand = {
    type: 'SendBrev',
    data: {
      brevId: 'brev-nhsp',
      mottaker: 'hod',
      tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      dokumentId: 'dok-innspill',
      signatarer: [
        { personId: 'hege-nordheim-viken', organId: 'psu-hnt', rolle: 'leder' },
        { personId: 'bjorn-stale-aalberg', organId: 'asu-hnt', rolle: 'leder' },
      ],
      gjelderFra: '2022-03-31',
    },
  };
  const med = (data: Record<string, unknown>): SakCommand => ({ type: 'SendBrev', data: { ...(BREV.data as object), ...data } as never });
  it('records the letter with its recipient, document and signatories (names and bodies on the day), and leaves the phase as it was', () => {
    const foer = fold(sakDecider, FOER_HOERING())!;
    const { state } = given(sakDecider, FOER_HOERING()).when(BREV, ctx(ASU_SEKRETAER)).then([
      {
        type: 'BrevSendt',
        data: {
          sakId: SAK_ID,
          brevId: 'brev-nhsp',
          organId: 'asu-hnt',
          mottaker: 'hod',
          mottakernavn: 'Helse- og omsorgsdepartementet',
          tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
          dokumentId: 'dok-innspill',
          signatarer: [
            { personId: 'hege-nordheim-viken', navn: 'Hege Nordheim-Viken', organId: 'psu-hnt', organnavn: PSU_2022.navn, rolle: 'leder' },
            { personId: 'bjorn-stale-aalberg', navn: 'Bjørn Ståle Aalberg', organId: 'asu-hnt', organnavn: ASU_2022.navn, rolle: 'leder' },
          ],
          gjelderFra: '2022-03-31',
          utfoertAv: ASU_SEKRETAER,
        },
      },
    ]);
    expect(state?.fase).toBe(foer.fase);
  });
  it('refuses an unknown recipient, an unknown body of a signatory, a signatory not leader then, a role that does not sign, bad signatories, a repeated id, an observer', () => {
    given(sakDecider, FOER_HOERING()).when(med({ mottaker: 'ukjent' }), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'part_ikke_funnet');
    given(sakDecider, FOER_HOERING()).when(med({ signatarer: [{ personId: 'x', organId: 'ukjent-organ', rolle: 'leder' }] }), ctx(ASU_SEKRETAER)).thenThrows(NotFoundError, 'organ_ikke_funnet');
    const ikke = given(sakDecider, FOER_HOERING()).when(med({ gjelderFra: '2019-01-01' }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'signatar_ikke_medlem');
    expect(ikke.message).toMatch(/hege-nordheim-viken var ikke leder/);
    given(sakDecider, FOER_HOERING()).when(med({ signatarer: [{ personId: 'tore-sandvik', organId: 'psu-hnt', rolle: 'observatoer' }] }), ctx(ASU_SEKRETAER)).thenThrows(StepRefusedError, 'signatar_rolle_ikke_tillatt');
    const feil = given(sakDecider, FOER_HOERING()).when(med({ signatarer: [{ personId: 'x', organId: 'psu-hnt' }] }), ctx(ASU_SEKRETAER)).thenThrows(InvalidCommandError, 'ugyldig_verdi');
    expect(feil.field).toBe('signatarer');
    const etter = [...FOER_HOERING(), ...sakDecider.decide(BREV, fold(sakDecider, FOER_HOERING()), ctx(ASU_SEKRETAER))];
    given(sakDecider, etter).when(BREV, ctx(ASU_SEKRETAER)).thenThrows(ConflictError, 'brev_finnes_allerede');
    given(sakDecider, FOER_HOERING()).when(BREV, ctx(PSU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });
});
