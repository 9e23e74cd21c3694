/**
 * The whole role × step matrix: every role (leder, nestleder, medlem, vara, observatoer, sekretaer) ×
 * every step of the sak workflow (generated from SAK_ARBEIDSFLYT), the two skjerming steps and the six
 * organisation steps — allowed or refused, each refusal with its reason. The cells are generated from
 * the declaration, but asserted against the explicit table below, so a rule change fails here.
 *
 * Decided as the command path decides for a token-verified actor (`kontrollerMedlemskap: true`): the
 * actor acts for a body that meets the step's body rule and is a member in the role on the effective date.
 */
import { describe, expect, it } from '@jest/globals';
import {
  type Aktoer,
  ActorNotAllowedError,
  type DecisionContext,
  type DomainError,
  korrespondansepartDecider,
  type Organ,
  ORGAN_STEG,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  type Rolle,
  ROLLER,
  SAK_STEG,
  type SakCommand,
  sakDecider,
  type SakState,
  type SakStegType,
} from '@saksgang/domain';

const NAA = new Date('2024-06-01T10:00:00.000Z');
const LEDELSE: readonly Rolle[] = ['leder', 'nestleder', 'sekretaer'];
const LEDELSE_OG_MEDLEM: readonly Rolle[] = ['leder', 'nestleder', 'medlem', 'sekretaer'];

/** THE EXPECTATION TABLE: who may take each step (written out by hand; the declaration must agree). */
const FORVENTET: Readonly<Record<string, readonly Rolle[]>> = {
  RegistrerSak: LEDELSE,
  TildelNivaa: LEDELSE_OG_MEDLEM,
  BestillUtredning: LEDELSE,
  MottaBestilling: LEDELSE,
  DelegerOppdrag: LEDELSE,
  AksepterOppdrag: LEDELSE,
  BeOmUtsattFrist: LEDELSE,
  InnvilgUtsattFrist: LEDELSE,
  AvslaaUtsattFrist: LEDELSE,
  LeverOppdrag: LEDELSE,
  GodtaLeveranse: LEDELSE,
  ReturnerLeveranse: LEDELSE,
  AvgiInnstilling: LEDELSE,
  SettPaaSaksliste: LEDELSE,
  FattVedtak: LEDELSE,
  SendTilOppfoelging: LEDELSE,
  RapporterOppfoelging: LEDELSE_OG_MEDLEM,
  MeldOppfoelgingFullfoert: LEDELSE,
  AvsluttSak: LEDELSE,
  TrekkSak: LEDELSE,
  GjenaapneSak: LEDELSE,
  KorrigerOpplysning: LEDELSE,
  SendPaaHoering: LEDELSE,
  RegistrerHoeringssvar: LEDELSE,
  SendBrev: LEDELSE,
  // Exemption from public access: the sekretariat.
  MarkerSkjerming: LEDELSE,
  OpphevSkjerming: LEDELSE,
  // The organisation data: the sekretariat.
  OpprettOrgan: LEDELSE,
  OmdoepOrgan: LEDELSE,
  EndreMandat: LEDELSE,
  LeggNedOrgan: LEDELSE,
  OppnevnMedlem: LEDELSE,
  AvsluttMedlemsperiode: LEDELSE,
};

// ---------- the organisation: every role in every body, from 2010 ----------

const ORGANER: readonly [string, string, string][] = [
  ['psu', 'psu', 'PSU'],
  ['asu', 'asu', 'ASU'],
  ['au', 'arbeidsutvalg', 'Arbeidsutvalget'],
  ['fagraad', 'fagraad', 'Fagrådet'],
  ['sekr', 'sekretariat', 'Sekretariatet'],
];

