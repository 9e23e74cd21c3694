/**
 * The bodies keep their own organisation (issue 16, item 4): a body's leader, deputy or secretary
 * records its own members and observers and appoints its working groups and their members; the
 * sekretariat sets up and corrects everything; history can be recorded for any date by a body that
 * existed then.
 */
import { describe, expect, it } from '@jest/globals';
import { ActorNotAllowedError, type DecisionContext, type OrganCommand, organDecider, type OrganEvent } from '../src/index.js';
import { given } from './given.js';
import { ASU_LEDER, ASU_OBSERVATOER, NAA, organer, PSU_LEDER, PSU_SEKRETAER, SEKRETARIAT } from './fixtures.js';
import type { Aktoer } from '../src/index.js';

/** A verified actor: the role must be held in the acting body (the membership rule is enforced). */
const verifisert = (aktoer: Aktoer, now: Date = NAA): DecisionContext => ({ now, aktoer, organer, kontrollerMedlemskap: true });

const PSU_OPPRETTET: OrganEvent = {
  type: 'OrganOpprettet',
  data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu', nivaa: 'politisk', mandat: 'Setter retning.', gjelderFra: '2012-01-01' },
};
const AG_OPPRETTET: OrganEvent = {
  type: 'OrganOpprettet',
  data: { organId: 'ag-barn-unge', navn: 'Arbeidsgruppen for barn og unge', organtype: 'arbeidsgruppe', nivaa: 'faglig', oppnevntAv: 'asu-hnt', mandat: 'Barn og unges helse.', gjelderFra: '2021-06-01' },
};
const FAGRAAD_OPPRETTET: OrganEvent = {
  type: 'OrganOpprettet',
  data: { organId: 'fagraad-kvalitet', navn: 'Fagråd for kvalitet og pasientsikkerhet', organtype: 'fagraad', nivaa: 'faglig', mandat: 'Tjenesteavtale 12.', gjelderFra: '2012-01-01' },
};
const VEDTAK = { organId: 'asu-hnt', vedtak: 'ASU-sak 12/21', dato: '2021-05-20' } as const;

const opprettArbeidsgruppe = (ekstra: Record<string, unknown> = {}): OrganCommand => ({
  type: 'OpprettOrgan',
  data: { organId: 'ag-barn-unge', navn: 'Arbeidsgruppen for barn og unge', organtype: 'arbeidsgruppe', oppnevntAv: 'asu-hnt', mandat: 'Barn og unges helse.', gjelderFra: '2021-06-01', ...ekstra } as never,
});
const oppnevn = (organId: string, personId: string, rolle: string, ekstra: Record<string, unknown> = {}): OrganCommand => ({
  type: 'OppnevnMedlem',
  data: { organId, periodeId: `${organId}-${personId}`, personId, navn: personId, rolle: rolle as never, fra: '2021-06-01', gjelderFra: '2021-06-01', ...ekstra },
});

