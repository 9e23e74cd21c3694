import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class MarkerSkjermingDto {
  @ApiPropertyOptional({ example: 0, description: 'The event (its number in the sak, from 0) whose fields are exempt. Default 0: the registration (tittel, beskrivelse).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  hendelsesnummer?: number;

  @ApiProperty({ example: ['tittel', 'beskrivelse'], description: 'Fields of that event\'s data that are exempt from public access.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  felt!: string[];

  @ApiProperty({ example: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1', description: 'The legal basis (skjermingshjemmel).' })
  @IsString()
  @Length(1, 500)
  skjermingshjemmel!: string;

  @ApiPropertyOptional({ example: '13', description: 'Noark 5 tilgangsrestriksjon code.' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  tilgangsrestriksjon?: string;

  @ApiPropertyOptional({ example: 'Bekymringsmelding om pasientforløp', description: 'The title the public sees; required when `tittel` is exempt.' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  offentligTittel?: string;

  @ApiPropertyOptional({ example: '2019-03-05' })
  @IsOptional()
  @IsISO8601({ strict: true })
  gjelderFra?: string;
}

export class OpphevSkjermingDto {
  @ApiProperty({ example: 'Innsynskrav vurdert: grunnlaget for unntak er falt bort.' })
  @IsString()
  @Length(1, 20000)
  begrunnelse!: string;

  @ApiPropertyOptional({ example: '2019-06-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  gjelderFra?: string;
}

export class SkjermingResponseDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() skjermingId!: string;
  @ApiProperty({ nullable: true, type: String }) revision!: string | null;
  @ApiProperty() replayed!: boolean;
}

export class OffentligHendelseDto {
  @ApiProperty() hendelsesnummer!: number;
  @ApiProperty({ example: 'SakRegistrert' }) type!: string;
  @ApiProperty({ description: 'The event\'s data without the exempt fields.' }) data!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Which fields were left out, and why.' }) skjermet?: { felt: string[]; skjermingshjemmel: string };
}

export class OffentligSakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ description: 'The title, or the public title (offentlig tittel) when the title is exempt.' }) tittel!: string;
  @ApiPropertyOptional({ description: 'Left out when exempt.' }) beskrivelse?: string;
  @ApiProperty() sakstype!: string;
  @ApiProperty() fase!: string;
  @ApiProperty() innmeldtAv!: string;
  @ApiProperty() registrert!: string;
  @ApiProperty({ description: 'The exemptions in force (fields and legal basis; never the values).' }) skjerminger!: unknown[];
  @ApiProperty({ type: [OffentligHendelseDto] }) hendelser!: OffentligHendelseDto[];
}
