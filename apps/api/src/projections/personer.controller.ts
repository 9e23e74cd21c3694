/** The persons of the helsefellesskap with their memberships (issue 16, item 4): who has held which role in which body, and when. */
import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { norskDato, type Oppnevning, rollenavn } from '@saksgang/domain';
import { hentPersoner } from '@saksgang/projections';
import { LesemodellQueryDto } from './projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, ReadModelProblemFilter, TRENGER } from './read-models.http.js';

class VedtakslenkeDto {
  @ApiProperty({ example: 'psu-hnt', description: 'The body whose decision it was.' }) organId!: string;
  @ApiPropertyOptional({ example: '6f1c2a3e-…', description: 'The sak the decision was made in.' }) sakId?: string;
}

class MedlemskapDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag' }) organnavn!: string;
  @ApiProperty({ example: 'observatoer' }) rolle!: string;
  @ApiProperty({ example: 'observatør', description: 'The role as a person reads it.' }) rollenavn!: string;
  @ApiProperty({ example: '2019-02-15', description: 'First day.' }) fra!: string;
  @ApiPropertyOptional({ example: '2023-12-31', description: 'Last day (inclusive); absent while the period is open.' }) til?: string;
  @ApiPropertyOptional({ example: 'Trøndelag fylkeskommune' }) representerer?: string;
  @ApiPropertyOptional({
    example: 'PSU-sak 2/19 (15.02.2019)',
    description: 'The decision that appointed them, as a person reads it; with `oppnevntIVedtak` when it was made in a sak.',
  })
  oppnevntAv?: string;
  @ApiPropertyOptional({ type: VedtakslenkeDto, description: 'The body and the sak of the decision that appointed them (the link from the organisation to the case).' })
  oppnevntIVedtak?: VedtakslenkeDto;
}

class PersonDto {
  @ApiProperty({ example: 'tore-sandvik' }) personId!: string;
  @ApiProperty({ example: 'Tore O. Sandvik' }) navn!: string;
  @ApiProperty({ type: [MedlemskapDto], description: 'Oldest first.' }) medlemskap!: MedlemskapDto[];
}

export class PersonlisteDto {
  @ApiProperty({ type: [PersonDto], description: 'By name.' }) personer!: PersonDto[];
}

/** Who appointed a member, as a person reads it, and the link to the decision's sak. */
function oppnevning(o: Oppnevning | null): { oppnevntAv?: string; oppnevntIVedtak?: { organId: string; sakId?: string } } {
  if (!o) return {};
  if ('drift' in o) return { oppnevntAv: 'Driftens oppsett' };
  if ('eksterntOrgan' in o) return { oppnevntAv: `${o.eksterntOrgan}: ${o.vedtak} (${norskDato(o.dato)})` };
  return { oppnevntAv: `${o.vedtak} (${norskDato(o.dato)})`, oppnevntIVedtak: { organId: o.organId, ...(o.sakId ? { sakId: o.sakId } : {}) } };
}

@ApiTags('lesemodeller')
@Controller('personer')
@UseFilters(ReadModelProblemFilter)
export class PersonerController {
  constructor(@Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller) {}

  @Get()
  @ApiOperation({ summary: 'The persons who have held a role in a body, with their memberships (any signed-in person)', operationId: 'ListPersoner' })
  @ApiOkResponse({ type: PersonlisteDto })
  @ApiLesemodellProblems()
  async liste(@Query() q: LesemodellQueryDto): Promise<PersonlisteDto> {
    const sql = await this.lesemodeller.klar(q.minPosition, TRENGER.organer);
    return {
      personer: (await hentPersoner(sql)).map((p) => ({
        personId: p.personId,
        navn: p.navn,
        medlemskap: p.medlemskap.map((m) => ({
          organId: m.organId,
          organnavn: m.organnavn,
          rolle: m.rolle,
          rollenavn: rollenavn(m.rolle),
          fra: m.fra,
          ...(m.til ? { til: m.til } : {}),
          ...(m.representerer ? { representerer: m.representerer } : {}),
          ...oppnevning(m.oppnevntAv),
        })),
      })),
    };
  }
}
