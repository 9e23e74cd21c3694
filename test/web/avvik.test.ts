/**
 * Avvik in the web app (issue 19), end to end in headless Chromium against the real service with the
 * demo: Orkland's avvikskontakt is refused a fødselsnummer (the reason beside the field), reports an
 * avvik to St. Olavs hospital; the trust registers and answers it; the reporter accepts and it is
 * closed. The fagråd for kvalitet og pasientsikkerhet sees the quarter's figures (the four tables and
 * the chart), opens a forbedringssak from three avvik, and the sak is linked both ways and assigned
 * to ASU in the main workflow. The trust's «Arbeidsliste» shows its overdue avvik, most overdue first.
 * Every page is checked with axe-core; screenshots in test-output/web/.
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
const FAGRAAD = 'Leder av Fagråd for kvalitet og pasientsikkerhet';
const SEKRETARIAT = 'Samhandlingsleder for kommunene';
const TITTEL = `Forbedringssak: samhandlingsavvik fra kommunene til St. Olavs hospital (nettlesertest ${Date.now().toString(36)})`;
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
    // The categories read in words (declared with the category), not as their values.
    const kategorier = await skjema.getByLabel('Kategorien').locator('option').allTextContents();
    expect(kategorier).toContain('Psykisk helse og rus');
    expect(kategorier.join(' ')).not.toContain('_');
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

  it('the fagråd sees the quarter’s figures (four tables and the chart), as the statistics give them', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, FAGRAAD);
    await page.getByRole('link', { name: 'Avvik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Avvik' }).waitFor();
    await page.getByLabel('År', { exact: true }).selectOption('2022');
    await page.getByLabel('Kvartal', { exact: true }).selectOption('4');
    await page.getByRole('heading', { level: 2, name: 'Tall for 4. kvartal 2022' }).waitFor();
    const s = (await fetch(`${tjeneste.url}/offentlig/avvik/statistikk?aar=2022&kvartal=4`).then((r) => r.json())) as {
      totalt: { antall: number };
      etter: Record<string, { navn: string; antall: number; besvart: number; medianSvartidDager: number | null; forfalt: number; besvartEtterFrist: number; medForbedringssak: number }[]>;
    };
    expect(s.totalt.antall).toBeGreaterThan(2);
    await page.getByText(`${s.totalt.antall} avvik meldt`).waitFor();
    for (const [d, tekst] of [['melder', 'Avvik etter melder'], ['mottaker', 'Avvik etter mottaker'], ['kategori', 'Avvik etter kategori'], ['tjenesteavtale', 'Avvik etter tjenesteavtale']] as const) {
      const tabell = page.getByRole('table', { name: `${tekst}, 4. kvartal 2022` });
      const rader = await tabell.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children).map((c) => (c.textContent ?? '').trim())));
      const median = (m: number | null) => (m === null ? '–' : String(m).replace('.', ','));
      expect(rader).toEqual(s.etter[d]!.map((g) => [g.navn, String(g.antall), String(g.besvart), median(g.medianSvartidDager), String(g.forfalt), String(g.besvartEtterFrist), String(g.medForbedringssak)]));
    }
    // The category in words in the table; the raw value nowhere on the page.
    await page.getByRole('table', { name: 'Avvik etter kategori, 4. kvartal 2022' }).getByRole('rowheader', { name: 'Psykisk helse og rus' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('psykisk_helse_og_rus');
    const diagram = page.getByRole('img', { name: /Diagram: antall avvik per mottaker i 4\. kvartal 2022/ });
    await diagram.waitFor();
    expect(await diagram.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);
    await sjekkSide(page, 'avvik-06-tall-for-kvartalet');
    expect(feil).toEqual([]);
  });

  it('the fagråd opens a forbedringssak from three avvik; the sak shows them, each shows the sak, and the sekretariat assigns it to ASU', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, FAGRAAD);
    await page.getByRole('link', { name: 'Avvik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Avvik' }).waitFor();
    await page.locator('summary', { hasText: /^Åpne forbedringssak$/ }).press('Enter');
    const skjema = page.locator('details').filter({ has: page.locator('summary', { hasText: /^Åpne forbedringssak$/ }) });
    await skjema.getByRole('button', { name: 'Åpne forbedringssak', exact: true }).waitFor();
    const valg = skjema.getByRole('checkbox');
    expect(await valg.count()).toBeGreaterThan(3);
    const valgte: string[] = [];
    for (let i = 0; i < 3; i++) {
      const boks = valg.nth(i);
      await boks.check();
      valgte.push((await boks.getAttribute('value'))!);
    }
    await skjema.getByLabel('Tittel på forbedringssaken').fill(TITTEL);
    await sjekkSide(page, 'avvik-07-aapne-forbedringssak');
    await skjema.getByRole('button', { name: 'Åpne forbedringssak', exact: true }).press('Enter');
    await page.waitForURL(/\/app\/saker\/[0-9a-f-]{36}$/);
    const sakUrl = page.url();
    await page.getByRole('heading', { level: 1, name: TITTEL }).waitFor();
    const sakensAvvik = page.getByRole('list', { name: 'Avvikene saken følger opp' });
    await sakensAvvik.waitFor();
    expect(await sakensAvvik.getByRole('link').evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')))).toEqual(expect.arrayContaining(valgte.map((id) => `/app/avvik/${id}`)));
    expect(await sakensAvvik.getByRole('listitem').count()).toBe(3);
    await page.getByText('Forbedringssak fra 3 samhandlingsavvik').waitFor();
    await sjekkSide(page, 'avvik-08-forbedringssaken');

    // Each avvik shows the sak, and leads back to it.
    for (const id of valgte) {
      await page.goto(`${tjeneste.url}/app/avvik/${id}`);
      await page.getByRole('heading', { level: 2, name: 'Forbedringssaker' }).waitFor();
      expect(await page.getByRole('link', { name: TITTEL }).getAttribute('href')).toBe(new URL(sakUrl).pathname);
    }
    await sjekkSide(page, 'avvik-09-avvik-med-forbedringssak');
    await page.getByRole('link', { name: TITTEL }).click();
    await page.getByRole('heading', { level: 1, name: TITTEL }).waitFor();

    // The forbedringssak runs in the main workflow: the sekretariat assigns it to ASU.
    const sekr = await ny();
    await loggInn(sekr.page, tjeneste.url, SEKRETARIAT);
    await sekr.page.goto(sakUrl);
    await sekr.page.getByRole('heading', { level: 1, name: TITTEL }).waitFor();
    const tildel = await aapneSteg(sekr.page, 'Tildel nivå');
    await tildel.getByLabel('Organet saken tildeles').selectOption('asu-hnt');
    await tildel.getByRole('button', { name: 'Tildel nivå', exact: true }).press('Enter');
    await registrert(sekr.page, 'Tildel nivå');
    await sekr.page.getByText('Ansvarlig nå: Administrativt samarbeidsutvalg', { exact: false }).waitFor();
    // The sekretariat is no party to the avvik: the sak says how many it follows up, not which (they are exempt).
    await sekr.page.getByText('Forbedringssak fra 3 samhandlingsavvik. 3 av dem er skjermet for deg.').waitFor();
    expect(await sekr.page.getByRole('list', { name: 'Avvikene saken følger opp' }).count()).toBe(0);
    await sjekkSide(sekr.page, 'avvik-10-forbedringssak-hos-asu');
    expect([...feil, ...sekr.feil]).toEqual([]);
  });

  it('the trust’s «Arbeidsliste» shows its overdue avvik with days overdue, most overdue first', async () => {
    // Orkland registers, today, an avvik it noticed 60 days ago, with a frist of 14 days: 46 days overdue now.
    const dagerSiden = (n: number) => new Date(Date.parse(`${I_DAG}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const melder = await ny();
    await loggInn(melder.page, tjeneste.url, ORKLAND);
    await melder.page.goto(`${tjeneste.url}/app/avvik`);
    const skjema = await aapneSteg(melder.page, 'Meld avvik');
    await skjema.getByLabel('Motparten').selectOption('st-olavs-hf');
    await skjema.getByLabel('Tjenesteavtalen').fill('Tjenesteavtale 3 – innleggelse i sykehus');
    await skjema.getByLabel('Hva som skjedde').fill(`Innleggelse uten at kommunens opplysninger om hjelpebehov fulgte med (nettlesertest ${Date.now().toString(36)}).`);
    await skjema.getByLabel('Når det skjedde').fill(dagerSiden(61));
    await skjema.getByLabel('Konsekvensen').fill('Sykehuset måtte innhente opplysningene på nytt.');
    await skjema.getByLabel('Kategorien').selectOption('informasjonsoverfoering');
    await skjema.getByLabel('Svarfristen i dager').fill('14');
    await skjema.getByLabel('Gjelder fra').fill(dagerSiden(60));
    await skjema.getByRole('button', { name: 'Meld avvik', exact: true }).press('Enter');
    await melder.page.waitForURL(/\/app\/avvik\/[0-9a-f-]{36}$/);

    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, STOLAV);
    await page.getByRole('heading', { level: 1, name: /^Arbeidsliste for / }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Avvik som venter på svar' }).waitFor();
    const tabell = page.getByRole('table', { name: 'Avvik på overtid, mest på overtid først' });
    const rader = await tabell.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children).map((c) => (c.textContent ?? '').trim())));
    expect(rader.length).toBeGreaterThan(1);
    const dager = rader.map((r) => Number(/^(\d+) dag(er)? på overtid$/.exec(r[3]!)?.[1]));
    // Days overdue as the frist in the row gives them (today in Oslo), most overdue first.
    const iDag = Date.parse(`${I_DAG}T00:00:00Z`);
    expect(dager).toEqual(rader.map((r) => {
      const [dd, mm, yyyy] = r[2]!.split('.');
      return Math.round((iDag - Date.parse(`${yyyy}-${mm}-${dd}T00:00:00Z`)) / 86_400_000);
    }));
    expect([...dager].sort((a, b) => b - a)).toEqual(dager);
    expect(dager).toContain(46);
    expect(rader.find((r) => r[3] === '46 dager på overtid')?.[1]).toBe('Informasjonsoverføring');
    expect(rader.every((r) => r[1] !== '' && !r[1]!.includes('_'))).toBe(true);
    await sjekkSide(page, 'avvik-11-arbeidsliste-med-avvik');
    await tabell.getByRole('link').first().click();
    await page.waitForURL(/\/app\/avvik\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: /^Hva skjedde/ }).waitFor();
    expect([...feil, ...melder.feil]).toEqual([]);
  });
});
