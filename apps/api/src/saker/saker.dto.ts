import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const ORGAN_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const ORGAN_ID_MESSAGE = 'must be a body id: lower-case letters, digits, . _ - (at most 100)';
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class RegistrerSakDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Handlingsplan for helsefellesskapet 2018–2021' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'tittel must not be blank' })
  tittel!: string;

  @ApiPropertyOptional({ maxLength: 20000, example: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  beskrivelse?: string;

  @ApiProperty({ description: 'The body that raises the case (organ id).', example: 'psu' })
  @IsString()
  @Matches(ORGAN_ID, { message: `innmeldtAv ${ORGAN_ID_MESSAGE}` })
  innmeldtAv!: string;

  @ApiPropertyOptional({
    enum: ['beslutningssak', 'orienteringssak', 'droeftingssak'],
    default: 'beslutningssak',
    description: 'beslutningssak (for decision), orienteringssak (for information), droeftingssak (for discussion, no proposal).',
  })
  @IsOptional()
  @IsIn(['beslutningssak', 'orienteringssak', 'droeftingssak'])
  sakstype?: 'beslutningssak' | 'orienteringssak' | 'droeftingssak';

  @ApiPropertyOptional({ description: 'The case number in the registering body, e.g. "3/17".', example: '3/17', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  saksnummer?: string;

  @ApiPropertyOptional({ description: 'When the registration took effect (ISO 8601 date or date-time); defaults to now.', example: '2017-03-16' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'gjelderFra must be an ISO 8601 date (YYYY-MM-DD) or date-time' })
  gjelderFra?: string;
}

export class BestillUtredningDto {
  @ApiProperty({ description: 'The body asked to investigate (organ id), on the administrative level (ASU).', example: 'asu-hnt' })
  @IsString()
  @Matches(ORGAN_ID, { message: `tilOrganId ${ORGAN_ID_MESSAGE}` })
  tilOrganId!: string;

  @ApiProperty({ minLength: 1, maxLength: 20000, example: 'Utarbeide forslag til handlingsplan for helsefellesskapet.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  mandat!: string;

  @ApiProperty({ description: 'Deadline (YYYY-MM-DD); must be after the order takes effect.', example: '2018-02-13' })
  @IsString()
  @Matches(DATE_ONLY, { message: 'frist must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'frist must be a valid calendar date YYYY-MM-DD' })
  frist!: string;

  @ApiPropertyOptional({ description: 'When the order took effect (e.g. the PSU meeting date); defaults to now.', example: '2017-03-16' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'gjelderFra must be an ISO 8601 date (YYYY-MM-DD) or date-time' })
  gjelderFra?: string;
}

export class HendelseRefDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'SakRegistrert' }) type!: string;
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
