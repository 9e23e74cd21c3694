/**
 * The command line (apps/cli), spawned as a separate process on a PGlite data directory — run from
 * its TypeScript sources through apps/cli/dev/register.mjs — and the archive bundle it writes,
 * checked with nothing but `sha256sum -c` and `node verifiser.mjs`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { BundleManifest } from '@saksgang/audit';
import { chainHeadOf, type JsonObject, openEventStore, sealEvents, sha256Hex } from '@saksgang/event-store';
import { sakDecider } from '@saksgang/domain';
import { fortell, newPath, organiser, PSU_SEKRETAER, RETTET_TITTEL, type Story } from './story.js';

const ROOT = process.cwd();
const HEMMELIG = 'Bekymringsmelding om navngitt pasient ved Levanger';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dataDir: string;
let work: string;
const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  sh(process.execPath, ['--import', './apps/cli/dev/register.mjs', 'apps/cli/src/main.ts', ...args], { env: { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: dataDir, ...env } });

let story: Story;
let skjermetSakId: string;
const suffix = `-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'saksgang-cli-'));
  dataDir = join(work, 'data');
  const opened = await openEventStore({ backend: 'pglite', dataDir });
  try {
    await organiser(opened.store, suffix);
    story = await fortell(opened.store, suffix);
    // A sak whose title is exempt from public access, by the metadata convention `skjerming` (see skjerming.ts),
    // sealed into the chain as the command path would, then carried on by the command path.
    skjermetSakId = randomUUID();
    const stream = `sak-${skjermetSakId}`;
    const psu = `psu-hnt${suffix}`;
    const aktoer = { ...PSU_SEKRETAER, organId: psu };
    const [registrert] = sealEvents(stream, 0n, chainHeadOf(undefined), [
      {
        id: randomUUID(),
        type: 'SakRegistrert',
        data: { sakId: skjermetSakId, tittel: HEMMELIG, offentligTittel: 'Bekymringsmelding om ***** pasient', beskrivelse: `${HEMMELIG}: detaljer.`, innmeldtAv: psu, sakstype: 'orienteringssak', gjelderFra: '2019-01-20', utfoertAv: aktoer },
        metadata: {
          eventId: 'x',
          actor: aktoer,
          effectiveAt: '2019-01-20',
          recordedAt: '2019-01-21T08:00:00.000Z',
          schemaVersion: 1,
          skjerming: { felt: ['tittel', 'beskrivelse'], skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13 første ledd nr. 1', tilgangsrestriksjon: '13' },
        } as JsonObject,
      },
    ]);
    await opened.store.appendToStream(stream, [registrert!], { expectedRevision: 'no_stream' });
    const { path } = newPath(opened.store, '2019-01-22T08:00:00.000Z');
    await path.execute(sakDecider, {
      aggregateId: skjermetSakId,
      command: { type: 'KorrigerOpplysning', data: { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: HEMMELIG, nyVerdi: `${HEMMELIG} (rettet)`, begrunnelse: 'Presisering' } },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      aktoer,
    });
  } finally {
    await opened.store.close();
  }
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('saksgang CLI', () => {
  it('--help documents the commands and the exit codes (exit 0); no command is a usage error (exit 2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['verify', 'replay', 'export', 'rebuild', 'Exit codes', '3  store unavailable', 'SAKSGANG_DATA_DIR']) expect(help.stdout).toContain(word);
    expect((await cli([])).code).toBe(2);
  }, 60_000);

  it('usage errors exit 2: unknown command, unknown option, option of another command, bad date, missing --out, unknown sak', async () => {
    const runs = await Promise.all([
      cli(['frobnicate']),
      cli(['verify', '--nope']),
      cli(['verify', '--out', 'x']),
      cli(['verify', '--fra', '2019-02-30']),
      cli(['export', '--sak', story.sakId]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0]!.stderr).toContain("unknown command 'frobnicate'");
    expect(runs[3]!.stderr).toContain('--fra must be a date');
    const unknown = await cli(['verify', '--sak', randomUUID()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no sak .* in the store/);
  }, 60_000);

  it('store unavailable exits 3: no data directory; PostgreSQL refusing connections', async () => {
    const missing = await cli(['verify'], { SAKSGANG_DATA_DIR: join(work, 'finnes-ikke') });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no PGlite data directory');
    const refused = await cli(['verify'], { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('store unavailable');
  }, 60_000);

  it('verify: the whole store and one sak are intact (exit 0), with a progress bar on stderr when asked', async () => {
    const whole = await cli(['verify', '--progress']);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/^OK: \d+ events in \d+ streams verified/m);
    expect(whole.stderr).toMatch(/checking \[.*\] \d+\/\d+/);
    const one = await cli(['verify', '--sak', story.sakId, '--json']);
    expect(one.code).toBe(0);
    const json = JSON.parse(one.stdout) as { ok: boolean; events: number; chainHeads: { revision: number }[] };
    expect(json).toMatchObject({ ok: true, events: 7, chainHeads: [{ revision: 6 }] });
  }, 60_000);

  it('export --sak: a bundle that checks out with sha256sum -c and node verifiser.mjs, and fails after tampering', async () => {
    const out = join(work, 'pakke-sak');
    const r = await cli(['export', '--sak', story.sakId, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).code).toBe(0);
    const chain = await sh(process.execPath, ['verifiser.mjs'], { cwd: out });
    expect(chain.stdout).toContain('OK: 7 hendelser');
    expect(chain.code).toBe(0);

    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    const lines = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(7);
    const last = JSON.parse(lines[6]!) as { eventId: string; metadata: { hash: string } };
    expect(manifest).toMatchObject({
      format: 'saksgang-arkivpakke',
      generator: 'saksgang 0.1.0',
      omfang: { type: 'sak', sakId: story.sakId },
      offentlig: false,
      antall: { hendelser: 7, stroemmer: 1, saker: 1 },
      kjedehoder: [{ streamName: `sak-${story.sakId}`, fraRevisjon: 0, tilRevisjon: 6, forrigeHash: null, hode: { revision: 6, eventId: last.eventId, hash: last.metadata.hash } }],
      verifisering: { ok: true, avvik: [] },
    });
    for (const f of manifest.filer) expect(sha256Hex(await readFile(join(out, f.navn)))).toBe(f.sha256);
    expect(manifest.filer.map((f) => f.navn).sort()).toEqual(['events.jsonl', 'rapport.html', 'verifiser.mjs']);

    const html = await readFile(join(out, 'rapport.html'), 'utf8');
    for (const s of ['<svg', 'saksaar</th><td>2017', 'sakssekvensnummer</th><td>3', RETTET_TITTEL, 'saksstatus</th><td>Under behandling', 'moetedato', 'Ferdig behandlet', `psu-hnt${suffix}`, `asu-hnt${suffix}`, 'Vedtak fattet']) {
      expect(html).toContain(s);
    }
    expect(html).not.toMatch(/<script/i);

    // Tamper with one file: sha256sum -c names it and fails.
    await appendFile(join(out, 'events.jsonl'), ' ');
    const tampered = await sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(tampered.code).not.toBe(0);
    expect(tampered.stdout).toContain('events.jsonl: FAILED');
    expect(tampered.stdout).toContain('rapport.html: OK');
  }, 60_000);

  it('export --offentlig leaves out the exempt fields, names the skjermingshjemmel, and still checks out', async () => {
    const intern = join(work, 'pakke-intern');
    const offentlig = join(work, 'pakke-offentlig');
    expect((await cli(['export', '--sak', skjermetSakId, '--out', intern])).code).toBe(0);
    const r = await cli(['export', '--sak', skjermetSakId, '--out', offentlig, '--offentlig']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('public (2 event(s) with exempt fields left out)');
    expect(await readFile(join(intern, 'events.jsonl'), 'utf8')).toContain(HEMMELIG);
    for (const f of ['events.jsonl', 'rapport.html', 'manifest.json']) expect(await readFile(join(offentlig, f), 'utf8')).not.toContain(HEMMELIG);
    const first = JSON.parse((await readFile(join(offentlig, 'events.jsonl'), 'utf8')).split('\n')[0]!) as { data: JsonObject; skjermet: JsonObject };
    expect(first.data['offentligTittel']).toBe('Bekymringsmelding om ***** pasient');
    expect(first.data['tittel']).toBeUndefined();
    expect(first.skjermet).toEqual({ felt: ['tittel', 'beskrivelse'], skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13 første ledd nr. 1', tilgangsrestriksjon: '13' });
    const html = await readFile(join(offentlig, 'rapport.html'), 'utf8');
    expect(html).toContain('Bekymringsmelding om ***** pasient');
    expect(html).toContain('Offl. § 13');
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: offentlig })).code).toBe(0);
    expect((await sh(process.execPath, ['verifiser.mjs'], { cwd: offentlig })).code).toBe(0);
  }, 60_000);

  it('export of a period holds the events recorded in it, from every stream', async () => {
    const out = join(work, 'pakke-periode');
    const r = await cli(['export', '--fra', '2019-01-01', '--til', '2019-02-28', '--out', out]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    const lines = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { streamName: string; type: string; revision: number });
    // The bodies (recorded 2 Jan), the story's innstilling, saksliste and vedtak, the exempt sak and its correction.
    expect(lines.filter((l) => l.streamName === `sak-${story.sakId}`).map((l) => l.type)).toEqual(['InnstillingAvgitt', 'SattPaaSaksliste', 'VedtakFattet']);
    expect(lines.filter((l) => l.streamName.startsWith('organ-'))).toHaveLength(7);
    expect(manifest.omfang).toEqual({ type: 'periode', fra: '2019-01-01T00:00:00.000Z', til: '2019-02-28T23:59:59.999Z' });
    expect(manifest.kjedehoder.find((k) => k.streamName === `sak-${story.sakId}`)).toMatchObject({ fraRevisjon: 3, tilRevisjon: 5 });
    expect((await sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).code).toBe(0);
    expect((await sh(process.execPath, ['verifiser.mjs'], { cwd: out })).code).toBe(0);
  }, 60_000);

  it('rebuild builds the read models, then replay finds the projections agree (exit 0)', async () => {
    const rebuild = await cli(['rebuild']);
    expect(rebuild.stderr).not.toMatch(/error/i);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toContain('rebuilt saksoversikt');
    const replay = await cli(['replay']);
    expect(replay.stdout).toMatch(/^OK: 2 sak\(er\) rebuilt; event-stream, saksoversikt agree\./m);
    expect(replay.code).toBe(0);
    expect((await cli(['rebuild', '--projection', 'finnes_ikke'])).code).toBe(2);
  }, 120_000);

  it('verify after a row was altered in the database: exit 1, naming stream, revision and event id', async () => {
    const opened = await openEventStore({ backend: 'pglite', dataDir });
    let eventId: string;
    try {
      const { rows } = await opened.sql.query<{ event_id: string }>(`select event_id::text from es_events where stream_name = $1 and stream_revision = 4`, [`sak-${story.sakId}`]);
      eventId = rows[0]!.event_id;
      await opened.sql.query(`update es_events set data = jsonb_set(data, '{moetedato}', '"2019-03-15"') where stream_name = $1 and stream_revision = 4`, [`sak-${story.sakId}`]);
    } finally {
      await opened.store.close();
    }
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`CHANGED    sak-${story.sakId} revision 4 event ${eventId}`);
    expect(r.stdout).toMatch(/INTEGRITY FAILURE: 1 issue\(s\) in 1 stream\(s\)/);
    const json = JSON.parse((await cli(['verify', '--sak', story.sakId, '--json'])).stdout) as { ok: boolean; issues: { kind: string; revision: number; eventId: string }[] };
    expect(json.ok).toBe(false);
    expect(json.issues).toEqual([expect.objectContaining({ kind: 'changed', revision: 4, eventId })]);
    // The export refuses to call it clean: exit 1, the issue written into the bundle.
    const out = join(work, 'pakke-etter');
    const exp = await cli(['export', '--sak', story.sakId, '--out', out]);
    expect(exp.code).toBe(1);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest.verifisering.ok).toBe(false);
    expect((await sh(process.execPath, ['verifiser.mjs'], { cwd: out })).code).toBe(1);
  }, 60_000);
});
