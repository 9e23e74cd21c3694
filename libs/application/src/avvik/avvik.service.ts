/**
 * The avvik workflow's steps through the one command path (read → fold → decide → append), its reads
 * (authorised like its steps: the two parties, the fagråd, auditors), and the forbedringssak: a sak in
 * the main workflow registered through the sak's own RegistrerSak, linked from each avvik by the
 * avvik's own step (KnyttTilForbedringssak).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ActorNotAllowedError,
  type Aktoer,
  type Avvik,
  type AvvikCommand,
  avvikDecider,
  type AvvikEvent,
  avviksfagraadPaaDato,
  avvikLesere,
  AVVIK_ARBEIDSFLYT,
  type AvvikStegType,
  InvalidCommandError,
  NotFoundError,
  type Organ,
  organDecider,
  sakDecider,
  type SakCommand,
  tillatteAvvikssteg,
} from '@saksgang/domain';
import { type CommandEnvelope, CommandPath, type CommandResult } from '../command-path/command-path.js';
import { deterministicEventId } from '../command-path/deterministic-id.js';
import { type Clock, CLOCK, systemClock } from '../clock.js';

/** A step on an avvik as it comes from the edge. */
export interface AvvikstegInput extends Omit<CommandEnvelope<AvvikCommand>, 'command'> {
  readonly steg: AvvikStegType;
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The bodies among which the fagråd for avvik is looked for when the report names none (e.g. every
   * fagråd the organisation's read model lists); each is read as recorded and judged on the date.
   */
  readonly fagraadKandidater?: () => Promise<readonly string[]>;
}

/** Who reads: the reader's body (X-Organ) and system roles. */
export interface AvvikLeser {
  readonly organId?: string;
  readonly systemroller: readonly string[];
}

export interface AvvikView {
  readonly avvikId: string;
  readonly revision: string;
  readonly state: Avvik;
  readonly tillatteSteg: readonly AvvikStegType[];
}

/** A forbedringssak opened from one or more avvik. */
export interface ForbedringssakInput {
  readonly avvikIder: readonly string[];
  readonly tittel: string;
  readonly beskrivelse?: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly aktoer: Aktoer;
  readonly requestFingerprint?: string;
}

export interface ForbedringssakResult {
  readonly sakId: string;
  readonly sak: CommandResult;
  readonly lenker: readonly CommandResult<AvvikEvent>[];
}

/** May this reader read the avvik: a party (or its assigned unit), its fagråd, or an auditor. */
export function kanLeseAvvik(avvik: Pick<Avvik, 'melder' | 'motpart' | 'tildeltEnhet' | 'fagraad'>, leser: AvvikLeser | undefined): boolean {
  if (!leser) return false;
  if (leser.systemroller.includes('revisor')) return true;
  return leser.organId !== undefined && avvikLesere(avvik).includes(leser.organId);
}

export const AVVIK_LESERE_TEKST = 'Et avvik er skjermet: det leses bare av partene (den som meldte, motparten og enheten det er tildelt), fagrådet som følger det opp, og revisor. Alle andre ser bare tallene (GET /offentlig/avvik/statistikk).';

@Injectable()
export class AvvikService {
  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async hent(avvikId: string, leser: AvvikLeser | undefined, aktoer: Aktoer | undefined): Promise<AvvikView> {
    const loaded = await this.path.load(avvikDecider, avvikId);
    if (loaded.revision === 'no_stream' || loaded.state === null) throw new NotFoundError('avvik_ikke_funnet', `Avviket ${avvikId} finnes ikke.`);
    const avvik = loaded.state;
    if (!kanLeseAvvik(avvik, leser)) throw new ActorNotAllowedError('ikke_tilgang_til_avviket', AVVIK_LESERE_TEKST);
    const organer = await this.loadOrganer([...avvikLesere(avvik), ...(aktoer ? [aktoer.organId] : [])]);
    // The steps the reader may take: none without a body to act for, and none for an auditor (revisor reads and changes nothing).
    const kanHandle = aktoer !== undefined && !leser?.systemroller.includes('revisor');
    return { avvikId, revision: loaded.revision.toString(), state: avvik, tillatteSteg: kanHandle ? tillatteAvvikssteg(avvik, aktoer, organer) : [] };
  }

  async utfoer(input: AvvikstegInput): Promise<CommandResult<AvvikEvent>> {
    return this.path.execute(avvikDecider, this.envelope(await this.medFagraad(input)));
  }