function lagOrgan(organId: string, organtype: string, navn: string): Organ {
  const cmds: OrganCommand[] = [
    { type: 'OpprettOrgan', data: { organId, navn, organtype: organtype as never, mandat: 'm', gjelderFra: '2010-01-01' } },
    ...ROLLER.map(
      (rolle): OrganCommand => ({ type: 'OppnevnMedlem', data: { organId, periodeId: `${organId}-${rolle}`, personId: `${organId}-${rolle}`, navn: `${organId} ${rolle}`, rolle, fra: '2010-01-01' } }),
    ),
    // A leder whose period ended before the steps take effect, and one who starts after.
    { type: 'OppnevnMedlem', data: { organId, periodeId: `${organId}-tidligere`, personId: `${organId}-tidligere-leder`, navn: 'Tidligere leder', rolle: 'leder', fra: '2010-01-01', til: '2015-12-31' } },
    { type: 'OppnevnMedlem', data: { organId, periodeId: `${organId}-neste`, personId: `${organId}-neste-leder`, navn: 'Neste leder', rolle: 'leder', fra: '2030-01-01' } },
  ];
  let state = organDecider.initialState;
  const events: OrganEvent[] = [];
  for (const c of cmds) {
    const nye = organDecider.decide(c, state, { now: NAA, aktoer: { personId: 'oppsett', organId: 'sekr', rolle: 'sekretaer' }, organer: () => undefined });
    events.push(...nye);
    state = nye.reduce(organDecider.evolve, state);
  }
  return state!;
}
const ORGAN = new Map(ORGANER.map(([id, type, navn]) => [id, lagOrgan(id, type, navn)]));
const organer = (id: string) => ORGAN.get(id);
/** One outside party, registered in 2010 (for the hearing and the letter). */
const PART = korrespondansepartDecider
  .decide({ type: 'RegistrerKorrespondansepart', data: { partId: 'steinkjer', navn: 'Steinkjer kommune', parttype: 'kommune', gjelderFra: '2010-01-01' } }, null, { now: NAA, aktoer: { personId: 'oppsett', organId: 'drift', rolle: 'drift' }, organer: () => undefined })
  .reduce(korrespondansepartDecider.evolve, korrespondansepartDecider.initialState);
const parter = (id: string) => (id === 'steinkjer' ? PART : undefined);

const SEKR: Aktoer = { personId: 'sekr-sekretaer', organId: 'sekr', rolle: 'sekretaer' };
/** The decision an appointment in the matrix refers to (ASU's, before the period starts). */
const VEDTAK_OM_OPPNEVNING = { organId: 'asu', vedtak: 'ASU-sak 1/24', dato: '2023-12-01' } as const;
const aktoer = (organId: string, rolle: string, personId = `${organId}-${rolle}`): Aktoer => ({ personId, organId, rolle });

/** Runs steps as trusted set-up (no membership check), returning the state. */
function historie(...steg: [SakCommand, Aktoer][]): SakState {
  let state: SakState = null;
  for (const [c, a] of steg) state = sakDecider.decide(c, state, { now: NAA, aktoer: a, organer, parter }).reduce(sakDecider.evolve, state);
  return state;
}

