import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  beskrivOrganKrav,
  FASEBESKRIVELSE,
  rollenavn,
  SAK_ARBEIDSFLYT,
  SAK_STEG,
  SAKSFASER,
  type SakStegType,
  type FeltSett,
  MOETE_ARBEIDSFLYT,
  MOETE_STEG,
  forespoerselsfelter,
  GJELDER_FRA,
  type StegDefinisjon,
  workflowDiagram,
} from '@saksgang/domain';
import type { FastifyReply } from 'fastify';
import { Offentlig } from '../auth/tilgang.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { stegSti } from './sakssteg.controller.js';

class FaseDto {
  @ApiProperty({ example: 'under_utredning' }) fase!: string;
  @ApiProperty({ example: 'Under utredning' }) beskrivelse!: string;
}

class OvergangDto {
  @ApiProperty({ example: 'under_utredning', description: 'The phase the step leads to, or `uendret` (unchanged).' }) til!: string;
  @ApiPropertyOptional({ example: 'sendt tilbake', description: 'When this transition is taken.' }) vilkaar?: string;
}

class OrganKravDto {
  @ApiPropertyOptional({ example: 'psu' }) organtype?: string;
  @ApiPropertyOptional({ example: 'politisk' }) nivaa?: string;
  @ApiPropertyOptional({ example: 'oppdragsmottaker', description: 'How the acting body must relate to the sak.' }) relasjon?: string;
  @ApiProperty({ example: 'et organ på politisk nivå' }) beskrivelse!: string;
}

class HvemDto {
  @ApiProperty({ type: [String], example: ['leder', 'nestleder', 'sekretaer'] }) roller!: string[];
  @ApiProperty({ type: [OrganKravDto], description: 'Alternatives for the acting body; any one suffices. Empty: any body.' }) organ!: OrganKravDto[];
  @ApiProperty({ example: 'leder, nestleder, sekretær i et organ på politisk nivå' }) beskrivelse!: string;
}

class RegelDto {
  @ApiProperty({ example: 'frist_ikke_etter_gjelder_fra', description: 'The `code` of the refusal when the rule is broken.' }) kode!: string;
  @ApiProperty({ example: 'Fristen må være etter datoen steget gjelder fra.' }) grunn!: string;
  @ApiProperty({ enum: ['tilstand', 'refused', 'not_found', 'conflict', 'invalid'], description: '`tilstand`: a precondition on the sak alone (also used for the allowed steps).' }) art!: string;
}

/** One field of a step's request, as the forms show it (from the same declaration the engine validates with). */
export class FeltDto {
  @ApiProperty({ example: 'frist' }) navn!: string;
  @ApiProperty({ enum: ['tekst', 'dato', 'tidspunkt', 'organ', 'organliste', 'ettAv', 'heltall', 'id', 'verdi', 'tekstliste', 'moetesaksnumre', 'nummerliste', 'signatarliste'] }) art!: string;
  @ApiProperty({ example: 'Fristen', description: 'How a person names the field (the label).' }) etikett!: string;
  @ApiPropertyOptional() beskrivelse?: string;
  @ApiProperty() valgfri!: boolean;
  @ApiPropertyOptional({ description: 'Longest text, most elements, or the highest number.' }) maks?: number;
  @ApiPropertyOptional({ description: 'Shortest text or the lowest number.' }) min?: number;
  @ApiPropertyOptional({ type: [String], description: 'The values to choose from (`ettAv`).' }) verdier?: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Each value (`ettAv`) in words, as the forms and tables show it.', example: { psykisk_helse_og_rus: 'Psykisk helse og rus' } }) verdinavn?: Record<string, string>;
  @ApiPropertyOptional({ description: 'The value when none is given.' }) standard?: string;
  @ApiPropertyOptional({ description: 'A planned date (within the planning horizon).' }) planlagt?: boolean;
  @ApiPropertyOptional({ description: 'A frist: after the date the step takes effect.' }) frist?: boolean;
  @ApiPropertyOptional({ example: 'organIder', description: 'A list of bodies that must be among those chosen in this other field.' }) delAv?: string;
  @ApiPropertyOptional({ type: [String], example: ['leder', 'nestleder', 'sekretaer'], description: 'The roles that may sign (`signatarliste`): forms offer the persons holding them.' }) roller?: string[];
  @ApiPropertyOptional({ enum: ['part', 'dokument'], description: '`part`: the value (`id`) or values (`tekstliste`) are ids of registered outside parties; forms offer them by name (GET /parter). `dokument`: a document of the sak; forms offer them by title (GET /saker/{sakId}/dokumenter).' }) velges?: 'part' | 'dokument';
}

