import { Controller, Get, Inject, Injectable, type OnApplicationShutdown, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SQL_CLIENT } from '@saksgang/application';
import type { SqlClient } from '@saksgang/event-store';
import { checkpointTable } from '@saksgang/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';

/** The read models the app's pages show; a new fact is "there" for a page when all of them have it. */
const SIDENES_LESEMODELLER = ['saksoversikt', 'arbeidsliste', 'saksforloep'] as const;
const INTERVALL_MS = 1000;
const HJERTESLAG_MS = 25_000;

/** The media type of the live stream (server-sent events); an operation answering it never ends, so clients that call every operation leave it out. */
export const HENDELSESSTROEM = 'text/event-stream';

/**
 * Live pages: `GET /live` is a stream of server-sent events; `ny-hendelse` (data: the position in the
 * log) is sent when the read models the pages show have taken in a new fact, so an open page fetches
 * again — a secretary sees a delivery arrive without reloading. The stream says only *that* something
 * happened, never what (no content, so it is public like the app itself); what a person may then read
 * is decided by the reads it triggers. One poll of the projections' checkpoints serves every listener.
 */
@Injectable()
export class LiveStroem implements OnApplicationShutdown {
  private readonly lyttere = new Set<FastifyReply>();
  private sist: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private hjerteslag: NodeJS.Timeout | undefined;

  constructor(@Inject(ModuleRef) private readonly moduler: ModuleRef) {}

  private async posisjon(): Promise<string | undefined> {
    const sql = this.moduler.get<SqlClient>(SQL_CLIENT, { strict: false });
    const alle = await checkpointTable.readAll(sql);
    const punkter = SIDENES_LESEMODELLER.map((n) => alle.get(n)?.position);
    if (punkter.some((p) => p === undefined)) return undefined;
    // The least of the checkpoints: what every page's read model has.
    const minst = punkter.reduce((a, b) => (a!.commit <= b!.commit ? a : b))!;
    return `C:${minst.commit}/P:${minst.prepare}`;
  }

  private send(reply: FastifyReply, tekst: string): void {
    try {
      reply.raw.write(tekst);
    } catch {
      this.lyttere.delete(reply);
    }
  }

  private async sjekk(): Promise<void> {
    let naa: string | undefined;
    try {
      naa = await this.posisjon();
    } catch {
      return;
    }
    if (naa === undefined || naa === this.sist) return;
    const foerste = this.sist === undefined;
    this.sist = naa;
    if (!foerste) for (const l of this.lyttere) this.send(l, `event: ny-hendelse\ndata: ${naa}\n\n`);
  }

  private stopp(): void {
    if (this.lyttere.size > 0) return;
    clearInterval(this.timer);
    clearInterval(this.hjerteslag);
    this.timer = this.hjerteslag = undefined;
    this.sist = undefined;
  }

  /** A new listener: the reply is taken over (hijacked) and kept open until the client goes. */
  async koble(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': `${HENDELSESSTROEM}; charset=utf-8`,
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    this.send(reply, 'retry: 3000\n\n');
    this.lyttere.add(reply);
    req.raw.on('close', () => {
      this.lyttere.delete(reply);
      this.stopp();
    });
    if (!this.timer) {
      this.timer = setInterval(() => void this.sjekk(), INTERVALL_MS);
      this.hjerteslag = setInterval(() => {
        for (const l of this.lyttere) this.send(l, ': hjerteslag\n\n');
      }, HJERTESLAG_MS);
      this.timer.unref();
      this.hjerteslag.unref();
      await this.sjekk();
    }
  }

  onApplicationShutdown(): void {
    for (const l of this.lyttere) l.raw.end();
    this.lyttere.clear();
    this.stopp();
  }
}

@ApiTags('nettapp')
@Controller()
export class LiveController {
  constructor(@Inject(LiveStroem) private readonly stroem: LiveStroem) {}

  @Get('live')
  @Offentlig()
  @ApiOperation({
    summary: 'Live pages: a stream of server-sent events saying that the pages\' read models have taken in a new fact',
    description:
      'Never ends while the client listens. `retry: 3000` first; then `event: ny-hendelse` with `data:` the position in the log (e.g. `C:1234/P:1234`) each time the read models the pages show (saksoversikt, arbeidsliste, saksforløp) have all taken in something new, and a comment line (`: hjerteslag`) every 25 seconds. It says only *that* something happened, never what: what a person may read is decided by the reads it triggers.',
    operationId: 'FoelgLive',
  })
  @ApiProduces(HENDELSESSTROEM)
  @ApiOkResponse({ description: 'The stream (server-sent events, UTF-8).', content: { [HENDELSESSTROEM]: { schema: { type: 'string', example: 'retry: 3000\n\nevent: ny-hendelse\ndata: C:1234/P:1234\n\n' } } } })
  async live(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.stroem.koble(req, reply);
  }
}
