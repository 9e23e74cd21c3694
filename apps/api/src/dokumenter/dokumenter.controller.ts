/**
 * Documents over HTTP (#16 item 1): upload (multipart/form-data, the fields before the file `fil`),
 * a new version, exemption, the description with its versions, and the bytes streamed back. The
 * request fields come from the document workflow's declaration (DOKUMENT_ARBEIDSFLYT), like the
 * sak's and the meeting's steps.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { deterministicEventId, DokumentForStortError, DokumentformatIkkeTillattError, DokumentService, type DokumentView, OpplastingAvbruttError, type Opplastingsfil, toPlain } from '@saksgang/application';
import { type Aktoer, DOKUMENT_ARBEIDSFLYT, DOKUMENT_STEG, DOKUMENTFORMATER, DOKUMENTFORMATNAVN, type DokumentStegType, type FeltSett, forespoerselsfelter, jsonSchemaFor, rollenavn, validerFelter } from '@saksgang/domain';
import { formatPosition, InnholdFinnesIkkeError } from '@saksgang/event-store';
import { dokumenterForSak, hentOrganer, hentPersonnavn } from '@saksgang/projections';
import { LesemodellQueryDto } from '../projections/projections.dto.js';
import { Lesemodeller, ReadModelProblemFilter } from '../projections/read-models.http.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { ActorResolver } from '../http/actor.js';
import { commandHeaders, konvoluttFra, medSkjemafelter } from '../http/command-headers.js';
import { EdgeProblemError } from '../http/edge-problem.error.js';
import { ApiCommandHeaders, ApiProblems, commandProblems } from '../http/openapi.decorators.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { somForespoerselsfeil } from '../http/stegforespoersel.js';
import { feltbeskrivelser } from '../saker/arbeidsflyt.controller.js';
import { DokumentArbeidsflytDto } from './dokumenter.dto.js';

const uuidPipe = (felt: string) => new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: felt, reason: `${felt} må være en UUID` }]) });

function felter(steg: DokumentStegType): FeltSett {
  return DOKUMENT_ARBEIDSFLYT[steg].felter as FeltSett;
}


/** The multipart schema of an upload step: its declared request fields (as form fields) and the file. */
function opplastingsskjema(steg: DokumentStegType): Record<string, unknown> {
  const s = jsonSchemaFor(felter(steg)) as { properties: Record<string, unknown>; required?: string[] };
  return {
    type: 'object',
    properties: { ...s.properties, fil: { type: 'string', format: 'binary', description: 'Filen (sist i skjemaet). Formatet kontrolleres ut fra innholdet.' } },
    required: [...(s.required ?? []), 'fil'],
  };
}

const BINAER = { schema: { type: 'string', format: 'binary' } };
const INNHOLDSTYPER = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/png', 'image/jpeg', 'text/plain'];

const OPPLASTINGSPROBLEMER = [
  ...commandProblems({
    badRequest: 'Ugyldig felt (ukjent felt, feil type, tom eller for lang tekst, en tilknytning med feil felt): hvert ugyldig felt står i `errors`.',
    notFound: 'Saken, oppdraget, møtet, sakslistepunktet eller dokumentet finnes ikke.',
    conflict: 'Dokumentet finnes allerede, eller det er endret siden revisjonen i `If-Match`.',
    refused: 'Steget er ikke tillatt (f.eks. en ny versjon med samme innhold), eller Idempotency-Key er brukt før for en opplasting med andre felt eller en annen fil (`idempotency_key_reused`; den samme opplastingen igjen får det første svaret): `code` og `detail` sier hvorfor.',
  }),
  { status: 401, description: 'Ingen gyldig bearer-token.' },
  { status: 403, description: 'Ikke tillatt: rolle, organet (sekretariatet eller et organ knyttet til saken, oppdraget eller møtet), medlemskap på datoen.' },
  { status: 413, description: 'Filen er større enn grensen (SAKSGANG_DOKUMENT_MAKS_BYTES); ingenting er registrert.' },
  { status: 415, description: 'Formatet (funnet ut fra innholdet, ikke filnavnet) er ikke blant de tillatte, eller forespørselen er ikke multipart/form-data; ingenting er registrert.' },
];

