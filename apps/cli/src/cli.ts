import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

import cliProgress from 'cli-progress';

import { CONFIG_VARIABLES, ConfigError, loadConfig, type StoreConfig } from '@saksgang/application';
import {
  anchorsFromManifest,
  type BundleManifest,
  exportBundle,
  type IntegrityIssue,
  parseInstant,
  leseModellComparers,
  readWholeLog,
  replaySak,
  type ReplayResultat,
  SakFinnesIkkeError,
  streamComparer,
  verify,
  type VerifyScope,
} from '@saksgang/audit';
import { type OpenedEventStore, openEventStore } from '@saksgang/event-store';
import { lesemodeller, ProjectionRunner } from '@saksgang/projections';

/** Exit codes scripts can rely on. */
export const EXIT = {
  OK: 0,
  /** verify found an altered, removed, inserted or reordered event; replay found a difference; export found integrity issues. */
  INTEGRITY: 1,
  /** Wrong command, option or value; unknown sak. */
  USAGE: 2,
  /** The store could not be opened or read (missing data directory, locked, connection refused, bad configuration). */
  STORE: 3,
} as const;

export const VERSION = '0.1.0';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
}

class UsageError extends Error {}
class StoreError extends Error {}

const HELP = `saksgang — command line for auditors and operators

Usage: saksgang <command> [options]

Commands:
  verify    Verify the hash chains: names every changed, removed, inserted or reordered event.
              --sak <id>            one sak
              --fra <time> --til <time>
                                    the streams with events recorded in this period (either bound optional)
              (neither)             the whole store, including the global log
              --anchor <manifest.json>
                                    also check the chain heads of an earlier export (rewritten chains)
  replay    Rebuild saker from their events and compare with every projection that holds them.
              --sak <id>            one sak (default: every sak)
  export    Write an archive bundle: events.jsonl, manifest.json, SHA256SUMS, rapport.html, verifiser.mjs.
              --out <dir>           the bundle directory (required)
              --sak <id> | --fra <time> --til <time>
              --offentlig           leave out what is exempt from public access (skjerming)
  rebuild   Rebuild the read models (projections) from the events.
              --projection <name>   one projection (default: all)

Options for every command:
  --json          machine-readable output on stdout
  --no-progress   no progress bar (it is drawn on stderr, only when stderr is a terminal, unless --progress)
  --progress      draw the progress bar even when stderr is not a terminal
  -h, --help      this help
  --version       the version

Times: YYYY-MM-DD (--til: the end of that day, UTC) or an ISO date-time (2019-02-15T12:00:00Z).

Exit codes:
  0  OK — nothing found
  1  integrity failure: verify found an altered/removed/inserted/reordered event, replay found a
     difference, or export found integrity issues (the bundle is written, with the issues in it)
  2  usage error: unknown command or option, bad value, unknown sak
  3  store unavailable: no data directory, directory locked by a running server, connection refused,
     invalid configuration

The store is chosen by the same environment variables as the API:
${CONFIG_VARIABLES.filter((v) => v.name.startsWith('SAKSGANG_STORE') || v.name.startsWith('SAKSGANG_DATA') || v.name.startsWith('SAKSGANG_POSTGRES'))
  .map((v) => `  ${v.name.padEnd(30)} ${v.description} (default ${v.default})`)
  .join('\n')}
`;

