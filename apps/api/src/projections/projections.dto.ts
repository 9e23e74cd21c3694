import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NIVAAER, ORGAN_ID_MOENSTER, SAKSFASER, SAKSTYPER, erIsoDato } from '@saksgang/domain';
import { AARSSTATISTIKK_MAAL, ARBEIDSLISTE_ARTER, ARBEIDSLISTE_SLUTTSTATUSER } from '@saksgang/projections';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

export const ORGAN_ID_PATTERN = ORGAN_ID_MOENSTER;
export const POSITION_PATTERN = /^C:(-1|\d{1,20})\/P:(-1|\d{1,20})$/;
export const OPPFOELGING_FILTER = ['aapen', 'forfalt', 'fullfoert', 'uten_oppfoelging'] as const;
export const SENDT_FILTER = ['aapen', 'alle'] as const;

/** A real calendar date `YYYY-MM-DD` (not 2018-02-30). */
function IsKalenderdato(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isKalenderdato',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && erIsoDato(v) },
    });
}

/** Splits `a,b` and repeated parameters into one list. */
const kommaliste = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');

// ---------------------------------------------------------------- query parameters

/** Every query endpoint over the read models takes `minPosition` (read-your-writes). */
export class LesemodellQueryDto {
  @ApiPropertyOptional({
    example: 'C:1234/P:1234',
    description:
      'Read-your-writes: the `position` a command returned. The query waits (at most SAKSGANG_MIN_POSITION_WAIT_MS, default 5 s) ' +
      'until the read models have applied the log up to it, so the answer includes that write. If they do not get there in time ' +
      'the answer is 503 with `Retry-After`. Without it the read models answer at once, possibly a moment behind.',
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION_PATTERN, { message: 'minPosition must be a position as a command returns it, e.g. C:1234/P:1234' })
  minPosition?: string;
}

export class IdagQueryDto extends LesemodellQueryDto {
  @ApiPropertyOptional({ example: '2018-02-13', description: 'The day frister are counted from (YYYY-MM-DD). Default: today in Norway.' })
  @IsOptional()
  @IsKalenderdato()
  idag?: string;
}

export class OrganlisteQueryDto extends LesemodellQueryDto {
  @ApiPropertyOptional({ example: '2016-06-01', description: 'A date (YYYY-MM-DD): each body then says whether it existed on that date (`aktivPaaDato`).' })
  @IsOptional()
  @IsKalenderdato()
  dato?: string;
}

export class SendtQueryDto extends IdagQueryDto {
  @ApiPropertyOptional({
    enum: SENDT_FILTER,
    default: 'alle',
    description: '`alle` (default): open and closed (delivered, accepted, answered, decided, completed, withdrawn …), open first; `aapen`: open only.',
  })
  @IsOptional()
  @IsIn([...SENDT_FILTER], { message: `status must be one of: ${SENDT_FILTER.join(', ')}` })
  status?: (typeof SENDT_FILTER)[number];
}

export class RestanserQueryDto extends IdagQueryDto {
  @ApiPropertyOptional({ example: 'asu-hnt', description: 'Only what this body owes.' })
  @IsOptional()
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must be a body id: lower-case letters, digits, . _ - (at most 100)' })
  organId?: string;
}

export class SaksoversiktQueryDto extends LesemodellQueryDto {
  @ApiPropertyOptional({ enum: SAKSFASER, isArray: true, description: 'Phase(s) of the sak; several comma-separated (`status=bestilt,under_utredning`).' })
  @IsOptional()
  @Transform(kommaliste)
  @ArrayMaxSize(SAKSFASER.length)
  @IsIn([...SAKSFASER], { each: true, message: `status must be one or more of: ${SAKSFASER.join(', ')}` })
  status?: string[];

  @ApiPropertyOptional({ example: 'asu-hnt', description: 'Saker this body is involved in (registered, ordered, delegated, on its agenda …).' })
  @IsOptional()
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must be a body id: lower-case letters, digits, . _ - (at most 100)' })
  organId?: string;

  @ApiPropertyOptional({ enum: NIVAAER, description: 'The level where the sak is now: the level of its responsible body.' })
  @IsOptional()
  @IsIn([...NIVAAER])
  nivaa?: (typeof NIVAAER)[number];

