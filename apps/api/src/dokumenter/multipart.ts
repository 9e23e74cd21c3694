import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { instanceFor, problem, PROBLEM_CONTENT_TYPE } from '../http/problem.js';

/** The routes that take multipart/form-data (a document's upload); every other route still answers 415 to it. */
export const MULTIPART_RUTER = [/^\/dokumenter$/, /^\/dokumenter\/:dokumentId\/versjoner$/];

/**
 * multipart/form-data for the document uploads (@fastify/multipart): the file streams through (never
 * buffered whole), at most one file, a few small fields, the file at most `maksBytes` + 1 bytes (the
 * document store stops at the limit itself and answers 413).
 */
export async function registerMultipart(app: NestFastifyApplication, maksBytes: number): Promise<void> {
  const f = app.getHttpAdapter().getInstance();
  await f.register(multipart as never, { limits: { fileSize: maksBytes + 1, files: 1, fields: 30, fieldSize: 4096, parts: 40 }, throwFileSizeLimit: false });
  f.addHook('preValidation', async (req, reply) => {
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('multipart/')) return;
    const url = req.routeOptions.url ?? '';
    if (!MULTIPART_RUTER.some((r) => r.test(url))) {
      await reply
        .code(415)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem(415, 'medietype_ikke_stoettet', 'Medietypen støttes ikke', 'Denne adressen tar bare imot application/json; multipart/form-data er for opplasting av dokumenter (POST /dokumenter).', instanceFor(req.url)));
      return reply;
    }
  });
}
