import { Query } from '@nestjs/cqrs';
import type { Aktoer } from '@saksgang/domain';
import type { Leser } from '../auth/innsyn.js';

/** One recorded fact as the API shows it: both times, the actor, and the data. */
export interface HendelseView {
  readonly eventId: string;
  readonly type: string;
  readonly revision: string;
  readonly position: string;
  /** When the fact took effect (e.g. the meeting date). */
  readonly effectiveAt: string;
  /** When saksgang recorded it. */
  readonly recordedAt: string;
  readonly actor: { personId: string; organId: string; rolle: string } | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly data: Record<string, unknown>;
  /** In the public version: the fields left out of `data` (exempt, or a copy of something exempt), and why. */
  readonly skjermet?: { readonly felt: readonly string[]; readonly skjermingshjemmel: string };
}

export interface SakView {
  readonly sakId: string;
  readonly revision: string;
  readonly state: Record<string, unknown>;
  /** The steps the workflow allows now (for the asking actor, when one is given). */
  readonly tillatteSteg: readonly string[];
  readonly hendelser: readonly HendelseView[];
  /**
   * `full`: the reader may read what is exempt (libs/application auth/innsyn.ts); `offentlig`: the
   * public version — nothing exempt, no copy of it, no state field derived from it.
   */
  readonly innsyn: 'full' | 'offentlig';
}

export interface OrganView {
  readonly organId: string;
  readonly revision: string;
  readonly state: Record<string, unknown>;
  readonly hendelser: readonly HendelseView[];
}

export class HentSak extends Query<SakView> {
  constructor(
    readonly sakId: string,
    /** The actor whose allowed steps to list (the acting membership). */
    readonly aktoer?: Aktoer,
    /** Who reads: decides whether the exempt version is shown (none: the public version). */
    readonly leser?: Leser,
  ) {
    super();
  }
}

export class HentOrgan extends Query<OrganView> {
  constructor(readonly organId: string) {
    super();
  }
}
