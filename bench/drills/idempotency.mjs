/* global console */
// Drill: the same command with the same Idempotency-Key records once and gets the same answer — sent
// again at once, after a graceful restart, and after kill -9 of the service process.
import { randomUUID } from 'node:crypto';
import { ACTORS, STEG, freePort, http, registrerBody, opprettOrganer, startService } from '../lib.mjs';
import { check, drillStore, finish, streamProblems } from './common.mjs';

const same = (a, b) => a.status === b.status && a.json?.sakId === b.json?.sakId && a.json?.revision === b.json?.revision && a.json?.position === b.json?.position && JSON.stringify(a.json?.hendelser) === JSON.stringify(b.json?.hendelser);

export async function drillIdempotency() {
  const store = await drillStore();
  const failures = [];
  const port = await freePort();
  const env = { ...store.env, SAKSGANG_PROJECTIONS: 'off' };
  const key = `idem-drill-${randomUUID()}`;
  const key2 = `idem-drill-step-${randomUUID()}`;
  let svc = await startService(env, { port });
  let sakId;
  try {
    await opprettOrganer(svc.base);
    const send = () => http(svc.base, 'POST', '/saker', { headers: { ...ACTORS.psu, 'idempotency-key': key }, body: registrerBody(1) });
    const [actor, sti, body] = STEG[0];
    const step = () => http(svc.base, 'POST', `/saker/${sakId}${sti}`, { headers: { ...ACTORS[actor], 'idempotency-key': key2 }, body });
    const first = await send();
    sakId = first.json?.sakId;
    check(first.status === 201 && first.json.replayed === false, `first POST /saker → ${first.status}, recorded`, failures);
    const firstStep = await step();
    check(firstStep.status === 201, `first step → ${firstStep.status}`, failures);
    const again = await send();
    check(same(first, again) && again.json.replayed === true, 'the same key again: the same answer (sakId, revision, position, events), replayed: true', failures);
    await svc.stop();
    svc = await startService(env, { port });
    const afterRestart = await send();
    check(same(first, afterRestart), 'after a graceful restart: the same answer', failures);
    await svc.kill9();
    svc = await startService(env, { port });
    const afterKill = await send();
    const stepAfterKill = await step();
    check(same(first, afterKill), 'after kill -9: the same answer for the registration', failures);
    check(same(firstStep, stepAfterKill), 'after kill -9: the same answer for the step', failures);
    const differentBody = await http(svc.base, 'POST', '/saker', { headers: { ...ACTORS.psu, 'idempotency-key': key }, body: registrerBody(2) });
    console.log(`      (the same key with a different body → ${differentBody.status}: the first answer is returned, nothing recorded)`);
  } finally {
    await svc.stop();
  }
  const opened = await store.open();
  try {
    const events = await opened.store.readStream(`sak-${sakId}`);
    check(events.length === 2, `the sak's stream has exactly 2 events (registered, triaged): ${events.length}`, failures);
    const problems = await streamProblems(events);
    check(problems.length === 0, `the stream's revisions and hash chain are intact ${problems.join('; ')}`, failures);
  } finally {
    await opened.store.close();
    await store.dispose();
  }
  return finish('idempotency', failures);
}
