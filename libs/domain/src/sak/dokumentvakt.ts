/**
 * THE rule for a step that names a document by `dokumentId` (a hearing's draft, a hearing answer, a
 * letter): the document must exist and belong to the sak the step is taken in — and a document
 * uploaded as a hearing answer is the answer of that hearing and that party only. The documents are
 * loaded by the command path (the step's `dokumenter`, the decider's `referencedDokumentIds`) into
 * `context.dokumenter`; the guards name the field, and say nothing of a document of another sak or
 * meeting (not its title, not where it belongs), since the actor may not be allowed to read it.
 */
import { sakIdFor } from '../dokument/typer.js';
import type { SakKommandoer, SakStegType } from './typer.js';
import type { Vakt, VaktInput } from './vokabular.js';

/** Where in the sak the step puts the document, when a hearing answer's document must be that answer's. */
export interface Dokumentsted {
  readonly hoeringId: string;
  readonly partId: string;
}

/**
 * The guards of a step that names a document: it exists (registered with POST /dokumenter) and it is
 * attached to this sak (and, for a hearing answer's document, to this hearing and this party).
 * Both refuse with 422 naming `felt`; nothing is recorded.
 */
export function dokumentISaken<K extends SakStegType>(
  hent: (data: SakKommandoer[K]) => string | undefined,
  sted?: (data: SakKommandoer[K]) => Dokumentsted,
  felt = 'dokumentId',
): readonly Vakt<K>[] {
  const dokument = (i: VaktInput<K>) => {
    const id = hent(i.data);
    return id === undefined ? undefined : { id, d: i.context.dokumenter?.(id) ?? undefined };
  };
  return [
    {
      kode: 'dokument_ikke_funnet',
      grunn: 'Dokumentet steget viser til, må være lastet opp (POST /dokumenter) før steget tas.',
      art: 'refused',
      felt,
      brudd: (i) => {
        const x = dokument(i);
        return x && !x.d ? `Dokumentet ${x.id} finnes ikke. Last opp dokumentet til saken først (POST /dokumenter), og vis så til id-en det fikk.` : false;
      },
    },
    {
      kode: 'dokument_ikke_i_saken',
      grunn: 'Et steg i en sak kan bare vise til et dokument som hører til den samme saken (og et høringssvar bare til dokumentet for det samme svaret).',
      art: 'refused',
      felt,
      brudd: (i) => {
        const x = dokument(i);
        if (!x?.d || i.sak === null) return false;
        const t = x.d.tilknytning;
        if (sakIdFor(t) !== i.sak.sakId) return `Dokumentet ${x.id} hører ikke til denne saken; et steg i saken kan bare vise til sakens egne dokumenter. Last opp dokumentet til saken (tilknytningstype sak og sakId ${i.sak.sakId}).`;
        const s = sted?.(i.data);
        if (s && t.type === 'hoeringssvar' && (t.hoeringId !== s.hoeringId || t.partId !== s.partId)) {
          return `Dokumentet ${x.id} er lastet opp som svaret fra en annen part eller på en annen høring i saken, ikke som svaret fra ${s.partId} på høringen ${s.hoeringId}.`;
        }
        return false;
      },
    },
  ];
}
