import { ApiProperty } from '@nestjs/swagger';
import { FeltDto } from '../saker/arbeidsflyt.controller.js';
import { HendelseRefDto } from '../saker/saker.dto.js';

/** The answer to a step on an avvik. */
export class AvvikResponseDto {
  @ApiProperty({ format: 'uuid' }) avvikId!: string;
  @ApiProperty({ example: '1', description: 'Avviksstrømmens revisjon etter steget (også ETag).', nullable: true, type: String })
  revision!: string | null;
  @ApiProperty({ example: 'C:735/P:12', nullable: true, type: String, description: 'Global posisjon for den siste hendelsen.' })
  position!: string | null;
  @ApiProperty({ type: [HendelseRefDto] }) hendelser!: HendelseRefDto[];
  @ApiProperty({ description: 'Sann når steget var utført før (samme Idempotency-Key) og ingenting nytt ble registrert.' })
  replayed!: boolean;
}

/** One avvik as read (by a party, its fagråd or an auditor). */
export class AvvikDto {
  @ApiProperty({ format: 'uuid' }) avvikId!: string;
  @ApiProperty({ example: '3', description: 'Avviksstrømmens revisjon (også ETag, for `If-Match`).' }) revision!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Avviket: melder, motpart, tildelt enhet, fagråd, tjenesteavtale, hva som skjedde og når, konsekvens, kategori, status, svarfrist, funn og tiltak, dialogen og forbedringssakene.',
  })
  state!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Stegene som er tillatt nå (for den som handler, med X-Organ og X-Rolle).', example: ['RegistrerAvvik'] })
  tillatteSteg!: string[];
}

/** The answer: the new sak and each avvik's link. */
export class ForbedringssakResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Forbedringssaken (en sak i saksgangen: GET /saker/{sakId}).' }) sakId!: string;
  @ApiProperty({ type: [AvvikResponseDto], description: 'Koblingen registrert på hvert avvik (KnyttTilForbedringssak).' }) lenker!: AvvikResponseDto[];
  @ApiProperty({ description: 'Sann når forespørselen var utført før (samme Idempotency-Key).' }) replayed!: boolean;
}

class AvvikStegHttpDto {
  @ApiProperty({ enum: ['POST'] }) method!: 'POST';
  @ApiProperty({ example: '/avvik/{avvikId}/svar' }) path!: string;
}

class AvvikStegDto {
  @ApiProperty({ example: 'SvarPaaAvvik' }) steg!: string;
  @ApiProperty({ example: 'Svar på avvik' }) tittel!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ type: [String], description: 'Statusene steget kan tas i; tom for steget som melder avviket.' }) fra!: string[];
  @ApiProperty({ example: 'besvart', description: 'Statusen steget fører til («uendret»: samme).' }) til!: string;
  @ApiProperty({ type: [FeltDto], description: 'Feltene i forespørselen (skjemaet), fra deklarasjonen.' }) felter!: FeltDto[];
  @ApiProperty({ type: [String], example: ['avvikId'] }) stiparametre!: string[];
  @ApiProperty({ type: AvvikStegHttpDto }) http!: AvvikStegHttpDto;
}

export class AvvikArbeidsflytDto {
  @ApiProperty({ type: [AvvikStegDto] }) steg!: AvvikStegDto[];
  @ApiProperty({ example: '/avvik/arbeidsflyt/diagram.mmd' }) diagram!: string;
}
