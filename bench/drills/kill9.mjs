/* global process, console */
// Drill: kill -9 the service repeatedly while clients send commands (each with an Idempotency-Key,
// retried with the same key until acknowledged, as a client after a timeout would). Afterwards every
// acknowledged command's events are in the store exactly once, retries got the same answer, every
// sak's hash chain holds, and the projections catch up without duplicates.
import { randomUUID } from 'node:crypto';
import { ACTORS, STEG, freePort, http, nowMs, opprettOrganer, progressBar, registrerBody, sleep, startService } from '../lib.mjs';
import { check, drillStore, finish, streamProblems } from './common.mjs';

const ROUNDS = Number(process.env.DRILL_ROUNDS ?? 6);
const CLIENTS = 8;

export async function drillKill9() {
  const store = await drillStore();
  const failures = [];
  const port = await freePort();
  const run = randomUUID().slice(0, 8);
  let base;
  let stopping = false;
  const acks = new Map(); // key → { path, sakId, revision, eventIds, person }
  let retriesAcked = 0;
  let sent = 0;
  const env = { ...store.env, SAKSGANG_PROJECTIONS: 'on' };

  async function client(c) {
    for (let s = 0; !stopping; s++) {
      let sakId;
      const plan = [['psu', '', registrerBody(s)], ...STEG];
      for (let k = 0; k < plan.length && !stopping; k++) {
        const [actor, sti, body] = plan[k];
        const key = `drill-${run}-c${c}-s${s}-k${k}`;
        const path = k === 0 ? '/saker' : `/saker/${sakId}${sti}`;
        let attempts = 0;
        for (;;) {
          if (stopping) return;
          if (!base) {
            await sleep(50);
            continue;
          }
          attempts++;
          sent++;
          try {
            const r = await http(base, 'POST', path, { headers: { ...ACTORS[actor], 'idempotency-key': key }, body, timeoutMs: 5000 });
            if (r.status === 201) {
              const answer = { path, sakId: r.json.sakId, revision: r.json.revision, eventIds: r.json.hendelser.map((h) => h.eventId), person: ACTORS[actor]['x-dev-person'] };
              const earlier = acks.get(key);
              if (earlier && JSON.stringify({ ...earlier }) !== JSON.stringify(answer)) failures.push(`${key}: a retry got another answer: ${JSON.stringify(earlier)} vs ${JSON.stringify(answer)}`);
              acks.set(key, answer);
              if (attempts > 1) retriesAcked++;
              if (k === 0) sakId = r.json.sakId;
              break;
            }
            if (r.status !== 503) failures.push(`${key}: ${path} → ${r.status} ${r.text.slice(0, 200)}`);
          } catch {
            /* the service is gone (killed): retry with the same key */
          }
          await sleep(100);
        }
      }
    }
  }

  console.log(`kill -9 drill on ${store.label}: ${ROUNDS} kills, ${CLIENTS} clients`);
  let svc = await startService(env, { port });
  await opprettOrganer(svc.base);
  base = svc.base;
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  const bar = progressBar('kill -9 rounds', ROUNDS);
  for (let round = 1; round <= ROUNDS; round++) {
    await sleep(1000 + Math.random() * 2000);
    base = undefined;
    await svc.kill9();
    bar.update(round);
    svc = await startService(env, { port });
    base = svc.base;
  }
  bar.stop();
  await sleep(1500); // let the clients finish what was in flight at the last kill
  stopping = true;
  await Promise.all(clients);

  // The projections must catch up (no duplicates: each sak's saksforløp has exactly its stream's events).
  const t0 = nowMs();
  let caughtUp = false;
  while (nowMs() - t0 < 60_000) {
    const d = await http(svc.base, 'GET', '/drift/projeksjoner');
    if (d.status === 200 && d.json?.caughtUp === true && d.json.projections.length > 0) {
      caughtUp = true;
      break;
    }
    await sleep(250);
  }
  check(caughtUp, `the projections caught up after the last restart (${Math.round(nowMs() - t0)} ms)`, failures);
  const saker = [...new Set([...acks.values()].map((a) => a.sakId))];
  const forloep = new Map();
  for (const sakId of saker) {
    const r = await http(svc.base, 'GET', `/saker/${sakId}/forloep`);
    forloep.set(sakId, r.status === 200 ? r.json.steg.map((s) => s.eventId) : []);
  }
  await svc.stop();

  const opened = await store.open();
  try {
    let missing = 0;
    let duplicated = 0;
    let chainProblems = 0;
    let projectionMismatch = 0;
    const streams = new Map();
    for (const sakId of saker) streams.set(sakId, await opened.store.readStream(`sak-${sakId}`));
    for (const [key, a] of acks) {
      const events = streams.get(a.sakId) ?? [];
      for (const id of a.eventIds) {
        const n = events.filter((e) => e.id === id).length;
        if (n === 0) missing++;
        if (n > 1) duplicated++;
      }
      const byCommand = events.filter((e) => e.metadata.commandId === `idem:${a.person}:${key}`).length;
      if (byCommand !== a.eventIds.length) {
        duplicated++;
        failures.push(`${key}: ${byCommand} events recorded for the command, ${a.eventIds.length} acknowledged`);
      }
    }
    for (const [sakId, events] of streams) {
      const p = await streamProblems(events);
      chainProblems += p.length;
      p.slice(0, 3).forEach((x) => failures.push(x));
      const steps = forloep.get(sakId) ?? [];
      if (steps.length !== events.length || new Set(steps).size !== steps.length) {
        projectionMismatch++;
        if (projectionMismatch <= 3) failures.push(`sak ${sakId}: saksforløp has ${steps.length} steps (${new Set(steps).size} distinct), the stream ${events.length} events`);
      }
    }
    console.log('');
    check(acks.size > 0, `${acks.size} commands acknowledged (${sent} requests sent, ${retriesAcked} acknowledged only after a retry with the same key) over ${saker.length} saker`, failures);
    check(missing === 0, `every acknowledged event is in the store (${missing} missing)`, failures);
    check(duplicated === 0, `every acknowledged command recorded exactly once (${duplicated} duplicated)`, failures);
    check(chainProblems === 0, `every sak's revisions and hash chain are intact (${chainProblems} problems)`, failures);
    check(projectionMismatch === 0, `each sak's saksforløp has exactly its stream's events, no duplicates (${projectionMismatch} differ)`, failures);
  } finally {
    await opened.store.close();
    await store.dispose();
  }
  return finish('kill9', failures);
}
