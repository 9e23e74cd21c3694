// Drill: 100 concurrent conflicting steps on one sak, each sent with If-Match of the revision they all
// saw: exactly one wins (201), the other 99 get 409 problem+json, and the sak's history is consistent.
import { ACTORS, http, korrigering, opprettOrganer, registrerBody, startService } from '../lib.mjs';
import { check, drillStore, finish, streamProblems } from './common.mjs';

const N = 100;

export async function drillConflicts() {
  const store = await drillStore();
  const failures = [];
  const svc = await startService({ ...store.env, SAKSGANG_PROJECTIONS: 'off' });
  let sakId;
  try {
    await opprettOrganer(svc.base);
    const reg = await http(svc.base, 'POST', '/saker', { headers: ACTORS.psu, body: registrerBody(1) });
    sakId = reg.json.sakId;
    const etag = reg.headers.get('etag');
    check(reg.status === 201 && etag === '"0"', `registered, ETag ${etag}`, failures);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        http(svc.base, 'POST', `/saker/${sakId}/korrigeringer`, { headers: { ...ACTORS.psu, 'if-match': etag }, body: korrigering('Handlingsplan 1', `Tittel ${i}`, i), timeoutMs: 30_000 }),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    const other = results.filter((r) => r.status !== 201 && r.status !== 409);
    check(won.length === 1, `exactly one of ${N} won: ${won.length}`, failures);
    check(lost.length === N - 1, `the other ${N - 1} got 409: ${lost.length} (other: ${other.map((r) => r.status).join(',') || 'none'})`, failures);
    check(lost.every((r) => r.headers.get('content-type')?.startsWith('application/problem+json') && r.headers.get('etag') === '"1"' && r.json?.code === 'revision_conflict'), 'every 409 is problem+json revision_conflict with the current ETag "1"', failures);
    const read = await http(svc.base, 'GET', `/saker/${sakId}`);
    check(read.headers.get('etag') === '"1"', `the sak is at revision 1 (ETag ${read.headers.get('etag')})`, failures);
  } finally {
    await svc.stop();
  }
  const opened = await store.open();
  try {
    const events = await opened.store.readStream(`sak-${sakId}`);
    check(events.length === 2 && events[1].type === 'OpplysningKorrigert', `the history is registered + one correction (${events.map((e) => e.type).join(', ')})`, failures);
    const problems = await streamProblems(events);
    check(problems.length === 0, `revisions and hash chain intact ${problems.join('; ')}`, failures);
  } finally {
    await opened.store.close();
    await store.dispose();
  }
  return finish('conflicts', failures);
}