const SAK = 'sak-matrise';
const REG: [SakCommand, Aktoer] = [{ type: 'RegistrerSak', data: { sakId: SAK, tittel: 'T', innmeldtAv: 'psu', sakstype: 'beslutningssak', gjelderFra: '2024-01-10' } }, aktoer('psu', 'sekretaer')];
const BESTILL: [SakCommand, Aktoer] = [{ type: 'BestillUtredning', data: { tilOrganId: 'asu', mandat: 'm', frist: '2025-01-01', gjelderFra: '2024-01-11' } }, aktoer('psu', 'leder')];
const MOTTA: [SakCommand, Aktoer] = [{ type: 'MottaBestilling', data: { gjelderFra: '2024-01-12' } }, aktoer('asu', 'sekretaer')];
const DELEGER: [SakCommand, Aktoer] = [{ type: 'DelegerOppdrag', data: { oppdragId: 'o1', tilOrganId: 'fagraad', mandat: 'm', frist: '2024-09-01', gjelderFra: '2024-01-13' } }, aktoer('asu', 'sekretaer')];
const BE_OM: [SakCommand, Aktoer] = [{ type: 'BeOmUtsattFrist', data: { oppdragId: 'o1', nyFrist: '2024-10-01', begrunnelse: 'b', gjelderFra: '2024-01-14' } }, aktoer('fagraad', 'leder')];
const AKSEPTER: [SakCommand, Aktoer] = [{ type: 'AksepterOppdrag', data: { oppdragId: 'o1', gjelderFra: '2024-01-14' } }, aktoer('fagraad', 'leder')];
const LEVER: [SakCommand, Aktoer] = [{ type: 'LeverOppdrag', data: { oppdragId: 'o1', leveranse: 'l', gjelderFra: '2024-01-15' } }, aktoer('fagraad', 'leder')];
const GODTA: [SakCommand, Aktoer] = [{ type: 'GodtaLeveranse', data: { oppdragId: 'o1', gjelderFra: '2024-01-16' } }, aktoer('asu', 'sekretaer')];
const INNSTILL: [SakCommand, Aktoer] = [{ type: 'AvgiInnstilling', data: { forslagTilVedtak: 'f', gjelderFra: '2024-01-17' } }, aktoer('asu', 'sekretaer')];
const SAKSLISTE: [SakCommand, Aktoer] = [
  { type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p1', moetedato: '2024-02-01', organer: [{ organId: 'psu', moetesaksaar: 2024, moetesakssekvensnummer: 1 }], gjelderFra: '2024-01-18' } },
  aktoer('psu', 'sekretaer'),
];
const VEDTAK: [SakCommand, Aktoer] = [{ type: 'FattVedtak', data: { sakslistepunktId: 'p1', vedtaksutfall: 'vedtatt', vedtakstekst: 'v' } }, aktoer('psu', 'sekretaer')];
const OPPFOELG: [SakCommand, Aktoer] = [{ type: 'SendTilOppfoelging', data: { oppfoelgingId: 'f1', tilOrganId: 'asu', beskrivelse: 'b', frist: '2024-12-01', gjelderFra: '2024-02-02' } }, aktoer('psu', 'sekretaer')];
const AVSLUTT: [SakCommand, Aktoer] = [{ type: 'AvsluttSak', data: { gjelderFra: '2024-02-03' } }, aktoer('psu', 'sekretaer')];

const MARKER: SakCommand = { type: 'MarkerSkjerming', data: { skjermingId: 's1', hendelsesnummer: 0, felt: ['tittel'], skjermingshjemmel: 'offl. § 13', offentligTittel: 'Offentlig' } };

/** For each sak step: the state before it, the command, and the body that meets its body rule. */
const OPPSETT: Readonly<Record<SakStegType, () => { state: SakState; command: SakCommand; organId: string }>> = {
  RegistrerSak: () => ({ state: null, command: REG[0], organId: 'psu' }),
  TildelNivaa: () => ({ state: historie(REG), command: { type: 'TildelNivaa', data: { organId: 'asu', gjelderFra: '2024-01-11' } }, organId: 'au' }),
  BestillUtredning: () => ({ state: historie(REG), command: BESTILL[0], organId: 'psu' }),
  MottaBestilling: () => ({ state: historie(REG, BESTILL), command: MOTTA[0], organId: 'asu' }),
  DelegerOppdrag: () => ({ state: historie(REG, BESTILL, MOTTA), command: DELEGER[0], organId: 'asu' }),
  AksepterOppdrag: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER), command: AKSEPTER[0], organId: 'fagraad' }),
  BeOmUtsattFrist: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER), command: BE_OM[0], organId: 'fagraad' }),
  InnvilgUtsattFrist: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, BE_OM), command: { type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1', gjelderFra: '2024-01-15' } }, organId: 'asu' }),
  AvslaaUtsattFrist: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, BE_OM), command: { type: 'AvslaaUtsattFrist', data: { oppdragId: 'o1', begrunnelse: 'b', gjelderFra: '2024-01-15' } }, organId: 'asu' }),
  LeverOppdrag: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER), command: LEVER[0], organId: 'fagraad' }),
  GodtaLeveranse: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER), command: GODTA[0], organId: 'asu' }),
  ReturnerLeveranse: () => ({
    state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER),
    command: { type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'b', gjelderFra: '2024-01-16' } },
    organId: 'asu',
  }),
  AvgiInnstilling: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA), command: INNSTILL[0], organId: 'asu' }),
  SettPaaSaksliste: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL), command: SAKSLISTE[0], organId: 'psu' }),
  FattVedtak: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE), command: VEDTAK[0], organId: 'psu' }),
  SendTilOppfoelging: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE, VEDTAK), command: OPPFOELG[0], organId: 'psu' }),
  RapporterOppfoelging: () => ({
    state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE, VEDTAK, OPPFOELG),
    command: { type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: 'r', gjelderFra: '2024-03-01' } },
    organId: 'asu',
  }),
  MeldOppfoelgingFullfoert: () => ({
    state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE, VEDTAK, OPPFOELG),
    command: { type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f1', gjelderFra: '2024-03-01' } },
    organId: 'asu',
  }),
  AvsluttSak: () => ({ state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE, VEDTAK), command: AVSLUTT[0], organId: 'psu' }),
  TrekkSak: () => ({ state: historie(REG), command: { type: 'TrekkSak', data: { begrunnelse: 'b', gjelderFra: '2024-01-11' } }, organId: 'psu' }),
  GjenaapneSak: () => ({
    state: historie(REG, BESTILL, MOTTA, DELEGER, AKSEPTER, LEVER, GODTA, INNSTILL, SAKSLISTE, VEDTAK, AVSLUTT),
    command: { type: 'GjenaapneSak', data: { begrunnelse: 'b', gjelderFra: '2024-03-01' } },
    organId: 'psu',
  }),
  KorrigerOpplysning: () => ({
    state: historie(REG),
    command: { type: 'KorrigerOpplysning', data: { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: 'T', nyVerdi: 'T2', begrunnelse: 'skrivefeil', gjelderFra: '2024-01-11' } },
    organId: 'psu',
  }),
  SendPaaHoering: () => ({
    state: historie(REG, BESTILL, MOTTA),
    command: { type: 'SendPaaHoering', data: { hoeringId: 'h1', hoeringsutkast: 'Utkast', mottakere: ['steinkjer'], hoeringsfrist: '2024-12-01', gjelderFra: '2024-01-20' } },
    organId: 'asu',
  }),
  RegistrerHoeringssvar: () => ({
    state: historie(REG, BESTILL, MOTTA, [{ type: 'SendPaaHoering', data: { hoeringId: 'h1', hoeringsutkast: 'Utkast', mottakere: ['steinkjer'], hoeringsfrist: '2024-12-01', gjelderFra: '2024-01-20' } }, aktoer('asu', 'sekretaer')]),
    command: { type: 'RegistrerHoeringssvar', data: { hoeringId: 'h1', partId: 'steinkjer', gjelderFra: '2024-02-01' } },
    organId: 'asu',
  }),
  SendBrev: () => ({
    state: historie(REG, BESTILL, MOTTA),
    command: { type: 'SendBrev', data: { brevId: 'b1', mottaker: 'steinkjer', tittel: 'Brev', signatarer: [{ personId: 'asu-leder', organId: 'asu', rolle: 'leder' }], gjelderFra: '2024-01-20' } },
    organId: 'asu',
  }),
  MarkerSkjerming: () => ({ state: historie(REG), command: MARKER, organId: 'sekr' }),
  OpphevSkjerming: () => ({
    state: sakDecider.decide(MARKER, historie(REG), { now: NAA, aktoer: SEKR, organer }).reduce(sakDecider.evolve, historie(REG)),
    command: { type: 'OpphevSkjerming', data: { skjermingId: 's1', begrunnelse: 'b' } },
    organId: 'sekr',
  }),
};

