import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandObservation, CommandObserver, VarslingObserver } from '@saksgang/application';
import type { ProjectionStatus } from '@saksgang/projections';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a fast read (a few ms) to a slow command on a loaded store. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COMMAND_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the projection gauges are read from at each scrape. */
export interface ProjectionSource {
  readonly enabled: boolean;
  status(): Promise<readonly ProjectionStatus[]>;
}

/**
 * The service's Prometheus metrics, by prom-client, in a registry of its own (one per app, so tests
 * that start several do not share counts): the default process metrics (`process_*`, `nodejs_*`),
 * `saksgang_http_request_duration_seconds` by method, matched route and status,
 * `saksgang_command_duration_seconds` by category, workflow step and outcome (told by the command
 * path through its observer port), and the projections' gauges (`saksgang_projection_*`, names as
 * before), set from their status at each scrape.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly commands: Histogram<'category' | 'step' | 'outcome'>;
  private readonly commandsTotal: Counter<'category' | 'step' | 'outcome'>;
  private readonly projectionGauges: ReturnType<Metrics['makeProjectionGauges']>;
  private readonly varsler: Record<'sendt' | 'feilet' | 'nytt_forsoek' | 'doed', Counter<'kanal'>>;
  private source: ProjectionSource | undefined;
  private readonly servers = new Set<Server>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'saksgang_http_request_duration_seconds',
      help: 'HTTP requests by method, matched route (the pattern, `(unmatched)` for none) and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.commands = new Histogram({
      name: 'saksgang_command_duration_seconds',
      help: 'Commands on the command path (read → fold → decide → append) by category, workflow step and outcome (accepted, refused, conflict, error).',
      labelNames: ['category', 'step', 'outcome'],
      buckets: COMMAND_BUCKETS,
      registers: [this.registry],
    });
    this.commandsTotal = new Counter({
      name: 'saksgang_commands_total',
      help: 'Commands on the command path by category, workflow step and outcome.',
      labelNames: ['category', 'step', 'outcome'],
      registers: [this.registry],
    });
    this.projectionGauges = this.makeProjectionGauges();
    const teller = (name: string, help: string) => new Counter({ name, help, labelNames: ['kanal'], registers: [this.registry] });
    this.varsler = {
      sendt: teller('saksgang_notifications_sent_total', 'Notifications delivered (accepted by the SMTP server or the webhook receiver), by channel (epost, webhook).'),
      feilet: teller('saksgang_notifications_failed_total', 'Delivery attempts of notifications that failed, by channel.'),
      nytt_forsoek: teller('saksgang_notifications_retried_total', 'Failed notifications scheduled for another attempt (with backoff), by channel.'),
      doed: teller('saksgang_notifications_dead_lettered_total', 'Notifications that became dead letters after the last attempt, by channel.'),
    };
  }

  /** The notifications' observer port. */
  readonly varslingObserver: VarslingObserver = (o) => {
    this.varsler[o.utfall].inc({ kanal: o.kanal });
  };

  /** The command path's observer port. */
  readonly commandObserver: CommandObserver = (o: CommandObservation) => {
    const labels = { category: o.category, step: o.step, outcome: o.outcome };
    this.commands.observe(labels, o.seconds);
    this.commandsTotal.inc(labels);
  };

  /** Where the projection gauges come from (the projections service, once the app is built). */
  readProjectionsFrom(source: ProjectionSource): void {
    this.source = source;
  }

  /** Times every request Fastify answers (not a hijacked stream such as `/live`). */
  registerHttpHook(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
      const route = req.routeOptions?.url ?? '(unmatched)';
      this.http.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text: the projections' gauges read now, then every metric. */
  async scrape(): Promise<string> {
    if (this.source) this.setProjectionGauges(await this.source.status(), this.source.enabled);
    return this.registry.metrics();
  }

  /**
   * `/metrics` on a port of its own (SAKSGANG_METRICS_PORT), for a scraper on the operators' network
   * while the API's port does not show it. Answers `/metrics` only.
   */
  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: only GET /metrics here.\n');
        return;
      }
      this.scrape().then(
        (text) => res.writeHead(200, { 'content-type': this.contentType, 'cache-control': 'no-cache' }).end(text),
        () => res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('The store is unavailable.\n'),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.servers.add(server);
    return (server.address() as AddressInfo).port;
  }

  /** Closes the metrics port, if one was opened (with the app). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.servers].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    this.servers.clear();
  }

  private makeProjectionGauges() {
    const gauge = (name: string, help: string, labelNames: string[] = ['projection']) => new Gauge({ name, help, labelNames, registers: [this.registry] });
    return {
      enabled: gauge('saksgang_projections_enabled', 'Whether this process runs the projections (SAKSGANG_PROJECTIONS).', []),
      head: gauge('saksgang_store_head_commit', "Commit position of the store's newest event.", []),
      lag: gauge('saksgang_projection_lag_events', "Events between the projection's checkpoint and the store's head (a lower bound when capped)."),
      lagCapped: gauge('saksgang_projection_lag_capped', '1 when the lag count was capped (the projection is further behind).'),
      caughtUp: gauge('saksgang_projection_caught_up', '1 when the projection has applied every event in the store.'),
      checkpointCommit: gauge('saksgang_projection_checkpoint_commit', 'Commit position of the last event the projection applied (-1: none).'),
      checkpointPrepare: gauge('saksgang_projection_checkpoint_prepare', 'Prepare position of the last event the projection applied (-1: none).'),
      checkpointAge: gauge('saksgang_projection_checkpoint_age_seconds', 'Seconds since the checkpoint last moved (-1: never).'),
      running: gauge('saksgang_projection_running', '1 when the projection runs (also while rebuilding or retrying).'),
      failing: gauge('saksgang_projection_failing', '1 when the projection is retrying after an error.'),
      errorAttempts: gauge('saksgang_projection_error_attempts', 'Failures in a row of the last error (0: none or recovered).'),
      rebuilding: gauge('saksgang_projection_rebuilding', '1 while the projection is being rebuilt.'),
      rebuildProcessed: gauge('saksgang_projection_rebuild_processed_events', 'Events replayed by the running rebuild.'),
      rebuildTotal: gauge('saksgang_projection_rebuild_total_events', 'Events the running rebuild replays.'),
      version: gauge('saksgang_projection_version', "The projection's code version."),
    };
  }

  private setProjectionGauges(statuses: readonly ProjectionStatus[], enabled: boolean): void {
    const g = this.projectionGauges;
    for (const gauge of Object.values(g)) gauge.reset();
    g.enabled.set(enabled ? 1 : 0);
    if (statuses[0]) g.head.set(Number(statuses[0].head.commit));
    const now = Date.now();
    for (const s of statuses) {
      const l = { projection: s.name };
      g.lag.set(l, s.eventsBehind);
      g.lagCapped.set(l, s.eventsBehindCapped ? 1 : 0);
      g.caughtUp.set(l, s.caughtUp ? 1 : 0);
      g.checkpointCommit.set(l, Number(s.checkpoint.commit));
      g.checkpointPrepare.set(l, Number(s.checkpoint.prepare));
      g.checkpointAge.set(l, s.checkpointUpdatedAt ? Math.max(0, Math.round((now - s.checkpointUpdatedAt.getTime()) / 1000)) : -1);
      g.running.set(l, s.state === 'stopped' ? 0 : 1);
      g.failing.set(l, s.state === 'retrying' ? 1 : 0);
      g.errorAttempts.set(l, s.lastError && !s.lastError.recoveredAt ? s.lastError.attempts : 0);
      g.rebuilding.set(l, s.rebuild ? 1 : 0);
      g.rebuildProcessed.set(l, s.rebuild?.processed ?? 0);
      g.rebuildTotal.set(l, s.rebuild?.total ?? 0);
      g.version.set(l, s.version);
    }
  }
}
