/**
 * The avvik read models over HTTP (libs/projections/src/read-models/avvik.ts): a body's avvik and its
 * restanser (for that body's own members and auditors — the rows carry no free text, but which
 * avvik a party has is the parties' business), and the statistics per quarter and year, public since
 * they are figures only, also as an SVG chart.
 */
import { Controller, Get, Header, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { kanLeseAvvik } from '@saksgang/application';
import { ActorNotAllowedError, AVVIKSKATEGORIER, AVVIKSSTATUSBESKRIVELSE, erForfalt, kategorinavn } from '@saksgang/domain';
import { type AvvikRad, type Avviksgruppe, type Avviksstatistikk, hentAvvikForForbedringssak, hentAvvikForOrgan, hentAvviksrestanser, hentAvviksstatistikk, hentOrganer } from '@saksgang/projections';
import type { SqlClient } from '@saksgang/event-store';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { IdagQueryDto } from '../projections/projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, organIdParam, ReadModelProblemFilter, sakIdPipe } from '../projections/read-models.http.js';
import { avviksdiagramSvg } from './avviksdiagram.js';

const TRENGER = ['avvik', 'organer'] as const;

class AvvikIListeDto {
  @ApiProperty({ format: 'uuid' }) avvikId!: string;
  @ApiProperty({ example: 'orkland-hjemmetjenesten' }) melder!: string;
  @ApiProperty({ example: 'Hjemmetjenesten i Orkland kommune' }) meldernavn!: string;
  @ApiProperty({ example: 'st-olavs-hf' }) motpart!: string;
  @ApiProperty({ example: 'St. Olavs hospital HF' }) motpartnavn!: string;
  @ApiProperty() tildeltEnhet!: string;
  @ApiProperty() fagraad!: string;
  @ApiProperty({ example: 'Tjenesteavtale 5 – utskrivningsklare pasienter' }) tjenesteavtale!: string;
  @ApiProperty({ enum: AVVIKSKATEGORIER }) kategori!: string;
  @ApiProperty({ example: 'Psykisk helse og rus', description: 'Kategorien i ord.' }) kategorinavn!: string;
  @ApiProperty({ example: 'under_behandling' }) status!: string;
  @ApiProperty({ example: 'Under behandling' }) statusTekst!: string;
  @ApiProperty({ example: '2024-05-10' }) hendelsesdato!: string;
  @ApiProperty({ example: '2024-05-13' }) meldt!: string;
  @ApiProperty({ example: '2024-06-03' }) svarfrist!: string;
  @ApiProperty({ type: String, nullable: true }) besvart!: string | null;
  @ApiProperty({ type: String, nullable: true }) lukket!: string | null;
  @ApiProperty() loeftet!: boolean;
  @ApiProperty({ description: 'Ubesvart etter svarfristen (restanse).' }) forfalt!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 12, description: 'Dager over svarfristen på datoen (for et forfalt avvik); ellers null.' }) dagerForfalt!: number | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { sakId: { type: 'string' }, tittel: { type: 'string' }, rapportert: { type: 'string', nullable: true } } } })
  forbedringssaker!: { sakId: string; tittel: string; rapportert: string | null }[];
}

class AvvikListeDto {
  @ApiProperty() organId!: string;
  @ApiProperty({ example: '2024-06-03' }) idag!: string;
  @ApiProperty() antall!: number;
  @ApiProperty({ type: [AvvikIListeDto] }) avvik!: AvvikIListeDto[];
}

class ForbedringssakensAvvikDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ description: 'Alle avvik saken følger opp.' }) antall!: number;
  @ApiProperty({ description: 'Av dem, avvik som ikke lenger venter på forbedringssaken (den har rapportert til dem).' }) rapportert!: number;
  @ApiProperty({ type: [AvvikIListeDto], description: 'Avvikene leseren selv kan lese (partene, fagrådet, revisor); de andre telles bare.' }) avvik!: AvvikIListeDto[];
}

class AvviksgruppeDto {
  @ApiProperty({ description: 'Organ-id (melder, mottaker), kategori eller tjenesteavtale.' }) noekkel!: string;
  @ApiProperty({ description: 'Slik en person leser den: organets navn, kategorien i ord.' }) navn!: string;
  @ApiProperty() antall!: number;
  @ApiProperty() besvart!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median dager fra meldt til besvart.' }) medianSvartidDager!: number | null;
  @ApiProperty({ description: 'Ubesvart etter svarfristen på datoen.' }) forfalt!: number;
  @ApiProperty() besvartEtterFrist!: number;
  @ApiProperty() lukket!: number;
  @ApiProperty() loeftet!: number;
  @ApiProperty() medForbedringssak!: number;
}

