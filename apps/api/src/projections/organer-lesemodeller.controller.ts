import { Controller, Get, Inject, NotFoundException, Param, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { SqlClient } from '@saksgang/event-store';
import { erAktivPaaDato, MOETESTATUSBESKRIVELSE, type Moetestatus } from '@saksgang/domain';
import { type ArbeidslistePunkt, hentArbeidsliste, hentKlarForSaksliste, hentMoetekalender, hentOrganer, hentSendt } from '@saksgang/projections';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ForOrganetsMedlemmer, Offentlig } from '../auth/tilgang.js';
import { ArbeidslisteDto, type ArbeidslistePunktDto, IdagQueryDto, KlarForSakslisteDto, LesemodellQueryDto, MoetekalenderDto, MoetekalenderQueryDto, OrganlisteQueryDto, SendtDto, SendtQueryDto } from './projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, organIdParam, ReadModelProblemFilter, TRENGER } from './read-models.http.js';

class OrganIListeDto {
  @ApiProperty({ example: 'asu-hnt' }) organId!: string;
  @ApiProperty({ example: 'Administrativt samarbeidsutvalg (ASU)' }) navn!: string;
  @ApiProperty({ example: 'asu' }) organtype!: string;
  @ApiProperty({ example: 'administrativt' }) nivaa!: string;
  @ApiPropertyOptional({ example: 'asu-hnt' }) oppnevntAv?: string;
  @ApiProperty({ example: 'Utreder, prioriterer, delegerer og følger opp.', description: 'The mandate as it stands now.' }) mandat!: string;
  @ApiProperty({ example: '2012-06-01T00:00:00.000Z' }) opprettet!: string;
  @ApiPropertyOptional() nedlagt?: string;
  @ApiPropertyOptional({ description: 'With `dato`: whether the body existed (established, not dissolved) on that date.' }) aktivPaaDato?: boolean;
}

export class OrganlisteDto {
  @ApiPropertyOptional({ example: '2016-06-01', description: 'The date asked about, if any.' }) dato?: string;
  @ApiProperty({ type: [OrganIListeDto], description: 'Political level first, then administrative, then professional; by name.' }) organer!: OrganIListeDto[];
}

/** A body's arbeidsliste (what waits for it) and the other direction (what it has sent and where each stands). */
@ApiTags('lesemodeller')
@Controller('organer')
@UseFilters(ReadModelProblemFilter)
export class OrganerLesemodellerController {
  constructor(@Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller) {}

