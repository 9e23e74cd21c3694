import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, ProjectionsService, SAKSGANG_CONFIG, type SaksgangConfig } from '@saksgang/application';
import type { EventStore } from '@saksgang/event-store';
import type { FastifyReply } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { feilendeProjeksjoner, projeksjonsstatus } from '../projections/drift.controller.js';

class StoreHealthDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ example: 'pglite' }) backend!: string;
  @ApiProperty({ required: false }) detail?: string;
}

class ProjectionHealthDto {
  @ApiProperty({ example: 'saksforloep' }) name!: string;
  @ApiProperty({ enum: ['stopped', 'running', 'retrying', 'rebuilding'] }) state!: string;
  @ApiProperty({ description: 'Has applied every event in the store.' }) caughtUp!: boolean;
  @ApiProperty({ description: 'Events behind the head (a lower bound when very far behind).' }) eventsBehind!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last error, unless it has recovered since.' }) lastError!: string | null;
  @ApiProperty({ description: 'This instance holds the projection’s lease, so runs it (exactly one instance on a shared database does).' }) leaseHeld!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The instance holding the lease, where visible.' }) leaseHolder!: string | null;
}

class ProjectionsHealthDto {
  @ApiProperty({ description: 'Whether this process runs the projections (SAKSGANG_PROJECTIONS).' }) enabled!: boolean;
  @ApiProperty({ enum: ['disabled', 'starting', 'started', 'failed', 'stopped'] }) runner!: string;
  @ApiProperty({ description: 'Every projection has applied every event.' }) caughtUp!: boolean;
  @ApiProperty({ type: [String], description: 'Projections retrying after an error (they make the status `degraded`).' }) failing!: string[];
  @ApiProperty({ type: [ProjectionHealthDto] }) projections!: ProjectionHealthDto[];
}

export class HealthDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'unavailable'],
    description: '`degraded` (still 200): a projection is failing and its read model falls behind. Lagging alone is `ok`.',
  })
  status!: 'ok' | 'degraded' | 'unavailable';
  @ApiProperty({ type: StoreHealthDto }) store!: StoreHealthDto;
  @ApiProperty({ type: ProjectionsHealthDto, required: false, description: 'Absent when the store does not answer.' }) projections?: ProjectionsHealthDto;
}


/** @nestjs/terminus's answer: `ok` with what was checked, or (503) `error` naming what failed. */
export class TerminusHealthDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: '`shutting_down` (503) while the process stops gracefully.' })
  status!: 'ok' | 'error' | 'shutting_down';
  // Each by the check's name: `{ status: 'up' | 'down', …what it found }`.
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The checks that passed.' }) info?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The checks that failed.' }) error?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every check, passed or failed.' }) details!: Record<string, unknown>;
}

/** Readiness: a projection further behind than this is not ready (SAKSGANG_READY_MAX_LAG). */
const STANDARD_MAX_LAG = 1000;

@ApiTags('drift')
@Controller('health')
@Offentlig()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
    @Inject(HealthCheckService) private readonly terminus: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness (@nestjs/terminus): the process answers',
    description: 'For an orchestrator’s liveness probe and the image’s HEALTHCHECK: nothing outside the process is asked, so a lost store or a lagging projection never restarts it. 503 `shutting_down` while it stops.',
  })
  @ApiOkResponse({ type: TerminusHealthDto })
  @ApiServiceUnavailableResponse({ type: TerminusHealthDto, description: 'Shutting down.' })
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, [async () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness (@nestjs/terminus): the store answers and every projection is within the configured lag',
    description: 'For a load balancer’s or orchestrator’s readiness probe: 503 while the event store does not answer or a projection is more than SAKSGANG_READY_MAX_LAG events behind the head (its read model would answer out of date), and while shutting down.',
  })
  @ApiOkResponse({ type: TerminusHealthDto })
  @ApiServiceUnavailableResponse({ type: TerminusHealthDto, description: 'Not ready: `error` names the failing check.' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, [() => this.storeReady(), () => this.projectionsReady()]);
  }

  private async storeReady(): Promise<HealthIndicatorResult> {
    const store = this.indicators.check('store');
    const h = await this.store.health().catch((e: unknown) => ({ ok: false, backend: this.store.backend, detail: String((e as Error)?.message ?? e) }));
    return h.ok ? store.up({ backend: h.backend }) : store.down({ backend: h.backend, message: h.detail ?? 'The event store does not answer.' });
  }

  private async projectionsReady(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projections');
    const maxLag = this.config.readyMaxLagEvents ?? STANDARD_MAX_LAG;
    let statuses;
    try {
      statuses = await this.projections.status();
    } catch (e) {
      return indicator.down({ maxLagEvents: maxLag, message: `The projections' state cannot be read: ${String((e as Error)?.message ?? e)}` });
    }
    const lag = Object.fromEntries(statuses.map((s) => [s.name, s.eventsBehind]));
    const behind = statuses.filter((s) => s.eventsBehind > maxLag || (s.eventsBehindCapped && s.eventsBehind >= maxLag)).map((s) => s.name);
    return behind.length === 0
      ? indicator.up({ maxLagEvents: maxLag, eventsBehind: lag })
      : indicator.down({ maxLagEvents: maxLag, eventsBehind: lag, behind, message: `Further behind than ${maxLag} events: ${behind.join(', ')}.` });
  }

  /** terminus's result; its 503 (something down, or shutting down) as the same body, with Retry-After. */
  private async answer(reply: FastifyReply, checks: Parameters<HealthCheckService['check']>[0]): Promise<HealthCheckResult> {
    try {
      return await this.terminus.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      void reply.status(503).header('Retry-After', '5');
      return e.getResponse() as HealthCheckResult;
    }
  }

  @Get()
  @ApiOperation({ summary: 'Health: checks that the event store answers, and the projections’ lag and failures' })
  @ApiOkResponse({ type: HealthDto, description: '`ok`, or `degraded` when a projection is failing.' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The store does not answer.' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const store = await this.store.health().catch((e: unknown) => ({ ok: false, backend: this.store.backend, detail: String((e as Error)?.message ?? e) }));
    if (!store.ok) {
      void reply.status(503).header('Retry-After', '5');
      return { status: 'unavailable', store };
    }
    const status = await projeksjonsstatus(this.projections);
    const failing = feilendeProjeksjoner(status);
    return {
      status: failing.length > 0 ? 'degraded' : 'ok',
      store,
      projections: {
        enabled: status.enabled,
        runner: status.runner,
        caughtUp: status.caughtUp,
        failing,
        projections: status.projections.map((p) => ({
          name: p.name,
          state: p.state,
          caughtUp: p.caughtUp,
          eventsBehind: p.eventsBehind,
          lastError: p.lastError && !p.lastError.recoveredAt ? p.lastError.message : null,
          leaseHeld: p.lease.held,
          leaseHolder: p.lease.holder,
        })),
      },
    };
  }
}
