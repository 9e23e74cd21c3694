import { Inject, Injectable } from '@nestjs/common';
import { fold, offentligeHendelser, offentligTilstand, type Sak, sakDecider, type SakEvent, SKJERMET, skjulteFelt } from '@saksgang/domain';
import { type EventStore, readStreams, type RecordedEvent, type SqlClient } from '@saksgang/event-store';
import {
  hentOrganer,
  type OffentligeSoekeverdier,
  type Saksforloep,
  hentPersonnavn,
  saksforloepFraHendelser,
  sakerMedSkjerming,
  type SakHendelse,
  somSakHendelse,
  type VedtakRad,
} from '@saksgang/projections';
import { CLOCK, type Clock } from '../clock.js';
import type { OrganLoader } from '../command-path/command-path.js';
import { eventStoreOrganLoader } from '../command-path/organ-loader.js';
import { EVENT_STORE } from '../tokens.js';
import { innsyn, innsynIAlleSaker, innsynsorganer, type Leser, norskDato } from './innsyn.js';

/** A sak as read from its stream, and whether the reader may read it in full. */
interface VurdertSak {
  readonly sak: Sak;
  readonly hendelser: readonly RecordedEvent[];
  readonly full: boolean;
}

/**
 * The read predicate ({@link innsyn}) on the read models. The read models hold the full values (their
 * rows are what members, the sekretariat and auditors read); a reader who may not read what is exempt
 * gets, for each sak with an exemption in force, values made at READ time from the sak's public events
 * and public state (libs/domain skjerming-kopier.ts).
 *
 * Why at read time and not a public copy at projection time: an exemption names an EARLIER event (and
 * its copies in events between), so a public copy made by the projections would have to keep every
 * event's data of every sak to redo the earlier rows when the exemption comes or is lifted — and would
 * repeat, in each read model, what the domain already decides once. Exemptions are few; the saker that
 * have one are known from the saksoversikt (`antall_skjerminger`), and only those are read from their
 * streams. (Until the saksoversikt has seen a new exemption — the projection's usual lag — a search
 * treats that sak as it was; the sak's own reads, which load its stream, never do.)
 */