const ctx = (a: Aktoer): DecisionContext => ({ now: NAA, aktoer: a, organer, parter, kontrollerMedlemskap: true });

function feilFra(f: () => unknown): DomainError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e as DomainError;
  }
}

function forventCelle(steg: string, rolle: Rolle, e: DomainError | undefined, antall: () => number): void {
  if (FORVENTET[steg]!.includes(rolle)) {
    expect(e).toBeUndefined();
    expect(antall()).toBe(1);
  } else {
    expect(e).toBeInstanceOf(ActorNotAllowedError);
    expect(e!.code).toBe('rolle_ikke_tillatt');
    expect(e!.message).toMatch(/kan (ikke ta steget|ikke skjerme|ikke endre)/);
  }
}

describe('the expectation table covers the declaration', () => {
  it('names every step of the workflow, the skjerming steps and the organisation steps — no more, no less', () => {
    expect(new Set(Object.keys(FORVENTET))).toEqual(new Set([...SAK_STEG, ...ORGAN_STEG]));
    // The skjerming steps are steps of the sak workflow (declared in the same engine).
    expect(SAK_STEG).toEqual(expect.arrayContaining(['MarkerSkjerming', 'OpphevSkjerming']));
    expect(SAK_STEG).toHaveLength(27);
  });
});

