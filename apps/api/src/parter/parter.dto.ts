import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PART_ID_MOENSTER, PARTTYPER } from '@saksgang/domain';

const GJELDER_FRA_MESSAGE = 'gjelderFra must be an ISO 8601 date (YYYY-MM-DD) or date-time';

export class RegistrerPartDto {
  @ApiProperty({ example: 'helse-og-omsorgsdepartementet', description: 'Stable id: lower-case letters, digits, . _ - (at most 100).' })
  @IsString()
  @Matches(PART_ID_MOENSTER, { message: 'partId must be lower-case letters, digits, . _ - (at most 100)' })
  partId!: string;

  @ApiProperty({ example: 'Helse- og omsorgsdepartementet', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'navn must not be blank' })
  navn!: string;

  @ApiProperty({ enum: PARTTYPER })
  @IsIn([...PARTTYPER])
  parttype!: (typeof PARTTYPER)[number];

  @ApiPropertyOptional({ example: '983887457', description: 'Organisasjonsnummer (Enhetsregisteret), nine digits.' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{9}$/, { message: 'organisasjonsnummer must be nine digits' })
  organisasjonsnummer?: string;

  @ApiPropertyOptional({ example: '2010-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class OmdoepPartDto {
  @ApiProperty({ example: 'Statsforvalteren i Trøndelag', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'navn must not be blank' })
  navn!: string;

  @ApiPropertyOptional({ example: '2021-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class AvsluttPartDto {
  @ApiPropertyOptional({ example: 'Slått sammen med Rissa til Indre Fosen kommune', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  begrunnelse?: string;

  @ApiPropertyOptional({ example: 'indre-fosen-kommune', description: 'The party it was merged into.' })
  @IsOptional()
  @IsString()
  @Matches(PART_ID_MOENSTER, { message: 'erstattetAv must be a party id' })
  erstattetAv?: string;

  @ApiPropertyOptional({ example: '2018-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class PartCommandResponseDto {
  @ApiProperty() partId!: string;
  @ApiProperty({ type: String, nullable: true }) revision!: string | null;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: [String] }) hendelser!: string[];
  @ApiProperty() replayed!: boolean;
}

export class PartnavnDto {
  @ApiProperty() navn!: string;
  @ApiProperty({ description: 'When the name took effect.' }) fra!: string;
}

export class PartDto {
  @ApiProperty() partId!: string;
  @ApiProperty({ description: 'The name on the date asked for (today without `dato`).' }) navn!: string;
  @ApiProperty({ enum: PARTTYPER }) parttype!: string;
  @ApiProperty({ type: String, nullable: true }) organisasjonsnummer!: string | null;
  @ApiProperty() registrert!: string;
  @ApiProperty({ type: String, nullable: true }) avsluttet!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The party it was merged into.' }) erstattetAv!: string | null;
  @ApiProperty({ description: 'Whether the party existed on the date (registered, not yet ended).' }) aktiv!: boolean;
  @ApiProperty({ type: [PartnavnDto] }) navnehistorikk!: PartnavnDto[];
}

export class ParterDto {
  @ApiProperty({ example: '2017-11-24' }) dato!: string;
  @ApiProperty({ type: [PartDto] }) parter!: PartDto[];
}

export class HoeringssvarDto {
  @ApiProperty() partId!: string;
  @ApiProperty() partnavn!: string;
  @ApiProperty() mottatt!: string;
  @ApiProperty({ type: String, nullable: true }) dokumentId!: string | null;
  @ApiProperty() etterFrist!: boolean;
}

export class IkkeSvartDto {
  @ApiProperty() partId!: string;
  @ApiProperty() partnavn!: string;
}

export class HoeringsoversiktDto {
  @ApiProperty() hoeringId!: string;
  @ApiProperty({ description: 'The body that sent the hearing.' }) organId!: string;
  @ApiProperty({ format: 'date' }) hoeringsfrist!: string;
  @ApiProperty() sendt!: string;
  @ApiProperty({ type: [HoeringssvarDto] }) svart!: HoeringssvarDto[];
  @ApiProperty({ type: [IkkeSvartDto], description: 'The parties that have not answered (after the frist: restanser).' }) ikkeSvart!: IkkeSvartDto[];
  @ApiProperty({ description: 'True when the frist is past and some have not answered.' }) harRestanser!: boolean;
}

export class HoeringerDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ type: [HoeringsoversiktDto] }) hoeringer!: HoeringsoversiktDto[];
}

export class ManglendeHoeringssvarDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() hoeringId!: string;
  @ApiProperty() organId!: string;
  @ApiProperty() partId!: string;
  @ApiProperty() partnavn!: string;
  @ApiProperty({ format: 'date' }) hoeringsfrist!: string;
  @ApiProperty() dagerOverFrist!: number;
}

export class ManglendeHoeringssvarListeDto {
  @ApiProperty({ format: 'date' }) idag!: string;
  @ApiProperty({ type: [ManglendeHoeringssvarDto] }) restanser!: ManglendeHoeringssvarDto[];
}
