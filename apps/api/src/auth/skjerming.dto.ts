import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
