import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.generated';
import { fornyOekt, hentOekt } from '../oekt';

export type Skjema<N extends keyof components['schemas']> = components['schemas'][N];
export type Problem = Skjema<'ProblemDetails'>;

/**
 * The API client, typed from the service's own OpenAPI document (generated at build time), so the
 * app and the API cannot drift. Every request carries the signed-in person's token and whom they act
 * for (X-Organ + X-Rolle): the service decides what they may read and do.
 */
export const api = createClient<paths>({ baseUrl: '' });

/** A copy of each request sent with the session's token, to send again once after a renewal. */
const kopier = new Map<string, Request>();

const hvemSpoer: Middleware = {
  onRequest({ request, id }) {
    const oekt = hentOekt();
    if (oekt) {
      // A request given its own token (the sign-in asking who it names) is not renewed.
      if (!request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${oekt.token}`);
        kopier.set(id, request.clone());
      }
      if (oekt.handlerFor) {
        request.headers.set('x-organ', oekt.handlerFor.organId);
        request.headers.set('x-rolle', oekt.handlerFor.rolle);
      }
    }
    return request;
  },
  async onResponse({ response, id }) {
    const kopi = kopier.get(id);
    kopier.delete(id);
    // 401 with the session's token (expired): renew once and send again; if renewal fails the frame says «Økten er utløpt».
    if (response.status !== 401 || !kopi || !(await fornyOekt())) return undefined;
    const oekt = hentOekt();
    if (!oekt) return undefined;
    kopi.headers.set('authorization', `Bearer ${oekt.token}`);
    return fetch(kopi);
  },
  onError({ id }) {
    kopier.delete(id);
  },
};
api.use(hvemSpoer);

/** A public client: no token (what the public sees). */
export const offentligApi = createClient<paths>({ baseUrl: '' });

/** The text of a refusal as a person reads it. */
export function feiltekst(p: unknown): string {
  const problem = p as Partial<Problem> | undefined;
  if (!problem || typeof problem !== 'object') return 'Noe gikk galt. Prøv igjen.';
  return problem.detail ?? problem.title ?? 'Noe gikk galt. Prøv igjen.';
}

/** A POST to a path the workflow declaration names (its steps' addresses come from GET /arbeidsflyt). */
export async function postSteg(sti: string, body: Record<string, unknown>): Promise<{ ok: true; svar: unknown } | { ok: false; problem: Problem }> {
  const noekkel = crypto.randomUUID();
  const send = () => {
    const oekt = hentOekt();
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': noekkel };
    if (oekt) headers['authorization'] = `Bearer ${oekt.token}`;
    if (oekt?.handlerFor) {
      headers['x-organ'] = oekt.handlerFor.organId;
      headers['x-rolle'] = oekt.handlerFor.rolle;
    }
    return fetch(sti, { method: 'POST', headers, body: JSON.stringify(body) });
  };
  const res = await medFornyelse(send);
  const svar: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  return res.ok ? { ok: true, svar } : { ok: false, problem: (svar ?? { status: res.status, title: res.statusText }) as Problem };
}

/** A POST of a step that carries a file (multipart/form-data: the fields first, the file last), with the same headers as {@link postSteg}. */
export async function postOpplasting(sti: string, skjema: FormData): Promise<{ ok: true; svar: unknown } | { ok: false; problem: Problem }> {
  const oekt = hentOekt();
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (oekt) headers['authorization'] = `Bearer ${oekt.token}`;
  if (oekt?.handlerFor) {
    headers['x-organ'] = oekt.handlerFor.organId;
    headers['x-rolle'] = oekt.handlerFor.rolle;
  }
  // The browser sets Content-Type with the boundary itself.
  const res = await fetch(sti, { method: 'POST', headers, body: skjema }).catch(() => undefined);
  if (!res) return { ok: false, problem: { status: 0, title: 'Ingen forbindelse', detail: 'Tjenesten svarte ikke. Prøv igjen.' } as Problem };
  const svar: unknown = await res.json().catch(() => undefined);
  return res.ok ? { ok: true, svar } : { ok: false, problem: (svar ?? { status: res.status, title: res.statusText }) as Problem };
}

/** A picture or document of the API fetched with the token, as an object URL (for <img>). */
export async function hentBilde(sti: string): Promise<string | undefined> {
  const res = await medFornyelse(() => {
    const oekt = hentOekt();
    const headers: Record<string, string> = {};
    if (oekt) headers['authorization'] = `Bearer ${oekt.token}`;
    if (oekt?.handlerFor) {
      headers['x-organ'] = oekt.handlerFor.organId;
      headers['x-rolle'] = oekt.handlerFor.rolle;
    }
    return fetch(sti, { headers });
  });
  return res.ok ? URL.createObjectURL(await res.blob()) : undefined;
}

/** Downloads a document of the API (a PDF, a calendar file) with the token, under the given file name. */
export async function lastNed(sti: string, filnavn: string): Promise<void> {
  const url = await hentBilde(sti);
  if (!url) return;
  const a = document.createElement('a');
  a.href = url;
  a.download = filnavn;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends; on 401 with a session (its token expired) renews once and sends again (a 401 recorded nothing). */
async function medFornyelse(send: () => Promise<Response>): Promise<Response> {
  const medToken = hentOekt() !== undefined;
  const res = await send();
  if (res.status !== 401 || !medToken || !(await fornyOekt())) return res;
  return send();
}
