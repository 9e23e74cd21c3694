#!/usr/bin/env node
/* global process, URL, console */
// The npm registry mirror of our machines serves only Linux x64 builds of packages with per-platform
// optional dependencies (@swc/core-darwin-arm64 and the like answer 404), so `npm install` leaves them
// out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds an entry
// (version, optional) for every optional dependency missing from the lock; `npm ci` skips them on
// platforms they are not for. Idempotent. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path === '' ? '' : `${path}/`}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version: String(range).replace(/^[\^~=]/, ''), optional: true };
    added++;
  }
}
if (added > 0) writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile-platform-stubs: ${added} optional platform package(s) added`);
