/**
 * The avvik workflow over HTTP, made from its declaration (`AVVIK_ARBEIDSFLYT`) the way the sak and
 * meeting steps are made from theirs: one `POST /avvik/<rute>` per step, its request schema from the
 * step's fields (`jsonSchemaFor`), its path parameters from its `sti` fields, the ids it creates
 * (`ny`) given here and returned; the handler methods by the shared `leggTilStegmetode`. Besides the
 * steps: reading one avvik (the parties, the fagråd, auditors) and opening a forbedringssak from avvik.
 */
import { Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AVVIK_LESERE_TEKST, AvvikService, type AvvikView, EVENT_STORE } from '@saksgang/application';
import {
  AVVIK_ARBEIDSFLYT,
  AVVIK_STEG,
  avviksdiagramMermaid,
  type AvvikStegType,
  DomainError,
  felterMedKilde,
  type FeltSett,
  fristFelt,
  InvalidCommandError,
  jsonSchemaFor,
  LANG_TEKST,
  organFelt,
  personopplysningFeil,
  validerFelter,
} from '@saksgang/domain';
import { type EventStore, type Position, formatPosition, START } from '@saksgang/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { lesStegforespoersel, sjekkStegforespoersel, somForespoerselsfeil } from '../http/stegforespoersel.js';
import { leggTilStegmetode } from '../http/stegmetode.js';
import { Offentlig } from '../auth/tilgang.js';
import { FeltDto, feltbeskrivelser } from '../saker/arbeidsflyt.controller.js';
import { HendelseRefDto } from '../saker/saker.dto.js';
import { AvvikArbeidsflytDto, AvvikDto, AvvikResponseDto, ForbedringssakResponseDto } from './avvik.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const avvikIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'avvikId', reason: 'avvikId må være en UUID' }]) });

function felter(steg: AvvikStegType): FeltSett {
  return AVVIK_ARBEIDSFLYT[steg].felter as FeltSett;
}