describe.each(SAK_STEG.map((s) => [s]))('sak step %s', (steg) => {
  it.each(ROLLER.map((r) => [r]))('role %s', (rolle) => {
    const { state, command, organId } = OPPSETT[steg]();
    let events: unknown[] = [];
    const e = feilFra(() => (events = sakDecider.decide(command, state, ctx(aktoer(organId, rolle)))));
    forventCelle(steg, rolle, e, () => events.length);
    if (!e) expect((events[0] as { data: { utfoertAv: Aktoer } }).data.utfoertAv).toEqual(aktoer(organId, rolle));
  });

  it('refused when the person is not a member of the body in that role (acting for another body)', () => {
    const { state, command, organId } = OPPSETT[steg]();
    const annen = ORGANER.map(([id]) => id).find((id) => id !== organId)!;
    const e = feilFra(() => sakDecider.decide(command, state, ctx(aktoer(organId, 'leder', `${annen}-leder`))));
    expect(e).toBeInstanceOf(ActorNotAllowedError);
    expect(e!.code).toBe('ikke_medlem');
  });

  it('refused when the membership ended before, or starts after, the date the step takes effect', () => {
    const { state, command, organId } = OPPSETT[steg]();
    for (const personId of [`${organId}-tidligere-leder`, `${organId}-neste-leder`]) {
      const e = feilFra(() => sakDecider.decide(command, state, ctx(aktoer(organId, 'leder', personId))));
      expect(e).toBeInstanceOf(ActorNotAllowedError);
      expect(e!.code).toBe('ikke_medlem_paa_dato');
      expect(e!.message).toMatch(/datoen steget gjelder fra/);
    }
  });
});

describe.each([['MarkerSkjerming'], ['OpphevSkjerming']] as const)('skjerming step %s', (steg) => {
  it('refused for any other body than the sekretariat, even its leader', () => {
    const { state, command } = OPPSETT[steg]();
    const e = feilFra(() => sakDecider.decide(command, state, ctx(aktoer('psu', 'leder'))));
    expect(e?.code).toBe('organ_ikke_tillatt');
  });
});

describe.each(ORGAN_STEG.map((s) => [s]))('organisation step %s', (steg) => {
  const oppsett = (): { state: Organ | null; command: OrganCommand } => {
    const base = lagOrgan('ny', 'fagnettverk', 'Nytt nettverk');
    switch (steg) {
      case 'OpprettOrgan':
        return { state: null, command: { type: 'OpprettOrgan', data: { organId: 'ny', navn: 'Nytt', organtype: 'fagnettverk', mandat: 'm' } } };
      case 'OmdoepOrgan':
        return { state: base, command: { type: 'OmdoepOrgan', data: { organId: 'ny', navn: 'Nytt navn' } } };
      case 'EndreMandat':
        return { state: base, command: { type: 'EndreMandat', data: { organId: 'ny', mandat: 'Nytt mandat' } } };
      case 'LeggNedOrgan':
        return { state: base, command: { type: 'LeggNedOrgan', data: { organId: 'ny' } } };
      case 'OppnevnMedlem':
        return {
          state: base,
          command: { type: 'OppnevnMedlem', data: { organId: 'ny', periodeId: 'x', personId: 'x', navn: 'X', rolle: 'medlem', fra: '2024-01-01', oppnevntAv: VEDTAK_OM_OPPNEVNING } },
        };
      case 'AvsluttMedlemsperiode':
        return { state: base, command: { type: 'AvsluttMedlemsperiode', data: { organId: 'ny', periodeId: 'ny-medlem', til: '2024-05-31' } } };
    }
  };
  it.each(ROLLER.map((r) => [r]))('role %s (in the sekretariat)', (rolle) => {
    const { state, command } = oppsett();
    let events: unknown[] = [];
    const e = feilFra(() => (events = organDecider.decide(command, state, ctx(aktoer('sekr', rolle)))));
    forventCelle(steg, rolle, e, () => events.length);
  });
  it('refused for the leader of another body', () => {
    const { state, command } = oppsett();
    expect(feilFra(() => organDecider.decide(command, state, ctx(aktoer('asu', 'leder'))))?.code).toBe('organ_ikke_tillatt');
  });
  it('refused for a sekretariat secretary whose period has ended', () => {
    const { state, command } = oppsett();
    expect(feilFra(() => organDecider.decide(command, state, ctx(aktoer('sekr', 'leder', 'sekr-tidligere-leder'))))?.code).toBe('ikke_medlem_paa_dato');
  });
});

