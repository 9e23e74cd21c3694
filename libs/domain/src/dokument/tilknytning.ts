/**
 * What a document is attached to (Noark 5: the registrering it belongs to): a sak, an oppdrag's
 * delivery, a hearing answer or a meeting item. Kept apart from the document's state (typer.ts) so
 * the decision context can name it without importing the decider's types (which import the context).
 */

/** What a document may be attached to. */
export const TILKNYTNINGSTYPER = ['sak', 'leveranse', 'hoeringssvar', 'moetepunkt'] as const;
export type Tilknytningstype = (typeof TILKNYTNINGSTYPER)[number];

/** A typed reference to what the document belongs to. */
export type Tilknytning =
  | { readonly type: 'sak'; readonly sakId: string }
  /** An oppdrag's delivery (leveranse): the oppdrag in the sak. */
  | { readonly type: 'leveranse'; readonly sakId: string; readonly oppdragId: string }
  /** A hearing answer: the hearing of the sak and the party that answered. */
  | { readonly type: 'hoeringssvar'; readonly sakId: string; readonly hoeringId: string; readonly partId: string }
  /** An item on a meeting's saksliste. */
  | { readonly type: 'moetepunkt'; readonly moeteId: string; readonly punktId: string };

/** The fields of the reference each kind needs (others must be left out). */
export const TILKNYTNINGSFELTER: Readonly<Record<Tilknytningstype, readonly ('sakId' | 'oppdragId' | 'hoeringId' | 'partId' | 'moeteId' | 'punktId')[]>> = {
  sak: ['sakId'],
  leveranse: ['sakId', 'oppdragId'],
  hoeringssvar: ['sakId', 'hoeringId', 'partId'],
  moetepunkt: ['moeteId', 'punktId'],
};

/** The sak a document belongs to, if any (a meeting item's sak is the meeting's business). */
export function sakIdFor(t: Tilknytning): string | undefined {
  return t.type === 'moetepunkt' ? undefined : t.sakId;
}