class AvvikstallDto {
  @ApiProperty() antall!: number;
  @ApiProperty() besvart!: number;
  @ApiProperty({ type: Number, nullable: true }) medianSvartidDager!: number | null;
  @ApiProperty() forfalt!: number;
  @ApiProperty() besvartEtterFrist!: number;
  @ApiProperty() lukket!: number;
  @ApiProperty() loeftet!: number;
  @ApiProperty() medForbedringssak!: number;
}

class AvviksgrupperDto {
  @ApiProperty({ type: [AvviksgruppeDto] }) melder!: AvviksgruppeDto[];
  @ApiProperty({ type: [AvviksgruppeDto] }) mottaker!: AvviksgruppeDto[];
  @ApiProperty({ type: [AvviksgruppeDto] }) kategori!: AvviksgruppeDto[];
  @ApiProperty({ type: [AvviksgruppeDto] }) tjenesteavtale!: AvviksgruppeDto[];
}

class AvviksstatistikkDto {
  @ApiProperty({ example: 2024 }) aar!: number;
  @ApiProperty({ type: Number, nullable: true, example: 2 }) kvartal!: number | null;
  @ApiProperty({ example: '2024-04-01' }) fra!: string;
  @ApiProperty({ example: '2024-06-30' }) til!: string;
  @ApiProperty() idag!: string;
  @ApiProperty({ type: String, nullable: true }) fagraad!: string | null;
  @ApiProperty({ type: AvvikstallDto }) totalt!: AvvikstallDto;
  @ApiProperty({ type: AvviksgrupperDto }) etter!: AvviksgrupperDto;
}

class AvviksstatistikkQueryDto extends IdagQueryDto {
  @ApiProperty({ example: 2024, description: 'Året avvikene ble meldt.' })
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  aar!: number;

