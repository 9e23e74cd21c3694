import { randomUUID } from 'node:crypto';
import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CommandResult,
  deterministicEventId,
  HentSak,
  type SakView,
  SettSakPaaSaksliste,
  type SettPaaSakslisteResult,
  UtfoerSakssteg,
} from '@saksgang/application';
import { type Aktoer, DomainError, formaterMoetesaksnummer, InvalidCommandError, type SakCommand, type SakStegType } from '@saksgang/domain';
import { formatPosition } from '@saksgang/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { type CommandHeaders, commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { BestillUtredningDto, CommandResponseDto, RegistrerSakDto, SakDto } from './saker.dto.js';
import {
  AvgiInnstillingDto,
  AvslaaUtsattFristDto,
  AvsluttSakDto,
  BeOmUtsattFristDto,
  DelegerOppdragDto,
  FattVedtakDto,
  GjenaapneSakDto,
  GodtaLeveranseDto,
  KorrigerOpplysningDto,
  LeverOppdragDto,
  MeldOppfoelgingFullfoertDto,
  MottaBestillingDto,
  OppdragStegDto,
  RapporterOppfoelgingDto,
  ReturnerLeveranseDto,
  SakstegResponseDto,
  SendTilOppfoelgingDto,
  SettPaaSakslisteDto,
  TildelNivaaDto,
  TrekkSakDto,
} from './sakssteg.dto.js';
import { SAKSSTEG_RUTER } from './sakssteg-ruter.js';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId must be a UUID' }]),
});

const SUB_ID = /^[\p{L}\p{N}][\p{L}\p{N}._:@+-]{0,199}$/u;

/** A path id of a sub-entity (oppdrag, agenda item, follow-up). */
function subId(name: string, value: string): string {
  if (!SUB_ID.test(value)) throw new RequestValidationError([{ field: name, reason: `${name} must be letters, digits, . _ : @ + - (at most 200)` }]);
  return value;
}

const STEG_PROBLEMS = [
  ...commandProblems({
    badRequest: 'Invalid body, path or header (unknown field, wrong type, malformed date, empty or oversize text, unknown body, deadline not after the step): every invalid field is named.',
    notFound: 'No such sak (or oppdrag, agenda item, follow-up).',
    conflict: 'The sak changed since the revision in `If-Match` (the current revision is in `ETag`), or the thing exists already.',
    refused: 'The workflow refuses the step: `code` and `detail` say why, `allowedSteps` lists the steps allowed now.',
  }),
  { status: 401, description: 'No valid bearer token.' },
  { status: 403, description: 'Authenticated, but not allowed: role, body type/level/relation, membership on the date the step takes effect, auditor (read-only). `code`, `detail` say why.' },
];

/** A workflow step endpoint: `POST /saker/<resource>` answering 201 with the recorded events. */
function Steg(steg: SakStegType, summary: string) {
  return applyDecorators(
    Post(SAKSSTEG_RUTER[steg]),
    HttpCode(201),
    ApiOperation({ summary: `${summary} (${steg})`, operationId: steg }),
    ApiCommandHeaders({ ifMatch: steg !== 'RegistrerSak' }),
    ApiCreatedResponse({ type: SakstegResponseDto, description: 'Recorded. `ETag` is the sak\'s new revision (for `If-Match`).' }),
    ApiProblems(...STEG_PROBLEMS.filter((p) => steg !== 'RegistrerSak' || (p.status !== 404 && p.status !== 409))),
  );
}

/** Which request field a domain refusal is about, so it can be answered as a 400 naming it. */
interface Felt {
  /** The field naming a body: an unknown body is bad input, not a missing sak. */
  readonly organ?: string;
  /** The deadline field: a deadline not after the step's effective date is bad input. */
  readonly frist?: string;
}

function somInputfeil(e: unknown, felt: Felt): unknown {
  if (!(e instanceof DomainError) || e.field) return e;
  const field = e.code === 'organ_ikke_funnet' ? felt.organ : e.code === 'frist_ikke_etter_gjelder_fra' ? felt.frist : undefined;
  return field ? new InvalidCommandError(e.code, e.message, { field, allowedSteps: e.allowedSteps }) : e;
}

interface Kontekst {
  readonly aktoer: Aktoer;
  readonly h: CommandHeaders;
  /** A new id for something the step creates: derived from the Idempotency-Key when sent, so a retry reuses it. */
  readonly nyId: () => string;
}

