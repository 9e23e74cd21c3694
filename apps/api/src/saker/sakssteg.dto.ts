/**
 * Request bodies of the workflow steps on a sak (one DTO per step). Unknown fields are rejected by the
 * global validation pipe (whitelist + forbidNonWhitelisted); texts and lists are bounded; dates are real
 * calendar dates.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { type Korrigerbar, VEDTAKSUTFALL, type Vedtaksutfall } from '@saksgang/domain';
import { CommandResponseDto, DATE_ONLY } from './saker.dto.js';

const ORGAN_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const TEKST_MAKS = 20000;

/** A body id (organ id) field. */
function OrganIdFelt(description: string, example: string) {
  return applyDecorators(
    ApiProperty({ description, example, pattern: ORGAN_ID.source, maxLength: 100 }),
    IsString(),
    Matches(ORGAN_ID, { message: '$property must be a body id: lower-case letters, digits, . _ - (at most 100)' }),
  );
}

/** A free text field: required ones must not be blank. */
function TekstFelt(options: { description: string; example?: string; maks?: number; valgfri?: boolean }) {
  const maks = options.maks ?? TEKST_MAKS;
  const doc: ApiPropertyOptions = { description: options.description, example: options.example, maxLength: maks, ...(options.valgfri ? {} : { minLength: 1 }) };
  return options.valgfri
    ? applyDecorators(ApiPropertyOptional(doc), IsOptional(), IsString(), MaxLength(maks))
    : applyDecorators(ApiProperty(doc), IsString(), MaxLength(maks), Matches(/\S/, { message: '$property must not be empty or blank' }));
}

/** A calendar date `YYYY-MM-DD`. */
function DatoFelt(options: { description: string; example: string; valgfri?: boolean }) {
  const doc: ApiPropertyOptions = { description: options.description, example: options.example, format: 'date' };
  const validering = [
    IsString(),
    Matches(DATE_ONLY, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid calendar date YYYY-MM-DD' }),
  ];
  return options.valgfri ? applyDecorators(ApiPropertyOptional(doc), IsOptional(), ...validering) : applyDecorators(ApiProperty(doc), ...validering);
}

/** When the step took effect (e.g. the meeting date): ISO date or date-time; defaults to now. */
function GjelderFraFelt(description = 'When the step took effect (ISO 8601 date or date-time); defaults to now. Enter minutes afterwards with the meeting date.') {
  return applyDecorators(
    ApiPropertyOptional({ description, example: '2019-02-15' }),
    IsOptional(),
    IsISO8601({ strict: true, strictSeparator: true }, { message: 'gjelderFra must be an ISO 8601 date (YYYY-MM-DD) or date-time' }),
  );
}

/** A list of distinct body ids. */
function OrganIderFelt(options: { description: string; example: string[]; valgfri?: boolean }) {
  const doc: ApiPropertyOptions = { description: options.description, example: options.example, type: [String], minItems: 1, maxItems: 10, uniqueItems: true };
  const validering = [
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(10),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(ORGAN_ID, { each: true, message: 'each of $property must be a body id: lower-case letters, digits, . _ - (at most 100)' }),
  ];
  return options.valgfri ? applyDecorators(ApiPropertyOptional(doc), IsOptional(), ...validering) : applyDecorators(ApiProperty(doc), ...validering);
}

function IsKorrigerbar(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isKorrigerbar',
      validator: {
        validate: (v: unknown) => v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= TEKST_MAKS),
        defaultMessage: () => '$property must be a text (at most 20000 characters), a number, true/false or null',
      },
    },
    options,
  );
}

// ---------- one DTO per step ----------

export class TildelNivaaDto {
  @OrganIdFelt('The body the sak is assigned to (the arbeidsutvalg triages «slik at disse blir tildelt til riktig nivå»).', 'asu-hnt')
  organId!: string;

