/**
 * Documents over HTTP (#16 item 1): upload and download with the bytes compared, the format told by
 * content (not by name), the size limit while streaming, access like the sak's and the meeting's
 * (an exempt document never for the public), and a changed stored byte found by `verify`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle, verify } from '@saksgang/audit';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from '../api/support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');
const HJEMMEL = 'offl. § 13 jf. fvl. § 13 første ledd nr. 1';
const MAKS = 200_000;

let api: TestApi;
let sakId = '';

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

const GRENSE = '----saksgang-test-grense';

/** A multipart/form-data body: the fields, then the file in «fil». */
function skjema(felter: Record<string, string>, fil?: { navn: string; bytes: Buffer }): Buffer {
  const deler: Buffer[] = [];
  for (const [k, v] of Object.entries(felter)) deler.push(Buffer.from(`--${GRENSE}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (fil) {
    deler.push(Buffer.from(`--${GRENSE}\r\nContent-Disposition: form-data; name="fil"; filename="${fil.navn}"\r\nContent-Type: application/octet-stream\r\n\r\n`), fil.bytes, Buffer.from('\r\n'));
  }
  deler.push(Buffer.from(`--${GRENSE}--\r\n`));
  return Buffer.concat(deler);
}

async function send(url: string, headers: Record<string, string>, payload: Buffer | Readable): Promise<TestResponse> {
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'POST', url, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${GRENSE}` }, payload });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: res.body, json };
}

