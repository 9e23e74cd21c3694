/**
 * Outside parties in the forms (issue 16): a field declared `velges: 'part'` offers the registered
 * parties by name (GET /parter), never a text box for an id. PSU's secretary registers a sak that comes
 * from the Ministry of Health (seed 001: the input to the national plan was asked for by
 * Helse- og omsorgsdepartementet), choosing the ministry by name; the journey names it. In headless
 * Chromium against the real service on a fresh demo store, checked with axe-core; screenshot in test-output/web/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { aapneSteg, loggInn, nySide, registrert, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(300_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

beskriv('outside parties chosen by name in the forms', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  const kontekster: BrowserContext[] = [];

  beforeAll(async () => {
    tjeneste = await startTjeneste();
    nettleser = await startNettleser();
  });
  afterAll(async () => {
    for (const k of kontekster) await k.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
  });

  let sakUrl = '';
  const ny = async () => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    kontekster.push(k);
    return nySide(k);
  };

  it('a new sak from the ministry: the party is picked from the registered ones by name, and the journey names it', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Ny sak' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrer en ny sak' }).waitFor();
    const fra = page.getByRole('combobox', { name: /^Den eksterne parten saken kommer fra/ });
    await fra.locator('option', { hasText: 'Helse- og omsorgsdepartementet' }).waitFor({ state: 'attached' });
    const valg = (await fra.locator('option').allTextContents()).map((t) => t.trim());
    expect(valg[0]).toBe('Ingen');
    // Names, not ids; parties that no longer exist (merged municipalities) are not offered.
    expect(valg).toContain('Helse- og omsorgsdepartementet');
    expect(valg.some((t) => /^[a-z0-9.-]+$/.test(t))).toBe(false);
    expect(valg).not.toContain('Leksvik kommune');
    await page.getByLabel('Tittelen').fill('Innspill til Nasjonal helse- og sykehusplan 2024–2027');
    await page.getByRole('combobox', { name: /^Organet som melder inn saken/ }).selectOption({ label: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag' });
    await fra.selectOption({ label: 'Helse- og omsorgsdepartementet' });
    await skjermbilde(page, 'parter-ny-sak');
    expect(await tilgjengelighet(page)).toEqual([]);
    await page.getByRole('button', { name: 'Registrer sak', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Innspill til Nasjonal helse- og sykehusplan 2024–2027' }).waitFor();
    await page.getByText(/kommer fra Helse- og omsorgsdepartementet/).first().waitFor();
    sakUrl = page.url();
    // PSU orders the work from ASU, so ASU can send a draft on hearing.
    const steg = await aapneSteg(page, 'Bestill utredning');
    await steg.getByLabel('Organet utredningen bestilles fra').selectOption('asu-hnt');
    await steg.getByLabel('Mandatet').fill('Utarbeide helsefellesskapets innspill til planen');
    await steg.getByLabel('Fristen').fill('2027-06-30');
    await steg.getByRole('button', { name: 'Bestill utredning' }).press('Enter');
    await registrert(page, 'Bestill utredning');
    expect(feil).toEqual([]);
  });

  it("a hearing's recipients are ticked by name among the parties that exist and its document is picked by title; the hearing names them", async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.goto(sakUrl);
    let steg = await aapneSteg(page, 'Motta bestilling');
    await steg.getByRole('button', { name: 'Motta bestilling' }).press('Enter');
    await registrert(page, 'Motta bestilling');
    // The draft is uploaded under Dokumenter first; the hearing's form then offers it by title.
    const opplasting = await aapneSteg(page, 'Last opp dokument');
    await opplasting.getByLabel('Tittelen').fill('Høringsutkast: innspill til Nasjonal helse- og sykehusplan');
    await opplasting.getByLabel('Filen').setInputFiles({ name: 'hoeringsutkast.txt', mimeType: 'text/plain', buffer: Buffer.from('Utkast til innspill til Nasjonal helse- og sykehusplan 2024–2027.\n', 'utf8') });
    await opplasting.getByRole('button', { name: 'Last opp dokument', exact: true }).click();
    await page.getByRole('region', { name: 'Dokumenter' }).getByRole('status').filter({ hasText: 'Registrert: Last opp dokument.' }).waitFor({ timeout: 90_000 });
    steg = await aapneSteg(page, 'Send på høring');
    const dokumentvalg = steg.getByRole('combobox', { name: /^Høringsdokumentet/ });
    await dokumentvalg.locator('option', { hasText: 'Høringsutkast: innspill til Nasjonal helse- og sykehusplan' }).waitFor({ state: 'attached' });
    await dokumentvalg.selectOption({ label: 'Høringsutkast: innspill til Nasjonal helse- og sykehusplan' });
    const instanser = steg.getByRole('group', { name: 'Høringsinstansene' });
    await instanser.getByRole('checkbox', { name: 'Steinkjer kommune' }).waitFor();
    // No text box for ids; a municipality merged away is not offered.
    expect(await instanser.getByRole('textbox').count()).toBe(0);
    expect(await instanser.getByRole('checkbox', { name: 'Verran kommune' }).count()).toBe(0);
    await steg.getByLabel('Høringsutkastet').fill('Utkast til innspill til Nasjonal helse- og sykehusplan');
    await instanser.getByRole('checkbox', { name: 'Steinkjer kommune' }).check();
    await instanser.getByRole('checkbox', { name: 'Verdal kommune' }).check();
    await steg.getByLabel('Høringsfristen').fill('2027-02-01');
    await skjermbilde(page, 'parter-hoering');
    expect(await tilgjengelighet(page)).toEqual([]);
    await steg.getByRole('button', { name: 'Send på høring', exact: true }).press('Enter');
    await registrert(page, 'Send på høring');
    const loep = page.getByRole('list', { name: 'Stegene i saken, eldste først' });
    await loep.getByText(/Steinkjer kommune/).first().waitFor();
    expect(await loep.getByText(/Verdal kommune/).count()).toBeGreaterThan(0);
    expect(feil).toEqual([]);
  });

  it("a letter's signatories are ticked by name among those holding a signing role today", async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.goto(sakUrl);
    const steg = await aapneSteg(page, 'Send brev');
    await steg.getByRole('combobox', { name: /^Mottakeren/ }).selectOption({ label: 'Helse- og omsorgsdepartementet' });
    await steg.getByLabel('Tittelen').fill('Innspill til Nasjonal helse- og sykehusplan 2024–27');
    const signerer = steg.getByRole('group', { name: 'De som signerer' });
    const asuLeder = signerer.getByRole('checkbox', { name: /, leder i Administrativt samarbeidsutvalg \(ASU\)$/ });
    await asuLeder.first().waitFor();
    const navn = (await signerer.getByRole('checkbox').evaluateAll((bokser) => bokser.map((b) => b.closest('.ds-field, div')?.textContent ?? ''))).join('\n');
    // Names, roles and bodies — no ids, and only the roles that may sign.
    expect(navn).not.toMatch(/\b[a-z]+-[a-z]+-[a-z-]+\b/);
    expect(navn).not.toMatch(/medlem i|observatør i/);
    await asuLeder.first().check();
    expect(await steg.getByRole('textbox', { name: /signerer/ }).count()).toBe(0);
    await skjermbilde(page, 'parter-brev');
    expect(await tilgjengelighet(page)).toEqual([]);
    await steg.getByRole('button', { name: 'Send brev', exact: true }).press('Enter');
    await registrert(page, 'Send brev');
    await page.getByRole('list', { name: 'Stegene i saken, eldste først' }).getByText(/Helse- og omsorgsdepartementet/).nth(1).waitFor();
    expect(feil).toEqual([]);
  });
});
