/**
 * Durable deadline reminders: computed from the recorded deadlines (`varsling_frister`, kept by the
 * dispatcher from the facts) and the injected clock, written to the outbox under a key made of the
 * deadline, its date and the reminder (`paaminnelse:<frist>:<dato>:<7|1|passert>`), so each fires once
 * — also across restarts, and when two scans race. A moved deadline gets new keys; the dispatcher
 * cancels the waiting reminders of the old date.
 */
import { TZDate } from '@date-fns/tz';
import { norskDato } from '@saksgang/domain';
import type { SqlClient } from '@saksgang/event-store';
import { medlemmerMedRolle, Tilstander, utboksrader, type Varsel } from './dispatcher.js';
import { organnavnPaaDato, sakstittel } from './tekst.js';
import { leggIUtboks, type Varselart } from './utboks.js';
import type { VarslingConfig } from './varsling-config.js';

export const TIDSSONE = 'Europe/Oslo';

/** Midnight in Oslo at the start of the ISO date, moved by `dager`. */
export function midnattOslo(isoDato: string, dager = 0): Date {
  const [a, m, d] = isoDato.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(a, m - 1, d + dager, 0, 0, TIDSSONE).getTime());
}

/** Today's date in Oslo (YYYY-MM-DD). */
export function datoIOslo(t: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIDSSONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

interface FristRad {
  frist_id: string;
  art: string;
  sak_id: string;
  organ_id: string;
  frist: string;
  beskrivelse: string;
}

const HVA: Readonly<Record<string, string>> = {
  oppdrag: 'oppdraget',
  bestilling: 'utredningen',
  oppfoelging: 'rapporten om oppfølgingen av vedtaket',
  hoering: 'høringen',
};

/** Writes the reminders due now that are not in the outbox yet; returns how many were new. */
export async function skrivPaaminnelser(sql: SqlClient, config: VarslingConfig, naa: Date): Promise<number> {
  const { rows } = await sql.query<FristRad & Record<string, unknown>>(`SELECT frist_id, art, sak_id, organ_id, frist, beskrivelse FROM varsling_frister WHERE aapen`);
  const t = new Tilstander(sql);
  const eldst = naa.getTime() - config.tilbakeDager * 86_400_000;
  const varsler: Varsel[] = [];
  for (const f of rows) {
    const punkter: { noekkel: string; forfall: Date; art: Varselart; dager?: number }[] = [
      ...config.fristDager.map((d) => ({ noekkel: String(d), forfall: midnattOslo(f.frist, -d), art: 'frist_naermer_seg' as Varselart, dager: d })),
      { noekkel: 'passert', forfall: midnattOslo(f.frist, 1), art: f.art === 'oppfoelging' ? 'oppfoelging_forfalt' : f.art === 'hoering' ? 'hoeringssvar_mangler' : 'frist_passert' },
    ];
    for (const p of punkter) {
      if (p.forfall.getTime() > naa.getTime() || p.forfall.getTime() < eldst) continue;
      const idag = datoIOslo(naa);
      const organ = await t.organ(f.organ_id);
      const sak = await t.sak(f.sak_id);
      const organnavn = organnavnPaaDato(organ, f.organ_id, idag);
      const tittel = sakstittel(sak);
      const hva = HVA[f.art] ?? 'saken';
      const avsnitt =
        p.art === 'frist_naermer_seg'
          ? [`Fristen for ${hva} i saken «${tittel}» er ${norskDato(f.frist)}, om ${p.dager} ${p.dager === 1 ? 'dag' : 'dager'}. ${organnavn} er ansvarlig.`]
          : p.art === 'hoeringssvar_mangler'
            ? [`Høringsfristen i saken «${tittel}» var ${norskDato(f.frist)}. Se over hvilke høringssvar som mangler${f.beskrivelse ? ` (høringsinstanser: ${f.beskrivelse})` : ''}.`]
            : [`Fristen for ${hva} i saken «${tittel}» var ${norskDato(f.frist)} og er passert. ${organnavn} er ansvarlig.`];
      if (f.beskrivelse && f.art !== 'hoering') avsnitt.push(`${f.art === 'oppfoelging' ? 'Hva som skal følges opp' : 'Mandat'}: ${f.beskrivelse}`);
      varsler.push({
        faktaId: `paaminnelse:${f.frist_id}:${f.frist}:${p.noekkel}`,
        art: p.art,
        sakId: f.sak_id,
        organId: f.organ_id,
        fristId: f.frist_id,
        frist: f.frist,
        mottakere: medlemmerMedRolle(organ, idag, ['leder', 'sekretaer']),
        tekst: {
          emne: p.art === 'frist_naermer_seg' ? `Frist ${norskDato(f.frist)}: ${tittel}` : p.art === 'hoeringssvar_mangler' ? `Høringsfristen er ute: ${tittel}` : `Fristen er passert: ${tittel}`,
          avsnitt,
          lenke: `${config.baseUrl}/app/saker/${encodeURIComponent(f.sak_id)}`,
          lenketekst: 'Åpne saken i saksgang',
        },
      });
    }
  }
  if (varsler.length === 0) return 0;
  return sql.transaction(async (tx) => {
    // The dispatcher may have moved or closed a deadline since it was read: only those still as read.
    const { rows: gjeldende } = await tx.query(`SELECT frist_id, frist FROM varsling_frister WHERE aapen AND frist_id = ANY($1::text[]) FOR UPDATE`, [[...new Set(varsler.map((v) => v.fristId!))]]);
    const naaFrist = new Map(gjeldende.map((r) => [String(r['frist_id']), String(r['frist'])]));
    return leggIUtboks(tx, utboksrader(varsler.filter((v) => naaFrist.get(v.fristId!) === v.frist), config.webhooks, naa));
  });
}
