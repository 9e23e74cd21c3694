import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FeltDto } from '../saker/arbeidsflyt.controller.js';

class DokumentStegHttpDto {
  @ApiProperty({ enum: ['POST'] }) method!: 'POST';
  @ApiProperty({ example: '/dokumenter/{dokumentId}/versjoner' }) path!: string;
  @ApiProperty({ enum: ['application/json', 'multipart/form-data'], description: 'multipart/form-data for the steps that carry a file (the fields first, the file last in «fil»).' }) innholdstype!: string;
}

class DokumentStegDto {
  @ApiProperty({ example: 'LeggTilDokumentversjon' }) steg!: string;
  @ApiProperty({ example: 'Last opp ny versjon' }) tittel!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ type: [FeltDto], description: 'The fields of the request (the form), from the declaration; the assigned ones (format, size, checksum) are not among them.' }) felter!: FeltDto[];
  @ApiProperty({ type: [String], example: ['dokumentId'] }) stiparametre!: string[];
  @ApiPropertyOptional({ example: 'Filen', description: 'The file the step carries (the form field «fil»), when it carries one.' }) fil?: string;
  @ApiProperty({ type: DokumentStegHttpDto }) http!: DokumentStegHttpDto;
}

class TillattFormatDto {
  @ApiProperty({ example: 'pdf' }) format!: string;
  @ApiProperty({ example: 'PDF' }) navn!: string;
}

export class DokumentArbeidsflytDto {
  @ApiProperty({ type: [DokumentStegDto] }) steg!: DokumentStegDto[];
  @ApiProperty({ type: [TillattFormatDto], description: 'The formats an upload may have (told by the content).' }) formater!: TillattFormatDto[];
  @ApiProperty({ example: 26214400, description: 'The largest file accepted, in bytes (SAKSGANG_DOKUMENT_MAKS_BYTES).' }) maksBytes!: number;
}
