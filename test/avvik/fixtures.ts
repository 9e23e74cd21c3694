/**
 * The parties for the avvik tests, built through the real organ decider: municipalities of seed 003
 * (Orkland with its home services at Fannrem, Skaun, Surnadal), the hospital trust St. Olavs hospital
 * with a clinic, the fagråd for quality and patient safety and ASU.
 */
import {
  type Aktoer,
  type AvvikCommand,
  avvikDecider,
  type AvvikEvent,
  type AvvikState,
  type DecisionContext,
  fold,
  type Organ,
  type OrganCommand,
  organDecider,
  type OrganEvent,
} from '@saksgang/domain';

export const NAA = new Date('2024-06-03T10:00:00.000Z');
const OPPSETT: Aktoer = { personId: 'drift', organId: 'drift', rolle: 'drift' };

function organ(commands: OrganCommand[]): Organ {
  const events: OrganEvent[] = [];
  let state = organDecider.initialState;
  for (const c of commands) {
    const nye = organDecider.decide(c, state, { now: NAA, aktoer: OPPSETT, organer: () => undefined });
    events.push(...nye);
    state = nye.reduce(organDecider.evolve, state);
  }
  return fold(organDecider, events)!;
}

const opprett = (organId: string, navn: string, organtype: string, medlemmer: [string, string, string][] = []): Organ =>
  organ([
    { type: 'OpprettOrgan', data: { organId, navn, organtype: organtype as never, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } },
    ...medlemmer.map(([personId, navn, rolle], i) => ({ type: 'OppnevnMedlem', data: { organId, periodeId: `${organId}-${i}`, personId, navn, rolle, fra: '2012-01-01', oppnevntAv: { drift: true } } }) as OrganCommand),
  ]);

export const ORKLAND = opprett('orkland-hjemmetjenesten', 'Hjemmetjenesten i Orkland kommune (Fannrem)', 'kommune', [['kari-orkland', 'Kari Nordmann', 'leder']]);
export const SKAUN = opprett('skaun-kommune', 'Skaun kommune, helse og omsorg', 'kommune', [['per-skaun', 'Per Skaun', 'leder']]);
export const SURNADAL = opprett('surnadal-kommune', 'Surnadal kommune, helse og omsorg', 'kommune');
export const STOLAV = opprett('st-olavs-hf', 'St. Olavs hospital HF', 'helseforetak', [['kvalitet-stolav', 'Kvalitetsrådgiver St. Olav', 'medlem']]);
export const KLINIKK = opprett('st-olavs-akutt', 'St. Olavs hospital, Klinikk for akutt- og mottaksmedisin', 'helseforetak', [['klinikk-leder', 'Klinikkleder', 'leder']]);
export const FAGRAAD = opprett('fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad', [['fagraad-leder', 'Fagrådets leder', 'leder']]);
export const ASU = opprett('asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu', [['asu-leder', 'ASU-leder', 'leder']]);
export const FAGRAAD_2 = opprett('fagraad-2', 'Fagråd 2', 'fagraad');
export const ORGANER: readonly Organ[] = [ORKLAND, SKAUN, SURNADAL, STOLAV, KLINIKK, FAGRAAD, ASU, FAGRAAD_2];
export const organer = (id: string): Organ | undefined => ORGANER.find((o) => o.organId === id);

export const ORKLAND_LEDER: Aktoer = { personId: 'kari-orkland', organId: 'orkland-hjemmetjenesten', rolle: 'leder' };
export const SKAUN_LEDER: Aktoer = { personId: 'per-skaun', organId: 'skaun-kommune', rolle: 'leder' };
export const STOLAV_KVALITET: Aktoer = { personId: 'kvalitet-stolav', organId: 'st-olavs-hf', rolle: 'medlem' };
export const KLINIKKLEDER: Aktoer = { personId: 'klinikk-leder', organId: 'st-olavs-akutt', rolle: 'leder' };
export const FAGRAAD_LEDER: Aktoer = { personId: 'fagraad-leder', organId: 'fagraad-kvalitet', rolle: 'leder' };
export const ASU_LEDER: Aktoer = { personId: 'asu-leder', organId: 'asu-hnt', rolle: 'leder' };

export function ctx(aktoer: Aktoer, ekstra: Partial<DecisionContext> = {}): DecisionContext {
  return { now: NAA, aktoer, organer, ...ekstra };
}

/** Seed 003: «spesialisthelsetjenesten definerer at pasienten må ha korttidsopphold på institusjon før de har undersøkt hjemforhold og tjenester fra hjemmetjenesten». */
export const MELD: AvvikCommand = {
  type: 'MeldAvvik',
  data: {
    avvikId: 'avvik-1',
    motpart: 'st-olavs-hf',
    tjenesteavtale: 'Tjenesteavtale 5 – utskrivningsklare pasienter',
    hvaSkjedde: 'Pasient i 80-årene ble meldt utskrivningsklar med krav om korttidsopphold før hjemmeforhold og tjenester fra hjemmetjenesten var undersøkt.',
    hendelsesdato: '2024-05-10',
    konsekvens: 'Korttidsplass ble brukt unødig i fem døgn; pasienten kom hjem med hjemmesykepleie to ganger daglig.',
    kategori: 'utskrivning',
    fagraad: 'fagraad-kvalitet',
    gjelderFra: '2024-05-13',
  },
} as AvvikCommand;

export function kjoer(commands: readonly [AvvikCommand, Aktoer][], fra: readonly AvvikEvent[] = []): AvvikEvent[] {
  const events = [...fra];
  let state: AvvikState = fold(avvikDecider, events);
  for (const [c, a] of commands) {
    const nye = avvikDecider.decide(c, state, ctx(a));
    events.push(...nye);
    state = nye.reduce(avvikDecider.evolve, state);
  }
  return events;
}

export const steg = (type: string, data: Record<string, unknown>): AvvikCommand => ({ type, data }) as AvvikCommand;

/** Valid fødselsnummer / D-nummer for a date (DDMMÅÅ) and an individual number, or undefined if no check digit exists. */
export function lagFoedselsnummer(ddmmyy: string, individ: string): string | undefined {
  const s = [...`${ddmmyy}${individ}`].map(Number);
  const k = (vekter: number[], n: number[]) => {
    const r = 11 - (vekter.reduce((x, v, i) => x + v * n[i]!, 0) % 11);
    return r === 11 ? 0 : r === 10 ? undefined : r;
  };
  const k1 = k([3, 7, 6, 1, 8, 9, 4, 5, 2], s);
  if (k1 === undefined) return undefined;
  const k2 = k([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...s, k1]);
  if (k2 === undefined) return undefined;
  return `${ddmmyy}${individ}${k1}${k2}`;
}