/** The fields a request to the step gives in its body, in declaration order, with `gjelderFra` last. */
export function feltbeskrivelser(felter: FeltSett): FeltDto[] {
  return Object.entries({ ...forespoerselsfelter(felter), gjelderFra: GJELDER_FRA }).map(([navn, f]) => ({
    navn,
    art: f.art,
    etikett: f.hva ?? (navn === 'gjelderFra' ? 'Gjelder fra' : navn),
    ...(f.beskrivelse ? { beskrivelse: f.beskrivelse } : {}),
    valgfri: f.valgfri === true || ('standard' in f && f.standard !== undefined),
    ...('maks' in f ? { maks: f.maks } : {}),
    ...('min' in f && f.min !== undefined ? { min: f.min } : {}),
    ...(f.art === 'ettAv' ? { verdier: [...f.verdier], ...(f.standard !== undefined ? { standard: f.standard } : {}), ...(f.verdinavn ? { verdinavn: { ...f.verdinavn } } : {}) } : {}),
    ...(f.art === 'dato' && f.planlagt ? { planlagt: true } : {}),
    ...(f.art === 'dato' && f.frist ? { frist: true } : {}),
    ...(f.art === 'organliste' && f.delAv ? { delAv: f.delAv } : {}),
    ...(f.velges ? { velges: f.velges } : {}),
    ...(f.art === 'signatarliste' && f.roller ? { roller: [...f.roller] } : {}),
  }));
}

class StegHttpDto {
  @ApiProperty({ enum: ['POST'] }) method!: 'POST';
  @ApiProperty({ example: '/saker/{sakId}/bestillinger' }) path!: string;
}

class StegDto {
  @ApiProperty({ example: 'BestillUtredning' }) steg!: string;
  @ApiProperty({ example: 'Bestill utredning', description: 'The step as a person names it.' }) tittel!: string;
  @ApiProperty({ type: [FeltDto], description: 'The fields of the request body (the form), from the declaration.' }) felter!: FeltDto[];
  @ApiProperty({ type: [String], example: ['sakId', 'oppdragId'], description: 'The path parameters of the step (what it acts on).' }) stiparametre!: string[];
  @ApiProperty({ example: 'UtredningBestilt' }) hendelse!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ type: [String], description: 'Phases the step may be taken in; empty for the step that creates the sak.' }) fra!: string[];
  @ApiProperty({ type: [OvergangDto] }) overganger!: OvergangDto[];
  @ApiProperty({ type: HvemDto }) hvem!: HvemDto;
  @ApiProperty({ type: [RegelDto] }) regler!: RegelDto[];
  @ApiProperty({ type: StegHttpDto }) http!: StegHttpDto;
}

class DiagramLenkerDto {
  @ApiProperty({ example: '/arbeidsflyt/diagram.svg' }) svg!: string;
  @ApiProperty({ example: '/arbeidsflyt/diagram.mmd' }) mermaid!: string;
}

export class ArbeidsflytDto {
  @ApiProperty({ type: [FaseDto] }) faser!: FaseDto[];
  @ApiProperty({ type: [StegDto] }) steg!: StegDto[];
  @ApiProperty({ type: DiagramLenkerDto }) diagram!: DiagramLenkerDto;
}