const LESEPROBLEMER = [
  { status: 400, description: 'Id-en er ikke en UUID, eller versjonen er ikke et heltall.' },
  { status: 403, description: 'Leseren kan ikke lese dokumentet: et skjermet dokument leses bare av dem som kan lese sakens skjermede opplysninger; et møtedokument som møtet.' },
  { status: 404, description: 'Dokumentet (eller versjonen) finnes ikke.' },
];

/** A document as the API shows it. */
function visning(v: DokumentView): Record<string, unknown> {
  return { dokumentId: v.dokumentId, revision: v.revision, innsyn: v.innsyn, ...(toPlain(v.dokument) as Record<string, unknown>) };
}

/** Content-Disposition with the file name (RFC 6266: an ASCII fallback and the UTF-8 name). */
export function innholdsdisposisjon(filnavn: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filnavn.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filnavn).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

@ApiTags('dokumenter')
@Controller()
export class DokumenterController {
  constructor(
    @Inject(DokumentService) private readonly dokumenter: DokumentService,
    @Inject(ActorResolver) private readonly actors: ActorResolver,
    @Inject(Lesemodeller) private readonly lesemodeller: Lesemodeller,
  ) {}

  @Get('dokumenter/arbeidsflyt')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: 'Dokumentenes arbeidsflyt slik den er deklarert: stegene, feltene (skjemaene), hvilke steg som tar en fil, de tillatte formatene og største filstørrelse',
    description: 'Skjemaene i webappen lages av dette (som for sakens steg i GET /arbeidsflyt).',
    operationId: 'HentDokumentflyt',
  })
  @ApiOkResponse({ type: DokumentArbeidsflytDto })
  @ApiProblems({ status: 401, description: 'Ingen gyldig bearer-token.' })
  arbeidsflyt(): DokumentArbeidsflytDto {
    const STI: Record<DokumentStegType, string> = { RegistrerDokument: '/dokumenter', LeggTilDokumentversjon: '/dokumenter/{dokumentId}/versjoner', SkjermDokument: '/dokumenter/{dokumentId}/skjerming', OpphevDokumentskjerming: '/dokumenter/{dokumentId}/skjerming/oppheving' };
    return {
      steg: DOKUMENT_STEG.map((steg) => {
        const def = DOKUMENT_ARBEIDSFLYT[steg];
        const path = STI[steg];
        const fil = steg === 'RegistrerDokument' || steg === 'LeggTilDokumentversjon';
        return {
          steg,
          tittel: def.tittel,
          beskrivelse: def.beskrivelse,
          felter: feltbeskrivelser(felter(steg)),
          stiparametre: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
          ...(fil ? { fil: 'Filen' } : {}),
          http: { method: 'POST' as const, path, innholdstype: fil ? 'multipart/form-data' : 'application/json' },
        };
      }),
      formater: DOKUMENTFORMATER.map((format) => ({ format, navn: DOKUMENTFORMATNAVN[format] })),
      maksBytes: this.dokumenter.maksBytes,
    };
  }

  @Get('saker/:sakId/dokumenter')
  @UseFilters(ReadModelProblemFilter)
  @ApiOperation({
    summary: 'Sakens dokumenter (også leveransenes og høringssvarenes): tittel, hoveddokument/vedlegg, tilknytning og gjeldende versjon',
    description: 'Et skjermet dokument står bare i listen for den som kan lese sakens skjermede opplysninger. `minPosition` for å lese egne skrivinger.',
    operationId: 'HentSakensDokumenter',
  })
  @ApiParam({ name: 'sakId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ description: 'Dokumentene, eldste først.', schema: { type: 'object', properties: { sakId: { type: 'string' }, dokumenter: { type: 'array', items: { type: 'object', additionalProperties: true } } } } })
  @ApiProblems({ status: 400, description: 'sakId er ikke en UUID, eller minPosition er ugyldig.' }, { status: 401, description: 'Ingen gyldig bearer-token.' }, { status: 404, description: 'Saken finnes ikke.' }, { status: 503, description: 'Lesemodellene har ikke nådd minPosition ennå.' })
  async forSak(@Param('sakId', uuidPipe('sakId')) sakId: string, @Query() q: LesemodellQueryDto, @Req() req: FastifyRequest): Promise<Record<string, unknown>> {
    return this.liste(sakId, q.minPosition, this.actors.leser(req));
  }

  @Get('offentlig/saker/:sakId/dokumenter')
  @Offentlig()
  @UseFilters(ReadModelProblemFilter)
  @ApiOperation({ summary: 'Sakens offentlige dokumenter (uten token): bare de som ikke er skjermet', operationId: 'HentSakensOffentligeDokumenter' })
  @ApiParam({ name: 'sakId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ description: 'Dokumentene, eldste først.', schema: { type: 'object', properties: { sakId: { type: 'string' }, dokumenter: { type: 'array', items: { type: 'object', additionalProperties: true } } } } })
  @ApiProblems({ status: 400, description: 'sakId er ikke en UUID, eller minPosition er ugyldig.' }, { status: 404, description: 'Saken finnes ikke.' }, { status: 503, description: 'Lesemodellene har ikke nådd minPosition ennå.' })
  async offentligForSak(@Param('sakId', uuidPipe('sakId')) sakId: string, @Query() q: LesemodellQueryDto): Promise<Record<string, unknown>> {
    return this.liste(sakId, q.minPosition, undefined);
  }

  private async liste(sakId: string, minPosition: string | undefined, leser: ReturnType<ActorResolver['leser']>): Promise<Record<string, unknown>> {
    const sql = await this.lesemodeller.klar(minPosition, ['dokumenter']);
    const views = await this.dokumenter.forSak(sakId, await dokumenterForSak(sql, sakId), leser);
    // Who uploaded, as a person reads it: the person's and the body's names and the role's word, never ids alone.
    const personer = await hentPersonnavn(sql, views.flatMap((v) => v.dokument.versjoner.map((x) => x.utfoertAv.personId)));
    const organer = new Map((await hentOrganer(sql)).map((o) => [o.organId, o.navn]));
    const hvem = (a: Aktoer) => ({ personId: a.personId, personNavn: personer.get(a.personId) ?? null, organId: a.organId, organNavn: organer.get(a.organId) ?? null, rolle: a.rolle, rollenavn: rollenavn(a.rolle) });
    return {
      sakId,
      dokumenter: views.map((v) => {
        const d = v.dokument;
        const g = d.versjoner[d.versjoner.length - 1]!;
        return {
          dokumentId: v.dokumentId,
          tittel: d.tittel,
          tilknytningsrolle: d.tilknytningsrolle,
          tilknytning: d.tilknytning,
          ...(d.skjermingshjemmel !== undefined ? { skjermingshjemmel: d.skjermingshjemmel } : {}),
          registrert: d.registrert,
          registrertAv: hvem(d.registrertAv),
          antallVersjoner: d.versjoner.length,
          gjeldendeVersjon: {
            versjonsnummer: g.versjonsnummer,
            format: g.format,
            formatnavn: DOKUMENTFORMATNAVN[g.format] ?? g.format,
            ...(g.formatDetaljer ? { formatDetaljer: g.formatDetaljer } : {}),
            mimeType: g.mimeType,
            filnavn: g.filnavn,
            filstoerrelse: g.filstoerrelse,
            sjekksum: g.sjekksum,
            gjelderFra: g.gjelderFra,
            lastetOppAv: hvem(g.utfoertAv),
          },
        };
      }),
    };
  }

  @Post('dokumenter')
  @HttpCode(201)
  @ApiOperation({ summary: `${DOKUMENT_ARBEIDSFLYT.RegistrerDokument.tittel} (RegistrerDokument)`, description: DOKUMENT_ARBEIDSFLYT.RegistrerDokument.beskrivelse, operationId: 'RegistrerDokument' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ required: true, schema: opplastingsskjema('RegistrerDokument') })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ description: 'Registrert; `Location` er dokumentets adresse.', schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(...OPPLASTINGSPROBLEMER.filter((p) => p.status !== 409))
  async registrer(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    return this.last(req, reply, 'RegistrerDokument', undefined);
  }

  @Post('dokumenter/:dokumentId/versjoner')
  @HttpCode(201)
  @ApiOperation({ summary: `${DOKUMENT_ARBEIDSFLYT.LeggTilDokumentversjon.tittel} (LeggTilDokumentversjon)`, description: DOKUMENT_ARBEIDSFLYT.LeggTilDokumentversjon.beskrivelse, operationId: 'LeggTilDokumentversjon' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ required: true, schema: opplastingsskjema('LeggTilDokumentversjon') })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ description: 'Registrert.', schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(...OPPLASTINGSPROBLEMER)
  async nyVersjon(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    return this.last(req, reply, 'LeggTilDokumentversjon', dokumentId);
  }

  @Post('dokumenter/:dokumentId/skjerming')
  @HttpCode(201)
  @ApiOperation({ summary: `${DOKUMENT_ARBEIDSFLYT.SkjermDokument.tittel} (SkjermDokument)`, description: DOKUMENT_ARBEIDSFLYT.SkjermDokument.beskrivelse, operationId: 'SkjermDokument' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiBody({ required: true, schema: jsonSchemaFor(felter('SkjermDokument')) as Record<string, unknown> })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ description: 'Registrert.', schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(...OPPLASTINGSPROBLEMER.filter((p) => p.status !== 413 && p.status !== 415))
  async skjerm(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    return this.json(req, reply, 'SkjermDokument', dokumentId);
  }

  @Post('dokumenter/:dokumentId/skjerming/oppheving')
  @HttpCode(201)
  @ApiOperation({ summary: `${DOKUMENT_ARBEIDSFLYT.OpphevDokumentskjerming.tittel} (OpphevDokumentskjerming)`, description: DOKUMENT_ARBEIDSFLYT.OpphevDokumentskjerming.beskrivelse, operationId: 'OpphevDokumentskjerming' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiBody({ required: true, schema: jsonSchemaFor(felter('OpphevDokumentskjerming')) as Record<string, unknown> })
  @ApiCommandHeaders({ ifMatch: true })
  @ApiCreatedResponse({ description: 'Registrert.', schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(...OPPLASTINGSPROBLEMER.filter((p) => p.status !== 413 && p.status !== 415))
  async opphevSkjerming(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    return this.json(req, reply, 'OpphevDokumentskjerming', dokumentId);
  }

  @Get('dokumenter/:dokumentId')
  @ApiOperation({ summary: 'Les en dokumentbeskrivelse med alle versjoner (format, størrelse, SHA-256, filnavn)', operationId: 'HentDokument' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ description: 'Dokumentet; `ETag` er revisjonen.', schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(...LESEPROBLEMER, { status: 401, description: 'Ingen gyldig bearer-token.' })
  async hent(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const v = await this.dokumenter.hent(dokumentId, this.actors.leser(req), this.actors.tryResolve(req));
    void reply.header('ETag', `"${v.revision}"`);
    return visning(v);
  }

  @Get('dokumenter/:dokumentId/innhold')
  @ApiOperation({ summary: 'Last ned dokumentet (gjeldende versjon, eller `versjon`): strømmes med riktig Content-Type, Content-Length, ETag = SHA-256 og filnavnet', operationId: 'HentDokumentinnhold' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'versjon', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ description: 'Filen.', content: Object.fromEntries(INNHOLDSTYPER.map((t) => [t, BINAER])) })
  @ApiProblems(...LESEPROBLEMER, { status: 401, description: 'Ingen gyldig bearer-token.' })
  async innhold(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Query('versjon') versjon: string | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.last_ned(dokumentId, versjon, req, reply, false);
  }

  @Get('offentlig/dokumenter/:dokumentId/innhold')
  @Offentlig()
  @ApiOperation({ summary: 'Last ned et offentlig dokument (uten token): bare dokumenter til en sak som ikke er skjermet', operationId: 'HentOffentligDokumentinnhold' })
  @ApiParam({ name: 'dokumentId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'versjon', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ description: 'Filen.', content: Object.fromEntries(INNHOLDSTYPER.map((t) => [t, BINAER])) })
  @ApiProblems(...LESEPROBLEMER)
  async offentligInnhold(@Param('dokumentId', uuidPipe('dokumentId')) dokumentId: string, @Query('versjon') versjon: string | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.last_ned(dokumentId, versjon, req, reply, true);
  }

  private async last_ned(dokumentId: string, versjon: string | undefined, req: FastifyRequest, reply: FastifyReply, offentlig: boolean): Promise<StreamableFile> {
    if (versjon !== undefined && !/^[1-9]\d{0,8}$/.test(versjon)) throw new RequestValidationError([{ field: 'versjon', reason: 'versjon må være et heltall fra 1' }]);
    const { objekt, bytes } = await this.dokumenter.innhold(dokumentId, versjon === undefined ? undefined : Number(versjon), offentlig ? undefined : this.actors.leser(req), offentlig ? undefined : this.actors.tryResolve(req));
    const stat = await this.dokumenter.lager.stat(objekt.lagringsId);
    if (!stat) throw new EdgeProblemError(500, 'dokumentinnhold_mangler', 'Dokumentets innhold mangler', `Innholdet til versjon ${objekt.versjonsnummer} av dokumentet finnes ikke i lageret; en revisor kan kjøre verify.`);
    void reply.header('ETag', `"${objekt.sjekksum}"`);
    void reply.header('Cache-Control', 'private, no-cache');
    void reply.header('X-Content-Type-Options', 'nosniff');
    const strøm = Readable.from(
      (async function* () {
        try {
          yield* bytes;
        } catch (e) {
          if (e instanceof InnholdFinnesIkkeError) throw new Error('document content vanished while streaming', { cause: e });
          throw e;
        }
      })(),
      { objectMode: false },
    );
    return new StreamableFile(strøm, { type: objekt.mimeType, length: objekt.filstoerrelse, disposition: innholdsdisposisjon(objekt.filnavn) });
  }

  private async json(req: FastifyRequest, reply: FastifyReply, steg: DokumentStegType, dokumentId: string): Promise<Record<string, unknown>> {
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestValidationError([{ field: 'body', reason: 'innholdet må være et JSON-objekt' }]);
    const data = somForespoerselsfeil(() => validerFelter<Record<string, unknown>>(forespoerselsfelter(felter(steg)), body as Record<string, unknown>));
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const result = await this.dokumenter.utfoer({ aggregateId: dokumentId, steg, data, ...konvoluttFra(h, aktoer) });
    if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
    return { dokumentId, revision: result.revision?.toString() ?? null, position: result.position ? formatPosition(result.position) : null, hendelser: result.events.map((e, i) => ({ eventId: result.eventIds[i]!, type: e.type })), replayed: result.replayed };
  }

  /** An upload: the fields (before the file) checked as declared, then the file streamed to the service. */
  private async last(req: FastifyRequest, reply: FastifyReply, steg: DokumentStegType, dokumentId: string | undefined): Promise<Record<string, unknown>> {
    if (!req.isMultipart()) {
      throw new EdgeProblemError(415, 'krever_multipart', 'Medietypen støttes ikke', 'Et dokument lastes opp som multipart/form-data: feltene først, så filen i feltet «fil».');
    }
    const aktoer = this.actors.resolve(req);
    const h = commandHeaders(req, aktoer);
    const oppretter = dokumentId === undefined;
    const id = dokumentId ?? (h.idempotent ? deterministicEventId(h.commandId, -1) : randomUUID());
    const raw: Record<string, unknown> = {};
    let resultat: Awaited<ReturnType<DokumentService['utfoer']>> | undefined;
    try {
      const deler = req.parts()[Symbol.asyncIterator]();
      for (;;) {
        const neste = await lesDel(deler);
        if (neste.done) break;
        const del = neste.value;
        if (del.type === 'field') {
          if (resultat) continue;
          if (Object.prototype.hasOwnProperty.call(raw, del.fieldname)) throw new RequestValidationError([{ field: del.fieldname, reason: `feltet «${del.fieldname}» er sendt to ganger` }]);
          raw[del.fieldname] = typeof del.value === 'string' ? del.value : String(del.value);
          continue;
        }
        if (del.fieldname !== 'fil') throw new RequestValidationError([{ field: del.fieldname, reason: `filen sendes i feltet «fil», ikke «${del.fieldname}»` }]);
        const data = somForespoerselsfeil(() => validerFelter<Record<string, unknown>>(forespoerselsfelter(felter(steg)), raw));
        if (oppretter) data['dokumentId'] = id;
        const fil: Opplastingsfil = { innhold: del.file, filnavn: del.filename };
        // With an Idempotency-Key, the fields as sent are the request's fingerprint (the file's checksum is compared by the service).
        resultat = await this.dokumenter.utfoer({ aggregateId: id, steg, data, fil, ...konvoluttFra(medSkjemafelter(h, req, raw), aktoer, { oppretter }) });
      }
    } catch (e) {
      if (e instanceof DokumentformatIkkeTillattError) throw this.problemMedFelt(reply, 415, 'format_ikke_tillatt', 'Formatet er ikke tillatt', e.grunn);
      if (e instanceof DokumentForStortError) throw this.problemMedFelt(reply, 413, 'dokument_for_stort', 'Filen er for stor', e.message);
      if (e instanceof OpplastingAvbruttError) throw this.problemMedFelt(reply, 400, 'ugyldig_multipart', 'Ugyldig forespørsel', e.message);
      throw e;
    }
    if (!resultat) {
      somForespoerselsfeil(() => validerFelter(forespoerselsfelter(felter(steg)), raw));
      throw new RequestValidationError([{ field: 'fil', reason: 'filen mangler: send den i feltet «fil», etter de andre feltene' }]);
    }
    if (resultat.revision !== undefined) void reply.header('ETag', `"${resultat.revision}"`);
    if (oppretter) void reply.header('Location', `/dokumenter/${id}`);
    const obj = resultat.events[0] ? (resultat.events[0].data as { dokumentobjekt?: Record<string, unknown> }).dokumentobjekt : undefined;
    return {
      dokumentId: id,
      revision: resultat.revision?.toString() ?? null,
      position: resultat.position ? formatPosition(resultat.position) : null,
      hendelser: resultat.events.map((e, i) => ({ eventId: resultat!.eventIds[i]!, type: e.type })),
      replayed: resultat.replayed,
      ...(obj ? { dokumentobjekt: obj } : {}),
    };
  }

  private problemMedFelt(reply: FastifyReply, status: number, code: string, title: string, reason: string): EdgeProblemError {
    // The reply must not wait for the rest of a body that will not be read.
    void reply.header('Connection', 'close');
    return new FeltProblem(status, code, title, `fil: ${reason}`, reason);
  }
}

/**
 * The next part of a multipart body; a body that is not well-formed multipart (no or a wrong boundary,
 * a part cut off, too many parts) is the client's error: 400 (413 for the parts and fields limits).
 */
async function lesDel<T>(deler: AsyncIterator<T>): Promise<IteratorResult<T>> {
  try {
    return await deler.next();
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    const kode = String((e as { code?: unknown }).code ?? '');
    if (typeof status === 'number' && status === 413) throw new EdgeProblemError(413, 'for_mange_deler', 'For stor forespørsel', 'Skjemaet har for mange felt eller deler, eller et felt er for langt.');
    throw new EdgeProblemError(400, 'ugyldig_multipart', 'Ugyldig forespørsel', `Innholdet er ikke gyldig multipart/form-data${kode.startsWith('FST_') ? ` (${kode})` : ''}: feltene først, så filen i feltet «fil», med grensen fra Content-Type.`);
  }
}

/** A refusal of the upload's file, naming the field (`errors: [{ field: 'fil', reason }]`). */
export class FeltProblem extends EdgeProblemError {
  override readonly errors: readonly { readonly field: string; readonly reason: string }[];
  constructor(status: number, code: string, title: string, detail: string, readonly reason: string) {
    super(status, code, title, detail);
    // The field's reason is short (a field's reason is capped at 200 characters): the allowed formats stand in `detail` and beside the field.
    const kort = reason.split('; tillatt er ')[0]!;
    this.errors = [{ field: 'fil', reason: kort === reason ? reason : `${kort}; formatet er ikke blant de tillatte.` }];
  }
}
