import type { SqlClient } from '@saksgang/event-store';
import { hentSakIOversikt } from '@saksgang/projections';
import type { ProjectionComparer } from './replay.js';

/** Comparers for the read models that hold saker (in the read-model database). */
export function leseModellComparers(sql: SqlClient): ProjectionComparer[] {
  return [
    {
      name: 'saksoversikt',
      async view(sakId) {
        const s = await hentSakIOversikt(sql, sakId);
        if (!s) return undefined;
        return { sakId: s.sakId, tittel: s.tittel, fase: s.fase, sakstype: s.sakstype, innmeldtAv: s.innmeldtAv, ansvarligOrganId: s.ansvarligOrganId, saksnumre: s.saksnumre };
      },
    },
  ];
}
