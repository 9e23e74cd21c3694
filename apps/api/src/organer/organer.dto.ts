import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { NIVAAER, ORGAN_ID_MOENSTER, ORGANTYPER, ROLLER } from '@saksgang/domain';
import { DATE_ONLY, HendelseDto } from '../saker/saker.dto.js';

/** The domain's rule for a body's id (one rule: the workflow's fields use the same). */
export const ORGAN_ID_PATTERN = ORGAN_ID_MOENSTER;
const GJELDER_FRA_MESSAGE = 'gjelderFra must be an ISO 8601 date (YYYY-MM-DD) or date-time';

export class OpprettOrganDto {
  @ApiProperty({ example: 'fagraad-2', description: 'Stable id: lower-case letters, digits, . _ - (at most 100).' })
  @IsString()
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must be lower-case letters, digits, . _ - (at most 100)' })
  organId!: string;

  @ApiProperty({ example: 'Fagråd 2', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'navn must not be blank' })
  navn!: string;

  @ApiProperty({ enum: ORGANTYPER })
  @IsIn([...ORGANTYPER])
  organtype!: (typeof ORGANTYPER)[number];

  @ApiPropertyOptional({ enum: NIVAAER, description: 'Defaults to the standard level of the type.' })
  @IsOptional()
  @IsIn([...NIVAAER])
  nivaa?: (typeof NIVAAER)[number];

  @ApiPropertyOptional({ example: 'asu', description: 'The body that appointed this one.' })
  @IsOptional()
  @IsString()
  @Matches(ORGAN_ID_PATTERN, { message: 'oppnevntAv must be a body id' })
  oppnevntAv?: string;

