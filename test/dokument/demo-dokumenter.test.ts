/**
 * The demo's stories carry their documents (#16 item 5): seed 002's hearing draft of the action plan is
 * the handlingsplan sak's hoveddokument and the document the 2017 hearing was sent with; seed 001's
 * letter to the ministry is a PDF in its own words, the innspill sak's hoveddokument and the document of
 * the letter sent on 31 March 2022; seed 004's årsmelding is still there. Each uploaded by the person
 * who acted, on the day, readable by the public (none is exempt), and loading again records nothing.
 * The hash chain covers their bytes: `verify` passes on the loaded demo and finds a changed byte.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEMO_DOKUMENTER, DEMO_SAKER, DemoLoader, demoDokumentId } from '@saksgang/application';
import { verify } from '@saksgang/audit';
import { comparePositions } from '@saksgang/event-store';
import { PDFParse } from 'pdf-parse';
import { actor, startTestApi, type TestApi } from '../api/support.js';

jest.setTimeout(300_000);

let api: TestApi;
beforeAll(async () => {
  // The demo is loaded below (not on start); the read models run, so the lists answer once they caught up.
  api = await startTestApi({ SAKSGANG_DEMO: 'off', SAKSGANG_PROJECTIONS: 'on' });
  await api.app.get(DemoLoader).load();
});
afterAll(async () => {
  await api?.close();
});

const SEKRETARIATET = actor('samhandlingsleder-kommunene', 'sekretariat-hnt', 'sekretaer');
const UTKAST = demoDokumentId('handlingsplan-2018-2021:hoeringsutkast');
const BREV = demoDokumentId('innspill-nhsp-2024-27:brev');

interface Rad {
  dokumentId: string;
  tittel: string;
  tilknytningsrolle: string;
  gjeldendeVersjon: { format: string; formatnavn: string; filnavn: string; gjelderFra: string; lastetOppAv: { personNavn: string | null; organNavn: string | null; rollenavn: string } };
}

async function liste(sakId: string, offentlig = false): Promise<Rad[]> {
  // The read models catch up with the demo just loaded (503 until then).
  const frist = Date.now() + 120_000;
  let res = await api.request('GET', offentlig ? `/offentlig/saker/${sakId}/dokumenter` : `/saker/${sakId}/dokumenter`, offentlig ? {} : { headers: SEKRETARIATET });
  while (res.status === 503 && Date.now() < frist) {
    await new Promise((r) => setTimeout(r, 250));
    res = await api.request('GET', offentlig ? `/offentlig/saker/${sakId}/dokumenter` : `/saker/${sakId}/dokumenter`, offentlig ? {} : { headers: SEKRETARIATET });
  }
  expect(res.status).toBe(200);
  return (res.json as { dokumenter: Rad[] }).dokumenter;
}

async function innhold(dokumentId: string): Promise<Buffer> {
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: `/offentlig/dokumenter/${dokumentId}/innhold` });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

const hendelse = async (sakId: string, type: string) => (await api.opened.store.readStream(`sak-${sakId}`)).filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);

describe('seed 002: the hearing of the draft action plan', () => {
  it('the draft is the sak’s hoveddokument, uploaded by ASU’s secretary the day the hearing was sent, and the hearing names it', async () => {
    const rad = (await liste(DEMO_SAKER.handlingsplan)).find((d) => d.dokumentId === UTKAST);
    expect(rad).toMatchObject({
      tittel: 'Høringsutkast: Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021',
      tilknytningsrolle: 'hoveddokument',
      gjeldendeVersjon: { format: 'txt', gjelderFra: expect.stringMatching(/^2017-11-24/), lastetOppAv: { personNavn: 'Olav Bremnes', organNavn: expect.stringMatching(/^Administrativt samarbeidsutvalg/), rollenavn: 'sekretær' } },
    });
    const [sendt] = await hendelse(DEMO_SAKER.handlingsplan, 'SendtPaaHoering');
    expect(sendt).toMatchObject({ hoeringId: 'demo-hoering-handlingsplan-2017', dokumentId: UTKAST });
    const tekst = (await innhold(UTKAST)).toString('utf8');
    // Seed 002's own words, and first what the document stands in for (the draft is not among the papers).
    expect(tekst).toMatch(/^\(Demodokument: selve høringsutkastet fra november 2017 er ikke blant kildedokumentene/);
    expect(tekst).toContain('I oktober 2017 har man etterspurt innspill fra kommuner, HNT og andre samarbeidspartnere.');
    expect(tekst).toContain('PSU vedtok i sak 3/17 forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversendte saken til ASU for videre oppfølging. ASU behandlet saken i sak 16/2017.');
    // Not the adopted plan's later sentence about the February 2018 decision: a November 2017 draft could not say it.
    expect(tekst).not.toContain('13. februar 2018');
    // Uploaded before the hearing was sent: its document came first in the global order.
    const dokumentPos = (await api.opened.store.readStream(`dokument-${UTKAST}`))[0]!.position;
    const hoeringPos = (await api.opened.store.readStream(`sak-${DEMO_SAKER.handlingsplan}`)).find((e) => e.type === 'SendtPaaHoering')!.position;
    expect(comparePositions(dokumentPos, hoeringPos)).toBeLessThan(0);
  });
});

describe('seed 001: the letter to the ministry', () => {
  it('is a PDF in the letter’s own words with both leaders’ names, the sak’s hoveddokument, named by the letter sent', async () => {
    const rad = (await liste(DEMO_SAKER.innspillNhsp)).find((d) => d.dokumentId === BREV);
    expect(rad).toMatchObject({
      tilknytningsrolle: 'hoveddokument',
      gjeldendeVersjon: { format: 'pdf', formatnavn: 'PDF', filnavn: 'Innspill til Nasjonal helse- og sykehusplan 2024-27.pdf', gjelderFra: expect.stringMatching(/^2022-03-31/), lastetOppAv: { organNavn: 'Sekretariatet for helsefellesskapet', rollenavn: 'sekretær' } },
    });
    const [brev] = await hendelse(DEMO_SAKER.innspillNhsp, 'BrevSendt');
    expect(brev).toMatchObject({ brevId: 'demo-brev-innspill-nhsp', dokumentId: BREV });
    const pdf = await innhold(BREV);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const tekst = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const s of ['Steinkjer, 31. mars 2022', 'v/ Statsråd Ingvild Kjerkol', 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag', 'Dette innspillet er vedtatt av felles både Politisk- og Administrativt Samarbeidsutvalg den 30. mars 2022.', 'Hege Nordheim-Viken, Leder i Politisk Samarbeidsutvalg', 'Bjørn Ståle Aalberg, Leder i Administrativt Samarbeidsutvalg', 'Arbeidsutvalget består av lederne for politisk- og administrativt samarbeidsutvalg (PSU og ASU) i tillegg til sekretariatet.', 'VI. Er det noe annet dere vil spille inn til Nasjonal helse- og sykehusplan 2024 – 2027?']) {
      expect(tekst).toContain(s);
    }
  });
});

describe('every story’s documents', () => {
  it('are public (none is exempt), with seed 004’s årsmelding, and loading again records nothing (the same bytes)', async () => {
    const offentlige = [...(await liste(DEMO_SAKER.handlingsplan, true)), ...(await liste(DEMO_SAKER.innspillNhsp, true)), ...(await liste(DEMO_SAKER.psu1_19, true))].map((d) => d.dokumentId);
    expect(offentlige).toEqual(expect.arrayContaining(DEMO_DOKUMENTER.map((d) => d.dokumentId)));
    expect(DEMO_DOKUMENTER.map((d) => d.dokumentId)).toEqual(expect.arrayContaining([UTKAST, BREV]));
    const igjen = await api.app.get(DemoLoader).load();
    expect(igjen.recordedEvents).toBe(0);
  });
});

describe('verify', () => {
  it('passes on the loaded demo with its documents, each checksum the SHA-256 of the bytes served; a changed byte of the letter is found', async () => {
    const { createHash } = await import('node:crypto');
    for (const d of DEMO_DOKUMENTER) {
      const [registrert] = await api.opened.store.readStream(`dokument-${d.dokumentId}`);
      const objekt = (registrert!.data as { dokumentobjekt: { sjekksum: string } }).dokumentobjekt;
      expect(objekt.sjekksum).toBe(createHash('sha256').update(await innhold(d.dokumentId)).digest('hex'));
    }
    const foer = await verify(api.opened.store, { kind: 'store' }, { sql: api.opened.sql });
    expect(foer.issues).toEqual([]);
    expect(foer.ok).toBe(true);
    const [brev] = await api.opened.store.readStream(`dokument-${BREV}`);
    const { lagringsId } = (brev!.data as { dokumentobjekt: { lagringsId: string } }).dokumentobjekt;
    await api.opened.sql.query('update dokument_blokk set data = set_byte(data, 10, get_byte(data, 10) # 1) where lagrings_id = $1 and nr = 0', [lagringsId]);
    const etter = await verify(api.opened.store, { kind: 'store' }, { sql: api.opened.sql });
    expect(etter.ok).toBe(false);
    expect(etter.issues.map((i) => [i.streamName, i.kind])).toEqual([[`dokument-${BREV}`, 'changed']]);
  });
});
