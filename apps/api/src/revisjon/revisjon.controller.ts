import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, SQL_CLIENT, toPlain } from '@saksgang/application';
import {
  leseModellComparers,
  organisasjonPaaDato,
  replaySak,
  SakFinnesIkkeError,
  sakGjeldendePaaDato,
  sakSomRegistrert,
  streamComparer,
  verify,
  type VerifyScope,
} from '@saksgang/audit';
import { NotFoundError, ROLLER, rollenavn } from '@saksgang/domain';
import type { EventStore, SqlClient } from '@saksgang/event-store';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { KreverSystemrolle } from '../auth/tilgang.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { OrganTilstandDto } from '../organer/organer.dto.js';
import { SakTilstandDto } from '../saker/saker.dto.js';
import { type Arkivpakke, lagArkivpakke } from './arkivpakke.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId must be a UUID' }]) });

export class VerifiserQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Verify one sak. Without sakId, fra and til: the whole store.' })
  @IsOptional()
  @IsUUID('all', { message: 'sakId must be a UUID' })
  sakId?: string;

  @ApiPropertyOptional({ description: 'Verify every stream with events recorded from this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'fra must be an ISO 8601 date or date-time' })
  fra?: string;

  @ApiPropertyOptional({ description: 'Verify every stream with events recorded up to this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'til must be an ISO 8601 date or date-time' })
  til?: string;
}

export class SomRegistrertQuery {
  @ApiPropertyOptional({ description: 'Show the sak as the system recorded it by this time (ISO 8601); default now.', example: '2018-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'tidspunkt must be an ISO 8601 date or date-time' })
  tidspunkt?: string;
}

export class GjeldendeQuery {
  @ApiProperty({ description: 'The date (YYYY-MM-DD): what had taken effect by then.', example: '2018-02-13' })
  @Matches(DATE_ONLY, { message: 'dato must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dato must be a valid calendar date' })
  dato!: string;

  @ApiPropertyOptional({ description: 'Only facts recorded by this time (ISO 8601): combine both time axes.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'registrertInnen must be an ISO 8601 date or date-time' })
  registrertInnen?: string;
}

export class ArkivpakkeQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: the public variant — what is exempt (skjermet) is left out: exempt fields (their legal basis stands instead), exempt documents\' events and bytes.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'offentlig must be true or false' })
  offentlig?: 'true' | 'false';
}

export class PeriodeArkivpakkeQuery extends ArkivpakkeQuery {
  @ApiPropertyOptional({ description: 'Events recorded from this time (ISO 8601; a date YYYY-MM-DD is the start of that day, Norwegian time). Without it: from the start.', example: '2017-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'fra must be an ISO 8601 date or date-time' })
  fra?: string;

  @ApiPropertyOptional({ description: 'Events recorded up to this time (ISO 8601; a date YYYY-MM-DD is the end of that day, Norwegian time). Without it: up to now.', example: '2017-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'til must be an ISO 8601 date or date-time' })
  til?: string;
}

/** The offset of Norwegian time on a date (`+01:00` in winter, `+02:00` in summer). */
function osloOffset(dag: string): string {
  const navn = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', timeZoneName: 'longOffset' }).formatToParts(new Date(`${dag}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value;
  const m = navn ? /GMT([+-]\d{2}:\d{2})/.exec(navn) : null;
  return m ? m[1]! : '+01:00';
}

/** An instant of the query; a date alone is the start (fra) or the end (til) of that day in Norway. */
function tidspunkt(v: string, slutt: boolean): Date {
  return DATE_ONLY.test(v) ? new Date(`${v}T${slutt ? '23:59:59.999' : '00:00:00.000'}${osloOffset(v)}`) : new Date(v);
}

const ARKIVPAKKE_SVAR = {
  description:
    'The archive bundle as one gzip-compressed tar (.tar.gz): one folder holding events.jsonl, rapport.html, verifiser.mjs, manifest.json, SHA256SUMS and the documents\' bytes (dokumenter/…). Check it with `sha256sum -c SHA256SUMS && node verifiser.mjs` in the folder.',
  content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
  headers: {
    'Content-Disposition': { description: 'attachment; filename="arkivpakke-<saksnummer or short title>-<date>[-offentlig].tar.gz" (ASCII)', schema: { type: 'string' } },
    'Cache-Control': { description: 'no-store', schema: { type: 'string' } },
  },
};

class IntegrityIssueDto {
  @ApiProperty({ enum: ['changed', 'removed', 'inserted', 'reordered', 'unsealed'] }) kind!: string;
  @ApiProperty() streamName!: string;
  @ApiPropertyOptional() revision?: number;
  @ApiPropertyOptional() toRevision?: number;
  @ApiPropertyOptional() eventId?: string;
  @ApiPropertyOptional() position?: string;
  @ApiProperty() detail!: string;
}

class ChainHeadDto {
  @ApiProperty() streamName!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'SHA-256 of the last event; it vouches for every event before it.' }) hash!: string;
  @ApiProperty() events!: number;
}

export class VerifyReportDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) scope!: Record<string, unknown>;
  @ApiProperty({ description: 'True when nothing was changed, removed, inserted or reordered.' }) ok!: boolean;
  @ApiProperty() streams!: number;
  @ApiProperty() events!: number;
  @ApiProperty({ type: [IntegrityIssueDto] }) issues!: IntegrityIssueDto[];
  @ApiProperty({ type: [ChainHeadDto] }) chainHeads!: ChainHeadDto[];
  @ApiProperty() found!: boolean;
}

export class SakPaaTidspunktDto {
  @ApiProperty() sakId!: string;
  @ApiProperty({ enum: ['recorded', 'effective'] }) akse!: string;
  @ApiProperty() tidspunkt!: string;
  @ApiProperty({ type: SakTilstandDto, nullable: true, description: 'The sak as it stood on that axis at that time (null before it was registered).' }) sak!: SakTilstandDto | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) hendelser!: Record<string, unknown>[];
  @ApiProperty({ nullable: true, type: Number }) revisjon!: number | null;
}

export class VervDto {
  @ApiProperty() organId!: string;
  @ApiProperty({ description: 'The body\'s name on the date.' }) organnavn!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() navn!: string;
  @ApiProperty({ enum: ROLLER }) rolle!: string;
  @ApiProperty({ example: 'observatør', description: 'The role as a person reads it.' }) rollenavn!: string;
  @ApiPropertyOptional() representerer?: string;
}

export class OrganisasjonPaaDatoDto {
  @ApiProperty() dato!: string;
  @ApiPropertyOptional() registrertInnen?: string;
  @ApiProperty({ type: [OrganTilstandDto], description: 'The bodies as they stood on the date.' }) organer!: OrganTilstandDto[];
  @ApiProperty({ type: [VervDto], description: 'Who sat where, in which role, on the date.' })
  verv!: VervDto[];
}

export class ReplayDto {
  @ApiProperty() sakId!: string;
  @ApiProperty({ description: 'True when every projection that holds the sak agrees with the sak rebuilt from its events.' }) ok!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) forventet!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) sammenligninger!: Record<string, unknown>[];
}

/** Read-only views for auditors: tamper evidence, both time axes, replay against the projections. */
@ApiTags('revisjon')
@Controller('revisjon')
@KreverSystemrolle('revisor', 'drift')
export class RevisjonController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @Get('verifiser')
  @ApiOperation({ summary: 'Verify the hash chains: one sak, a period, or the whole store; names every changed, removed, inserted or reordered event' })
  @ApiOkResponse({ type: VerifyReportDto, description: 'The report; `ok` is false when anything was found.' })
  @ApiProblems({ status: 400, description: 'Invalid query.' }, { status: 404, description: 'No such sak.' }, { status: 503, description: 'The event store is unavailable.' })
  async verifiser(@Query() q: VerifiserQuery): Promise<VerifyReportDto> {
    if (q.sakId && (q.fra || q.til)) throw new RequestValidationError([{ field: 'sakId', reason: 'give either sakId or a period (fra/til), not both' }]);
    const scope: VerifyScope = q.sakId
      ? { kind: 'sak', sakId: q.sakId }
      : q.fra || q.til
        ? { kind: 'periode', ...(q.fra ? { fra: new Date(q.fra) } : {}), ...(q.til ? { til: new Date(q.til) } : {}) }
        : { kind: 'store' };
    // The SQL client holds es_events only when the events are in PostgreSQL/PGlite (it checks deleted tails).
    const report = await verify(this.store, scope, this.store.backend === 'eventstoredb' ? {} : { sql: this.sql });
    if (scope.kind === 'sak' && !report.found) throw new NotFoundError('sak_ikke_funnet', `Saken ${q.sakId} finnes ikke.`);
    return toPlain(report) as VerifyReportDto;
  }

  @Get('saker/:sakId/som-registrert')
  @ApiOperation({ summary: 'The sak as the system showed it at a time (recorded axis)' })
  @ApiOkResponse({ type: SakPaaTidspunktDto })
  @ApiProblems({ status: 400, description: 'Invalid sak id or time.' }, { status: 404, description: 'No such sak.' })
  async somRegistrert(@Param('sakId', uuidPipe) sakId: string, @Query() q: SomRegistrertQuery): Promise<SakPaaTidspunktDto> {
    return toPlain(await this.notFound(sakId, () => sakSomRegistrert(this.store, sakId, q.tidspunkt ? new Date(q.tidspunkt) : new Date()))) as SakPaaTidspunktDto;
  }

  @Get('saker/:sakId/gjeldende')
  @ApiOperation({ summary: 'The sak as in effect on a date (what had been decided by then), optionally as recorded by a time' })
  @ApiOkResponse({ type: SakPaaTidspunktDto })
  @ApiProblems({ status: 400, description: 'Invalid sak id or date.' }, { status: 404, description: 'No such sak.' })
  async gjeldende(@Param('sakId', uuidPipe) sakId: string, @Query() q: GjeldendeQuery): Promise<SakPaaTidspunktDto> {
    const options = q.registrertInnen ? { recordedBy: new Date(q.registrertInnen) } : {};
    return toPlain(await this.notFound(sakId, () => sakGjeldendePaaDato(this.store, sakId, q.dato, options))) as SakPaaTidspunktDto;
  }

  @Get('organisasjon')
  @ApiOperation({ summary: 'The organisation on a date: the bodies that existed then (their name and mandate then), who sat in which body, in which role' })
  @ApiOkResponse({ type: OrganisasjonPaaDatoDto })
  @ApiProblems({ status: 400, description: 'Invalid date.' })
  async organisasjon(@Query() q: GjeldendeQuery): Promise<OrganisasjonPaaDatoDto> {
    const options = q.registrertInnen ? { recordedBy: new Date(q.registrertInnen) } : {};
    const o = await organisasjonPaaDato(this.store, q.dato, options);
    return toPlain({ ...o, verv: o.verv.map((v) => ({ ...v, rollenavn: rollenavn(v.rolle) })) }) as OrganisasjonPaaDatoDto;
  }

  @Get('saker/:sakId/replay')
  @ApiOperation({ summary: 'Rebuild the sak from its events and compare it with every projection that holds it' })
  @ApiOkResponse({ type: ReplayDto })
  @ApiProblems({ status: 400, description: 'Invalid sak id.' }, { status: 404, description: 'No such sak.' })
  async replay(@Param('sakId', uuidPipe) sakId: string): Promise<ReplayDto> {
    const r = await this.notFound(sakId, () => replaySak(this.store, sakId, [streamComparer(this.store), ...leseModellComparers(this.sql)]));
    return toPlain({ sakId: r.sakId, ok: r.ok, forventet: r.forventet, sammenligninger: r.sammenligninger }) as ReplayDto;
  }

  @Get('saker/:sakId/arkivpakke')
  @ApiOperation({
    summary: 'Download the archive bundle of one sak (its events, its documents, the report, the verification script, manifest and checksums) as one .tar.gz; `offentlig=true` for the public variant',
    operationId: 'LastNedArkivpakke',
  })
  @ApiProduces('application/gzip')
  @ApiOkResponse(ARKIVPAKKE_SVAR)
  @ApiProblems({ status: 400, description: 'Invalid sak id or query.' }, { status: 404, description: 'No such sak.' }, { status: 503, description: 'The event store is unavailable.' })
  async arkivpakke(@Param('sakId', uuidPipe) sakId: string, @Query() q: ArkivpakkeQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const pakke = await this.notFound(sakId, () => lagArkivpakke(this.store, { kind: 'sak', sakId }, this.pakkevalg(q)));
    return this.send(pakke, reply);
  }

  @Get('arkivpakke')
  @ApiOperation({
    summary: 'Download the archive bundle of a period (every event recorded from `fra` to `til`, with the report, verification script, manifest and checksums) as one .tar.gz; `offentlig=true` for the public variant',
    operationId: 'LastNedPeriodensArkivpakke',
  })
  @ApiProduces('application/gzip')
  @ApiOkResponse(ARKIVPAKKE_SVAR)
  @ApiProblems({ status: 400, description: 'Invalid query (fra or til not a date, or fra after til).' }, { status: 503, description: 'The event store is unavailable.' })
  async periodensArkivpakke(@Query() q: PeriodeArkivpakkeQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const fra = q.fra ? tidspunkt(q.fra, false) : undefined;
    const til = q.til ? tidspunkt(q.til, true) : undefined;
    if (fra && til && fra.getTime() > til.getTime()) throw new RequestValidationError([{ field: 'fra', reason: 'fra must not be after til' }]);
    const pakke = await lagArkivpakke(this.store, { kind: 'periode', ...(fra ? { fra } : {}), ...(til ? { til } : {}) }, this.pakkevalg(q));
    return this.send(pakke, reply);
  }

  private pakkevalg(q: ArkivpakkeQuery): { offentlig: boolean; sql?: SqlClient; now: Date } {
    // The documents' bytes are in PostgreSQL/PGlite (the SQL client); with EventStoreDB the bundle lists them without bytes.
    return { offentlig: q.offentlig === 'true', ...(this.store.backend === 'eventstoredb' ? {} : { sql: this.sql }), now: new Date() };
  }

  private send(pakke: Arkivpakke, reply: FastifyReply): StreamableFile {
    // The client went away: stop packing (the temporary directory is removed when the stream closes).
    reply.raw.once('close', () => {
      if (!pakke.stream.readableEnded) pakke.stream.destroy();
    });
    void reply.header('Cache-Control', 'no-store');
    void reply.header('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(pakke.stream, { type: 'application/gzip', disposition: `attachment; filename="${pakke.filnavn}"` });
  }

  private async notFound<T>(sakId: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof SakFinnesIkkeError) throw new NotFoundError('sak_ikke_funnet', `Saken ${sakId} finnes ikke.`);
      throw e;
    }
  }
}
