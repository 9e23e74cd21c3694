import { type Organ, ROLLER } from '@saksgang/domain';
import type { OrganLoader } from '../command-path/command-path.js';

export type Handlingskapasitet =
  | { readonly ok: true; readonly organ: Organ }
  | { readonly ok: false; readonly kode: 'ukjent_rolle' | 'organ_ikke_funnet' | 'ikke_medlem'; readonly melding: string };

/**
 * May the person act for the body in the role at all? Checked from the organisation data (the
 * `organ-<id>` stream) before a request is let through: the person must have a member period in that
 * role in that body. Whether the period covers the date the step takes effect is the decider's check
 * (`kreverMedlemskapPaaDato`), since only it knows that date.
 */
export async function handlingskapasitet(load: OrganLoader, personId: string, organId: string, rolle: string): Promise<Handlingskapasitet> {
  if (!(ROLLER as readonly string[]).includes(rolle)) {
    return { ok: false, kode: 'ukjent_rolle', melding: `Ukjent rolle «${rolle}». Roller: ${ROLLER.join(', ')}.` };
  }
  const organ = (await load([organId]))(organId);
  if (!organ) return { ok: false, kode: 'organ_ikke_funnet', melding: `Organet ${organId} finnes ikke.` };
  const perioder = organ.medlemsperioder.filter((p) => p.personId === personId);
  if (!perioder.some((p) => p.rolle === rolle)) {
    const har = [...new Set(perioder.map((p) => p.rolle))];
    return {
      ok: false,
      kode: 'ikke_medlem',
      melding: `${personId} er ikke ${rolle} i «${organ.navn}»${har.length > 0 ? ` (er registrert som ${har.join(', ')})` : ' (har ingen medlemsperiode der)'} og kan ikke handle for organet i den rollen.`,
    };
  }
  return { ok: true, organ };
}
