import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ProjectionsService, type RebuildJob } from '@saksgang/application';
import { formatPosition } from '@saksgang/event-store';
import type { ProjectionStatus } from '@saksgang/projections';
import type { FastifyReply } from 'fastify';
import { KreverSystemrolle, Offentlig } from '../auth/tilgang.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { type GjenoppbyggingDto, ProjeksjonerDto, type ProjeksjonsstatusDto, RebuildAcceptedDto } from './projections.dto.js';
import { ReadModelProblemFilter } from './read-models.http.js';

/** The projections' state and lag, as `GET /drift/projeksjoner` and `/health` show them. */
export async function projeksjonsstatus(service: ProjectionsService): Promise<ProjeksjonerDto> {
  const statuses = await service.status();
  const jobs = new Map(service.rebuildJobs().map((j) => [j.projection, j]));
  const projections = statuses.map((s) => tilStatusDto(s, jobs.get(s.name)));
  return {
    enabled: service.enabled,
    runner: service.state,
    startError: service.lastStartError,
    caughtUp: projections.every((p) => p.caughtUp),
    projections,
  };
}

function tilStatusDto(s: ProjectionStatus, job: RebuildJob | undefined): ProjeksjonsstatusDto {
  let rebuild: GjenoppbyggingDto | null = job ? tilJobbDto(job) : null;
  if (s.rebuild && !job) {
    // A rebuild the runner began at start because the projection's version changed.
    rebuild = { projection: s.name, state: 'running', startedAt: null, finishedAt: null, processed: s.rebuild.processed, total: s.rebuild.total, error: null };
  }
  return {
    name: s.name,
    version: s.version,
    storedVersion: s.storedVersion,
    state: s.state,
    checkpoint: formatPosition(s.checkpoint),
    head: formatPosition(s.head),
    caughtUp: s.caughtUp,
    eventsBehind: s.eventsBehind,
    eventsBehindCapped: s.eventsBehindCapped,
    checkpointUpdatedAt: s.checkpointUpdatedAt?.toISOString() ?? null,
    lastError: s.lastError
      ? {
          message: s.lastError.message,
          at: s.lastError.at.toISOString(),
          attempts: s.lastError.attempts,
          ...(s.lastError.eventId ? { eventId: s.lastError.eventId } : {}),
          ...(s.lastError.eventType ? { eventType: s.lastError.eventType } : {}),
          ...(s.lastError.streamName ? { streamName: s.lastError.streamName } : {}),
          ...(s.lastError.position ? { position: s.lastError.position } : {}),
          ...(s.lastError.nextRetryAt ? { nextRetryAt: s.lastError.nextRetryAt.toISOString() } : {}),
          ...(s.lastError.recoveredAt ? { recoveredAt: s.lastError.recoveredAt.toISOString() } : {}),
        }
      : null,
    rebuild,
    lease: { kind: s.lease.kind, held: s.lease.held, holder: s.lease.holder },
  };
}

function tilJobbDto(j: RebuildJob): GjenoppbyggingDto {
  return {
    projection: j.projection,
    state: j.state,
    startedAt: j.startedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    processed: j.processed,
    total: j.total,
    error: j.error,
  };
}

/** A projection is failing when it is retrying after an error (or the runner could not start). */
export function feilendeProjeksjoner(status: ProjeksjonerDto): string[] {
  const failing = status.projections.filter((p) => p.state === 'retrying').map((p) => p.name);
  if (status.runner === 'failed') failing.push('(runner)');
  return failing;
}

/** Operator endpoints for the projections, and Prometheus metrics. */
@ApiTags('drift')
@Controller()
@UseFilters(ReadModelProblemFilter)
export class DriftController {
  constructor(@Inject(ProjectionsService) private readonly projections: ProjectionsService) {}

  @Get('drift/projeksjoner')
  @KreverSystemrolle('drift')
  @ApiOperation({
    summary: 'Projections: version, checkpoint, lag (events behind the head), state, last error and rebuild progress',
  })
  @ApiOkResponse({ type: ProjeksjonerDto })
  @ApiProblems({ status: 503, description: 'The store is unavailable.' })
  status(): Promise<ProjeksjonerDto> {
    return projeksjonsstatus(this.projections);
  }

