import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SAKSFASER, SAKSTYPER } from '@saksgang/domain';

export class SkjermetDto {
  @ApiProperty({ type: [String], description: 'The fields left out.' }) felt!: string[];
  @ApiProperty({ description: 'The legal basis (skjermingshjemmel).' }) skjermingshjemmel!: string;
}

export class OffentligSkjermingDto {
  @ApiProperty({ description: 'The event (its number in the sak, from 0) whose fields are exempt.' }) hendelsesnummer!: number;
  @ApiProperty({ type: [String] }) felt!: string[];
  @ApiProperty({ example: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' }) skjermingshjemmel!: string;
  @ApiPropertyOptional({ example: '13' }) tilgangsrestriksjon?: string;
}

export class OffentligHendelseDto {
  @ApiProperty() hendelsesnummer!: number;
  @ApiProperty({ example: 'SakRegistrert' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event\'s data without the exempt fields.' }) data!: Record<string, unknown>;
  @ApiPropertyOptional({ type: SkjermetDto, description: 'Which fields were left out, and why.' }) skjermet?: SkjermetDto;
}

export class OffentligSakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ description: 'The title, or the public title (offentlig tittel) when the title is exempt.' }) tittel!: string;
  @ApiPropertyOptional({ description: 'Left out when exempt.' }) beskrivelse?: string;
  @ApiProperty({ enum: SAKSTYPER }) sakstype!: string;
  @ApiProperty({ enum: SAKSFASER }) fase!: string;
  @ApiProperty() innmeldtAv!: string;
  @ApiProperty() registrert!: string;
  @ApiProperty({ type: [OffentligSkjermingDto], description: 'The exemptions in force (fields and legal basis; never the values).' }) skjerminger!: OffentligSkjermingDto[];
  @ApiProperty({ type: [OffentligHendelseDto] }) hendelser!: OffentligHendelseDto[];
}
