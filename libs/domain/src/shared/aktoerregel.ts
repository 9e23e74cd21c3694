/**
 * Who may take a step, for any workflow declared as data: the roles in the acting body and the
 * alternatives for that body (its type, its level, or a relation to the aggregate, e.g. the body a sak
 * is assigned to, or a body a meeting is held by). The relation names are the workflow's own (`R`);
 * the workflow says which bodies stand in a relation. The sak workflow's rule (sak/vokabular.ts
 * `AktoerRegel`) has this shape with the sak's relations; the meeting workflow (moete/) uses it with its own.
 */
import type { Nivaa, Organ, Organtype, Rolle } from '../organisasjon/organ-modell.js';
import type { Aktoer } from './decider.js';

/** One alternative for the acting body: every given field must hold. */
export interface OrganKravFor<R extends string> {
  readonly organtype?: Organtype;
  readonly nivaa?: Nivaa;
  readonly relasjon?: R;
}

/** Who may take a step. */
export interface AktoerRegelFor<R extends string> {
  readonly roller: readonly Rolle[];
  /** Alternatives for the acting body; the actor passes if any one holds. Empty: any body. */
  readonly organ: readonly OrganKravFor<R>[];
  /** The person must hold the role in the acting body on the date the step takes effect (verified actors). */
  readonly kreverMedlemskapPaaDato: boolean;
}

/** How a workflow names its words in a refusal. */
export interface Aktoerbeskrivelser<R extends string> {
  readonly rolle: Readonly<Record<Rolle, string>>;
  readonly organKrav: (k: OrganKravFor<R>) => string;
}

/**
 * Why the actor may not take the step, or undefined if it may. `iRelasjon(rel)` gives the bodies in
 * that relation; `ukjentOrganErOk` is for reads without the bodies loaded (type and level then assumed to fit).
 */
export function aktoerBruddFor<R extends string>(
  regel: AktoerRegelFor<R>,
  steg: string,
  aktoer: Aktoer,
  iRelasjon: (rel: R) => readonly string[],
  organ: (id: string) => Organ | undefined,
  ukjentOrganErOk: boolean,
  beskriv: Aktoerbeskrivelser<R>,
): { kode: string; melding: string } | undefined {
  if (!(regel.roller as readonly string[]).includes(aktoer.rolle)) {
    const rolle = (beskriv.rolle as Record<string, string>)[aktoer.rolle] ?? aktoer.rolle;
    return {
      kode: 'rolle_ikke_tillatt',
      melding: `Rollen «${rolle}» kan ikke ta steget ${steg}. Det kan bare gjøres av: ${regel.roller.map((r) => beskriv.rolle[r]).join(', ')}.`,
    };
  }
  if (regel.organ.length === 0) return undefined;
  const o = organ(aktoer.organId);
  const oppfylt = regel.organ.some((k) => {
    if (k.relasjon && !iRelasjon(k.relasjon).includes(aktoer.organId)) return false;
    if (k.organtype && !(o ? o.organtype === k.organtype : ukjentOrganErOk)) return false;
    if (k.nivaa && !(o ? o.nivaa === k.nivaa : ukjentOrganErOk)) return false;
    return true;
  });
  if (oppfylt) return undefined;
  const hvem = o ? `«${o.navn}» (${o.organtype}, ${o.nivaa} nivå)` : `Organet ${aktoer.organId}`;
  return { kode: 'organ_ikke_tillatt', melding: `${hvem} kan ikke ta steget ${steg}. Det kan bare gjøres av ${regel.organ.map(beskriv.organKrav).join(', eller ')}.` };
}
