import { offentligTittel, type Sak } from '@saksgang/domain';

/** One event as the public may see it. */
export interface OffentligHendelse {
  readonly hendelsesnummer: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly skjermet?: { readonly felt: readonly string[]; readonly skjermingshjemmel: string };
}

/** A sak as the public may see it (offentleglova): nothing that is exempt, the public title instead of an exempt title. */
export interface OffentligSak {
  readonly sakId: string;
  readonly tittel: string;
  readonly beskrivelse?: string;
  readonly sakstype: string;
  readonly fase: string;
  readonly innmeldtAv: string;
  readonly registrert: string;
  readonly skjerminger: readonly { readonly hendelsesnummer: number; readonly felt: readonly string[]; readonly skjermingshjemmel: string; readonly tilgangsrestriksjon?: string }[];
  readonly hendelser: readonly OffentligHendelse[];
}

/**
 * The public view of a sak, from its state (which keeps every event of the stream): the exemptions in
 * force (`SkjermingMarkert` not lifted) remove the fields from the events they name; a correction of
 * an exempt field loses its old and new value (as the archive export does, libs/audit skjerming.ts).
 */
export function offentligSak(sak: Sak): OffentligSak {
  const skjermet = new Map<number, { felt: Set<string>; hjemler: string[] }>();
  for (const s of sak.skjerminger ?? []) {
    const m = skjermet.get(s.hendelsesnummer) ?? { felt: new Set<string>(), hjemler: [] };
    for (const f of s.felt) m.felt.add(f);
    if (!m.hjemler.includes(s.skjermingshjemmel)) m.hjemler.push(s.skjermingshjemmel);
    skjermet.set(s.hendelsesnummer, m);
  }
  const hendelser = sak.hendelser.map((h, nr): OffentligHendelse => {
    const egen = skjermet.get(nr);
    let data: Record<string, unknown> = { ...h.data };
    const ute = new Set<string>();
    const hjemler: string[] = [...(egen?.hjemler ?? [])];
    if (egen) {
      for (const f of egen.felt) {
        if (!(f in data)) continue;
        delete data[f];
        ute.add(f);
      }
    }
    if (h.type === 'OpplysningKorrigert' && typeof h.data['hendelsesnummer'] === 'number' && typeof h.data['felt'] === 'string') {
      const maal = skjermet.get(h.data['hendelsesnummer']);
      if (maal?.felt.has(h.data['felt'])) {
        const { gammelVerdi: _g, nyVerdi: _n, ...rest } = data;
        data = rest;
        ute.add('gammelVerdi').add('nyVerdi');
        for (const x of maal.hjemler) if (!hjemler.includes(x)) hjemler.push(x);
      }
    }
    return ute.size > 0 ? { hendelsesnummer: nr, type: h.type, data, skjermet: { felt: [...ute], skjermingshjemmel: hjemler.join('; ') } } : { hendelsesnummer: nr, type: h.type, data };
  });
  const registrering = skjermet.get(0)?.felt ?? new Set<string>();
  return {
    sakId: sak.sakId,
    tittel: registrering.has('tittel') ? offentligTittel(sak) : sak.tittel,
    ...(registrering.has('beskrivelse') ? {} : { beskrivelse: sak.beskrivelse }),
    sakstype: sak.sakstype,
    fase: sak.fase,
    innmeldtAv: sak.innmeldtAv,
    registrert: sak.registrert,
    skjerminger: (sak.skjerminger ?? []).map((s) => ({
      hendelsesnummer: s.hendelsesnummer,
      felt: s.felt,
      skjermingshjemmel: s.skjermingshjemmel,
      ...(s.tilgangsrestriksjon ? { tilgangsrestriksjon: s.tilgangsrestriksjon } : {}),
    })),
    hendelser,
  };
}
