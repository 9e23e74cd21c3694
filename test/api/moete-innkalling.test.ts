/**
 * The innkalling as printable HTML and as PDF (issue #15 item 7), from the recorded PSU meeting of
 * 15 February 2019 (seed 004): the same header (body, date, place and time), the items with their
 * numbers, titles, «Forslag til vedtak» and «Saksframlegg», the orienteringssaker under their own
 * heading, signed by PSU's leader; the public version (an exempt sak's public title, nothing exempt);
 * no scripts under the API's CSP; read like the meeting. The PDF's text is extracted with pdf-parse.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { PDFParse } from 'pdf-parse';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_MEDLEM = actor('ordfoerer-a', 'psu-hnt', 'medlem');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');

const SAKER = [
  {
    tittel: 'Årsmelding 2018',
    sakstype: 'orienteringssak',
    forslagTilVedtak: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.',
    saksframlegg: 'Årsmeldingen ligger ved som vedlegg.',
  },
  {
    tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag',
    sakstype: 'orienteringssak',
    forslagTilVedtak:
      'Politisk samarbeidsutvalg tar fylkesordførerens innlegg om fylkeskommunens rolle ift helsepolitikk i Trøndelag, til orientering. Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.',
    saksframlegg: 'Saken blir lagt fram i møtet. Trøndelag fylkeskommune v/fylkesordfører Tore O. Sandvik holder et innlegg for PSU.',
  },
  {
    tittel: 'Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?',
    sakstype: 'droeftingssak',
    moetesakstype: 'droefting',
    leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon,',
    saksframlegg: 'Innledning:\nSamhandlingsreformen, innført fra 2012, formålet med reformen.',
  },
  { tittel: 'Regionalt arbeid med samhandlingsavtaler', sakstype: 'orienteringssak', moetesakstype: 'orientering', forslagTilVedtak: 'Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.' },
  { tittel: 'Samhandlingskonferanse 2020', sakstype: 'orienteringssak', moetesakstype: 'orientering', forslagTilVedtak: 'Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.' },
  { tittel: 'Dialogmøte mellom Nord Universitet, kommunene og KS', sakstype: 'orienteringssak', moetesakstype: 'orientering', forslagTilVedtak: 'Politisk samarbeidsutvalg i Nord-Trøndelag tar saken til orientering.' },
  {
    tittel: 'Oppfølging etter felles møte mellom PSU og ASU 23/10-18. Rekruttere og beholde sykepleiere og leger i regionen.',
    sakstype: 'orienteringssak',
    moetesakstype: 'orientering',
    forslagTilVedtak: 'Politisk samarbeidsutvalg i nordlige Trøndelag tar saken til orientering.',
  },
] as const;

/** An orienteringssak whose title is exempt (added as a fifth orienteringssak; not in seed 004). */
const SKJERMET = { tittel: 'Avvikssak om pasient N.N. ved Sykehuset Levanger', offentligTittel: 'Avvikssak ved Sykehuset Levanger', forslag: 'PSU tar avviksmeldingen om N.N. til orientering.' };

let api: TestApi;
let moeteId: string;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

const enLinje = (s: string) => s.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  api = await startTestApi();
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'PSU – politisk samarbeidsutvalg', 'psu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId: 'robert-svarva', navn: 'Robert Svarva', rolle: 'leder', fra: '2016-01-01' });
  await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId: 'ks-sekretaer', navn: 'KS (sekretær)', rolle: 'sekretaer', fra: '2016-01-01' });
  await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId: 'ordfoerer-a', navn: 'Ordfører A', rolle: 'medlem', fra: '2016-01-01' });
  await ok('POST', '/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Fagrådets leder', rolle: 'leder', fra: '2012-01-01' });

  moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', egenOrienteringsserie: ['psu-hnt'], gjelderFra: '2019-01-20' })).json.moeteId;
  const punkt = async (sak: { tittel: string; sakstype: string; moetesakstype?: string; forslagTilVedtak?: string; saksframlegg?: string; leggesFramAv?: string }) => {
    const sakId = (await ok('POST', '/saker', PSU_SEKRETAER, { tittel: sak.tittel, innmeldtAv: 'psu-hnt', sakstype: sak.sakstype, gjelderFra: '2019-01-10' })).json.sakId as string;
    const { sakstype: _s, ...rest } = sak;
    await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId, ...rest, gjelderFra: '2019-01-25' });
    return sakId;
  };
  for (const s of SAKER.slice(0, 3)) await punkt(s);
  await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { tittel: 'Eventuelt', moetesakstype: 'eventuelt', gjelderFra: '2019-01-25' });
  for (const s of SAKER.slice(3)) await punkt(s);
  const skjermet = await punkt({ tittel: SKJERMET.tittel, sakstype: 'orienteringssak', moetesakstype: 'orientering', forslagTilVedtak: SKJERMET.forslag });
  await ok('POST', `/saker/${skjermet}/skjerminger`, ADMIN, { felt: ['tittel'], skjermingshjemmel: 'Offentleglova § 13 jf. forvaltningsloven § 13', offentligTittel: SKJERMET.offentligTittel });
  await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-02-01' });
}, 150_000);

afterAll(async () => {
  await api?.close();
});

