/**
 * Notifications over HTTP (issue 18): a person's own outbox and settings; for operators every
 * notification, the dead letters and replay.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  hentInnstillinger,
  hentUtboks,
  lagreInnstillinger,
  opprettTabeller,
  SQL_CLIENT,
  UTBOKSSTATUS_NAVN,
  UTBOKSSTATUSER,
  type UtboksRad,
  type Utboksstatus,
  VARSELART_NAVN,
  VARSELARTER,
  type Varselart,
  VarselIkkeFunnetError,
  VARSLINGSMODUSER,
  type Varslingsmodus,
  VarslingService,
} from '@saksgang/application';
import type { SqlClient } from '@saksgang/event-store';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AuthError } from '../auth/auth-error.js';
import { KreverSystemrolle } from '../auth/tilgang.js';
import { EdgeProblemError } from '../http/edge-problem.error.js';
import { ActorResolver } from '../http/actor.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';

export class VarselDto {
  @ApiProperty({ description: 'The notification\'s id: also the e-mail\'s Message-ID and the webhook\'s `webhook-id`.' })
  id!: string;
  @ApiProperty({ enum: VARSELARTER })
  art!: string;
  @ApiProperty({ example: 'Oppdrag mottatt', description: 'The kind as a person reads it.' })
  artNavn!: string;
  @ApiProperty({ enum: ['epost', 'webhook'] })
  kanal!: string;
  @ApiProperty({ description: 'The person (e-mail) or the webhook endpoint\'s name.' })
  mottaker!: string;
  @ApiProperty({ nullable: true, type: String })
  mottakernavn!: string | null;
  @ApiProperty()
  emne!: string;
  @ApiProperty({ description: 'The plain-text part.' })
  tekst!: string;
  @ApiProperty({ example: 'http://localhost:3000/app/saker/…' })
  lenke!: string;
  @ApiProperty({ description: 'Carries a calendar invitation (.ics).' })
  medKalender!: boolean;
  @ApiProperty({ enum: UTBOKSSTATUSER })
  status!: string;
  @ApiProperty({ example: 'Sendt' })
  statusNavn!: string;
  @ApiProperty()
  forsoek!: number;
  @ApiProperty({ nullable: true, type: String })
  sisteFeil!: string | null;
  @ApiProperty({ format: 'date-time' })
  opprettet!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  sendt!: string | null;
  @ApiProperty({ format: 'date-time' })
  nesteForsoek!: string;
  @ApiPropertyOptional()
  sakId?: string;
  @ApiPropertyOptional()
  moeteId?: string;
}

export class VarslerDto {
  @ApiProperty({ type: [VarselDto] })
  varsler!: VarselDto[];
  @ApiProperty({ description: 'An SMTP server is configured; without one, e-mails stay here (status «venter»).' })
  epostSendes!: boolean;
}

export class VarselartDto {
  @ApiProperty({ enum: VARSELARTER })
  art!: string;
  @ApiProperty()
  navn!: string;
}

export class VarslingsinnstillingerDto {
  @ApiProperty({ nullable: true, type: String, example: 'kari.nordmann@levanger.kommune.no', description: 'Where the e-mails go; null: the configured address pattern, if any.' })
  epost!: string | null;
  @ApiProperty({ enum: VARSLINGSMODUSER, description: '`straks`: each notification at once; `daglig`: one digest a day.' })
  modus!: string;
  @ApiProperty({ enum: VARSELARTER, isArray: true, description: 'The kinds the person opted out of.' })
  avmeldt!: string[];
  @ApiProperty({ type: [VarselartDto], description: 'Every kind, with its name.' })
  arter!: VarselartDto[];
}

export class EndreInnstillingerDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 254 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(254)
  // A plain pattern (not IsEmail: validator.js throws on a lone surrogate, which must be a 400, not a 500).
  @Matches(/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, { message: 'epost must be an e-mail address' })
  epost?: string | null;

  @ApiPropertyOptional({ enum: VARSLINGSMODUSER })
  @IsOptional()
  @IsIn(VARSLINGSMODUSER, { message: `modus must be one of ${VARSLINGSMODUSER.join(', ')}` })
  modus?: Varslingsmodus;

  @ApiPropertyOptional({ enum: VARSELARTER, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(VARSELARTER.length)
  @IsIn(VARSELARTER, { each: true, message: `avmeldt must list kinds among ${VARSELARTER.join(', ')}` })
  avmeldt?: Varselart[];
}

function tilDto(r: UtboksRad): VarselDto {
  return {
    id: r.id,
    art: r.art,
    artNavn: VARSELART_NAVN[r.art] ?? r.art,
    kanal: r.kanal,
    mottaker: r.mottaker,
    mottakernavn: r.mottakernavn ?? null,
    emne: r.emne,
    tekst: r.tekst,
    lenke: r.lenke,
    medKalender: r.ics !== undefined,
    status: r.status,
    statusNavn: UTBOKSSTATUS_NAVN[r.status] ?? r.status,
    forsoek: r.forsoek,
    sisteFeil: r.sisteFeil,
    opprettet: r.opprettet.toISOString(),
    sendt: r.sendt?.toISOString() ?? null,
    nesteForsoek: r.nesteForsoek.toISOString(),
    ...(r.sakId ? { sakId: r.sakId } : {}),
    ...(r.moeteId ? { moeteId: r.moeteId } : {}),
  };
}

const ID = /^[0-9a-f]{32}$/;

@ApiTags('varsler')
@Controller()
export class VarslingController {
  constructor(
    @Inject(VarslingService) private readonly varsling: VarslingService,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  private personId(req: FastifyRequest): string {
    const leser = this.actors.leser(req);
    if (!leser) throw new AuthError(401, 'token_mangler', 'Send a bearer token (Authorization: Bearer <token>).');
    return leser.personId;
  }

  private async tabeller(): Promise<boolean> {
    const { rows } = await this.sql.query(`SELECT to_regclass('varsling_utboks') IS NOT NULL AS finnes`);
    return rows[0]?.['finnes'] === true;
  }

  @Get('varsler')
  @ApiOperation({ summary: 'My notifications: what saksgang has sent me, or keeps for me (newest first)', description: 'Only the calling person\'s own e-mail notifications.' })
  @ApiOkResponse({ type: VarslerDto })
  @ApiProblems({ status: 401, description: 'No token.' })
  async mine(@Req() req: FastifyRequest): Promise<VarslerDto> {
    const personId = this.personId(req);
    const varsler = (await this.tabeller()) ? await hentUtboks(this.sql, { personId, kanal: 'epost' }) : [];
    return { varsler: varsler.map(tilDto), epostSendes: this.varsling.senderEpost };
  }

  @Get('varsler/innstillinger')
  @ApiOperation({ summary: 'My notification settings: e-mail address, immediately or daily digest, the kinds I opted out of' })
  @ApiOkResponse({ type: VarslingsinnstillingerDto })
  async innstillinger(@Req() req: FastifyRequest): Promise<VarslingsinnstillingerDto> {
    const personId = this.personId(req);
    const i = (await this.tabeller()) ? await hentInnstillinger(this.sql, personId) : { personId, epost: null, modus: 'straks' as const, avmeldt: [] };
    return { epost: i.epost, modus: i.modus, avmeldt: [...i.avmeldt], arter: VARSELARTER.map((art) => ({ art, navn: VARSELART_NAVN[art] })) };
  }

  @Put('varsler/innstillinger')
  @ApiOperation({ summary: 'Change my notification settings (fields left out stay as they are)' })
  @ApiOkResponse({ type: VarslingsinnstillingerDto })
  @ApiProblems({ status: 400, description: 'A field is malformed (named in `errors`).' })
  async endreInnstillinger(@Body() dto: EndreInnstillingerDto, @Req() req: FastifyRequest): Promise<VarslingsinnstillingerDto> {
    const personId = this.personId(req);
    // The settings are kept even where the dispatcher has not run yet (its tables are made the same way).
    if (!(await this.tabeller())) await opprettTabeller(this.sql);
    const naa = await hentInnstillinger(this.sql, personId);
    await lagreInnstillinger(this.sql, {
      personId,
      epost: dto.epost === undefined ? naa.epost : dto.epost,
      modus: dto.modus ?? naa.modus,
      avmeldt: dto.avmeldt ? [...new Set(dto.avmeldt)] : naa.avmeldt,
    });
    return this.innstillinger(req);
  }

  @Get('drift/varsler')
  @KreverSystemrolle('drift')
  @ApiOperation({ summary: 'Operators: every notification in the outbox (newest first), by status and channel' })
  @ApiQuery({ name: 'status', required: false, enum: UTBOKSSTATUSER })
  @ApiQuery({ name: 'kanal', required: false, enum: ['epost', 'webhook'] })
  @ApiOkResponse({ type: VarslerDto })
  @ApiProblems({ status: 400, description: 'Unknown status or channel.' }, { status: 403, description: 'Not an operator.' })
  async alle(@Query('status') status: string | undefined, @Query('kanal') kanal: string | undefined): Promise<VarslerDto> {
    const feil = [];
    if (status !== undefined && !(UTBOKSSTATUSER as readonly string[]).includes(status)) feil.push({ field: 'status', reason: `status must be one of ${UTBOKSSTATUSER.join(', ')}` });
    if (kanal !== undefined && kanal !== 'epost' && kanal !== 'webhook') feil.push({ field: 'kanal', reason: 'kanal must be epost or webhook' });
    if (feil.length) throw new RequestValidationError(feil);
    const varsler = (await this.tabeller()) ? await hentUtboks(this.sql, { ...(status ? { status: status as Utboksstatus } : {}), ...(kanal ? { kanal: kanal as 'epost' } : {}), grense: 1000 }) : [];
    return { varsler: varsler.map(tilDto), epostSendes: this.varsling.senderEpost };
  }

  @Get('drift/varsler/doede')
  @KreverSystemrolle('drift')
  @ApiOperation({ summary: 'Operators: the dead letters — notifications that could not be delivered after the last attempt' })
  @ApiOkResponse({ type: VarslerDto })
  @ApiProblems({ status: 403, description: 'Not an operator.' })
  async doede(): Promise<VarslerDto> {
    const varsler = (await this.tabeller()) ? await hentUtboks(this.sql, { status: 'doed', grense: 1000 }) : [];
    return { varsler: varsler.map(tilDto), epostSendes: this.varsling.senderEpost };
  }

  @Post('drift/varsler/:id/send-igjen')
  @KreverSystemrolle('drift')
  @HttpCode(202)
  @ApiOperation({ summary: 'Operators: send a notification again (a dead letter), with its attempts counted anew', description: 'Same id, so a receiver that already has it de-duplicates.' })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ type: VarselDto })
  @ApiProblems({ status: 400, description: 'Malformed id.' }, { status: 403, description: 'Not an operator.' }, { status: 404, description: 'No such notification.' })
  async sendIgjen(@Param('id') id: string): Promise<VarselDto> {
    if (!ID.test(id)) throw new RequestValidationError([{ field: 'id', reason: 'id must be 32 hexadecimal digits' }]);
    try {
      return tilDto(await this.varsling.sendIgjen(id));
    } catch (error) {
      if (error instanceof VarselIkkeFunnetError) throw new EdgeProblemError(404, 'varsel_finnes_ikke', 'Finnes ikke', error.message);
      throw error;
    }
  }
}
