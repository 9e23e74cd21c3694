/**
 * Every step of the meeting workflow over HTTP, made from the declaration (`MOETE_ARBEIDSFLYT`) the
 * way the sak steps are made from `SAK_ARBEIDSFLYT` (saker/sakssteg.controller.ts): one
 * `POST /moeter/<rute>` per step, its request schema from the step's fields, its path parameters from
 * its `sti` fields, the ids it creates (`ny`) given by the service and returned, the numbers it is
 * given (`tildeles`) taken from the bodies' numbering by `MoeteService`.
 */
import { leggTilStegmetode } from '../http/stegmetode.js';
import { Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MoeteService, moetekalender, type MoetestegResult, type MoeteView, nummerfelt } from '@saksgang/application';
import { moetedokumentHtml, moetedokumentPdf } from './moetedokument.js';
import {
  DomainError,
  felterMedKilde,
  type FeltSett,
  InvalidCommandError,
  jsonSchemaFor,
  MOETE_ARBEIDSFLYT,
  MOETE_STEG,
  type MoeteStegType,
  organFelt,
  type TildeltNummer,
  } from '@saksgang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { kommandosvar } from '../http/kommandosvar.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { lesStegforespoersel, sjekkStegforespoersel } from '../http/stegforespoersel.js';
import { HendelseRefDto } from '../saker/saker.dto.js';
import { MoeteDto, MoeteResponseDto, TildeltNummerDto } from './moeter.dto.js';

const moeteIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'moeteId', reason: 'moeteId må være en UUID' }]) });


function felter(steg: MoeteStegType): FeltSett {
  return MOETE_ARBEIDSFLYT[steg].felter as FeltSett;
}

/** A number as it is written in an innkalling: «Møte 1/19», «Sak 3/19», «Orienteringssak 1/19». */
export function formaterNummer(n: TildeltNummer): string {
  const hva = n.serie === 'moete' ? 'Møte' : n.serie === 'orientering' ? 'Orienteringssak' : 'Sak';
  return `${hva} ${n.nummer}/${String(n.aar).slice(-2)}`;
}

/** A domain refusal about a body the request names answers 400 naming the field. */
function somInputfeil(e: unknown, steg: MoeteStegType): unknown {
  if (!(e instanceof DomainError) || e.field) return e;
  const field = e.code === 'organ_ikke_funnet' ? organFelt(felter(steg)) : undefined;
  return field ? new InvalidCommandError(e.code, e.message, { field, allowedSteps: e.allowedSteps }) : e;
}


/** The refusals of reading a meeting (the meeting itself and its documents). */
const MOETELESING_PROBLEMS = [
  { status: 400, description: 'Møte-id-en er ikke en UUID.' },
  { status: 401, description: 'Ingen gyldig bearer-token.' },
  { status: 403, description: 'Et møte leses av sekretariatet, medlemmene i organene som holder møtet (med X-Organ) og revisor.' },
  { status: 404, description: 'Møtet finnes ikke.' },
];

