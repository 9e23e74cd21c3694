import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPPDRAGSSTATUSER, SAKSFASER, SAKSTYPER, VEDTAKSUTFALL } from '@saksgang/domain';

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

export class HendelseSkjermetDto {
  @ApiProperty({ type: [String], description: 'The fields left out.' }) felt!: string[];
  @ApiProperty({ description: 'The legal basis (skjermingshjemmel).' }) skjermingshjemmel!: string;
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
  @ApiPropertyOptional({ type: HendelseSkjermetDto, description: 'In the public version (`innsyn: offentlig`): the fields left out of `data` (exempt, or a copy of an exempt value), and why.' })
  skjermet?: HendelseSkjermetDto;
}

export class BestillingDto {
  @ApiProperty({ example: 'psu-hnt' }) bestiltAv!: string;
  @ApiProperty({ example: 'asu-hnt' }) tilOrganId!: string;
  @ApiProperty() mandat!: string;
  @ApiProperty({ format: 'date' }) frist!: string;
  @ApiProperty({ description: 'Når bestillingen fikk virkning.' }) bestilt!: string;
  @ApiPropertyOptional() mottatt?: string;
}

export class UtsettelseDto {
  @ApiProperty({ format: 'date' }) nyFrist!: string;
  @ApiProperty() begrunnelse!: string;
}

export class LeveranseDto {
  @ApiProperty() leveranse!: string;
  @ApiProperty() gjelderFra!: string;
}

export class OppdragDto {
  @ApiProperty() oppdragId!: string;
  @ApiProperty({ description: 'Organet som delegerte oppdraget.' }) fraOrganId!: string;
  @ApiProperty({ description: 'Organet som har fått oppdraget.' }) tilOrganId!: string;
  @ApiProperty() mandat!: string;
  @ApiProperty({ format: 'date' }) frist!: string;
  @ApiProperty({ enum: OPPDRAGSSTATUSER }) status!: string;
  @ApiProperty() delegert!: string;
  @ApiPropertyOptional({ type: UtsettelseDto, description: 'En ubesvart anmodning om utsatt frist.' }) utsettelse?: UtsettelseDto;
  @ApiProperty({ type: [LeveranseDto] }) leveranser!: LeveranseDto[];
}

export class InnstillingDto {
  @ApiProperty() organId!: string;
  @ApiProperty() forslagTilVedtak!: string;
  @ApiProperty() gjelderFra!: string;
}

export class VedtakDto {
  @ApiProperty({ type: [String] }) organIder!: string[];
  @ApiProperty({ enum: VEDTAKSUTFALL }) vedtaksutfall!: string;
  @ApiProperty({ description: 'Vedtaksteksten slik den står i protokollen.' }) vedtakstekst!: string;
  @ApiProperty() gjelderFra!: string;
  @ApiPropertyOptional({ example: 'PSU-møte 15.02.2019, sak 2/19', description: 'Møtet vedtaket ble fattet i, når det er et registrert møtes vedtak.' }) moetereferanse?: string;
}

export class SakslisteOrganDto {
  @ApiProperty({ example: 'psu-hnt' }) organId!: string;
  @ApiProperty({ example: 2019 }) moetesaksaar!: number;
  @ApiProperty({ example: 3 }) moetesakssekvensnummer!: number;
}

export class SakslistepunktDto {
  @ApiProperty() sakslistepunktId!: string;
  @ApiProperty({ format: 'date' }) moetedato!: string;
  @ApiPropertyOptional() moetested?: string;
  @ApiProperty({ type: [SakslisteOrganDto] }) organer!: SakslisteOrganDto[];
  @ApiPropertyOptional({ format: 'uuid', description: 'Det registrerte møtet punktet står på (vedtaket føres i møtet: POST /moeter/{moeteId}/saksliste/{punktId}/vedtak).' }) moeteId?: string;
  @ApiPropertyOptional({ type: VedtakDto }) vedtak?: VedtakDto;
  @ApiPropertyOptional({ description: 'Sant når saken ble trukket før punktet ble avgjort.' }) trukket?: boolean;
}

export class RapportDto {
  @ApiProperty() rapport!: string;
  @ApiProperty() gjelderFra!: string;
}

