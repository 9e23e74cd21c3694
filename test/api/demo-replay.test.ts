/**
 * The demo stories replayed through HTTP, step by step, into an empty store (each step through its
 * public endpoint as the acting person), and read back with both times — once with the development
 * headers and once with bearer tokens for the demo people, where every step is checked against the
 * person's membership on the date it takes effect. A story's document (demo-dokumenter.ts) is uploaded
 * (POST /dokumenter, multipart) just before the step that names it, as the loader does, and the step
 * names the id the service gave it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_DOKUMENTER, DEMO_SAKER, DEMO_STEG, demoDokumentId, demoDokumentInnhold, type DemoDokument } from '@saksgang/application';
import { stegSti } from '../../apps/api/src/saker/sakssteg.controller.js';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { actor, startTestApi, type TestApi } from './support.js';

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
type Modus = 'development headers' | 'bearer tokens';

const GRENSE = '----saksgang-demo-replay';

/** A multipart/form-data body: the fields, then the file in «fil». */
function skjema(felter: Record<string, string>, fil: { navn: string; bytes: Buffer }): Buffer {
  const deler: Buffer[] = [];
  for (const [k, v] of Object.entries(felter)) deler.push(Buffer.from(`--${GRENSE}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  deler.push(Buffer.from(`--${GRENSE}\r\nContent-Disposition: form-data; name="fil"; filename="${fil.navn}"\r\nContent-Type: application/octet-stream\r\n\r\n`), fil.bytes, Buffer.from(`\r\n--${GRENSE}--\r\n`));
  return Buffer.concat(deler);
}

function uten<T extends Record<string, unknown>>(data: T, ...felt: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !felt.includes(k)));
}

describe.each<Modus>(['development headers', 'bearer tokens'])('the demo replayed through HTTP with %s', (modus) => {
  let api: TestApi;
  /** Demo ids → the ids the HTTP API gave (saker, agenda items, follow-ups). */
  const ider = new Map<string, string>();

  beforeAll(async () => {
    api = await startTestApi(modus === 'bearer tokens' ? { SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET } : {});
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  /** Dev headers; or a token for the person (setting up the organisation as operator: `drift`) plus the membership acted in. */
  async function som(steg: (typeof DEMO_STEG)[number] | (DemoDokument & { art: 'dokument' })): Promise<Record<string, string>> {
    const { personId, organId, rolle } = steg.aktoer;
    if (modus === 'development headers') return actor(personId, organId, rolle);
    // Setting up the organisation in an empty store: as operator, acting for no body.
    if (steg.art === 'organ' || steg.art === 'part') return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId, roller: ['drift'] })}` };
    return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId })}`, 'x-organ': organId, 'x-rolle': rolle };
  }

  /** The document uploaded as its uploader would, attached to the sak (by the id the API gave it); remembered by its demo id. */
  async function lastOpp(d: DemoDokument): Promise<void> {
    const felter = Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, k === 'sakId' ? (ider.get(String(v)) ?? '') : String(v)]));
    const res = await api.app.getHttpAdapter().getInstance().inject({
      method: 'POST',
      url: '/dokumenter',
      headers: { ...(await som({ ...d, art: 'dokument' })), 'content-type': `multipart/form-data; boundary=${GRENSE}` },
      payload: skjema(felter, { navn: d.filnavn, bytes: await demoDokumentInnhold(d) }),
    });
    if (res.statusCode !== 201) throw new Error(`${d.noekkel}: POST /dokumenter → ${res.statusCode} ${res.body}`);
    ider.set(d.dokumentId, (JSON.parse(res.body) as { dokumentId: string }).dokumentId);
  }

  it('every step of every story is accepted by its endpoint and reads back with both times', async () => {
    for (const steg of DEMO_STEG) {
      for (const d of DEMO_DOKUMENTER.filter((x) => x.foer === steg.noekkel)) await lastOpp(d);
      const headers = await som(steg);
      let path: string;
      let body: Record<string, unknown>;
      if (steg.art === 'organ') {
        const d = steg.command.data as Record<string, unknown> & { organId: string };
        switch (steg.command.type) {
          case 'OpprettOrgan':
            [path, body] = ['/organer', d];
            break;
          case 'OppnevnMedlem':
            [path, body] = [`/organer/${d.organId}/medlemmer`, uten(d, 'organId', 'periodeId')];
            break;
          case 'EndreMandat':
            [path, body] = [`/organer/${d.organId}/mandat`, uten(d, 'organId')];
            break;
          default:
            throw new Error(`No replay for ${steg.command.type}`);
        }
      } else if (steg.art === 'part') {
        const d = steg.command.data as Record<string, unknown> & { partId: string };
        const sti = { RegistrerKorrespondansepart: '/parter', OmdoepKorrespondansepart: `/parter/${d.partId}/navn`, AvsluttKorrespondansepart: `/parter/${d.partId}/avslutning` }[steg.command.type];
        [path, body] = [sti, steg.command.type === 'RegistrerKorrespondansepart' ? d : uten(d, 'partId')];
      } else if (steg.art === 'saksliste') {
        path = `/saker/${ider.get(steg.sakId)}/saksliste`;
        body = { organIder: steg.organIder, moetedato: steg.moetedato, ...(steg.moetested ? { moetested: steg.moetested } : {}), gjelderFra: steg.moetedato };
      } else {
        const d = steg.command.data as Record<string, unknown>;
        path = stegSti(steg.command.type)
          .replace('{sakId}', ider.get(steg.sakId) ?? '')
          .replace('{sakslistepunktId}', ider.get(String(d['sakslistepunktId'])) ?? '')
          .replace('{oppfoelgingId}', ider.get(String(d['oppfoelgingId'])) ?? '')
          .replace('{hoeringId}', ider.get(String(d['hoeringId'])) ?? '');
        body = uten(d, 'sakId', 'sakslistepunktId', 'oppfoelgingId', 'hoeringId', 'brevId');
        if (typeof d['dokumentId'] === 'string') body['dokumentId'] = ider.get(d['dokumentId']);
      }
      const res = await api.request('POST', path, { headers, body });
      if (res.status !== 201) throw new Error(`${steg.noekkel}: POST ${path} → ${res.status} ${res.body}`);
      if (steg.art === 'sak' && steg.command.type === 'RegistrerSak') ider.set(steg.sakId, res.json.sakId);
      if (steg.art === 'saksliste') ider.set(steg.sakslistepunktId, res.json.sakslistepunktId);
      if (steg.art === 'sak' && steg.command.type === 'SendTilOppfoelging') ider.set(steg.command.data.oppfoelgingId, res.json.oppfoelgingId);
      if (steg.art === 'sak' && steg.command.type === 'SendPaaHoering') ider.set(steg.command.data.hoeringId, res.json.hoeringId);
    }

    const les: Record<string, string> = modus === 'bearer tokens' ? { authorization: `Bearer ${await lagLokaltToken(KEY, { personId: 'revisor', roller: ['revisor'] })}` } : {};
    const handlingsplan = (await api.request('GET', `/saker/${ider.get(DEMO_SAKER.handlingsplan)}`, { headers: les })).json;
    expect(handlingsplan.state).toMatchObject({ fase: 'til_oppfoelging', saksnumre: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' } });
    expect(handlingsplan.hendelser.map((h: { effectiveAt: string }) => h.effectiveAt)).toEqual([
      // PSU sak 3/17: assigned to PSU, its proposal, the agenda and the decision that orders ASU.
      '2017-03-24', '2017-03-24', '2017-03-24', '2017-03-24', '2017-03-24',
      '2017-04-18', '2017-11-23', '2017-11-23', '2017-11-23',
      // The hearing (24 November 2017) and its four answers.
      '2017-11-24', '2018-01-10', '2018-01-15', '2018-01-15', '2018-01-22',
      '2018-02-13', '2018-02-13', '2018-02-13', '2018-02-13', '2018-02-13',
    ]);
    for (const h of handlingsplan.hendelser) expect(Date.parse(h.recordedAt)).toBeGreaterThan(Date.parse('2024-01-01'));
    // The hearing was sent with the draft uploaded just before it (seed 002).
    const utkast = ider.get(demoDokumentId('handlingsplan-2018-2021:hoeringsutkast'));
    expect(utkast).toEqual(expect.any(String));
    expect(handlingsplan.hendelser.find((h: { type: string }) => h.type === 'SendtPaaHoering')).toMatchObject({ data: { dokumentId: utkast } });

    const nummer = [];
    for (const key of ['psu1_19', 'psu2_19', 'psu3_19', 'psu4_19'] as const) {
      const s = (await api.request('GET', `/saker/${ider.get(DEMO_SAKER[key])}`, { headers: les })).json;
      nummer.push(s.state.sakslistepunkter[0].organer[0].moetesakssekvensnummer);
    }
    expect(nummer).toEqual([1, 2, 3, 4]);

    const innspill = (await api.request('GET', `/saker/${ider.get(DEMO_SAKER.innspillNhsp)}`, { headers: les })).json;
    expect(innspill.state.fase).toBe('avsluttet');
    expect(innspill.hendelser.find((h: { type: string }) => h.type === 'VedtakFattet')).toMatchObject({ effectiveAt: '2022-03-30', data: { organIder: ['psu-hnt', 'asu-hnt'] } });
    // The letter to the ministry names its PDF, uploaded just before it was sent (seed 001).
    const brev = ider.get(demoDokumentId('innspill-nhsp-2024-27:brev'));
    expect(brev).toEqual(expect.any(String));
    expect(innspill.hendelser.find((h: { type: string }) => h.type === 'BrevSendt')).toMatchObject({ effectiveAt: '2022-03-31', data: { dokumentId: brev } });

    const observatoer = (await api.request('GET', '/organer/psu-hnt/medlemmer?dato=2019-02-15', { headers: les })).json;
    expect(observatoer.medlemmer).toEqual(expect.arrayContaining([expect.objectContaining({ personId: 'tore-sandvik', rolle: 'observatoer' })]));
  }, 180_000);
});
