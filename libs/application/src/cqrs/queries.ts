import { Query } from '@nestjs/cqrs';
import type { Aktoer } from '@saksgang/domain';

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
}

export interface SakView {
  readonly sakId: string;
  readonly revision: string;
  readonly state: Record<string, unknown>;
  /** The steps the workflow allows now (for the asking actor, when one is given). */
  readonly tillatteSteg: readonly string[];
  readonly hendelser: readonly HendelseView[];
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
    readonly aktoer?: Aktoer,
  ) {
    super();
  }
}

export class HentOrgan extends Query<OrganView> {
  constructor(readonly organId: string) {
    super();
  }
}