export class OppfoelgingDto {
  @ApiProperty() oppfoelgingId!: string;
  @ApiProperty({ type: [String] }) fraOrganIder!: string[];
  @ApiProperty() tilOrganId!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ format: 'date' }) frist!: string;
  @ApiPropertyOptional() fullfoert?: string;
  @ApiProperty({ type: [RapportDto] }) rapporter!: RapportDto[];
}

export class KorrigeringDto {
  @ApiProperty() hendelsesnummer!: number;
  @ApiProperty() hendelsestype!: string;
  @ApiProperty() felt!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }) gammelVerdi!: unknown;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }) nyVerdi!: unknown;
  @ApiProperty() begrunnelse!: string;
  @ApiProperty() gjelderFra!: string;
  @ApiProperty({ type: ActorDto }) utfoertAv!: ActorDto;
}

export class SkjermingDto {
  @ApiProperty() skjermingId!: string;
  @ApiProperty({ description: 'Hendelsen (nummer i saken, fra 0) med feltene som er skjermet.' }) hendelsesnummer!: number;
  @ApiProperty({ type: [String] }) felt!: string[];
  @ApiProperty({ example: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' }) skjermingshjemmel!: string;
  @ApiPropertyOptional({ example: '13' }) tilgangsrestriksjon?: string;
  @ApiPropertyOptional() offentligTittel?: string;
  @ApiProperty() gjelderFra!: string;
}

export class HendelseILoggDto {
  @ApiProperty({ example: 'SakRegistrert' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Hendelsens data, som i `hendelser[].data`.' }) data!: Record<string, unknown>;
}

/** A sak as folded from its events (the domain's `Sak`). */
export class SakTilstandDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty() tittel!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ enum: SAKSTYPER }) sakstype!: string;
  @ApiProperty({ example: 'psu-hnt' }) innmeldtAv!: string;
  @ApiProperty() registrert!: string;
  @ApiProperty({ enum: SAKSFASER }) fase!: string;
  @ApiPropertyOptional({ description: 'Organet saken er tildelt nå.' }) ansvarligOrganId?: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' }, description: 'Sakens saksnummer hos hvert organ som ga ett.' })
  saksnumre!: Record<string, string>;
  @ApiProperty({ type: [BestillingDto] }) bestillinger!: BestillingDto[];
  @ApiProperty({ type: [OppdragDto] }) oppdrag!: OppdragDto[];
  @ApiProperty({ type: [InnstillingDto] }) innstillinger!: InnstillingDto[];
  @ApiProperty({ type: [SakslistepunktDto] }) sakslistepunkter!: SakslistepunktDto[];
  @ApiProperty({ type: [OppfoelgingDto] }) oppfoelginger!: OppfoelgingDto[];
  @ApiProperty({ type: [KorrigeringDto] }) korrigeringer!: KorrigeringDto[];
  @ApiPropertyOptional({ enum: SAKSFASER, description: 'Fasen saken hadde da den ble avsluttet eller trukket.' }) fasefoerLukking?: string;
  @ApiPropertyOptional({ type: [SkjermingDto], description: 'Gjeldende skjerminger.' }) skjerminger?: SkjermingDto[];
  @ApiProperty({ type: [HendelseILoggDto], description: 'Hver hendelse i strømmen i rekkefølge (indeks = hendelsesnummer).' }) hendelser!: HendelseILoggDto[];
}

export class SakDto {
  @ApiProperty({ format: 'uuid' }) sakId!: string;
  @ApiProperty({ example: '1' }) revision!: string;
  @ApiProperty({ type: SakTilstandDto, description: 'The case as folded from its events.' })
  state!: SakTilstandDto;
  @ApiProperty({ type: [String], description: 'Steps the workflow allows now (for the asking actor, when the actor headers are sent).' })
  tillatteSteg!: string[];
  @ApiProperty({ type: [HendelseDto] }) hendelser!: HendelseDto[];
  @ApiProperty({
    enum: ['full', 'offentlig'],
    description:
      '`full`: you may read what is exempt (auditors, the sekretariat acting for it, members of a body that handled the sak). ' +
      '`offentlig`: the public version — exempt fields, their copies in later events and the state fields derived from them are left out.',
  })
  innsyn!: 'full' | 'offentlig';
}
