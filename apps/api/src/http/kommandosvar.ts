/**
 * The answer to a recorded step, the same for every aggregate: `ETag` is the aggregate's new revision
 * (for `If-Match` on the next step), `Location` the address of what a creating step made; the body
 * names the revision, the position in the global log (for `minPosition`: read your writes), the events
 * recorded (with their ids), and whether it was a replay of the same Idempotency-Key.
 */
import type { CommandResult } from '@saksgang/application';
import { formatPosition } from '@saksgang/event-store';
import type { FastifyReply } from 'fastify';

export interface Kommandosvar {
  readonly revision: string | null;
  readonly position: string | null;
  readonly hendelser: { readonly eventId: string; readonly type: string }[];
  readonly replayed: boolean;
}

export function kommandosvar(result: CommandResult, reply: FastifyReply, valg: { readonly location?: string } = {}): Kommandosvar {
  if (result.revision !== undefined) void reply.header('ETag', `"${result.revision}"`);
  if (valg.location !== undefined) void reply.header('Location', valg.location);
  return {
    revision: result.revision?.toString() ?? null,
    position: result.position ? formatPosition(result.position) : null,
    hendelser: result.events.map((e, i) => ({ eventId: result.eventIds[i]!, type: e.type })),
    replayed: result.replayed,
  };
}

/** The event types only (the organisation's and the parties' answers name the types, not the ids). */
export function hendelsestyper(result: CommandResult): string[] {
  return result.events.map((e) => e.type);
}