  @Post('drift/projeksjoner/:name/rebuild')
  @KreverSystemrolle('drift')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection from zero, in the background',
    description:
      'Answers 202 at once; the read model is emptied and replayed from the first event while the service keeps running ' +
      '(queries see it fill up; with `minPosition` they wait until it has passed their position). Follow the progress at `GET /drift/projeksjoner`.',
  })
  @ApiParam({ name: 'name', example: 'saksforloep' })
  @ApiAcceptedResponse({ type: RebuildAcceptedDto, description: 'Started. `Location` points to the status.' })
  @ApiProblems(
    { status: 400, description: 'Malformed projection name.' },
    { status: 404, description: 'No projection of that name.' },
    { status: 409, description: 'That projection is already being rebuilt.' },
    { status: 503, description: 'The service is shutting down.' },
  )
  rebuild(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): RebuildAcceptedDto {
    if (!/^[a-z][a-z0-9_]{0,99}$/.test(name)) throw new RequestValidationError([{ field: 'name', reason: 'name must be a projection name (lower-case letters, digits, _)' }]);
    const job = this.projections.startRebuild(name);
    void reply.header('Location', '/drift/projeksjoner');
    return { rebuild: tilJobbDto(job), status: '/drift/projeksjoner' };
  }

  @Get('metrics')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format): projection lag, checkpoints, failures, rebuild progress', description: 'No token needed, like `/health`, so that a scraper can read it: keep it on the operators’ network.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblems({ status: 503, description: 'The store is unavailable.' })
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const statuses = await this.projections.status();
    void reply.type('text/plain; version=0.0.4; charset=utf-8');
    return prometheus(statuses, this.projections.enabled);
  }
}

/** The Prometheus text exposition of the projections' state. */
export function prometheus(statuses: readonly ProjectionStatus[], enabled: boolean): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, values: readonly (readonly [Record<string, string>, number | bigint])[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of values) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${value.toString()}`);
    }
  };
  const per = (f: (s: ProjectionStatus) => number | bigint) => statuses.map((s) => [{ projection: s.name }, f(s)] as const);
  const now = Date.now();
  metric('saksgang_projections_enabled', 'Whether this process runs the projections (SAKSGANG_PROJECTIONS).', [[{}, enabled ? 1 : 0]]);
  if (statuses[0]) {
    metric('saksgang_store_head_commit', "Commit position of the store's newest event.", [[{}, statuses[0].head.commit]]);
  }
  metric('saksgang_projection_lag_events', "Events between the projection's checkpoint and the store's head (a lower bound when capped).", per((s) => s.eventsBehind));
  metric('saksgang_projection_lag_capped', '1 when the lag count was capped (the projection is further behind).', per((s) => (s.eventsBehindCapped ? 1 : 0)));
  metric('saksgang_projection_caught_up', '1 when the projection has applied every event in the store.', per((s) => (s.caughtUp ? 1 : 0)));
  metric('saksgang_projection_checkpoint_commit', 'Commit position of the last event the projection applied (-1: none).', per((s) => s.checkpoint.commit));
  metric('saksgang_projection_checkpoint_prepare', 'Prepare position of the last event the projection applied (-1: none).', per((s) => s.checkpoint.prepare));
  metric(
    'saksgang_projection_checkpoint_age_seconds',
    'Seconds since the checkpoint last moved (-1: never).',
    per((s) => (s.checkpointUpdatedAt ? Math.max(0, Math.round((now - s.checkpointUpdatedAt.getTime()) / 1000)) : -1)),
  );
  metric('saksgang_projection_running', '1 when the projection runs (also while rebuilding or retrying).', per((s) => (s.state === 'stopped' ? 0 : 1)));
  metric('saksgang_projection_failing', '1 when the projection is retrying after an error.', per((s) => (s.state === 'retrying' ? 1 : 0)));
  metric('saksgang_projection_error_attempts', 'Failures in a row of the last error (0: none or recovered).', per((s) => (s.lastError && !s.lastError.recoveredAt ? s.lastError.attempts : 0)));
  metric('saksgang_projection_rebuilding', '1 while the projection is being rebuilt.', per((s) => (s.rebuild ? 1 : 0)));
  metric('saksgang_projection_rebuild_processed_events', 'Events replayed by the running rebuild.', per((s) => s.rebuild?.processed ?? 0));
  metric('saksgang_projection_rebuild_total_events', 'Events the running rebuild replays.', per((s) => s.rebuild?.total ?? 0));
  metric('saksgang_projection_version', "The projection's code version.", per((s) => s.version));
  return `${lines.join('\n')}\n`;
}