  @TekstFelt({ description: 'Why this level.', valgfri: true, example: 'Forberedes for PSU-møtet.' })
  begrunnelse?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class MottaBestillingDto {
  @TekstFelt({ description: 'The receiving body\'s own case number, e.g. «16/2017».', example: '16/2017', maks: 50, valgfri: true })
  saksnummer?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class DelegerOppdragDto {
  @OrganIdFelt('The receiving fagråd, fagnettverk or arbeidsgruppe (a lower level than the delegating body).', 'fagraad-kvalitet')
  tilOrganId!: string;

  @TekstFelt({ description: 'What the receiver shall do.', example: 'Foreslå tiltak for kvalitet og pasientsikkerhet.' })
  mandat!: string;

  @DatoFelt({ description: 'Deadline; must be after the step takes effect.', example: '2017-10-01' })
  frist!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

/** A step on an oppdrag that needs nothing but (optionally) its effective date. */
export class OppdragStegDto {
  @GjelderFraFelt()
  gjelderFra?: string;
}

export class BeOmUtsattFristDto {
  @DatoFelt({ description: 'The later deadline asked for; must be after the current one.', example: '2017-12-01' })
  nyFrist!: string;

  @TekstFelt({ description: 'Why more time is needed.', example: 'Høringsinnspillene kom sent.' })
  begrunnelse!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class AvslaaUtsattFristDto {
  @TekstFelt({ description: 'Why the request is refused; the old deadline stands.', example: 'Saken skal behandles i neste møte.' })
  begrunnelse!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class LeverOppdragDto {
  @TekstFelt({ description: 'What is delivered (text or a reference to a document).', example: 'Forslag til tiltak.' })
  leveranse!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class GodtaLeveranseDto {
  @TekstFelt({ description: 'A remark on the delivery.', valgfri: true })
  merknad?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class ReturnerLeveranseDto {
  @TekstFelt({ description: 'What more is needed.', example: 'Beskriv konsekvensene for kommunene.' })
  begrunnelse!: string;

  @DatoFelt({ description: 'A new deadline; must be after the step takes effect.', example: '2017-11-15', valgfri: true })
  nyFrist?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class AvgiInnstillingDto {
  @TekstFelt({ description: 'The recommendation: forslag til vedtak.', example: 'ASU anbefaler at PSU slutter seg til handlingsplanen.' })
  forslagTilVedtak!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class SettPaaSakslisteDto {
  @OrganIderFelt({
    description: 'The body whose agenda the sak goes on, or several for a joint meeting (e.g. PSU and ASU). Each gives its next agenda number for the year of the meeting.',
    example: ['psu-hnt'],
  })
  organIder!: string[];

  @DatoFelt({ description: 'The meeting date; the agenda number is for its year.', example: '2019-02-15' })
  moetedato!: string;

  @TekstFelt({ description: 'Where the meeting is held.', example: 'Sykehuset Levanger, Store møterom Arken', maks: 300, valgfri: true })
  moetested?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class FattVedtakDto {
  @ApiProperty({ enum: VEDTAKSUTFALL, description: 'vedtatt, tatt_til_orientering, utsatt, sendt_tilbake (to the previous level) or avvist.' })
  @IsIn([...VEDTAKSUTFALL])
  vedtaksutfall!: Vedtaksutfall;

  @TekstFelt({ description: 'The decision as written in the minutes.', example: 'Politisk samarbeidsutvalg tar saken til orientering.' })
  vedtakstekst!: string;

  @OrganIderFelt({ description: 'The bodies that decided; defaults to every body on the agenda item (a joint meeting decides together).', example: ['psu-hnt', 'asu-hnt'], valgfri: true })
  organIder?: string[];

  @GjelderFraFelt('When the decision took effect; defaults to the meeting date, never before it.')
  gjelderFra?: string;
}

export class SendTilOppfoelgingDto {
  @OrganIdFelt('The body that shall follow the decision up.', 'fagnettverk-personal')
  tilOrganId!: string;

  @TekstFelt({ description: 'What is to be followed up.', example: 'Utvikle felles læringsportal.' })
  beskrivelse!: string;

  @DatoFelt({ description: 'Deadline; must be after the step takes effect.', example: '2019-12-31' })
  frist!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class RapporterOppfoelgingDto {
  @TekstFelt({ description: 'Status of the follow-up.', example: 'Læringsportalen er i drift.' })
  rapport!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class MeldOppfoelgingFullfoertDto {
  @TekstFelt({ description: 'A closing remark.', valgfri: true })
  merknad?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class AvsluttSakDto {
  @TekstFelt({ description: 'How the case is closed (Noark avskrivningsmåte), e.g. «Tatt til orientering».', example: 'Tatt til orientering', maks: 300, valgfri: true })
  avskrivningsmaate?: string;

  @TekstFelt({ description: 'Why the case is closed.', valgfri: true })
  begrunnelse?: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class BegrunnelseDto {
  @TekstFelt({ description: 'Why (required).', example: 'Saken er løst på annen måte.' })
  begrunnelse!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

export class TrekkSakDto extends BegrunnelseDto {}
export class GjenaapneSakDto extends BegrunnelseDto {}

export class KorrigerOpplysningDto {
  @ApiProperty({ description: 'The number of the event in the sak\'s stream (from 0; the `revision` in `hendelser`).', example: 0, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  hendelsesnummer!: number;

  @TekstFelt({ description: 'The type of that event (a check that the right event is meant).', example: 'SakRegistrert', maks: 100 })
  hendelsestype!: string;

  @TekstFelt({ description: 'The field to correct.', example: 'tittel', maks: 100 })
  felt!: string;

  @ApiProperty({ description: 'The value the field has now (after earlier corrections).', nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  @IsKorrigerbar()
  gammelVerdi!: Korrigerbar;

  @ApiProperty({ description: 'The corrected value.', nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  @IsKorrigerbar()
  nyVerdi!: Korrigerbar;

  @TekstFelt({ description: 'Why the correction is made.', example: 'Skrivefeil i tittelen.' })
  begrunnelse!: string;

  @GjelderFraFelt()
  gjelderFra?: string;
}

// ---------- responses ----------

export class MoetesaksnummerDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 2019 }) moetesaksaar!: number;
  @ApiProperty({ example: 3 }) moetesakssekvensnummer!: number;
  @ApiProperty({ example: '3/19', description: 'As it is written on the agenda.' }) formatert!: string;
}

/** The answer to a workflow step: the recorded events, and the ids of what the step created. */
export class SakstegResponseDto extends CommandResponseDto {
  @ApiPropertyOptional({ description: 'DelegerOppdrag: the new oppdrag\'s id (derived from the Idempotency-Key when one is sent).' })
  oppdragId?: string;

  @ApiPropertyOptional({ description: 'SettPaaSaksliste: the new agenda item\'s id (for FattVedtak).' })
  sakslistepunktId?: string;

  @ApiPropertyOptional({ type: [MoetesaksnummerDto], description: 'SettPaaSaksliste: the agenda number each body gave.' })
  moetesaksnumre?: MoetesaksnummerDto[];

  @ApiPropertyOptional({ description: 'SendTilOppfoelging: the new follow-up\'s id.' })
  oppfoelgingId?: string;
}