  @ApiPropertyOptional({ example: 2017, description: 'Year of registration.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  aar?: number;

  @ApiPropertyOptional({ enum: SAKSTYPER })
  @IsOptional()
  @IsIn([...SAKSTYPER])
  sakstype?: (typeof SAKSTYPER)[number];

  @ApiPropertyOptional({ example: 'handlingsplan', maxLength: 200, description: 'Full-text search (Norwegian stemming) in title and description, or part of the title.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'Page number, from 1.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  side?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100, description: 'Saker per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  perSide?: number;
}

export class VedtakQueryDto extends IdagQueryDto {
  @ApiPropertyOptional({ example: 'asu-hnt', description: 'Decisions of this body, or whose follow-up was sent to it.' })
  @IsOptional()
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must be a body id: lower-case letters, digits, . _ - (at most 100)' })
  organId?: string;

  @ApiPropertyOptional({
    enum: OPPFOELGING_FILTER,
    description: 'Decisions with a follow-up in this state on `idag` (`aapen`, `forfalt`: open past its frist, `fullfoert`), or `uten_oppfoelging`: none sent.',
  })
  @IsOptional()
  @IsIn([...OPPFOELGING_FILTER])
  status?: (typeof OPPFOELGING_FILTER)[number];

  @ApiPropertyOptional({ example: 2018, description: 'Year of the meeting.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  aar?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sakId?: string;
}

// ---------------------------------------------------------------- saksforløp

export class MoeteGrunnlagDto {
  @ApiProperty({ format: 'uuid' }) moeteId!: string;
  @ApiProperty({ example: 'PSU-møte 15.02.2019, sak 2/19' }) referanse!: string;
  @ApiProperty({ type: [String], example: ['psu-hnt'] }) organIder!: string[];
}

export class SaksforloepStegDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 1, description: "The step's number in the sak's stream (from 0)." }) revisjon!: number;
  @ApiProperty({ example: 'UtredningBestilt' }) hendelsestype!: string;
  @ApiProperty({ example: 'psu-hnt', description: 'The acting body (the lane in the swimlane).' }) organId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Politisk samarbeidsutvalg' }) organNavn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: NIVAAER, description: "The acting body's level." }) nivaa!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3/17', description: "The acting body's own case number for this sak." }) organSaksnummer!: string | null;
  @ApiProperty({ type: [String], description: 'Bodies the step went to (a hop between levels).' }) tilOrganIder!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The delegated oppdrag the step belongs to.' }) oppdragId!: string | null;
  @ApiProperty({ example: 'kari.psu' }) personId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Kari Nordmann', description: "The person's name in the organisation data, when known." }) personNavn!: string | null;
  @ApiProperty({ example: 'sekretaer' }) rolle!: string;
  @ApiProperty({ example: 'sekretær', description: 'The role as a person reads it.' }) rollenavn!: string;
  @ApiProperty({ example: '2017-03-16', description: 'When the step took effect (e.g. the meeting date).' }) gjelderFra!: string;
  @ApiProperty({ example: '2026-01-05T10:00:00.000Z', description: 'When saksgang recorded it.' }) registrert!: string;
  @ApiProperty({ example: 'Utredning bestilt fra Administrativt samarbeidsutvalg (ASU), frist 13.02.2018', description: 'The step in a sentence, with the bodies by name.' }) beskrivelse!: string;
  @ApiProperty({ type: [String], example: ['psu-hnt 3/19'], description: 'Agenda numbers, when the step put the sak on an agenda.' }) moetesaksnumre!: string[];
  @ApiProperty({ type: () => MoeteGrunnlagDto, required: false, description: 'Only for a decision made in a recorded meeting: the meeting, its reference and the bodies that made it.' })
  moete?: MoeteGrunnlagDto;
}

export class OppdragForloepDto {
  @ApiProperty() oppdragId!: string;
  @ApiProperty({ example: 'asu-hnt' }) fraOrganId!: string;
  @ApiProperty({ example: 'fagraad-2' }) tilOrganId!: string;
  @ApiProperty() mandat!: string;
  @ApiProperty({ example: '2017-10-01' }) frist!: string;
  @ApiProperty({ enum: ['delegert', 'akseptert', 'levert', 'returnert', 'godtatt', 'trukket'] }) status!: string;
  @ApiProperty({ example: '2017-05-02', description: 'When it was delegated (effective time).' }) delegert!: string;
  @ApiProperty({ type: [SaksforloepStegDto], description: "The oppdrag's own steps." }) steg!: SaksforloepStegDto[];
}

export class SaksforloepDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() tittel!: string;
  @ApiProperty({ enum: SAKSTYPER }) sakstype!: string;
  @ApiProperty({ example: 'psu-hnt' }) innmeldtAv!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' }, description: "Each body's own case number." })
  saksnumre!: Record<string, string>;
  @ApiProperty({ type: [SaksforloepStegDto], description: 'Every step in order, oppdrag steps included.' }) steg!: SaksforloepStegDto[];
  @ApiProperty({ type: [OppdragForloepDto], description: 'The delegated oppdrag, each with its steps.' }) oppdrag!: OppdragForloepDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { navn: { type: 'string' }, nivaa: { type: 'string', enum: [...NIVAAER] } }, required: ['navn', 'nivaa'], additionalProperties: false },
    example: { 'asu-hnt': { navn: 'Administrativt samarbeidsutvalg (ASU)', nivaa: 'administrativt' } },
    description: 'Every body the journey names (acting or receiving), by id: its name and level.',
  })
  organer!: Record<string, { navn: string; nivaa: string }>;
}

