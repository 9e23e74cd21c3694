import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { HentOrgan, SAKSGANG_CONFIG, type SaksgangConfig, SYSTEMROLLER, type Systemrolle } from '@saksgang/application';
import { medlemmerPaaDato, MOETESTATUSBESKRIVELSE, type Moetestatus, NotFoundError, type Organ, rollenavn } from '@saksgang/domain';
import { hentMoetekalender, hentOrganer, hentPersoner } from '@saksgang/projections';
import { IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AuthError } from '../auth/auth-error.js';
import { lagLokaltToken } from '../auth/lag-token.js';
import { Offentlig } from '../auth/tilgang.js';
import { TokenVerifier } from '../auth/token-verifier.js';
import { DEV_PERSON_HEADER } from '../http/actor.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { LesemodellQueryDto, MoeteIKalenderDto } from '../projections/projections.dto.js';
import { Lesemodeller, ReadModelProblemFilter, TRENGER } from '../projections/read-models.http.js';

class MedlemskapDto {
  @ApiProperty({ example: 'asu-hnt' }) organId!: string;
  @ApiProperty({ example: 'Administrativt samarbeidsutvalg (ASU)' }) organnavn!: string;
  @ApiProperty({ example: 'administrativt' }) nivaa!: string;
  @ApiProperty({ example: 'asu' }) organtype!: string;
  @ApiProperty({ example: 'sekretaer' }) rolle!: string;
  @ApiProperty({ example: 'sekretær', description: 'The role as a person reads it.' }) rollenavn!: string;
  @ApiProperty({ example: '2017-03-24' }) fra!: string;
  @ApiPropertyOptional({ example: '2022-03-29' }) til?: string;
}

export class MegDto {
  @ApiProperty({ example: 'olav-bremnes' }) personId!: string;
  @ApiProperty({ example: 'Olav Bremnes', description: 'The name in the organisation data (the id when the person holds no membership).' }) navn!: string;
  @ApiProperty({ type: [String], enum: SYSTEMROLLER, example: [] }) systemroller!: string[];
  @ApiProperty({ example: '2026-12-07', description: 'The date the memberships are valid on (today in Norway).' }) dato!: string;
  @ApiProperty({ type: [MedlemskapDto], description: 'The memberships the person may act in today: send one as X-Organ + X-Rolle.' }) medlemskap!: MedlemskapDto[];
}

class MittMoeteDto extends MoeteIKalenderDto {
  @ApiProperty({ type: [String], example: ['medlem i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag'], description: 'Why it is the person\'s meeting: the role they held on the meeting date in each body holding it, as a person reads it.' })
  somRolle!: string[];
}

export class MineMoeterDto {
  @ApiProperty({ example: 'olav-bremnes' }) personId!: string;
  @ApiProperty({ example: '2026-12-07', description: 'The first meeting date listed (`fra`; default today in Norway).' }) fra!: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The last meeting date listed (`til`), if given.' }) til!: string | null;
  @ApiProperty({ example: 2 }) antall!: number;
  @ApiProperty({ type: [MittMoeteDto], description: 'By date and time; a joint meeting once.' }) moeter!: MittMoeteDto[];
}

