import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags, ApiHeader } from '@nestjs/swagger';
import { type CommandResult, deterministicEventId, HentSak, UtfoerSakssteg, type SakView } from '@saksgang/application';
import { formatPosition } from '@saksgang/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { commandHeaders } from '../http/command-headers.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { ApiCommandHeaders, ApiProblems } from '../http/openapi.decorators.js';
import { BestillUtredningDto, CommandResponseDto, RegistrerSakDto, SakDto } from './saker.dto.js';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId must be a UUID' }]),
});

@ApiTags('saker')
@Controller('saker')
export class SakerController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a sak (RegistrerSak)' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: CommandResponseDto, description: 'Registered. `Location` points to the sak; `ETag` is its revision.' })
  @ApiProblems(
    { status: 400, description: 'Invalid body: every invalid or unknown field is named.' },
    { status: 401, description: 'No acting person.' },
    { status: 413, description: 'Body too large.' },
    { status: 422, description: 'The workflow refuses the step, with the reason.' },
    { status: 503, description: 'The event store is unavailable; retry after `Retry-After` seconds.' },
  )
  async registrer(@Body() dto: RegistrerSakDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    // With an Idempotency-Key the new sak's id is derived from it, so a retry finds the same sak.
    const sakId = h.idempotent ? deterministicEventId(h.commandId, -1) : crypto.randomUUID();
    const result = await this.commands.execute(
      new UtfoerSakssteg({
        aggregateId: sakId,
        command: {
          type: 'RegistrerSak',
          data: {
            sakId,
            tittel: dto.tittel,
            beskrivelse: dto.beskrivelse ?? '',
            innmeldtAv: dto.innmeldtAv,
            sakstype: dto.sakstype ?? 'beslutningssak',
            ...(dto.saksnummer ? { saksnummer: dto.saksnummer } : {}),
            ...(dto.gjelderFra ? { gjelderFra: dto.gjelderFra } : {}),
          },
        },
        commandId: h.commandId,
        correlationId: h.correlationId,
        causationId: h.commandId,
        aktoer,
      }),
    );
    void reply.header('Location', `/saker/${sakId}`);
    return respond(sakId, result, reply);
  }

  @Post(':sakId/bestillinger')
  @HttpCode(201)
  @ApiOperation({ summary: 'Order an investigation (BestillUtredning): PSU orders ASU to investigate, with mandate and deadline' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiProblems(
    { status: 400, description: 'Invalid body, sak id or header: every invalid field is named.' },
    { status: 401, description: 'No acting person.' },
    { status: 404, description: 'No such sak.' },
    { status: 409, description: 'The sak changed since the revision in `If-Match`; the current revision is in `ETag`.' },
    { status: 413, description: 'Body too large.' },
    { status: 422, description: 'The workflow refuses the step, with the reason and the steps allowed now.' },
    { status: 503, description: 'The event store is unavailable; retry after `Retry-After` seconds.' },
  )
  async bestill(
    @Param('sakId', uuidPipe) sakId: string,
    @Body() dto: BestillUtredningDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const result = await this.commands.execute(
      new UtfoerSakssteg({
        aggregateId: sakId,
        command: {
          type: 'BestillUtredning',
          data: {
            tilOrganId: dto.tilOrganId,
            mandat: dto.mandat,
            frist: dto.frist,
            ...(dto.gjelderFra ? { gjelderFra: dto.gjelderFra } : {}),
          },
        },
        commandId: h.commandId,
        correlationId: h.correlationId,
        causationId: h.commandId,
        aktoer,
        expectedRevision: h.expectedRevision,
      }),
    );
    return respond(sakId, result, reply);
  }

  @Get(':sakId')
  @ApiOperation({ summary: 'Read a sak: its state, the steps allowed now, and every event with both times' })
  @ApiHeader({ name: 'X-Dev-Person', required: false, description: 'Optional: with the actor headers, `tillatteSteg` is for that actor.' })
  @ApiOkResponse({ type: SakDto, description: '`ETag` is the revision, for `If-Match` on the next step.' })
  @ApiProblems({ status: 400, description: 'The sak id is not a UUID.' }, { status: 404, description: 'No such sak.' }, { status: 503, description: 'The event store is unavailable.' })
  async hent(@Param('sakId', uuidPipe) sakId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SakView> {
    const view = await this.queries.execute(new HentSak(sakId, this.actors.tryResolve(req)));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }
}

function respond(sakId: string, result: CommandResult, reply: FastifyReply): CommandResponseDto {
  if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
  return {
    sakId,
    revision: result.revision?.toString() ?? null,
    position: result.position ? formatPosition(result.position) : null,
    hendelser: result.events.map((e, i) => ({ eventId: result.eventIds[i]!, type: e.type })),
    replayed: result.replayed,
  };
}