// ---------------------------------------------------------------- arbeidsliste, sendt, restanser

export class ArbeidslistePunktDto {
  @ApiProperty() punktId!: string;
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() sakTittel!: string;
  @ApiProperty({ enum: ARBEIDSLISTE_ARTER, description: 'What is waiting: an order, an oppdrag, a delivery to review, an agenda, a follow-up …' }) art!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The oppdrag, follow-up, agenda item or order the item is about.' }) refId!: string | null;
  @ApiProperty({ example: 'asu-hnt', description: 'The body whose turn it is.' }) organId!: string;
  @ApiProperty({ description: 'The body the item was sent to.' }) mottakerOrganId!: string;
  @ApiProperty({ type: [String], description: 'The body (or bodies) that sent it.' }) fraOrganIder!: string[];
  @ApiProperty({ example: 'bestilt', description: 'Where it stands.' }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: '2018-02-13' }) frist!: string | null;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ description: 'When it arrived (effective time).' }) opprettet!: string;
  @ApiProperty({ description: 'When it last changed (effective time).' }) sistEndret!: string;
  @ApiProperty({ type: Number, nullable: true, example: 12, description: 'Days from `idag` to the frist; negative when overdue; null without a frist.' }) dagerTilFrist!: number | null;
  @ApiProperty({ description: 'True when the frist is before `idag`.' }) forfalt!: boolean;
}

export class ArbeidslisteDto {
  @ApiProperty({ example: 'asu-hnt' }) organId!: string;
  @ApiProperty({ example: '2018-01-15' }) idag!: string;
  @ApiProperty({ example: 3 }) antall!: number;
  @ApiProperty({ example: 1, description: 'How many are overdue.' }) antallForfalt!: number;
  @ApiProperty({ type: [ArbeidslistePunktDto], description: 'Everything waiting for this body, earliest frist first.' }) punkter!: ArbeidslistePunktDto[];
}

export class SendtPunktDto extends ArbeidslistePunktDto {
  @ApiProperty({ description: 'False once it is done: delivered and accepted, answered, decided, completed, or the sak closed.' }) aapen!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2017-07-12', description: 'When it was closed (effective time); null while open.' }) lukket!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'leveransen godtatt', description: 'Why it was closed, in words; null while open.' }) lukketFordi!: string | null;
}

export class SendtDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: '2018-01-15' }) idag!: string;
  @ApiProperty({ enum: SENDT_FILTER, description: 'The filter applied.' }) status!: string;
  @ApiProperty({ example: 3 }) antall!: number;
  @ApiProperty({ example: 1, description: 'How many are still open.' }) antallAapne!: number;
  @ApiProperty({
    type: [SendtPunktDto],
    description:
      'Everything this body has ordered, delegated, put on another body’s agenda or sent to follow-up, and where each one stands: open ones first (earliest frist first; ' +
      '`organId` is the body whose turn it is now; `status` as on the arbeidsliste, e.g. `levert` while a delivery awaits this body’s review), then closed ones, latest closed first, ' +
      `with \`status\` how each ended (${ARBEIDSLISTE_SLUTTSTATUSER.join(', ')}) and \`organId\` the body that had it last. For a closed item \`dagerTilFrist\` is null and \`forfalt\` false.`,
  })
  punkter!: SendtPunktDto[];
}

