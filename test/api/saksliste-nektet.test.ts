/**
 * A refused request to put a sak on an agenda (`SettPaaSaksliste`) records nothing — in particular no
 * agenda number (`SaksnummerTildelt` on `moetenummerering-<organ>.<aar>`), so the number series has no
 * gaps (issue #13 item 5, #14 item 4). One case per cause: not a member on the effective date (403),
 * a NUL character in the meeting place (400 naming the field), an Idempotency-Key already used for
 * another request (409; 422 for the same sak), a workflow refusal (422). After each refusal nothing
 * at all was recorded and the next accepted item gets number 1/yy.
 *
 * Actors come from verified bearer tokens (the membership is checked on the date the step takes
 * effect; the development headers are off).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { kreverTekst, valgfriTekst } from '@saksgang/domain';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(120_000);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const AUTH_ENV = { SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET };

let api: TestApi;

async function som(personId: string, organ?: string, rolle?: string, roller: ('revisor' | 'drift')[] = []): Promise<Record<string, string>> {
  const token = await lagLokaltToken(KEY, { personId, roller });
  return { authorization: `Bearer ${token}`, ...(organ ? { 'x-organ': organ } : {}), ...(rolle ? { 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** PSU's secretary (appointed from 2015, no end). */
const sekretaer = () => som('psu-sekretaer', 'psu', 'sekretaer');
/** A former secretary of PSU (2015–2018): not a member on today's date. */
const tidligereSekretaer = () => som('psu-gammel', 'psu', 'sekretaer');

async function registrer(tittel: string, sakstype = 'orienteringssak'): Promise<string> {
  const res = await ok('POST', '/saker', await sekretaer(), { tittel, innmeldtAv: 'psu', sakstype });
  return res.json.sakId as string;
}

function settPaaSaksliste(sakId: string, headers: Record<string, string>, body: Record<string, unknown>): Promise<TestResponse> {
  return api.request('POST', `/saker/${sakId}/saksliste`, { headers, body });
}

/** The numbers recorded on a body's agenda for a year (the number-series stream). */
async function nummerserie(organId: string, aar: number): Promise<number[]> {
  const events = await api.opened.store.readStream(`moetenummerering-${organId}.${aar}`).catch(() => []);
  return events.filter((e) => e.type === 'SaksnummerTildelt').map((e) => (e.data as { nummer: number }).nummer);
}

/** Runs a refused request and asserts that nothing at all was recorded (the whole store's event count). */
async function ingentingRegistrert(forespoersel: () => Promise<void>): Promise<void> {
  const foer = await countEvents(api);
  await forespoersel();
  expect(await countEvents(api)).toBe(foer);
}

/** The next sak put on the agenda for `aar` gets number `nummer`/yy: the series has no gap. */
async function nesteFaarNummer(aar: number, nummer = 1): Promise<void> {
  const sakId = await registrer(`Orienteringssak etter et avslag (${aar})`);
  const res = await settPaaSaksliste(sakId, await sekretaer(), { organIder: ['psu'], moetedato: `${aar}-03-11`, moetested: 'Stjørdal rådhus' });
  expect({ status: res.status, body: res.status === 201 ? '' : res.body }).toEqual({ status: 201, body: '' });
  expect(res.json.moetesaksnumre).toEqual([{ organId: 'psu', moetesaksaar: aar, moetesakssekvensnummer: nummer, formatert: `${nummer}/${String(aar).slice(-2)}` }]);
  expect(await nummerserie('psu', aar)).toEqual(Array.from({ length: nummer }, (_, i) => i + 1));
}

beforeAll(async () => {
  api = await startTestApi(AUTH_ENV);
  // The operator sets up the organisation.
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, organtype] of [
    ['sekr', 'sekretariat'],
    ['psu', 'psu'],
  ] as const) {
    await ok('POST', '/organer', drift, { organId, navn: organId.toUpperCase(), organtype, mandat: 'Mandat', gjelderFra: '2015-01-01' });
  }
  await ok('POST', '/organer/psu/medlemmer', drift, { personId: 'psu-sekretaer', navn: 'PSU-sekretæren', rolle: 'sekretaer', fra: '2015-01-01' });
  await ok('POST', '/organer/psu/medlemmer', drift, { personId: 'psu-gammel', navn: 'Tidligere sekretær', rolle: 'sekretaer', fra: '2015-01-01', til: '2018-12-31' });
});

afterAll(async () => {
  await api?.close();
});