describe('appointments: nobody grants themselves a role, and a seat with a vote names who appointed it', () => {
  const base = () => lagOrgan('ny', 'fagnettverk', 'Nytt nettverk');
  const oppnevn = (personId: string, rolle: Rolle, ekstra: Record<string, unknown> = {}): OrganCommand => ({
    type: 'OppnevnMedlem',
    data: { organId: 'ny', periodeId: `p-${personId}-${rolle}`, personId, navn: personId, rolle, fra: '2024-01-01', ...ekstra },
  });
  const DRIFT: Aktoer = { personId: 'it-drift', organId: 'drift', rolle: 'drift' };
  const trusted = (a: Aktoer): DecisionContext => ({ now: NAA, aktoer: a, organer });

  it.each(ROLLER.map((r) => [r]))('self-appointment as %s is refused for every sekretariat role, and for the operator', (rolle) => {
    for (const sekrRolle of LEDELSE) {
      const a = aktoer('sekr', sekrRolle);
      const e = feilFra(() => organDecider.decide(oppnevn(a.personId, rolle, { oppnevntAv: VEDTAK_OM_OPPNEVNING }), base(), ctx(a)));
      expect(e).toBeInstanceOf(ActorNotAllowedError);
      expect(e!.code).toBe('egen_oppnevning');
      expect(e!.message).toMatch(/kan ikke oppnevne seg selv/);
    }
    expect(feilFra(() => organDecider.decide(oppnevn(DRIFT.personId, rolle), base(), trusted(DRIFT)))?.code).toBe('egen_oppnevning');
  });

  it.each(ROLLER.map((r) => [r]))('appointing another person as %s: a role with a vote needs oppnevntAv from a verified member; the operator is recorded as drift', (rolle) => {
    const medStemme = ['leder', 'nestleder', 'medlem', 'vara'].includes(rolle);
    const uten = feilFra(() => organDecider.decide(oppnevn('ola', rolle), base(), ctx(SEKR)));
    if (medStemme) {
      expect(uten?.code).toBe('oppnevnt_av_mangler');
      expect(uten?.field).toBe('oppnevntAv');
    } else {
      expect(uten).toBeUndefined();
    }
    const [med] = organDecider.decide(oppnevn('ola', rolle, { oppnevntAv: VEDTAK_OM_OPPNEVNING }), base(), ctx(SEKR));
    expect((med!.data as { oppnevntAv?: unknown }).oppnevntAv).toEqual(VEDTAK_OM_OPPNEVNING);
    const [drift] = organDecider.decide(oppnevn('ola', rolle), base(), trusted(DRIFT));
    expect((drift!.data as { oppnevntAv?: unknown }).oppnevntAv).toEqual(medStemme ? { drift: true } : undefined);
  });

  it('only the operator may record an appointment as the operator\'s set-up', () => {
    expect(feilFra(() => organDecider.decide(oppnevn('ola', 'leder', { oppnevntAv: { drift: true } }), base(), ctx(SEKR)))?.code).toBe('oppnevning_drift_ikke_tillatt');
  });
});

describe('observers', () => {
  it('never record a decision, in any body on the agenda', () => {
    const { state, command } = OPPSETT.FattVedtak();
    const e = feilFra(() => sakDecider.decide(command, state, ctx(aktoer('psu', 'observatoer'))));
    expect(e?.code).toBe('rolle_ikke_tillatt');
    expect(e?.message).toMatch(/observatør/);
  });
});
