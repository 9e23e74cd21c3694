/**
 * Avvik in the web app (issue 19), end to end in headless Chromium against the real service with the
 * demo: Orkland's avvikskontakt is refused a fødselsnummer (the reason beside the field), reports an
 * avvik to St. Olavs hospital; the trust registers and answers it; the reporter accepts and it is
 * closed. Every page is checked with axe-core; screenshots in test-output/web/.
 */
import { afterAll, beforeAll, expect, it, jest, describe } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aapneSteg, loggInn, nySide, registrert, type Side, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';
import { lagFoedselsnummer } from '../avvik/fixtures.js';

jest.setTimeout(300_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

const ORKLAND = 'Avvikskontakt i Orkland kommune';
const STOLAV = 'Kvalitetsrådgiver for samhandling, St. Olavs hospital';
const HVA = `Pasient i 70-årene ble skrevet ut uten at hjemmetjenesten var varslet (nettlesertest ${Date.now().toString(36)}).`;
const I_DAG = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

async function avvikLastet(url: string): Promise<boolean> {
  const personer = await fetch(`${url}/innlogging/lokal`).then((r) => (r.ok ? (r.json() as Promise<{ personer: { personId: string }[] }>) : undefined));
  return (personer?.personer ?? []).some((p) => p.personId === 'leder-fagraad-kvalitet');
}

beskriv('avvik in the web app', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  const kontekster: BrowserContext[] = [];
  let avvikUrl = '';

  const ny = async (): Promise<Side> => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    kontekster.push(k);
    return nySide(k);
  };
  const sjekkSide = async (page: Page, navn: string) => {
    await skjermbilde(page, navn);
    expect(await tilgjengelighet(page)).toEqual([]);
  };

  beforeAll(async () => {
    tjeneste = await startTjeneste({ klar: avvikLastet });
    nettleser = await startNettleser();
  });
  afterAll(async () => {
    for (const k of kontekster) await k.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
  });

  it('a municipality reports an avvik to the hospital trust; a fødselsnummer is refused beside its field', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, ORKLAND);
    await page.getByRole('link', { name: 'Avvik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Avvik' }).waitFor();
    await sjekkSide(page, 'avvik-01-oversikt');
    const skjema = await aapneSteg(page, 'Meld avvik');
    await skjema.getByLabel('Motparten').selectOption('st-olavs-hf');
    await skjema.getByLabel('Tjenesteavtalen').fill('Tjenesteavtale 5 – utskrivningsklare pasienter');
    const nr = lagFoedselsnummer('150845', '123') ?? lagFoedselsnummer('150845', '124')!;
    await skjema.getByLabel('Hva som skjedde').fill(`Gjelder ${nr}.`);
    await skjema.getByLabel('Når det skjedde').fill(I_DAG);
    await skjema.getByLabel('Konsekvensen').fill('Ingen hjemmesykepleie første kveld.');
    await skjema.getByLabel('Kategorien').selectOption('utskrivning');
    await skjema.getByRole('button', { name: 'Meld avvik', exact: true }).press('Enter');
    await page.locator('.ds-error-summary').getByText('fjern personopplysninger').waitFor();
    await sjekkSide(page, 'avvik-02-personopplysninger');
    await skjema.getByLabel('Hva som skjedde').fill(HVA);
    await skjema.getByRole('button', { name: 'Meld avvik', exact: true }).press('Enter');
    await page.waitForURL(/\/app\/avvik\/[0-9a-f-]{36}$/);
    await page.getByText(HVA).waitFor();
    avvikUrl = page.url();
    await sjekkSide(page, 'avvik-03-meldt');
    expect(feil).toEqual([]);
  });

  it('the trust registers and answers it; the reporter accepts the answer and it is closed', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, STOLAV);
    await page.goto(avvikUrl);
    await page.getByText(HVA).waitFor();
    await (await aapneSteg(page, 'Registrer og tildel avvik')).getByRole('button', { name: 'Registrer og tildel avvik', exact: true }).press('Enter');
    await registrert(page, 'Registrer og tildel avvik');
    const svar = await aapneSteg(page, 'Svar på avvik');
    await svar.getByLabel('Funnene').fill('Hjemmetjenesten ble ikke varslet før utskrivning.');
    await svar.getByLabel('Tiltakene').fill('Sengeposten varsler hjemmetjenesten før utskrivning.');
    await svar.getByRole('button', { name: 'Svar på avvik', exact: true }).press('Enter');
    await registrert(page, 'Svar på avvik');
    await sjekkSide(page, 'avvik-04-besvart');

    const melder = await ny();
    await loggInn(melder.page, tjeneste.url, ORKLAND);
    await melder.page.goto(avvikUrl);
    await melder.page.getByText('Sengeposten varsler hjemmetjenesten før utskrivning.').waitFor();
    await (await aapneSteg(melder.page, 'Godta svaret og lukk')).getByRole('button', { name: 'Godta svaret og lukk', exact: true }).press('Enter');
    await registrert(melder.page, 'Godta svaret og lukk');
    await melder.page.getByText('Lukket', { exact: true }).waitFor();
    await sjekkSide(melder.page, 'avvik-05-lukket');
    expect([...feil, ...melder.feil]).toEqual([]);
  });
});