async function hentBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer; body: string }> {
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, body: res.body };
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
    '% Årsmelding 2018 — Helsefellesskapet, ligger ved som vedlegg (seed 004, sak 1/19)\n' +
    'x'.repeat(70_000) +
    '\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'utf8',
);
const PDFA = Buffer.from('%PDF-1.7\n<x:xmpmeta><rdf:Description pdfaid:part="2" pdfaid:conformance="B"/></x:xmpmeta>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);
const TEKST = Buffer.from('Saksframlegg: PSU tar årsmeldingen til orientering.\nÆØÅ æøå\n', 'utf8');

async function lastOpp(felter: Record<string, string>, fil: { navn: string; bytes: Buffer }, hvem = PSU_SEKRETAER): Promise<TestResponse> {
  return send('/dokumenter', hvem, skjema(felter, fil));
}

beforeAll(async () => {
  process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'] = String(MAKS);
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on' });
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  const reg = await ok('POST', '/saker', PSU_SEKRETAER, { tittel: 'Årsmelding 2018', beskrivelse: 'Årsmeldingen ligger ved som vedlegg.', innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak', gjelderFra: '2019-01-20' });
  sakId = reg.json.sakId as string;
}, 180_000);
afterAll(async () => {
  delete process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'];
  await api?.close();
});

describe('upload and download', () => {
  it('gives back exactly the uploaded bytes, with Content-Type, Content-Length, ETag = SHA-256 and the file name; the checksum is in the event', async () => {
    const res = await lastOpp({ tittel: 'Årsmelding 2018', tilknytningstype: 'sak', sakId, tilknytningsrolle: 'hoveddokument' }, { navn: 'Årsmelding 2018.pdf', bytes: PDF });
    expect(res.status).toBe(201);
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(res.json.dokumentobjekt).toMatchObject({ versjonsnummer: 1, format: 'pdf', filstoerrelse: PDF.length, sjekksum: sha, sjekksumAlgoritme: 'SHA-256', filnavn: 'Årsmelding 2018.pdf' });
    const dokumentId = res.json.dokumentId as string;
    expect(res.headers['location']).toBe(`/dokumenter/${dokumentId}`);
    const [event] = await api.opened.store.readStream(`dokument-${dokumentId}`);
    expect(event!.type).toBe('DokumentRegistrert');
    expect((event!.data as { dokumentobjekt: { sjekksum: string } }).dokumentobjekt.sjekksum).toBe(sha);

    const ned = await hentBytes(`/dokumenter/${dokumentId}/innhold`, PSU_SEKRETAER);
    expect(ned.status).toBe(200);
    expect(Buffer.compare(ned.bytes, PDF)).toBe(0);
    expect(ned.headers['content-type']).toBe('application/pdf');
    expect(Number(ned.headers['content-length'])).toBe(PDF.length);
    expect(ned.headers['etag']).toBe(`"${sha}"`);
    expect(String(ned.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('Årsmelding 2018.pdf')}`);

    const beskrivelse = await ok('GET', `/dokumenter/${dokumentId}`, PSU_SEKRETAER);
    expect(beskrivelse.json).toMatchObject({ tittel: 'Årsmelding 2018', tilknytningsrolle: 'hoveddokument', tilknytning: { type: 'sak', sakId } });
  });

  it('records a new version as a new fact; both versions stay downloadable; the same content again is refused', async () => {
    const foerste = await lastOpp({ tittel: 'Saksframlegg', tilknytningstype: 'sak', sakId }, { navn: 'saksframlegg.txt', bytes: TEKST });
    expect(foerste.status).toBe(201);
    expect(foerste.json.dokumentobjekt).toMatchObject({ format: 'txt', filnavn: 'saksframlegg.txt' });
    const id = foerste.json.dokumentId as string;
    const ny = Buffer.concat([TEKST, Buffer.from('Rettet.\n')]);
    const andre = await send(`/dokumenter/${id}/versjoner`, PSU_SEKRETAER, skjema({ merknad: 'Rettet en setning' }, { navn: 'saksframlegg v2.txt', bytes: ny }));
    expect(andre.status).toBe(201);
    expect(andre.json.dokumentobjekt.versjonsnummer).toBe(2);
    expect((await api.opened.store.readStream(`dokument-${id}`)).map((e) => e.type)).toEqual(['DokumentRegistrert', 'DokumentversjonLagtTil']);
    expect(Buffer.compare((await hentBytes(`/dokumenter/${id}/innhold`, PSU_SEKRETAER)).bytes, ny)).toBe(0);
    expect(Buffer.compare((await hentBytes(`/dokumenter/${id}/innhold?versjon=1`, PSU_SEKRETAER)).bytes, TEKST)).toBe(0);
    expect(String((await hentBytes(`/dokumenter/${id}/innhold`, PSU_SEKRETAER)).headers['content-type'])).toBe('text/plain; charset=utf-8');

    const foer = await countEvents(api);
    const lik = await send(`/dokumenter/${id}/versjoner`, PSU_SEKRETAER, skjema({}, { navn: 'igjen.txt', bytes: ny }));
    expectProblemResponse({ ...lik }, 422, 'versjon_uendret');
    expect(await countEvents(api)).toBe(foer);
  });
});

describe('Idempotency-Key on an upload', () => {
  const innholdsrader = async () => (await api.opened.sql.query<{ n: number }>('select count(*)::int as n from dokument_innhold')).rows[0]!.n;
  const fil = (tekst: string) => ({ navn: 'saksframlegg.txt', bytes: Buffer.from(tekst, 'utf8') });
  const medNoekkel = (noekkel: string) => ({ ...PSU_SEKRETAER, 'idempotency-key': noekkel });

  it('the same key with the same fields and file answers the first answer and records nothing; another file or other fields are refused (422), nothing recorded or kept', async () => {
    const felter = { tittel: 'Saksframlegg sak 1/19', tilknytningstype: 'sak', sakId, tilknytningsrolle: 'vedlegg' };
    const noekkel = `opplasting-${randomUUID()}`;
    const foerste = await send('/dokumenter', medNoekkel(noekkel), skjema(felter, fil('Saksframlegg: PSU godkjenner årsmeldingen.\n')));
    expect(foerste.status).toBe(201);
    const hendelser = await countEvents(api);
    const rader = await innholdsrader();

    const igjen = await send('/dokumenter', medNoekkel(noekkel), skjema(felter, fil('Saksframlegg: PSU godkjenner årsmeldingen.\n')));
    expect(igjen.status).toBe(201);
    expect(igjen.json).toMatchObject({ dokumentId: foerste.json.dokumentId, hendelser: foerste.json.hendelser, revision: foerste.json.revision, replayed: true, dokumentobjekt: foerste.json.dokumentobjekt });
    expect(igjen.headers['location']).toBe(foerste.headers['location']);

    const annenFil = await send('/dokumenter', medNoekkel(noekkel), skjema(felter, fil('Saksframlegg: PSU avviser årsmeldingen.\n')));
    expectProblemResponse(annenFil, 422, 'idempotency_key_reused');
    expect(annenFil.json.detail).toMatch(/allerede brukt for en opplasting med en annen fil/);
    const andreFelter = await send('/dokumenter', medNoekkel(noekkel), skjema({ ...felter, tittel: 'Et annet dokument' }, fil('Saksframlegg: PSU godkjenner årsmeldingen.\n')));
    expectProblemResponse(andreFelter, 422, 'idempotency_key_reused');
    expect(await countEvents(api)).toBe(hendelser);
    expect(await innholdsrader()).toBe(rader);
    // The first document is as it was.
    expect((await hentBytes(`/dokumenter/${foerste.json.dokumentId}/innhold`, PSU_SEKRETAER)).body).toBe('Saksframlegg: PSU godkjenner årsmeldingen.\n');
    // Another person's same key is another request.
    const annenPerson = await send('/dokumenter', { ...ADMIN, 'idempotency-key': noekkel }, skjema(felter, fil('Saksframlegg fra sekretariatet.\n')));
    expect(annenPerson.status).toBe(201);
    expect(annenPerson.json.dokumentId).not.toBe(foerste.json.dokumentId);
  });

  it('a new version: the same key and file answers the first answer; another file is refused, nothing recorded or kept', async () => {
    const dok = await lastOpp({ tittel: 'Møtebok PSU 15.02.2019', tilknytningstype: 'sak', sakId }, fil('Møtebok, utkast 1\n'));
    const url = `/dokumenter/${dok.json.dokumentId}/versjoner`;
    const noekkel = `versjon-${randomUUID()}`;
    const foerste = await send(url, medNoekkel(noekkel), skjema({ merknad: 'Rettet dato' }, fil('Møtebok, utkast 2\n')));
    expect(foerste.status).toBe(201);
    const hendelser = await countEvents(api);
    const rader = await innholdsrader();
    const igjen = await send(url, medNoekkel(noekkel), skjema({ merknad: 'Rettet dato' }, fil('Møtebok, utkast 2\n')));
    expect(igjen.status).toBe(201);
    expect(igjen.json).toMatchObject({ hendelser: foerste.json.hendelser, revision: foerste.json.revision, replayed: true });
    expectProblemResponse(await send(url, medNoekkel(noekkel), skjema({ merknad: 'Rettet dato' }, fil('Møtebok, utkast 3\n'))), 422, 'idempotency_key_reused');
    expectProblemResponse(await send(url, medNoekkel(noekkel), skjema({ merknad: 'Rettet navn' }, fil('Møtebok, utkast 2\n'))), 422, 'idempotency_key_reused');
    expect(await countEvents(api)).toBe(hendelser);
    expect(await innholdsrader()).toBe(rader);
    const beskrivelse = await ok('GET', `/dokumenter/${dok.json.dokumentId}`, PSU_SEKRETAER);
    expect(beskrivelse.json.dokument?.versjoner?.length ?? beskrivelse.json.versjoner?.length).toBe(2);
  });
});

describe('the format is told by the content, not the name', () => {
  it('a PDF named .png is taken as a PDF (and stored with .pdf added); PDF/A is recognised', async () => {
    const res = await lastOpp({ tittel: 'Feil navn', tilknytningstype: 'sak', sakId }, { navn: 'bilde.png', bytes: PDF });
    expect(res.status).toBe(201);
    expect(res.json.dokumentobjekt).toMatchObject({ format: 'pdf', mimeType: 'application/pdf', filnavn: 'bilde.png.pdf' });
    const a = await lastOpp({ tittel: 'Arkivversjon', tilknytningstype: 'sak', sakId }, { navn: 'arkiv.pdf', bytes: PDFA });
    expect(a.json.dokumentobjekt).toMatchObject({ format: 'pdf', formatDetaljer: 'PDF/A-2b' });
  });

  it('a program named .pdf, and binary bytes that are not text, are refused with 415 naming the field; nothing is recorded or kept', async () => {
    const { rows: foerRader } = await api.opened.sql.query<{ n: number }>('select count(*)::int as n from dokument_innhold');
    const foer = await countEvents(api);
    for (const bytes of [EXE, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x42])]) {
      const res = await lastOpp({ tittel: 'Program', tilknytningstype: 'sak', sakId }, { navn: 'rapport.pdf', bytes });
      expectProblemResponse(res, 415, 'format_ikke_tillatt');
      expect(res.json.detail).toMatch(/^fil: /);
    }
    expect(await countEvents(api)).toBe(foer);
    const { rows } = await api.opened.sql.query<{ n: number }>('select count(*)::int as n from dokument_innhold');
    expect(rows[0]!.n).toBe(foerRader[0]!.n);
  });

  it('a request that is not multipart is 415; a missing file or a bad field is 400 naming the field', async () => {
    expectProblemResponse(await api.request('POST', '/dokumenter', { headers: PSU_SEKRETAER, body: { tittel: 'x' } }), 415);
    const uten = await send('/dokumenter', PSU_SEKRETAER, skjema({ tittel: 'Uten fil', tilknytningstype: 'sak', sakId }));
    expectProblemResponse(uten, 400);
    expect(uten.json.errors[0].field).toBe('fil');
    const feil = await lastOpp({ tittel: 'x', tilknytningstype: 'moetepunkt', sakId }, { navn: 'a.txt', bytes: TEKST });
    expectProblemResponse(feil, 400);
    expect(JSON.stringify(feil.json)).toMatch(/moeteId|sakId/);
    const ukjent = await lastOpp({ tittel: 'x', tilknytningstype: 'sak', sakId: randomUUID() }, { navn: 'a.txt', bytes: TEKST });
    expectProblemResponse(ukjent, 404, 'sak_ikke_funnet');
    // Not well-formed multipart, or a file part cut off: 400, nothing recorded.
    const foer = await countEvents(api);
    const ugyldig = await api.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/dokumenter', headers: { ...PSU_SEKRETAER, 'content-type': 'multipart/form-data; boundary=x' }, payload: 'a=1&b=2' });
    expect(ugyldig.statusCode).toBe(400);
    const helt = skjema({ tittel: 'Avkuttet', tilknytningstype: 'sak', sakId }, { navn: 'a.txt', bytes: Buffer.alloc(5000, 0x61) });
    const avkuttet = await send('/dokumenter', PSU_SEKRETAER, helt.subarray(0, helt.length - 2000));
    expectProblemResponse(avkuttet, 400, 'ugyldig_multipart');
    expect(await countEvents(api)).toBe(foer);
    // multipart to a JSON route stays 415
    expectProblemResponse(await send('/saker', PSU_SEKRETAER, skjema({ tittel: 'x' })), 415);
  });
});

describe('the size limit', () => {
  it('stops a streamed upload at the limit without reading the whole file (413, nothing recorded or kept)', async () => {
    const foer = await countEvents(api);
    let lest = 0;
    const total = 50 * 1024 * 1024;
    const hode = Buffer.from(
      `--${GRENSE}\r\nContent-Disposition: form-data; name="tittel"\r\n\r\nFor stor\r\n--${GRENSE}\r\nContent-Disposition: form-data; name="tilknytningstype"\r\n\r\nsak\r\n--${GRENSE}\r\nContent-Disposition: form-data; name="sakId"\r\n\r\n${sakId}\r\n--${GRENSE}\r\nContent-Disposition: form-data; name="fil"; filename="stor.txt"\r\n\r\n`,
    );
    // Over a real connection: the answer comes while the client is still sending.
    await api.app.listen(0, '127.0.0.1');
    const port = (api.app.getHttpServer().address() as AddressInfo).port;
    const res = await new Promise<TestResponse>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/dokumenter', method: 'POST', headers: { ...PSU_SEKRETAER, 'content-type': `multipart/form-data; boundary=${GRENSE}` } }, (svar) => {
        const biter: Buffer[] = [];
        svar.on('data', (b: Buffer) => biter.push(b));
        svar.on('end', () => {
          const body = Buffer.concat(biter).toString();
          resolve({ status: svar.statusCode ?? 0, headers: svar.headers, body, json: JSON.parse(body) });
          req.destroy();
        });
      });
      req.on('error', (e) => (svarFikk ? undefined : reject(e)));
      let svarFikk = false;
      req.on('response', () => (svarFikk = true));
      req.write(hode);
      const skriv = (): void => {
        while (!svarFikk && lest < total) {
          lest += 64 * 1024;
          if (!req.write(Buffer.alloc(64 * 1024, 0x61))) {
            req.once('drain', skriv);
            return;
          }
        }
        if (!svarFikk) req.end(`\r\n--${GRENSE}--\r\n`);
      };
      skriv();
    });
    expectProblemResponse(res, 413, 'dokument_for_stort');
    expect(res.json.detail).toMatch(/^fil: /);
    expect(lest).toBeLessThan(total / 4);
    expect(await countEvents(api)).toBe(foer);
  });
});

describe('who reads a document', () => {
  let aapen = '';
  let skjermet = '';
  let moetedok = '';
  beforeAll(async () => {
    aapen = (await lastOpp({ tittel: 'Offentlig vedlegg', tilknytningstype: 'sak', sakId }, { navn: 'vedlegg.txt', bytes: Buffer.from('offentlig innhold\n') })).json.dokumentId;
    const s = await lastOpp({ tittel: 'Pasientopplysninger', tilknytningstype: 'sak', sakId, skjermingshjemmel: HJEMMEL }, { navn: 'skjermet.txt', bytes: Buffer.from('taushetsbelagt\n') });
    expect(s.status).toBe(201);
    skjermet = s.json.dokumentId;
    const moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', moetested: 'Levanger', gjelderFra: '2019-01-20' })).json.moeteId as string;
    await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId, tittel: 'Årsmelding 2018', moetesakstype: 'orientering', gjelderFra: '2019-01-25' });
    const punktId = (await ok('GET', `/moeter/${moeteId}`, PSU_SEKRETAER)).json.state.punkter[0].punktId as string;
    const m = await lastOpp({ tittel: 'Årsmelding 2018 (møtedokument)', tilknytningstype: 'moetepunkt', moeteId, punktId }, { navn: 'aarsmelding.pdf', bytes: PDF });
    expect(m.status).toBe(201);
    moetedok = m.json.dokumentId;
  });

  it('the public downloads a sak\'s document that is not exempt, never an exempt one nor a meeting\'s', async () => {
    expect((await hentBytes(`/offentlig/dokumenter/${aapen}/innhold`)).status).toBe(200);
    const s = await hentBytes(`/offentlig/dokumenter/${skjermet}/innhold`);
    expect(s.status).toBe(403);
    expect(s.body).not.toContain('taushetsbelagt');
    expect((await hentBytes(`/offentlig/dokumenter/${moetedok}/innhold`)).status).toBe(403);
  });

  it('a person of a body that did not handle the sak reads the open document, not the exempt one; the sak\'s bodies and the sekretariat read both', async () => {
    expect((await hentBytes(`/dokumenter/${aapen}/innhold`, FAGRAAD)).status).toBe(200);
    const nei = await api.request('GET', `/dokumenter/${skjermet}`, { headers: FAGRAAD });
    expectProblemResponse(nei, 403, 'dokument_skjermet');
    expect((await hentBytes(`/dokumenter/${skjermet}/innhold`, FAGRAAD)).status).toBe(403);
    expect(Buffer.from((await hentBytes(`/dokumenter/${skjermet}/innhold`, PSU_SEKRETAER)).bytes).toString()).toBe('taushetsbelagt\n');
    expect((await hentBytes(`/dokumenter/${skjermet}/innhold`, ADMIN)).status).toBe(200);
  });

  it('the sak\'s document list (read model) shows the exempt document only to those who may read it', async () => {
    const sist = (await lastOpp({ tittel: 'Siste vedlegg', tilknytningstype: 'sak', sakId }, { navn: 'siste.txt', bytes: Buffer.from('siste\n') })).json.position as string;
    const q = `?minPosition=${encodeURIComponent(sist)}`;
    const titler = async (url: string, headers: Record<string, string>) => ((await ok('GET', url, headers)).json.dokumenter as { tittel: string }[]).map((d) => d.tittel);
    const psu = await titler(`/saker/${sakId}/dokumenter${q}`, PSU_SEKRETAER);
    expect(psu).toEqual(expect.arrayContaining(['Årsmelding 2018', 'Offentlig vedlegg', 'Pasientopplysninger', 'Siste vedlegg']));
    expect(psu).not.toContain('Årsmelding 2018 (møtedokument)');
    const fagraad = await titler(`/saker/${sakId}/dokumenter${q}`, FAGRAAD);
    expect(fagraad).toContain('Offentlig vedlegg');
    expect(fagraad).not.toContain('Pasientopplysninger');
    const offentlig = await api.request('GET', `/offentlig/saker/${sakId}/dokumenter${q}`);
    expect(offentlig.status).toBe(200);
    expect(offentlig.body).not.toContain('Pasientopplysninger');
    expect(offentlig.body).toContain('Offentlig vedlegg');
    expect(psu.length).toBe(fagraad.length + 1);
  });

  it('a meeting item\'s document is read as the meeting: not by a body that does not hold it', async () => {
    expect((await hentBytes(`/dokumenter/${moetedok}/innhold`, PSU_SEKRETAER)).status).toBe(200);
    expect((await hentBytes(`/dokumenter/${moetedok}/innhold`, FAGRAAD)).status).toBe(403);
  });

  it('a body not tied to the sak cannot attach to it (403), nothing recorded', async () => {
    const foer = await countEvents(api);
    const res = await lastOpp({ tittel: 'Fra utenfor', tilknytningstype: 'sak', sakId }, { navn: 'a.txt', bytes: TEKST }, FAGRAAD);
    expectProblemResponse(res, 403);
    expect(await countEvents(api)).toBe(foer);
  });

  it('exempting a document afterwards hides it from the public; lifting it shows it again', async () => {
    await ok('POST', `/dokumenter/${aapen}/skjerming`, PSU_SEKRETAER, { skjermingshjemmel: HJEMMEL });
    expect((await hentBytes(`/offentlig/dokumenter/${aapen}/innhold`)).status).toBe(403);
    await ok('POST', `/dokumenter/${aapen}/skjerming/oppheving`, PSU_SEKRETAER, { begrunnelse: 'Ikke lenger taushetsbelagt' });
    expect((await hentBytes(`/offentlig/dokumenter/${aapen}/innhold`)).status).toBe(200);
  });
});

describe('the archive bundle', () => {
  it('carries the sak\'s documents with their checksums; the public bundle carries nothing of an exempt document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'saksgang-dok-'));
    try {
      const full = await exportBundle(api.opened.store, { kind: 'sak', sakId }, { dir: join(dir, 'full'), sql: api.opened.sql });
      const dok = full.manifest.dokumenter ?? [];
      const aars = dok.find((d) => d.tittel === 'Årsmelding 2018' && d.versjonsnummer === 1)!;
      expect(aars.sjekksum).toBe(createHash('sha256').update(PDF).digest('hex'));
      expect(aars.sjekksumFunnet).toBe(aars.sjekksum);
      expect(Buffer.compare(await readFile(join(dir, 'full', aars.fil!)), PDF)).toBe(0);
      expect(await readFile(join(dir, 'full', 'SHA256SUMS'), 'utf8')).toContain(`${aars.sjekksum}  ${aars.fil}`);
      expect(dok.some((d) => d.tittel === 'Pasientopplysninger')).toBe(true);
      expect(await readFile(join(dir, 'full', 'events.jsonl'), 'utf8')).toContain('DokumentRegistrert');

      const pub = await exportBundle(api.opened.store, { kind: 'sak', sakId }, { dir: join(dir, 'offentlig'), sql: api.opened.sql, offentlig: true });
      expect((pub.manifest.dokumenter ?? []).some((d) => d.tittel === 'Pasientopplysninger')).toBe(false);
      expect((pub.manifest.dokumenter ?? []).some((d) => d.tittel === 'Årsmelding 2018')).toBe(true);
      const linjer = await readFile(join(dir, 'offentlig', 'events.jsonl'), 'utf8');
      expect(linjer).not.toContain('Pasientopplysninger');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('verify', () => {
  it('finds a changed stored byte of a document and says which document and version', async () => {
    const res = await lastOpp({ tittel: 'Brev til departementet', tilknytningstype: 'sak', sakId }, { navn: 'brev.pdf', bytes: PDF });
    const dokumentId = res.json.dokumentId as string;
    const foer = await verify(api.opened.store, { kind: 'store' }, { sql: api.opened.sql });
    expect(foer.issues.filter((i) => i.streamName === `dokument-${dokumentId}`)).toEqual([]);
    await api.opened.sql.query('update dokument_blokk set data = set_byte(data, 10, get_byte(data, 10) # 1) where lagrings_id = $1 and nr = 0', [res.json.dokumentobjekt.lagringsId]);
    const etter = await verify(api.opened.store, { kind: 'store' }, { sql: api.opened.sql });
    expect(etter.ok).toBe(false);
    const funn = etter.issues.filter((i) => i.streamName === `dokument-${dokumentId}`);
    expect(funn).toHaveLength(1);
    expect(funn[0]!.kind).toBe('changed');
    expect(funn[0]!.detail).toContain('«Brev til departementet»');
    expect(funn[0]!.detail).toContain('versjon 1');
    const sak = await verify(api.opened.store, { kind: 'stream', streamName: `dokument-${dokumentId}` }, { sql: api.opened.sql });
    expect(sak.ok).toBe(false);
  });
});

describe('the demo', () => {
  it('carries the årsmelding of PSU sak 1/19 as a vedlegg, readable and downloadable; loading again records nothing', async () => {
    const { DemoLoader, DEMO_DOKUMENTER, demoSakId } = await import('@saksgang/application');
    const demo = await startTestApi({ SAKSGANG_DEMO: 'off' });
    try {
      const loader = demo.app.get(DemoLoader);
      await loader.load();
      const d = DEMO_DOKUMENTER[0]!;
      const beskrivelse = await demo.request('GET', `/dokumenter/${d.dokumentId}`, { headers: actor('ks-sekretaer', 'psu-hnt', 'sekretaer') });
      expect(beskrivelse.status).toBe(200);
      expect(beskrivelse.json).toMatchObject({ tilknytningsrolle: 'vedlegg', tilknytning: { type: 'sak', sakId: demoSakId('psu-1-19') } });
      const ned = await demo.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: `/offentlig/dokumenter/${d.dokumentId}/innhold` });
      expect(ned.statusCode).toBe(200);
      expect(ned.body).toBe(d.innhold);
      expect(ned.body).toContain('Årsmeldingen ligger ved som vedlegg.');
      const igjen = await loader.load();
      expect(igjen.recordedEvents).toBe(0);
    } finally {
      await demo.close();
    }
  });
});
