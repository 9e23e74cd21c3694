/**
 * The dispatcher (issue 18): a checkpointed subscription on the global log — a {@link Projection}
 * run by its own {@link ProjectionRunner}, so it has a checkpoint and a lease like the read models and
 * runs in exactly one instance — that turns facts into notifications in the outbox, in the same
 * transaction as its checkpoint. Each (fact, recipient, channel) is one row (UNIQUE): a replay of the
 * log writes nothing twice.
 *
 * The recipients come from the organisation on the fact's effective date, folded by the dispatcher
 * itself from the organ streams (`varsling_strommer`, same transaction: never behind the fact).
 */
import {
  aapneFrister,
  medlemmerPaaDato,
  type Moete,
  moeteDecider,
  type MoeteEvent,
  norskDato,
  type Organ,
  organDecider,
  type OrganEvent,
  type Rolle,
  type Sak,
  sakDecider,
  type SakEvent,
} from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '@saksgang/projections';
import { moetekalender, organnavn } from '../moete/kalender.js';
import { organnavnPaaDato, saksnummerTekst, sakstittel, somHtml, somTekst, type Varseltekst } from './tekst.js';
import { kansellerPaaminnelser, leggIUtboks, type NyttVarsel, opprettTabeller, type Varselart } from './utboks.js';
import type { VarslingConfig, WebhookEndepunkt } from './varsling-config.js';

export const DISPATCHER_NAVN = 'varsling';

/** A person to notify, with their name as the organisation records it. */
export interface Mottaker {
  readonly personId: string;
  readonly navn: string;
}

/** One notification of one fact, before it is written per recipient and channel. */
export interface Varsel {
  readonly art: Varselart;
  readonly faktaId: string;
  readonly mottakere: readonly Mottaker[];
  readonly tekst: Varseltekst;
  readonly sakId?: string;
  readonly moeteId?: string;
  readonly organId?: string;
  readonly fristId?: string;
  readonly frist?: string;
  readonly ics?: string;
}

/** Reads the dispatcher's folded states within a transaction. */
export class Tilstander {
  private readonly cache = new Map<string, unknown>();
  constructor(private readonly sql: SqlClient) {}

  async hent<T>(stroem: string): Promise<T | undefined> {
    if (this.cache.has(stroem)) return this.cache.get(stroem) as T | undefined;
    const { rows } = await this.sql.query(`SELECT tilstand FROM varsling_strommer WHERE stroem = $1`, [stroem]);
    const raw = rows[0]?.['tilstand'];
    const v = raw === undefined ? undefined : ((typeof raw === 'string' ? JSON.parse(raw) : raw) as T);
    this.cache.set(stroem, v);
    return v;
  }

  async lagre(stroem: string, tilstand: unknown): Promise<void> {
    this.cache.set(stroem, tilstand);
    await this.sql.query(`INSERT INTO varsling_strommer (stroem, tilstand) VALUES ($1, $2::jsonb) ON CONFLICT (stroem) DO UPDATE SET tilstand = EXCLUDED.tilstand`, [stroem, JSON.stringify(tilstand)]);
  }

  organ(id: string): Promise<Organ | undefined> {
    return this.hent<Organ>(`organ-${id}`);
  }
  sak(id: string): Promise<Sak | undefined> {
    return this.hent<Sak>(`sak-${id}`);
  }
  moete(id: string): Promise<Moete | undefined> {
    return this.hent<Moete>(`moete-${id}`);
  }
}

const LEDELSE: readonly Rolle[] = ['leder', 'sekretaer'];
/** Invited to a meeting: everyone with «møterett» except the vara (called in when a member has forfall). */
const INNKALTE: readonly Rolle[] = ['leder', 'nestleder', 'medlem', 'observatoer', 'sekretaer'];

