/**
 * Every step of the sak workflow over HTTP, made from the declaration (`SAK_ARBEIDSFLYT`): one
 * `POST /saker/<rute>` per step, its request schema from the step's fields, its path parameters from
 * its `sti` fields, the ids it creates (`ny`) given by the service and returned. No step is written
 * out here: a step added to the declaration has its operation, its validation and its OpenAPI entry.
 *
 * How a request reaches the decider: `utfoer` (this file) → `UtfoerSakssteg` on the CommandBus →
 * `UtfoerSaksstegHandler` → `CommandPath.execute(sakDecider, …)` (read → fold → decide → append),
 * or, for a step whose field assigns agenda numbers, `SettSakPaaSaksliste` → `SakslisteService`.
 */
import { leggTilStegmetode } from '../http/stegmetode.js';
import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type CommandResult, SettSakPaaSaksliste, type SettPaaSakslisteResult, UtfoerSakssteg } from '@saksgang/application';
import {
  DomainError,
  felterMedKilde,
  type FeltSett,
  formaterMoetesaksnummer,
  fristFelt,
  InvalidCommandError,
  jsonSchemaFor,
  organFelt,
  SAK_ARBEIDSFLYT,
  SAK_STEG,
  type SakCommand,
  type SakStegType,
  type StegDefinisjon,
} from '@saksgang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { kommandosvar } from '../http/kommandosvar.js';
import { commandHeaders, konvoluttFra } from '../http/command-headers.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { lesStegforespoersel, sjekkStegforespoersel } from '../http/stegforespoersel.js';
import { CommandResponseDto, MoetesaksnummerDto } from './saker.dto.js';

/** The full path of a step in OpenAPI form, e.g. `/saker/{sakId}/oppdrag/{oppdragId}/aksept`. */
export function stegSti(steg: SakStegType): string {
  const rute = SAK_ARBEIDSFLYT[steg].rute;
  return `/saker${rute ? `/${rute}` : ''}`.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** The answer to a step: the recorded events, and the ids of what the step created. */
export interface SakstegSvar extends CommandResponseDto {
  readonly [ny: string]: unknown;
}

function definisjon(steg: SakStegType): StegDefinisjon<SakStegType> {
  return SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
}

/** The step that assigns agenda numbers (its field of kind `moetesaksnumre`) goes through the numbering service. */
function tildelerNumre(def: StegDefinisjon<SakStegType>): string | undefined {
  return Object.values(def.felter as FeltSett).find((f) => f.art === 'moetesaksnumre' && f.kilde === 'tildeles') ? 'moetesaksnumre' : undefined;
}

/** A domain refusal about a field of the request (an unknown body, a frist not after the step) answers 400 naming it. */
function somInputfeil(e: unknown, def: StegDefinisjon<SakStegType>): unknown {
  if (!(e instanceof DomainError) || e.field) return e;
  const field = e.code === 'organ_ikke_funnet' ? organFelt(def.felter) : e.code === 'frist_ikke_etter_gjelder_fra' ? fristFelt(def.felter) : undefined;
  return field ? new InvalidCommandError(e.code, e.message, { field, allowedSteps: e.allowedSteps }) : e;
}


/** The sak workflow over HTTP: one operation per declared step. */
@ApiTags('saker')
@ApiExtraModels(CommandResponseDto, MoetesaksnummerDto)
@Controller('saker')
export class SaksstegController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  /** Every step: the path, the body checked against the step's fields, the new ids, the command, the answer. */
  async utfoer(steg: SakStegType, req: FastifyRequest, reply: FastifyReply): Promise<SakstegSvar> {
    const def = definisjon(steg);
    const oppretter = def.fra.length === 0;
    // The shape first (a JSON object, the sak's id in the path), before the actor and the idempotency fingerprint read the body.
    sjekkStegforespoersel('sakId', oppretter, req);
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    // The body and path checked by the step's declared fields; a new id for each thing the step creates (from the Idempotency-Key when sent).
    const { data, nye, aggregateId: sakId } = lesStegforespoersel(def.felter as FeltSett, 'sakId', oppretter, req, h);

    let result: CommandResult;
    let ekstra: Record<string, unknown> = {};
    try {
      if (tildelerNumre(def)) {
        const r: SettPaaSakslisteResult = await this.commands.execute(
          new SettSakPaaSaksliste({
            sakId,
            organIder: data['organIder'] as string[],
            moetedato: data['moetedato'] as string,
            ...(data['moetested'] !== undefined ? { moetested: data['moetested'] as string } : {}),
            ...(data['gjelderFra'] !== undefined ? { gjelderFra: data['gjelderFra'] as string } : {}),
            sakslistepunktId: data['sakslistepunktId'] as string,
            ...konvoluttFra(h, aktoer),
          }),
        );
        result = r;
        ekstra = { moetesaksnumre: r.moetesaksnumre.map((m) => ({ ...m, formatert: formaterMoetesaksnummer(m.moetesakssekvensnummer, m.moetesaksaar) })) };
        nye['sakslistepunktId'] = r.sakslistepunktId;
      } else {
        const command = { type: steg, data } as SakCommand;
        result = await this.commands.execute(new UtfoerSakssteg({ aggregateId: sakId, command, ...konvoluttFra(h, aktoer, { oppretter }) }));
      }
    } catch (e) {
      throw somInputfeil(e, def);
    }
    const { sakId: _s, ...andre } = nye;
    return { sakId, ...kommandosvar(result, reply, oppretter ? { location: `/saker/${sakId}` } : {}), ...andre, ...ekstra };
  }
}

