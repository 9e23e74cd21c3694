import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@saksgang/application';
import type { EventStore } from '@saksgang/event-store';
import type { FastifyReply } from 'fastify';

class StoreHealthDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ example: 'pglite' }) backend!: string;
  @ApiProperty({ required: false }) detail?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: StoreHealthDto }) store!: StoreHealthDto;
}

@ApiTags('drift')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOperation({ summary: 'Health: checks that the event store answers' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The store does not answer.' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const store = await this.store.health().catch((e: unknown) => ({ ok: false, backend: this.store.backend, detail: String((e as Error)?.message ?? e) }));
    if (!store.ok) void reply.status(503).header('Retry-After', '5');
    return { status: store.ok ? 'ok' : 'unavailable', store };
  }
}
