/**
 * The web app's end-to-end tests: the real service (the API process serving the built app) on a fresh
 * embedded store in a temporary data directory, with the demo loaded as on a newcomer's first start,
 * and Debian's Chromium driven by playwright-core (nothing downloads a browser). Accessibility is
 * checked with axe-core in the page; screenshots go to test-output/web/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@saksgang/application';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createApp } from '../../apps/api/src/bootstrap.js';

export const CHROMIUM = process.env['SAKSGANG_CHROMIUM'] ?? '/usr/bin/chromium';
/** Why the browser tests cannot run here, or undefined. */
export const UTEN_NETTLESER = existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set SAKSGANG_CHROMIUM); the web app's browser tests are skipped.`;

export const SKJERMBILDER = resolve('test-output/web');

export interface Tjeneste {
  readonly url: string;
  readonly app: NestFastifyApplication;
  close(): Promise<void>;
}

/** Besides the defaults: more configuration, something to do once the address is known, and when the demo counts as loaded. */
export interface TjenesteValg {
  readonly env?: Record<string, string>;
  /** Called with the service's address as soon as it listens (before the demo is waited for). */
  readonly vedStart?: (url: string) => Promise<void>;
  /** Whether the demo is readable; default: the local sign-in lists its last person and a public sak is found. */
  readonly klar?: (url: string) => Promise<boolean>;
}

async function demoLastet(url: string): Promise<boolean> {
  const personer = await fetch(`${url}/innlogging/lokal`).then((r) => (r.ok ? (r.json() as Promise<{ personer: { personId: string }[] }>) : undefined));
  const saker = await fetch(`${url}/offentlig/saker?q=Handlingsplan`).then((r) => (r.ok ? (r.json() as Promise<{ totalt: number }>) : undefined));
  return (personer?.personer.some((p) => p.personId === 'fagraad-ke-sekretaer') ?? false) && (saker?.totalt ?? 0) > 0;
}

/** Builds the web app (Vite) into a temporary directory and starts the service on a fresh embedded store with it. */
export async function startTjeneste(valg: TjenesteValg = {}): Promise<Tjeneste> {
  const rot = mkdtempSync(join(tmpdir(), 'saksgang-web-'));
  const webDir = join(rot, 'web');
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
    env: { ...process.env, SAKSGANG_WEB_OUT: webDir },
    timeout: 180_000,
  });
  const config = loadConfig({
    SAKSGANG_STORE: 'pglite',
    SAKSGANG_DATA_DIR: join(rot, 'data'),
    SAKSGANG_WEB_DIR: webDir,
    SAKSGANG_RATE_LIMIT: '0',
    SAKSGANG_LOG_LEVEL: 'error',
    ...valg.env,
  });
  const app = await createApp({ config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await valg.vedStart?.(url);
  // The demo loads on the first start; wait until its people and saker are readable.
  const frist = Date.now() + 120_000;
  for (;;) {
    if (await (valg.klar ?? demoLastet)(url)) break;
    if (Date.now() > frist) throw new Error('The demo did not load within 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    app,
    async close() {
      await app.close();
      rmSync(rot, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with a fresh profile each run (playwright makes one), nothing talking to the network but the service. */
export async function startNettleser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--lang=nb-NO', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records what went wrong in it: script errors and content-security-policy refusals. */
export interface Side {
  readonly page: Page;
  readonly feil: string[];
}

export async function nySide(nettleser: Browser | BrowserContext, bredde = 1280): Promise<Side> {
  const page = await nettleser.newPage({ viewport: { width: bredde, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const feil: string[] = [];
  page.on('pageerror', (e) => feil.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) feil.push(`csp: ${m.text()}`);
  });
  page.setDefaultTimeout(30_000);
  const logg: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && logg.push(`-> ${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  page.on('response', (r) => r.request().method() === 'POST' && void r.text().then((t) => logg.push(`<- ${r.status()} ${r.url()} ${t.slice(0, 300)}`)).catch(() => undefined));
  nettverk.set(page, logg);
  return { page, feil };
}

/** The POSTs of each page and their answers, for the message when a step is not recorded. */
const nettverk = new WeakMap<Page, string[]>();

const AXE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.1 A/AA rules) in the page; returns the serious and critical violations. */
export async function tilgjengelighet(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as an inline script: the app's CSP stays as it is.
  await page.evaluate(AXE);
  const brudd = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return brudd.filter((b) => b.impact === 'serious' || b.impact === 'critical').map((b) => `${b.id} (${b.impact}): ${b.help} — ${b.targets.join(', ')}`);
}

export async function skjermbilde(page: Page, navn: string): Promise<void> {
  mkdirSync(SKJERMBILDER, { recursive: true });
  await page.screenshot({ path: join(SKJERMBILDER, `${navn}.png`), fullPage: true });
}

/** Signs in on the local sign-in page as the person with that name. */
export async function loggInn(page: Page, url: string, navn: string): Promise<void> {
  await page.goto(`${url}/app/logg-inn`);
  await page.getByRole('button', { name: `Logg inn som ${navn}` }).click();
  await page.waitForURL(/\/app\/(arbeidsliste|revisjon)/);
}

/** Opens the form of a step on a sak page (a collapsed section named by the step). */
export async function aapneSteg(page: Page, tittel: string) {
  const steg = page.locator('details').filter({ has: page.locator('summary', { hasText: new RegExp(`^${tittel}$`) }) });
  if (!(await steg.evaluate((d) => (d as unknown as { open: boolean }).open))) await steg.locator('summary').press('Enter');
  // The section opens with an animation: the form is there when its button is.
  await steg.getByRole('button', { name: tittel, exact: true }).waitFor();
  return steg;
}

/** Waits for the confirmation that the step was recorded; if a refusal shows instead, fails with its text (and a screenshot). */
export async function registrert(page: Page, tittel: string): Promise<void> {
  const ok = page.getByRole('status').filter({ hasText: `Registrert: ${tittel}.` });
  const nei = page.locator('[role=alert], .ds-error-summary');
  try {
    await Promise.race([ok.waitFor(), nei.first().waitFor()]);
  } catch (e) {
    await skjermbilde(page, `feil-${tittel.replace(/\W+/g, '-')}`);
    throw new Error(`«${tittel}»: ${(e as Error).message}\n${(nettverk.get(page) ?? []).slice(-6).join('\n')}`, { cause: e });
  }
  if (await ok.isVisible()) {
    // The page fetches the sak again (the steps allowed now change): wait for it, so the next click hits what it aims at.
    await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[aria-busy="true"]'));
    return;
  }
  await skjermbilde(page, `feil-${tittel.replace(/\W+/g, '-')}`);
  throw new Error(`«${tittel}» was not recorded: ${(await nei.first().textContent())?.trim()}`);
}
