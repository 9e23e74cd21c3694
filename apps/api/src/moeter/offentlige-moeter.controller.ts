/**
 * Innsyn in meetings (issue #17: «the public, without signing in: search and read public saker and
 * meetings»): the meetings whose innkalling is sent, their innkalling, and the protokoll once approved —
 * the public versions, where what is exempt in a sak is left out (with its legal basis).
 */
import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { MoeteService } from '@saksgang/application';
import { MOETESTATUSBESKRIVELSE, type Moetestatus, ORGAN_ID_MOENSTER } from '@saksgang/domain';
import { hentOffentligeMoeter, hentOrganer } from '@saksgang/projections';
import { IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { moetedokumentHtml, moetedokumentPdf } from './moetedokument.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { MoeteIKalenderDto, MoetekalenderQueryDto } from '../projections/projections.dto.js';
import { Lesemodeller, ReadModelProblemFilter, TRENGER } from '../projections/read-models.http.js';

const moeteIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'moeteId', reason: 'moeteId må være en UUID' }]) });

class OffentligMoeteDto extends MoeteIKalenderDto {
  @ApiProperty({ example: '/offentlig/moeter/0b7c…/innkalling.html', description: 'The public innkalling (HTML; `.pdf` beside it).' }) innkalling!: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The public protokoll once approved (HTML; `.pdf` beside it), else null.' }) protokoll!: string | null;
}

export class OffentligeMoeterDto {
  @ApiProperty({ type: Number, nullable: true, example: 2019 }) aar!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'psu-hnt' }) organId!: string | null;
  @ApiProperty({ example: 3 }) antall!: number;
  @ApiProperty({ type: [OffentligMoeteDto], description: 'Newest first; a joint meeting once.' }) moeter!: OffentligMoeteDto[];
}

/** As a body's møtekalender (`aar`), and optionally one body. */
export class OffentligeMoeterQueryDto extends MoetekalenderQueryDto {
  @ApiPropertyOptional({ example: 'psu-hnt', description: 'The meetings one body holds (also joint ones); without: every body.' })
  @IsOptional()
  @Matches(ORGAN_ID_MOENSTER, { message: 'organId: små bokstaver, sifre og . _ - (høyst 100)' })
  organId?: string;
}

const DOKUMENTPROBLEMER = [
  { status: 400, description: 'Møte-id-en er ikke en UUID.' },
  { status: 404, description: 'Ikke noe offentlig møte med denne id-en (innkallingen er ikke sendt), eller protokollen er ikke godkjent ennå.' },
];

@ApiTags('offentlig')
@Controller('offentlig/moeter')
@UseFilters(ReadModelProblemFilter)
export class OffentligeMoeterController {
  constructor(
    @Inject(MoeteService) private readonly moeter: MoeteService,
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
  ) {}

  @Get()
  @Offentlig()
  @ApiOperation({ summary: 'Innsyn: the meetings whose innkalling is sent (every body, or one), with their public innkalling and approved protokoll', operationId: 'HentOffentligeMoeter', security: [] })
  @ApiOkResponse({ type: OffentligeMoeterDto })
  @ApiProblems({ status: 400, description: 'A malformed `aar` or `organId`.' }, { status: 503, description: 'The read models are unavailable.' })
  async liste(@Query() q: OffentligeMoeterQueryDto): Promise<OffentligeMoeterDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.moeter);
    const navn = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
    const moeter = (await hentOffentligeMoeter(sql, { ...(q.aar !== undefined ? { aar: q.aar } : {}), ...(q.organId !== undefined ? { organId: q.organId } : {}) })).map((m) => ({
      ...m,
      organIder: [...m.organIder],
      organnavn: m.organIder.map((o) => navn.get(o) ?? o),
      fellesmoete: m.organIder.length > 1,
      statusTekst: MOETESTATUSBESKRIVELSE[m.status as Moetestatus] ?? m.status,
      innkalling: `/offentlig/moeter/${m.moeteId}/innkalling.html`,
      protokoll: m.status === 'protokoll_godkjent' ? `/offentlig/moeter/${m.moeteId}/protokoll.html` : null,
    }));
    return { aar: q.aar ?? null, organId: q.organId ?? null, antall: moeter.length, moeter };
  }

  @Get(':moeteId/innkalling.html')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Innsyn: the innkalling as printable HTML, the public version (exempt parts of a sak left out, with the legal basis)', operationId: 'HentOffentligInnkallingHtml', security: [] })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A self-contained HTML page (bokmål, print style, no script).', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...DOKUMENTPROBLEMER)
  async innkallingHtml(@Param('moeteId', moeteIdPipe) moeteId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return moetedokumentHtml('innkalling', await this.moeter.hentOffentlig(moeteId, 'innkalling'), reply);
  }

  @Get(':moeteId/innkalling.pdf')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Innsyn: the innkalling as PDF (as innkalling.html)', operationId: 'HentOffentligInnkallingPdf', security: [] })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The innkalling (A4).', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(...DOKUMENTPROBLEMER)
  async innkallingPdf(@Param('moeteId', moeteIdPipe) moeteId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return moetedokumentPdf('innkalling', await this.moeter.hentOffentlig(moeteId, 'innkalling'), this.moeter.naa(), reply);
  }

  @Get(':moeteId/protokoll.html')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Innsyn: the approved protokoll as printable HTML, the public version', operationId: 'HentOffentligProtokollHtml', security: [] })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A self-contained HTML page (bokmål, print style, no script).', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...DOKUMENTPROBLEMER)
  async protokollHtml(@Param('moeteId', moeteIdPipe) moeteId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return moetedokumentHtml('protokoll', await this.moeter.hentOffentlig(moeteId, 'protokoll'), reply);
  }

  @Get(':moeteId/protokoll.pdf')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Innsyn: the approved protokoll as PDF (as protokoll.html)', operationId: 'HentOffentligProtokollPdf', security: [] })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The protokoll (A4).', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(...DOKUMENTPROBLEMER)
  async protokollPdf(@Param('moeteId', moeteIdPipe) moeteId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return moetedokumentPdf('protokoll', await this.moeter.hentOffentlig(moeteId, 'protokoll'), this.moeter.naa(), reply);
  }
}
