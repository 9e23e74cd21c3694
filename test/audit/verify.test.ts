/**
 * Tamper evidence: events appended by the command path are sealed in a hash chain, and `verify`
 * names every changed, removed, inserted and reordered event after rows are altered DIRECTLY in
 * the database (PGlite always; PostgreSQL when SAKSGANG_TEST_POSTGRES_URL is set).
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ChainHead, type IntegrityIssue, verify } from '@saksgang/audit';
import { computeEventHash, computeRecordedEventHash, type JsonObject, type SqlClient } from '@saksgang/event-store';
import { type ContractSubject, discoverBackends } from '../support/backends.js';
import { skipBackend } from '../support/skip.js';
import { fortell, organiser } from './story.js';

const backends = await discoverBackends();

const pick = (issues: readonly IntegrityIssue[], stream: string) => issues.filter((i) => i.streamName === stream).map((i) => ({ kind: i.kind, revision: i.revision, eventId: i.eventId }));

async function ids(sql: SqlClient, stream: string): Promise<string[]> {
  const { rows } = await sql.query<{ event_id: string }>('select event_id::text from es_events where stream_name = $1 order by stream_revision', [stream]);
  return rows.map((r) => r.event_id);
}

for (const backend of backends) {
  if (!backend.available) {
    skipBackend('audit verify', backend);
    continue;
  }

  describe(`verify on ${backend.name}`, () => {
    let subject: ContractSubject;
    let sql: SqlClient;
    const suffix = `-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      subject = await backend.factory();
      sql = subject.sql!;
      await organiser(subject.store, suffix);
    }, 60_000);
    afterAll(async () => subject?.dispose());

    it('seals every event: hash over the canonical content, previousHash linking the stream', async () => {
      const story = await fortell(subject.store, suffix);
      const events = await subject.store.readStream(`sak-${story.sakId}`);
      expect(events).toHaveLength(7);
      events.forEach((e, i) => {
        expect(e.metadata['hash']).toBe(computeRecordedEventHash(e));
        expect(e.metadata['previousHash']).toBe(i === 0 ? null : events[i - 1]!.metadata['hash']);
      });
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      expect(report.issues).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.chainHeads).toEqual([{ streamName: `sak-${story.sakId}`, revision: 6, eventId: events[6]!.id, hash: events[6]!.metadata['hash'], events: 7 }]);
    });

    it('names a CHANGED event (UPDATE es_events SET data = …)', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      const eventIds = await ids(sql, stream);
      await sql.query(`update es_events set data = jsonb_set(data, '{vedtakstekst}', '"PSU avviser handlingsplanen."') where stream_name = $1 and stream_revision = 5`, [stream]);
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      expect(report.ok).toBe(false);
      expect(pick(report.issues, stream)).toEqual([{ kind: 'changed', revision: 5, eventId: eventIds[5] }]);
    });

    it('names a CHANGED event whose hash was recomputed too (the next event no longer links to it)', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      const [e1] = await subject.store.readStream(stream, { fromRevision: 1n, maxCount: 1 });
      const data = { ...e1!.data, mandat: 'Et annet mandat.' } as JsonObject;
      const hash = computeEventHash({ streamName: stream, revision: 1, eventId: e1!.id, type: e1!.type, data, metadata: e1!.metadata });
      await sql.query(`update es_events set data = $2::jsonb, metadata = jsonb_set(metadata, '{hash}', to_jsonb($3::text)) where stream_name = $1 and stream_revision = 1`, [stream, JSON.stringify(data), hash]);
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      expect(pick(report.issues, stream)).toEqual([{ kind: 'changed', revision: 1, eventId: e1!.id }]);
    });

    it('names a REMOVED event in the middle (DELETE) and at the end (es_streams still knows the head)', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      await sql.query('delete from es_events where stream_name = $1 and stream_revision in (2, 6)', [stream]);
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      const found = report.issues.filter((i) => i.streamName === stream);
      expect(found.map((i) => [i.kind, i.revision, i.toRevision])).toEqual([
        ['removed', 2, 2],
        ['removed', 6, 6],
      ]);
      expect(found[1]!.detail).toMatch(/last recorded event/);
    });

    it('names REORDERED events (two revisions swapped)', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      const eventIds = await ids(sql, stream);
      await sql.transaction(async (tx) => {
        await tx.query('update es_events set stream_revision = -1 where stream_name = $1 and stream_revision = 3', [stream]);
        await tx.query('update es_events set stream_revision = 3 where stream_name = $1 and stream_revision = 4', [stream]);
        await tx.query('update es_events set stream_revision = 4 where stream_name = $1 and stream_revision = -1', [stream]);
      });
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      expect(pick(report.issues, stream)).toEqual([
        { kind: 'reordered', revision: 3, eventId: eventIds[4] },
        { kind: 'reordered', revision: 4, eventId: eventIds[3] },
      ]);
      expect(report.issues[0]!.detail).toMatch(/sealed at revision 4 but is now at revision 3/);
    });

    it('names an INSERTED event, even a well-forged one (own hash right, later events renumbered, es_streams updated)', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      const before = await subject.store.readStream(stream);
      const forgedId = randomUUID();
      const data = { sakId: story.sakId, gjelderFra: '2018-06-01', utfoertAv: before[0]!.data['utfoertAv']!, organId: story.organ('asu-hnt'), forslagTilVedtak: 'Forfalsket innstilling.' } as JsonObject;
      const metadata = { ...before[3]!.metadata, eventId: forgedId, previousHash: before[2]!.metadata['hash']! } as JsonObject;
      delete metadata['hash'];
      const hash = computeEventHash({ streamName: stream, revision: 3, eventId: forgedId, type: 'InnstillingAvgitt', data, metadata });
      await sql.transaction(async (tx) => {
        await tx.query('update es_events set stream_revision = stream_revision + 1000 where stream_name = $1 and stream_revision >= 3', [stream]);
        await tx.query('update es_events set stream_revision = stream_revision - 999 where stream_name = $1 and stream_revision >= 1000', [stream]);
        await tx.query(`insert into es_events (stream_name, stream_revision, event_id, event_type, data, metadata) values ($1, 3, $2, 'InnstillingAvgitt', $3::jsonb, $4::jsonb)`, [
          stream,
          forgedId,
          JSON.stringify(data),
          JSON.stringify({ ...metadata, hash }),
        ]);
        await tx.query('update es_streams set revision = revision + 1 where stream_name = $1', [stream]);
      });
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      const found = pick(report.issues, stream);
      expect(found).toContainEqual({ kind: 'inserted', revision: 3, eventId: forgedId });
      // The genuine events after it are named as moved, each with its id.
      for (let r = 3; r < 7; r++) expect(found).toContainEqual({ kind: 'reordered', revision: r + 1, eventId: before[r]!.id });
      expect(found.filter((i) => i.kind === 'changed' || i.kind === 'removed')).toEqual([]);
    });

    it('names an INSERTED event appended behind the store\'s back at the end (no es_streams update)', async () => {
      const story = await fortell(subject.store, suffix, 3);
      const stream = `sak-${story.sakId}`;
      const forgedId = randomUUID();
      await sql.query(`insert into es_events (stream_name, stream_revision, event_id, event_type, data, metadata) values ($1, 3, $2, 'SakAvsluttet', $3::jsonb, '{}'::jsonb)`, [
        stream,
        forgedId,
        JSON.stringify({ sakId: story.sakId, gjelderFra: '2017-05-01' }),
      ]);
      const report = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      const found = pick(report.issues, stream);
      expect(found).toContainEqual({ kind: 'unsealed', revision: 3, eventId: forgedId });
      expect(found).toContainEqual({ kind: 'inserted', revision: 3, eventId: forgedId });
    });

    it('a chain rewritten consistently passes on its own, but not against an anchor kept elsewhere', async () => {
      const story = await fortell(subject.store, suffix);
      const stream = `sak-${story.sakId}`;
      const clean = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql });
      const anchors: ChainHead[] = [...clean.chainHeads];
      const events = await subject.store.readStream(stream);
      let previous: string | null = null;
      await sql.transaction(async (tx) => {
        for (const e of events) {
          const data = e.revision === 5n ? ({ ...e.data, vedtakstekst: 'Omskrevet.' } as JsonObject) : e.data;
          const metadata = { ...e.metadata, previousHash: previous } as JsonObject;
          const hash = computeEventHash({ streamName: stream, revision: e.revision, eventId: e.id, type: e.type, data, metadata });
          previous = hash;
          await tx.query('update es_events set data = $3::jsonb, metadata = $4::jsonb where stream_name = $1 and stream_revision = $2', [stream, String(e.revision), JSON.stringify(data), JSON.stringify({ ...metadata, hash })]);
        }
      });
      const after = await subject.store.readStream(stream);
      expect(after[5]!.data['vedtakstekst']).toBe('Omskrevet.');
      expect(after[6]!.metadata['hash']).not.toBe(events[6]!.metadata['hash']);
      expect((await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql })).ok).toBe(true);
      const anchored = await verify(subject.store, { kind: 'sak', sakId: story.sakId }, { sql, anchors });
      expect(pick(anchored.issues, stream)).toEqual([{ kind: 'changed', revision: 6, eventId: events[6]!.id }]);
    });

    it('whole store and period: names the tampered stream and leaves the intact ones alone', async () => {
      const intact = await fortell(subject.store, suffix);
      const tampered = await fortell(subject.store, suffix, 4);
      const stream = `sak-${tampered.sakId}`;
      const eventIds = await ids(sql, stream);
      await sql.query(`update es_events set metadata = jsonb_set(metadata, '{actor,personId}', '"noen-andre"') where stream_name = $1 and stream_revision = 0`, [stream]);
      const progress: string[] = [];
      const whole = await verify(subject.store, { kind: 'store' }, { sql, pageSize: 7, onProgress: (p) => progress.push(p.phase) });
      expect(pick(whole.issues, stream)).toContainEqual({ kind: 'changed', revision: 0, eventId: eventIds[0] });
      expect(pick(whole.issues, `sak-${intact.sakId}`)).toEqual([]);
      expect(pick(whole.issues, `organ-psu-hnt${suffix}`)).toEqual([]);
      expect(whole.chainHeads.find((h) => h.streamName === `sak-${intact.sakId}`)?.revision).toBe(6);
      expect(progress).toContain('read');
      expect(progress).toContain('check');
      // The period Jan–Feb 2019 touches both saker (innstilling, saksliste) and the bodies (recorded 2 Jan 2019).
      const periode = await verify(subject.store, { kind: 'periode', fra: new Date('2019-01-01T00:00:00Z'), til: new Date('2019-02-28T23:59:59Z') }, { sql });
      expect(pick(periode.issues, stream)).toContainEqual({ kind: 'changed', revision: 0, eventId: eventIds[0] });
      expect(periode.chainHeads.map((h) => h.streamName)).toEqual(expect.arrayContaining([`sak-${intact.sakId}`, stream, `organ-psu-hnt${suffix}`]));
      // A period before anything was recorded selects nothing.
      const tom = await verify(subject.store, { kind: 'periode', til: new Date('2000-01-01T00:00:00Z') }, { sql });
      expect(tom.streams).toBe(0);
    });

    it('a sak that does not exist is reported as not found', async () => {
      const report = await verify(subject.store, { kind: 'sak', sakId: randomUUID() }, { sql });
      expect(report.found).toBe(false);
      expect(report.ok).toBe(true);
    });
  });
}
