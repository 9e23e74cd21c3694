/** The persons of the helsefellesskap with their memberships (issue 16, item 4): who has held which role in which body, and when. */
import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { rollenavn } from '@saksgang/domain';
import { hentPersoner } from '@saksgang/projections';
import { LesemodellQueryDto } from './projections.dto.js';
import { ApiLesemodellProblems, Lesemodeller, ReadModelProblemFilter, TRENGER } from './read-models.http.js';

class MedlemskapDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag' }) organnavn!: string;
  @ApiProperty({ example: 'observatoer' }) rolle!: string;
  @ApiProperty({ example: 'observatør', description: 'The role as a person reads it.' }) rollenavn!: string;
  @ApiProperty({ example: '2019-02-15', description: 'First day.' }) fra!: string;
  @ApiPropertyOptional({ example: '2023-12-31', description: 'Last day (inclusive); absent while the period is open.' }) til?: string;
  @ApiPropertyOptional({ example: 'Trøndelag fylkeskommune' }) representerer?: string;
}

class PersonDto {
  @ApiProperty({ example: 'tore-sandvik' }) personId!: string;
  @ApiProperty({ example: 'Tore O. Sandvik' }) navn!: string;
  @ApiProperty({ type: [MedlemskapDto], description: 'Oldest first.' }) medlemskap!: MedlemskapDto[];
}

export class PersonlisteDto {
  @ApiProperty({ type: [PersonDto], description: 'By name.' }) personer!: PersonDto[];
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
        })),
      })),
    };
  }
}
