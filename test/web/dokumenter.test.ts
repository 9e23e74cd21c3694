/**
 * The sak page's documents (issue 16), in headless Chromium against the real service on a fresh demo
 * store: PSU's secretary sees the årsmelding of PSU-sak 1/19 (seed 004: «Årsmeldingen ligger ved som
 * vedlegg.») with its role, format, size, version, date and who uploaded it, and downloads it; a program
 * named .pdf (415) and a file over the limit (413) are refused with the reason beside the file field;
 * a saksframlegg is uploaded and gets a new version; an exempt document is listed for PSU's secretary
 * and for nobody who may not read the sak's exempt information (another body's secretary, the public).
 * Checked with axe-core; screenshots in test-output/web/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEMO_SAKER } from '@saksgang/application';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aapneSteg, loggInn, nySide, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(420_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

/** The limit for this run: small, so a file over it is quick to send. */
const MAKS = 64 * 1024;
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(512, 0)]);

beskriv('documents on the sak page', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  const kontekster: BrowserContext[] = [];
  const forrigeMaks = process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'];

  beforeAll(async () => {
    process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'] = String(MAKS);
    tjeneste = await startTjeneste();
    nettleser = await startNettleser();
  });
  afterAll(async () => {
    for (const k of kontekster) await k.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
    if (forrigeMaks === undefined) delete process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'];
    else process.env['SAKSGANG_DOKUMENT_MAKS_BYTES'] = forrigeMaks;
  });

  const ny = async () => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
    kontekster.push(k);
    return nySide(k);
  };
  const dokumentseksjon = (page: Page) => page.getByRole('region', { name: 'Dokumenter' });
  const rad = (page: Page, tittel: string) => dokumentseksjon(page).getByRole('row').filter({ has: page.getByRole('cell', { name: new RegExp(`^${tittel}`) }) });
  const sakside = `/app/saker/${DEMO_SAKER.psu1_19}`;
  /** Waits for «Registrert: …» in the document section; a refusal instead fails with its text (and a screenshot). */
  const lastetOpp = async (page: Page, tittel: string) => {
    const ok = dokumentseksjon(page).getByRole('status').filter({ hasText: `Registrert: ${tittel}.` });
    const nei = dokumentseksjon(page).locator('[role=alert], .ds-error-summary');
    // 90 s: an upload waits behind the embedded store's other work on a busy machine (one CI run took over 30 s here).
    const utfall = await Promise.race([ok.waitFor({ timeout: 90_000 }).then(() => 'ok'), nei.first().waitFor({ timeout: 90_000 }).then(() => 'nei')]).catch(() => 'ingenting');
    if (utfall === 'ok' || (await ok.isVisible())) return;
    await skjermbilde(page, `feil-dokumenter-${tittel.replace(/\W+/g, '-')}`);
    if (utfall === 'ingenting') throw new Error(`«${tittel}»: neither recorded nor refused within 90 s; the section shows: ${(await dokumentseksjon(page).innerText()).slice(0, 800)}`);
    throw new Error(`«${tittel}» was not recorded: ${(await nei.first().textContent())?.trim()}`);
  };

  it("PSU's secretary sees the årsmelding with its particulars and downloads it", async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.goto(`${tjeneste.url}${sakside}`);
    await dokumentseksjon(page).getByRole('table').waitFor();
    const aarsmelding = rad(page, 'Årsmelding 2018 for Politisk samarbeidsutvalg');
    const celler = (await aarsmelding.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(celler.slice(1, 7)).toEqual(['Vedlegg', 'Ren tekst (UTF-8)', expect.stringMatching(/^\d+ byte$/), '1', '15.02.2019', 'KS (sekretær for PSU), sekretær i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag']);
    await skjermbilde(page, 'dokumenter-liste');
    const [nedlasting] = await Promise.all([page.waitForEvent('download'), aarsmelding.getByRole('button', { name: /^Last ned «Årsmelding 2018/ }).click()]);
    expect(nedlasting.suggestedFilename()).toBe('Årsmelding 2018 PSU.txt');
    const innhold = readFileSync((await nedlasting.path())!, 'utf8');
    expect(innhold).toContain('«Årsmeldingen ligger ved som vedlegg.»');
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(feil).toEqual([]);
  });

  it('a program named .pdf and a file over the limit are refused beside the file field; nothing is listed', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.goto(`${tjeneste.url}${sakside}`);
    await dokumentseksjon(page).getByRole('table').waitFor();
    const foer = await dokumentseksjon(page).getByRole('row').count();
    const skjema = await aapneSteg(page, 'Last opp dokument');
    await skjema.getByLabel('Tittelen').fill('Referat fra møtet');
    await skjema.getByLabel('Filen').setInputFiles({ name: 'referat.pdf', mimeType: 'application/pdf', buffer: EXE });
    await skjema.getByRole('button', { name: 'Last opp dokument', exact: true }).click();
    const filfelt = skjema.locator('.ds-field').filter({ has: page.getByLabel('Filen') });
    await filfelt.getByText(/^Filen er et program \(EXE\) \(funnet ut fra innholdet, ikke filnavnet\); formatet er ikke blant de tillatte\.$/).waitFor();
    await expect(skjema.getByLabel('Filen').getAttribute('aria-invalid')).resolves.toBe('true');
    await skjermbilde(page, 'dokumenter-415');
    expect(await tilgjengelighet(page)).toEqual([]);

    await skjema.getByLabel('Filen').setInputFiles({ name: 'referat.txt', mimeType: 'text/plain', buffer: Buffer.alloc(MAKS + 20_000, 'Referat. ') });
    await skjema.getByRole('button', { name: 'Last opp dokument', exact: true }).click();
    await filfelt.getByText(/større enn grensen/).waitFor();
    await skjermbilde(page, 'dokumenter-413');
    await page.reload();
    await dokumentseksjon(page).getByRole('table').waitFor();
    expect(await dokumentseksjon(page).getByRole('row').count()).toBe(foer);
    expect(feil).toEqual([]);
  });

  it('a saksframlegg is uploaded as the main document and gets a second version', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.goto(`${tjeneste.url}${sakside}`);
    const skjema = await aapneSteg(page, 'Last opp dokument');
    await skjema.getByLabel('Tittelen').fill('Saksframlegg til PSU-sak 1/19 Årsmelding 2018');
    await skjema.getByLabel('Tilknytningsrollen').selectOption('hoveddokument');
    await skjema.getByLabel('Filen').setInputFiles({ name: 'Saksframlegg 1-19.txt', mimeType: 'text/plain', buffer: Buffer.from('Sak 1/19 Årsmelding 2018\n\nForslag til vedtak: Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.\n', 'utf8') });
    await skjema.getByRole('button', { name: 'Last opp dokument', exact: true }).click();
    await lastetOpp(page, 'Last opp dokument');
    const framlegg = rad(page, 'Saksframlegg til PSU-sak 1/19');
    await framlegg.waitFor();
    expect((await framlegg.getByRole('cell').allTextContents()).slice(1, 5)).toEqual(['Hoveddokument', 'Ren tekst (UTF-8)', expect.stringMatching(/byte$/), '1']);

    const versjon = await aapneSteg(page, 'Last opp ny versjon');
    await versjon.getByLabel('Dokumentet').selectOption({ label: 'Saksframlegg til PSU-sak 1/19 Årsmelding 2018 (versjon 1)' });
    await versjon.getByLabel(/^Merknaden/).fill('Saksframlegget med innkallingens tekst «Årsmeldingen ligger ved som vedlegg.»');
    await versjon.getByLabel('Filen').setInputFiles({ name: 'Saksframlegg 1-19 v2.txt', mimeType: 'text/plain', buffer: Buffer.from('Sak 1/19 Årsmelding 2018\n\nSaksframlegg: Årsmeldingen ligger ved som vedlegg.\n', 'utf8') });
    await versjon.getByRole('button', { name: 'Last opp ny versjon', exact: true }).click();
    await lastetOpp(page, 'Last opp ny versjon');
    await framlegg.getByRole('cell', { name: '2 av 2' }).waitFor();
    await skjermbilde(page, 'dokumenter-ny-versjon');
    const [nedlasting] = await Promise.all([page.waitForEvent('download'), framlegg.getByRole('button', { name: /^Last ned/ }).click()]);
    expect(nedlasting.suggestedFilename()).toBe('Saksframlegg 1-19 v2.txt');
    expect(readFileSync((await nedlasting.path())!, 'utf8')).toContain('Saksframlegg: Årsmeldingen ligger ved som vedlegg.');
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(feil).toEqual([]);
  });

  it('an exempt document is listed for PSU\'s secretary only, not for another body\'s secretary or the public', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.goto(`${tjeneste.url}${sakside}`);
    const skjema = await aapneSteg(page, 'Last opp dokument');
    await skjema.getByLabel('Tittelen').fill('Notat om personalsak i sekretariatet');
    await skjema.getByLabel(/^Skjermingshjemmelen/).fill('offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    await skjema.getByLabel('Filen').setInputFiles({ name: 'notat.txt', mimeType: 'text/plain', buffer: Buffer.from('Unntatt offentlighet.\n', 'utf8') });
    await skjema.getByRole('button', { name: 'Last opp dokument', exact: true }).click();
    await lastetOpp(page, 'Last opp dokument');
    const notat = rad(page, 'Notat om personalsak');
    await notat.getByText('Skjermet: offl. § 13 jf. fvl. § 13 første ledd nr. 1').waitFor();
    await skjermbilde(page, 'dokumenter-skjermet');

    const annen = await ny();
    await loggInn(annen.page, tjeneste.url, 'Sekretær for Fagråd for koordinerende enheter');
    await annen.page.goto(`${tjeneste.url}${sakside}`);
    await rad(annen.page, 'Årsmelding 2018 for Politisk samarbeidsutvalg').waitFor();
    await expect(dokumentseksjon(annen.page).getByText('Notat om personalsak').count()).resolves.toBe(0);
    await expect(annen.page.getByText('offl. § 13 jf. fvl. § 13').count()).resolves.toBe(0);
    // It reads the sak's public version: no upload forms for a body that has not handled the sak.
    await expect(annen.page.locator('summary', { hasText: 'Last opp dokument' }).count()).resolves.toBe(0);
    await skjermbilde(annen.page, 'dokumenter-annet-organ');
    expect(await tilgjengelighet(annen.page)).toEqual([]);

    const offentlig = (await (await fetch(`${tjeneste.url}/offentlig/saker/${DEMO_SAKER.psu1_19}/dokumenter`)).json()) as { dokumenter: { tittel: string }[] };
    expect(offentlig.dokumenter.map((d) => d.tittel)).toContain('Årsmelding 2018 for Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag');
    expect(offentlig.dokumenter.map((d) => d.tittel)).not.toContain('Notat om personalsak i sekretariatet');
    expect(feil).toEqual([]);
    expect(annen.feil).toEqual([]);
  });
});
