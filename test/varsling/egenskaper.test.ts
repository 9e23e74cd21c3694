/**
 * Properties of the notifications' pure parts (fast-check): every signature we make is accepted by an
 * independent Standard Webhooks verifier (the `standardwebhooks` package) and refused for any other
 * body; the outbox rows of any set of notifications have one row per (fact, recipient, channel), each
 * with the id derived from that key (so a replay, which computes the same rows, adds none); and the
 * recipients on a date are the members holding the roles on that date, each once.
 */
import { describe, expect, it } from '@jest/globals';
import { medlemmerMedRolle, signerWebhook, utboksId, utboksrader, type Varsel, type WebhookEndepunkt } from '@saksgang/application';
import type { Medlemsperiode, Organ, Rolle } from '@saksgang/domain';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';

const hemmelighet = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((b) => `whsec_${Buffer.from(b).toString('base64')}`);

describe('webhook signatures', () => {
  it('are accepted by the standardwebhooks verifier, and refused for a changed body', () => {
    fc.assert(
      fc.property(hemmelighet, fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')), fc.jsonValue(), fc.string({ minLength: 1 }), (secret, id, verdi, ekstra) => {
        const body = JSON.stringify({ data: verdi });
        const ts = Math.floor(Date.now() / 1000);
        const headers = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signerWebhook(secret, id, ts, body) };
        expect(new Webhook(secret).verify(body, headers)).toEqual({ data: JSON.parse(body).data });
        expect(() => new Webhook(secret).verify(body + ekstra, headers)).toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

const person = fc.constantFrom('kari', 'ola', 'per', 'siri', 'anne');
const varsel = fc.record({
  faktaId: fc.constantFrom('f1', 'f2', 'f3', 'paaminnelse:oppdrag:o1:2027-01-01:7'),
  mottakere: fc.uniqueArray(person, { maxLength: 5 }).map((ider) => ider.map((p) => ({ personId: p, navn: p.toUpperCase() }))),
});

describe('outbox rows', () => {
  it('one per (fact, recipient, channel), with the id of that key', () => {
    const hooks: WebhookEndepunkt[] = [{ navn: 'arkiv', url: 'https://arkiv.example.no', hemmelighet: 'whsec_x' }];
    fc.assert(
      fc.property(fc.uniqueArray(varsel, { selector: (v) => v.faktaId, maxLength: 4 }), fc.boolean(), (vs, medHook) => {
        const varsler: Varsel[] = vs.map((v) => ({ ...v, art: 'oppdrag_mottatt', tekst: { emne: 'E', avsnitt: ['A'], lenke: 'https://x/app/saker/s', lenketekst: 'L' } }));
        const rader = utboksrader(varsler, medHook ? hooks : [], new Date(0));
        const forventet = vs.reduce((n, v) => n + v.mottakere.length + (medHook && v.mottakere.length > 0 ? 1 : 0), 0);
        expect(rader).toHaveLength(forventet);
        const ider = rader.map((r) => utboksId(r.faktaId, r.mottaker, r.kanal));
        expect(new Set(ider).size).toBe(rader.length);
        // The same notifications again give the same keys (what a replay would write, and the UNIQUE key refuses).
        expect(utboksrader(varsler, medHook ? hooks : [], new Date(1)).map((r) => utboksId(r.faktaId, r.mottaker, r.kanal))).toEqual(ider);
      }),
    );
  });
});

const ROLLER: Rolle[] = ['leder', 'nestleder', 'medlem', 'vara', 'observatoer', 'sekretaer'];
const periode = fc.record({
  personId: person,
  rolle: fc.constantFrom(...ROLLER),
  fra: fc.integer({ min: 2015, max: 2025 }).map((a) => `${a}-01-01`),
  varighet: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
});

describe('recipients on a date', () => {
  it('are the members with the roles on that date, each once (a body without a leader: its nestleder)', () => {
    fc.assert(
      fc.property(fc.array(periode, { maxLength: 8 }), fc.integer({ min: 2014, max: 2031 }), fc.subarray(['leder', 'sekretaer', 'medlem'] as Rolle[], { minLength: 1 }), (ps, aar, roller) => {
        const medlemsperioder: Medlemsperiode[] = ps.map((p, i) => ({
          periodeId: `p${i}`,
          personId: p.personId,
          navn: p.personId.toUpperCase(),
          rolle: p.rolle,
          fra: p.fra,
          ...(p.varighet !== undefined ? { til: `${Number(p.fra.slice(0, 4)) + p.varighet}-12-31` } : {}),
          avsluttet: false,
        }));
        const organ = { organId: 'o', medlemsperioder } as unknown as Organ;
        const dato = `${aar}-06-01`;
        const paaDato = medlemsperioder.filter((p) => p.fra <= dato && (p.til === undefined || dato <= p.til));
        const svar = medlemmerMedRolle(organ, dato, roller).map((m) => m.personId);
        expect(new Set(svar).size).toBe(svar.length);
        const utenLeder = roller.includes('leder') && !paaDato.some((p) => p.rolle === 'leder');
        const skal = new Set(paaDato.filter((p) => roller.includes(p.rolle) || (utenLeder && p.rolle === 'nestleder')).map((p) => p.personId));
        expect(new Set(svar)).toEqual(skal);
      }),
    );
  });
});