describe('a body keeps its own organisation', () => {
  it("ASU's leader appoints ASU's working group (seed 001) and its members", () => {
    given(organDecider, [])
      .when(opprettArbeidsgruppe(), verifisert(ASU_LEDER))
      .then([AG_OPPRETTET]);
    const { events } = given(organDecider, [AG_OPPRETTET])
      .when(oppnevn('ag-barn-unge', 'kari-nordmann', 'leder', { oppnevntAv: VEDTAK }), verifisert(ASU_LEDER))
      .then([
        {
          type: 'MedlemOppnevnt',
          data: { organId: 'ag-barn-unge', periodeId: 'ag-barn-unge-kari-nordmann', personId: 'kari-nordmann', navn: 'kari-nordmann', rolle: 'leder', fra: '2021-06-01', oppnevntAv: VEDTAK, gjelderFra: '2021-06-01' },
        },
      ]);
    expect(events).toHaveLength(1);
    // …and may change the mandate of, or dissolve, the group it appointed.
    given(organDecider, [AG_OPPRETTET])
      .when({ type: 'EndreMandat', data: { organId: 'ag-barn-unge', mandat: 'Nytt mandat.', gjelderFra: '2022-01-01' } }, verifisert(ASU_LEDER))
      .then([{ type: 'OrganMandatEndret', data: { organId: 'ag-barn-unge', mandat: 'Nytt mandat.', gjelderFra: '2022-01-01' } }]);
  });

  it("PSU's secretary records PSU's new observer (seed 004 sak 2/19), linked to the decision", () => {
    const vedtak = { organId: 'psu-hnt', vedtak: 'PSU-sak 2/19', dato: '2019-02-15', sakId: 'sak-observatoer' };
    given(organDecider, [PSU_OPPRETTET])
      .when(oppnevn('psu-hnt', 'tore-sandvik', 'observatoer', { fra: '2019-02-15', gjelderFra: '2019-02-15', representerer: 'Trøndelag fylkeskommune', oppnevntAv: vedtak }), verifisert(PSU_SEKRETAER))
      .then([
        {
          type: 'MedlemOppnevnt',
          data: {
            organId: 'psu-hnt',
            periodeId: 'psu-hnt-tore-sandvik',
            personId: 'tore-sandvik',
            navn: 'tore-sandvik',
            rolle: 'observatoer',
            representerer: 'Trøndelag fylkeskommune',
            fra: '2019-02-15',
            oppnevntAv: vedtak,
            gjelderFra: '2019-02-15',
          },
        },
      ]);
  });

  it('a body may not change another body, nor rename or dissolve itself, nor create a body above its level or a samarbeidsutvalg', () => {
    const e1 = given(organDecider, [FAGRAAD_OPPRETTET]).when(oppnevn('fagraad-kvalitet', 'x', 'medlem', { oppnevntAv: VEDTAK }), verifisert(ASU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(e1.message).toContain('sekretariatet');
    given(organDecider, [PSU_OPPRETTET]).when({ type: 'OmdoepOrgan', data: { organId: 'psu-hnt', navn: 'Nytt navn', gjelderFra: '2021-01-01' } }, verifisert(PSU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    given(organDecider, []).when(opprettArbeidsgruppe({ oppnevntAv: 'psu-hnt' }), verifisert(ASU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    const e2 = given(organDecider, []).when(opprettArbeidsgruppe({ nivaa: 'politisk' }), verifisert(ASU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(e2.message).toContain('høyere nivå');
    given(organDecider, []).when(opprettArbeidsgruppe({ organtype: 'psu', organId: 'ny-psu' }), verifisert(ASU_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
  });

  it('an observer or a member of the body may not change it; nobody appoints themselves', () => {
    given(organDecider, [AG_OPPRETTET]).when(oppnevn('ag-barn-unge', 'y', 'medlem', { oppnevntAv: VEDTAK }), verifisert(ASU_OBSERVATOER)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    given(organDecider, [AG_OPPRETTET]).when(oppnevn('ag-barn-unge', 'peter-ardon', 'medlem', { oppnevntAv: VEDTAK }), verifisert(ASU_LEDER)).thenThrows(ActorNotAllowedError, 'egen_oppnevning');
  });
});

describe('history for any date', () => {
  // The secretariat of the tests was established in 2012; one established later cannot record earlier history.
  const SEKR_2016 = (id: string) =>
    id === 'sekretariat-ny'
      ? { ...organer('sekretariat-hnt')!, organId: 'sekretariat-ny', opprettet: '2016-01-01', medlemsperioder: [{ periodeId: 's', personId: 'sekr-ny', navn: 'Sekretær', rolle: 'sekretaer' as const, fra: '2016-01-01', avsluttet: false }] }
      : organer(id);

  it("PSU's secretary of today records a member of PSU from 2012, before her own period began", () => {
    given(organDecider, [PSU_OPPRETTET])
      .when(oppnevn('psu-hnt', 'gammel-leder', 'medlem', { fra: '2012-02-01', til: '2015-12-31', gjelderFra: '2012-02-01', oppnevntAv: { organId: 'psu-hnt', vedtak: 'PSU-sak 1/12', dato: '2012-01-20' } }), verifisert(PSU_SEKRETAER))
      .then([
        {
          type: 'MedlemOppnevnt',
          data: {
            organId: 'psu-hnt',
            periodeId: 'psu-hnt-gammel-leder',
            personId: 'gammel-leder',
            navn: 'gammel-leder',
            rolle: 'medlem',
            fra: '2012-02-01',
            til: '2015-12-31',
            oppnevntAv: { organId: 'psu-hnt', vedtak: 'PSU-sak 1/12', dato: '2012-01-20' },
            gjelderFra: '2012-02-01',
          },
        },
      ]);
  });

  it('a body that did not exist on the date is refused with the reason, and a person who is not a member today still needs the role on the date', () => {
    const ctxNy: DecisionContext = { now: NAA, aktoer: { personId: 'sekr-ny', organId: 'sekretariat-ny', rolle: 'sekretaer' }, organer: SEKR_2016, kontrollerMedlemskap: true };
    const e = given(organDecider, [PSU_OPPRETTET]).when(oppnevn('psu-hnt', 'z', 'observatoer', { fra: '2012-02-01', gjelderFra: '2012-02-01' }), ctxNy).thenThrows(ActorNotAllowedError, 'organ_ikke_aktivt_da');
    expect(e.message).toContain('fantes ikke 2012-02-01');
    // The same secretariat records today's changes.
    given(organDecider, [PSU_OPPRETTET]).when(oppnevn('psu-hnt', 'z', 'observatoer', { fra: '2022-06-01', gjelderFra: undefined }), ctxNy).then([
      { type: 'MedlemOppnevnt', data: { organId: 'psu-hnt', periodeId: 'psu-hnt-z', personId: 'z', navn: 'z', rolle: 'observatoer', fra: '2022-06-01', gjelderFra: NAA.toISOString() } },
    ]);
    // Someone who is no longer a member does not become one by back-dating.
    const tidligere: DecisionContext = { ...verifisert({ personId: 'sekretariatet-tidligere', organId: 'sekretariat-hnt', rolle: 'sekretaer' }) };
    given(organDecider, [PSU_OPPRETTET]).when(oppnevn('psu-hnt', 'z', 'observatoer'), tidligere).thenThrows(ActorNotAllowedError, 'ikke_medlem');
    expect(SEKRETARIAT.organId).toBe('sekretariat-hnt');
  });
});