const OPTIONS = {
  sak: { type: 'string' },
  fra: { type: 'string' },
  til: { type: 'string' },
  out: { type: 'string' },
  anchor: { type: 'string' },
  projection: { type: 'string' },
  offentlig: { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

const ALLOWED: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  verify: ['sak', 'fra', 'til', 'anchor'],
  replay: ['sak'],
  export: ['sak', 'fra', 'til', 'out', 'offentlig'],
  rebuild: ['projection'],
};
const COMMON: readonly (keyof typeof OPTIONS)[] = ['json', 'progress', 'no-progress', 'help', 'version'];

/** Runs the command line; resolves to the exit code. Never calls process.exit. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] });
  } catch (e) {
    err(`saksgang: ${(e as Error).message}\nSee: saksgang --help`);
    return EXIT.USAGE;
  }
  if (values.version) {
    out(VERSION);
    return EXIT.OK;
  }
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    out(HELP);
    return command === undefined && !values.help ? EXIT.USAGE : EXIT.OK;
  }
  try {
    if (!(command in ALLOWED)) throw new UsageError(`unknown command '${command}' (verify, replay, export, rebuild)`);
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
      if (!COMMON.includes(key) && !ALLOWED[command]!.includes(key)) throw new UsageError(`--${key} does not apply to ${command}`);
    }
    const fra = values.fra !== undefined ? instant(values.fra, 'fra', false) : undefined;
    const til = values.til !== undefined ? instant(values.til, 'til', true) : undefined;
    if (values.sak !== undefined && (fra || til)) throw new UsageError('give either --sak or a period (--fra/--til), not both');
    if (fra && til && fra.getTime() > til.getTime()) throw new UsageError('--fra is after --til');
    if (command === 'export' && !values.out) throw new UsageError('export needs --out <dir>');
    if (command === 'export' && values.sak === undefined && !fra && !til) throw new UsageError('export needs --sak <id> or a period (--fra and/or --til)');
    const anchors = values.anchor ? await readAnchors(values.anchor) : undefined;

    const progressWanted = !values['no-progress'] && (values.progress || io.stderr.isTTY === true);
    const bar = new Progress(io.stderr, progressWanted, values.progress === true);
    const opened = await openStore(io.env);
    try {
      switch (command) {
        case 'verify':
          return await doVerify(opened, values, fra, til, anchors, bar, out);
        case 'replay':
          return await doReplay(opened, values, bar, out);
        case 'export':
          return await doExport(opened, values, fra, til, bar, out);
        case 'rebuild':
          return await doRebuild(opened, values, bar, out, err);
        default:
          throw new UsageError(`unknown command '${command}'`);
      }
    } finally {
      bar.stop();
      await opened.store.close().catch(() => undefined);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`saksgang ${command}: ${e.message}\nSee: saksgang --help`);
      return EXIT.USAGE;
    }
    if (e instanceof SakFinnesIkkeError) {
      err(`saksgang ${command}: no sak ${e.sakId} in the store`);
      return EXIT.USAGE;
    }
    if (e instanceof StoreError) {
      err(`saksgang ${command}: store unavailable: ${e.message}`);
      return EXIT.STORE;
    }
    err(`saksgang ${command}: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT.STORE;
  }
}

function instant(text: string, name: string, endOfDay: boolean): Date {
  const d = parseInstant(text, endOfDay);
  if (!d) throw new UsageError(`--${name} must be a date (YYYY-MM-DD) or an ISO date-time, got '${text}'`);
  return d;
}

async function readAnchors(path: string): Promise<{ streamName: string; revision: number; hash: string }[]> {
  let manifest: Pick<BundleManifest, 'kjedehoder'>;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Pick<BundleManifest, 'kjedehoder'>;
  } catch (e) {
    throw new UsageError(`--anchor ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(manifest.kjedehoder)) throw new UsageError(`--anchor ${path}: not a bundle manifest (no kjedehoder)`);
  return anchorsFromManifest(manifest);
}

async function openStore(env: Record<string, string | undefined>): Promise<OpenedEventStore> {
  let store: StoreConfig;
  try {
    store = loadConfig(env).store;
  } catch (e) {
    if (e instanceof ConfigError) throw new StoreError(e.message);
    throw e;
  }
  try {
    switch (store.backend) {
      case 'pglite':
        if (store.dataDir !== 'memory://' && !existsSync(store.dataDir)) throw new StoreError(`no PGlite data directory at ${store.dataDir} (set SAKSGANG_DATA_DIR)`);
        return await openEventStore({ backend: 'pglite', dataDir: store.dataDir });
      case 'postgres':
        return await openEventStore({ backend: 'postgres', url: store.url, poolSize: Math.min(store.poolSize, 4) });
      case 'eventstoredb':
        throw new StoreError('the command line works on the PostgreSQL/PGlite store; SAKSGANG_STORE=eventstoredb is not supported yet');
      default: {
        const unknown: never = store;
        throw new StoreError(`unknown store ${JSON.stringify(unknown)}`);
      }
    }
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError((e as Error)?.message ?? String(e));
  }
}

/** A progress bar on stderr (cli-progress); silent when not wanted. */
class Progress {
  private bar: cliProgress.SingleBar | undefined;
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly enabled: boolean,
    private readonly forceNoTty: boolean,
  ) {}

  update(label: string, done: number, total: number | undefined): void {
    if (!this.enabled) return;
    const t = Math.max(total ?? done, done, 1);
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        { stream: this.stream, format: '{label} [{bar}] {value}/{total}', noTTYOutput: this.forceNoTty, notTTYSchedule: 200, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(t, done, { label });
    } else {
      this.bar.setTotal(t);
      this.bar.update(done, { label });
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function describeIssue(i: IntegrityIssue): string {
  const where = i.revision === undefined ? '' : i.toRevision !== undefined && i.toRevision !== i.revision ? ` revisions ${i.revision}–${i.toRevision}` : ` revision ${i.revision}`;
  return `${i.kind.toUpperCase().padEnd(10)} ${i.streamName}${where}${i.eventId ? ` event ${i.eventId}` : ''}: ${i.detail}`;
}

async function doVerify(
  opened: OpenedEventStore,
  values: Values,
  fra: Date | undefined,
  til: Date | undefined,
  anchors: { streamName: string; revision: number; hash: string }[] | undefined,
  bar: Progress,
  out: (s: string) => void,
): Promise<number> {
  const scope: VerifyScope =
    values.sak !== undefined
      ? { kind: 'sak', sakId: values.sak }
      : fra || til
        ? { kind: 'periode', ...(fra ? { fra } : {}), ...(til ? { til } : {}) }
        : { kind: 'store' };
  const report = await verify(opened.store, scope, {
    sql: opened.sql,
    ...(anchors ? { anchors } : {}),
    onProgress: (p) => bar.update(p.phase === 'read' ? 'reading ' : 'checking', p.done, p.total),
  });
  bar.stop();
  if (scope.kind === 'sak' && !report.found) throw new SakFinnesIkkeError(scope.sakId);
  if (values.json) {
    out(JSON.stringify({ ok: report.ok, scope: report.scope, streams: report.streams, events: report.events, issues: report.issues, chainHeads: report.chainHeads }, null, 2));
  } else {
    for (const i of report.issues) out(describeIssue(i));
    out(
      report.ok
        ? `OK: ${report.events} events in ${report.streams} streams verified; every chain is whole.`
        : `INTEGRITY FAILURE: ${report.issues.length} issue(s) in ${new Set(report.issues.map((i) => i.streamName)).size} stream(s) (${report.events} events in ${report.streams} streams verified).`,
    );
    if (scope.kind === 'sak') for (const h of report.chainHeads) out(`chain head ${h.streamName} revision ${h.revision}: ${h.hash}`);
  }
  return report.ok ? EXIT.OK : EXIT.INTEGRITY;
}

async function doReplay(opened: OpenedEventStore, values: Values, bar: Progress, out: (s: string) => void): Promise<number> {
  const comparers = [streamComparer(opened.store), ...leseModellComparers(opened.sql)];
  let sakIds: string[];
  if (values.sak !== undefined) sakIds = [values.sak];
  else {
    const log = await readWholeLog(opened.store, 500, (n) => bar.update('reading  ', n, undefined));
    sakIds = [...new Set(log.filter((e) => e.streamName.startsWith('sak-') && e.revision === 0n).map((e) => e.streamName.slice(4)))];
  }
  const results: ReplayResultat[] = [];
  for (const sakId of sakIds) {
    results.push(await replaySak(opened.store, sakId, comparers));
    bar.update('replaying', results.length, sakIds.length);
  }
  bar.stop();
  const ok = results.every((r) => r.ok);
  if (values.json) {
    out(JSON.stringify({ ok, saker: results.map((r) => ({ sakId: r.sakId, ok: r.ok, forventet: r.forventet, sammenligninger: r.sammenligninger })) }, null, 2));
  } else {
    for (const r of results) {
      for (const s of r.sammenligninger.filter((x) => !x.ok)) {
        if (s.feil) out(`DIFFERENT  sak ${r.sakId} in ${s.projection}: could not read it (${s.feil})`);
        for (const f of s.forskjeller) out(`DIFFERENT  sak ${r.sakId} in ${s.projection}: ${f.felt} is ${JSON.stringify(f.faktisk)}, the events say ${JSON.stringify(f.forventet)}`);
      }
    }
    out(ok ? `OK: ${results.length} sak(er) rebuilt; ${comparers.map((c) => c.name).join(', ')} agree.` : `DIFFERENCES: ${results.filter((r) => !r.ok).length} of ${results.length} sak(er) differ.`);
  }
  return ok ? EXIT.OK : EXIT.INTEGRITY;
}

async function doExport(opened: OpenedEventStore, values: Values, fra: Date | undefined, til: Date | undefined, bar: Progress, out: (s: string) => void): Promise<number> {
  const result = await exportBundle(opened.store, values.sak !== undefined ? { kind: 'sak', sakId: values.sak } : { kind: 'periode', ...(fra ? { fra } : {}), ...(til ? { til } : {}) }, {
    dir: values.out!,
    offentlig: values.offentlig === true,
    sql: opened.sql,
    generator: `saksgang ${VERSION}`,
    onProgress: (done, total) => bar.update('exporting', done, total),
  });
  bar.stop();
  const m = result.manifest;
  if (values.json) out(JSON.stringify({ ok: result.integrityOk, dir: result.dir, manifest: m }, null, 2));
  else {
    out(`Wrote ${result.dir}: ${m.antall.hendelser} events, ${m.antall.stroemmer} streams, ${m.antall.saker} sak(er)${m.offentlig ? `, public (${m.antall.skjermedeHendelser} event(s) with exempt fields left out)` : ''}.`);
    out(`Check it with: (cd ${result.dir} && sha256sum -c SHA256SUMS && node verifiser.mjs)`);
    if (!result.integrityOk) for (const a of m.verifisering.avvik) out(`INTEGRITY  ${a}`);
  }
  return result.integrityOk ? EXIT.OK : EXIT.INTEGRITY;
}

async function doRebuild(opened: OpenedEventStore, values: Values, bar: Progress, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const projections = lesemodeller();
  const names = values.projection !== undefined ? [values.projection] : projections.map((p) => p.name);
  const runner = new ProjectionRunner({
    store: opened.store,
    sql: opened.sql,
    projections,
    logger: { log: () => undefined, warn: (m) => err(`warning: ${m}`), error: (m) => err(`error: ${m}`) },
  });
  try {
    if (values.projection !== undefined && !names.every((n) => runner.projectionNames.includes(n))) {
      throw new UsageError(`unknown projection '${values.projection}' (${projections.map((p) => p.name).join(', ')})`);
    }
    // All of them at once: the log is read once and each page is applied to every read model.
    const label = names.length === 1 ? names[0]! : `${names.length} read models`;
    await runner.rebuildMany(names, (p) => bar.update(label.padEnd(20), p.processed, p.total));
    bar.stop();
    for (const name of names) out(`rebuilt ${name}`);
  } finally {
    await runner.stop().catch(() => undefined);
  }
  if (values.json) out(JSON.stringify({ ok: true, rebuilt: names }));
  return EXIT.OK;
}