export class MineMoeterQueryDto extends LesemodellQueryDto {
  @ApiPropertyOptional({ example: '2019-01-01', description: 'From this meeting date (default: today).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'fra: en dato (ÅÅÅÅ-MM-DD)' })
  fra?: string;

  @ApiPropertyOptional({ example: '2019-12-31', description: 'Up to and including this meeting date (default: no end).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'til: en dato (ÅÅÅÅ-MM-DD)' })
  til?: string;
}

class LokalPersonDto {
  @ApiProperty({ example: 'olav-bremnes' }) personId!: string;
  @ApiProperty({ example: 'Olav Bremnes' }) navn!: string;
  @ApiProperty({ type: [MedlemskapDto] }) medlemskap!: MedlemskapDto[];
}

export class LokalePersonerDto {
  @ApiProperty({ example: '2026-12-07' }) dato!: string;
  @ApiProperty({ type: [LokalPersonDto], description: 'Everyone with a membership valid today, by name.' }) personer!: LokalPersonDto[];
  @ApiProperty({ type: [String], enum: SYSTEMROLLER, description: 'System roles a local sign-in may carry (an auditor, an operator).' }) systemroller!: string[];
}

export class LokalInnloggingDto {
  @ApiProperty({ example: 'olav-bremnes', description: 'The person to sign in as (a `personId` of the organisation data).' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u, { message: 'personId: bokstaver, sifre og . _ @ : + -' })
  personId!: string;

  @ApiPropertyOptional({ type: [String], enum: SYSTEMROLLER, example: ['revisor'] })
  @IsOptional()
  @IsArray()
  @IsIn(SYSTEMROLLER, { each: true })
  systemroller?: Systemrolle[];
}

export class LokaltTokenDto {
  @ApiProperty({ description: 'A bearer token (HS256, signed with the local secret), valid for 8 hours.' }) token!: string;
  @ApiProperty({ example: 28800 }) utloeperOmSekunder!: number;
}

export class OidcInnloggingDto {
  @ApiProperty({ example: 'https://idporten.no', description: 'The provider (the tokens\' `iss`); its discovery document is at `<issuer>/.well-known/openid-configuration`.' })
  issuer!: string;
  @ApiProperty({ example: 'saksgang-web', description: 'The web app\'s client id: a public client (no secret), authorization code flow with PKCE (S256).' }) clientId!: string;
  @ApiProperty({ example: 'openid profile', description: 'The scopes to ask for, space-separated.' }) scope!: string;
  @ApiPropertyOptional({ example: 'https://saksgang.example.no', description: 'A resource indicator (RFC 8707) to send with the authorization and token requests, so the access token is for saksgang.' })
  resource?: string;
  @ApiProperty({ example: 'ID-porten', description: 'The provider\'s name as a person reads it («Logg inn med ID-porten»).' }) navn!: string;
  @ApiProperty({ example: '/app/innlogging/tilbake', description: 'Where the provider sends the browser back (registered at the provider as this origin + this path).' }) tilbake!: string;
}

const LEVETID = 8 * 3600;
/** The web app's page the provider sends the browser back to (under /app/, served by nettapp.ts). */
export const OIDC_TILBAKE = '/app/innlogging/tilbake';

/**
 * Who the signed-in person is and whom they may act for (the web app's "Du handler for"), and the local
 * sign-in of the embedded store: only when no identity provider is configured (`SAKSGANG_AUTH_*` unset,
 * the local secret in the data directory), the demo people can be chosen on a page. With a provider
 * (`jwks`) or a shared secret the local sign-in answers 404: tokens come from the provider.
 */
@ApiTags('innlogging')
@Controller()
@UseFilters(ReadModelProblemFilter)
export class InnloggingController {
  constructor(
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('meg')
  @ApiOperation({ summary: 'The signed-in person: name, system roles and the memberships valid today (whom they may act for)' })
  @ApiOkResponse({ type: MegDto })
  @ApiProblems({ status: 503, description: 'The read models or the event store are unavailable.' })
  async meg(@Req() req: FastifyRequest): Promise<MegDto> {
    const auth = req.saksgangAuth;
    const personId = this.innlogget(req);
    const systemroller = auth?.art === 'token' ? [...auth.identitet.systemroller] : [];
    const dato = this.lesemodeller.idag(undefined);
    const alle = await this.medlemskapIdag(dato);
    const mine = alle.filter((m) => m.personId === personId);
    return { personId, navn: mine[0]?.navn ?? personId, systemroller, dato, medlemskap: mine.map((m) => m.medlemskap) };
  }

  @Get('meg/moeter')
  @ApiOperation({
    summary: 'Mine møter: the meetings of the bodies the signed-in person belonged to on each meeting\'s date (also joint meetings), from today or `fra`',
    description: 'A member, deputy, observer, leader or secretary of a body holding the meeting on its date: the meeting is theirs. By date and time.',
    operationId: 'HentMineMoeter',
  })
  @ApiOkResponse({ type: MineMoeterDto })
  @ApiProblems({ status: 400, description: 'A malformed `fra` or `til`.' }, { status: 503, description: 'The read models or the event store are unavailable.' })
  async mineMoeter(@Req() req: FastifyRequest, @Query() q: MineMoeterQueryDto): Promise<MineMoeterDto> {
    const personId = this.innlogget(req);
    const fra = q.fra ?? this.lesemodeller.idag(undefined);
    const til = q.til ?? null;
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.moeter);
    const person = (await hentPersoner(sql)).find((p) => p.personId === personId);
    const organnavn = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
    const moeter = new Map<string, MittMoeteDto>();
    for (const organId of new Set(person?.medlemskap.map((m) => m.organId) ?? [])) {
      for (const m of await hentMoetekalender(sql, organId)) {
        if (m.moetedato < fra || (til !== null && m.moetedato > til)) continue;
        // The roles held in this body on the meeting's date (a membership from `fra` up to and including `til`, as medlemmerPaaDato).
        const roller = person!.medlemskap.filter((x) => x.organId === organId && x.fra.slice(0, 10) <= m.moetedato && (!x.til || m.moetedato <= x.til.slice(0, 10)));
        if (roller.length === 0) continue;
        const som = roller.map((x) => `${rollenavn(x.rolle)} i ${organnavn.get(organId) ?? x.organnavn}`);
        const finnes = moeter.get(m.moeteId);
        if (finnes) {
          finnes.somRolle.push(...som);
          continue;
        }
        moeter.set(m.moeteId, {
          ...m,
          organIder: [...m.organIder],
          organnavn: m.organIder.map((o) => organnavn.get(o) ?? o),
          fellesmoete: m.organIder.length > 1,
          statusTekst: MOETESTATUSBESKRIVELSE[m.status as Moetestatus] ?? m.status,
          somRolle: som,
        });
      }
    }
    const liste = [...moeter.values()].sort((a, b) => a.moetedato.localeCompare(b.moetedato) || a.starttid.localeCompare(b.starttid) || a.moeteId.localeCompare(b.moeteId));
    return { personId, fra, til, antall: liste.length, moeter: liste };
  }

  /** The signed-in person (the token's, or in development the dev header's); 401 without one. */
  private innlogget(req: FastifyRequest): string {
    const auth = req.saksgangAuth;
    const personId = auth?.art === 'token' ? auth.identitet.personId : this.config.devActorHeaders ? devPerson(req) : undefined;
    if (!personId) throw new AuthError(401, 'token_mangler', 'Logg inn: send et bearer-token (Authorization: Bearer <token>).');
    return personId;
  }

  @Get('innlogging/lokal')
  @Offentlig()
  @ApiOperation({
    summary: 'Local sign-in (embedded store without an identity provider only): the people who can be chosen',
    operationId: 'LokalePersoner',
    security: [],
  })
  @ApiOkResponse({ type: LokalePersonerDto })
  @ApiProblems({ status: 404, description: 'Local sign-in is off: an identity provider or a shared secret is configured.' }, { status: 503, description: 'The read models are unavailable.' })
  async personer(): Promise<LokalePersonerDto> {
    this.kreverLokal();
    const dato = this.lesemodeller.idag(undefined);
    const perPerson = new Map<string, LokalPersonDto>();
    for (const m of await this.medlemskapIdag(dato)) {
      const p = perPerson.get(m.personId) ?? { personId: m.personId, navn: m.navn, medlemskap: [] };
      p.medlemskap.push(m.medlemskap);
      perPerson.set(m.personId, p);
    }
    const personer = [...perPerson.values()].sort((a, b) => a.navn.localeCompare(b.navn, 'nb'));
    return { dato, personer, systemroller: [...SYSTEMROLLER] };
  }

  @Get('innlogging/oidc')
  @Offentlig()
  @ApiOperation({
    summary: 'Sign-in with the OpenID Connect provider (when configured): what the web app needs for the authorization code flow with PKCE',
    description: 'The access token the provider issues (audience SAKSGANG_AUTH_AUDIENCE) is then sent as the bearer token. 404 when no provider is configured for the web app (then the local sign-in may be on).',
    operationId: 'OidcInnlogging',
    security: [],
  })
  @ApiOkResponse({ type: OidcInnloggingDto })
  @ApiProblems({ status: 404, description: 'No OpenID Connect sign-in is configured for the web app (SAKSGANG_OIDC_CLIENT_ID unset).' })
  oidc(): OidcInnloggingDto {
    const o = this.config.webOidc;
    if (!o) throw new NotFoundError('oidc_innlogging_av', 'Innlogging med identitetstilbyder er ikke satt opp for nettappen.');
    return { issuer: o.issuer, clientId: o.clientId, scope: o.scope, ...(o.resource ? { resource: o.resource } : {}), navn: o.navn, tilbake: OIDC_TILBAKE };
  }

  @Post('innlogging/lokal')
  @HttpCode(200)
  @Offentlig()
  @ApiOperation({ summary: 'Local sign-in (embedded store without an identity provider only): a token for the chosen person', operationId: 'LokalInnlogging', security: [] })
  @ApiOkResponse({ type: LokaltTokenDto })
  @ApiProblems({ status: 400, description: 'Not a person id, or an unknown system role.' }, { status: 404, description: 'Local sign-in is off.' })
  async loggInn(@Body() dto: LokalInnloggingDto): Promise<LokaltTokenDto> {
    const noekkel = this.kreverLokal();
    const token = await lagLokaltToken(noekkel, { personId: dto.personId, roller: dto.systemroller ?? [], levetidSekunder: LEVETID }, this.config.auth.issuer, this.config.auth.audience);
    return { token, utloeperOmSekunder: LEVETID };
  }

  private kreverLokal(): Uint8Array {
    const noekkel = this.config.auth.mode === 'lokal' ? this.tokens.lokalNoekkel() : undefined;
    if (!noekkel) throw new NotFoundError('lokal_innlogging_av', 'Lokal innlogging er slått av: tjenesten bruker en identitetstilbyder.');
    return noekkel;
  }

  /** Every membership valid on the date, over every body in the register. */
  private async medlemskapIdag(dato: string): Promise<{ personId: string; navn: string; medlemskap: MedlemskapDto }[]> {
    const sql = await this.lesemodeller.klar(undefined, TRENGER.organer);
    const ut: { personId: string; navn: string; medlemskap: MedlemskapDto }[] = [];
    for (const rad of await hentOrganer(sql)) {
      if (rad.nedlagt !== null && rad.nedlagt.slice(0, 10) <= dato) continue;
      const organ = (await this.queries.execute(new HentOrgan(rad.organId))).state as unknown as Organ;
      for (const m of medlemmerPaaDato(organ, dato)) {
        ut.push({
          personId: m.personId,
          navn: m.navn,
          medlemskap: {
            organId: organ.organId,
            organnavn: organ.navn,
            nivaa: organ.nivaa,
            organtype: organ.organtype,
            rolle: m.rolle,
            rollenavn: rollenavn(m.rolle),
            fra: m.fra,
            ...(m.til ? { til: m.til } : {}),
          },
        });
      }
    }
    return ut;
  }
}


function devPerson(req: FastifyRequest): string | undefined {
  const v = req.headers[DEV_PERSON_HEADER];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
