/**
 * The web page «Varsler» (issue 18 item 7), end to end in headless Chromium against the real service
 * on the demo store without an SMTP server: an order to ASU after the demo gives ASU's secretary a
 * notification, which the page shows in Norwegian with a link to the sak and «Venter på sending»; the
 * person chooses a daily digest and opts out of a kind, and the choice survives a reload. axe-core
 * finds no serious or critical violations; a screenshot is written to test-output/web/varsler.png.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { loggInn, nySide, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(400_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const TITTEL = `Felles kompetanseplan for helsefellesskapet (nettlesertest ${Date.now().toString(36)})`;

beskriv('the page «Varsler»', () => {
  let tjeneste: Tjeneste;
  let nettleser: Browser;

  const post = async (path: string, headers: Record<string, string>, body: unknown) => {
    const res = await fetch(`${tjeneste.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };

  beforeAll(async () => {
    tjeneste = await startTjeneste({ env: { SAKSGANG_DEV_ACTOR_HEADERS: 'on', SAKSGANG_VARSLING: 'on', SAKSGANG_VARSLING_INTERVALL_MS: '200' } });
    nettleser = await startNettleser();
    const { sakId } = await post('/saker', PSU, { tittel: TITTEL, innmeldtAv: 'psu-hnt' });
    await post(`/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
    await post(`/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utred en felles kompetanseplan.', frist: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) });
  });
  afterAll(async () => {
    await nettleser?.close();
    await tjeneste?.close();
  });

  it('shows the person\'s notification and keeps their choices', async () => {
    const { page, feil } = await nySide(nettleser);
    await loggInn(page, tjeneste.url, 'Olav Bremnes (samhandlingssjef)');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Varsler' }).click();
    await page.getByRole('heading', { level: 1, name: 'Varsler' }).waitFor();
    const lenke = page.getByRole('link', { name: `Ny bestilling til Administrativt samarbeidsutvalg (ASU): ${TITTEL}` });
    await lenke.waitFor({ timeout: 60_000 });
    const rad = page.getByRole('row').filter({ has: lenke });
    expect(await rad.textContent()).toContain('Bestilling mottatt');
    expect(await rad.textContent()).toContain('Venter på sending');
    await page.getByText('ingen e-posttjener er satt opp').waitFor();

    await page.getByRole('radio', { name: 'Én oppsummering om dagen' }).check();
    await page.getByRole('checkbox', { name: 'Frist nærmer seg' }).uncheck();
    await page.getByRole('button', { name: 'Lagre innstillinger' }).click();
    await page.getByText('Innstillingene er lagret.').waitFor();
    await skjermbilde(page, 'varsler');
    expect(await tilgjengelighet(page)).toEqual([]);

    await page.reload();
    await page.getByRole('button', { name: 'Lagre innstillinger' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Én oppsummering om dagen' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Frist nærmer seg' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Oppdrag mottatt' }).isChecked()).toBe(true);

    await lenke.click();
    await page.waitForURL(/\/app\/saker\/[0-9a-f-]+$/);
    expect(feil).toEqual([]);
  });
});
