import { ApiProperty } from '@nestjs/swagger';

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class HendelseRefDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'SakRegistrert' }) type!: string;
}

export class MoetesaksnummerDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 2019 }) moetesaksaar!: number;
  @ApiProperty({ example: 3 }) moetesakssekvensnummer!: number;
  @ApiProperty({ example: '3/19', description: 'Slik det står på sakslisten.' }) formatert!: string;
}

export class CommandResponseDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ example: '1', description: 'Stream revision after the command (also the ETag).', nullable: true, type: String })
  revision!: string | null;
  @ApiProperty({ example: 'C:735/P:12', nullable: true, type: String, description: 'Global position of the last recorded event (read-your-writes).' })
  position!: string | null;
  @ApiProperty({ type: [HendelseRefDto] }) hendelser!: HendelseRefDto[];
  @ApiProperty({ description: 'True when this command had already been handled (same Idempotency-Key) and nothing new was recorded.' })
  replayed!: boolean;
}

export class ActorDto {
  @ApiProperty() personId!: string;
  @ApiProperty() organId!: string;
  @ApiProperty() rolle!: string;
}

export class HendelseDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'UtredningBestilt' }) type!: string;
  @ApiProperty({ example: '1' }) revision!: string;
  @ApiProperty({ example: 'C:735/P:12' }) position!: string;
  @ApiProperty({ description: 'When the fact took effect.', example: '2017-03-16' }) effectiveAt!: string;
  @ApiProperty({ description: 'When saksgang recorded it.', example: '2026-11-22T10:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ type: ActorDto, nullable: true }) actor!: ActorDto | null;
  @ApiProperty({ nullable: true, type: String }) commandId!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class SakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ example: '1' }) revision!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The case as folded from its events.' })
  state!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'Steps the workflow allows now (for the asking actor, when the actor headers are sent).' })
  tillatteSteg!: string[];
  @ApiProperty({ type: [HendelseDto] }) hendelser!: HendelseDto[];
}
