/**
 * A meeting's document as an answer — the innkalling or the protokoll, as printable HTML or as PDF —
 * the same for the members' routes (/moeter/…) and the public's (/offentlig/moeter/…): the content
 * type, the file name, and the document laid out from the meeting as recorded.
 */
import { innkallingHtml, innkallingPdf, lagInnkalling, lagProtokoll, protokollHtml, protokollPdf, type MoeteService } from '@saksgang/application';
import type { FastifyReply } from 'fastify';

/** The meeting with what its documents read (the innkalling has no need of `moeteDato`: the meeting its protokoll was approved in). */
type Grunnlag = Omit<Awaited<ReturnType<MoeteService['hentForProtokoll']>>, 'moeteDato'> & { readonly moeteDato?: (moeteId: string) => string | undefined };

/** The document as printable HTML. */
export function moetedokumentHtml(art: 'innkalling' | 'protokoll', g: Grunnlag, reply: FastifyReply): string {
  void reply.type('text/html; charset=utf-8');
  return art === 'innkalling' ? innkallingHtml(lagInnkalling(g.view.state, g.organ, g.sak)) : protokollHtml(lagProtokoll(g.view.state, g.organ, g.sak, g.moeteDato ?? (() => undefined)));
}

/** The document as PDF (the same content), shown inline as `<art>-<møtedato>.pdf`. */
export function moetedokumentPdf(art: 'innkalling' | 'protokoll', g: Grunnlag, naa: Date, reply: FastifyReply): Promise<Buffer> {
  void reply.type('application/pdf');
  void reply.header('Content-Disposition', `inline; filename="${art}-${g.view.state.moetedato}.pdf"`);
  return art === 'innkalling' ? innkallingPdf(lagInnkalling(g.view.state, g.organ, g.sak), naa) : protokollPdf(lagProtokoll(g.view.state, g.organ, g.sak, g.moeteDato ?? (() => undefined)), naa);
}
