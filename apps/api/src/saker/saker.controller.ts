import { Controller, Get, Inject, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HentSak, type SakView } from '@saksgang/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '../http/actor.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { SakDto } from './saker.dto.js';

/** The sak id in the path: a UUID, else 400 naming it. */
export const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId må være en UUID' }]),
});

/** A sak read with its state, its allowed steps and its events. The steps are in sakssteg.controller.ts, made from the declaration. */
@ApiTags('saker')
@Controller('saker')
export class SakerController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Get(':sakId')
  @ApiOperation({ summary: 'Read a sak: its state, the steps allowed now, and every event with both times' })
  @ApiHeader({ name: 'X-Organ', required: false, description: 'The body you act for: with X-Rolle, `tillatteSteg` lists the steps you may take now (role, body, level, relation to the sak).', example: 'asu-hnt' })
  @ApiHeader({ name: 'X-Rolle', required: false, description: 'Your role in that body.', example: 'sekretaer' })
  @ApiHeader({ name: 'X-Dev-Person', required: false, description: 'Development only (SAKSGANG_DEV_ACTOR_HEADERS=on): the person, instead of a token.' })
  @ApiHeader({ name: 'X-Dev-Organ', required: false, description: 'Development only: the body the person acts for.' })
  @ApiHeader({ name: 'X-Dev-Rolle', required: false, description: 'Development only: the role in that body.' })
  @ApiOkResponse({ type: SakDto, description: '`ETag` is the revision, for `If-Match` on the next step.', headers: { ETag: { description: 'The sak\'s revision.', schema: { type: 'string' } } } })
  @ApiProblems({ status: 400, description: 'The sak id is not a UUID.' }, { status: 404, description: 'No such sak.' }, { status: 503, description: 'The event store is unavailable.' })
  async hent(@Param('sakId', uuidPipe) sakId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SakView> {
    // What is exempt is shown only to those the read predicate allows (libs/application auth/innsyn.ts); others get the public version.
    const view = await this.queries.execute(new HentSak(sakId, this.actors.tryResolve(req), this.actors.leser(req)));
    void reply.header('ETag', `"${view.revision}"`);
    return view;
  }
}