describe('the innkalling as printable HTML', () => {
  let html: TestResponse;
  beforeAll(async () => {
    html = await ok('GET', `/moeter/${moeteId}/innkalling.html`, PSU_MEDLEM);
  });

  it('has seed 004’s header, items in order with numbers, proposals and saksframlegg, the orienteringssaker apart, and the leader’s signature', () => {
    expect(html.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const tekst = enLinje(html.body.replace(/<[^>]+>/g, ' '));
    const rekkefoelge = [
      'Innkalling, møte i PSU – politisk samarbeidsutvalg, 15. februar 2019,',
      'Sykehuset Levanger, Store møterom Arken, 09.00–11.30',
      'Sak 1/19 Årsmelding 2018',
      `Forslag til vedtak: ${SAKER[0].forslagTilVedtak}`,
      `Saksframlegg: ${SAKER[0].saksframlegg}`,
      `Sak 2/19 ${SAKER[1].tittel}`,
      `Forslag til vedtak: ${SAKER[1].forslagTilVedtak}`,
      `Sak 3/19 ${SAKER[2].tittel}`,
      'Forslag til vedtak: Saken blir lagt fram uten forslag til vedtak.',
      'Saksframlegg: Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon, legger fram saken i møtet.',
      'Eventuelt',
      'Orienteringssaker',
      'Sak 1/19 Regionalt arbeid med samhandlingsavtaler',
      `Sak 4/19 ${SAKER[6].tittel}`,
      'Robert Svarva, leder av PSU',
    ];
    let fra = 0;
    for (const del of rekkefoelge) {
      const i = tekst.indexOf(enLinje(del), fra);
      expect({ del, funnet: i >= 0 }).toEqual({ del, funnet: true });
      fra = i + 1;
    }
  });

  it('is the public version: the exempt sak by its public title, without its proposal, with the legal basis', () => {
    expect(html.body).toContain(`Sak 5/19 ${SKJERMET.offentligTittel}`);
    expect(html.body).not.toContain('N.N.');
    expect(html.body).toContain('Unntatt offentlighet (Offentleglova § 13 jf. forvaltningsloven § 13).');
  });

  it('names no ids and has no scripts; the API’s strict CSP (inline styles only) applies and suffices', () => {
    expect(html.body).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(html.body).not.toContain('psu-hnt');
    expect(html.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
    const csp = String(html.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
    expect(html.body).toMatch(/<html lang="nb">/);
    expect(html.body.match(/<style>/g)).toHaveLength(1);
  });
});

describe('the innkalling as PDF', () => {
  it('the extracted text has every item’s number, title and proposal', async () => {
    const res = await api.request('GET', `/moeter/${moeteId}/innkalling.pdf`, { headers: PSU_MEDLEM });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const fil = Buffer.from(res.body, 'latin1');
    const raw = (await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: `/moeter/${moeteId}/innkalling.pdf`, headers: PSU_MEDLEM })).rawPayload;
    expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fil.length).toBeGreaterThan(1000);
    const parser = new PDFParse({ data: new Uint8Array(raw) });
    const tekst = enLinje((await parser.getText()).text);
    await parser.destroy();

    expect(tekst).toContain('Innkalling, møte i PSU – politisk samarbeidsutvalg, 15. februar 2019');
    expect(tekst).toContain('Sykehuset Levanger, Store møterom Arken, 09.00–11.30');
    const moete = (await ok('GET', `/moeter/${moeteId}`, PSU_MEDLEM)).json.state as { punkter: { tittel: string; sakId?: string; forslagTilVedtak?: string; moetesakstype: string; numre: { nummer: number; aar: number }[] }[] };
    let sjekket = 0;
    for (const p of moete.punkter) {
      if (p.moetesakstype === 'eventuelt') {
        expect(tekst).toContain('Eventuelt');
        continue;
      }
      const nr = `Sak ${p.numre[0]!.nummer}/19`;
      if (p.tittel === SKJERMET.tittel) {
        expect(tekst).toContain(`${nr} ${SKJERMET.offentligTittel}`);
        expect(tekst).not.toContain(SKJERMET.forslag);
      } else {
        expect(tekst).toContain(enLinje(`${nr} ${p.tittel}`));
        expect(tekst).toContain(enLinje(`Forslag til vedtak: ${p.forslagTilVedtak ?? 'Saken blir lagt fram uten forslag til vedtak.'}`));
      }
      sjekket++;
    }
    expect(sjekket).toBe(8);
    expect(tekst).toContain('Robert Svarva, leder av PSU');
  });
});

describe('read like the meeting', () => {
  it('a body not holding the meeting is refused with problem+json; unknown and bad ids', async () => {
    for (const fil of ['innkalling.html', 'innkalling.pdf']) {
      const nektet = await api.request('GET', `/moeter/${moeteId}/${fil}`, { headers: FAGRAAD });
      expectProblemResponse(nektet, 403, 'ikke_tilgang_til_moetet');
      expect(nektet.body).not.toContain('Årsmelding');
      expectProblemResponse(await api.request('GET', `/moeter/00000000-0000-4000-8000-000000000000/${fil}`, { headers: PSU_MEDLEM }), 404, 'moete_ikke_funnet');
      expectProblemResponse(await api.request('GET', `/moeter/ikke-en-uuid/${fil}`, { headers: PSU_MEDLEM }), 400);
    }
    expect((await ok('GET', `/moeter/${moeteId}/innkalling.html`, ADMIN)).status).toBe(200);
  });
});
