/** The document workflow's decider (#16 item 1), pure: the attachment's fields, who may attach, versions as facts. */
import { describe, expect, it } from '@jest/globals';
import { type DecisionContext, type DokumentCommand, dokumentDecider, type DokumentEvent, type DokumentState, DomainError, fold, type Organ } from '@saksgang/domain';
import fc from 'fast-check';

const NAA = new Date('2026-01-10T10:00:00Z');
const organ = (organId: string, organtype: Organ['organtype']): Organ => ({ organId, navn: organId.toUpperCase(), organtype, nivaa: 'administrativt', opprettet: '2012-01-01', medlemmer: [] }) as unknown as Organ;
const ORGANER: Record<string, Organ> = { 'psu-hnt': organ('psu-hnt', 'psu'), 'sekr': organ('sekr', 'sekretariat'), 'fagraad-2': organ('fagraad-2', 'fagraad') };
const ctx = (organId: string, rolle = 'sekretaer'): DecisionContext => ({ now: NAA, aktoer: { personId: 'p', organId, rolle }, organer: (id) => ORGANER[id] });

const hex = (n: number) => n.toString(16).padStart(64, '0');
const innhold = (n: number) => ({ format: 'pdf', mimeType: 'application/pdf', filnavn: `v${n}.pdf`, filstoerrelse: 100 + n, sjekksum: hex(n), lagringsId: `l${n}` });
const registrer = (extra: Record<string, unknown> = {}): DokumentCommand =>
  ({ type: 'RegistrerDokument', data: { dokumentId: 'd1', tittel: 'Årsmelding 2018', tilknytningstype: 'sak', sakId: 's1', tilknyttedeOrganer: ['psu-hnt'], ...innhold(1), ...extra } }) as unknown as DokumentCommand;

function feil(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('no refusal');
}

describe('the document decider', () => {
  it('records the typed reference and the first dokumentobjekt with its checksum', () => {
    const [e] = dokumentDecider.decide(registrer(), null, ctx('psu-hnt'));
    expect(e!.type).toBe('DokumentRegistrert');
    expect(e!.data).toMatchObject({ dokumentId: 'd1', tilknytning: { type: 'sak', sakId: 's1' }, tilknytningsrolle: 'vedlegg', dokumentobjekt: { versjonsnummer: 1, sjekksum: hex(1), sjekksumAlgoritme: 'SHA-256' } });
    expect(e!.data).not.toHaveProperty('tilknyttedeOrganer');
  });

  it('names the field a kind of attachment lacks or must not have', () => {
    expect(feil(() => dokumentDecider.decide(registrer({ tilknytningstype: 'moetepunkt', sakId: undefined, moeteId: 'm1' }), null, ctx('psu-hnt'))).field).toBe('punktId');
    expect(feil(() => dokumentDecider.decide(registrer({ oppdragId: 'o1' }), null, ctx('psu-hnt'))).field).toBe('oppdragId');
    expect(feil(() => dokumentDecider.decide(registrer({ sjekksum: 'ABC' }), null, ctx('psu-hnt'))).field).toBe('sjekksum');
  });

  it('lets a body tied to the attachment or the sekretariat attach, not another body, nor an observer', () => {
    expect(dokumentDecider.decide(registrer(), null, ctx('sekr'))).toHaveLength(1);
    const annen = feil(() => dokumentDecider.decide(registrer(), null, ctx('fagraad-2')));
    expect(annen.code).toBe('organ_ikke_tillatt');
    expect(annen.message).toContain('knyttet til det dokumentet hører til');
    expect(feil(() => dokumentDecider.decide(registrer(), null, ctx('psu-hnt', 'observatoer'))).code).toBe('rolle_ikke_tillatt');
  });

  it('numbers versions 1, 2, … as new facts, refuses a version equal to the current one, and keeps every version', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 15 }), (innholdene) => {
        let state: DokumentState = fold(dokumentDecider, dokumentDecider.decide(registrer(), null, ctx('psu-hnt')) as DokumentEvent[]);
        for (const n of innholdene) {
          const cmd = { type: 'LeggTilDokumentversjon', data: { tilknyttedeOrganer: ['psu-hnt'], ...innhold(n) } } as unknown as DokumentCommand;
          const gjeldende = state!.versjoner.at(-1)!.sjekksum;
          if (gjeldende === hex(n)) {
            expect(feil(() => dokumentDecider.decide(cmd, state, ctx('psu-hnt'))).code).toBe('versjon_uendret');
            continue;
          }
          const før = state!.versjoner.length;
          state = dokumentDecider.decide(cmd, state, ctx('psu-hnt')).reduce(dokumentDecider.evolve, state);
          expect(state!.versjoner.length).toBe(før + 1);
        }
        expect(state!.versjoner.map((v) => v.versjonsnummer)).toEqual(state!.versjoner.map((_, i) => i + 1));
      }),
    );
  });

  it('exempts and lifts the exemption once each', () => {
    let state: DokumentState = fold(dokumentDecider, dokumentDecider.decide(registrer(), null, ctx('psu-hnt')) as DokumentEvent[]);
    const skjerm = { type: 'SkjermDokument', data: { skjermingshjemmel: 'offl. § 13', tilknyttedeOrganer: ['psu-hnt'] } } as unknown as DokumentCommand;
    state = dokumentDecider.decide(skjerm, state, ctx('psu-hnt')).reduce(dokumentDecider.evolve, state);
    expect(state!.skjermingshjemmel).toBe('offl. § 13');
    expect(feil(() => dokumentDecider.decide(skjerm, state, ctx('psu-hnt'))).code).toBe('allerede_skjermet');
    const opphev = { type: 'OpphevDokumentskjerming', data: { begrunnelse: 'b', tilknyttedeOrganer: ['psu-hnt'] } } as unknown as DokumentCommand;
    state = dokumentDecider.decide(opphev, state, ctx('psu-hnt')).reduce(dokumentDecider.evolve, state);
    expect(state!.skjermingshjemmel).toBeUndefined();
    expect(feil(() => dokumentDecider.decide(opphev, state, ctx('psu-hnt'))).code).toBe('ikke_skjermet');
  });
});
