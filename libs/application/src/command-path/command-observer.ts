import { DomainError } from '@saksgang/domain';
import { IdempotencyMismatchError, WrongExpectedVersionError } from '@saksgang/event-store';

/**
 * How a command on the command path ended: `accepted` (recorded, a retry answered as before, or
 * nothing to record), `refused` (a domain refusal: the workflow, invalid input, the actor, not found),
 * `conflict` (a stale revision, a reused idempotency key, a domain conflict) or `error` (anything
 * else, e.g. the store not answering).
 */
export type CommandOutcome = 'accepted' | 'refused' | 'conflict' | 'error';

export interface CommandObservation {
  /** The decider's category (`sak`, `organ`, `moete` …). */
  readonly category: string;
  /** The workflow step: the command's type (several, joined by `+`, for one {@link CommandPath.executeAll}). */
  readonly step: string;
  readonly outcome: CommandOutcome;
  readonly seconds: number;
}

/**
 * A port for whoever measures the command path (the HTTP app's Prometheus metrics); the path itself
 * knows nothing of metrics. Must not throw.
 */
export type CommandObserver = (observation: CommandObservation) => void;

export function commandOutcome(error: unknown): CommandOutcome {
  if (error instanceof WrongExpectedVersionError || error instanceof IdempotencyMismatchError) return 'conflict';
  if (error instanceof DomainError) return error.kind === 'conflict' ? 'conflict' : 'refused';
  return 'error';
}

/** Runs `work` and tells the observer how long it took and how it ended. */
export async function observed<T>(observer: CommandObserver | undefined, category: string, step: string, work: () => Promise<T>): Promise<T> {
  if (!observer) return work();
  const start = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  try {
    const result = await work();
    observer({ category, step, outcome: 'accepted', seconds: seconds() });
    return result;
  } catch (e) {
    observer({ category, step, outcome: commandOutcome(e), seconds: seconds() });
    throw e;
  }
}
