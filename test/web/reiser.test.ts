/**
 * The journeys of the web app, end to end in headless Chromium against the real service on a fresh
 * embedded store with the demo (test/web/nettleser.ts): the public reads without signing in; PSU
 * orders, ASU receives and delegates to a fagråd, the fagråd accepts and delivers, ASU accepts the
 * delivery, writes the innstilling, puts it on the agenda, decides and sends it to follow-up; the page
 * updates live; typed text survives a reload; a refusal is shown beside its field; the auditor verifies
 * the sak. Every page is checked with axe-core (no serious or critical violations) and for content-
 * security-policy refusals; screenshots are written to test-output/web/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aapneSteg, loggInn, registrert, nySide, type Side, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(300_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

const TITTEL = `Handlingsplan for samhandling 2027–2030 (nettlesertest ${Date.now().toString(36)})`;
const I_DAG = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

beskriv('the web app, journey by journey', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  const kontekster: BrowserContext[] = [];
  const sider: Side[] = [];
  let sakUrl = '';
  let asu: Side;

  const ny = async (): Promise<Side> => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    kontekster.push(k);
    const s = await nySide(k);
    sider.push(s);
    return s;
  };
  const sjekkSide = async (page: Page, navn: string) => {
    await skjermbilde(page, navn);
    expect(await tilgjengelighet(page)).toEqual([]);
  };

  beforeAll(async () => {
    tjeneste = await startTjeneste();
    nettleser = await startNettleser();
  });
  afterAll(async () => {
    for (const k of kontekster) await k.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
  });

  it('the public searches and reads the public saker without signing in', async () => {
    const { page, feil } = await ny();
    await page.goto(`${tjeneste.url}/`);
    await page.waitForURL(/\/app\/innsyn$/);
    await page.getByRole('heading', { level: 1, name: 'Innsyn i sakene' }).waitFor();
    await page.getByRole('searchbox', { name: 'Søk i sakene' }).fill('handlingsplan');
    await page.getByRole('button', { name: 'Søk' }).press('Enter');
    const lenke = page.getByRole('link', { name: /Handlingsplan for samhandling mellom kommunene/ });
    await lenke.click();
    await page.waitForURL(/\/app\/innsyn\/[0-9a-f-]{36}$/);
    await page.getByRole('list', { name: 'Stegene i saken' }).waitFor();
    const steg = await page.getByRole('list', { name: 'Stegene i saken' }).textContent();
    // Step names in Norwegian, from the declaration — never the event type names.
    expect(steg).toContain('Registrer sak');
    expect(steg).not.toMatch(/SakRegistrert|UtredningBestilt/);
    await sjekkSide(page, '01-innsyn-sak');
    // The meetings that are called are public too: PSU's meeting of 15 February 2019 and its innkalling (seed 004).
    await page.getByRole('link', { name: 'Tilbake til søket' }).click();
    const moeter = page.getByRole('table', { name: 'Møtene som er kalt inn, nyeste først' });
    const rad = moeter.getByRole('row').filter({ hasText: 'Møte 15.02.2019 kl. 09.00' });
    await rad.getByText('Sykehuset Levanger, Store møterom Arken').waitFor();
    await sjekkSide(page, '01b-innsyn-moeter');
    await rad.getByRole('link', { name: 'Innkalling 15.02.2019' }).click();
    await page.waitForURL(/\/offentlig\/moeter\/[0-9a-f-]{36}\/innkalling\.html$/);
    await page.getByText('Årsmelding 2018').first().waitFor();
    expect(feil).toEqual([]);
  });

  it('PSU registers a sak and orders an investigation; a refusal is shown beside its field; typed text survives a reload', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    expect(await page.getByLabel('Du handler for').inputValue()).toBe('psu-hnt|sekretaer');
    await sjekkSide(page, '02-arbeidsliste-psu');
    await page.getByRole('link', { name: 'Ny sak' }).click();
    await page.getByLabel('Tittelen').fill(TITTEL);
    await page.getByLabel('Organet som melder inn saken').selectOption('psu-hnt');
    await sjekkSide(page, '03-ny-sak');
    await page.getByRole('button', { name: 'Registrer sak' }).press('Enter');
    await page.waitForURL(/\/app\/saker\/[0-9a-f-]{36}$/);
    sakUrl = page.url();
    await page.getByRole('heading', { level: 1, name: TITTEL }).waitFor();

    // ASU's secretary has the arbeidsliste open meanwhile (another browser): the order must appear there without a reload.
    asu = await ny();
    await loggInn(asu.page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await asu.page.getByRole('heading', { level: 1, name: /Arbeidsliste for Administrativt samarbeidsutvalg/ }).waitFor();
    expect(await asu.page.getByRole('link', { name: TITTEL }).count()).toBe(0);

    let steg = await aapneSteg(page, 'Bestill utredning');
    await steg.getByLabel('Organet utredningen bestilles fra').selectOption('asu-hnt');
    await steg.getByLabel('Fristen').fill('2027-06-30');
    // Without a mandate: the service refuses, and the reason stands beside the field.
    await steg.getByRole('button', { name: 'Bestill utredning' }).press('Enter');
    await steg.getByText('Mandatet må fylles ut.').first().waitFor();
    expect(await steg.getByLabel('Mandatet').getAttribute('aria-invalid')).toBe('true');
    await steg.getByLabel('Mandatet').fill('Utarbeide forslag til handlingsplan for 2027–2030');
    await page.reload();
    steg = await aapneSteg(page, 'Bestill utredning');
    expect(await steg.getByLabel('Mandatet').inputValue()).toBe('Utarbeide forslag til handlingsplan for 2027–2030');
    expect(await steg.getByLabel('Fristen').inputValue()).toBe('2027-06-30');
    await steg.getByRole('button', { name: 'Bestill utredning' }).press('Enter');
    await registrert(page, 'Bestill utredning');
    await page.getByRole('list', { name: 'Stegene i saken, eldste først' }).getByText(/Utredning bestilt/).waitFor();
    await sjekkSide(page, '04-sak-bestilt');
    expect(feil).toEqual([]);
  });

  it('ASU sees the order arrive on its open arbeidsliste without reloading, receives it and delegates an oppdrag to a fagråd', async () => {
    const { page, feil } = asu;
    // No reload: the page was opened before the order and follows the log (GET /live).
    await page.getByRole('link', { name: TITTEL }).first().waitFor({ timeout: 30_000 });
    await sjekkSide(page, '05-arbeidsliste-asu');
    await page.getByRole('link', { name: TITTEL }).first().click();
    let steg = await aapneSteg(page, 'Motta bestilling');
    await steg.getByLabel('Saksnummeret (valgfritt)').fill('30/2026');
    await steg.getByRole('button', { name: 'Motta bestilling' }).press('Enter');
    await registrert(page, 'Motta bestilling');
    steg = await aapneSteg(page, 'Deleger oppdrag');
    await steg.getByLabel('Organet som får oppdraget').selectOption('fagraad-koordinerende-enheter');
    await steg.getByLabel('Mandatet').fill('Beskrive koordinerende enheters rolle i handlingsplanen');
    await steg.getByLabel('Fristen').fill('2027-03-01');
    await steg.getByRole('button', { name: 'Deleger oppdrag' }).press('Enter');
    await registrert(page, 'Deleger oppdrag');
    expect(await page.getByRole('region', { name: 'Oppdrag' }).textContent()).toContain('Fagråd for koordinerende enheter');
    // The journey in people's words: bodies and people by name, the role in words, dates as Norwegians write them.
    const liste = page.getByRole('list', { name: 'Stegene i saken, eldste først' });
    await liste.getByText('Oppdrag delegert til').waitFor();
    const tidslinje = await liste.textContent();
    expect(tidslinje).toContain('Oppdrag delegert til Fagråd for koordinerende enheter, frist 01.03.2027');
    expect(tidslinje).toMatch(/Olav Bremnes[^·]*\(sekretær\)/);
    expect(tidslinje).not.toMatch(/asu-hnt|olav-bremnes|sekretaer/);
    expect(feil).toEqual([]);
  });

  it('the fagråd accepts the oppdrag and delivers', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'Sekretær for Fagråd for koordinerende enheter');
    await page.getByRole('link', { name: TITTEL }).first().click();
    await (await aapneSteg(page, 'Aksepter oppdrag')).getByRole('button', { name: 'Aksepter oppdrag' }).press('Enter');
    await registrert(page, 'Aksepter oppdrag');
    const steg = await aapneSteg(page, 'Lever oppdrag');
    await steg.getByLabel('Leveransen').fill('Notat om koordinerende enheter, vedlagt');
    await steg.getByRole('button', { name: 'Lever oppdrag' }).press('Enter');
    await registrert(page, 'Lever oppdrag');
    await sjekkSide(page, '06-sak-levert');
    expect(feil).toEqual([]);
  });

  it('ASU accepts the delivery and gives its innstilling; PSU puts it on its agenda, decides and sends it to ASU for follow-up', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.goto(sakUrl);
    await (await aapneSteg(page, 'Godta leveranse')).getByRole('button', { name: 'Godta leveranse' }).press('Enter');
    await registrert(page, 'Godta leveranse');
    let steg = await aapneSteg(page, 'Avgi innstilling');
    await steg.getByLabel('Forslaget til vedtak').fill('PSU vedtar handlingsplanen for 2027–2030.');
    await steg.getByRole('button', { name: 'Avgi innstilling' }).press('Enter');
    await registrert(page, 'Avgi innstilling');

    // The answer to PSU's order goes on PSU's agenda: PSU's secretary is offered the step, ASU's is not.
    expect(await page.locator('summary', { hasText: /^Sett på saksliste$/ }).count()).toBe(0);
    const psu = await ny();
    await loggInn(psu.page, tjeneste.url, 'KS (sekretær for PSU)');
    await psu.page.goto(sakUrl);
    steg = await aapneSteg(psu.page, 'Sett på saksliste');
    await steg.getByLabel('Møtedatoen').fill(I_DAG);
    await steg.getByLabel('Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag').check();
    await steg.getByRole('button', { name: 'Sett på saksliste' }).press('Enter');
    await registrert(psu.page, 'Sett på saksliste');
    steg = await aapneSteg(psu.page, 'Fatt vedtak');
    await steg.getByLabel(/^Vedtaksutfall/).selectOption('vedtatt');
    await steg.getByLabel('Vedtaksteksten').fill('PSU vedtar handlingsplanen for 2027–2030.');
    await steg.getByRole('button', { name: 'Fatt vedtak' }).press('Enter');
    await registrert(psu.page, 'Fatt vedtak');
    steg = await aapneSteg(psu.page, 'Send til oppfølging');
    await steg.getByLabel('Organet som skal følge opp').selectOption('asu-hnt');
    await steg.getByLabel('Beskrivelsen').fill('Følge opp tiltakene i handlingsplanen');
    await steg.getByLabel('Fristen').fill('2027-12-31');
    await steg.getByRole('button', { name: 'Send til oppfølging' }).press('Enter');
    await registrert(psu.page, 'Send til oppfølging');
    await psu.page.getByText('Til oppfølging').first().waitFor();
    await sjekkSide(psu.page, '07-sak-til-oppfoelging');
    // «Hva skjedde med det vi bestilte?»: PSU's order and where it stands.
    await psu.page.getByRole('link', { name: 'Det vi har bestilt' }).click();
    await psu.page.getByRole('link', { name: TITTEL }).first().waitFor();
    await sjekkSide(psu.page, '08-sendt-psu');
    expect(feil).toEqual([]);
    expect(psu.feil).toEqual([]);
  });

  it('ASU plans a meeting, sets up its saksliste, sends the innkalling (numbers given) and gets the calendar file', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.getByRole('link', { name: 'Møter' }).press('Enter');
    await page.getByRole('heading', { level: 1, name: /Møter i Administrativt samarbeidsutvalg/ }).waitFor();
    let steg = await aapneSteg(page, 'Planlegg møte');
    await steg.getByRole('group', { name: 'Organene som holder møtet' }).getByLabel('Administrativt samarbeidsutvalg (ASU)').check();
    // The own series for orienteringssaker is offered only for the bodies chosen to hold the meeting.
    const serie = steg.getByRole('group', { name: /^Organene med egen serie for orienteringssaker/ });
    await serie.getByLabel('Administrativt samarbeidsutvalg (ASU)').waitFor();
    await expect(serie.getByRole('checkbox').count()).resolves.toBe(1);
    await steg.getByLabel('Møtedatoen').fill('2027-01-20');
    await steg.getByLabel('Starttiden').fill('09:00');
    await steg.getByLabel('Møtestedet').fill('Sykehuset Levanger, Store møterom Arken');
    await sjekkSide(page, '11-moeter-asu');
    await steg.getByRole('button', { name: 'Planlegg møte' }).press('Enter');
    await page.waitForURL(/\/app\/moeter\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: /Møte i Administrativt samarbeidsutvalg \(ASU\) 20\. januar 2027/ }).waitFor();
    steg = await aapneSteg(page, 'Sett opp sakslistepunkt');
    // Without a sak the service refuses (only «Eventuelt» stands alone), and says so.
    await steg.getByLabel('Tittelen').fill('Orientering om handlingsplanen');
    await steg.getByLabel(/^Møtesakstypen/).selectOption('orientering');
    await steg.getByRole('button', { name: 'Sett opp sakslistepunkt' }).press('Enter');
    await steg.locator('.ds-validation-message', { hasText: /bare «Eventuelt» står uten sak/ }).waitFor();
    await steg.getByLabel(/^Saken/).selectOption({ label: TITTEL });
    await steg.getByLabel(/^Møtesakstypen/).selectOption('orientering');
    await steg.getByRole('button', { name: 'Sett opp sakslistepunkt' }).press('Enter');
    await registrert(page, 'Sett opp sakslistepunkt');
    await (await aapneSteg(page, 'Send innkalling')).getByRole('button', { name: 'Send innkalling' }).press('Enter');
    await registrert(page, 'Send innkalling');
    await page.getByRole('list', { name: 'Sakslisten' }).getByText(/(Sak|Orienteringssak) 1\/27 Orientering om handlingsplanen/).waitFor();
    const nedlasting = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Legg i kalenderen (.ics)' }).press('Enter');
    const fil = await nedlasting;
    expect(fil.suggestedFilename()).toBe('moete-2027-01-20.ics');
    const innhold = await new Promise<string>((ok, feilet) => {
      void fil.createReadStream().then((s) => {
        let t = '';
        s.on('data', (d: Buffer) => (t += d.toString('utf8')));
        s.on('end', () => ok(t));
        s.on('error', feilet);
      });
    });
    expect(innhold).toContain('BEGIN:VEVENT');
    expect(innhold).toContain('Store møterom Arken');
    await sjekkSide(page, '12-moete-innkalling-sendt');
    // «Mine kommende møter»: the meeting is the secretary's own, with the body and the role it is theirs by.
    await page.getByRole('link', { name: 'Møter' }).press('Enter');
    const mine = page.getByRole('table', { name: 'Mine kommende møter, etter dato' });
    const rad = mine.getByRole('row').filter({ hasText: 'Store møterom Arken' }).filter({ has: page.getByRole('link', { name: /^Møte 20\.01\.2027 \(møte 1\)$/ }) });
    await rad.getByText(/i Administrativt samarbeidsutvalg \(ASU\)/).waitFor();
    await sjekkSide(page, '13-mine-moeter');
    expect(feil).toEqual([]);
  });

  it('the auditor verifies the sak and sees it as it stood on a date', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'revisor');
    await page.getByLabel('Saken', { exact: true }).selectOption({ label: 'Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021' });
    await page.getByRole('button', { name: 'Kontroller saken' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Historikken er uendret' }).waitFor();
    await page.getByLabel('Dato (det som hadde fått virkning)').fill('2017-12-01');
    await page.getByRole('button', { name: 'Vis saken på datoen' }).press('Enter');
    await page.getByText(/1\. desember 2017: «Handlingsplan/).waitFor();
    // The organisation on a date, on either time axis: in June 2018 there was no joint sekretariat yet;
    // as recorded by 1 January 2020 (before the demo was entered) nothing at all.
    await page.getByLabel('Dato for organisasjonen').fill('2018-06-01');
    await page.getByRole('button', { name: 'Vis organisasjonen' }).press('Enter');
    const organisasjon = page.getByRole('list', { name: 'Organene og vervene på datoen' });
    await organisasjon.getByText(/^Politisk samarbeidsutvalg \(PSU\) i nordlige Trøndelag: .*Robert Svarva \(leder\)/).waitFor();
    await expect(organisasjon.getByText(/^Sekretariatet for helsefellesskapet/).count()).resolves.toBe(0);
    await page.getByLabel('Registrert innen for organisasjonen (valgfritt)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Vis organisasjonen' }).press('Enter');
    await page.getByText(/1\. juni 2018, slik det var registrert innen 1\. januar 2020: 0 organer fantes, 0 verv\./).waitFor();
    await sjekkSide(page, '09-revisjon');
    expect(feil).toEqual([]);
  });

  it('is usable on a phone: the menu and whom one acts for are reachable, nothing overflows the page', async () => {
    const k = await nettleser.newContext({ locale: 'nb-NO', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    kontekster.push(k);
    const page = await k.newPage();
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.getByLabel('Du handler for').waitFor();
    const bredde = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(bredde).toBeLessThanOrEqual(390);
    await skjermbilde(page, '10-mobil-arbeidsliste');
  });
});