/** The members of the body with the roles on the date, one entry per person. A body without a leader: its nestleder. */
export function medlemmerMedRolle(organ: Organ | undefined, dato: string, roller: readonly Rolle[]): Mottaker[] {
  if (!organ) return [];
  const paaDato = medlemmerPaaDato(organ, dato);
  const valgte = paaDato.filter((p) => roller.includes(p.rolle));
  if (roller.includes('leder') && !valgte.some((p) => p.rolle === 'leder')) valgte.push(...paaDato.filter((p) => p.rolle === 'nestleder'));
  const sett = new Map<string, Mottaker>();
  for (const p of valgte) if (!sett.has(p.personId)) sett.set(p.personId, { personId: p.personId, navn: p.navn });
  return [...sett.values()];
}

/**
 * A decision that itself orders an investigation is, for the people to tell and the deadline to keep,
 * the order (one fact with both meanings): its data as an order's, with the decision's date and actor.
 */
function medBestilling(event: RecordedEvent): { type: string; d: Record<string, unknown> } {
  const d = event.data as Record<string, unknown>;
  const b = event.type === 'VedtakFattet' ? (d['bestilling'] as Record<string, unknown> | undefined) : undefined;
  return b ? { type: 'UtredningBestilt', d: { ...b, gjelderFra: d['gjelderFra'], utfoertAv: d['utfoertAv'] } } : { type: event.type, d };
}

function dag(tidspunkt: string): string {
  return tidspunkt.slice(0, 10);
}

/** The acting person's name as their body records it on the date. */
async function hvem(t: Tilstander, aktoer: { personId: string; organId: string } | undefined, dato: string): Promise<string> {
  if (!aktoer) return 'Noen';
  const organ = await t.organ(aktoer.organId);
  const p = organ ? medlemmerPaaDato(organ, dato).find((m) => m.personId === aktoer.personId) ?? organ.medlemsperioder.find((m) => m.personId === aktoer.personId) : undefined;
  return p?.navn ?? 'Noen';
}

export interface DispatcherOptions {
  readonly config: VarslingConfig;
}

/**
 * The dispatcher as a projection. Its version changing makes the runner replay the log into it: the
 * outbox is kept (reset drops only the folded states), and the UNIQUE key makes the replay write
 * nothing it had written before.
 */
export class VarslingDispatcher implements Projection {
  readonly name = DISPATCHER_NAVN;
  readonly version = 1;
  readonly tables = ['varsling_utboks', 'varsling_strommer', 'varsling_frister'];

  constructor(private readonly options: DispatcherOptions) {}

  async setup(tx: SqlClient): Promise<void> {
    await opprettTabeller(tx);
  }

  async reset(tx: SqlClient): Promise<void> {
    // Never the outbox: what was sent stays sent. The folded states and deadlines are rebuilt.
    await tx.exec(`DROP TABLE IF EXISTS varsling_strommer; DROP TABLE IF EXISTS varsling_frister`);
  }

  async handle(event: RecordedEvent, tx: SqlClient): Promise<void> {
    const kategori = event.streamName.slice(0, event.streamName.indexOf('-'));
    if (kategori !== 'sak' && kategori !== 'moete' && kategori !== 'organ') return;
    const t = new Tilstander(tx);
    const domene = { type: event.type, data: event.data } as unknown;
    const foer = await t.hent<unknown>(event.streamName);
    let etter: unknown;
    try {
      if (kategori === 'organ') etter = organDecider.evolve((foer ?? null) as Organ | null, domene as OrganEvent);
      else if (kategori === 'sak') etter = sakDecider.evolve((foer ?? null) as Sak | null, domene as SakEvent);
      else etter = moeteDecider.evolve((foer ?? null) as Moete | null, domene as MoeteEvent);
    } catch {
      // An event this code does not know (a newer version wrote it): no notification from it.
      return;
    }
    if (etter === undefined || etter === null) return;
    await t.lagre(event.streamName, etter);

    if (kategori === 'sak') await this.frister(etter as Sak, tx);
    const varsler = kategori === 'sak' ? await this.sakVarsler(event, etter as Sak, t) : kategori === 'moete' ? await this.moeteVarsler(event, (foer ?? null) as Moete | null, etter as Moete, t) : [];
    if (varsler.length === 0) return;
    const gjelderFra = String(event.data['gjelderFra'] ?? '');
    // History being entered (a fact that took effect long before it was recorded) notifies no one.
    if (gjelderFra && Date.parse(dag(gjelderFra)) < event.recordedAt.getTime() - (this.options.config.tilbakeDager + 1) * 86_400_000) return;
    await leggIUtboks(tx, utboksrader(varsler, this.options.config.webhooks, event.recordedAt));
  }

