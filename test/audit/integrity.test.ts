/** The canonical JSON and the seal (libs/event-store/src/integrity.ts), which anyone must be able to recompute. */
import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { canonicalJson, computeEventHash, type EventToAppend, sealEvents } from '@saksgang/event-store';

describe('canonicalJson (RFC 8785 style)', () => {
  it('sorts keys by UTF-16 code units at every level, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, '\u00e5': 0, A: 2 })).toBe('{"A":2,"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1,"å":0}');
  });

  it('serialises numbers and strings as ECMAScript does (the JCS rules), and leaves out undefined members', () => {
    expect(canonicalJson([1e21, 1.5e-7, -0, 100, 0.1, 'æøå\n"\u2028', { u: undefined, v: 1 }])).toBe('[1e+21,1.5e-7,0,100,0.1,"æøå\\n\\"\u2028",{"v":1}]');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a is not a finite number/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });
});

describe('sealEvents', () => {
  const events: EventToAppend[] = [0, 1, 2].map((i) => ({ id: `0000000${i}-0000-4000-8000-00000000000${i}`, type: 'T', data: { i }, metadata: { schemaVersion: 1, hash: 'stale' } }));

  it('chains each event to the one before; the hash covers previousHash (but not itself) and can be recomputed by hand', () => {
    const sealed = sealEvents('sak-x', 5n, 'h4', events);
    expect(sealed.map((e) => e.metadata['previousHash'])).toEqual(['h4', sealed[0]!.metadata['hash'], sealed[1]!.metadata['hash']]);
    const byHand = createHash('sha256')
      .update(`{"data":{"i":1},"eventId":"00000001-0000-4000-8000-000000000001","metadata":{"previousHash":"${sealed[0]!.metadata['hash'] as string}","schemaVersion":1},"revision":6,"streamName":"sak-x","type":"T"}`)
      .digest('hex');
    expect(sealed[1]!.metadata['hash']).toBe(byHand);
    expect(computeEventHash({ streamName: 'sak-x', revision: 6n, eventId: events[1]!.id.toUpperCase(), type: 'T', data: { i: 1 }, metadata: sealed[1]!.metadata })).toBe(byHand);
    // A different predecessor gives different hashes all the way down.
    expect(sealEvents('sak-x', 5n, 'other', events)[2]!.metadata['hash']).not.toBe(sealed[2]!.metadata['hash']);
  });
});
