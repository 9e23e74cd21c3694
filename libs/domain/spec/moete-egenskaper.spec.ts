/**
 * Properties of meetings (issue #15): numbering is gap-free and unique per body, year and series,
 * also when innkallinger are published concurrently (optimistic concurrency on the numbering
 * streams, as the command path does); no decision without quorum of voting members; an observer
 * never counts toward quorum and never votes.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DomainError,
  fold,
  type MoeteCommand,
  moeteDecider,
  type MoeteEvent,
  type MoeteState,
  type Moetesakstype,
  moeteaar,
  moetenummereringDecider,
  type MoetenummereringEvent,
  nummerbehov,
  numreForMoete,
  type PunktData,
  type TildeltNummer,
} from '../src/index.js';
import { ctx, kjoer } from './moete-fixtures.js';

const TYPER: readonly Moetesakstype[] = ['politisk', 'orientering', 'droefting', 'referat', 'eventuelt'];

const moeteArb = fc.record({
  organer: fc.constantFrom(['psu-hnt'], ['asu-hnt'], ['psu-hnt', 'asu-hnt']),
  aar: fc.constantFrom(2018, 2019),
  egenSerie: fc.boolean(),
  punkter: fc.array(fc.record({ type: fc.constantFrom(...TYPER), trekkes: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  tillegg: fc.array(fc.constantFrom(...TYPER), { maxLength: 2 }),
});

interface Skribent {
  readonly moete: number;
  readonly organId: string;
  readonly punkter: readonly PunktData[] | undefined;
  lest?: { revision: number; events: MoetenummereringEvent[] };
}

describe('numbering under concurrent publication', () => {
  it('is gap-free and unique per body, year and series, and every meeting number too', () => {
    fc.assert(
      fc.property(fc.array(moeteArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), (moeter, valg) => {
        // The numbering streams with their revisions (an append with a stale revision is refused, as by the store).
        const stroemmer = new Map<string, MoetenummereringEvent[]>();
        const moeteEvents: MoeteEvent[][] = [];
        const moeteState = (i: number): MoeteState => fold(moeteDecider, moeteEvents[i]!);
        // Plan every meeting and put its items on the agenda; withdraw some before the innkalling.
        moeter.forEach((m, i) => {
          const cmds: MoeteCommand[] = [
            {
              type: 'PlanleggMoete',
              data: { moeteId: `m${i}`, organIder: [...m.organer], moetedato: `${m.aar}-0${1 + (i % 9)}-10`, starttid: '10:00', moetested: 'Levanger', ...(m.egenSerie ? { egenOrienteringsserie: [m.organer[0]!] } : {}), gjelderFra: '2017-12-01' },
            },
            ...m.punkter.map((p, j) => ({ type: 'LeggTilSakslistepunkt', data: { punktId: `p${j}`, ...(p.type === 'eventuelt' ? {} : { sakId: `s${i}-${j}` }), tittel: `Sak ${j}`, moetesakstype: p.type, gjelderFra: '2017-12-01' } }) as MoeteCommand),
          ];
          let events = kjoer(cmds, ctx());
          const aktive = m.punkter.filter((p) => !p.trekkes).length;
          m.punkter.forEach((p, j) => {
            if (p.trekkes && aktive > 0) events = kjoer([{ type: 'TrekkSakslistepunkt', data: { punktId: `p${j}`, begrunnelse: 'Trukket', gjelderFra: '2017-12-01' } }], ctx(), events);
          });
          moeteEvents.push(events);
        });
        // One writer per meeting and body for the innkalling; then one per tilleggssak and body.
        const ventende: Skribent[] = moeter.flatMap((m, i) => m.organer.map((organId) => ({ moete: i, organId, punkter: undefined })));
        const etterpaa: { moete: number; punkt: PunktData }[] = moeter.flatMap((m, i) =>
          m.tillegg.map((type, k) => ({ moete: i, punkt: { punktId: `t${k}`, ...(type === 'eventuelt' ? {} : { sakId: `t${i}-${k}` }), tittel: `Tillegg ${k}`, moetesakstype: type } })),
        );
        const tatt = new Map<string, TildeltNummer[]>();
        let steg = 0;
        const kjoerSkribenter = (skribenter: Skribent[]) => {
          const aktive = [...skribenter];
          while (aktive.length > 0) {
            const idx = valg[steg++ % valg.length]! % aktive.length;
            const s = aktive[idx]!;
            const m = moeteState(s.moete)!;
            const id = `${s.organId}.${moeteaar(m)}`;
            const stroem = stroemmer.get(id) ?? [];
            if (!s.lest) {
              s.lest = { revision: stroem.length, events: [...stroem] };
              continue;
            }
            const state = fold(moetenummereringDecider, s.lest.events);
            const behov = nummerbehov(m, s.punkter ?? m.punkter.filter((p) => !p.trukket), s.organId);
            const nye = moetenummereringDecider.decide({ type: 'TildelMoetenumre', data: { organId: s.organId, aar: moeteaar(m), moeteId: m.moeteId, punkter: behov } }, state, ctx());
            if (stroem.length !== s.lest.revision) {
              delete s.lest; // wrong expected revision: read again and decide again
              continue;
            }
            stroemmer.set(id, [...stroem, ...nye]);
            const etter = fold(moetenummereringDecider, stroemmer.get(id)!);
            const noekkel = `${s.moete}:${s.punkter ? s.punkter.map((p) => p.punktId).join(',') : 'innkalling'}`;
            tatt.set(noekkel, [...(tatt.get(noekkel) ?? []), ...numreForMoete(etter, m.moeteId, s.punkter?.map((p) => p.punktId))]);
            aktive.splice(idx, 1);
          }
        };
        kjoerSkribenter(ventende);
        moeter.forEach((_m, i) => {
          moeteEvents[i] = kjoer([{ type: 'SendInnkalling', data: { numre: tatt.get(`${i}:innkalling`)!, gjelderFra: '2017-12-02' } }], ctx(), moeteEvents[i]!);
        });
        for (const t of etterpaa) {
          const m = moeteState(t.moete)!;
          kjoerSkribenter(m.organIder.map((organId) => ({ moete: t.moete, organId, punkter: [t.punkt] })));
          moeteEvents[t.moete] = kjoer([{ type: 'LeggTilTilleggssak', data: { ...t.punkt, numre: tatt.get(`${t.moete}:${t.punkt.punktId}`)!, gjelderFra: '2017-12-03' } }], ctx(), moeteEvents[t.moete]!);
        }
        // Every number recorded on the meetings, by body, year and series: exactly 1..n.
        const serier = new Map<string, number[]>();
        for (const events of moeteEvents) {
          for (const e of events) {
            const numre = e.type === 'InnkallingSendt' || e.type === 'TilleggssakLagtTil' ? e.data.numre : [];
            for (const n of numre) serier.set(`${n.organId}/${n.aar}/${n.serie}`, [...(serier.get(`${n.organId}/${n.aar}/${n.serie}`) ?? []), n.nummer]);
          }
        }
        for (const [, numre] of serier) expect([...numre].sort((a, b) => a - b)).toEqual(numre.map((_, i) => i + 1));
        // Every active numbered item has one number per body; withdrawn-before-innkalling and «Eventuelt» none.
        moeteEvents.forEach((events) => {
          const m = fold(moeteDecider, events)!;
          for (const p of m.punkter) {
            const forventet = p.moetesakstype === 'eventuelt' || (p.trukket && !p.tilleggssak) ? 0 : m.organIder.length;
            expect(p.numre).toHaveLength(forventet);
          }
          expect(Object.keys(m.moetenumre).sort()).toEqual([...m.organIder].sort());
        });
      }),
      { numRuns: 150 },
    );
  });
});

// PSU on 15.02.2019: five voting seats, a vara, the secretary and an observer (fixtures).
const SETER = ['robert-svarva', 'ordfoerer-a', 'ordfoerer-b', 'styremedlem-c', 'styremedlem-d'] as const;

function moeteMedSak(): MoeteEvent[] {
  const planlagt = kjoer([
    { type: 'PlanleggMoete', data: { moeteId: 'psu', organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', moetested: 'Levanger', gjelderFra: '2019-01-20' } },
    { type: 'LeggTilSakslistepunkt', data: { punktId: 'sak', sakId: 'sak', tittel: 'Årsmelding 2018', moetesakstype: 'politisk', gjelderFra: '2019-01-20' } },
  ]);
  return kjoer([{ type: 'SendInnkalling', data: { numre: [{ organId: 'psu-hnt', serie: 'moete', aar: 2019, nummer: 1 }, { organId: 'psu-hnt', serie: 'ordinaer', aar: 2019, nummer: 1, punktId: 'sak' }], gjelderFra: '2019-02-01' } }], ctx(), planlagt);
}
const GRUNN = moeteMedSak();

interface Oppmoete {
  readonly tilStede: readonly string[];
  readonly inhabile: readonly string[];
  readonly varaFor: string | undefined;
  readonly observatoer: boolean;
  readonly sekretaer: boolean;
}

const oppmoeteArb: fc.Arbitrary<Oppmoete> = fc.record({
  tilStede: fc.subarray([...SETER]),
  inhabile: fc.subarray([...SETER]),
  varaFor: fc.option(fc.constantFrom(...SETER), { nil: undefined }),
  observatoer: fc.boolean(),
  sekretaer: fc.boolean(),
});

function medOppmoete(o: Oppmoete, utenObservatoerOgSekretaer = false): MoeteEvent[] {
  const cmds: MoeteCommand[] = [];
  const oppmoete = (personId: string, ekstra: object = {}): MoeteCommand => ({ type: 'RegistrerOppmoete', data: { personId, organId: 'psu-hnt', gjelderFra: '2019-02-15', ...ekstra } });
  if (!utenObservatoerOgSekretaer && o.observatoer) cmds.push(oppmoete('tore-sandvik'));
  for (const p of o.tilStede) cmds.push(oppmoete(p));
  if (o.varaFor !== undefined && !o.tilStede.includes(o.varaFor)) {
    cmds.push({ type: 'MeldForfall', data: { personId: o.varaFor, organId: 'psu-hnt', gjelderFra: '2019-02-10' } }, oppmoete('vara-e', { moeterForPersonId: o.varaFor }));
  }
  if (!utenObservatoerOgSekretaer && o.sekretaer) cmds.push(oppmoete('ks-sekretaer'));
  for (const p of o.inhabile.filter((x) => o.tilStede.includes(x))) cmds.push({ type: 'MeldInhabilitet', data: { punktId: 'sak', personId: p } });
  return kjoer(cmds, ctx(), GRUNN);
}

function forsoekVedtak(events: MoeteEvent[], ekstra: object = {}): MoeteEvent | DomainError {
  try {
    return moeteDecider.decide({ type: 'FattMoetevedtak', data: { punktId: 'sak', vedtaksutfall: 'vedtatt', vedtakstekst: 'Godkjent.', ...ekstra } } as MoeteCommand, fold(moeteDecider, events), ctx())[0]!;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

/** Counted independently of the domain: voting seats present and not inhabil, plus a vara meeting for a member with forfall. */
function stemmeberettigedeTilStede(o: Oppmoete): number {
  const medlemmer = o.tilStede.filter((p) => !o.inhabile.includes(p)).length;
  const vara = o.varaFor !== undefined && !o.tilStede.includes(o.varaFor) ? 1 : 0;
  return medlemmer + vara;
}