describe('a refused SettPaaSaksliste records nothing and leaves no gap in the number series', () => {
  it('not a member on the effective date → 403, no number taken; the next item gets 1/yy', async () => {
    const aar = 2027;
    const sakId = await registrer('Orienteringssak: Samhandlingsavtalen');
    await ingentingRegistrert(async () => {
      const res = await settPaaSaksliste(sakId, await tidligereSekretaer(), { organIder: ['psu'], moetedato: `${aar}-03-11` });
      expectProblemResponse(res, 403, 'ikke_medlem_paa_dato');
      expect(res.json.detail).toMatch(/2015-01-01–2018-12-31/);
    });
    expect(await nummerserie('psu', aar)).toEqual([]);
    await nesteFaarNummer(aar);
  });

  it('a NUL (or another control character) in moetested → 400 naming the field, no number taken; the next item gets 1/yy', async () => {
    const aar = 2028;
    const sakId = await registrer('Orienteringssak: Møteplan');
    for (const moetested of ['Stjørdal\u0000rådhus', 'Levanger\u001b[31m', 'Stjørdal\nrådhus']) {
      await ingentingRegistrert(async () => {
        const res = await settPaaSaksliste(sakId, await sekretaer(), { organIder: ['psu'], moetedato: `${aar}-03-11`, moetested });
        expectProblemResponse(res, 400, 'validation_failed');
        expect(res.json.errors).toEqual([{ field: 'moetested', reason: expect.stringMatching(/Møtestedet.*kontrolltegn/) }]);
        // The refusal does not echo the control character back.
        expect(res.body).not.toContain('\\u0000');
      });
    }
    expect(await nummerserie('psu', aar)).toEqual([]);
    await nesteFaarNummer(aar);
  });

  it('an Idempotency-Key already used for another request → 409 (another sak) or 422 (the same sak), no number taken', async () => {
    const headers = { ...(await sekretaer()), 'idempotency-key': `saksliste-${randomUUID()}` };
    const sakA = await registrer('Orienteringssak: Handlingsplan');
    const foerste = await settPaaSaksliste(sakA, headers, { organIder: ['psu'], moetedato: '2029-02-15' });
    expect(foerste.status).toBe(201);
    expect(foerste.json.moetesaksnumre[0].formatert).toBe('1/29');

    // The same key for another sak, on another year's agenda.
    const sakB = await registrer('Orienteringssak: Dialogmøte');
    await ingentingRegistrert(async () => {
      expectProblemResponse(await settPaaSaksliste(sakB, headers, { organIder: ['psu'], moetedato: '2030-02-15' }), 409, 'idempotency_mismatch');
    });
    expect(await nummerserie('psu', 2030)).toEqual([]);
    // … and on the same agenda (the key's earlier number belongs to sak A).
    await ingentingRegistrert(async () => {
      expectProblemResponse(await settPaaSaksliste(sakB, headers, { organIder: ['psu'], moetedato: '2029-02-20' }), 409, 'idempotency_mismatch');
    });
    // The same key for the same sak with another body.
    await ingentingRegistrert(async () => {
      expectProblemResponse(await settPaaSaksliste(sakA, headers, { organIder: ['psu'], moetedato: '2029-02-16' }), 422, 'idempotency_key_reused');
    });
    expect(await nummerserie('psu', 2029)).toEqual([1]);

    // The original request again still gets its answer; the next items get the next numbers.
    const igjen = await settPaaSaksliste(sakA, headers, { organIder: ['psu'], moetedato: '2029-02-15' });
    expect(igjen.status).toBe(201);
    expect(igjen.json).toMatchObject({ replayed: true, moetesaksnumre: [{ formatert: '1/29' }] });
    await nesteFaarNummer(2030);
    await nesteFaarNummer(2029, 2);
  });

  it('a workflow refusal (a beslutningssak without innstilling) → 422, and an unknown sak → 404: no number taken', async () => {
    const aar = 2031;
    const sakId = await registrer('Sak: Årsmelding', 'beslutningssak');
    await ingentingRegistrert(async () => {
      const res = await settPaaSaksliste(sakId, await sekretaer(), { organIder: ['psu'], moetedato: `${aar}-02-15` });
      expectProblemResponse(res, 422, 'innstilling_mangler');
      expectProblemResponse(await settPaaSaksliste(randomUUID(), await sekretaer(), { organIder: ['psu'], moetedato: `${aar}-02-15` }), 404, 'sak_ikke_funnet');
    });
    expect(await nummerserie('psu', aar)).toEqual([]);
    await nesteFaarNummer(aar);
  });
});

describe('control characters in text fields (the domain\'s shared validation)', () => {
  it('refuses NUL and other C0 control characters (and half characters), naming the field; long free text may have tab and line breaks', () => {
    const kode = (f: () => unknown) => {
      try {
        f();
        return undefined;
      } catch (e) {
        return { code: (e as { code?: string }).code, field: (e as { field?: string }).field };
      }
    };
    expect(kode(() => kreverTekst({ tittel: 'a\u0000b' }, 'tittel', 300, 'Tittelen'))).toEqual({ code: 'ugyldige_tegn', field: 'tittel' });
    expect(kode(() => kreverTekst({ tittel: 'a\tb' }, 'tittel', 300, 'Tittelen'))).toEqual({ code: 'ugyldige_tegn', field: 'tittel' });
    expect(kode(() => valgfriTekst({ sted: 'x\u0007' }, 'sted', 300))).toEqual({ code: 'ugyldige_tegn', field: 'sted' });
    expect(kode(() => kreverTekst({ tekst: 'linje 1\r\nlinje 2\tinnrykk' }, 'tekst', 20_000))).toBeUndefined();
    expect(kode(() => kreverTekst({ tekst: 'linje 1\n\u0000' }, 'tekst', 20_000))).toEqual({ code: 'ugyldige_tegn', field: 'tekst' });
    expect(kode(() => kreverTekst({ tekst: 'Møte i Stjørdal – «Arken» 😀' }, 'tekst', 300))).toBeUndefined();
    // Half a character (an unpaired surrogate) cannot be stored as text either.
    expect(kode(() => kreverTekst({ tekst: 'halvt \ud800 tegn' }, 'tekst', 20_000))).toEqual({ code: 'ugyldige_tegn', field: 'tekst' });
    expect(kode(() => kreverTekst({ tekst: 'feil rekkefølge \ude00\ud83d' }, 'tekst', 300))).toEqual({ code: 'ugyldige_tegn', field: 'tekst' });
  });
});