export class RestanserDto {
  @ApiProperty({ example: '2018-03-01' }) idag!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The body, when filtered.' }) organId!: string | null;
  @ApiProperty({ example: 2 }) antall!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { oppdrag: 1, oppfoelging: 1 }, description: 'Count per kind (`art`).' })
  perArt!: Record<string, number>;
  @ApiProperty({ type: [ArbeidslistePunktDto], description: 'Open orders, oppdrag and follow-ups past their frist, most overdue first.' })
  punkter!: ArbeidslistePunktDto[];
}

// ---------------------------------------------------------------- saksoversikt

export class SakIOversiktDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() tittel!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ enum: SAKSTYPER }) sakstype!: string;
  @ApiProperty() innmeldtAv!: string;
  @ApiProperty({ enum: SAKSFASER, description: 'The phase (status).' }) fase!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The body responsible now.' }) ansvarligOrganId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: "Each body's own case number." }) saksnumre!: Record<string, string>;
  @ApiProperty({ type: [String] }) moetesaksnumre!: string[];
  @ApiProperty({ type: [String], description: 'Every body involved.' }) organer!: string[];
  @ApiProperty({ description: 'Registered (effective time).' }) registrert!: string;
  @ApiProperty({ description: 'Last step (effective time).' }) sistEndret!: string;
  @ApiProperty({ example: 'UtredningBestilt' }) sisteHendelse!: string;
  @ApiProperty({ description: 'Relevance of the text search (0 without `q`).' }) treff!: number;
}

export class SaksoversiktDto {
  @ApiProperty({ example: 42, description: 'Saker matching the filter, over all pages.' }) totalt!: number;
  @ApiProperty({ example: 1 }) side!: number;
  @ApiProperty({ example: 20 }) perSide!: number;
  @ApiProperty({ example: 3 }) antallSider!: number;
  @ApiProperty({ type: [SakIOversiktDto], description: 'With `q`: best hits first; else the latest changed first.' }) saker!: SakIOversiktDto[];
}

// ---------------------------------------------------------------- vedtaksoppfølging

export class OppfoelgingDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() sakTittel!: string;
  @ApiProperty() oppfoelgingId!: string;
  @ApiProperty({ type: [String] }) fraOrganIder!: string[];
  @ApiProperty() tilOrganId!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ example: '2018-12-31' }) frist!: string;
  @ApiProperty() sendt!: string;
  @ApiProperty() antallRapporter!: number;
  @ApiProperty({ type: String, nullable: true }) sisteRapport!: string | null;
  @ApiProperty({ type: String, nullable: true }) sisteRapportDato!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullfoert!: string | null;
  @ApiProperty({ enum: ['aapen', 'forfalt', 'fullfoert'], description: 'On `idag`.' }) status!: string;
}

export class VedtakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() sakTittel!: string;
  @ApiProperty() sakslistepunktId!: string;
  @ApiProperty({ type: [String] }) organIder!: string[];
  @ApiProperty({ example: '2018-02-13' }) moetedato!: string;
  @ApiProperty({ type: [String] }) moetesaksnumre!: string[];
  @ApiProperty({ example: 'vedtatt' }) vedtaksutfall!: string;
  @ApiProperty() vedtakstekst!: string;
  @ApiProperty() gjelderFra!: string;
  @ApiProperty({ type: [OppfoelgingDto] }) oppfoelginger!: OppfoelgingDto[];
}

export class VedtaksoppfoelgingDto {
  @ApiProperty({ example: '2018-03-01' }) idag!: string;
  @ApiProperty() antall!: number;
  @ApiProperty({ type: [VedtakDto], description: 'Latest meeting first.' }) vedtak!: VedtakDto[];
}

// ---------------------------------------------------------------- årsstatistikk

/** One number per measure. */
export class AarsstatistikkTallDto {}
for (const maal of AARSSTATISTIKK_MAAL) {
  ApiProperty({ type: 'integer', minimum: 0, example: 0 })(AarsstatistikkTallDto.prototype, maal);
}

export class BehandlingstidDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 3, description: 'Orders decided in the year (by the meeting date) that the body sent, received or decided.' })
  antall!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 334,
    description:
      'Median days from the order (UtredningBestilt, its effective date) to the decision that answered it (VedtakFattet: vedtatt, tatt til orientering or avvist; its meeting date). ' +
      'Computed with percentile_cont(0.5): with an even number of orders, the mean of the two middle ones (may end in .5). Null without any.',
  })
  medianDager!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 120 }) minDager!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 400 }) maksDager!: number | null;
}