  @ApiPropertyOptional({ example: 2, description: 'Kvartalet (1–4); uten: hele året.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2, 3, 4], { message: 'kvartal must be 1, 2, 3 or 4' })
  kvartal?: number;

  @ApiPropertyOptional({ example: 'fagraad-kvalitet', description: 'Bare avvikene dette fagrådet følger opp.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'fagraad must be an organ id' })
  fagraad?: string;
}

async function navnene(sql: SqlClient): Promise<(id: string) => string> {
  const m = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
  return (id) => m.get(id) ?? id;
}

function medNavn(s: Avviksstatistikk, navn: (id: string) => string, fagraad: string | undefined) {
  const grupper = (d: 'melder' | 'mottaker' | 'kategori' | 'tjenesteavtale', f: (g: Avviksgruppe) => string) => s.etter[d].map((g) => ({ ...g, navn: f(g) }));
  return {
    ...s,
    fagraad: fagraad ?? null,
    etter: {
      melder: grupper('melder', (g) => navn(g.noekkel)),
      mottaker: grupper('mottaker', (g) => navn(g.noekkel)),
      kategori: grupper('kategori', (g) => kategorinavn(g.noekkel)),
      tjenesteavtale: grupper('tjenesteavtale', (g) => g.noekkel),
    },
  };
}

@ApiTags('avvik')
@Controller()
@UseFilters(ReadModelProblemFilter)
export class AvvikLesemodellerController {
  constructor(
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  private sjekkLeser(req: FastifyRequest, organId: string): void {
    const leser = this.actors.leser(req);
    const ok = leser && (leser.organId === organId || leser.systemroller.includes('revisor'));
    if (!ok) throw new ActorNotAllowedError('ikke_tilgang_til_avvikene', `Avvikene til et organ leses av organet selv (med X-Organ) og revisor. Tallene er offentlige: GET /offentlig/avvik/statistikk.`);
  }

  private async liste(sql: SqlClient, rader: AvvikRad[], organId: string, idag: string): Promise<AvvikListeDto> {
    const navn = await navnene(sql);
    const avvik = rader.map((r) => ({
      ...r,
      forbedringssaker: [...r.forbedringssaker],
      meldernavn: navn(r.melder),
      motpartnavn: navn(r.motpart),
      kategorinavn: kategorinavn(r.kategori),
      statusTekst: AVVIKSSTATUSBESKRIVELSE[r.status],
      forfalt: erForfalt(r, idag),
      dagerForfalt: erForfalt(r, idag) ? Math.round((Date.parse(`${idag}T00:00:00Z`) - Date.parse(`${r.svarfrist}T00:00:00Z`)) / 86_400_000) : null,
    }));
    return { organId, idag, antall: avvik.length, avvik };
  }

  @Get('avvik/organ/:organId')
  @ApiOperation({ summary: 'Avvikene til et organ: dem det meldte, mottok (eller fikk tildelt) og følger opp som fagråd; uten fritekst', operationId: 'HentAvvikForOrgan' })
  @ApiParam({ name: 'organId', required: true })
  @ApiOkResponse({ type: AvvikListeDto })
  @ApiLesemodellProblems({ status: 401, description: 'Ingen gyldig bearer-token.' }, { status: 403, description: 'Bare organet selv og revisor.' })
  async forOrgan(@Param('organId') id: string, @Query() q: IdagQueryDto, @Req() req: FastifyRequest): Promise<AvvikListeDto> {
    const organId = organIdParam(id);
    this.sjekkLeser(req, organId);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    return this.liste(sql, await hentAvvikForOrgan(sql, organId), organId, this.lesemodeller.idag(q.idag));
  }

  @Get('avvik/organ/:organId/restanser')
  @ApiOperation({ summary: 'Restanser: avvik organet har mottatt som ikke er besvart innen svarfristen', operationId: 'HentAvviksrestanser' })
  @ApiParam({ name: 'organId', required: true })
  @ApiOkResponse({ type: AvvikListeDto })
  @ApiLesemodellProblems({ status: 401, description: 'Ingen gyldig bearer-token.' }, { status: 403, description: 'Bare organet selv og revisor.' })
  async restanser(@Param('organId') id: string, @Query() q: IdagQueryDto, @Req() req: FastifyRequest): Promise<AvvikListeDto> {
    const organId = organIdParam(id);
    this.sjekkLeser(req, organId);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const idag = this.lesemodeller.idag(q.idag);
    return this.liste(sql, await hentAvviksrestanser(sql, organId, idag), organId, idag);
  }

  @Get('avvik/forbedringssaker/:sakId')
  @ApiOperation({ summary: 'Avvikene en forbedringssak følger opp (sakens side av koblingen): antallet, og dem leseren kan lese', operationId: 'HentForbedringssakensAvvik' })
  @ApiParam({ name: 'sakId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: ForbedringssakensAvvikDto })
  @ApiLesemodellProblems({ status: 401, description: 'Ingen gyldig bearer-token.' })
  async forbedringssak(@Param('sakId', sakIdPipe) sakId: string, @Query() q: IdagQueryDto, @Req() req: FastifyRequest): Promise<ForbedringssakensAvvikDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const alle = await hentAvvikForForbedringssak(sql, sakId);
    const leser = this.actors.leser(req);
    const liste = await this.liste(sql, alle.filter((r) => kanLeseAvvik(r, leser)), '', this.lesemodeller.idag(q.idag));
    return { sakId, antall: alle.length, rapportert: alle.filter((r) => r.forbedringssaker.some((f) => f.sakId === sakId && f.rapportert !== null)).length, avvik: liste.avvik };
  }

  @Get('offentlig/avvik/statistikk')
  @Offentlig()
  @ApiOperation({
    summary: 'Avviksstatistikk per kvartal eller år: antall, besvart, median svartid, forfalte og besvart etter fristen — totalt og etter melder, mottaker, kategori og tjenesteavtale',
    description: 'Bare tall: tabellen et fagråd legger fram for ASU. Selve avvikene er skjermet.',
    operationId: 'HentAvviksstatistikk',
  })
  @ApiOkResponse({ type: AvviksstatistikkDto })
  @ApiLesemodellProblems()
  async statistikk(@Query() q: AvviksstatistikkQueryDto): Promise<AvviksstatistikkDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER);
    const s = await hentAvviksstatistikk(sql, { aar: q.aar, ...(q.kvartal !== undefined ? { kvartal: q.kvartal } : {}), ...(q.fagraad !== undefined ? { fagraad: q.fagraad } : {}), idag: this.lesemodeller.idag(q.idag) });
    return medNavn(s, await navnene(sql), q.fagraad);
  }

  @Get('offentlig/avvik/statistikk.svg')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Avviksstatistikken som diagram (SVG): antall avvik per mottaker, med besvart, forfalte og median svartid', operationId: 'HentAvviksdiagram' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'Et SVG-diagram med tittel og beskrivelse for skjermlesere.', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @ApiLesemodellProblems()
  async diagram(@Query() q: AvviksstatistikkQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const s = await this.statistikk(q);
    void reply.type('image/svg+xml; charset=utf-8');
    return avviksdiagramSvg(s);
  }
}
