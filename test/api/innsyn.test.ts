/**
 * «Exempt information stays exempt» (issue #13 item 3): who reads the exempt (skjermet) version of a sak
 * on which read path — an explicit reader × read path table — and a property test: for generated sak
 * histories, each exemptable field exempted in turn is readable, nor any copy of its value, through no
 * public or unauthorised read path (the public view, the sak, the search, the saksforløp as JSON, SVG
 * and HTML, the decision list, the archive bundle's public version).
 *
 * The read predicate is libs/application auth/innsyn.ts; the copy relation libs/domain skjerming-kopier.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { exportBundle } from '@saksgang/audit';
import { kanSkjermes, kopierISaken, type LagretHendelse } from '@saksgang/domain';
import fc from 'fast-check';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const HJEMMEL = 'offl. § 13 jf. fvl. § 13 første ledd nr. 1';

let api: TestApi;

type Systemrolle = 'revisor' | 'drift';
async function som(personId: string, organ?: string, rolle?: string, roller: Systemrolle[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId, roller })}`, ...(organ ? { 'x-organ': organ } : {}), ...(rolle ? { 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** The acting secretaries (a sekretær may take every step of the bodies below). */
const SEKRETAER = { psu: 'psu-sekretaer', asu: 'asu-sekretaer', fagraad: 'fr-sekretaer', sekr: 'sekr-kari' } as const;
type Organ = keyof typeof SEKRETAER;
const steg = async (organ: Organ, url: string, body: Record<string, unknown>) => (await ok('POST', url, await som(SEKRETAER[organ], organ, 'sekretaer'), body)).json;

/** The position of the newest event, for read-your-writes on the read models. */
let sistePosisjon = '';
const husk = <T extends { position?: string | null }>(svar: T): T => {
  if (svar.position) sistePosisjon = svar.position;
  return svar;
};

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_PROJECTIONS: 'on' });
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, organtype] of [
    ['sekr', 'sekretariat'],
    ['psu', 'psu'],
    ['asu', 'asu'],
    ['fagraad', 'fagraad'],
    ['fagraad-annet', 'fagraad'],
  ] as const) {
    await ok('POST', '/organer', drift, { organId, navn: organId.toUpperCase(), organtype, mandat: 'm', gjelderFra: '2015-01-01' });
  }
  const medlem = (organId: string, personId: string, rolle: string) => ok('POST', `/organer/${organId}/medlemmer`, drift, { personId, navn: personId, rolle, fra: '2015-01-01' });
  await medlem('sekr', 'sekr-kari', 'sekretaer');
  await medlem('psu', 'psu-sekretaer', 'sekretaer');
  await medlem('psu', 'psu-obs', 'observatoer');
  await medlem('asu', 'asu-sekretaer', 'sekretaer');
  await medlem('fagraad', 'fr-sekretaer', 'sekretaer');
  await medlem('fagraad-annet', 'annet-obs', 'observatoer');
}, 180_000);
afterAll(async () => api?.close());

// ---------- the sak of the table: exempt fields, and copies of them in later events ----------

/** Unique markers: an exempt value is looked for by its marker (`xt7y`), a date by itself. */
let teller = 0;
const merke = (prefiks: string) => `x${prefiks}${++teller}y`;

const T = {
  tittel: merke('t'),
  beskrivelse: merke('t'),
  saksnummer: merke('t'),
  mandat: merke('t'),
  vedtak: merke('t'),
  oppfoelging: merke('t'),
  offentligTittel: merke('t'),
};
const D = { frist: '2027-02-10', nyFrist: '2027-03-15', moetedato: '2024-02-14' };
/** Every exempt value (or copy of one) of the sak. */
const HEMMELIGE = [T.tittel, T.beskrivelse, T.saksnummer, T.mandat, T.vedtak, T.oppfoelging, D.frist, D.nyFrist, D.moetedato];

let sakId = '';