export class ForfalteDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 2,
    description:
      'Orders to and oppdrag to the body whose frist (as it stands after postponements and returns) falls in the year and passed before they were delivered — an order by the innstilling or the agenda, ' +
      'an oppdrag by its delivery (the sak closed ends both) — or that are still open on `idag` after the frist.',
  })
  antall!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of `antall`: orders (bestillinger).' }) bestillinger!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of `antall`: oppdrag.' }) oppdrag!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of `antall`: still open on `idag`.' }) fortsattAapne!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Orders and oppdrag the body owed with a frist in the year, overdue or not.' }) medFrist!: number;
}

export class MoetetallDto {
  @ApiProperty({ example: 4, description: 'Holdt (gjennomført eller protokoll godkjent).' }) holdt!: number;
  @ApiProperty({ example: 1, description: 'Av dem fellesmøter (f.eks. PSU og ASU).' }) fellesmoeter!: number;
  @ApiProperty({ example: 0 }) avlyst!: number;
  @ApiProperty({ example: 0, description: 'Planlagt eller innkalt, ikke holdt ennå.' }) ikkeHoldt!: number;
}

export class AarsstatistikkDto {
  @ApiProperty({ example: 'asu-hnt' }) organId!: string;
  @ApiProperty({ type: String, nullable: true }) organNavn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: NIVAAER }) nivaa!: string | null;
  @ApiProperty({ example: 2018 }) aar!: number;
  @ApiProperty({ example: '2019-01-15', description: 'The day items still open are judged on (the `idag` parameter, default today in Norway).' }) idag!: string;
  @ApiProperty({ type: AarsstatistikkTallDto, description: "The year's counts for the body (the year a step took effect; a decision's: its meeting's)." })
  tall!: Record<string, number>;
  @ApiProperty({ type: BehandlingstidDto, description: 'Days from order to decision for the orders decided in the year.' }) behandlingstid!: BehandlingstidDto;
  @ApiProperty({ type: ForfalteDto, description: 'Overdue orders and oppdrag the body owed, counted in the year of their frist.' }) forfalte!: ForfalteDto;
  @ApiProperty({ type: MoetetallDto, description: 'The body’s meetings in the year (møteåret), from the recorded meetings.' }) moeter!: MoetetallDto;
}

// ---------------------------------------------------------------- drift

export class ProjeksjonsfeilDto {
  @ApiProperty() message!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'Failures in a row.' }) attempts!: number;
  @ApiPropertyOptional() eventId?: string;
  @ApiPropertyOptional() eventType?: string;
  @ApiPropertyOptional() streamName?: string;
  @ApiPropertyOptional() position?: string;
  @ApiPropertyOptional({ description: 'When it tries again.' }) nextRetryAt?: string;
  @ApiPropertyOptional({ description: 'When it recovered, if it did.' }) recoveredAt?: string;
}

export class GjenoppbyggingDto {
  @ApiProperty({ example: 'saksforloep' }) projection!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) state!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a rebuild the runner began at start (the version changed).' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ description: 'Events replayed so far.' }) processed!: number;
  @ApiProperty({ description: 'Events to replay (counted when it began).' }) total!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class ProjeksjonsleieDto {
  @ApiProperty({ enum: ['postgres-advisory-lock', 'single-process'], description: 'PostgreSQL: an advisory lock shared by the instances; PGlite: one process, trivially held.' })
  kind!: string;
  @ApiProperty({ description: 'This instance holds the lease, so it runs the projection (exactly one instance does).' }) held!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The holding instance (`application_name` of its lease session), where visible.' }) holder!: string | null;
}