  /**
   * Keeps the open deadlines the reminders are computed from — the sak's open deadlines as the domain
   * reads them from its state (`aapneFrister`), compared with those kept: a new or moved one is kept
   * (a moved one cancels its waiting reminders), one no longer open is closed (its reminders cancelled).
   */
  private async frister(sak: Sak, tx: SqlClient): Promise<void> {
    const { rows } = await tx.query(`SELECT frist_id, organ_id, frist, beskrivelse FROM varsling_frister WHERE sak_id = $1 AND aapen`, [sak.sakId]);
    const holdt = new Map(rows.map((r) => [String(r['frist_id']), { organId: String(r['organ_id']), frist: String(r['frist']), beskrivelse: String(r['beskrivelse'] ?? '') }]));
    const aapne = aapneFrister(sak);
    for (const f of aapne) {
      const h = holdt.get(f.fristId);
      if (h && h.organId === f.organId && h.frist === f.frist && h.beskrivelse === f.beskrivelse) continue;
      await tx.query(
        `INSERT INTO varsling_frister (frist_id, art, sak_id, organ_id, frist, aapen, beskrivelse) VALUES ($1,$2,$3,$4,$5,true,$6)
         ON CONFLICT (frist_id) DO UPDATE SET frist = EXCLUDED.frist, organ_id = EXCLUDED.organ_id, aapen = true, beskrivelse = EXCLUDED.beskrivelse`,
        [f.fristId, f.art, sak.sakId, f.organId, f.frist, f.beskrivelse],
      );
      await kansellerPaaminnelser(tx, f.fristId, f.frist);
    }
    const fortsattAapne = new Set(aapne.map((f) => f.fristId));
    for (const fristId of holdt.keys()) {
      if (fortsattAapne.has(fristId)) continue;
      await tx.query(`UPDATE varsling_frister SET aapen = false WHERE frist_id = $1`, [fristId]);
      await kansellerPaaminnelser(tx, fristId, undefined);
    }
  }

