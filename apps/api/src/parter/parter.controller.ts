/**
 * Outside parties (korrespondansepart) over HTTP: the register (registered, renamed, ended — by the
 * sekretariat, or the operator setting up), the list on a date, and for a sak's hearings who has
 * answered and who has not, and the missing answers after the frist (restanser).
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type CommandResult, CommandPath, InnsynILesemodeller } from '@saksgang/application';
import { type KorrespondansepartCommand, korrespondansepartDecider, PART_ID_MOENSTER } from '@saksgang/domain';
import { hentHoeringsoversikt, hentManglendeHoeringssvar, hentParter } from '@saksgang/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DriftUtenMedlemskap, ForOrganetsMedlemmer } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { hendelsestyper, kommandosvar } from '../http/kommandosvar.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { LesemodellQueryDto, OrganlisteQueryDto, RestanserQueryDto } from '../projections/projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, ReadModelProblemFilter, sakIdPipe } from '../projections/read-models.http.js';
import { AvsluttPartDto, HoeringerDto, ManglendeHoeringssvarListeDto, OmdoepPartDto, PartCommandResponseDto, ParterDto, RegistrerPartDto } from './parter.dto.js';

const COMMAND_PROBLEMS = commandProblems({
  badRequest: 'Invalid body, path or header: every invalid field is named.',
  notFound: 'No such party.',
  conflict: 'The party changed since `If-Match`; the current revision is in `ETag`.',
  refused: 'The step is refused, with the reason.',
});
const TRENGER = ['parter'] as const;

function partIdParam(id: string): string {
  if (!PART_ID_MOENSTER.test(id)) throw new RequestValidationError([{ field: 'partId', reason: 'partId must be lower-case letters, digits, . _ - (at most 100)' }]);
  return id;
}

/** The register of outside parties. */
@ApiTags('parter')
@Controller('parter')
@UseFilters(ReadModelProblemFilter)
export class ParterController {
  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
  ) {}

  private async run(partId: string, command: KorrespondansepartCommand, req: FastifyRequest, reply: FastifyReply, create = false): Promise<PartCommandResponseDto> {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const result: CommandResult = await this.path.execute(korrespondansepartDecider, { aggregateId: partId, command, ...konvoluttFra(h, aktoer, { oppretter: create }) });
    return { partId, ...kommandosvar(result, reply), hendelser: hendelsestyper(result) };
  }

  @Post()
  @HttpCode(201)
  @DriftUtenMedlemskap()
  @ApiOperation({ summary: 'Register an outside party (RegistrerKorrespondansepart): a municipality, the hospital trust, a ministry, Statsforvalteren, a user organisation …' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: PartCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS.filter((p) => p.status !== 404 && p.status !== 409), { status: 409, description: 'A party with this id is registered already (`part_finnes_allerede`).' })
  registrer(@Body() dto: RegistrerPartDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(dto.partId, { type: 'RegistrerKorrespondansepart', data: { ...dto } }, req, reply, true);
  }

  @Post(':partId/navn')
  @HttpCode(201)
  @DriftUtenMedlemskap()
  @ApiOperation({ summary: 'Rename an outside party from a date (OmdoepKorrespondansepart); the old name stays in the history' })
  @ApiParam({ name: 'partId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: PartCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  omdoep(@Param('partId') id: string, @Body() dto: OmdoepPartDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const partId = partIdParam(id);
    return this.run(partId, { type: 'OmdoepKorrespondansepart', data: { partId, ...dto } }, req, reply);
  }

  @Post(':partId/avslutning')
  @HttpCode(201)
  @DriftUtenMedlemskap()
  @ApiOperation({ summary: 'End an outside party from a date (AvsluttKorrespondansepart), e.g. a municipality merged into another' })
  @ApiParam({ name: 'partId' })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ type: PartCommandResponseDto })
  @ApiProblems(...COMMAND_PROBLEMS)
  avslutt(@Param('partId') id: string, @Body() dto: AvsluttPartDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const partId = partIdParam(id);
    return this.run(partId, { type: 'AvsluttKorrespondansepart', data: { partId, ...dto } }, req, reply);
  }

  @Get()
  @ApiOperation({ summary: 'The outside parties, with their names on a date (today without `dato`) and whether each existed then' })
  @ApiOkResponse({ type: ParterDto })
  @ApiLesemodellProblems()
  async liste(@Query() q: OrganlisteQueryDto): Promise<ParterDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const dato = q.dato ?? this.lesemodeller.idag(undefined);
    return { dato, parter: (await hentParter(sql, dato)).map((p) => ({ ...p, navnehistorikk: [...p.navnehistorikk] })) };
  }

  @Get('hoeringssvar/restanser')
  @ForOrganetsMedlemmer({ query: 'organId', hva: 'De manglende høringssvarene' })
  @ApiOperation({ summary: 'Missing answers to hearings after their frist (restanser), for the body that sent them (or all)' })
  @ApiOkResponse({ type: ManglendeHoeringssvarListeDto })
  @ApiLesemodellProblems()
  async restanser(@Query() q: RestanserQueryDto): Promise<ManglendeHoeringssvarListeDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const idag = this.lesemodeller.idag(q.idag);
    return { idag, restanser: await hentManglendeHoeringssvar(sql, idag, q.organId) };
  }
}

/** A sak's hearings: who has answered and who has not. */
@ApiTags('parter')
@Controller('saker')
@UseFilters(ReadModelProblemFilter)
export class SakHoeringerController {
  constructor(
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(InnsynILesemodeller) private readonly innsyn: InnsynILesemodeller,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Get(':sakId/hoeringer')
  @ApiOperation({
    summary: 'The hearings of a sak sent to registered parties: who has answered (with the document) and who has not',
    description: 'A hearing whose recipients are exempt from public access (skjermet) is left out for a reader who may not read the sak in full.',
  })
  @ApiParam({ name: 'sakId', format: 'uuid' })
  @ApiOkResponse({ type: HoeringerDto })
  @ApiLesemodellProblems()
  async hoeringer(@Param('sakId', sakIdPipe) sakId: string, @Query() q: LesemodellQueryDto, @Req() req: FastifyRequest): Promise<HoeringerDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const idag = this.lesemodeller.idag(undefined);
    const vurdert = (await this.innsyn.vurder(this.actors.leser(req), [sakId])).get(sakId);
    // Exempt recipients stay exempt here: the hearings whose recipients a reader may not see are left out.
    const skjult = new Set<string>();
    if (vurdert && !vurdert.full) {
      for (const s of vurdert.sak.skjerminger ?? []) {
        const h = vurdert.sak.hendelser[s.hendelsesnummer];
        if (h && (h.type === 'SendtPaaHoering' || h.type === 'HoeringssvarRegistrert') && s.felt.some((f) => ['hoeringsinstanser', 'mottakere', 'partnavn', 'partId'].includes(f))) skjult.add(String(h.data['hoeringId']));
      }
    }
    const hoeringer = (await hentHoeringsoversikt(sql, sakId))
      .filter((h) => !skjult.has(h.hoeringId))
      .map(({ hoeringsutkast: _utkast, sakId: _s, ...h }) => ({ ...h, svart: [...h.svart], ikkeSvart: [...h.ikkeSvart], harRestanser: h.ikkeSvart.length > 0 && h.hoeringsfrist < idag }));
    return { sakId, hoeringer };
  }
}
