import { ApiProperty } from '@nestjs/swagger';
import { HendelseRefDto } from '../saker/saker.dto.js';

/** One number a step gave: the meeting's number (serie `moete`) or an item's, per body, year and series. */
export class TildeltNummerDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ enum: ['moete', 'ordinaer', 'orientering'], example: 'ordinaer' }) serie!: string;
  @ApiProperty({ example: 2019 }) aar!: number;
  @ApiProperty({ example: 3 }) nummer!: number;
  @ApiProperty({ required: false, description: 'The agenda item (none for the meeting number).' }) punktId?: string;
  @ApiProperty({ example: 'Sak 3/19', description: 'Slik det står i innkallingen (f.eks. «Møte 1/19», «Sak 3/19», «Orienteringssak 1/19»).' }) formatert!: string;
}

/** The answer to a step on a meeting. */
export class MoeteResponseDto {
  @ApiProperty({ format: 'uuid' }) moeteId!: string;
  @ApiProperty({ example: '1', description: 'Møtestrømmens revisjon etter steget (også ETag).', nullable: true, type: String })
  revision!: string | null;
  @ApiProperty({ example: 'C:735/P:12', nullable: true, type: String, description: 'Global posisjon for den siste hendelsen.' })
  position!: string | null;
  @ApiProperty({ type: [HendelseRefDto] }) hendelser!: HendelseRefDto[];
  @ApiProperty({ description: 'Sann når steget var utført før (samme Idempotency-Key) og ingenting nytt ble registrert.' })
  replayed!: boolean;
}

/** One meeting as read. */
export class MoeteDto {
  @ApiProperty({ format: 'uuid' }) moeteId!: string;
  @ApiProperty({ example: '7', description: 'Møtestrømmens revisjon (også ETag, for `If-Match`).' }) revision!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Møtet: organene, dato, tid og sted, status, møtenumrene, sakslisten (punktene med numre, forslag til vedtak, inhabile og vedtak), deltakerne og forfall.',
  })
  state!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Stegene som er tillatt nå (for den som handler, med X-Organ og X-Rolle).', example: ['LeggTilSakslistepunkt', 'SendInnkalling'] })
  tillatteSteg!: string[];
}
