/**
 * The hearing overview and its restanser (#16 item 2) as read models, against the domain: for any
 * hearing to registered parties and any answers (some before the frist, some after, some never), the
 * overview splits the parties exactly into those who answered and those who did not; the missing
 * answers on a day after the frist are exactly the parties without an answer by that day; and the
 * sending body's arbeidsliste holds one open hearing item per party still missing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type Aktoer,
  type DecisionContext,
  type Korrespondansepart,
  type KorrespondansepartCommand,
  korrespondansepartDecider,
  type Organ,
  type OrganCommand,
  organDecider,
  type SakCommand,
  sakDecider,
  type SakState,
} from '@saksgang/domain';
import { type EventStore, type JsonObject, openEventStore, type Position, type SqlClient } from '@saksgang/event-store';
import { ArbeidslisteProjection, hentArbeidsliste, hentHoeringsoversikt, hentManglendeHoeringssvar, OrganerProjection, ParterProjection, ProjectionRunner } from '@saksgang/projections';
import { MemoryLogger } from './helpers.js';

const NAA = new Date('2019-06-01T08:00:00Z');
const SEKR: Aktoer = { personId: 'sekr', organId: 'sekr-h', rolle: 'sekretaer' };
const ASU: Aktoer = { personId: 'asu-sekr', organId: 'asu-h', rolle: 'sekretaer' };
const PSU: Aktoer = { personId: 'psu-sekr', organId: 'psu-h', rolle: 'sekretaer' };
const PARTER = Array.from({ length: 6 }, (_, i) => ({ partId: `kommune-${i}`, navn: `Kommune ${i}` }));

let store: EventStore;
let sql: SqlClient;
let runner: ProjectionRunner;
let sist: Position | undefined;
const organer = new Map<string, Organ>();
const parter = new Map<string, Korrespondansepart>();
const ctx = (aktoer: Aktoer): DecisionContext => ({ now: NAA, aktoer, organer: (id) => organer.get(id), parter: (id) => parter.get(id) });

async function append(stream: string, events: readonly { type: string; data: object }[], aktoer: Aktoer, revisjon: bigint | 'no_stream'): Promise<bigint> {
  const r = await store.appendToStream(
    stream,
    events.map((e) => {
      const id = randomUUID();
      const gjelderFra = (e.data as { gjelderFra?: string }).gjelderFra ?? NAA.toISOString();
      return { id, type: e.type, data: e.data as JsonObject, metadata: { eventId: id, commandId: id, correlationId: id, causationId: id, actor: { ...aktoer }, effectiveAt: gjelderFra, recordedAt: NAA.toISOString(), schemaVersion: 1 } };
    }),
    { expectedRevision: revisjon },
  );
  sist = r.position;
  return r.nextExpectedRevision;
}

beforeAll(async () => {
  ({ store, sql } = await openEventStore({ backend: 'pglite', dataDir: 'memory://', pollIntervalMs: 10 }));
  runner = new ProjectionRunner({ store, sql, projections: [new OrganerProjection(), new ArbeidslisteProjection(), new ParterProjection()], logger: new MemoryLogger(), retry: { initialDelayMs: 20, maxDelayMs: 200 } });
  await runner.start();
  for (const [organId, navn, organtype] of [
    ['sekr-h', 'Sekretariatet', 'sekretariat'],
    ['psu-h', 'PSU', 'psu'],
    ['asu-h', 'ASU', 'asu'],
  ] as const) {
    const c: OrganCommand = { type: 'OpprettOrgan', data: { organId, navn, organtype, mandat: 'm', gjelderFra: '2012-01-01' } };
    const events = organDecider.decide(c, null, ctx(SEKR));
    organer.set(organId, events.reduce(organDecider.evolve, null)!);
    await append(`organ-${organId}`, events, SEKR, 'no_stream');
  }
  for (const p of PARTER) {
    const c: KorrespondansepartCommand = { type: 'RegistrerKorrespondansepart', data: { ...p, parttype: 'kommune', gjelderFra: '2012-01-01' } };
    const events = korrespondansepartDecider.decide(c, null, ctx(SEKR));
    parter.set(p.partId, events.reduce(korrespondansepartDecider.evolve, null)!);
    await append(`korrespondansepart-${p.partId}`, events, SEKR, 'no_stream');
  }
}, 60_000);

afterAll(async () => {
  await runner.stop();
  await store.close();
});

const dag = (n: number) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('property: the hearing overview and its restanser agree with the answers recorded', () => {
  it('for any recipients and answers', async () => {
    const FRIST = 30; // 31 January 2018
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(PARTER.map((p) => p.partId), { minLength: 1 }),
        fc.array(fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 70 }),
        async (mottakere, svardager, idagNr) => {
          const sakId = randomUUID();
          let state: SakState = null;
          let revisjon: bigint | 'no_stream' = 'no_stream';
          const steg = async (c: SakCommand, a: Aktoer) => {
            const events = sakDecider.decide(c, state, ctx(a));
            state = events.reduce(sakDecider.evolve, state);
            revisjon = await append(`sak-${sakId}`, events, a, revisjon);
          };
          await steg({ type: 'RegistrerSak', data: { sakId, tittel: 'Handlingsplan', innmeldtAv: 'psu-h', sakstype: 'beslutningssak', gjelderFra: '2017-03-24' } }, PSU);
          await steg({ type: 'TildelNivaa', data: { organId: 'asu-h', gjelderFra: '2017-03-25' } }, SEKR);
          await steg({ type: 'SendPaaHoering', data: { hoeringId: 'h', hoeringsutkast: 'Utkast', mottakere, hoeringsfrist: dag(FRIST), gjelderFra: dag(0) } }, ASU);
          // Answers in the order of their dates (an answer is recorded on the day it came).
          const svar = mottakere
            .map((partId, i) => ({ partId, d: svardager[i] }))
            .filter((x): x is { partId: string; d: number } => x.d !== undefined)
            .sort((a, b) => a.d - b.d);
          for (const { partId, d } of svar) await steg({ type: 'RegistrerHoeringssvar', data: { hoeringId: 'h', partId, gjelderFra: dag(d) } }, ASU);
          expect(await runner.waitFor(sist!, 30_000)).toBe(true);

          const [oversikt] = await hentHoeringsoversikt(sql, sakId);
          const svarte = new Set(svar.map((x) => x.partId));
          expect(oversikt!.svart.map((x) => x.partId).sort()).toEqual([...svarte].sort());
          expect(oversikt!.ikkeSvart.map((x) => x.partId).sort()).toEqual(mottakere.filter((p) => !svarte.has(p)).sort());
          for (const x of oversikt!.svart) expect(x.etterFrist).toBe(svar.find((s) => s.partId === x.partId)!.d > FRIST);

          const idag = dag(idagNr);
          const mangler = (await hentManglendeHoeringssvar(sql, idag)).filter((r) => r.sakId === sakId).map((r) => r.partId).sort();
          const forventet = idagNr > FRIST ? mottakere.filter((p) => !svar.some((s) => s.partId === p && s.d <= idagNr)).sort() : [];
          expect(mangler).toEqual(forventet);

          const liste = await hentArbeidsliste(sql, 'asu-h', idag);
          const aapne = liste.venter.filter((p) => p.sakId === sakId && p.art === 'hoering');
          expect(aapne).toHaveLength(mottakere.length - svarte.size);
          for (const p of aapne) expect(p.forfalt).toBe(idagNr > FRIST);
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);

  it('a hearing recorded before parties (free-text recipients) still folds and shows: one item on the arbeidsliste, no parties to follow', async () => {
    const sakId = randomUUID();
    let state: SakState = null;
    const reg = sakDecider.decide({ type: 'RegistrerSak', data: { sakId, tittel: 'Gammel sak', innmeldtAv: 'psu-h', sakstype: 'beslutningssak', gjelderFra: '2017-03-24' } }, state, ctx(PSU));
    state = reg.reduce(sakDecider.evolve, state);
    // As SendPaaHoering recorded it before #16: hoeringsinstanser as text, no mottakere.
    const gammel = { type: 'SendtPaaHoering', data: { sakId, hoeringId: 'h-gammel', organId: 'asu-h', hoeringsutkast: 'Utkast', hoeringsinstanser: ['Kommunene i Nord-Trøndelag', 'HNT'], hoeringsfrist: '2018-01-15', gjelderFra: '2017-11-24', utfoertAv: ASU } };
    state = [gammel as never].reduce(sakDecider.evolve, state);
    expect(state!.hendelser.map((h) => h.type)).toEqual(['SakRegistrert', 'SendtPaaHoering']);
    const r = await append(`sak-${sakId}`, reg, PSU, 'no_stream');
    await append(`sak-${sakId}`, [gammel], ASU, r);
    expect(await runner.waitFor(sist!, 30_000)).toBe(true);
    expect(await hentHoeringsoversikt(sql, sakId)).toEqual([]);
    const punkter = (await hentArbeidsliste(sql, 'asu-h', '2018-01-20')).venter.filter((p) => p.sakId === sakId && p.art === 'hoering');
    expect(punkter.map((p) => [p.beskrivelse, p.forfalt])).toEqual([['Høring: Utkast (2 høringsinstanser); høringsfrist 2018-01-15', true]]);
  });
});
