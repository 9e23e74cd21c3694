import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, ProjectionsService } from '@saksgang/application';
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

@ApiTags('drift')
@Controller('health')
@Offentlig()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
  ) {}

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
