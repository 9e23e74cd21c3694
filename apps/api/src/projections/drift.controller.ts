import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ProjectionsService, type RebuildJob, SAKSGANG_CONFIG, type SaksgangConfig } from '@saksgang/application';
import { formatPosition } from '@saksgang/event-store';
import type { ProjectionStatus } from '@saksgang/projections';
import type { FastifyReply } from 'fastify';
import { KreverSystemrolle, Offentlig } from '../auth/tilgang.js';
import { EdgeProblemError } from '../http/edge-problem.error.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { Metrics } from '../metrics/metrics.js';
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

/** Operator endpoints for the projections, and Prometheus metrics (apps/api/src/metrics/metrics.ts). */
@ApiTags('drift')
@Controller()
@UseFilters(ReadModelProblemFilter)
export class DriftController {
  constructor(
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
    @Inject(Metrics) private readonly metricsRegistry: Metrics,
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
  ) {}

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
  @ApiOperation({
    summary: 'Prometheus metrics (prom-client): process, HTTP request and command durations, projection lag, checkpoints, failures, rebuild progress',
    description:
      'No token needed, like `/health`, so that a scraper can read it — served here only with SAKSGANG_METRICS=public (the default on the embedded store), else 404: ' +
      'then scrape SAKSGANG_METRICS_PORT, a port of its own on the operators’ network.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblems({ status: 404, description: 'Not served on this port (SAKSGANG_METRICS=off).' }, { status: 503, description: 'The store is unavailable.' })
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if ((this.config.metrics ?? 'public') !== 'public') {
      throw new EdgeProblemError(404, 'not_found', 'Finnes ikke', 'Målingene (metrics) vises ikke på denne porten.');
    }
    const text = await this.metricsRegistry.scrape();
    void reply.type(this.metricsRegistry.contentType);
    return text;
  }
}
