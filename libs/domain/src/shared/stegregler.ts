/**
 * The parts of enforcing a declared step that every workflow shares (the sak's, the meeting's):
 * the error class of a guard, and plausible dates — the effective time not in the future, the
 * planned dates a step declares within the planning horizon, not before a body it names existed.
 */
import type { Organ } from '../organisasjon/organ-modell.js';
import type { DecisionContext } from './decider.js';
import { datoDel, gjelderFraBrudd, planlagtDatoBrudd, sammenlignDato, type Tidspunkt } from './dato.js';
import { ConflictError, type DomainError, InvalidCommandError, NotFoundError, StepRefusedError } from './errors.js';
import { type FeltSett, organIderFra, planlagteDatoer } from './felter.js';

/** What kind of refusal a guard makes: not_found (404), conflict (409), refused (422), invalid (400). */
export type Vaktart = 'refused' | 'not_found' | 'conflict' | 'invalid';

export function vaktfeil(art: Vaktart, kode: string, melding: string, allowedSteps: readonly string[], field?: string): DomainError {
  const options = { allowedSteps, ...(field !== undefined ? { field } : {}) };
  switch (art) {
    case 'refused':
      return new StepRefusedError(kode, melding, options);
    case 'not_found':
      return new NotFoundError(kode, melding, options);
    case 'conflict':
      return new ConflictError(kode, melding, options);
    case 'invalid':
      return new InvalidCommandError(kode, melding, options);
  }
}

/**
 * Plausible dates: the step takes effect within now + the tolerance, its planned dates (declared in
 * its fields) within the planning horizon, and not before the acting body or a body the command names
 * was established. Each refusal names the field and the limit (HTTP 400).
 */
export function plausibleDatoer(
  felter: FeltSett,
  data: unknown,
  gjelderFra: Tidspunkt,
  context: DecisionContext,
  organ: (id: string) => Organ | undefined,
  naa: readonly string[],
): void {
  const b = gjelderFraBrudd(gjelderFra, context.now, context.grenser);
  if (b) throw new InvalidCommandError(b.kode, b.melding, { field: 'gjelderFra', allowedSteps: naa });
  const verdier = data as Record<string, unknown>;
  for (const { felt, hva } of planlagteDatoer(felter)) {
    const v = verdier[felt];
    if (typeof v !== 'string') continue;
    const p = planlagtDatoBrudd(v, context.now, context.grenser, hva);
    if (p) throw new InvalidCommandError(p.kode, p.melding, { field: felt, allowedSteps: naa });
  }
  const ider = [context.aktoer.organId, ...organIderFra(felter, data)];
  for (const id of ider) {
    const o = organ(id);
    if (o && sammenlignDato(gjelderFra, o.opprettet) < 0) {
      throw new InvalidCommandError('foer_organet_ble_opprettet', `Steget kan ikke gjelde fra ${datoDel(gjelderFra)}, før «${o.navn}» ble opprettet (${datoDel(o.opprettet)}).`, {
        field: 'gjelderFra',
        allowedSteps: naa,
      });
    }
  }
}
