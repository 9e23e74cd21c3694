/**
 * Two things declared once in the avvik folder and read everywhere else (issue 19):
 * - which fagråd follows up an avvik when the report names none — the organisation's fagråd for
 *   kvalitet og pasientsikkerhet on the report's date (by type, and name or mandate on that date);
 * - the categories in words («Psykisk helse og rus»), for the form, the tables, the statistics and
 *   the OpenAPI document.
 */
import { describe, expect, it } from '@jest/globals';
import {
  AVVIK_ARBEIDSFLYT,
  avvikDecider,
  AVVIKSKATEGORIER,
  AVVIKSKATEGORINAVN,
  avviksfagraadPaaDato,
  erAvviksfagraad,
  type FeltSett,
  fold,
  InvalidCommandError,
  jsonSchemaFor,
  kategorinavn,
  NotFoundError,
  type Organ,
  type OrganCommand,
  organDecider,
  type OrganEvent,
} from '@saksgang/domain';
import { ASU, ctx, FAGRAAD, FAGRAAD_2, MELD, NAA, ORGANER, ORKLAND_LEDER, steg } from './fixtures.js';
import { given } from './given.js';

const DRIFT = { personId: 'drift', organId: 'drift', rolle: 'drift' } as const;

/** A body through the real organ decider, each command on its own date. */
function organ(commands: OrganCommand[]): Organ {
  const events: OrganEvent[] = [];
  let state = organDecider.initialState;
  for (const c of commands) {
    const nye = organDecider.decide(c, state, { now: NAA, aktoer: DRIFT, organer: () => undefined });
    events.push(...nye);
    state = nye.reduce(organDecider.evolve, state);
  }
  return fold(organDecider, events)!;
}

// Fagråd 12 of seed 002 got its present name in 2019; it was «Fagråd 12 – samhandlingsavvik» before.
const OMDOEPT = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-12', navn: 'Fagråd 12 – samhandlingsavvik', organtype: 'fagraad', mandat: 'Forbedringsarbeid ut fra samhandlingsavvik mellom kommunene og HNT.', gjelderFra: '2016-01-01' } },
  { type: 'OmdoepOrgan', data: { organId: 'fagraad-12', navn: 'Fagråd for kvalitet og pasientsikkerhet', gjelderFra: '2019-01-01' } },
]);
const NEDLAGT = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-gammelt', navn: 'Fagråd for kvalitet og pasientsikkerhet (gammelt)', organtype: 'fagraad', mandat: 'Kvalitet og pasientsikkerhet.', gjelderFra: '2010-01-01' } },
  { type: 'LeggNedOrgan', data: { organId: 'fagraad-gammelt', begrunnelse: 'Ny fagrådsstruktur.', gjelderFra: '2015-12-31' } },
]);

describe('the fagråd for avvik, from the organisation on the date', () => {
  it('is the fagråd whose name or mandate says kvalitet og pasientsikkerhet; not another fagråd, not ASU', () => {
    expect(avviksfagraadPaaDato(ORGANER, '2024-05-13')).toBe('fagraad-kvalitet');
    expect([erAvviksfagraad(FAGRAAD, '2024-05-13'), erAvviksfagraad(FAGRAAD_2, '2024-05-13'), erAvviksfagraad(ASU, '2024-05-13')]).toEqual([true, false, false]);
  });

  it('judges the name on the date, and a dissolved fagråd only while it existed', () => {
    expect([erAvviksfagraad(OMDOEPT, '2018-06-01'), erAvviksfagraad(OMDOEPT, '2019-06-01')]).toEqual([false, true]);
    expect([erAvviksfagraad(NEDLAGT, '2014-06-01'), erAvviksfagraad(NEDLAGT, '2016-06-01')]).toEqual([true, false]);
    expect(avviksfagraadPaaDato([NEDLAGT, OMDOEPT, FAGRAAD_2], '2014-06-01')).toBe('fagraad-gammelt');
    expect(avviksfagraadPaaDato([NEDLAGT, OMDOEPT, FAGRAAD_2], '2020-06-01')).toBe('fagraad-12');
  });

  it('none on the date: a refusal naming the field fagraad and why; two: a refusal naming both', () => {
    let e: unknown;
    try {
      avviksfagraadPaaDato([NEDLAGT, OMDOEPT, FAGRAAD_2], '2017-06-01');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(InvalidCommandError);
    expect({ code: (e as InvalidCommandError).code, field: (e as InvalidCommandError).field }).toEqual({ code: 'avviksfagraad_finnes_ikke', field: 'fagraad' });
    expect((e as Error).message).toContain('2017-06-01');
    expect(() => avviksfagraadPaaDato([OMDOEPT, FAGRAAD], '2024-05-13')).toThrow(/Flere fagråd.*«Fagråd for kvalitet og pasientsikkerhet» \(fagraad-12\).*\(fagraad-kvalitet\)/);
  });

  it('the decider itself has no default: a report without a fagråd (none found at the edge) is refused naming it', () => {
    const { fagraad: _f, ...uten } = MELD.data as Record<string, unknown>;
    const err = given(avvikDecider, []).when(steg('MeldAvvik', uten), ctx(ORKLAND_LEDER)).thenThrows(NotFoundError, 'fagraad_ikke_funnet');
    expect(err.message).toContain('fagraad');
  });
});

describe('the categories in words, declared once', () => {
  it('every category has its name; the report’s field carries them; unknown values stay as they are', () => {
    expect(Object.keys(AVVIKSKATEGORINAVN)).toEqual([...AVVIKSKATEGORIER]);
    for (const k of AVVIKSKATEGORIER) expect(kategorinavn(k)).toMatch(/^[A-ZÆØÅ][a-zæøå ()]+/);
    expect(kategorinavn('psykisk_helse_og_rus')).toBe('Psykisk helse og rus');
    expect(kategorinavn('ukjent_kategori')).toBe('ukjent_kategori');
    const felt = AVVIK_ARBEIDSFLYT.MeldAvvik.felter.kategori;
    expect(felt.art === 'ettAv' ? felt.verdinavn : undefined).toBe(AVVIKSKATEGORINAVN);
  });

  it('the request schema (OpenAPI) names each value in words', () => {
    const skjema = jsonSchemaFor(AVVIK_ARBEIDSFLYT.MeldAvvik.felter as FeltSett) as { properties: Record<string, { enum?: string[]; description?: string }> };
    expect(skjema.properties['kategori']?.enum).toEqual([...AVVIKSKATEGORIER]);
    for (const [k, navn] of Object.entries(AVVIKSKATEGORINAVN)) expect(skjema.properties['kategori']?.description).toContain(`${k} (${navn})`);
  });
});