  private async sakVarsler(event: RecordedEvent, sak: Sak, t: Tilstander): Promise<Varsel[]> {
    const { type, d } = medBestilling(event);
    const dato = String(d['gjelderFra'] ?? event.recordedAt.toISOString());
    const aktoer = d['utfoertAv'] as { personId: string; organId: string } | undefined;
    const lenke = `${this.options.config.baseUrl}/app/saker/${encodeURIComponent(sak.sakId)}`;
    const tittel = sakstittel(sak);
    const navn = async (id: string) => organnavnPaaDato(await t.organ(id), id, dato);
    const felles = { faktaId: event.id, sakId: sak.sakId };
    switch (type) {
      case 'UtredningBestilt': {
        const til = String(d['tilOrganId']);
        const fra = String(d['bestiltAv'] ?? aktoer?.organId);
        return [
          {
            ...felles,
            art: 'bestilling_mottatt',
            organId: til,
            mottakere: medlemmerMedRolle(await t.organ(til), dato, LEDELSE),
            tekst: {
              emne: `Ny bestilling til ${await navn(til)}: ${tittel}`,
              avsnitt: [
                `${await navn(fra)} har bestilt en utredning fra ${await navn(til)} i saken «${tittel}»${saksnummerTekst(sak, fra)}. Bestillingen er registrert av ${await hvem(t, aktoer, dato)}.`,
                `Mandat: ${String(d['mandat'])}`,
                `Frist: ${norskDato(String(d['frist']))}`,
              ],
              lenke,
              lenketekst: 'Åpne saken i saksgang',
            },
          },
        ];
      }
      case 'OppdragDelegert': {
        const til = String(d['tilOrganId']);
        const fra = String(d['fraOrganId']);
        return [
          {
            ...felles,
            art: 'oppdrag_mottatt',
            organId: til,
            mottakere: medlemmerMedRolle(await t.organ(til), dato, LEDELSE),
            tekst: {
              emne: `Nytt oppdrag til ${await navn(til)}: ${tittel}`,
              avsnitt: [
                `${await navn(fra)} har gitt ${await navn(til)} et oppdrag i saken «${tittel}»${saksnummerTekst(sak, fra)}. Oppdraget er delegert av ${await hvem(t, aktoer, dato)}.`,
                `Mandat: ${String(d['mandat'])}`,
                `Frist: ${norskDato(String(d['frist']))}`,
                'Oppdraget kan aksepteres, eller dere kan be om utsatt frist, fra saken i saksgang.',
              ],
              lenke,
              lenketekst: 'Åpne saken i saksgang',
            },
          },
        ];
      }
      case 'LeveranseGodtatt':
      case 'LeveranseReturnert': {
        const o = sak.oppdrag.find((x) => x.oppdragId === d['oppdragId']);
        if (!o) return [];
        const godtatt = event.type === 'LeveranseGodtatt';
        const avsnitt = godtatt
          ? [`${await navn(o.fraOrganId)} har godtatt leveransen fra ${await navn(o.tilOrganId)} i saken «${tittel}».`, ...(d['merknad'] ? [`Merknad: ${String(d['merknad'])}`] : [])]
          : [
              `${await navn(o.fraOrganId)} har sendt leveransen fra ${await navn(o.tilOrganId)} i saken «${tittel}» tilbake for mer arbeid.`,
              `Begrunnelse: ${String(d['begrunnelse'])}`,
              `Frist: ${norskDato(o.frist)}`,
            ];
        return [
          {
            ...felles,
            art: godtatt ? 'leveranse_godtatt' : 'leveranse_returnert',
            organId: o.tilOrganId,
            mottakere: medlemmerMedRolle(await t.organ(o.tilOrganId), dato, LEDELSE),
            tekst: { emne: `${godtatt ? 'Leveranse godtatt' : 'Leveranse sendt tilbake'}: ${tittel}`, avsnitt, lenke, lenketekst: 'Åpne saken i saksgang' },
          },
        ];
      }
      case 'SendtTilOppfoelging': {
        const til = String(d['tilOrganId']);
        const fra = ((d['fraOrganIder'] as string[] | undefined) ?? []).map((id) => id);
        const fraNavn = await Promise.all(fra.map(navn));
        return [
          {
            ...felles,
            art: 'til_oppfoelging',
            organId: til,
            mottakere: medlemmerMedRolle(await t.organ(til), dato, LEDELSE),
            tekst: {
              emne: `Vedtak til oppfølging i ${await navn(til)}: ${tittel}`,
              avsnitt: [
                `Vedtaket ${fraNavn.length ? `i ${fraNavn.join(' og ')} ` : ''}i saken «${tittel}» er sendt til ${await navn(til)} for oppfølging.`,
                `Hva som skal følges opp: ${String(d['beskrivelse'])}`,
                `Frist for rapport: ${norskDato(String(d['frist']))}`,
              ],
              lenke,
              lenketekst: 'Åpne saken i saksgang',
            },
          },
        ];
      }
      default:
        return [];
    }
  }

