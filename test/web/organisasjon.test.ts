/**
 * The organisation page of the web app (issue 16, item 4), in headless Chromium against the real
 * service on a fresh demo store: the public sees the bodies by level with their mandate and whether
 * each existed on a chosen date; a signed-in person also sees the persons with their memberships.
 * Checked with axe-core; screenshots in test-output/web/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext } from 'playwright-core';
import { loggInn, nySide, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(300_000);

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

beskriv('the organisation page', () => {
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

  const ny = async () => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    kontekster.push(k);
    return nySide(k);
  };

  it('the public sees the bodies by level and which of them existed on a date', async () => {
    const { page, feil } = await ny();
    await page.goto(`${tjeneste.url}/app/innsyn`);
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Organisasjonen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisasjonen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Politisk nivå' }).waitFor();
    await page.getByLabel('Vis organisasjonen slik den var').fill('2018-06-01');
    await page.getByRole('columnheader', { name: 'Den 01.06.2018' }).first().waitFor();
    await skjermbilde(page, 'organisasjon-offentlig');
    const rad = (navn: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: navn, exact: true }) });
    await expect(rad('Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag').getByText('Fantes').count()).resolves.toBe(1);
    await expect(rad('Sekretariatet for helsefellesskapet').getByText('Ikke opprettet ennå').count()).resolves.toBe(1);
    await expect(rad('Arbeidsgruppen for samarbeid om barn og unge').getByText('Ikke opprettet ennå').count()).resolves.toBe(1);
    // The mandate is shown as it is written.
    await expect(rad('Arbeidsutvalget').getByText(/helhetlig tilnærming i saksgangen/).count()).resolves.toBe(1);
    await expect(page.getByText('Logg inn for å se personene og vervene deres.').count()).resolves.toBe(1);
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(feil).toEqual([]);
  });

  it('a signed-in person also sees the persons and their memberships, with who appointed them', async () => {
    const { page, feil } = await ny();
    await loggInn(page, tjeneste.url, 'KS (sekretær for PSU)');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Organisasjonen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Personer og verv' }).waitFor();
    await skjermbilde(page, 'organisasjon-personer');
    const tore = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Tore O. Sandvik (fylkesordfører)', exact: true }) });
    await expect(tore.getByText(/^Observatør i Politisk samarbeidsutvalg \(PSU\) i nordlige Trøndelag, fra 15\.02\.2019 \(representerer Trøndelag fylkeskommune\) — oppnevnt: PSU-sak 2\/19 \(15\.02\.2019\)$/).count()).resolves.toBe(1);
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(feil).toEqual([]);
  });
});