/** The meeting workflow over HTTP: one operation per declared step. */
@ApiTags('moeter')
@ApiExtraModels(MoeteResponseDto, TildeltNummerDto, HendelseRefDto, MoeteDto)
@Controller('moeter')
export class MoetestegController {
  constructor(
    @Inject(MoeteService) private readonly moeter: MoeteService,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Get(':moeteId')
  @ApiOperation({ summary: 'Les et møte: saksliste med numre, oppmøte, forfall og vedtak, og stegene som er tillatt nå', operationId: 'HentMoete' })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: MoeteDto, description: '`ETag` er møtets revisjon, for `If-Match` på neste steg.', headers: { ETag: { description: 'Møtets revisjon.', schema: { type: 'string' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async hent(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MoeteView> {
    const view = await this.moeter.hent(moeteId, this.actors.leser(req), this.actors.tryResolve(req));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }

  @Get(':moeteId/kalender.ics')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Kalenderinvitasjon for møtet (iCalendar): samme UID for hver versjon, SEQUENCE øker når møtet flyttes, METHOD:CANCEL når det avlyses',
    operationId: 'HentMoetekalender',
  })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'Invitasjonen (RFC 5545), tid i Europe/Oslo.', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async kalender(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { view, organ } = await this.moeter.hentForDokument(moeteId, this.actors.leser(req), this.actors.tryResolve(req));
    void reply.type('text/calendar; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="moete-${moeteId}.ics"`);
    return moetekalender(view.state, organ, this.moeter.naa());
  }

  @Get(':moeteId/innkalling.html')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Innkallingen som utskriftsvennlig HTML, satt opp som en ekte innkalling: organ, dato, sted og tid; hvert punkt med nummer, tittel, forslag til vedtak og saksframlegg',
    description: 'Den offentlige versjonen: et punkt om en sak med skjermede opplysninger viser sakens offentlige tittel, uten forslag og saksframlegg (med hjemmel). Ingen skript.',
    operationId: 'HentInnkallingHtml',
  })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'En selvstendig HTML-side (bokmål, utskriftsstil, ingen skript).', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async innkallingHtml(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return moetedokumentHtml('innkalling', await this.moeter.hentForInnkalling(moeteId, this.actors.leser(req), this.actors.tryResolve(req)), reply);
  }

  @Get(':moeteId/innkalling.pdf')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Innkallingen som PDF (samme innhold som innkalling.html)', operationId: 'HentInnkallingPdf' })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Innkallingen (A4).', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async innkallingPdf(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return moetedokumentPdf('innkalling', await this.moeter.hentForInnkalling(moeteId, this.actors.leser(req), this.actors.tryResolve(req)), this.moeter.naa(), reply);
  }

  @Get(':moeteId/protokoll.html')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Protokollen (møteboken) som utskriftsvennlig HTML: hvem som møtte og hadde forfall, hvert punkt med forslag, inhabilitet, vedtak og stemmer, og om protokollen er utkast eller godkjent',
    description: 'Laget av møtet slik det er registrert; den offentlige versjonen (skjermede opplysninger i en sak er utelatt, med hjemmel). Ingen skript.',
    operationId: 'HentProtokollHtml',
  })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'En selvstendig HTML-side (bokmål, utskriftsstil, ingen skript).', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async protokollHtml(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return moetedokumentHtml('protokoll', await this.moeter.hentForProtokoll(moeteId, this.actors.leser(req), this.actors.tryResolve(req)), reply);
  }

