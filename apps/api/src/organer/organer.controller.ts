import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type CommandResult, deterministicEventId, HentOrgan, type OrganView, UtfoerOrgansteg } from '@saksgang/application';
import { erAktivPaaDato, erIsoDato, medlemmerPaaDato, navnPaaDato, type Oppnevning, type Organ, type OrganCommand } from '@saksgang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DriftUtenMedlemskap } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { hendelsestyper, kommandosvar } from '../http/kommandosvar.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import {
  AvsluttMedlemsperiodeDto,
  EndreMandatDto,
  LeggNedOrganDto,
  MedlemmerPaaDatoDto,
  OmdoepOrganDto,
  OppnevnMedlemDto,
  OpprettOrganDto,
  ORGAN_ID_PATTERN,
  MedlemOppnevntResponseDto,
  OrganCommandResponseDto,
  OrganDto,
} from './organer.dto.js';

const COMMAND_PROBLEMS = commandProblems({
  badRequest: 'Invalid body, path or header: every invalid field is named.',
  notFound: 'No such body.',
  conflict: 'The body changed since `If-Match`; the current revision is in `ETag`.',
  refused: 'The step is refused, with the reason.',
});

function organIdParam(id: string): string {
  if (!ORGAN_ID_PATTERN.test(id)) throw new RequestValidationError([{ field: 'organId', reason: 'organId must be lower-case letters, digits, . _ - (at most 100)' }]);
  return id;
}

/** The organisation as event-sourced data: bodies, their names, mandates and members over time. */
@ApiTags('organisasjon')
@Controller('organer')
@DriftUtenMedlemskap()
export class OrganerController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  private async run(organId: string, command: OrganCommand, req: FastifyRequest, reply: FastifyReply, create = false): Promise<OrganCommandResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const result: CommandResult = await this.commands.execute(
      new UtfoerOrgansteg({ aggregateId: organId, command, ...konvoluttFra(h, aktoer, { oppretter: create }) }),
    );
    return { organId, ...kommandosvar(result, reply, create ? { location: `/organer/${organId}` } : {}), hendelser: hendelsestyper(result) };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Establish a body (OpprettOrgan)' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: OrganCommandResponseDto })
  @ApiProblems(
    ...COMMAND_PROBLEMS.filter((p) => p.status !== 404 && p.status !== 409),
    { status: 409, description: 'A body with this id exists already (`organ_finnes_allerede`).' },
  )
  opprett(@Body() dto: OpprettOrganDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(dto.organId, { type: 'OpprettOrgan', data: { ...dto } }, req, reply, true);
  }

  @Post(':organId/navn')
  @HttpCode(201)
  @ApiOperation({ summary: 'Rename a body (OmdoepOrgan); the old name stays in the history' })
  @ApiParam({ name: 'organId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: OrganCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  omdoep(@Param('organId') id: string, @Body() dto: OmdoepOrganDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const organId = organIdParam(id);
    return this.run(organId, { type: 'OmdoepOrgan', data: { organId, ...dto } }, req, reply);
  }

  @Post(':organId/mandat')
  @HttpCode(201)
  @ApiOperation({ summary: 'Change the mandate of a body (EndreMandat)' })
  @ApiParam({ name: 'organId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: OrganCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  endreMandat(@Param('organId') id: string, @Body() dto: EndreMandatDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const organId = organIdParam(id);
    return this.run(organId, { type: 'EndreMandat', data: { organId, ...dto } }, req, reply);
  }

  @Post(':organId/nedleggelse')
  @HttpCode(201)
  @ApiOperation({ summary: 'Dissolve a body (LeggNedOrgan)' })
  @ApiParam({ name: 'organId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: OrganCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  leggNed(@Param('organId') id: string, @Body() dto: LeggNedOrganDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const organId = organIdParam(id);
    return this.run(organId, { type: 'LeggNedOrgan', data: { organId, ...dto } }, req, reply);
  }

  @Post(':organId/medlemmer')
  @HttpCode(201)
  @ApiOperation({ summary: 'Appoint a member for a period, in a role (OppnevnMedlem)' })
  @ApiParam({ name: 'organId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: MedlemOppnevntResponseDto, description: 'Recorded; `periodeId` names the new member period (for ending it).' })
  @ApiProblems(...COMMAND_PROBLEMS)
  async oppnevn(@Param('organId') id: string, @Body() dto: OppnevnMedlemDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const organId = organIdParam(id);
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const periodeId = h.idempotent ? deterministicEventId(h.commandId, -1) : crypto.randomUUID();
    // Who appointed the member, as plain JSON (the domain checks which of its forms it is).
    const oppnevntAv = dto.oppnevntAv ? (Object.fromEntries(Object.entries(dto.oppnevntAv).filter(([, v]) => v !== undefined)) as unknown as Oppnevning) : undefined;
    return { ...(await this.run(organId, { type: 'OppnevnMedlem', data: { organId, periodeId, ...dto, oppnevntAv } }, req, reply)), periodeId };
  }

  @Post(':organId/medlemmer/:periodeId/avslutning')
  @HttpCode(201)
  @ApiOperation({ summary: 'End a member period (AvsluttMedlemsperiode)' })
  @ApiParam({ name: 'organId' })
  @ApiParam({ name: 'periodeId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: OrganCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  avslutt(
    @Param('organId') id: string,
    @Param('periodeId') periodeId: string,
    @Body() dto: AvsluttMedlemsperiodeDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const organId = organIdParam(id);
    return this.run(organId, { type: 'AvsluttMedlemsperiode', data: { organId, periodeId, ...dto } }, req, reply);
  }

  @Get(':organId')
  @ApiOperation({ summary: 'Read a body with its whole history' })
  @ApiParam({ name: 'organId' })
  @ApiOkResponse({ type: OrganDto })
  @ApiProblems({ status: 400, description: 'Malformed organ id.' }, { status: 404, description: 'No such body.' }, { status: 503, description: 'The event store is unavailable.' })
  async hent(@Param('organId') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrganView> {
    const view = await this.queries.execute(new HentOrgan(organIdParam(id)));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }

  @Get(':organId/medlemmer')
  @ApiOperation({ summary: 'Who sat in this body on a date, in which role' })
  @ApiParam({ name: 'organId' })
  @ApiQuery({ name: 'dato', required: true, example: '2019-02-15' })
  @ApiOkResponse({ type: MedlemmerPaaDatoDto })
  @ApiProblems({ status: 400, description: 'Malformed organ id or date.' }, { status: 404, description: 'No such body.' }, { status: 503, description: 'The event store is unavailable.' })
  async medlemmer(@Param('organId') id: string, @Query('dato') dato: string | undefined): Promise<MedlemmerPaaDatoDto> {
    if (!erIsoDato(dato)) throw new RequestValidationError([{ field: 'dato', reason: 'dato must be a date YYYY-MM-DD' }]);
    const view = await this.queries.execute(new HentOrgan(organIdParam(id)));
    const organ = view.state as unknown as Organ;
    return {
      organId: organ.organId,
      dato,
      navn: navnPaaDato(organ, dato) ?? organ.navn,
      aktiv: erAktivPaaDato(organ, dato),
      medlemmer: medlemmerPaaDato(organ, dato).map((m) => ({
        periodeId: m.periodeId,
        personId: m.personId,
        navn: m.navn,
        rolle: m.rolle,
        ...(m.representerer ? { representerer: m.representerer } : {}),
        fra: m.fra,
        ...(m.til ? { til: m.til } : {}),
      })),
    };
  }
}
