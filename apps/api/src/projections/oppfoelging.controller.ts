import { Controller, Get, Inject, Param, Query, Req, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { InnsynILesemodeller } from '@saksgang/application';
import { hentAarsstatistikk, hentMoetetall, hentRestanser, hentVedtaksoppfoelging } from '@saksgang/projections';
import type { FastifyRequest } from 'fastify';
import { ForOrganetsMedlemmer } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { finnesOrgan, tilPunktDto } from './organer-lesemodeller.controller.js';
import { AarsstatistikkDto, IdagQueryDto, RestanserDto, RestanserQueryDto, VedtakQueryDto, VedtaksoppfoelgingDto } from './projections.dto.js';
import { aarPipe, ApiLesemodellProblems, Lesemodeller, organIdParam, ReadModelProblemFilter, TRENGER } from './read-models.http.js';

/** Frister og restanser, vedtaksoppfølging and årsstatistikk across the helsefellesskap. */
@ApiTags('lesemodeller')
@Controller()
@UseFilters(ReadModelProblemFilter)
export class OppfoelgingController {
  constructor(
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(InnsynILesemodeller) private readonly innsyn: InnsynILesemodeller,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Get('restanser')
  @ForOrganetsMedlemmer({ query: 'organId', hva: 'Restansene' })
  @ApiOperation({
    summary: 'Restanser: open orders, oppdrag and follow-ups past their frist, across the helsefellesskap (or for one body)',
  })
  @ApiOkResponse({ type: RestanserDto })
  @ApiLesemodellProblems()
  async restanser(@Query() q: RestanserQueryDto): Promise<RestanserDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.arbeidsliste);
    const idag = this.lesemodeller.idag(q.idag);
    const punkter = (await hentRestanser(sql, idag, q.organId)).map(tilPunktDto);
    const perArt: Record<string, number> = {};
    for (const p of punkter) perArt[p.art] = (perArt[p.art] ?? 0) + 1;
    return { idag, organId: q.organId ?? null, antall: punkter.length, perArt, punkter };
  }

  @Get('vedtak')
  @ApiOperation({
    summary: 'Vedtaksoppfølging: decisions and the state of their follow-up',
    description: 'For a sak with exempt fields the reader may not read (see GET /saker/{sakId}, `innsyn`), the public title and `[skjermet]` for a hidden value.',
  })
  @ApiOkResponse({ type: VedtaksoppfoelgingDto })
  @ApiLesemodellProblems()
  async vedtak(@Query() q: VedtakQueryDto, @Req() req: FastifyRequest): Promise<VedtaksoppfoelgingDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.vedtaksoppfoelging);
    const idag = this.lesemodeller.idag(q.idag);
    const lagret = await hentVedtaksoppfoelging(sql, idag, {
      ...(q.organId ? { organId: q.organId } : {}),
      ...(q.aar !== undefined ? { aar: q.aar } : {}),
      ...(q.sakId ? { sakId: q.sakId } : {}),
    });
    // Before the status filter, so it matches on what the reader may see.
    const rader = await this.innsyn.vedtak(this.actors.leser(req), lagret, { aarFiltrert: q.aar !== undefined });
    const status = q.status;
    const utvalgte =
      status === undefined
        ? rader
        : rader.filter((v) => (status === 'uten_oppfoelging' ? v.oppfoelginger.length === 0 : v.oppfoelginger.some((o) => o.status === status)));
    const vedtak = utvalgte.map((v) => ({
      ...v,
      organIder: [...v.organIder],
      moetesaksnumre: [...v.moetesaksnumre],
      oppfoelginger: v.oppfoelginger.map((o) => ({ ...o, fraOrganIder: [...o.fraOrganIder] })),
    }));
    return { idag, antall: vedtak.length, vedtak };
  }

  @Get('statistikk/:organId/:aar')
  @ApiOperation({
    summary:
      'Årsstatistikk for a body and year: saker received, orders and oppdrag, deliveries (and late ones), decisions by outcome, follow-ups, ' +
      'median days from order to decision, and overdue orders and oppdrag',
    description:
      'What an årsmelding needs. Counted by the year a step took effect (a decision: its meeting’s year); days from order to decision in the year of the decision; ' +
      'overdue orders and oppdrag in the year of their frist, judged on `idag` for those still open; the meetings the body held, called off or has not held yet in the year (`moeter`).',
  })
  @ApiParam({ name: 'organId', example: 'asu-hnt' })
  @ApiParam({ name: 'aar', example: 2018 })
  @ApiOkResponse({ type: AarsstatistikkDto })
  @ApiLesemodellProblems({ status: 404, description: 'No such body in the read model.' })
  async statistikk(@Param('organId') id: string, @Param('aar', aarPipe) aar: number, @Query() q: IdagQueryDto): Promise<AarsstatistikkDto> {
    const organId = organIdParam(id);
    if (aar < 1900 || aar > 2200) throw new RequestValidationError([{ field: 'aar', reason: 'aar must be a year (a whole number 1900–2200)' }]);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.aarsstatistikk);
    const organ = await finnesOrgan(sql, organId);
    const idag = this.lesemodeller.idag(q.idag);
    const statistikk = await hentAarsstatistikk(sql, aar, idag);
    const egen = statistikk.organer.find((o) => o.organId === organId);
    const tall = egen ? { ...egen.tall } : Object.fromEntries(Object.keys(statistikk.totalt).map((m) => [m, 0]));
    const behandlingstid = egen ? { ...egen.behandlingstid } : { antall: 0, medianDager: null, minDager: null, maksDager: null };
    const forfalte = egen ? { ...egen.forfalte } : { antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 0 };
    return { organId, organNavn: organ.navn, nivaa: organ.nivaa, aar, idag, tall, behandlingstid, forfalte, moeter: await hentMoetetall(sql, organId, aar) };
  }
}