  @Get(':moeteId/protokoll.pdf')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Protokollen som PDF (samme innhold som protokoll.html)', operationId: 'HentProtokollPdf' })
  @ApiParam({ name: 'moeteId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Protokollen (A4).', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(...MOETELESING_PROBLEMS)
  async protokollPdf(@Param('moeteId', moeteIdPipe) moeteId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return moetedokumentPdf('protokoll', await this.moeter.hentForProtokoll(moeteId, this.actors.leser(req), this.actors.tryResolve(req)), this.moeter.naa(), reply);
  }

  async utfoer(steg: MoeteStegType, req: FastifyRequest, reply: FastifyReply): Promise<Record<string, unknown>> {
    const def = MOETE_ARBEIDSFLYT[steg];
    const f = felter(steg);
    const oppretter = def.fra.length === 0;
    sjekkStegforespoersel('moeteId', oppretter, req);
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const { data, nye, aggregateId: moeteId } = lesStegforespoersel(f, 'moeteId', oppretter, req, h);

    let result: MoetestegResult;
    try {
      result = await this.moeter.utfoer({ aggregateId: moeteId, steg, data, ...konvoluttFra(h, aktoer, { oppretter }) });
    } catch (e) {
      throw somInputfeil(e, steg);
    }
    const { moeteId: _m, ...andre } = nye;
    return {
      moeteId,
      ...kommandosvar(result, reply, oppretter ? { location: `/moeter/${moeteId}` } : {}),
      ...andre,
      ...(nummerfelt(steg) ? { numre: result.numre.map((x) => ({ ...x, formatert: formaterNummer(x) })) } : {}),
    };
  }
}

const STEG_PROBLEMS = [
  ...commandProblems({
    badRequest: 'Ugyldig innhold, sti eller header (ukjent felt, feil type, ugyldig dato eller klokkeslett, tom eller for lang tekst, ukjent organ): hvert ugyldig felt står i `errors`.',
    notFound: 'Møtet (eller sakslistepunktet) finnes ikke.',
    conflict: 'Møtet er endret siden revisjonen i `If-Match`, det steget oppretter finnes allerede, eller et kjent nummer er brukt før.',
    refused: 'Møtets arbeidsflyt tillater ikke steget nå (f.eks. ikke vedtaksført, en observatør som stemmer): `code` og `detail` sier hvorfor, `allowedSteps` hvilke steg som er tillatt.',
  }),
  { status: 401, description: 'Ingen gyldig bearer-token.' },
  { status: 403, description: 'Autentisert, men ikke tillatt: rolle, organet (sekretariatet eller et organ som holder møtet), medlemskap på datoen steget gjelder fra. `code` og `detail` sier hvorfor.' },
];

function svarType(steg: MoeteStegType): typeof MoeteResponseDto {
  const nye = felterMedKilde(felter(steg), 'ny').filter((x) => x !== 'moeteId');
  if (nye.length === 0 && !nummerfelt(steg)) return MoeteResponseDto;
  const Svar = class extends MoeteResponseDto {};
  Object.defineProperty(Svar, 'name', { value: `${steg}SvarDto` });
  for (const felt of nye) ApiProperty({ type: String, description: `Id-en steget ga (${felt}); avledet av Idempotency-Key når den sendes.` })(Svar.prototype, felt);
  if (nummerfelt(steg)) ApiProperty({ type: [TildeltNummerDto], description: 'Numrene steget ga: møtenummeret og punktenes numre per organ, år og serie.' })(Svar.prototype, 'numre');
  return Svar;
}

for (const steg of MOETE_STEG) {
  const def = MOETE_ARBEIDSFLYT[steg];
  const proto = MoetestegController.prototype as unknown as Record<string, unknown>;
  const metode = leggTilStegmetode(MoetestegController.prototype as unknown as Parameters<typeof leggTilStegmetode<typeof steg>>[0], steg);
  const oppretter = def.fra.length === 0;
  const stiparametre = [...(oppretter ? [] : ['moeteId']), ...felterMedKilde(felter(steg), 'sti')];
  const dekoratorer: MethodDecorator[] = [
    Post(def.rute),
    HttpCode(201),
    ApiOperation({ summary: `${def.tittel} (${steg})`, description: def.beskrivelse, operationId: steg }),
    ApiBody({ required: false, schema: jsonSchemaFor(felter(steg)) as Record<string, unknown> }),
    ...stiparametre.map((p) =>
      ApiParam({ name: p, required: true, schema: p === 'moeteId' ? { type: 'string', format: 'uuid' } : { type: 'string', pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N}._:@+-]{0,199}$', maxLength: 200 } }),
    ),
    ApiCommandHeaders({ ifMatch: !oppretter }),
    ApiCreatedResponse({
      description: `Registrert. \`ETag\` er møtets nye revisjon (for \`If-Match\`).${oppretter ? ' `Location` er møtets adresse.' : ''}`,
      type: svarType(steg),
      headers: {
        ETag: { description: 'Møtets revisjon etter steget.', schema: { type: 'string' } },
        ...(oppretter ? { Location: { description: 'Adressen til det nye møtet.', schema: { type: 'string' } } } : {}),
      },
    }),
    ApiProblems(...STEG_PROBLEMS.filter((p) => !oppretter || (p.status !== 404 && p.status !== 409))),
  ];
  const descriptor = Object.getOwnPropertyDescriptor(proto, metode)!;
  for (const d of dekoratorer.reverse()) d(proto, metode, descriptor);
}