async function lagTabellsaken(): Promise<void> {
  const reg = await steg('psu', '/saker', { tittel: `Avvik for navngitt pasient ${T.tittel}`, beskrivelse: `Hendelsesforløp ${T.beskrivelse}`, innmeldtAv: 'psu', sakstype: 'beslutningssak', gjelderFra: '2024-01-02' });
  sakId = reg.sakId;
  const s = `/saker/${sakId}`;
  await steg('psu', `${s}/bestillinger`, { tilOrganId: 'asu', mandat: 'Utred avviket', frist: '2027-01-05', gjelderFra: '2024-01-03' }); // 1
  await steg('asu', `${s}/bestillinger/mottak`, { saksnummer: T.saksnummer, gjelderFra: '2024-01-04' }); // 2
  const { oppdragId } = await steg('asu', `${s}/oppdrag`, { tilOrganId: 'fagraad', mandat: `Kartlegg ${T.mandat}`, frist: D.frist, gjelderFra: '2024-01-05' }); // 3
  const o = `${s}/oppdrag/${oppdragId}`;
  await steg('fagraad', `${o}/aksept`, { gjelderFra: '2024-01-06' }); // 4
  await steg('fagraad', `${o}/utsettelse`, { nyFrist: D.nyFrist, begrunnelse: 'Trenger mer tid', gjelderFra: '2024-01-07' }); // 5
  await steg('asu', `${o}/utsettelse/innvilgelse`, { gjelderFra: '2024-01-08' }); // 6: copies nyFrist and frist
  await steg('fagraad', `${o}/leveranser`, { leveranse: 'Kartleggingen er gjort', gjelderFra: '2024-01-09' }); // 7
  await steg('asu', `${o}/leveranser/godtakelse`, { gjelderFra: '2024-01-10' }); // 8
  await steg('asu', `${s}/innstilling`, { forslagTilVedtak: 'Avviket følges opp', gjelderFra: '2024-01-11' }); // 9
  const { sakslistepunktId } = await steg('psu', `${s}/saksliste`, { organIder: ['psu'], moetedato: D.moetedato, gjelderFra: '2024-01-12' }); // 10
  await steg('psu', `${s}/sakslistepunkter/${sakslistepunktId}/vedtak`, { vedtaksutfall: 'vedtatt', vedtakstekst: `Vedtatt ${T.vedtak}`, gjelderFra: '2024-02-15' }); // 11: copies moetedato
  await steg('psu', `${s}/oppfoelginger`, { tilOrganId: 'asu', beskrivelse: `Følg opp ${T.oppfoelging}`, frist: '2027-06-01', gjelderFra: '2024-02-16' }); // 12
  const skjerm = async (hendelsesnummer: number, felt: string[], extra: Record<string, unknown> = {}) =>
    husk(await steg('sekr', `${s}/skjerminger`, { hendelsesnummer, felt, skjermingshjemmel: HJEMMEL, ...extra }));
  await skjerm(0, ['tittel', 'beskrivelse'], { offentligTittel: `Avvik i pasientforløp ${T.offentligTittel}` });
  await skjerm(2, ['saksnummer']);
  await skjerm(3, ['mandat', 'frist']);
  await skjerm(5, ['nyFrist']);
  await skjerm(10, ['moetedato']);
  await skjerm(11, ['vedtakstekst']);
  await skjerm(12, ['beskrivelse']);
}

// ---------- THE TABLE: reader × read path ----------

/** `full`: the exempt values are shown; `offentlig`: the public version (200, nothing exempt, no copy); a status: refused. */
type Celle = 'full' | 'offentlig' | 401 | 403;

const STIER = ['offentlig', 'offentlig-soek', 'sak', 'soek', 'forloep', 'forloep.svg', 'forloep.html', 'vedtak', 'arbeidsliste', 'sendt', 'restanser'] as const;
type Sti = (typeof STIER)[number];

interface Leser {
  readonly hvem: string;
  readonly hoder: () => Promise<Record<string, string>>;
  readonly forventet: Readonly<Record<Sti, Celle>>;
}

const alle = (c: Celle, unntak: Partial<Record<Sti, Celle>> = {}): Record<Sti, Celle> => ({ ...(Object.fromEntries(STIER.map((s) => [s, c])) as Record<Sti, Celle>), offentlig: 'offentlig', 'offentlig-soek': 'offentlig', ...unntak });

/**
 * THE EXPECTATION TABLE (written out by hand). The lists (ASU's arbeidsliste, PSU's sendt, ASU's
 * restanser) were restricted to the body's members, the sekretariat, auditors and operators before this
 * issue: verified here, with the values they show.
 */
const LESERE: readonly Leser[] = [
  { hvem: 'allmennheten (uten token)', hoder: async () => ({}), forventet: alle(401) },
  { hvem: 'innlogget uten medlemskap', hoder: () => som('uten-verv'), forventet: alle('offentlig', { arbeidsliste: 403, sendt: 403, restanser: 403 }) },
  {
    hvem: 'observatør i et organ som ikke har behandlet saken',
    hoder: () => som('annet-obs', 'fagraad-annet', 'observatoer'),
    forventet: alle('offentlig', { arbeidsliste: 403, sendt: 403, restanser: 403 }),
  },
  // A member in any role (an observer too) of a body that handled the sak, without naming the membership.
  { hvem: 'observatør i PSU (har behandlet saken)', hoder: () => som('psu-obs'), forventet: alle('full', { arbeidsliste: 403, restanser: 403 }) },
  { hvem: 'medlem av ASU (har behandlet saken)', hoder: () => som('asu-sekretaer', 'asu', 'sekretaer'), forventet: alle('full', { sendt: 403 }) },
  { hvem: 'sekretariatet', hoder: () => som('sekr-kari', 'sekr', 'sekretaer'), forventet: alle('full') },
  { hvem: 'revisor', hoder: () => som('riksrevisjonen', undefined, undefined, ['revisor']), forventet: alle('full') },
  // The operator reads the public version of the sak; the lists are open to operators (the rule from before, unchanged).
  { hvem: 'drift', hoder: () => som('it-drift', undefined, undefined, ['drift']), forventet: alle('offentlig', { arbeidsliste: 'full', sendt: 'full', restanser: 'full' }) },
];

