/**
 * A whole sak driven through a client generated from saksgang's own OpenAPI document
 * (`openapi-typescript` → `schema.generated.d.ts`, `openapi-fetch`). The test that runs it generates
 * the types from `/docs-json` first and type-checks this file against them: a path, a field, a
 * parameter or an answer the document does not describe fails to compile.
 *
 * The story is the handlingsplan of seed 002: PSU (sak 3/17) orders it from ASU, ASU (16/2017)
 * delegates to a fagråd, the fagråd delivers, ASU recommends, the joint PSU/ASU meeting decides,
 * the decision is followed up and the sak is closed.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from './schema.generated.js';

type Headers = Record<string, string>;

/** What the drive found, for the test to check. */
export interface Kjoering {
  readonly sakId: string;
  readonly periodeId: string;
  readonly vedtakstekst: string | undefined;
  readonly moetesaksnummer: string | undefined;
  readonly fase: string;
  readonly steg: number;
}

function ok<T>(r: { data?: T; error?: unknown; response: Response }, hva: string): T {
  if (r.data === undefined) throw new Error(`${hva}: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data;
}

export async function kjoerSak(client: Client<paths>, som: (personId: string, organId: string, rolle: string) => Headers): Promise<Kjoering> {
  const drift = som('it-drift', 'drift', 'drift');
  const psu = som('ks-sekretaer', 'psu-hnt', 'sekretaer');
  const asu = som('olav-bremnes', 'asu-hnt', 'sekretaer');
  const fagraad = som('fagraad-leder', 'fagraad-12', 'leder');
  let steg = 0;

  for (const [organId, navn, organtype] of [
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['fagraad-12', 'Fagråd 12', 'fagraad'],
  ] as const) {
    ok(await client.POST('/organer', { headers: drift, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } }), `opprett ${organId}`);
  }
  const medlem = ok(
    await client.POST('/organer/{organId}/medlemmer', {
      params: { path: { organId: 'asu-hnt' } },
      headers: drift,
      body: { personId: 'olav-bremnes', navn: 'Olav Bremnes', rolle: 'sekretaer', fra: '2016-01-01', oppnevntAv: { drift: true } },
    }),
    'oppnevn',
  );

  const reg = ok(await client.POST('/saker', { headers: psu, body: { tittel: 'Handlingsplan for samhandling 2018–2021', innmeldtAv: 'psu-hnt', saksnummer: '3/17', gjelderFra: '2017-03-16' } }), 'registrer');
  const sakId = reg.sakId;
  const sak = { path: { sakId } };
  steg++;
  ok(await client.POST('/saker/{sakId}/bestillinger', { params: sak, headers: psu, body: { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan.', frist: '2018-02-13', gjelderFra: '2017-03-16' } }), 'bestill');
  ok(await client.POST('/saker/{sakId}/bestillinger/mottak', { params: sak, headers: asu, body: { saksnummer: '16/2017', gjelderFra: '2017-04-18' } }), 'motta');
  const oppdrag = ok(
    await client.POST('/saker/{sakId}/oppdrag', { params: sak, headers: asu, body: { tilOrganId: 'fagraad-12', mandat: 'Beskrive forbedringsarbeidet.', frist: '2017-10-01', gjelderFra: '2017-05-01' } }),
    'deleger',
  );
  const oppdragId = oppdrag.oppdragId;
  const o = { path: { sakId, oppdragId } };
  ok(await client.POST('/saker/{sakId}/oppdrag/{oppdragId}/aksept', { params: o, headers: fagraad, body: { gjelderFra: '2017-05-10' } }), 'aksepter');
  ok(await client.POST('/saker/{sakId}/oppdrag/{oppdragId}/leveranser', { params: o, headers: fagraad, body: { leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20' } }), 'lever');
  ok(await client.POST('/saker/{sakId}/oppdrag/{oppdragId}/leveranser/godtakelse', { params: o, headers: asu, body: { gjelderFra: '2017-09-25' } }), 'godta');
  ok(await client.POST('/saker/{sakId}/innstilling', { params: sak, headers: asu, body: { forslagTilVedtak: 'Handlingsplanen vedtas.', gjelderFra: '2017-11-15' } }), 'innstill');
  const punkt = ok(await client.POST('/saker/{sakId}/saksliste', { params: sak, headers: asu, body: { organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23', moetested: 'Stjørdal' } }), 'saksliste');
  ok(
    await client.POST('/saker/{sakId}/sakslistepunkter/{sakslistepunktId}/vedtak', {
      params: { path: { sakId, sakslistepunktId: punkt.sakslistepunktId } },
      headers: asu,
      body: { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU og ASU vedtar handlingsplanen for 2018–2021.' },
    }),
    'vedtak',
  );
  const oppfoelging = ok(
    await client.POST('/saker/{sakId}/oppfoelginger', { params: sak, headers: asu, body: { tilOrganId: 'fagraad-12', beskrivelse: 'Følg opp tiltakene.', frist: '2018-06-30', gjelderFra: '2017-11-24' } }),
    'oppfølging',
  );
  const f = { path: { sakId, oppfoelgingId: oppfoelging.oppfoelgingId } };
  ok(await client.POST('/saker/{sakId}/oppfoelginger/{oppfoelgingId}/rapporter', { params: f, headers: fagraad, body: { rapport: 'Tiltakene er i gang.', gjelderFra: '2018-03-01' } }), 'rapport');
  ok(await client.POST('/saker/{sakId}/oppfoelginger/{oppfoelgingId}/fullfoering', { params: f, headers: fagraad, body: { gjelderFra: '2018-06-01' } }), 'fullført');
  ok(await client.POST('/saker/{sakId}/avslutning', { params: sak, headers: asu, body: { avskrivningsmaate: 'Vedtak fulgt opp', gjelderFra: '2018-06-02' } }), 'avslutt');
  steg += 13;

  const lest = ok(await client.GET('/saker/{sakId}', { params: sak, headers: asu }), 'les');
  const vedtak = lest.state.sakslistepunkter[0]?.vedtak;
  const nummer = lest.state.sakslistepunkter[0]?.organer.find((x) => x.organId === 'psu-hnt');
  return {
    sakId,
    periodeId: medlem.periodeId,
    vedtakstekst: vedtak?.vedtakstekst,
    moetesaksnummer: nummer ? `${nummer.moetesakssekvensnummer}/${String(nummer.moetesaksaar).slice(2)}` : undefined,
    fase: lest.state.fase,
    steg,
  };
}