const STEG_PROBLEMS = [
  ...commandProblems({
    badRequest: 'Ugyldig innhold, sti eller header (ukjent felt, feil type, ugyldig dato, tom eller for lang tekst, ukjent organ, frist som ikke er etter steget): hvert ugyldig felt står i `errors`.',
    notFound: 'Saken (eller oppdraget, sakslistepunktet, oppfølgingen, skjermingen) finnes ikke.',
    conflict: 'Saken er endret siden revisjonen i `If-Match` (gjeldende revisjon står i `ETag`), eller det steget oppretter, finnes allerede.',
    refused: 'Arbeidsflyten tillater ikke steget nå: `code` og `detail` sier hvorfor, `allowedSteps` hvilke steg som er tillatt.',
  }),
  { status: 401, description: 'Ingen gyldig bearer-token.' },
  { status: 403, description: 'Autentisert, men ikke tillatt: rolle, organets type/nivå/forhold til saken, medlemskap på datoen steget gjelder fra, revisor (bare lesing). `code` og `detail` sier hvorfor.' },
];

/**
 * The answer's type: the common answer, the ids the step creates and the agenda numbers it assigns —
 * one named schema per step that creates something (e.g. `DelegerOppdragSvarDto`).
 */
function svarType(steg: SakStegType, def: StegDefinisjon<SakStegType>): typeof CommandResponseDto {
  const nye = felterMedKilde(def.felter, 'ny').filter((f) => f !== 'sakId');
  if (nye.length === 0 && !tildelerNumre(def)) return CommandResponseDto;
  const Svar = class extends CommandResponseDto {};
  Object.defineProperty(Svar, 'name', { value: `${steg}SvarDto` });
  for (const felt of nye) ApiProperty({ type: String, description: `Id-en steget ga (${felt}); avledet av Idempotency-Key når den sendes.` })(Svar.prototype, felt);
  if (tildelerNumre(def)) ApiProperty({ type: [MoetesaksnummerDto], description: 'Møtesaksnummeret hvert organ ga, f.eks. 3/19.' })(Svar.prototype, 'moetesaksnumre');
  return Svar;
}

// One method per step, with its route and its OpenAPI description, from the declaration.
for (const steg of SAK_STEG) {
  const def = definisjon(steg);
  const proto = SaksstegController.prototype as unknown as Record<string, unknown>;
  const metode = leggTilStegmetode(SaksstegController.prototype as unknown as Parameters<typeof leggTilStegmetode<typeof steg>>[0], steg);
  const oppretter = def.fra.length === 0;
  const stiparametre = [...(oppretter ? [] : ['sakId']), ...felterMedKilde(def.felter, 'sti')];
  const dekoratorer: MethodDecorator[] = [
    Post(def.rute),
    HttpCode(201),
    ApiOperation({ summary: `${def.tittel} (${steg})`, description: def.beskrivelse, operationId: steg }),
    ApiBody({ required: false, schema: jsonSchemaFor(def.felter) as Record<string, unknown> }),
    ...stiparametre.map((p) =>
      ApiParam({ name: p, required: true, schema: p === 'sakId' ? { type: 'string', format: 'uuid' } : { type: 'string', pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N}._:@+-]{0,199}$', maxLength: 200 } }),
    ),
    ApiCommandHeaders({ ifMatch: !oppretter }),
    ApiCreatedResponse({
      description: `Registrert. \`ETag\` er sakens nye revisjon (for \`If-Match\`).${oppretter ? ' `Location` er sakens adresse.' : ''}`,
      type: svarType(steg, def),
      headers: {
        ETag: { description: 'Sakens revisjon etter steget.', schema: { type: 'string' } },
        ...(oppretter ? { Location: { description: 'Adressen til den nye saken.', schema: { type: 'string' } } } : {}),
      },
    }),
    ApiProblems(...STEG_PROBLEMS.filter((p) => !oppretter || (p.status !== 404 && p.status !== 409))),
  ];
  const descriptor = Object.getOwnPropertyDescriptor(proto, metode)!;
  for (const d of dekoratorer.reverse()) d(proto, metode, descriptor);
}