  private async moeteVarsler(event: RecordedEvent, foer: Moete | null, moete: Moete, t: Tilstander): Promise<Varsel[]> {
    const d = event.data as Record<string, unknown>;
    const lenke = `${this.options.config.baseUrl}/app/moeter/${encodeURIComponent(moete.moeteId)}`;
    const organer = new Map<string, Organ>();
    for (const id of moete.organIder) {
      const o = await t.organ(id);
      if (o) organer.set(id, o);
    }
    const oppslag = (id: string) => organer.get(id);
    const hvilke = organnavn(moete, oppslag);
    const felles = moete.organIder.length > 1;
    const moetetekst = `${felles ? 'fellesmøtet' : 'møtet'} i ${hvilke}`;
    const naar = (m: Pick<Moete, 'moetedato' | 'starttid' | 'sluttid' | 'moetested'>) => `${norskDato(m.moetedato)} kl. ${m.starttid}${m.sluttid ? `–${m.sluttid}` : ''}, ${m.moetested}`;
    const innkalte = (dato: string) => {
      const sett = new Map<string, Mottaker>();
      for (const id of moete.organIder) for (const m of medlemmerMedRolle(organer.get(id), dato, INNKALTE)) sett.set(m.personId, m);
      return sett;
    };
    const kalender = () => moetekalender(moete, oppslag, event.recordedAt);
    const base = { moeteId: moete.moeteId, ...(moete.organIder[0] ? { organId: moete.organIder[0] } : {}) };
    const saksliste = moete.punkter.filter((p) => p.trukket === undefined).map((p) => `– ${p.tittel}`);
    switch (event.type) {
      case 'InnkallingSendt':
        return [
          {
            ...base,
            faktaId: event.id,
            art: 'innkalling',
            mottakere: [...innkalte(moete.moetedato).values()],
            ics: kalender(),
            tekst: {
              emne: `Innkalling: ${felles ? 'Fellesmøte' : 'Møte'} i ${hvilke} ${norskDato(moete.moetedato)}`,
              avsnitt: [`Du er kalt inn til ${moetetekst} ${naar(moete)}.`, ...(saksliste.length ? [`Saksliste:\n${saksliste.join('\n')}`] : []), 'Kalenderinvitasjonen ligger ved. Meld forfall i saksgang hvis du ikke kan møte.'],
              lenke,
              lenketekst: 'Åpne møtet i saksgang',
            },
          },
        ];
      case 'ForfallMeldt': {
        if (!moete.innkallingSendt || moete.status !== 'innkalling_sendt') return [];
        const organId = String(d['organId']);
        const vara = medlemmerMedRolle(organer.get(organId), moete.moetedato, ['vara']);
        if (vara.length === 0) return [];
        return [
          {
            ...base,
            organId,
            faktaId: event.id,
            art: 'innkalling',
            mottakere: vara,
            ics: kalender(),
            tekst: {
              emne: `Innkalling som vara: ${felles ? 'Fellesmøte' : 'Møte'} i ${hvilke} ${norskDato(moete.moetedato)}`,
              avsnitt: [`${String(d['navn'])} har meldt forfall til ${moetetekst} ${naar(moete)}. Du er kalt inn som vara for ${organnavnPaaDato(organer.get(organId), organId, moete.moetedato)}.`, ...(saksliste.length ? [`Saksliste:\n${saksliste.join('\n')}`] : [])],
              lenke,
              lenketekst: 'Åpne møtet i saksgang',
            },
          },
        ];
      }
      case 'MoeteFlyttet':
      case 'MoeteAvlyst': {
        if (!foer?.innkallingSendt) return [];
        const mottakere = new Map([...innkalte(foer.moetedato), ...innkalte(moete.moetedato)]);
        for (const f of moete.forfall) for (const v of medlemmerMedRolle(organer.get(f.organId), foer.moetedato, ['vara'])) mottakere.set(v.personId, v);
        const flyttet = event.type === 'MoeteFlyttet';
        return [
          {
            ...base,
            faktaId: event.id,
            art: flyttet ? 'moete_flyttet' : 'moete_avlyst',
            mottakere: [...mottakere.values()],
            ics: kalender(),
            tekst: flyttet
              ? {
                  emne: `Møtet er flyttet: ${hvilke} ${norskDato(moete.moetedato)}`,
                  avsnitt: [`${moetetekst.replace(/^./, (c) => c.toUpperCase())} ${naar(foer)} er flyttet til ${naar(moete)}.`, `Begrunnelse: ${String(d['begrunnelse'])}`, 'Den oppdaterte kalenderinvitasjonen ligger ved.'],
                  lenke,
                  lenketekst: 'Åpne møtet i saksgang',
                }
              : {
                  emne: `Møtet er avlyst: ${hvilke} ${norskDato(moete.moetedato)}`,
                  avsnitt: [`${moetetekst.replace(/^./, (c) => c.toUpperCase())} ${naar(moete)} er avlyst.`, `Begrunnelse: ${String(d['begrunnelse'])}`],
                  lenke,
                  lenketekst: 'Åpne møtet i saksgang',
                },
          },
        ];
      }
      case 'MoeteGjennomfoert': {
        const mottakere = new Map<string, Mottaker>();
        for (const id of moete.organIder) for (const m of medlemmerMedRolle(organer.get(id), moete.moetedato, LEDELSE)) mottakere.set(m.personId, m);
        return [
          {
            ...base,
            faktaId: event.id,
            art: 'protokoll_til_godkjenning',
            mottakere: [...mottakere.values()],
            tekst: {
              emne: `Protokoll klar til godkjenning: ${hvilke} ${norskDato(moete.moetedato)}`,
              avsnitt: [`${moetetekst.replace(/^./, (c) => c.toUpperCase())} ${naar(moete)} er gjennomført, og protokollen er klar til godkjenning.`],
              lenke: `${lenke}`,
              lenketekst: 'Åpne møtet og protokollen i saksgang',
            },
          },
        ];
      }
      default:
        return [];
    }
  }
}

