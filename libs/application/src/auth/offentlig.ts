import { type OffentligHendelsesdata, offentligeHendelser, offentligTilstand, type Sak } from '@saksgang/domain';

/** One event as the public may see it. */
export type OffentligHendelse = OffentligHendelsesdata;

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
 * force (`SkjermingMarkert` not lifted) remove the fields from the events they name, the values those
 * fields were corrected to, and every copy of them in other events (libs/domain skjerming-kopier.ts:
 * e.g. an exempt meeting date is also gone from the decision, an exempt frist from the granted
 * postponement). The title and description are the public state's (the public title while the title
 * is exempt; no description while it is exempt).
 */
export function offentligSak(sak: Sak): OffentligSak {
  const hendelser = offentligeHendelser(sak);
  const tilstand = offentligTilstand(sak);
  return {
    sakId: sak.sakId,
    tittel: tilstand['tittel'] as string,
    ...(typeof tilstand['beskrivelse'] === 'string' ? { beskrivelse: tilstand['beskrivelse'] } : {}),
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