describe('quorum', () => {
  it('no decision without quorum: accepted exactly when at least half of the five voting seats are present and not inhabil', () => {
    fc.assert(
      fc.property(oppmoeteArb, (o) => {
        const svar = forsoekVedtak(medOppmoete(o));
        const n = stemmeberettigedeTilStede(o);
        if (n * 2 >= SETER.length) {
          expect(svar).not.toBeInstanceOf(DomainError);
          const e = svar as Extract<MoeteEvent, { type: 'MoetevedtakFattet' }>;
          expect(e.data.vedtaksfoerhet).toEqual([{ organId: 'psu-hnt', stemmeberettigedeMedlemmer: 5, tilStede: n, vedtaksfoer: true }]);
        } else {
          expect(svar).toBeInstanceOf(DomainError);
          expect((svar as DomainError).code).toBe('ikke_vedtaksfoer');
          expect((svar as DomainError).message).toContain(`${n} av 5`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an observer (and the secretary) never counts toward quorum and can never be recorded as voting', () => {
    fc.assert(
      fc.property(oppmoeteArb, fc.constantFrom('stemmerFor', 'stemmerMot', 'stemmerBlank'), (o, felt) => {
        const med = medOppmoete({ ...o, observatoer: true, sekretaer: true });
        const uten = medOppmoete(o, true);
        const a = forsoekVedtak(med);
        const b = forsoekVedtak(uten);
        // The same answer with and without them: same refusal, or the same quorum.
        if (a instanceof DomainError || b instanceof DomainError) {
          expect(a instanceof DomainError && b instanceof DomainError && a.code === b.code).toBe(true);
        } else {
          expect(a.data).toEqual({ ...b.data });
        }
        const medObs = forsoekVedtak(med, { stemmemaate: 'votering', [felt]: ['tore-sandvik'] });
        expect(medObs).toBeInstanceOf(DomainError);
        expect(['observatoer_kan_ikke_stemme', 'ikke_vedtaksfoer']).toContain((medObs as DomainError).code);
        if (!(a instanceof DomainError)) expect((medObs as DomainError).code).toBe('observatoer_kan_ikke_stemme');
      }),
      { numRuns: 200 },
    );
  });
});