@Injectable()
export class InnsynILesemodeller {
  private readonly organer: OrganLoader;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.organer = eventStoreOrganLoader(store);
  }

  /** Reads the saker from their streams and decides, for each, whether the reader may read it in full. */
  async vurder(leser: Leser | undefined, sakIder: readonly string[]): Promise<Map<string, VurdertSak>> {
    const svar = new Map<string, VurdertSak>();
    if (sakIder.length === 0) return svar;
    const stroemmer = await readStreams(this.store, [...new Set(sakIder)].map((id) => `sak-${id}`));
    const saker: { sak: Sak; hendelser: readonly RecordedEvent[] }[] = [];
    for (const id of new Set(sakIder)) {
      const hendelser = stroemmer.get(`sak-${id}`) ?? [];
      const sak = hendelser.length > 0 ? fold(sakDecider, hendelser.map((e) => ({ type: e.type, data: e.data }) as unknown as SakEvent)) : null;
      if (sak) saker.push({ sak, hendelser });
    }
    const ider = innsynsorganer(leser, saker.map((s) => s.sak));
    const organ = ider.length > 0 ? await this.organer(ider) : () => undefined;
    const dato = norskDato(this.clock.now());
    for (const { sak, hendelser } of saker) svar.set(sak.sakId, { sak, hendelser, full: innsyn(leser, sak, organ, dato).full });
    return svar;
  }

  /**
   * The public search values (title, description, case numbers) of the saker with an exemption in
   * force that the reader may not read in full — for `sokSaker`'s `offentlig`. Empty for auditors and
   * the sekretariat (without reading any stream).
   */
  async offentligeSoekeverdier(leser: Leser | undefined, sql: SqlClient): Promise<OffentligeSoekeverdier[]> {
    if (await this.serAlt(leser)) return [];
    const vurdert = await this.vurder(leser, await sakerMedSkjerming(sql));
    return [...vurdert.values()]
      .filter((v) => !v.full)
      .map(({ sak }) => {
        const t = offentligTilstand(sak);
        return {
          sakId: sak.sakId,
          tittel: t['tittel'] as string,
          beskrivelse: typeof t['beskrivelse'] === 'string' ? t['beskrivelse'] : '',
          saksnumre: (t['saksnumre'] ?? {}) as Record<string, string>,
        };
      });
  }

  /**
   * The saksforløp of one sak as this reader may see it: `lesemodell` — the read model's, as stored (the
   * reader may read the sak in full, or nothing of it is exempt); `offentlig` — made in memory by the
   * saksforløp projection's own code from the sak's public events, with {@link SKJERMET} (the public
   * title for the title) where something is hidden; `finnes_ikke` — no such sak.
   */
  async saksforloep(
    leser: Leser | undefined,
    sakId: string,
    sql: SqlClient,
  ): Promise<{ readonly kilde: 'lesemodell' } | { readonly kilde: 'offentlig'; readonly forloep: Saksforloep } | { readonly kilde: 'finnes_ikke' }> {
    if (await this.serAlt(leser)) return { kilde: 'lesemodell' };
    const v = (await this.vurder(leser, [sakId])).get(sakId);
    if (!v) return { kilde: 'finnes_ikke' };
    if (v.full || skjulteFelt(v.sak.hendelser, v.sak.skjerminger ?? []).size === 0) return { kilde: 'lesemodell' };
    const offentlige = offentligeHendelser(v.sak, { plassholder: true });
    const hendelser = v.hendelser
      .map((e, i) => somSakHendelse({ ...e, data: { ...(offentlige[i]?.data ?? e.data) } } as RecordedEvent))
      .filter((h): h is SakHendelse => h !== undefined);
    const organer = new Map((await hentOrganer(sql)).map((o) => [o.organId, { navn: o.navn, nivaa: o.nivaa }]));
    const personer = await hentPersonnavn(sql, hendelser.map((h) => h.utfoertAv.personId));
    const forloep = saksforloepFraHendelser(hendelser, organer, personer);
    return forloep ? { kilde: 'offentlig', forloep } : { kilde: 'finnes_ikke' };
  }

  /**
   * The decisions as this reader may see them: for a sak with an exemption in force that the reader may
   * not read in full, the public title, and {@link SKJERMET} for a hidden meeting date, decision text,
   * follow-up description, frist or report (a follow-up whose frist is hidden is never `forfalt`). With
   * `aarFiltrert` (the list was filtered by the meeting's year), a decision whose meeting date is
   * hidden is left out: the filter matched on it.
   */
  async vedtak(leser: Leser | undefined, rader: readonly VedtakRad[], valg: { readonly aarFiltrert: boolean }): Promise<VedtakRad[]> {
    if (rader.length === 0 || (await this.serAlt(leser))) return [...rader];
    const vurdert = await this.vurder(leser, [...new Set(rader.map((r) => r.sakId))]);
    const svar: VedtakRad[] = [];
    for (const r of rader) {
      const v = vurdert.get(r.sakId);
      const skjult = v && !v.full ? skjulteFelt(v.sak.hendelser, v.sak.skjerminger ?? []) : undefined;
      if (!v || !skjult || skjult.size === 0) {
        svar.push(r);
        continue;
      }
      const t = offentligTilstand(v.sak) as unknown as OffentligTilstandUtdrag;
      const nr = v.sak.hendelser.findIndex((h) => h.type === 'VedtakFattet' && h.data['sakslistepunktId'] === r.sakslistepunktId);
      const moetedatoSkjult = nr >= 0 && (skjult.get(nr)?.felt.has('moetedato') ?? false);
      if (moetedatoSkjult && valg.aarFiltrert) continue;
      const punkt = t.sakslistepunkter?.find((p) => p.sakslistepunktId === r.sakslistepunktId);
      svar.push({
        ...r,
        sakTittel: t.tittel,
        moetedato: moetedatoSkjult ? SKJERMET : r.moetedato,
        vedtakstekst: typeof punkt?.vedtak?.vedtakstekst === 'string' ? punkt.vedtak.vedtakstekst : SKJERMET,
        oppfoelginger: r.oppfoelginger.map((o) => {
          const p = t.oppfoelginger?.find((x) => x.oppfoelgingId === o.oppfoelgingId);
          const fristSkjult = typeof p?.frist !== 'string';
          const sisteRapport = p?.rapporter?.at(-1)?.rapport;
          return {
            ...o,
            sakTittel: t.tittel,
            beskrivelse: typeof p?.beskrivelse === 'string' ? p.beskrivelse : SKJERMET,
            frist: fristSkjult ? SKJERMET : o.frist,
            status: fristSkjult && o.status === 'forfalt' ? 'aapen' : o.status,
            sisteRapport: o.sisteRapport === null ? null : typeof sisteRapport === 'string' ? sisteRapport : SKJERMET,
          };
        }),
      });
    }
    return svar;
  }

  /** Auditors and the sekretariat read every sak in full. */
  private async serAlt(leser: Leser | undefined): Promise<boolean> {
    if (!leser) return false;
    if (leser.systemroller.includes('revisor')) return true;
    if (leser.organId === undefined) return false;
    const organ = await this.organer([leser.organId]);
    return innsynIAlleSaker(leser, organ, norskDato(this.clock.now())).full;
  }
}

/** The parts of the public state the decision list reads (a plain object: any part may be missing). */
interface OffentligTilstandUtdrag {
  readonly tittel: string;
  readonly sakslistepunkter?: readonly { readonly sakslistepunktId: string; readonly vedtak?: { readonly vedtakstekst?: unknown } }[];
  readonly oppfoelginger?: readonly { readonly oppfoelgingId: string; readonly beskrivelse?: unknown; readonly frist?: unknown; readonly rapporter?: readonly { readonly rapport?: unknown }[] }[];
}