/** Each notification as outbox rows: an e-mail per recipient, a POST per webhook endpoint. */
export function utboksrader(varsler: readonly Varsel[], webhooks: readonly WebhookEndepunkt[], opprettet: Date): NyttVarsel[] {
  const rader: NyttVarsel[] = [];
  for (const v of varsler) {
    if (v.mottakere.length === 0) continue;
    const felles = {
      faktaId: v.faktaId,
      art: v.art,
      ...(v.sakId ? { sakId: v.sakId } : {}),
      ...(v.moeteId ? { moeteId: v.moeteId } : {}),
      ...(v.fristId ? { fristId: v.fristId } : {}),
      ...(v.frist ? { frist: v.frist } : {}),
      ...(v.ics ? { ics: v.ics } : {}),
      emne: v.tekst.emne,
      lenke: v.tekst.lenke,
      opprettet,
    };
    for (const m of v.mottakere) {
      rader.push({ ...felles, mottaker: m.personId, personId: m.personId, mottakernavn: m.navn, kanal: 'epost', tekst: somTekst(v.tekst, m.navn), html: somHtml(v.tekst, m.navn) });
    }
    for (const w of webhooks) {
      rader.push({
        ...felles,
        mottaker: w.navn,
        kanal: 'webhook',
        tekst: somTekst(v.tekst, undefined),
        html: somHtml(v.tekst, undefined),
        payload: {
          type: `saksgang.varsel.${v.art}`,
          timestamp: opprettet.toISOString(),
          data: {
            art: v.art,
            emne: v.tekst.emne,
            tekst: v.tekst.avsnitt.join('\n\n'),
            lenke: v.tekst.lenke,
            ...(v.sakId ? { sakId: v.sakId } : {}),
            ...(v.moeteId ? { moeteId: v.moeteId } : {}),
            ...(v.organId ? { organId: v.organId } : {}),
            ...(v.frist ? { frist: v.frist } : {}),
            mottakere: v.mottakere.map((m) => ({ personId: m.personId, navn: m.navn })),
          },
        },
      });
    }
  }
  return rader;
}