/** What each path shows of the exempt values when the reader may read them (the rest is not on that path). */
const VISER: Readonly<Record<Sti, readonly string[]>> = {
  offentlig: [],
  'offentlig-soek': [],
  sak: HEMMELIGE,
  soek: [T.tittel, T.beskrivelse, T.saksnummer],
  forloep: [T.tittel, T.saksnummer, T.mandat, D.frist, D.nyFrist, D.moetedato],
  'forloep.svg': [T.tittel, T.saksnummer, D.frist, D.nyFrist, D.moetedato],
  'forloep.html': [T.tittel, T.saksnummer, T.mandat, D.frist, D.nyFrist, D.moetedato],
  vedtak: [T.tittel, D.moetedato, T.vedtak, T.oppfoelging],
  arbeidsliste: [T.oppfoelging],
  sendt: [T.oppfoelging],
  restanser: [T.oppfoelging],
};

function url(sti: Sti): string {
  const mp = `minPosition=${encodeURIComponent(sistePosisjon)}`;
  switch (sti) {
    case 'offentlig':
      return `/offentlig/saker/${sakId}`;
    case 'offentlig-soek':
      return `/offentlig/saker?q=${T.tittel}&${mp}`;
    case 'sak':
      return `/saker/${sakId}`;
    case 'soek':
      return `/saker?q=${T.tittel}&${mp}`;
    case 'forloep':
    case 'forloep.svg':
    case 'forloep.html':
      return `/saker/${sakId}/${sti}?${mp}`;
    case 'vedtak':
      return `/vedtak?sakId=${sakId}&${mp}`;
    case 'arbeidsliste':
      return `/organer/asu/arbeidsliste?${mp}`;
    case 'sendt':
      return `/organer/psu/sendt?${mp}`;
    case 'restanser':
      return `/restanser?organId=asu&idag=2028-01-01&${mp}`;
  }
}

/** A value as the answers may write it: as stored, and a date also as Norwegians write it (13.02.2018) in the texts for people. */
const former = (v: string): string[] => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? [v, `${m[3]}.${m[2]}.${m[1]}`] : [v];
};
const finnes = (body: string, v: string) => former(v).some((f) => body.includes(f));
const synlige = (body: string, verdier: readonly string[]) => verdier.filter((v) => finnes(body, v));

