/**
 * The avvik workflow (issue 19) in the domain: given/when/then for every step and every refusal, on
 * the avvik seed 003 describes — a patient the hospital declares in need of a short-term stay before
 * the home municipality has examined the home and its home services — and the identity-number guard
 * as a property (valid fødselsnumre and D-numre refused, eleven digits with wrong check digits accepted).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ActorNotAllowedError,
  AVVIK_ARBEIDSFLYT,
  AVVIK_STEG,
  avvikDecider,
  type AvvikEvent,
  ConflictError,
  erFoedselsEllerDnummer,
  erForfalt,
  fold,
  harFoedselsEllerDnummer,
  InvalidCommandError,
  jsonSchemaFor,
  type FeltSett,
  NotFoundError,
  StepRefusedError,
  tillatteAvvikssteg,
} from '@saksgang/domain';
import { given } from './given.js';
import { ASU_LEDER, ctx, organer, FAGRAAD_LEDER, KLINIKKLEDER, kjoer, lagFoedselsnummer, MELD, ORKLAND_LEDER, SKAUN_LEDER, steg, STOLAV_KVALITET } from './fixtures.js';

const ORKLAND_UTFOERT = { personId: 'kari-orkland', organId: 'orkland-hjemmetjenesten', rolle: 'leder' };
const state = (events: readonly AvvikEvent[]) => fold(avvikDecider, events)!;

const meldt = kjoer([[MELD, ORKLAND_LEDER]]);
const registrert = kjoer([[steg('RegistrerAvvik', { tildeltEnhet: 'st-olavs-akutt', saksbehandler: 'Kvalitetsrådgiver, Klinikk for akutt- og mottaksmedisin', gjelderFra: '2024-05-14' }), STOLAV_KVALITET]], meldt);
const spurt = kjoer([[steg('BeOmMerInformasjon', { spoersmaal: 'Hvilken dag og hvilket klokkeslett kom meldingen om utskrivningsklar pasient?', gjelderFra: '2024-05-15' }), KLINIKKLEDER]], registrert);
const besvart = kjoer([[steg('SvarPaaAvvik', { funn: 'Vurderingen av behov for korttidsopphold ble gjort uten dialog med hjemmetjenesten.', tiltak: 'Utskrivningsrutinen endres: hjemmetjenesten kontaktes før behov for korttidsplass meldes.', gjelderFra: '2024-05-20' }), KLINIKKLEDER]], registrert);

describe('the declaration', () => {
  it('declares every step once, with a Norwegian name, a distinct event and a request schema from its fields', () => {
    expect(AVVIK_STEG).toEqual(['MeldAvvik', 'RegistrerAvvik', 'BeOmMerInformasjon', 'GiMerInformasjon', 'SvarPaaAvvik', 'LukkAvvik', 'LoeftTilFagraad', 'KnyttTilForbedringssak', 'RapporterForbedring']);
    expect(new Set(AVVIK_STEG.map((s) => AVVIK_ARBEIDSFLYT[s].hendelse)).size).toBe(AVVIK_STEG.length);
    for (const s of AVVIK_STEG) expect(AVVIK_ARBEIDSFLYT[s].tittel).toMatch(/^[A-ZÆØÅ][a-zæøå]/);
    const skjema = jsonSchemaFor(AVVIK_ARBEIDSFLYT.MeldAvvik.felter as FeltSett) as { required: string[]; properties: Record<string, { default?: unknown }> };
    expect(skjema.required).toEqual(expect.arrayContaining(['motpart', 'tjenesteavtale', 'hvaSkjedde', 'hendelsesdato', 'konsekvens', 'kategori']));
    expect(skjema.properties['svarfristDager']!.default).toBe(21);
  });
  it('allows the steps of the status, and for an actor the ones its relation to the avvik allows', () => {
    expect(tillatteAvvikssteg(null)).toEqual(['MeldAvvik']);
    expect(tillatteAvvikssteg(state(meldt), STOLAV_KVALITET, organer)).toEqual(['RegistrerAvvik', 'LoeftTilFagraad']);
    expect(tillatteAvvikssteg(state(meldt), ORKLAND_LEDER, organer)).toEqual(['LoeftTilFagraad']);
    expect(tillatteAvvikssteg(state(meldt), SKAUN_LEDER, organer)).toEqual([]);
    expect(tillatteAvvikssteg(state(besvart), ORKLAND_LEDER, organer)).toEqual(['LukkAvvik', 'LoeftTilFagraad']);
    expect(tillatteAvvikssteg(state(besvart), FAGRAAD_LEDER, organer)).toEqual(['KnyttTilForbedringssak']);
  });
  it('refuses an unknown step, an unknown field and a command for another avvik on this stream', () => {
    given(avvikDecider, meldt).when(steg('Noe', {}), ctx(STOLAV_KVALITET)).thenThrows(InvalidCommandError, 'ukjent_steg');
    expect(given(avvikDecider, meldt).when(steg('RegistrerAvvik', { hemmelig: 1 }), ctx(STOLAV_KVALITET)).thenThrows(InvalidCommandError, 'ukjent_felt').field).toBe('hemmelig');
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { avvikId: 'et-annet' }), ctx(STOLAV_KVALITET)).thenThrows(InvalidCommandError, 'feil_avvik');
  });
});

describe('Meld avvik', () => {
  it('given nothing, when Orkland’s home services report to St. Olav, then AvvikMeldt with the frist three weeks on and the standard fagråd', () => {
    given(avvikDecider, [])
      .when(MELD, ctx(ORKLAND_LEDER))
      .then([
        {
          type: 'AvvikMeldt',
          data: {
            avvikId: 'avvik-1',
            melder: 'orkland-hjemmetjenesten',
            motpart: 'st-olavs-hf',
            fagraad: 'fagraad-kvalitet',
            tjenesteavtale: 'Tjenesteavtale 5 – utskrivningsklare pasienter',
            hvaSkjedde: (MELD.data as { hvaSkjedde: string }).hvaSkjedde,
            hendelsesdato: '2024-05-10',
            konsekvens: (MELD.data as { konsekvens: string }).konsekvens,
            kategori: 'utskrivning',
            svarfrist: '2024-06-03',
            gjelderFra: '2024-05-13',
            utfoertAv: ORKLAND_UTFOERT,
          },
        },
      ]);
  });
  it('takes a frist of its own in days', () => {
    const [e] = avvikDecider.decide(steg('MeldAvvik', { ...MELD.data, svarfristDager: 14 }), null, ctx(ORKLAND_LEDER));
    expect((e!.data as { svarfrist: string }).svarfrist).toBe('2024-05-27');
  });
  it('refuses a second report on the same stream', () => {
    given(avvikDecider, meldt).when(MELD, ctx(ORKLAND_LEDER)).thenThrows(ConflictError, 'avvik_finnes_allerede');
  });
  it('refuses a missing field, naming every one', () => {
    const e = given(avvikDecider, []).when(steg('MeldAvvik', { avvikId: 'x', motpart: 'st-olavs-hf' }), ctx(ORKLAND_LEDER)).thenThrows(InvalidCommandError, 'felt_mangler');
    expect(e.errors!.map((x) => x.field)).toEqual(expect.arrayContaining(['tjenesteavtale', 'hvaSkjedde', 'hendelsesdato', 'konsekvens', 'kategori']));
  });
  it('refuses an unknown motpart (404), a motpart that is not a party, and the reporter itself', () => {
    given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, motpart: 'ukjent-hf' }), ctx(ORKLAND_LEDER)).thenThrows(NotFoundError, 'motpart_ikke_funnet');
    const e = given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, motpart: 'asu-hnt' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'motpart_ikke_part');
    expect(e.message).toContain('ASU');
    given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, motpart: 'orkland-hjemmetjenesten' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'motpart_er_melder');
  });
  it('refuses a fagråd that does not exist or is not a fagråd', () => {
    given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, fagraad: 'fagraad-99' }), ctx(ORKLAND_LEDER)).thenThrows(NotFoundError, 'fagraad_ikke_funnet');
    given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, fagraad: 'asu-hnt' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'ikke_et_fagraad');
  });
  it('refuses an event date after the report and a report dated in the future', () => {
    given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, hendelsesdato: '2024-05-20' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'hendelse_etter_meldingen');
    expect(given(avvikDecider, []).when(steg('MeldAvvik', { ...MELD.data, gjelderFra: '2025-01-01' }), ctx(ORKLAND_LEDER)).thenThrows(InvalidCommandError, 'gjelder_fra_i_fremtiden').field).toBe('gjelderFra');
  });
  it('is reported only by a municipality or the hospital trust (a fagråd may not), in a role that acts', () => {
    const e = given(avvikDecider, []).when(MELD, ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(e.message).toContain('en kommune');
    given(avvikDecider, []).when(MELD, ctx({ ...ORKLAND_LEDER, rolle: 'observatoer' })).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });
  it('with a verified actor, requires the membership on the date', () => {
    given(avvikDecider, []).when(MELD, ctx({ ...ORKLAND_LEDER, personId: 'en-annen' }, { kontrollerMedlemskap: true })).thenThrows(ActorNotAllowedError, 'ikke_medlem');
  });
});

describe('Registrer og tildel avvik', () => {
  it('given a reported avvik, when the trust assigns it to its clinic, then AvvikRegistrert, and the clinic may now act', () => {
    const { state: s } = given(avvikDecider, meldt)
      .when(steg('RegistrerAvvik', { tildeltEnhet: 'st-olavs-akutt', gjelderFra: '2024-05-14' }), ctx(STOLAV_KVALITET))
      .then([{ type: 'AvvikRegistrert', data: { avvikId: 'avvik-1', tildeltEnhet: 'st-olavs-akutt', svarfrist: '2024-06-03', gjelderFra: '2024-05-14', utfoertAv: { personId: 'kvalitet-stolav', organId: 'st-olavs-hf', rolle: 'medlem' } } }]);
    expect(s!.status).toBe('under_behandling');
    expect(tillatteAvvikssteg(s, KLINIKKLEDER, organer)).toEqual(expect.arrayContaining(['SvarPaaAvvik', 'BeOmMerInformasjon']));
  });
  it('without a unit, the receiving party itself handles it; a frist of its own replaces the reported one', () => {
    const [e] = avvikDecider.decide(steg('RegistrerAvvik', { svarfrist: '2024-06-20', gjelderFra: '2024-05-14' }), state(meldt), ctx(STOLAV_KVALITET));
    expect(e!.data).toMatchObject({ tildeltEnhet: 'st-olavs-hf', svarfrist: '2024-06-20' });
  });
  it('is refused to the reporter and to a third municipality, saying who may', () => {
    const e = given(avvikDecider, meldt).when(steg('RegistrerAvvik', {}), ctx(ORKLAND_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(e.message).toContain('parten avviket er meldt til');
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', {}), ctx(SKAUN_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });
  it('refuses an unknown unit, a unit that is not a party, the reporter as unit, and a frist not after the step', () => {
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { tildeltEnhet: 'ukjent' }), ctx(STOLAV_KVALITET)).thenThrows(NotFoundError, 'enhet_ikke_funnet');
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { tildeltEnhet: 'fagraad-2' }), ctx(STOLAV_KVALITET)).thenThrows(StepRefusedError, 'enhet_ikke_part');
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { tildeltEnhet: 'orkland-hjemmetjenesten' }), ctx(STOLAV_KVALITET)).thenThrows(StepRefusedError, 'enhet_hos_melder');
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { svarfrist: '2024-05-14', gjelderFra: '2024-05-14' }), ctx(STOLAV_KVALITET)).thenThrows(StepRefusedError, 'frist_ikke_etter_gjelder_fra');
  });
  it('refuses a step dated before the report, and a second registration (status)', () => {
    given(avvikDecider, meldt).when(steg('RegistrerAvvik', { gjelderFra: '2024-05-01' }), ctx(STOLAV_KVALITET)).thenThrows(InvalidCommandError, 'foer_avviket_ble_meldt');
    const e = given(avvikDecider, registrert).when(steg('RegistrerAvvik', {}), ctx(STOLAV_KVALITET)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    expect(e.allowedSteps).toEqual(expect.arrayContaining(['SvarPaaAvvik']));
  });
  it('refuses an avvik that does not exist', () => {
    given(avvikDecider, []).when(steg('RegistrerAvvik', {}), ctx(STOLAV_KVALITET)).thenThrows(NotFoundError, 'avvik_ikke_funnet');
  });
});

describe('Be om mer informasjon and Gi mer informasjon', () => {
  it('the clinic asks, the avvik waits on the reporter; the reporter answers and it is back with the clinic', () => {
    expect(state(spurt).status).toBe('venter_paa_melder');
    const { state: s } = given(avvikDecider, spurt)
      .when(steg('GiMerInformasjon', { svar: 'Meldingen kom fredag kl. 15.40 i meldingsløftet.', gjelderFra: '2024-05-16' }), ctx(ORKLAND_LEDER))
      .then([{ type: 'MerInformasjonGitt', data: { avvikId: 'avvik-1', svar: 'Meldingen kom fredag kl. 15.40 i meldingsløftet.', gjelderFra: '2024-05-16', utfoertAv: ORKLAND_UTFOERT } }]);
    expect(s!.status).toBe('under_behandling');
    expect(s!.dialog.map((d) => d.hva)).toEqual(['spoersmaal', 'svar']);
  });
  it('only the receiver asks and only the reporter answers; no answer before a question', () => {
    given(avvikDecider, registrert).when(steg('BeOmMerInformasjon', { spoersmaal: 'Når?' }), ctx(ORKLAND_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(avvikDecider, spurt).when(steg('GiMerInformasjon', { svar: 'Fredag.' }), ctx(KLINIKKLEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(avvikDecider, registrert).when(steg('GiMerInformasjon', { svar: 'Fredag.' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    given(avvikDecider, spurt).when(steg('SvarPaaAvvik', { funn: 'x', tiltak: 'y' }), ctx(KLINIKKLEDER)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
  });
});

describe('Svar på avvik, Godta svaret og lukk', () => {
  it('the clinic answers with findings and measures; the reporter accepts and it is closed', () => {
    const b = state(besvart);
    expect({ status: b.status, funn: b.funn, besvart: b.besvart }).toEqual({ status: 'besvart', funn: expect.stringContaining('uten dialog'), besvart: '2024-05-20' });
    const { state: s } = given(avvikDecider, besvart)
      .when(steg('LukkAvvik', { merknad: 'Takk, rutinen er god.', gjelderFra: '2024-05-22' }), ctx(ORKLAND_LEDER))
      .then([{ type: 'AvvikLukket', data: { avvikId: 'avvik-1', merknad: 'Takk, rutinen er god.', gjelderFra: '2024-05-22', utfoertAv: ORKLAND_UTFOERT } }]);
    expect(s!.status).toBe('lukket');
    expect(tillatteAvvikssteg(s)).toEqual(['KnyttTilForbedringssak']);
  });
  it('the reporter cannot answer its own avvik; only the reporter closes; nothing is answered before it is registered', () => {
    given(avvikDecider, registrert).when(steg('SvarPaaAvvik', { funn: 'x', tiltak: 'y' }), ctx(ORKLAND_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(avvikDecider, besvart).when(steg('LukkAvvik', {}), ctx(KLINIKKLEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(avvikDecider, meldt).when(steg('SvarPaaAvvik', { funn: 'x', tiltak: 'y' }), ctx(STOLAV_KVALITET)).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
  });
  it('a closed avvik takes no answer, and says what it takes instead', () => {
    const lukket = kjoer([[steg('LukkAvvik', {}), ORKLAND_LEDER]], besvart);
    const e = given(avvikDecider, lukket).when(steg('SvarPaaAvvik', { funn: 'x', tiltak: 'y' }), ctx(KLINIKKLEDER)).thenThrows(StepRefusedError, 'avvik_lukket');
    expect(e.message).toContain('Knytt til forbedringssak');
  });
});

describe('Løft til fagrådet', () => {
  it('either party escalates to the fagråd, with its reason', () => {
    const { state: s } = given(avvikDecider, besvart)
      .when(steg('LoeftTilFagraad', { begrunnelse: 'Samme svikt er meldt tre ganger i år.', gjelderFra: '2024-05-23' }), ctx(ORKLAND_LEDER))
      .then([{ type: 'AvvikLoeftetTilFagraad', data: { avvikId: 'avvik-1', fagraad: 'fagraad-kvalitet', begrunnelse: 'Samme svikt er meldt tre ganger i år.', gjelderFra: '2024-05-23', utfoertAv: ORKLAND_UTFOERT } }]);
    expect(s!.status).toBe('loeftet');
    expect(tillatteAvvikssteg(state(registrert), KLINIKKLEDER, organer)).toContain('LoeftTilFagraad');
  });
  it('not by a third municipality, nor by the fagråd itself; not when closed', () => {
    given(avvikDecider, besvart).when(steg('LoeftTilFagraad', { begrunnelse: 'x' }), ctx(SKAUN_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(avvikDecider, besvart).when(steg('LoeftTilFagraad', { begrunnelse: 'x' }), ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    const lukket = kjoer([[steg('LukkAvvik', {}), ORKLAND_LEDER]], besvart);
    given(avvikDecider, lukket).when(steg('LoeftTilFagraad', { begrunnelse: 'x' }), ctx(ORKLAND_LEDER)).thenThrows(StepRefusedError, 'avvik_lukket');
  });
});

describe('Knytt til forbedringssak and Rapporter forbedring', () => {
  const loeftet = kjoer([[steg('LoeftTilFagraad', { begrunnelse: 'Gjentatt svikt.', gjelderFra: '2024-05-23' }), ORKLAND_LEDER]], besvart);
  const knyttet = kjoer([[steg('KnyttTilForbedringssak', { sakId: 'sak-42', tittel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt', gjelderFra: '2024-05-24' }), FAGRAAD_LEDER]], loeftet);
  it('the fagråd (or ASU) links the avvik to a forbedringssak; the link is the avvik’s own fact', () => {
    expect(state(knyttet).forbedringssaker).toEqual([{ sakId: 'sak-42', tittel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt', knyttet: '2024-05-24' }]);
    expect(avvikDecider.decide(steg('KnyttTilForbedringssak', { sakId: 'sak-43', tittel: 'Annen sak' }), state(loeftet), ctx(ASU_LEDER))[0]!.type).toBe('ForbedringssakKnyttet');
  });
  it('not twice to the same sak; not by a party', () => {
    given(avvikDecider, knyttet).when(steg('KnyttTilForbedringssak', { sakId: 'sak-42', tittel: 'Igjen' }), ctx(FAGRAAD_LEDER)).thenThrows(ConflictError, 'allerede_knyttet');
    given(avvikDecider, loeftet).when(steg('KnyttTilForbedringssak', { sakId: 'sak-42', tittel: 'x' }), ctx(ORKLAND_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });
  it('reports back when done: the avvik is closed with the improvement as its outcome', () => {
    const { state: s } = given(avvikDecider, knyttet)
      .when(steg('RapporterForbedring', { sakId: 'sak-42', rapport: 'Ny felles utskrivningsrutine vedtatt i ASU.', gjelderFra: '2024-06-01' }), ctx(FAGRAAD_LEDER))
      .then([{ type: 'ForbedringRapportert', data: { avvikId: 'avvik-1', sakId: 'sak-42', rapport: 'Ny felles utskrivningsrutine vedtatt i ASU.', gjelderFra: '2024-06-01', utfoertAv: { personId: 'fagraad-leder', organId: 'fagraad-kvalitet', rolle: 'leder' } } }]);
    expect({ status: s!.status, lukket: s!.lukket, rapport: s!.forbedringssaker[0]!.rapport }).toEqual({ status: 'lukket', lukket: '2024-06-01', rapport: 'Ny felles utskrivningsrutine vedtatt i ASU.' });
    const rapportert = kjoer([[steg('RapporterForbedring', { sakId: 'sak-42', rapport: 'x', gjelderFra: '2024-06-01' }), FAGRAAD_LEDER]], knyttet);
    given(avvikDecider, rapportert).when(steg('RapporterForbedring', { sakId: 'sak-42', rapport: 'igjen' }), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_aapen_forbedringssak');
    const toSaker = kjoer([[steg('KnyttTilForbedringssak', { sakId: 'sak-43', tittel: 'Annen sak' }), ASU_LEDER]], rapportert);
    given(avvikDecider, toSaker).when(steg('RapporterForbedring', { sakId: 'sak-42', rapport: 'igjen' }), ctx(FAGRAAD_LEDER)).thenThrows(ConflictError, 'allerede_rapportert');
  });
  it('refuses a report from a sak the avvik is not linked to', () => {
    given(avvikDecider, loeftet).when(steg('RapporterForbedring', { sakId: 'sak-42', rapport: 'x' }), ctx(FAGRAAD_LEDER)).thenThrows(StepRefusedError, 'ingen_aapen_forbedringssak');
    given(avvikDecider, knyttet).when(steg('RapporterForbedring', { sakId: 'sak-99', rapport: 'x' }), ctx(FAGRAAD_LEDER)).thenThrows(NotFoundError, 'forbedringssak_ikke_knyttet');
  });
});

describe('overdue (restanse)', () => {
  it('an avvik not answered after its frist is overdue; answered, or waiting on the reporter, it is not', () => {
    expect(erForfalt(state(registrert), '2024-06-03')).toBe(false);
    expect(erForfalt(state(registrert), '2024-06-04')).toBe(true);
    expect(erForfalt(state(spurt), '2024-06-04')).toBe(false);
    expect(erForfalt(state(besvart), '2024-06-04')).toBe(false);
  });
});

describe('no patient identity: fødselsnummer and D-nummer are refused in every free text', () => {
  const dato = fc
    .record({ d: fc.integer({ min: 1, max: 28 }), m: fc.integer({ min: 1, max: 12 }), y: fc.integer({ min: 0, max: 99 }), dnummer: fc.boolean() })
    .map(({ d, m, y, dnummer }) => `${String(dnummer ? d + 40 : d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}`);
  const gyldig = fc.tuple(dato, fc.integer({ min: 0, max: 999 })).map(([d, i]) => lagFoedselsnummer(d, String(i).padStart(3, '0'))).filter((x): x is string => x !== undefined);
  const TEKSTFELT = ['hvaSkjedde', 'konsekvens', 'tjenesteavtale'] as const;

  it('a valid number anywhere in a free text is refused with «fjern personopplysninger», naming the field, and never echoed', () => {
    fc.assert(
      fc.property(gyldig, fc.constantFrom(...TEKSTFELT), fc.constantFrom('', ' ', '-'), (nr, felt, skille) => {
        const skrevet = `${nr.slice(0, 6)}${skille}${nr.slice(6)}`;
        const tekst = `Pasient (${skrevet}) ble skrevet ut.`;
        let feil: unknown;
        try {
          avvikDecider.decide(steg('MeldAvvik', { ...MELD.data, [felt]: tekst }), null, ctx(ORKLAND_LEDER));
        } catch (e) {
          feil = e;
        }
        expect(feil).toBeInstanceOf(InvalidCommandError);
        const e = feil as InvalidCommandError;
        expect({ code: e.code, field: e.field, fjern: e.message.includes('fjern personopplysninger'), ekko: e.message.includes(nr) }).toEqual({ code: 'personopplysninger', field: felt, fjern: true, ekko: false });
      }),
      { numRuns: 150 },
    );
  });
  it('eleven digits with wrong check digits pass (a reference number is not an identity)', () => {
    fc.assert(
      fc.property(gyldig, fc.integer({ min: 1, max: 9 }), fc.boolean(), (nr, delta, hvilket) => {
        const i = hvilket ? 9 : 10;
        const feil = `${nr.slice(0, i)}${(Number(nr[i]) + delta) % 10}${nr.slice(i + 1)}`;
        // Changing one check digit alone always breaks it (the second weighs the first by 2, mod 11).
        expect(erFoedselsEllerDnummer(feil)).toBe(false);
        const [e] = avvikDecider.decide(steg('MeldAvvik', { ...MELD.data, hvaSkjedde: `Referanse ${feil} i meldingsløftet.` }), null, ctx(ORKLAND_LEDER));
        expect(e!.type).toBe('AvvikMeldt');
      }),
      { numRuns: 150 },
    );
  });
  it('applies to the answers, questions and reports of every step too', () => {
    const nr = lagFoedselsnummer('010180', '123') ?? lagFoedselsnummer('010180', '124')!;
    expect(harFoedselsEllerDnummer(`x ${nr} y`)).toBe(true);
    expect(given(avvikDecider, registrert).when(steg('SvarPaaAvvik', { funn: `Gjelder ${nr}.`, tiltak: 'Rutine.' }), ctx(KLINIKKLEDER)).thenThrows(InvalidCommandError, 'personopplysninger').field).toBe('funn');
    expect(given(avvikDecider, registrert).when(steg('BeOmMerInformasjon', { spoersmaal: `Er det ${nr}?` }), ctx(KLINIKKLEDER)).thenThrows(InvalidCommandError, 'personopplysninger').field).toBe('spoersmaal');
    expect(given(avvikDecider, besvart).when(steg('LoeftTilFagraad', { begrunnelse: `${nr}` }), ctx(ORKLAND_LEDER)).thenThrows(InvalidCommandError, 'personopplysninger').field).toBe('begrunnelse');
  });
});

describe('who reads an avvik', () => {
  it('the two parties (and the assigned unit), the fagråd and auditors; no other body, and no one without a body', async () => {
    const { kanLeseAvvik } = await import('@saksgang/application');
    const a = state(registrert);
    for (const organId of ['orkland-hjemmetjenesten', 'st-olavs-hf', 'st-olavs-akutt', 'fagraad-kvalitet']) expect(kanLeseAvvik(a, { organId, systemroller: [] })).toBe(true);
    expect(kanLeseAvvik(a, { systemroller: ['revisor'] })).toBe(true);
    for (const organId of ['skaun-kommune', 'asu-hnt', 'fagraad-2']) expect(kanLeseAvvik(a, { organId, systemroller: [] })).toBe(false);
    expect(kanLeseAvvik(a, { systemroller: [] })).toBe(false);
    expect(kanLeseAvvik(a, undefined)).toBe(false);
  });
});