/** The declaration the engine enforces, as data and as pictures (the same `SAK_ARBEIDSFLYT`). */
export function arbeidsflyt(): ArbeidsflytDto {
  return {
    faser: SAKSFASER.map((fase) => ({ fase, beskrivelse: FASEBESKRIVELSE[fase] })),
    steg: SAK_STEG.map((steg) => {
      const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
      const organ = def.aktoer.organ.map((k) => ({ ...k, beskrivelse: beskrivOrganKrav(k) }));
      const roller = def.aktoer.roller.map(rollenavn);
      return {
        steg,
        tittel: def.tittel,
        felter: feltbeskrivelser(def.felter),
        stiparametre: [...stegSti(steg).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        hendelse: def.hendelse,
        beskrivelse: def.beskrivelse,
        fra: [...def.fra],
        overganger: def.overganger.map((o) => ({ til: o.til, ...(o.vilkaar ? { vilkaar: o.vilkaar } : {}) })),
        hvem: {
          roller: [...def.aktoer.roller],
          organ,
          beskrivelse: `${roller.join(', ')} i ${organ.length === 0 ? 'alle organer' : organ.map((o) => o.beskrivelse).join(' / ')}`,
        },
        regler: [
          ...def.forutsetninger.map((f) => ({ kode: f.kode, grunn: f.grunn, art: 'tilstand' })),
          ...def.vakter.map((v) => ({ kode: v.kode, grunn: v.grunn, art: v.art })),
        ],
        http: { method: 'POST' as const, path: stegSti(steg) },
      };
    }),
    diagram: { svg: '/arbeidsflyt/diagram.svg', mermaid: '/arbeidsflyt/diagram.mmd' },
  };
}

class MoeteStegDto {
  @ApiProperty({ example: 'SendInnkalling' }) steg!: string;
  @ApiProperty({ example: 'Send innkalling' }) tittel!: string;
  @ApiProperty() beskrivelse!: string;
  @ApiProperty({ type: [String], description: 'The meeting states the step may be taken in; empty for the step that plans the meeting.' }) fra!: string[];
  @ApiProperty({ type: [FeltDto], description: 'The fields of the request body (the form), from the declaration.' }) felter!: FeltDto[];
  @ApiProperty({ type: [String], example: ['moeteId', 'punktId'] }) stiparametre!: string[];
  @ApiProperty({ type: StegHttpDto }) http!: StegHttpDto;
}

export class MoeteArbeidsflytDto {
  @ApiProperty({ type: [MoeteStegDto] }) steg!: MoeteStegDto[];
}

/** The meeting workflow as declared (`MOETE_ARBEIDSFLYT`): its steps, their fields and addresses. */
export function moeteArbeidsflyt(): MoeteArbeidsflytDto {
  return {
    steg: MOETE_STEG.map((steg) => {
      const def = MOETE_ARBEIDSFLYT[steg];
      const path = `/moeter${def.rute ? `/${def.rute}` : ''}`.replace(/:(\w+)/g, '{$1}');
      return {
        steg,
        tittel: def.tittel,
        beskrivelse: def.beskrivelse,
        fra: [...def.fra],
        felter: feltbeskrivelser(def.felter as FeltSett),
        stiparametre: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        http: { method: 'POST' as const, path },
      };
    }),
  };
}

/** The declaration is public: what the steps are, who may take them and why a step is refused (the public and the web app's forms read it). */
@ApiTags('arbeidsflyt')
@Controller('arbeidsflyt')
@Offentlig()
export class ArbeidsflytController {
  @Get()
  @ApiOperation({ summary: 'The sak workflow as declared and enforced: phases, steps, who may take them, the rules with their reasons, and the HTTP endpoint of each step' })
  @ApiOkResponse({ type: ArbeidsflytDto })
  @ApiProblems({ status: 429, description: 'Too many requests from this client; retry after `Retry-After` seconds.' })
  hent(): ArbeidsflytDto {
    return arbeidsflyt();
  }

  @Get('moete')
  @ApiOperation({ summary: 'The meeting workflow as declared and enforced: its steps, their fields and the HTTP endpoint of each' })
  @ApiOkResponse({ type: MoeteArbeidsflytDto })
  @ApiProblems({ status: 429, description: 'Too many requests from this client; retry after `Retry-After` seconds.' })
  moete(): MoeteArbeidsflytDto {
    return moeteArbeidsflyt();
  }

  @Get('diagram.svg')
  @ApiOperation({ summary: 'The workflow as an SVG picture, generated from the same declaration the engine enforces' })
  @ApiOkResponse({ description: 'image/svg+xml', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @ApiProblems({ status: 429, description: 'Too many requests from this client; retry after `Retry-After` seconds.' })
  svg(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('image/svg+xml; charset=utf-8');
    return workflowDiagram().svg;
  }

  @Get('diagram.mmd')
  @ApiOperation({ summary: 'The workflow as a Mermaid stateDiagram-v2, generated from the same declaration the engine enforces' })
  @ApiOkResponse({ description: 'Mermaid source', content: { 'text/vnd.mermaid': { schema: { type: 'string' } } } })
  @ApiProblems({ status: 429, description: 'Too many requests from this client; retry after `Retry-After` seconds.' })
  mermaid(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/vnd.mermaid; charset=utf-8');
    return workflowDiagram().mermaid;
  }
}
