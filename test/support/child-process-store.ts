/**
 * Runs parts of the event-store library in a SEPARATE Node process (to test what only another
 * process can show: the PGlite data-directory lock, signal handling). Node 20 cannot import
 * TypeScript, so the needed sources are transpiled (types stripped, nothing else changed) into a
 * temporary directory whose `node_modules` links to the project's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const SOURCES = [
  'errors.ts',
  'event-store.port.ts',
  'shutdown.ts',
  'sql/connection-errors.ts',
  'sql/data-dir-lock.ts',
  'sql/pglite-client.ts',
  'sql/savepoint.ts',
  'sql/sql-client.ts',
  'sql/transaction-handle.ts',
];

/** A child script: `node child.mjs <mode> <dataDir>`; it prints one JSON line per step. */
const CHILD = `
import { PgliteClient } from './lib/sql/pglite-client.js';
import { installSignalHandlers } from './lib/shutdown.js';
const [mode, dataDir] = process.argv.slice(2);
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
try {
  const client = await PgliteClient.open({ dataDir });
  await client.query('create table if not exists kontroll (x int)');
  if (mode === 'hold') {
    installSignalHandlers(client, { log: (m) => process.stderr.write(m + '\\n') });
    say({ status: 'opened', pid: process.pid });
    setInterval(() => undefined, 1000);
  } else {
    await client.close();
    say({ status: 'opened-and-closed', pid: process.pid });
  }
} catch (e) {
  say({ status: 'error', name: e.name, code: e.code, ownerPid: e.ownerPid, message: e.message });
  process.exitCode = 3;
}
`;

export interface ChildMessage {
  status: 'opened' | 'opened-and-closed' | 'error';
  pid?: number;
  name?: string;
  code?: string;
  ownerPid?: number;
  message?: string;
}

export class ChildStoreHarness {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'saksgang-child-'));
    writeFileSync(join(this.dir, 'package.json'), '{ "type": "module" }');
    symlinkSync(join(ROOT, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
    for (const source of SOURCES) {
      const code = readFileSync(join(ROOT, 'libs/event-store/src', source), 'utf8');
      const js = ts.transpileModule(code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      }).outputText;
      const out = join(this.dir, 'lib', source.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, js);
    }
    writeFileSync(join(this.dir, 'child.mjs'), CHILD);
  }

  /** Starts a child; resolves with the process and its first message. */
  start(mode: 'try' | 'hold', dataDir: string): Promise<{ child: ChildProcess; message: ChildMessage; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, ['child.mjs', mode, dataDir], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    return new Promise((resolveStart, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => resolveStart({ child, message: JSON.parse(line) as ChildMessage, exited }));
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before reporting: ${stderr}`)));
    });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
