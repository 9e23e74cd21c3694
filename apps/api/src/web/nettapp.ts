import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SaksgangConfig } from '@saksgang/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { instanceFor, problem, PROBLEM_CONTENT_TYPE } from '../http/problem.js';

/** The pages of the web app: its start page and every address under `/app/` (the app routes them itself). */
export const APP_SIDER = ['/', '/app', '/app/*'] as const;
/** The app's built files (scripts, styles, fonts): content-hashed names, cached for a year. */
export const APP_FILER = '/assets/';

const IKKE_BYGGET = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>saksgang</title></head>
<body><main><h1>Nettappen er ikke bygget</h1>
<p>Tjenesten kjører, men nettappen er ikke bygget ennå. Kjør <code>npm run build:web</code> (eller <code>npm start</code>, som bygger den), og last siden på nytt.</p>
<p>API-dokumentasjonen er på <a href="/docs">/docs</a>.</p></main></body></html>`;

/**
 * Serves the web app (apps/web, built by Vite into SAKSGANG_WEB_DIR) from the API process: the same
 * origin, so the app calls the API without CORS. `index.html` for `/` and every `/app/…` address (the
 * app's own router shows the page), the built files under `/assets/`. Which content security policy a
 * response gets is decided on the matched route in hardening.ts ({@link erAppRute}).
 */
export async function registerWebApp(app: NestFastifyApplication, config: SaksgangConfig): Promise<void> {
  const dir = resolve(config.webDir ?? 'apps/web/dist');
  const indexFil = join(dir, 'index.html');
  const index = existsSync(indexFil) ? readFileSync(indexFil) : undefined;
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  if (index && existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic as never, { root: join(dir, 'assets'), prefix: APP_FILER, decorateReply: false, immutable: true, maxAge: '365d', index: false, wildcard: false });
  }
  const side = async (req: FastifyRequest, reply: FastifyReply) => {
    if (index) return reply.status(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    // Not built: a page saying how to build it for a browser; for any other client a problem like every other error.
    if (/text\/html/.test(String(req.headers.accept ?? ''))) return reply.status(404).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(IKKE_BYGGET);
    const body = problem(404, 'nettapp_ikke_bygget', 'Nettappen er ikke bygget', 'Tjenesten kjører, men nettappen er ikke bygget: kjør npm run build:web (eller npm start).', instanceFor(req.url));
    return reply.status(404).header('cache-control', 'no-cache').type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  };
  for (const url of APP_SIDER) fastify.get(url, side);
}

/** Is the matched route one of the web app's (its pages or its built files)? */
export function erAppRute(route: string | undefined): boolean {
  return route !== undefined && ((APP_SIDER as readonly string[]).includes(route) || route.startsWith(APP_FILER));
}