  /**
   * A report that names no fagråd is followed up by the organisation's fagråd for quality and patient
   * safety on the date it takes effect (`avviksfagraadPaaDato`: none or several is a refusal naming
   * the field). Only the step that creates an avvik has the field.
   */
  private async medFagraad(input: AvvikstegInput): Promise<AvvikstegInput> {
    const felter = AVVIK_ARBEIDSFLYT[input.steg].felter as Readonly<Record<string, unknown>>;
    if (!('fagraad' in felter) || input.data['fagraad'] !== undefined || !input.fagraadKandidater) return input;
    const g = input.data['gjelderFra'];
    // An unreadable gjelderFra is the decider's to refuse (naming that field), not a reason to look for a fagråd.
    if (g !== undefined && (typeof g !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(g))) return input;
    const dato = typeof g === 'string' ? g : this.clock.now().toISOString();
    const ider = await input.fagraadKandidater();
    const organer = await this.loadOrganer(ider);
    const fagraad = avviksfagraadPaaDato(ider.map(organer).filter((o): o is Organ => o !== undefined), dato);
    return { ...input, data: { ...input.data, fagraad } };
  }

  /**
   * Opens a forbedringssak from avvik (the fagråd or ASU): every link is tried first (who acts, the
   * avvik's status, a link already there) and the sak's registration too — a refusal of any records
   * nothing; then the sak is registered (RegistrerSak, reported by the acting body) and each avvik
   * records its link. The sak's title and description are what the person writes: nothing of the
   * exempt avvik is copied into the (public) sak. Command ids derive from the request's, so a retry
   * (same Idempotency-Key) records nothing twice and completes what a failure left undone.
   */
  async aapneForbedringssak(input: ForbedringssakInput): Promise<ForbedringssakResult> {
    const ider = [...new Set(input.avvikIder)];
    if (ider.length === 0) throw new InvalidCommandError('felt_mangler', 'Velg minst ett avvik forbedringssaken skal følge opp.', { field: 'avvikIder' });
    const sakId = deterministicEventId(`${input.commandId}:forbedringssak`, 0);
    const sakEnvelope: CommandEnvelope<SakCommand> = {
      aggregateId: sakId,
      command: {
        type: 'RegistrerSak',
        data: {
          sakId,
          tittel: input.tittel,
          beskrivelse: input.beskrivelse ?? `Forbedringssak opprettet fra ${ider.length} samhandlingsavvik.`,
          innmeldtAv: input.aktoer.organId,
          sakstype: 'beslutningssak',
        },
      } as SakCommand,
      commandId: `${input.commandId}:sak`,
      correlationId: input.correlationId,
      causationId: input.commandId,
      aktoer: input.aktoer,
    };
    const lenke = (avvikId: string): CommandEnvelope<AvvikCommand> => ({
      aggregateId: avvikId,
      command: { type: 'KnyttTilForbedringssak', data: { sakId, tittel: input.tittel } } as AvvikCommand,
      commandId: `${input.commandId}:lenke:${avvikId}`,
      correlationId: input.correlationId,
      causationId: input.commandId,
      aktoer: input.aktoer,
    });
    for (const avvikId of ider) {
      const a = (await this.path.load(avvikDecider, avvikId)).state;
      if (a === null) throw new InvalidCommandError('avvik_ikke_funnet', `Avviket ${avvikId} finnes ikke.`, { field: 'avvikIder' });
      await this.path.dryRun(avvikDecider, lenke(avvikId));
    }
    await this.path.dryRun(sakDecider, sakEnvelope);
    const sak = await this.path.execute(sakDecider, sakEnvelope);
    const lenker: CommandResult<AvvikEvent>[] = [];
    for (const avvikId of ider) lenker.push(await this.path.execute(avvikDecider, lenke(avvikId)));
    return { sakId, sak, lenker };
  }

  private async loadOrganer(ider: readonly string[]): Promise<(id: string) => Organ | undefined> {
    const map = new Map<string, Organ>();
    for (const id of new Set(ider)) {
      const o = (await this.path.load(organDecider, id)).state;
      if (o) map.set(id, o);
    }
    return (id) => map.get(id);
  }

  private envelope(input: AvvikstegInput): CommandEnvelope<AvvikCommand> {
    const { steg, data, fagraadKandidater: _k, ...rest } = input;
    return { ...rest, command: { type: steg, data } as AvvikCommand };
  }
}