export class ProjeksjonsstatusDto {
  @ApiProperty({ example: 'saksforloep' }) name!: string;
  @ApiProperty({ description: "The code's version." }) version!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The version of the stored read model.' }) storedVersion!: number | null;
  @ApiProperty({ enum: ['stopped', 'running', 'retrying', 'rebuilding'] }) state!: string;
  @ApiProperty({ example: 'C:120/P:120', description: 'Position of the last event applied.' }) checkpoint!: string;
  @ApiProperty({ example: 'C:120/P:120', description: "The store's newest position." }) head!: string;
  @ApiProperty() caughtUp!: boolean;
  @ApiProperty({ description: 'Events between checkpoint and head (a lower bound when `eventsBehindCapped`).' }) eventsBehind!: number;
  @ApiProperty() eventsBehindCapped!: boolean;
  @ApiProperty({ type: String, nullable: true }) checkpointUpdatedAt!: string | null;
  @ApiProperty({ type: ProjeksjonsfeilDto, nullable: true }) lastError!: ProjeksjonsfeilDto | null;
  @ApiProperty({ type: GjenoppbyggingDto, nullable: true, description: 'The operator rebuild of this projection, running or last finished.' })
  rebuild!: GjenoppbyggingDto | null;
  @ApiProperty({ type: ProjeksjonsleieDto, description: 'Which instance runs the projection (several API instances on one database).' })
  lease!: ProjeksjonsleieDto;
}

export class ProjeksjonerDto {
  @ApiProperty({ description: 'Whether this process runs the projections (SAKSGANG_PROJECTIONS).' }) enabled!: boolean;
  @ApiProperty({ enum: ['disabled', 'starting', 'started', 'failed', 'stopped'] }) runner!: string;
  @ApiProperty({ type: String, nullable: true }) startError!: string | null;
  @ApiProperty({ description: 'True when every projection has applied the whole log.' }) caughtUp!: boolean;
  @ApiProperty({ type: [ProjeksjonsstatusDto] }) projections!: ProjeksjonsstatusDto[];
}

export class RebuildAcceptedDto {
  @ApiProperty({ type: GjenoppbyggingDto }) rebuild!: GjenoppbyggingDto;
  @ApiProperty({ example: '/drift/projeksjoner', description: 'Where to follow the progress.' }) status!: string;
}

// ---------------------------------------------------------------- møter (møtekalender, klar for saksliste)

export class MoetekalenderQueryDto extends LesemodellQueryDto {
  @ApiPropertyOptional({ example: 2019, description: 'Møteåret; uten: alle år.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  aar?: number;
}

export class MoeteIKalenderDto {
  @ApiProperty({ format: 'uuid' }) moeteId!: string;
  @ApiProperty({ example: '2019-02-15' }) moetedato!: string;
  @ApiProperty({ example: '09:00' }) starttid!: string;
  @ApiProperty({ type: String, nullable: true, example: '11:30' }) sluttid!: string | null;
  @ApiProperty({ example: 'Sykehuset Levanger, Store møterom Arken' }) moetested!: string;
  @ApiProperty({ enum: ['planlagt', 'innkalling_sendt', 'gjennomfoert', 'protokoll_godkjent', 'avlyst'] }) status!: string;
  @ApiProperty({ example: 'Innkalling sendt' }) statusTekst!: string;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'Organets møtenummer for året (fra innkallingen).' }) moetenummer!: number | null;
  @ApiProperty({ type: [String], example: ['psu-hnt'], description: 'Organene som holder møtet (flere: et fellesmøte).' }) organIder!: string[];
  @ApiProperty({ type: [String], example: ['PSU – politisk samarbeidsutvalg'], description: 'Organenes navn.' }) organnavn!: string[];
  @ApiProperty() fellesmoete!: boolean;
  @ApiProperty({ example: 9, description: 'Sakslistepunkter (trukne ikke med).' }) antallPunkter!: number;
}

export class MoetekalenderDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ type: Number, nullable: true, example: 2019 }) aar!: number | null;
  @ApiProperty({ example: 4 }) antall!: number;
  @ApiProperty({ type: [MoeteIKalenderDto] }) moeter!: MoeteIKalenderDto[];
}

export class KlarSakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ example: 'Handlingsplan for samhandling 2018–2021' }) tittel!: string;
  @ApiProperty({ enum: SAKSTYPER }) sakstype!: string;
  @ApiProperty({ example: 'asu-hnt', description: 'Organet som avga innstillingen.' }) innstillingFra!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Administrativt samarbeidsutvalg (ASU)' }) innstillingFraNavn!: string | null;
  @ApiProperty() forslagTilVedtak!: string;
  @ApiProperty({ example: '2018-02-13' }) innstillingGjelderFra!: string;
}

export class KlarForSakslisteDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 1 }) antall!: number;
  @ApiProperty({ type: [KlarSakDto], description: 'Eldste innstilling først.' }) saker!: KlarSakDto[];
}
