import { norskDato } from '@saksgang/domain';
import { Controller, Get, Header, Inject, NotFoundException, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InnsynILesemodeller, type Leser } from '@saksgang/application';
import { hentSaksforloep, hentSaksforloepDokument, renderSaksforloepSvg, type Saksforloep, type SaksoversiktFilter, sokSaker, escapeXml } from '@saksgang/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { LesemodellQueryDto, SaksforloepDto, SaksoversiktDto, SaksoversiktQueryDto } from './projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, ReadModelProblemFilter, sakIdPipe, TRENGER } from './read-models.http.js';

/**
 * The sak read models: the saksoversikt (`GET /saker`, next to the register command `POST /saker`)
 * and the saksforløp as JSON, SVG swimlane and printable HTML. What is exempt (skjermet) is shown only
 * to the readers the read predicate allows (libs/application auth/innsyn.ts); everyone else reads and
 * searches the public values ({@link InnsynILesemodeller}).
 */
@ApiTags('lesemodeller')
@Controller('saker')
@UseFilters(ReadModelProblemFilter)
export class SakerLesemodellerController {
  constructor(
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(InnsynILesemodeller) private readonly innsyn: InnsynILesemodeller,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Saksoversikt: list, filter and search saker, paginated with the total count',
    description:
      'Filters combine (AND). With `q`, best hits first; else the latest changed first. ' +
      'For a sak with exempt fields the reader may not read (see GET /saker/{sakId}, `innsyn`), `q` matches only the public values, and the public values are shown.',
  })
  @ApiOkResponse({ type: SaksoversiktDto })
  @ApiLesemodellProblems()
  async oversikt(@Query() q: SaksoversiktQueryDto, @Req() req: FastifyRequest): Promise<SaksoversiktDto> {
    return soekSaker(this.lesemodeller, this.innsyn, q, this.actors.leser(req));
  }

  @Get(':sakId/forloep')
  @ApiOperation({
    summary: 'Saksforløp: the whole journey of a sak across levels, step by step',
    description:
      'For each step: level, body, the body’s own case number, the step, the acting person and role, the effective and the recorded time; ' +
      'and the delegated oppdrag with their own steps.',
  })
  @ApiParam({ name: 'sakId', format: 'uuid' })
  @ApiOkResponse({ type: SaksforloepDto })
  @ApiLesemodellProblems({ status: 404, description: 'The sak is not in the read model (unknown, or not projected yet: use `minPosition`).' })
  async forloep(@Param('sakId', sakIdPipe) sakId: string, @Query() q: LesemodellQueryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    // The read model puts the document (SaksforloepDto's shape) together as UTF-8; it is sent as it is, not parsed and serialised again.
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.saksforloep);
    void reply.type('application/json; charset=utf-8');
    const offentlig = await this.offentligForloep(sakId, this.actors.leser(req), sql);
    if (offentlig) return Buffer.from(JSON.stringify(offentlig), 'utf8');
    const dokument = await hentSaksforloepDokument(sql, sakId);
    if (dokument === undefined) throw ikkeIForloepet(sakId);
    return dokument;
  }

  @Get(':sakId/forloep.svg')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Saksforløp as an SVG swimlane: one lane per body, ordered by level, the steps over time' })
  @ApiParam({ name: 'sakId', format: 'uuid' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'The swimlane picture.', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @ApiLesemodellProblems({ status: 404, description: 'The sak is not in the read model.' })
  async svg(@Param('sakId', sakIdPipe) sakId: string, @Query() q: LesemodellQueryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const forloep = await this.hent(sakId, q.minPosition, this.actors.leser(req));
    void reply.type('image/svg+xml; charset=utf-8');
    return renderSaksforloepSvg(forloep);
  }

  @Get(':sakId/forloep.html')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Saksforløp as a printable HTML page: the swimlane and the table of steps with both times' })
  @ApiParam({ name: 'sakId', format: 'uuid' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A self-contained HTML page (no scripts, print styles).', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiLesemodellProblems({ status: 404, description: 'The sak is not in the read model.' })
  async html(@Param('sakId', sakIdPipe) sakId: string, @Query() q: LesemodellQueryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const forloep = await this.hent(sakId, q.minPosition, this.actors.leser(req));
    void reply.type('text/html; charset=utf-8');
    return forloepHtml(forloep);
  }

  private async hent(sakId: string, minPosition: string | undefined, leser: Leser | undefined): Promise<Saksforloep> {
    const sql = await this.lesemodeller.klar(minPosition, TRENGER.saksforloep);
    const forloep = (await this.offentligForloep(sakId, leser, sql)) ?? (await hentSaksforloep(sql, sakId));
    if (!forloep) throw ikkeIForloepet(sakId);
    return forloep;
  }

  /** The public saksforløp when the reader may not read what is exempt in this sak (else undefined: the read model's, as stored). */
  private async offentligForloep(sakId: string, leser: Leser | undefined, sql: Awaited<ReturnType<Lesemodeller['klar']>>): Promise<Saksforloep | undefined> {
    const svar = await this.innsyn.saksforloep(leser, sakId, sql);
    if (svar.kilde === 'finnes_ikke') throw ikkeIForloepet(sakId);
    return svar.kilde === 'offentlig' ? svar.forloep : undefined;
  }
}

function ikkeIForloepet(sakId: string): NotFoundException {
  return new NotFoundException(`Sak ${sakId} is not in the saksforløp (unknown, or not projected yet: pass the minPosition your command returned).`);
}

function tilOversiktDto(s: Awaited<ReturnType<typeof sokSaker>>['saker'][number]): SaksoversiktDto['saker'][number] {
  return { ...s, saksnumre: { ...s.saksnumre }, moetesaksnumre: [...s.moetesaksnumre], organer: [...s.organer] };
}

/** A recorded time as Norwegians read it, in Norwegian time: 07.12.2026 kl. 06.43. */
function norskTidspunkt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const del = Object.fromEntries(
    new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((p) => [p.type, p.value]),
  );
  return `${del['day']}.${del['month']}.${del['year']} kl. ${del['hour']}.${del['minute']}`;
}

const NIVAA_TEKST: Readonly<Record<string, string>> = { politisk: 'Politisk', administrativt: 'Administrativt', faglig: 'Faglig' };

/** A printable page: heading, the swimlane, the steps with both times, the oppdrag. No scripts. */
export function forloepHtml(f: Saksforloep): string {
  const e = escapeXml;
  const navn = (organId: string) => f.organer?.[organId]?.navn ?? organId;
  const saksnumre = Object.entries(f.saksnumre)
    .map(([organ, nr]) => `${e(navn(organ))} ${e(nr)}`)
    .join(', ');
  const rader = f.steg
    .map(
      (s) => `<tr>
  <td class="nr">${s.revisjon + 1}</td>
  <td>${e(NIVAA_TEKST[s.nivaa ?? ''] ?? s.nivaa ?? '–')}</td>
  <td>${e(s.organNavn ?? s.organId)}${s.organSaksnummer ? `<br><span class="liten">sak ${e(s.organSaksnummer)}</span>` : ''}</td>
  <td>${e(s.beskrivelse)}${s.moetesaksnumre.length ? `<br><span class="liten">${e(s.moetesaksnumre.join(', '))}</span>` : ''}</td>
  <td>${e(s.personNavn ?? s.personId)}<br><span class="liten">${e(s.rollenavn)}</span></td>
  <td class="tid">${e(norskDato(s.gjelderFra))}</td>
  <td class="tid">${e(norskTidspunkt(s.registrert))}</td>
</tr>`,
    )
    .join('\n');
  const oppdrag = f.oppdrag.length
    ? `<h2>Oppdrag</h2>
<table>
<thead><tr><th>Fra</th><th>Til</th><th>Mandat</th><th>Frist</th><th>Status</th><th>Delegert</th></tr></thead>
<tbody>
${f.oppdrag
  .map(
    (o) =>
      `<tr><td>${e(navn(o.fraOrganId))}</td><td>${e(navn(o.tilOrganId))}</td><td>${e(o.mandat)}</td><td class="tid">${e(norskDato(o.frist))}</td><td>${e(o.status.replaceAll('_', ' '))}</td><td class="tid">${e(norskDato(o.delegert))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
    : '';
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>Saksforløp – ${e(f.tittel)}</title>
<style>
  body { font-family: sans-serif; margin: 2rem; color: #222; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; }
  .meta { color: #555; margin-top: 0; }
  .svg { overflow-x: auto; margin: 1rem 0; }
  .svg svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-bottom: 1.5rem; }
  th, td { border: 1px solid #bbb; padding: .3rem .4rem; vertical-align: top; text-align: left; }
  th { background: #f2f2f2; }
  td.nr { text-align: right; }
  td.tid { white-space: nowrap; }
  .liten { color: #555; font-size: .8em; }
  @media print {
    body { margin: 0; }
    .svg { overflow: visible; }
    tr { page-break-inside: avoid; }
    thead { display: table-header-group; }
  }
  @page { size: A4 landscape; margin: 12mm; }
</style>
</head>
<body>
<h1>Saksforløp: ${e(f.tittel)}</h1>
<p class="meta">${e(f.sakstype)} · meldt inn av ${e(navn(f.innmeldtAv))}${saksnumre ? ` · saksnumre: ${saksnumre}` : ''}</p>
<div class="svg">
${renderSaksforloepSvg(f)}
</div>
<h2>Steg</h2>
<table>
<thead><tr><th>#</th><th>Nivå</th><th>Organ</th><th>Steg</th><th>Utført av</th><th>Gjelder fra</th><th>Registrert</th></tr></thead>
<tbody>
${rader}
</tbody>
</table>
${oppdrag}
</body>
</html>
`;
}

/** The saksoversikt search for a reader (undefined: the public), exempt values left out for whoever may not read them. */
async function soekSaker(lesemodeller: Lesemodeller, innsyn: InnsynILesemodeller, q: SaksoversiktQueryDto, leser: Leser | undefined): Promise<SaksoversiktDto> {
  const sql = await lesemodeller.klar(q.minPosition, TRENGER.saksoversikt);
  const offentlig = await innsyn.offentligeSoekeverdier(leser, sql);
  const side = q.side ?? 1;
  const perSide = q.perSide ?? 20;
  const filter: SaksoversiktFilter = {
    ...(q.q ? { tekst: q.q } : {}),
    ...(q.status?.length ? { fase: q.status as SaksoversiktFilter['fase'] } : {}),
    ...(q.organId ? { organId: q.organId } : {}),
    ...(q.sakstype ? { sakstype: q.sakstype } : {}),
    ...(q.aar !== undefined ? { aar: q.aar } : {}),
    ...(q.nivaa ? { nivaa: q.nivaa } : {}),
    ...(offentlig.length > 0 ? { offentlig } : {}),
  };
  const { totalt, saker } = await sokSaker(sql, { ...filter, limit: perSide, offset: (side - 1) * perSide });
  return { totalt, side, perSide, antallSider: Math.ceil(totalt / perSide), saker: saker.map(tilOversiktDto) };
}

/** Innsyn for the public: search the public saker without signing in (the public values only, as `GET /saker` shows them to anyone who may not read what is exempt). */
@ApiTags('offentlighet')
@Controller('offentlig')
@UseFilters(ReadModelProblemFilter)
export class OffentligSoekController {
  constructor(
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
    @Inject(InnsynILesemodeller) private readonly innsyn: InnsynILesemodeller,
  ) {}

  @Get('saker')
  @Offentlig()
  @ApiOperation({ summary: 'Search the saker as the public may (no token): public titles and values only, never what is exempt', operationId: 'SoekOffentligeSaker', security: [] })
  @ApiOkResponse({ type: SaksoversiktDto })
  @ApiLesemodellProblems()
  async soek(@Query() q: SaksoversiktQueryDto): Promise<SaksoversiktDto> {
    return soekSaker(this.lesemodeller, this.innsyn, q, undefined);
  }
}
