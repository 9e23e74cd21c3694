/**
 * The auditor downloads the archive bundle (#17, «Revisor: … the archive bundle to download») on the
 * Revisjon page, end to end in headless Chromium against the real service with the demo: the file the
 * browser saves is a .tar.gz whose SHA256SUMS is true to its bytes, holding the chosen sak's events;
 * the public variant too. The page is checked with axe-core; a screenshot goes to test-output/web/.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, describe, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import tarStream from 'tar-stream';
import { loggInn, nySide, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(300_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

const HANDLINGSPLAN = 'Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021';

/** The files of a .tar.gz: path → bytes. */
async function pakkUt(tgz: Buffer): Promise<Map<string, Buffer>> {
  const filer = new Map<string, Buffer>();
  const extract = tarStream.extract();
  const ferdig = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const biter: Buffer[] = [];
      stream.on('data', (b) => void biter.push(b as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') filer.set(header.name, Buffer.concat(biter));
        next();
      });
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(gunzipSync(tgz));
  await ferdig;
  return filer;
}

/** Every line of SHA256SUMS checked against the file's bytes; returns the files by their name in the bundle. */
function sjekkSummer(filer: Map<string, Buffer>): Map<string, Buffer> {
  const mapper = new Set([...filer.keys()].map((n) => n.split('/')[0]));
  expect(mapper.size).toBe(1);
  const mappe = [...mapper][0]!;
  const iPakken = new Map([...filer].map(([n, b]) => [n.slice(mappe.length + 1), b]));
  const sums = iPakken.get('SHA256SUMS')!.toString('utf8').trim().split('\n');
  expect(sums.length).toBeGreaterThanOrEqual(4);
  for (const linje of sums) {
    const [, hash, fil] = /^([0-9a-f]{64}) {2}(.+)$/.exec(linje)!;
    expect({ fil, hash: createHash('sha256').update(iPakken.get(fil!)!).digest('hex') }).toEqual({ fil, hash });
  }
  return iPakken;
}

beskriv('the auditor downloads the archive bundle', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  let kontekst: BrowserContext;

  beforeAll(async () => {
    tjeneste = await startTjeneste();
    nettleser = await startNettleser();
    kontekst = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
  });
  afterAll(async () => {
    await kontekst?.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
  });

  const lastNed = async (page: Page, knapp: string): Promise<{ filnavn: string; filer: Map<string, Buffer> }> => {
    const [nedlasting] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: knapp, exact: true }).press('Enter')]);
    const sti = await nedlasting.path();
    return { filnavn: nedlasting.suggestedFilename(), filer: await pakkUt(await readFile(sti)) };
  };

  it('«Last ned arkivpakke» gives a .tar.gz true to its SHA256SUMS with the sak\'s events; the public variant too, without what is exempt', async () => {
    const { page, feil } = await nySide(kontekst);
    await loggInn(page, tjeneste.url, 'revisor');
    const valg = page.getByLabel('Saken', { exact: true });
    await valg.selectOption({ label: HANDLINGSPLAN });
    const sakId = await valg.inputValue();
    await page.getByRole('heading', { level: 2, name: 'Arkivpakke for saken' }).waitFor();

    const intern = await lastNed(page, 'Last ned arkivpakke');
    expect(intern.filnavn).toMatch(/^arkivpakke-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const filer = sjekkSummer(intern.filer);
    expect([...filer.keys()]).toEqual(expect.arrayContaining(['events.jsonl', 'rapport.html', 'verifiser.mjs', 'manifest.json', 'SHA256SUMS']));
    const manifest = JSON.parse(filer.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ omfang: { type: 'sak', sakId }, offentlig: false, verifisering: { ok: true } });
    const linjer = filer.get('events.jsonl')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { streamName: string; type: string; data: { tittel?: string } });
    expect(linjer.filter((l) => l.streamName === `sak-${sakId}`).length).toBeGreaterThan(3);
    expect(linjer.every((l) => l.streamName === `sak-${sakId}` || l.streamName.startsWith('dokument-'))).toBe(true);
    expect(linjer.find((l) => l.type === 'SakRegistrert')?.data.tittel).toBe(HANDLINGSPLAN);
    await page.getByRole('status').filter({ hasText: `Arkivpakken er lastet ned som ${intern.filnavn}.` }).waitFor();

    const offentlig = await lastNed(page, 'Last ned offentlig arkivpakke');
    expect(offentlig.filnavn).toMatch(/^arkivpakke-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-offentlig\.tar\.gz$/);
    const offentligeFiler = sjekkSummer(offentlig.filer);
    expect(JSON.parse(offentligeFiler.get('manifest.json')!.toString('utf8'))).toMatchObject({ omfang: { type: 'sak', sakId }, offentlig: true });
    // Whatever the demo exempts in this sak is not in the public bundle's events.
    for (const l of offentligeFiler.get('events.jsonl')!.toString('utf8').trim().split('\n').map((x) => JSON.parse(x) as { data: Record<string, unknown>; skjermet?: { felt: string[] } })) {
      for (const felt of l.skjermet?.felt ?? []) expect(l.data[felt]).toBeUndefined();
    }
    await page.getByRole('status').filter({ hasText: `Den offentlige arkivpakken er lastet ned som ${offentlig.filnavn}.` }).waitFor();

    await skjermbilde(page, '11-revisjon-arkivpakke');
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(feil).toEqual([]);
  });
});