/** The sak workflow over HTTP: one endpoint per step of `SAK_ARBEIDSFLYT`, and the sak read with its allowed steps. */
@ApiTags('saker')
@Controller('saker')
export class SakerController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  private kontekst(req: FastifyRequest): Kontekst {
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    return { aktoer, h, nyId: () => (h.idempotent ? deterministicEventId(h.commandId, -1) : randomUUID()) };
  }

  /** Every step goes through here: actor, command headers (Idempotency-Key, If-Match), CommandBus, answer. */
  private async run(
    sakId: string,
    req: FastifyRequest,
    reply: FastifyReply,
    lag: SakCommand | ((nyId: () => string) => SakCommand),
    felt: Felt = {},
    create = false,
  ): Promise<SakstegResponseDto> {
    const { aktoer, h, nyId } = this.kontekst(req);
    const command = typeof lag === 'function' ? lag(nyId) : lag;
    let result: CommandResult;
    try {
      result = await this.commands.execute(
        new UtfoerSakssteg({ aggregateId: sakId, command, ...konvoluttFra(h, aktoer, { oppretter: create }) }),
      );
    } catch (e) {
      throw somInputfeil(e, felt);
    }
    if (create) void reply.header('Location', `/saker/${sakId}`);
    return {
      ...respond(sakId, result, reply),
      ...(command.type === 'DelegerOppdrag' ? { oppdragId: command.data.oppdragId } : {}),
      ...(command.type === 'SendTilOppfoelging' ? { oppfoelgingId: command.data.oppfoelgingId } : {}),
    };
  }

  @Steg('RegistrerSak', 'Register a sak')
  registrer(@Body() dto: RegistrerSakDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommandResponseDto> {
    // With an Idempotency-Key the new sak's id is derived from it, so a retry finds the same sak.
    const sakId = this.kontekst(req).nyId();
    const command: SakCommand = {
      type: 'RegistrerSak',
      data: {
        sakId,
        tittel: dto.tittel,
        beskrivelse: dto.beskrivelse ?? '',
        innmeldtAv: dto.innmeldtAv,
        sakstype: dto.sakstype ?? 'beslutningssak',
        ...(dto.saksnummer ? { saksnummer: dto.saksnummer } : {}),
        ...(dto.gjelderFra ? { gjelderFra: dto.gjelderFra } : {}),
      },
    };
    return this.run(sakId, req, reply, command, { organ: 'innmeldtAv' }, true);
  }

  @Steg('TildelNivaa', 'Assign the sak to a level (a body): the arbeidsutvalg\'s triage')
  tildelNivaa(@Param('sakId', uuidPipe) sakId: string, @Body() dto: TildelNivaaDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'TildelNivaa', data: { ...dto } }, { organ: 'organId' });
  }

  @Steg('BestillUtredning', 'Order an investigation: PSU orders ASU to investigate, with mandate and deadline')
  bestill(@Param('sakId', uuidPipe) sakId: string, @Body() dto: BestillUtredningDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'BestillUtredning', data: { ...dto } }, { organ: 'tilOrganId', frist: 'frist' });
  }

  @Steg('MottaBestilling', 'Receive the order (ASU), optionally with its own case number')
  motta(@Param('sakId', uuidPipe) sakId: string, @Body() dto: MottaBestillingDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'MottaBestilling', data: { ...dto } });
  }

  @Steg('DelegerOppdrag', 'Delegate an oppdrag downward to a fagråd, fagnettverk or arbeidsgruppe (several may run in parallel)')
  deleger(@Param('sakId', uuidPipe) sakId: string, @Body() dto: DelegerOppdragDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, (nyId) => ({ type: 'DelegerOppdrag', data: { oppdragId: nyId(), ...dto } }), { organ: 'tilOrganId', frist: 'frist' });
  }

  @Steg('AksepterOppdrag', 'Accept an oppdrag (the receiving body)')
  aksepter(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: OppdragStegDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'AksepterOppdrag', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('BeOmUtsattFrist', 'Ask for a later deadline (the receiving body)')
  beOmUtsettelse(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: BeOmUtsattFristDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'BeOmUtsattFrist', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('InnvilgUtsattFrist', 'Grant the later deadline (the delegating body)')
  innvilgUtsettelse(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: OppdragStegDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'InnvilgUtsattFrist', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('AvslaaUtsattFrist', 'Refuse the later deadline (the delegating body); the old one stands')
  avslaaUtsettelse(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: AvslaaUtsattFristDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'AvslaaUtsattFrist', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('LeverOppdrag', 'Deliver the oppdrag back to the delegating body')
  lever(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: LeverOppdragDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'LeverOppdrag', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('GodtaLeveranse', 'Accept the delivery; the oppdrag is done')
  godta(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: GodtaLeveranseDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'GodtaLeveranse', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } });
  }

  @Steg('ReturnerLeveranse', 'Return the delivery for more work (optionally with a new deadline)')
  returner(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppdragId') oppdragId: string,
    @Body() dto: ReturnerLeveranseDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'ReturnerLeveranse', data: { oppdragId: subId('oppdragId', oppdragId), ...dto } }, { frist: 'nyFrist' });
  }

  @Steg('AvgiInnstilling', 'Give the recommendation (innstilling: forslag til vedtak)')
  innstill(@Param('sakId', uuidPipe) sakId: string, @Body() dto: AvgiInnstillingDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'AvgiInnstilling', data: { ...dto } });
  }

  @Steg('SettPaaSaksliste', 'Put the sak on a body\'s agenda for a meeting (or on PSU\'s and ASU\'s for a joint meeting); each body gives its next agenda number for the year, e.g. 3/19, without gaps')
  async settPaaSaksliste(
    @Param('sakId', uuidPipe) sakId: string,
    @Body() dto: SettPaaSakslisteDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SakstegResponseDto> {
    const { aktoer, h, nyId } = this.kontekst(req);
    let result: SettPaaSakslisteResult;
    try {
      result = await this.commands.execute(
        new SettSakPaaSaksliste({
          sakId,
          organIder: dto.organIder,
          moetedato: dto.moetedato,
          ...(dto.moetested !== undefined ? { moetested: dto.moetested } : {}),
          ...(dto.gjelderFra !== undefined ? { gjelderFra: dto.gjelderFra } : {}),
          sakslistepunktId: nyId(),
          ...konvoluttFra(h, aktoer),
        }),
      );
    } catch (e) {
      throw somInputfeil(e, { organ: 'organIder' });
    }
    return {
      ...respond(sakId, result, reply),
      sakslistepunktId: result.sakslistepunktId,
      moetesaksnumre: result.moetesaksnumre.map((n) => ({ ...n, formatert: formaterMoetesaksnummer(n.moetesakssekvensnummer, n.moetesaksaar) })),
    };
  }

  @Steg('FattVedtak', 'Record the decision of the meeting: vedtatt, tatt til orientering, utsatt, sendt tilbake or avvist')
  fattVedtak(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('sakslistepunktId') punktId: string,
    @Body() dto: FattVedtakDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'FattVedtak', data: { sakslistepunktId: subId('sakslistepunktId', punktId), ...dto } }, { organ: 'organIder' });
  }

  @Steg('SendTilOppfoelging', 'Send the decision to a body for follow-up, with a deadline')
  sendTilOppfoelging(@Param('sakId', uuidPipe) sakId: string, @Body() dto: SendTilOppfoelgingDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, (nyId) => ({ type: 'SendTilOppfoelging', data: { oppfoelgingId: nyId(), ...dto } }), { organ: 'tilOrganId', frist: 'frist' });
  }

  @Steg('RapporterOppfoelging', 'Report the status of a follow-up')
  rapporter(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppfoelgingId') oppfoelgingId: string,
    @Body() dto: RapporterOppfoelgingDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'RapporterOppfoelging', data: { oppfoelgingId: subId('oppfoelgingId', oppfoelgingId), ...dto } });
  }

  @Steg('MeldOppfoelgingFullfoert', 'Report a follow-up done')
  fullfoer(
    @Param('sakId', uuidPipe) sakId: string,
    @Param('oppfoelgingId') oppfoelgingId: string,
    @Body() dto: MeldOppfoelgingFullfoertDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(sakId, req, reply, { type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: subId('oppfoelgingId', oppfoelgingId), ...dto } });
  }

  @Steg('AvsluttSak', 'Close the sak')
  avslutt(@Param('sakId', uuidPipe) sakId: string, @Body() dto: AvsluttSakDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'AvsluttSak', data: { ...dto } });
  }

  @Steg('TrekkSak', 'Withdraw the sak before it is decided')
  trekk(@Param('sakId', uuidPipe) sakId: string, @Body() dto: TrekkSakDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'TrekkSak', data: { ...dto } });
  }

  @Steg('GjenaapneSak', 'Reopen a closed or withdrawn sak, with a reason')
  gjenaapne(@Param('sakId', uuidPipe) sakId: string, @Body() dto: GjenaapneSakDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'GjenaapneSak', data: { ...dto } });
  }

  @Steg('KorrigerOpplysning', 'Correct a fact of an earlier event: the correction is added; history is never rewritten')
  korriger(@Param('sakId', uuidPipe) sakId: string, @Body() dto: KorrigerOpplysningDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(sakId, req, reply, { type: 'KorrigerOpplysning', data: { ...dto } });
  }

  @Get(':sakId')
  @ApiOperation({ summary: 'Read a sak: its state, the steps allowed now, and every event with both times' })
  @ApiHeader({ name: 'X-Dev-Person', required: false, description: 'Optional: with the actor headers, `tillatteSteg` is exact for that actor (role, body, level, relation to the sak).' })
  @ApiOkResponse({ type: SakDto, description: '`ETag` is the revision, for `If-Match` on the next step.' })
  @ApiProblems({ status: 400, description: 'The sak id is not a UUID.' }, { status: 404, description: 'No such sak.' }, { status: 503, description: 'The event store is unavailable.' })
  async hent(@Param('sakId', uuidPipe) sakId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SakView> {
    const view = await this.queries.execute(new HentSak(sakId, this.actors.tryResolve(req)));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }
}

function respond(sakId: string, result: CommandResult, reply: FastifyReply): CommandResponseDto {
  if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
  return {
    sakId,
    revision: result.revision?.toString() ?? null,
    position: result.position ? formatPosition(result.position) : null,
    hendelser: result.events.map((e, i) => ({ eventId: result.eventIds[i]!, type: e.type })),
    replayed: result.replayed,
  };
}
