/* global process, console, fetch, setTimeout, document */
// The web app's render budget (issue #17 item 6: «each page rendered within 1 s on the demo store»):
// the built service (dist/) on a fresh embedded store with the demo, the web app built by Vite, and
// Debian's headless Chromium (playwright-core). For each main page, as the person who uses it: the
// time from the start of the navigation until the page's heading is shown and nothing on it is still
// loading (no «Laster» spinner), cold (a full page load) and warm (a client-side navigation back to
// it), median of BENCH_WEB_ROUNDS rounds. Target: ≤ 1000 ms each; the ratio target/measured is printed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAverage, nowMs, record, ROOT, round, startService, table } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 3);
const BUDSJETT_MS = 1000;
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';

/** The main pages, each as the person who uses it (the local sign-in's button text), and how to find the page's own link in the menu. */
const SIDER = [
  { side: 'Innsyn (offentlig)', hvem: null, sti: '/app/innsyn', lenke: 'Innsyn' },
  { side: 'Arbeidsliste (ASU)', hvem: 'Olav Bremnes (samhandlingssjef)', sti: '/app/arbeidsliste', lenke: 'Arbeidsliste' },
  { side: 'Saker', hvem: 'Olav Bremnes (samhandlingssjef)', sti: '/app/saker', lenke: 'Saker' },
  { side: 'Sak (handlingsplanen)', hvem: 'Olav Bremnes (samhandlingssjef)', sti: null, lenke: null },
  { side: 'Møter (ASU)', hvem: 'Olav Bremnes (samhandlingssjef)', sti: '/app/moeter', lenke: 'Møter' },
  { side: 'Det vi har bestilt (PSU)', hvem: 'KS (sekretær for PSU)', sti: '/app/sendt', lenke: 'Det vi har bestilt' },
  { side: 'Organisasjonen', hvem: 'KS (sekretær for PSU)', sti: '/app/organisasjon', lenke: 'Organisasjonen' },
  { side: 'Avvik', hvem: 'KS (sekretær for PSU)', sti: '/app/avvik', lenke: 'Avvik' },
  { side: 'Revisjon', hvem: 'revisor', sti: '/app/revisjon', lenke: null },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Until the page's h1 is visible and no spinner says «Laster». */
async function klar(page) {
  await page.waitForFunction(() => {
    const h1 = document.querySelector('h1');
    return h1 !== null && h1.textContent.trim() !== '' && document.querySelector('[aria-label="Laster"]') === null;
  }, undefined, { timeout: 30_000, polling: 'raf' });
}

async function loggInn(page, base, hvem) {
  await page.goto(`${base}/app/logg-inn`);
  await page.getByRole('button', { name: `Logg inn som ${hvem}` }).click();
  await page.waitForURL(/\/app\/(arbeidsliste|revisjon)/);
  await klar(page);
}

export async function runWeb() {
  const loadBefore = loadAverage();
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set BENCH_CHROMIUM).`);
  const rot = mkdtempSync(join(tmpdir(), 'saksgang-bench-web-'));
  const webDir = join(rot, 'web');
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, SAKSGANG_WEB_OUT: webDir },
    timeout: 300_000,
  });
  const svc = await startService(
    { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: join(rot, 'data'), SAKSGANG_DEMO: 'auto', SAKSGANG_WEB_DIR: webDir, SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: null },
    { waitMs: 180_000 },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const rader = [];
  try {
    // The demo is loaded and its read models caught up before anything is timed.
    for (let i = 0; i < 600; i++) {
      const r = await fetch(`${svc.base}/health/ready`).catch(() => undefined);
      const s = await fetch(`${svc.base}/offentlig/saker?q=Handlingsplan`).then((x) => (x.ok ? x.json() : undefined)).catch(() => undefined);
      if (r?.status === 200 && (s?.totalt ?? 0) > 0) break;
      await new Promise((ok) => setTimeout(ok, 200));
    }
    const handlingsplan = (await (await fetch(`${svc.base}/offentlig/saker?q=Handlingsplan`)).json()).saker[0].sakId;
    for (const s of SIDER) {
      const kalde = [];
      const varme = [];
      for (let runde = 0; runde < ROUNDS; runde++) {
        const kontekst = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await kontekst.newPage();
        if (s.hvem) await loggInn(page, svc.base, s.hvem);
        const url = `${svc.base}${s.sti ?? `/app/saker/${handlingsplan}`}`;
        // Cold: a full page load (HTML, scripts, styles, then the page's reads).
        let t0 = nowMs();
        await page.goto(url);
        await klar(page);
        kalde.push(nowMs() - t0);
        // Warm: away (the sign-in landing or the public search) and back by the menu, as a person moves between pages.
        if (s.lenke) {
          await page.getByRole('link', { name: s.hvem ? 'Arbeidsliste' : 'Organisasjonen', exact: true }).first().click();
          await klar(page);
          t0 = nowMs();
          await page.getByRole('link', { name: s.lenke, exact: true }).first().click();
          await klar(page);
          varme.push(nowMs() - t0);
        }
        await kontekst.close();
      }
      const kald = median(kalde);
      const varm = varme.length ? median(varme) : null;
      rader.push({
        page: s.side,
        'cold ms (median)': round(kald, 0),
        'warm ms (median)': varm === null ? '–' : round(varm, 0),
        'cold max ms': round(Math.max(...kalde), 0),
        'budget/cold': round(BUDSJETT_MS / kald, 2),
        within: kald <= BUDSJETT_MS && (varm === null || varm <= BUDSJETT_MS) ? 'yes' : 'no',
      });
      console.log(`${s.side}: cold ${round(kald, 0)} ms, warm ${varm === null ? '–' : `${round(varm, 0)} ms`}`);
    }
  } finally {
    await browser.close();
    await svc.stop();
    rmSync(rot, { recursive: true, force: true });
  }
  const md = table(rader);
  const bom = rader.filter((r) => r.within !== 'yes').map((r) => r.page);
  record('web', {
    data: { budsjettMs: BUDSJETT_MS, runder: ROUNDS, sider: rader },
    sections: [{ title: `Render time per page (target ≤ ${BUDSJETT_MS} ms; median of ${ROUNDS})`, markdown: md }],
    notes: [
      'Measured from the start of the navigation until the page\'s h1 is shown and no «Laster» spinner remains; cold = a full page load in a fresh browser context (signed in first, not timed), warm = back to the page by the menu.',
      bom.length === 0 ? `Every page within ${BUDSJETT_MS} ms.` : `Over budget: ${bom.join(', ')}.`,
    ],
    loadBefore,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWeb();
  process.exit(process.exitCode ?? 0);
}