describe('who reads what is exempt: reader × read path', () => {
  beforeAll(lagTabellsaken, 180_000);

  it('the table, every cell', async () => {
    const avvik: string[] = [];
    for (const leser of LESERE) {
      const hoder = await leser.hoder();
      for (const sti of STIER) {
        const forventet = leser.forventet[sti];
        // The public endpoints are read without a token, whoever asks.
        const res = await api.request('GET', url(sti), { headers: sti.startsWith('offentlig') ? {} : hoder });
        const celle = `${leser.hvem} × ${sti}`;
        if (typeof forventet === 'number') {
          if (res.status !== forventet) avvik.push(`${celle}: ${res.status}, forventet ${forventet}`);
          continue;
        }
        if (res.status !== 200) {
          avvik.push(`${celle}: ${res.status} ${res.body.slice(0, 200)}`);
          continue;
        }
        if (forventet === 'offentlig') {
          const lekker = synlige(res.body, HEMMELIGE);
          if (lekker.length > 0) avvik.push(`${celle}: viser ${lekker.join(', ')}`);
        } else {
          const mangler = VISER[sti].filter((v) => !finnes(res.body, v));
          if (mangler.length > 0) avvik.push(`${celle}: mangler ${mangler.join(', ')}`);
        }
        if (sti === 'sak' && res.json.innsyn !== forventet) avvik.push(`${celle}: innsyn ${res.json.innsyn}`);
      }
    }
    expect(avvik).toEqual([]);
  });

  it('the public search matches the public title, never an exempt value', async () => {
    const uten = await som('uten-verv');
    const treff = async (q: string, hoder: Record<string, string>) => (await ok('GET', `/saker?q=${encodeURIComponent(q)}&minPosition=${encodeURIComponent(sistePosisjon)}`, hoder)).json;
    for (const q of [T.tittel, T.beskrivelse, T.saksnummer]) {
      expect((await treff(q, uten)).totalt).toBe(0);
      expect((await treff(q, await som('sekr-kari', 'sekr', 'sekretaer'))).saker.map((x: { sakId: string }) => x.sakId)).toEqual([sakId]);
    }
    const pub = await treff(T.offentligTittel, uten);
    expect(pub.saker).toEqual([expect.objectContaining({ sakId, tittel: `Avvik i pasientforløp ${T.offentligTittel}`, beskrivelse: '', saksnumre: {} })]);
    // The list without a query shows the public values too.
    const liste = await ok('GET', `/saker?perSide=100&minPosition=${encodeURIComponent(sistePosisjon)}`, uten);
    expect(liste.json.saker.map((x: { sakId: string }) => x.sakId)).toContain(sakId);
    expect(synlige(liste.body, HEMMELIGE)).toEqual([]);
  });

  it('the copies are gone from the public view: the granted postponement has neither frist, the decision no meeting date', async () => {
    const pub = (await ok('GET', `/offentlig/saker/${sakId}`, {})).json;
    const innvilget = pub.hendelser[6];
    expect(innvilget.type).toBe('UtsattFristInnvilget');
    expect(innvilget.data).not.toHaveProperty('nyFrist');
    expect(innvilget.data).not.toHaveProperty('tidligereFrist');
    expect([...innvilget.skjermet.felt].sort()).toEqual(['nyFrist', 'tidligereFrist']);
    expect(innvilget.skjermet.skjermingshjemmel).toBe(HJEMMEL);
    const vedtak = pub.hendelser[11];
    expect(vedtak.type).toBe('VedtakFattet');
    expect(vedtak.data).not.toHaveProperty('moetedato');
    expect(vedtak.data).not.toHaveProperty('vedtakstekst');
    expect(vedtak.data.vedtaksutfall).toBe('vedtatt');
    // The member's view has them.
    const full = (await ok('GET', `/saker/${sakId}`, await som('psu-obs'))).json;
    expect(full.hendelser[6].data).toEqual(expect.objectContaining({ nyFrist: D.nyFrist, tidligereFrist: D.frist }));
    expect(full.hendelser[11].data.moetedato).toBe(D.moetedato);
  });

  it('GET /saker/{sakId} in the public version leaves out the state fields derived from exempt values, and keeps the rest', async () => {
    const pub = (await ok('GET', `/saker/${sakId}`, await som('uten-verv'))).json;
    expect(pub.innsyn).toBe('offentlig');
    expect(pub.state.tittel).toBe(`Avvik i pasientforløp ${T.offentligTittel}`);
    expect(pub.state).not.toHaveProperty('beskrivelse');
    expect(pub.state.saksnumre).toEqual({});
    const [oppdrag] = pub.state.oppdrag;
    expect(oppdrag).not.toHaveProperty('frist'); // from the granted postponement's nyFrist, a copy of the exempt request
    expect(oppdrag).not.toHaveProperty('mandat');
    expect(oppdrag.status).toBe('godtatt');
    expect(pub.state.sakslistepunkter[0]).not.toHaveProperty('moetedato');
    expect(pub.state.sakslistepunkter[0].vedtak.vedtaksutfall).toBe('vedtatt');
    expect(pub.state.sakslistepunkter[0].vedtak).not.toHaveProperty('vedtakstekst');
    expect(pub.state.fase).toBe('til_oppfoelging');
    expect(pub.state.bestillinger[0].mandat).toBe('Utred avviket');
    expect(pub.hendelser[3].skjermet).toEqual({ felt: ['mandat', 'frist'], skjermingshjemmel: HJEMMEL });
    expect(synlige(JSON.stringify(pub), HEMMELIGE)).toEqual([]);
  });

  it('the archive bundle: the public version holds no exempt value nor copy; the internal one holds them all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'saksgang-innsyn-'));
    try {
      await exportBundle(api.opened.store, { kind: 'sak', sakId }, { dir: join(dir, 'offentlig'), offentlig: true });
      await exportBundle(api.opened.store, { kind: 'sak', sakId }, { dir: join(dir, 'intern') });
      for (const fil of ['events.jsonl', 'rapport.html']) {
        expect(synlige(await readFile(join(dir, 'offentlig', fil), 'utf8'), HEMMELIGE)).toEqual([]);
      }
      expect(synlige(await readFile(join(dir, 'intern', 'events.jsonl'), 'utf8'), HEMMELIGE)).toEqual(HEMMELIGE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// ---------- THE PROPERTY: every exemptable field of a generated history ----------

interface Plan {
  readonly tildel: boolean;
  readonly saksnummerVedRegistrering: boolean;
  readonly saksnummerVedMottak: boolean;
  readonly oppdrag: readonly { readonly rettFrist: boolean; readonly utsettelse: 'ingen' | 'innvilget' | 'avslaatt'; readonly retur: boolean; readonly utsettelseEtterRetur: boolean; readonly merknad: boolean }[];
  readonly hoering: boolean;
  readonly moetested: boolean;
  readonly rettMoetedato: boolean;
  readonly oppfoelging: boolean;
  readonly rettTittel: boolean;
  /** An exemption marked and lifted before the sweep (so the lifting's reason is swept too). */
  readonly opphevetSkjerming: boolean;
  /** Without a follow-up the sak is closed; then reopened and withdrawn. */
  readonly gjenaapneOgTrekk: boolean;
}

const planer: fc.Arbitrary<Plan> = fc.record({
  tildel: fc.boolean(),
  saksnummerVedRegistrering: fc.boolean(),
  saksnummerVedMottak: fc.boolean(),
  oppdrag: fc.array(
    fc.record({ rettFrist: fc.boolean(), utsettelse: fc.constantFrom('ingen' as const, 'innvilget' as const, 'avslaatt' as const), retur: fc.boolean(), utsettelseEtterRetur: fc.boolean(), merknad: fc.boolean() }),
    { minLength: 1, maxLength: 2 },
  ),
  hoering: fc.boolean(),
  moetested: fc.boolean(),
  rettMoetedato: fc.boolean(),
  oppfoelging: fc.boolean(),
  rettTittel: fc.boolean(),
  opphevetSkjerming: fc.boolean(),
  gjenaapneOgTrekk: fc.boolean(),
});

/** Two histories that take every optional step between them (always tried first). */
const RIK: Plan = {
  tildel: true,
  saksnummerVedRegistrering: true,
  saksnummerVedMottak: true,
  oppdrag: [
    { rettFrist: true, utsettelse: 'innvilget', retur: true, utsettelseEtterRetur: true, merknad: true },
    { rettFrist: false, utsettelse: 'avslaatt', retur: true, utsettelseEtterRetur: false, merknad: false },
  ],
  hoering: true,
  moetested: true,
  rettMoetedato: true,
  oppfoelging: true,
  rettTittel: true,
  opphevetSkjerming: true,
  gjenaapneOgTrekk: false,
};
const RIK_UTEN_OPPFOELGING: Plan = { ...RIK, oppdrag: [RIK.oppdrag[1]!], oppfoelging: false, gjenaapneOgTrekk: true, rettTittel: false };

/** Every exemptable field the histories above record: the sweep must have exempted each. */
const SKAL_VAERE_PROEVD = [
  'SakRegistrert.tittel', 'SakRegistrert.beskrivelse', 'SakRegistrert.saksnummer', 'NivaaTildelt.begrunnelse', 'UtredningBestilt.mandat', 'UtredningBestilt.frist',
  'BestillingMottatt.saksnummer', 'OppdragDelegert.mandat', 'OppdragDelegert.frist', 'UtsattFristBedt.nyFrist', 'UtsattFristBedt.begrunnelse',
  'UtsattFristInnvilget.nyFrist', 'UtsattFristInnvilget.tidligereFrist', 'UtsattFristAvslaatt.begrunnelse', 'OppdragLevert.leveranse',
  'LeveranseReturnert.begrunnelse', 'LeveranseReturnert.nyFrist', 'LeveranseGodtatt.merknad', 'SendtPaaHoering.hoeringsutkast',
  'SendtPaaHoering.hoeringsinstanser', 'SendtPaaHoering.mottakere', 'SendtPaaHoering.hoeringsfrist', 'SendtPaaHoering.merknad', 'InnstillingAvgitt.forslagTilVedtak',
  'SattPaaSaksliste.moetedato', 'SattPaaSaksliste.moetested', 'VedtakFattet.vedtakstekst', 'VedtakFattet.moetedato', 'SendtTilOppfoelging.beskrivelse',
  'SendtTilOppfoelging.frist', 'OppfoelgingRapportert.rapport', 'OppfoelgingFullfoert.merknad', 'SakAvsluttet.avskrivningsmaate', 'SakAvsluttet.begrunnelse',
  'SakGjenaapnet.begrunnelse', 'SakTrukket.begrunnelse', 'OpplysningKorrigert.gammelVerdi', 'OpplysningKorrigert.nyVerdi', 'OpplysningKorrigert.begrunnelse',
  'SkjermingOpphevet.begrunnelse',
];

/** Dates: the steps take effect on distinct days of early 2024, the meeting in June, the frister from 2027 — so no value is another's. */
let fristNr = 0;
const nyFristDato = () => new Date(Date.UTC(2027, 0, 1) + 86_400_000 * ++fristNr).toISOString().slice(0, 10);

async function lagSak(plan: Plan): Promise<string> {
  let dag = 0;
  const gjelder = () => new Date(Date.UTC(2024, 0, 2) + 86_400_000 * dag++).toISOString().slice(0, 10);
  const tittel = `Sak ${merke('p')}`;
  const reg = await steg('psu', '/saker', {
    tittel,
    beskrivelse: `Beskrivelse ${merke('p')}`,
    innmeldtAv: 'psu',
    sakstype: 'beslutningssak',
    ...(plan.saksnummerVedRegistrering ? { saksnummer: merke('p') } : {}),
    gjelderFra: gjelder(),
  });
  const s = `/saker/${reg.sakId}`;
  if (plan.opphevetSkjerming) {
    const m = await steg('sekr', `${s}/skjerminger`, { hendelsesnummer: 0, felt: ['beskrivelse'], skjermingshjemmel: HJEMMEL, gjelderFra: gjelder() });
    await steg('sekr', `${s}/skjerminger/${m.skjermingId}/oppheving`, { begrunnelse: `Opphevet ${merke('p')}`, gjelderFra: gjelder() });
  }
  if (plan.tildel) await steg('sekr', `${s}/nivaa`, { organId: 'asu', begrunnelse: `Administrativt ${merke('p')}`, gjelderFra: gjelder() });
  if (plan.rettTittel) await steg('sekr', `${s}/korrigeringer`, { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: tittel, nyVerdi: `Rettet ${merke('p')}`, begrunnelse: `Skrivefeil ${merke('p')}`, gjelderFra: gjelder() });
  await steg('psu', `${s}/bestillinger`, { tilOrganId: 'asu', mandat: `Mandat ${merke('p')}`, frist: nyFristDato(), gjelderFra: gjelder() });
  await steg('asu', `${s}/bestillinger/mottak`, { ...(plan.saksnummerVedMottak ? { saksnummer: merke('p') } : {}), gjelderFra: gjelder() });
  for (const o of plan.oppdrag) {
    const frist = nyFristDato();
    const nr = (await ok('GET', `${s}`, await som('riksrevisjonen', undefined, undefined, ['revisor']))).json.hendelser.length;
    const { oppdragId } = await steg('asu', `${s}/oppdrag`, { tilOrganId: 'fagraad', mandat: `Oppdrag ${merke('p')}`, frist, gjelderFra: gjelder() });
    const u = `${s}/oppdrag/${oppdragId}`;
    if (o.rettFrist) await steg('sekr', `${s}/korrigeringer`, { hendelsesnummer: nr, hendelsestype: 'OppdragDelegert', felt: 'frist', gammelVerdi: frist, nyVerdi: nyFristDato(), begrunnelse: `Feil frist ${merke('p')}`, gjelderFra: gjelder() });
    await steg('fagraad', `${u}/aksept`, { gjelderFra: gjelder() });
    const utsett = async (svar: 'innvilget' | 'avslaatt') => {
      await steg('fagraad', `${u}/utsettelse`, { nyFrist: nyFristDato(), begrunnelse: `Trenger tid ${merke('p')}`, gjelderFra: gjelder() });
      if (svar === 'innvilget') await steg('asu', `${u}/utsettelse/innvilgelse`, { gjelderFra: gjelder() });
      else await steg('asu', `${u}/utsettelse/avslag`, { begrunnelse: `Nei ${merke('p')}`, gjelderFra: gjelder() });
    };
    if (o.utsettelse !== 'ingen') await utsett(o.utsettelse);
    await steg('fagraad', `${u}/leveranser`, { leveranse: `Leveranse ${merke('p')}`, gjelderFra: gjelder() });
    if (o.retur) {
      await steg('asu', `${u}/leveranser/retur`, { begrunnelse: `Mer arbeid ${merke('p')}`, nyFrist: nyFristDato(), gjelderFra: gjelder() });
      if (o.utsettelseEtterRetur) await utsett('innvilget');
      await steg('fagraad', `${u}/leveranser`, { leveranse: `Ny leveranse ${merke('p')}`, gjelderFra: gjelder() });
    }
    await steg('asu', `${u}/leveranser/godtakelse`, { ...(o.merknad ? { merknad: `Merknad ${merke('p')}` } : {}), gjelderFra: gjelder() });
  }
  if (plan.hoering) {
    // The recipients are registered parties; their ids and their names carry markers of their own.
    const dato = gjelder();
    const mottakere: string[] = [];
    for (const [navn, parttype] of [[`Kommune ${merke('p')}`, 'kommune'], [`HF ${merke('p')}`, 'helseforetak']] as const) {
      const partId = `part-${merke('p')}`;
      await steg('sekr', '/parter', { partId, navn, parttype, gjelderFra: dato });
      mottakere.push(partId);
    }
    await steg('asu', `${s}/hoeringer`, { hoeringsutkast: `Utkast ${merke('p')}`, mottakere, hoeringsfrist: nyFristDato(), merknad: `Høring ${merke('p')}`, gjelderFra: dato });
  }
  await steg('asu', `${s}/innstilling`, { forslagTilVedtak: `Forslag ${merke('p')}`, gjelderFra: gjelder() });
  const moetedato = `2024-06-${String(10 + (fristNr % 9)).padStart(2, '0')}`;
  const punktNr = (await ok('GET', `${s}`, await som('riksrevisjonen', undefined, undefined, ['revisor']))).json.hendelser.length;
  const { sakslistepunktId } = await steg('psu', `${s}/saksliste`, { organIder: ['psu'], moetedato, ...(plan.moetested ? { moetested: `Sted ${merke('p')}` } : {}), gjelderFra: gjelder() });
  if (plan.rettMoetedato) {
    const ny = `2024-06-${String(20 + (fristNr % 5)).padStart(2, '0')}`;
    await steg('sekr', `${s}/korrigeringer`, { hendelsesnummer: punktNr, hendelsestype: 'SattPaaSaksliste', felt: 'moetedato', gammelVerdi: moetedato, nyVerdi: ny, begrunnelse: `Flyttet ${merke('p')}`, gjelderFra: gjelder() });
  }
  // The decision is recorded with effect from a later day than the meeting (gjelderFra is never exempt; see the report).
  await steg('psu', `${s}/sakslistepunkter/${sakslistepunktId}/vedtak`, { vedtaksutfall: 'vedtatt', vedtakstekst: `Vedtak ${merke('p')}`, gjelderFra: '2024-06-28' });
  if (plan.oppfoelging) {
    const { oppfoelgingId } = await steg('psu', `${s}/oppfoelginger`, { tilOrganId: 'asu', beskrivelse: `Oppfølging ${merke('p')}`, frist: nyFristDato(), gjelderFra: '2024-07-01' });
    await steg('asu', `${s}/oppfoelginger/${oppfoelgingId}/rapporter`, { rapport: `Rapport ${merke('p')}`, gjelderFra: '2024-07-02' });
    await steg('asu', `${s}/oppfoelginger/${oppfoelgingId}/fullfoering`, { merknad: `Fullført ${merke('p')}`, gjelderFra: '2024-07-03' });
  } else {
    await steg('psu', `${s}/avslutning`, { avskrivningsmaate: `Tatt til orientering ${merke('p')}`, begrunnelse: `Ferdig ${merke('p')}`, gjelderFra: '2024-07-01' });
    if (plan.gjenaapneOgTrekk) {
      await steg('psu', `${s}/gjenaapning`, { begrunnelse: `Nye opplysninger ${merke('p')}`, gjelderFra: '2024-07-02' });
      await steg('psu', `${s}/trekking`, { begrunnelse: `Trukket ${merke('p')}`, gjelderFra: '2024-07-03' });
    }
  }
  return reg.sakId as string;
}

/** The markers and dates in a value: what must not be readable while it is exempt. */
function verdierI(v: unknown): string[] {
  if (typeof v === 'string') return [...(v.match(/xp\d+y/g) ?? []), ...(/^\d{4}-\d{2}-\d{2}$/.test(v) ? [v] : [])];
  if (Array.isArray(v)) return v.flatMap(verdierI);
  return [];
}

describe('property: no exempt value, nor a copy of it, is readable through a public or unauthorised read path', () => {
  it(
    'for generated histories, each exemptable field exempted in turn',
    async () => {
      const revisor = await som('riksrevisjonen', undefined, undefined, ['revisor']);
      const uten = await som('uten-verv');
      const annen = await som('annet-obs', 'fagraad-annet', 'observatoer');
      const dir = await mkdtemp(join(tmpdir(), 'saksgang-innsyn-p-'));
      const proevd = new Set<string>();
      try {
        await fc.assert(
          fc.asyncProperty(planer, async (plan) => {
            const id = await lagSak(plan);
            const s = `/saker/${id}`;
            const historie: LagretHendelse[] = (await ok('GET', s, revisor)).json.hendelser.map((h: LagretHendelse) => ({ type: h.type, data: h.data }));

            // The declared copy relation holds of what the steps recorded: each copy has its source's value.
            for (const { kopi, kilde } of kopierISaken(historie)) {
              expect(historie[kopi.hendelsesnummer]!.data[kopi.felt]).toEqual(historie[kilde.hendelsesnummer]!.data[kilde.felt]);
            }

            const felter = historie.flatMap((h, nr) => Object.keys(h.data).filter(kanSkjermes).map((felt) => ({ nr, type: h.type, felt })));
            for (const { nr, type, felt } of felter) {
              // Every exemptable value of the history carries a marker or is a date, so a leak is seen.
              const egne = verdierI(historie[nr]!.data[felt]);
              expect({ type, felt, egne: egne.length > 0 }).toEqual({ type, felt, egne: true });
              // What the field has been corrected to is exempt with it.
              const verdier = [
                ...egne,
                ...historie.flatMap((h) => (h.type === 'OpplysningKorrigert' && h.data['hendelsesnummer'] === nr && h.data['felt'] === felt ? verdierI(h.data['nyVerdi']) : [])),
              ];
              const full = await ok('GET', s, revisor);
              expect(synlige(full.body, verdier)).toEqual(verdier);

              const marker = husk(
                await steg('sekr', `${s}/skjerminger`, { hendelsesnummer: nr, felt: [felt], skjermingshjemmel: HJEMMEL, ...(felt === 'tittel' && type === 'SakRegistrert' ? { offentligTittel: 'Offentlig tittel' } : {}) }),
              );
              const mp = `minPosition=${encodeURIComponent(sistePosisjon)}`;
              const lest: [string, string][] = [];
              lest.push(['GET /offentlig/saker/{sakId}', (await ok('GET', `/offentlig/saker/${id}`, {})).body]);
              for (const v of verdier.filter((x) => x.startsWith('x'))) {
                const soek = await ok('GET', `/offentlig/saker?q=${v}&${mp}`, {});
                expect({ felt: `${type}.${felt}`, q: v, offentligeTreff: soek.json.saker.filter((x: { sakId: string }) => x.sakId === id).length }).toEqual({ felt: `${type}.${felt}`, q: v, offentligeTreff: 0 });
                lest.push([`allmennheten: GET /offentlig/saker?q=${v}`, soek.body]);
              }
              for (const [hvem, hoder] of [
                ['uten medlemskap', uten],
                ['observatør i et annet organ', annen],
              ] as const) {
                lest.push([`${hvem}: GET /saker/{sakId}`, (await ok('GET', s, hoder)).body]);
                for (const v of verdier.filter((x) => x.startsWith('x'))) {
                  const soek = await ok('GET', `/saker?q=${v}&${mp}`, hoder);
                  expect({ felt: `${type}.${felt}`, q: v, treff: soek.json.saker.filter((x: { sakId: string }) => x.sakId === id).length }).toEqual({ felt: `${type}.${felt}`, q: v, treff: 0 });
                  lest.push([`${hvem}: GET /saker?q=${v}`, soek.body]);
                }
              }
              for (const f of ['forloep', 'forloep.svg', 'forloep.html']) lest.push([`GET /saker/{sakId}/${f}`, (await ok('GET', `${s}/${f}?${mp}`, uten)).body]);
              lest.push(['GET /vedtak', (await ok('GET', `/vedtak?sakId=${id}&${mp}`, uten)).body]);
              const bundle = join(dir, `${id}-${nr}-${felt}`);
              await exportBundle(api.opened.store, { kind: 'sak', sakId: id }, { dir: bundle, offentlig: true });
              lest.push(['arkivpakke (offentlig): events.jsonl', await readFile(join(bundle, 'events.jsonl'), 'utf8')]);
              lest.push(['arkivpakke (offentlig): rapport.html', await readFile(join(bundle, 'rapport.html'), 'utf8')]);
              await rm(bundle, { recursive: true, force: true });

              const lekkasjer = lest.flatMap(([sti, body]) => synlige(body, verdier).map((v) => `${sti} viser ${v}`));
              expect({ felt: `${nr} ${type}.${felt}`, lekkasjer }).toEqual({ felt: `${nr} ${type}.${felt}`, lekkasjer: [] });
              proevd.add(`${type}.${felt}`);

              husk(await steg('sekr', `${s}/skjerminger/${marker.skjermingId}/oppheving`, { begrunnelse: 'Kontrollert' }));
            }
          }),
          { numRuns: 6, endOnFailure: true, examples: [[RIK], [RIK_UTEN_OPPFOELGING]] },
        );
        expect(SKAL_VAERE_PROEVD.filter((f) => !proevd.has(f))).toEqual([]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    900_000,
  );
});
