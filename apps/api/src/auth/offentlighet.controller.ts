import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandPath, deterministicEventId, offentligSak, type OffentligSak } from '@saksgang/application';
import { NotFoundError, sakDecider, type SkjermingCommand, skjermingDecider } from '@saksgang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { Offentlig } from './tilgang.js';
import { MarkerSkjermingDto, OffentligSakDto, OpphevSkjermingDto, SkjermingResponseDto } from './skjerming.dto.js';

const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId must be a UUID' }]) });
const SKJERMING_ID = /^[\p{L}\p{N}][\p{L}\p{N}._:@+-]{0,199}$/u;

/**
 * Public access (offentleglova): the sekretariat marks fields of a sak exempt (and lifts the
 * exemption), as events in the sak's stream; anyone may read a sak without a token and sees only
 * what is not exempt.
 */
@ApiTags('offentlighet')
@Controller()
export class OffentlighetController {
  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Post('saker/:sakId/skjerminger')
  @HttpCode(201)
  @ApiOperation({ summary: 'Mark fields of a sak exempt from public access, with the legal basis and a public title (MarkerSkjerming; the sekretariat)', operationId: 'MarkerSkjerming' })
  @ApiCreatedResponse({ type: SkjermingResponseDto })
  @ApiProblems(
    { status: 400, description: 'Invalid body (no fields, an unknown field, the title exempt without a public title).' },
    { status: 401, description: 'No valid token.' },
    { status: 403, description: 'Not the sekretariat, or not a member in that role on the date.' },
    { status: 404, description: 'No such sak or event.' },
  )
  marker(@Param('sakId', uuidPipe) sakId: string, @Body() dto: MarkerSkjermingDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SkjermingResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const skjermingId = h.idempotent ? deterministicEventId(h.commandId, -1) : randomUUID();
    return this.utfoer(sakId, skjermingId, { type: 'MarkerSkjerming', data: { skjermingId, ...dto } }, req, reply);
  }

  @Post('saker/:sakId/skjerminger/:skjermingId/oppheving')
  @HttpCode(201)
  @ApiOperation({ summary: 'Lift an exemption from public access (OpphevSkjerming; the sekretariat)', operationId: 'OpphevSkjerming' })
  @ApiCreatedResponse({ type: SkjermingResponseDto })
  @ApiProblems({ status: 401, description: 'No valid token.' }, { status: 403, description: 'Not the sekretariat.' }, { status: 404, description: 'No such sak or exemption.' })
  opphev(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('skjermingId') skjermingId: string,
    @Body() dto: OpphevSkjermingDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SkjermingResponseDto> {
    if (!SKJERMING_ID.test(skjermingId)) throw new RequestValidationError([{ field: 'skjermingId', reason: 'must be letters, digits, . _ : @ + -' }]);
    return this.utfoer(sakId, skjermingId, { type: 'OpphevSkjerming', data: { skjermingId, ...dto } }, req, reply);
  }

  private async utfoer(sakId: string, skjermingId: string, command: SkjermingCommand, req: FastifyRequest, reply: FastifyReply): Promise<SkjermingResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const result = await this.path.execute(skjermingDecider, {
      aggregateId: sakId,
      command,
      ...konvoluttFra(h, aktoer),
    });
    if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
    return { sakId, skjermingId, revision: result.revision?.toString() ?? null, replayed: result.replayed };
  }

  @Get('offentlig/saker/:sakId')
  @Offentlig()
  @ApiOperation({ summary: 'Read a sak as the public may (no token): the public title, never the exempt fields', operationId: 'HentOffentligSak', security: [] })
  @ApiOkResponse({ type: OffentligSakDto })
  @ApiProblems({ status: 400, description: 'The sak id is not a UUID.' }, { status: 404, description: 'No such sak.' })
  async offentlig(@Param('sakId', uuidPipe) sakId: string): Promise<OffentligSak> {
    const loaded = await this.path.load(sakDecider, sakId);
    if (loaded.state === null) throw new NotFoundError('sak_not_found', `Saken ${sakId} finnes ikke.`);
    return offentligSak(loaded.state);
  }
}
