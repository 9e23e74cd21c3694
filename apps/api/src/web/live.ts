import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SQL_CLIENT } from '@saksgang/application';
import type { SqlClient } from '@saksgang/event-store';
import { checkpointTable } from '@saksgang/projections';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The read models the app's pages show; a new fact is "there" for a page when all of them have it. */
const SIDENES_LESEMODELLER = ['saksoversikt', 'arbeidsliste', 'saksforloep'] as const;
const INTERVALL_MS = 1000;
const HJERTESLAG_MS = 25_000;

/**
 * Live pages: `GET /live` is a stream of server-sent events; `ny-hendelse` (data: the position in the
 * log) is sent when the read models the pages show have taken in a new fact, so an open page fetches
 * again — a secretary sees a delivery arrive without reloading. The stream says only *that* something
 * happened, never what (no content, so it is public like the app itself); what a person may then read
 * is decided by the reads it triggers. One poll of the projections' checkpoints serves every listener.
 */
export function registerLive(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const lyttere = new Set<FastifyReply>();
  let sist: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let hjerteslag: NodeJS.Timeout | undefined;

  const posisjon = async (): Promise<string | undefined> => {
    const sql = app.get<SqlClient>(SQL_CLIENT, { strict: false });
    const alle = await checkpointTable.readAll(sql);
    const punkter = SIDENES_LESEMODELLER.map((n) => alle.get(n)?.position);
    if (punkter.some((p) => p === undefined)) return undefined;
    // The least of the checkpoints: what every page's read model has.
    const minst = punkter.reduce((a, b) => (a!.commit <= b!.commit ? a : b))!;
    return `C:${minst.commit}/P:${minst.prepare}`;
  };
  const send = (reply: FastifyReply, tekst: string) => {
    try {
      reply.raw.write(tekst);
    } catch {
      lyttere.delete(reply);
    }
  };
  const sjekk = async () => {
    let naa: string | undefined;
    try {
      naa = await posisjon();
    } catch {
      return;
    }
    if (naa === undefined || naa === sist) return;
    const foerste = sist === undefined;
    sist = naa;
    if (!foerste) for (const l of lyttere) send(l, `event: ny-hendelse\ndata: ${naa}\n\n`);
  };
  const stopp = () => {
    if (lyttere.size > 0) return;
    clearInterval(timer);
    clearInterval(hjerteslag);
    timer = hjerteslag = undefined;
    sist = undefined;
  };

  fastify.get('/live', async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    send(reply, 'retry: 3000\n\n');
    lyttere.add(reply);
    if (!timer) {
      await sjekk();
      timer = setInterval(() => void sjekk(), INTERVALL_MS);
      hjerteslag = setInterval(() => {
        for (const l of lyttere) send(l, ': hjerteslag\n\n');
      }, HJERTESLAG_MS);
      timer.unref();
      hjerteslag.unref();
    }
    req.raw.on('close', () => {
      lyttere.delete(reply);
      stopp();
    });
  });
  fastify.addHook('onClose', async () => {
    for (const l of lyttere) l.raw.end();
    lyttere.clear();
    stopp();
  });
}