  @ApiProperty({ maxLength: 20000, example: 'Samhandling om pasientforløp (tjenesteavtale 2).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  mandat!: string;

  @ApiPropertyOptional({ example: 'Tjenesteavtale 2', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  tjenesteavtale?: string;

  @ApiPropertyOptional({ example: '2019-02-15' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class OmdoepOrganDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'navn must not be blank' })
  navn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class EndreMandatDto {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  mandat!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class LeggNedOrganDto {
  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  begrunnelse?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

/** Who appointed a member: one of organId (a body here), eksterntOrgan (a body outside), or drift (the operator's set-up). */
export class OppnevningDto {
  @ApiPropertyOptional({ example: 'psu-hnt', description: 'The body in the organisation whose decision appointed the member.' })
  @IsOptional()
  @IsString()
  @Matches(ORGAN_ID_PATTERN, { message: 'oppnevntAv.organId must be a body id' })
  organId?: string;

  @ApiPropertyOptional({ example: 'KS fylkesmøte', maxLength: 300, description: 'A body outside the helsefellesskap whose decision appointed the member.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  eksterntOrgan?: string;

  @ApiPropertyOptional({ example: 'PSU-sak 2/19', maxLength: 300, description: 'The decision (case number); required with organId or eksterntOrgan.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  vedtak?: string;

  @ApiPropertyOptional({ example: '2019-02-15', description: 'Date of the decision; required with organId or eksterntOrgan.' })
  @IsOptional()
  @IsString()
  @Matches(DATE_ONLY, { message: 'oppnevntAv.dato must be a date YYYY-MM-DD' })
  dato?: string;

  @ApiPropertyOptional({ description: 'The sak the decision was made in (with organId).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sakId?: string;

  @ApiPropertyOptional({ enum: [true], description: 'The operator setting up the organisation (only an operator token).' })
  @IsOptional()
  @Equals(true)
  drift?: true;
}

export class OppnevnMedlemDto {
  @ApiProperty({ example: 'ola.nordmann', description: 'Stable id of the person.' })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u, { message: 'personId must be letters, digits, . _ @ : + - (at most 200)' })
  personId!: string;

  @ApiProperty({ example: 'Ola Nordmann', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  navn!: string;

  @ApiProperty({ enum: ROLLER, description: 'observatoer: may attend and speak, never vote.' })
  @IsIn([...ROLLER])
  rolle!: (typeof ROLLER)[number];

  @ApiPropertyOptional({ example: 'Levanger kommune', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  representerer?: string;

  @ApiProperty({ example: '2019-02-15', description: 'First day of the period.' })
  @IsString()
  @Matches(DATE_ONLY, { message: 'fra must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'fra must be a valid calendar date' })
  fra!: string;

  @ApiPropertyOptional({ example: '2023-12-31', description: 'Last day of the period (inclusive).' })
  @IsOptional()
  @IsString()
  @Matches(DATE_ONLY, { message: 'til must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'til must be a valid calendar date' })
  til?: string;

  @ApiPropertyOptional({
    type: OppnevningDto,
    description: 'Who appointed the member; required for roles with a vote (leder, nestleder, medlem, vara) unless the operator sets up the organisation (recorded as { drift: true }). Nobody appoints themselves.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OppnevningDto)
  oppnevntAv?: OppnevningDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class AvsluttMedlemsperiodeDto {
  @ApiProperty({ example: '2023-12-31', description: 'Last day of the period (inclusive).' })
  @IsString()
  @Matches(DATE_ONLY, { message: 'til must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'til must be a valid calendar date' })
  til!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: GJELDER_FRA_MESSAGE })
  gjelderFra?: string;
}

export class OrganCommandResponseDto {
  @ApiProperty() organId!: string;
  @ApiProperty({ nullable: true, type: String }) revision!: string | null;
  @ApiProperty({ nullable: true, type: String }) position!: string | null;
  @ApiProperty({ type: [String] }) hendelser!: string[];
  @ApiProperty() replayed!: boolean;
}

export class MedlemOppnevntResponseDto extends OrganCommandResponseDto {
  @ApiProperty({ description: 'The new member period\'s id (derived from the Idempotency-Key when one is sent).' }) periodeId!: string;
}

export class HistoriskVerdiDto {
  @ApiProperty() verdi!: string;
  @ApiProperty({ description: 'Fra når verdien gjaldt.' }) fra!: string;
}

export class OppnevningSvarDto {
  @ApiPropertyOptional({ description: 'Organet som oppnevnte (ved vedtak i et av våre organer).' }) organId?: string;
  @ApiPropertyOptional({ description: 'Et organ utenfor helsefellesskapet som oppnevnte.' }) eksterntOrgan?: string;
  @ApiPropertyOptional({ description: 'Vedtaket, f.eks. «PSU-sak 2/19».' }) vedtak?: string;
  @ApiPropertyOptional({ format: 'date' }) dato?: string;
  @ApiPropertyOptional() sakId?: string;
  @ApiPropertyOptional({ description: 'Sant når driftsoperatøren satte opp medlemskapet.' }) drift?: boolean;
}

export class MedlemsperiodeDto {
  @ApiProperty() periodeId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() navn!: string;
  @ApiProperty({ enum: ROLLER }) rolle!: string;
  @ApiPropertyOptional() representerer?: string;
  @ApiProperty({ format: 'date' }) fra!: string;
  @ApiPropertyOptional({ format: 'date', description: 'Siste dag (inklusive).' }) til?: string;
  @ApiPropertyOptional({ type: OppnevningSvarDto }) oppnevntAv?: OppnevningSvarDto;
  @ApiProperty() avsluttet!: boolean;
}

/** A body as folded from its events (the domain's `Organ`). */
export class OrganTilstandDto {
  @ApiProperty() organId!: string;
  @ApiProperty({ enum: ORGANTYPER }) organtype!: string;
  @ApiProperty({ enum: NIVAAER }) nivaa!: string;
  @ApiPropertyOptional({ description: 'Organet som oppnevnte dette.' }) oppnevntAv?: string;
  @ApiProperty() navn!: string;
  @ApiProperty() mandat!: string;
  @ApiPropertyOptional() tjenesteavtale?: string;
  @ApiProperty() opprettet!: string;
  @ApiPropertyOptional() nedlagt?: string;
  @ApiProperty({ type: [HistoriskVerdiDto] }) navnehistorikk!: HistoriskVerdiDto[];
  @ApiProperty({ type: [HistoriskVerdiDto] }) mandathistorikk!: HistoriskVerdiDto[];
  @ApiProperty({ type: [MedlemsperiodeDto] }) medlemsperioder!: MedlemsperiodeDto[];
}

export class OrganDto {
  @ApiProperty() organId!: string;
  @ApiProperty() revision!: string;
  @ApiProperty({ type: OrganTilstandDto, description: 'The body as folded from its events: names, mandates and member periods with their history.' })
  state!: OrganTilstandDto;
  @ApiProperty({ type: [HendelseDto] })
  hendelser!: HendelseDto[];
}

export class MedlemPaaDatoDto {
  @ApiProperty() periodeId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() navn!: string;
  @ApiProperty({ enum: ROLLER }) rolle!: string;
  @ApiPropertyOptional() representerer?: string;
  @ApiProperty() fra!: string;
  @ApiPropertyOptional() til?: string;
}

export class MedlemmerPaaDatoDto {
  @ApiProperty() organId!: string;
  @ApiProperty({ example: '2019-02-15' }) dato!: string;
  @ApiProperty({ description: 'The body\'s name on that date.' }) navn!: string;
  @ApiProperty({ description: 'Whether the body existed on that date.' }) aktiv!: boolean;
  @ApiProperty({ type: [MedlemPaaDatoDto] }) medlemmer!: MedlemPaaDatoDto[];
}