  @Get()
  @Offentlig()
  @ApiOperation({
    summary: 'The bodies of the helsefellesskap: name, type, level, mandate, who appointed them, whether dissolved, and whether they existed on a date (public)',
    operationId: 'ListOrganer',
    security: [],
  })
  @ApiOkResponse({ type: OrganlisteDto })
  @ApiLesemodellProblems()
  async liste(@Query() q: OrganlisteQueryDto): Promise<OrganlisteDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.organer);
    const dato = q.dato;
    return {
      ...(dato ? { dato } : {}),
      organer: (await hentOrganer(sql)).map((o) => ({
        organId: o.organId,
        navn: o.navn,
        organtype: o.organtype,
        nivaa: o.nivaa,
        ...(o.oppnevntAv ? { oppnevntAv: o.oppnevntAv } : {}),
        mandat: o.mandat,
        opprettet: o.opprettet,
        ...(o.nedlagt ? { nedlagt: o.nedlagt } : {}),
        ...(dato ? { aktivPaaDato: erAktivPaaDato({ opprettet: o.opprettet, ...(o.nedlagt ? { nedlagt: o.nedlagt } : {}) }, dato) } : {}),
      })),
    };
  }

  @Get(':organId/arbeidsliste')
  @ForOrganetsMedlemmer({ param: 'organId', hva: 'Arbeidslisten til et organ' })
  @ApiOperation({
    summary: 'Arbeidsliste: everything waiting for this body, with frist and days left or overdue',
    description:
      'Orders received, oppdrag delegated to it, deliveries to review, requests for a later frist, saker to put on an agenda or decide, ' +
      'decisions to follow up. Every open order and oppdrag is on exactly one body’s list.',
  })
  @ApiParam({ name: 'organId', example: 'asu-hnt' })
  @ApiOkResponse({ type: ArbeidslisteDto })
  @ApiLesemodellProblems({ status: 404, description: 'No such body in the read model.' })
  async arbeidsliste(@Param('organId') id: string, @Query() q: IdagQueryDto): Promise<ArbeidslisteDto> {
    const { sql, organId, idag } = await this.forbered(id, q);
    const liste = await hentArbeidsliste(sql, organId, idag);
    const punkter = liste.venter.map(tilPunktDto);
    return { organId, idag, antall: punkter.length, antallForfalt: punkter.filter((p) => p.forfalt).length, punkter };
  }

  @Get(':organId/sendt')
  @ForOrganetsMedlemmer({ param: 'organId', hva: 'Det et organ har sendt' })
  @ApiOperation({
    summary: 'Sendt: everything this body has ordered, delegated or sent to follow-up, and where each one stands',
    description:
      'PSU asks: “what happened to what we ordered?”. Open items first (earliest frist first; `organId` is the body whose turn it is now — this body itself while a delivery awaits its review), ' +
      'then delivered, accepted, answered, decided and closed ones with the status they ended in, latest first. `status=aapen` lists the open ones only.',
  })
  @ApiParam({ name: 'organId', example: 'psu-hnt' })
  @ApiOkResponse({ type: SendtDto })
  @ApiLesemodellProblems({ status: 404, description: 'No such body in the read model.' })
  async sendt(@Param('organId') id: string, @Query() q: SendtQueryDto): Promise<SendtDto> {
    const { sql, organId, idag } = await this.forbered(id, q);
    const status = q.status ?? 'alle';
    const punkter = (await hentSendt(sql, organId, idag, status)).map((p) => ({ ...tilPunktDto(p), aapen: p.aapen, lukket: p.lukket, lukketFordi: p.lukketFordi }));
    return { organId, idag, status, antall: punkter.length, antallAapne: punkter.filter((p) => p.aapen).length, punkter };
  }

  @Get(':organId/moeter')
  @ForOrganetsMedlemmer({ param: 'organId', hva: 'Møtekalenderen til et organ' })
  @ApiOperation({
    summary: 'Møtekalender: møtene organet holder (også fellesmøter), med dato, tid, sted, status og møtenummer',
    description: 'Etter dato og klokkeslett. `aar` gir møtene i ett år (møteåret); uten: alle.',
    operationId: 'HentOrganetsMoetekalender',
  })
  @ApiParam({ name: 'organId', example: 'psu-hnt' })
  @ApiOkResponse({ type: MoetekalenderDto })
  @ApiLesemodellProblems({ status: 404, description: 'No such body in the read model.' })
  async moetekalender(@Param('organId') id: string, @Query() q: MoetekalenderQueryDto): Promise<MoetekalenderDto> {
    const organId = organIdParam(id);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.moeter);
    await finnesOrgan(sql, organId);
    const organer = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
    const moeter = (await hentMoetekalender(sql, organId, q.aar)).map((m) => ({
      ...m,
      organIder: [...m.organIder],
      organnavn: m.organIder.map((o) => organer.get(o) ?? o),
      fellesmoete: m.organIder.length > 1,
      statusTekst: MOETESTATUSBESKRIVELSE[m.status as Moetestatus] ?? m.status,
    }));
    return { organId, aar: q.aar ?? null, antall: moeter.length, moeter };
  }

  @Get(':organId/klar-for-saksliste')
  @ForOrganetsMedlemmer({ param: 'organId', hva: 'Sakene som er klare for et organs saksliste' })
  @ApiOperation({
    summary: 'Klar for saksliste: saker med innstilling som ennå ikke står på en saksliste, for organet som skal behandle dem',
    description:
      'Organet som bestilte utredningen, får svaret på sin saksliste; ellers organet som ga innstillingen. En sak står på en saksliste når den er et punkt (ikke trukket, ikke behandlet) i et møte som ikke er avlyst. Et vedtak «utsatt» gjør den klar igjen.',
    operationId: 'HentKlarForSaksliste',
  })
  @ApiParam({ name: 'organId', example: 'psu-hnt' })
  @ApiOkResponse({ type: KlarForSakslisteDto })
  @ApiLesemodellProblems({ status: 404, description: 'No such body in the read model.' })
  async klarForSaksliste(@Param('organId') id: string, @Query() q: LesemodellQueryDto): Promise<KlarForSakslisteDto> {
    const organId = organIdParam(id);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.moeter);
    await finnesOrgan(sql, organId);
    const organer = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
    const saker = (await hentKlarForSaksliste(sql, organId)).map((s) => ({ ...s, innstillingFraNavn: organer.get(s.innstillingFra) ?? null }));
    return { organId, antall: saker.length, saker };
  }

  private async forbered(id: string, q: IdagQueryDto): Promise<{ sql: SqlClient; organId: string; idag: string }> {
    const organId = organIdParam(id);
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.arbeidsliste);
    await finnesOrgan(sql, organId);
    return { sql, organId, idag: this.lesemodeller.idag(q.idag) };
  }
}

export async function finnesOrgan(sql: SqlClient, organId: string): Promise<{ navn: string; nivaa: string }> {
  const organ = (await hentOrganer(sql)).find((o) => o.organId === organId);
  if (!organ) throw new NotFoundException(`Body ${organId} is not in the read model (unknown, or not projected yet: pass the minPosition your command returned).`);
  return organ;
}

export function tilPunktDto(p: ArbeidslistePunkt): ArbeidslistePunktDto {
  return { ...p, fraOrganIder: [...p.fraOrganIder] };
}