/** The fields of opening a forbedringssak, declared as any step's are (validation and schema from them). */
const FORBEDRINGSSAK_FELTER: FeltSett = {
  avvikIder: { art: 'tekstliste', maks: 100, elementMaks: 36, hva: 'Avvikene', beskrivelse: 'Avvikene (UUID) saken skal følge opp.' },
  tittel: { art: 'tekst', maks: 300, hva: 'Tittelen', eksempel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt' },
  beskrivelse: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Beskrivelsen', beskrivelse: 'Sakens beskrivelse. En sak er offentlig som andre saker: skriv ikke av avvikene.' },
};

/** A domain refusal about a field of the request (an unknown body, a frist not after the step) answers 400 naming it. */
function somInputfeil(e: unknown, f: FeltSett): unknown {
  if (!(e instanceof DomainError) || e.field) return e;
  const field = /_ikke_funnet$/.test(e.code) && e.code !== 'avvik_ikke_funnet' ? organFelt(f) : e.code === 'frist_ikke_etter_gjelder_fra' ? fristFelt(f) : undefined;
  return field ? new InvalidCommandError(e.code, e.message, { field, allowedSteps: e.allowedSteps }) : e;
}


function svar(avvikId: string, result: { revision: bigint | undefined; position: Position | undefined; events: readonly { type: string }[]; eventIds: readonly string[]; replayed: boolean }) {
  return {
    avvikId,
    revision: result.revision?.toString() ?? null,
    position: result.position ? formatPosition(result.position) : null,
    hendelser: result.events.map((e, i) => ({ eventId: result.eventIds[i]!, type: e.type })),
    replayed: result.replayed,
  };
}

@ApiTags('avvik')
@ApiExtraModels(AvvikResponseDto, AvvikDto, HendelseRefDto, ForbedringssakResponseDto, FeltDto)
@Controller('avvik')
export class AvvikController {
  constructor(
    @Inject(AvvikService) private readonly avvik: AvvikService,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Every body ever established as a fagråd (the organisation's own facts, read from the log, not a
   * read model): where the service looks for the fagråd for avvik when a report names none, judging
   * each as recorded on the report's date.
   */
  private readonly fagraadKandidater = async (): Promise<string[]> => {
    const opprettet = await this.store.readAll({ fromPosition: START, maxCount: 100_000, filter: { eventTypes: ['OrganOpprettet'] } });
    return opprettet.filter((e) => (e.data as { organtype?: unknown }).organtype === 'fagraad').map((e) => String((e.data as { organId?: unknown }).organId));
  };

  @Get('arbeidsflyt')
  @Offentlig()
  @ApiOperation({ summary: 'Avvikets arbeidsflyt slik den er deklarert og håndheves: stegene, feltene (skjemaene), statusene de tas i og adressen til hvert', operationId: 'HentAvviksflyt' })
  @ApiOkResponse({ type: AvvikArbeidsflytDto })
  @ApiProblems({ status: 429, description: 'For mange forespørsler fra denne klienten; prøv igjen etter `Retry-After` sekunder.' })
  arbeidsflyt(): AvvikArbeidsflytDto {
    return {
      steg: AVVIK_STEG.map((steg) => {
        const def = AVVIK_ARBEIDSFLYT[steg];
        const path = `/avvik${def.rute ? `/${def.rute}` : ''}`.replace(/:(\w+)/g, '{$1}');
        return { steg, tittel: def.tittel, beskrivelse: def.beskrivelse, fra: [...def.fra], til: def.til, felter: feltbeskrivelser(felter(steg)), stiparametre: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!), http: { method: 'POST' as const, path } };
      }),
      diagram: '/avvik/arbeidsflyt/diagram.mmd',
    };
  }

  @Get('arbeidsflyt/diagram.mmd')
  @Offentlig()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Avvikets arbeidsflyt som Mermaid-tilstandsdiagram, laget av deklarasjonen', operationId: 'HentAvviksdiagramMermaid' })
  @ApiOkResponse({ description: 'text/plain', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblems({ status: 429, description: 'For mange forespørsler fra denne klienten; prøv igjen etter `Retry-After` sekunder.' })
  diagram(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/plain; charset=utf-8');
    return avviksdiagramMermaid();
  }

  @Get(':avvikId')
  @ApiOperation({ summary: 'Les et avvik: partene, hva som skjedde, status, svarfrist, dialogen, funn og tiltak, forbedringssakene, og stegene som er tillatt nå', description: AVVIK_LESERE_TEKST, operationId: 'HentAvvik' })
  @ApiParam({ name: 'avvikId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: AvvikDto, description: '`ETag` er avvikets revisjon, for `If-Match` på neste steg.', headers: { ETag: { description: 'Avvikets revisjon.', schema: { type: 'string' } } } })
  @ApiProblems(
    { status: 400, description: 'Avvik-id-en er ikke en UUID.' },
    { status: 401, description: 'Ingen gyldig bearer-token.' },
    { status: 403, description: AVVIK_LESERE_TEKST },
    { status: 404, description: 'Avviket finnes ikke.' },
  )
  async hent(@Param('avvikId', avvikIdPipe) avvikId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AvvikView> {
    const view = await this.avvik.hent(avvikId, this.actors.leser(req), this.actors.tryResolve(req));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }

  @Post('forbedringssaker')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Åpne forbedringssak fra avvik: en sak i saksgangen (Registrer sak), knyttet til hvert avvik (Knytt til forbedringssak)',
    description: 'Fagrådet for avvikene eller ASU. Blir ett av avvikene nektet (status, hvem som handler, allerede knyttet), registreres ingenting.',
    operationId: 'AapneForbedringssak',
  })
  @ApiBody({ required: true, schema: jsonSchemaFor(FORBEDRINGSSAK_FELTER) as Record<string, unknown> })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: ForbedringssakResponseDto, description: 'Saken er registrert og knyttet til avvikene. `Location` er sakens adresse.', headers: { Location: { description: 'Adressen til forbedringssaken.', schema: { type: 'string' } } } })
  @ApiProblems(
    ...commandProblems({
      badRequest: 'Ugyldig innhold (ukjent felt, tom tittel, et avvik som ikke finnes, personopplysninger): hvert ugyldig felt står i `errors`.',
      notFound: 'Et avvik finnes ikke.',
      conflict: 'Et av avvikene er allerede knyttet til saken.',
      refused: 'Et av avvikene tar ikke imot steget nå.',
    }),
    { status: 401, description: 'Ingen gyldig bearer-token.' },
    { status: 403, description: 'Bare fagrådet som følger opp avvikene, eller ASU, åpner en forbedringssak fra dem.' },
  )
  async aapneForbedringssak(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const body = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestValidationError([{ field: 'body', reason: 'innholdet må være et JSON-objekt' }]);
    const inn = somForespoerselsfeil(() => validerFelter<{ avvikIder: string[]; tittel: string; beskrivelse?: string }>(FORBEDRINGSSAK_FELTER, body as Record<string, unknown>));
    const ugyldig = inn.avvikIder.find((id) => !UUID.test(id));
    if (ugyldig !== undefined) throw new RequestValidationError([{ field: 'avvikIder', reason: 'hvert avvik er en UUID' }]);
    for (const [felt, hva] of [['tittel', 'Tittelen'], ['beskrivelse', 'Beskrivelsen']] as const) {
      const p = personopplysningFeil(inn[felt], felt, hva);
      if (p) throw new RequestValidationError([{ field: felt, reason: p.message }]);
    }
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const r = await this.avvik.aapneForbedringssak({ ...inn, ...konvoluttFra(h, aktoer) });
    void reply.header('Location', `/saker/${r.sakId}`);
    return { sakId: r.sakId, lenker: r.lenker.map((l, i) => svar(inn.avvikIder[i]!, l)), replayed: r.sak.replayed && r.lenker.every((l) => l.replayed) };
  }

  async utfoer(steg: AvvikStegType, req: FastifyRequest, reply: FastifyReply): Promise<Record<string, unknown>> {
    const def = AVVIK_ARBEIDSFLYT[steg];
    const f = felter(steg);
    const oppretter = def.fra.length === 0;
    sjekkStegforespoersel('avvikId', oppretter, req);
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const { data, aggregateId: avvikId } = lesStegforespoersel(f, 'avvikId', oppretter, req, h);

    let result;
    try {
      result = await this.avvik.utfoer({ aggregateId: avvikId, steg, data, ...konvoluttFra(h, aktoer, { oppretter }), fagraadKandidater: this.fagraadKandidater });
    } catch (e) {
      throw somInputfeil(e, f);
    }
    if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
    if (oppretter) void reply.header('Location', `/avvik/${avvikId}`);
    return svar(avvikId, result);
  }
}

const STEG_PROBLEMS = [
  ...commandProblems({
    badRequest: 'Ugyldig innhold, sti eller header (ukjent felt, feil type, ugyldig dato, tom eller for lang tekst, ukjent organ, et fødselsnummer eller D-nummer i en fritekst — «fjern personopplysninger»): hvert ugyldig felt står i `errors`.',
    notFound: 'Avviket (eller forbedringssaken det skal rapportere fra) finnes ikke.',
    conflict: 'Avviket er endret siden revisjonen i `If-Match`, det steget oppretter finnes allerede, eller koblingen finnes.',
    refused: 'Avvikets arbeidsflyt tillater ikke steget nå: `code` og `detail` sier hvorfor, `allowedSteps` hvilke steg som er tillatt.',
  }),
  { status: 401, description: 'Ingen gyldig bearer-token.' },
  { status: 403, description: 'Autentisert, men ikke tillatt: rolle, organets forhold til avviket (den som meldte, mottakeren, fagrådet), medlemskap på datoen. `code` og `detail` sier hvorfor.' },
];

function svarType(steg: AvvikStegType): typeof AvvikResponseDto {
  const nye = felterMedKilde(felter(steg), 'ny').filter((x) => x !== 'avvikId');
  if (nye.length === 0) return AvvikResponseDto;
  const Svar = class extends AvvikResponseDto {};
  Object.defineProperty(Svar, 'name', { value: `${steg}SvarDto` });
  for (const felt of nye) ApiProperty({ type: String, description: `Id-en steget ga (${felt}).` })(Svar.prototype, felt);
  return Svar;
}

for (const steg of AVVIK_STEG) {
  const def = AVVIK_ARBEIDSFLYT[steg];
  const proto = AvvikController.prototype as unknown as Record<string, unknown>;
  const metode = leggTilStegmetode(AvvikController.prototype as unknown as Parameters<typeof leggTilStegmetode<typeof steg>>[0], steg);
  const oppretter = def.fra.length === 0;
  const stiparametre = [...(oppretter ? [] : ['avvikId']), ...felterMedKilde(felter(steg), 'sti')];
  const dekoratorer: MethodDecorator[] = [
    Post(def.rute),
    HttpCode(201),
    ApiOperation({ summary: `${def.tittel} (${steg})`, description: def.beskrivelse, operationId: steg }),
    ApiBody({ required: false, schema: jsonSchemaFor(felter(steg)) as Record<string, unknown> }),
    ...stiparametre.map((p) =>
      ApiParam({ name: p, required: true, schema: p === 'avvikId' ? { type: 'string', format: 'uuid' } : { type: 'string', pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N}._:@+-]{0,199}$', maxLength: 200 } }),
    ),
    ApiCommandHeaders({ ifMatch: !oppretter }),
    ApiCreatedResponse({
      description: `Registrert. \`ETag\` er avvikets nye revisjon (for \`If-Match\`).${oppretter ? ' `Location` er avvikets adresse.' : ''}`,
      type: svarType(steg),
      headers: {
        ETag: { description: 'Avvikets revisjon etter steget.', schema: { type: 'string' } },
        ...(oppretter ? { Location: { description: 'Adressen til det nye avviket.', schema: { type: 'string' } } } : {}),
      },
    }),
    ApiProblems(...STEG_PROBLEMS.filter((p) => !oppretter || (p.status !== 404 && p.status !== 409))),
  ];
  const descriptor = Object.getOwnPropertyDescriptor(proto, metode)!;
  for (const d of dekoratorer.reverse()) d(proto, metode, descriptor);
}
