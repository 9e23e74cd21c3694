import { formatPosition, type RecordedEvent } from '@saksgang/event-store';

/** A projection's handler failed on an event; the transaction with that event was rolled back. */
export class ProjectionHandlerError extends Error {
  readonly eventId: string;
  readonly eventType: string;
  readonly streamName: string;
  readonly position: string;

  constructor(
    readonly projection: string,
    event: RecordedEvent,
    cause: unknown,
  ) {
    super(
      `Projection '${projection}' failed on event ${event.type} (${event.id}) of stream '${event.streamName}' at ${formatPosition(
        event.position,
      )}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ProjectionHandlerError';
    this.eventId = event.id;
    this.eventType = event.type;
    this.streamName = event.streamName;
    this.position = formatPosition(event.position);
  }
}

/** The stored checkpoint belongs to another version of the projection (another process rebuilt it). */
export class ProjectionVersionMismatchError extends Error {
  constructor(
    readonly projection: string,
    readonly codeVersion: number,
    readonly storedVersion: number | undefined,
  ) {
    super(
      storedVersion === undefined
        ? `Projection '${projection}' has no checkpoint row; start the runner (it creates it) before running the projection.`
        : `Projection '${projection}' is at version ${storedVersion} in the database but this code is version ${codeVersion}; restart the runner to rebuild it.`,
    );
    this.name = 'ProjectionVersionMismatchError';
  }
}

/** Name of a projection the runner does not know. */
export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`Unknown projection '${projection}'.`);
    this.name = 'UnknownProjectionError';
  }
}

/**
 * The stored checkpoint is behind the position this worker had reached: another process reset the
 * projection (a rebuild). The worker starts over from the stored checkpoint rather than skip events.
 */
export class CheckpointMovedBackError extends Error {
  constructor(
    readonly projection: string,
    readonly stored: string,
    readonly reached: string,
  ) {
    super(`The checkpoint of projection '${projection}' moved back from ${reached} to ${stored} (reset elsewhere); starting over from the stored checkpoint.`);
    this.name = 'CheckpointMovedBackError';
  }
}

/** This instance does not hold the projection's lease: another instance runs it. */
export class ProjectionLeaseNotHeldError extends Error {
  constructor(
    readonly projection: string,
    readonly holder: string | null,
  ) {
    super(
      `Projection '${projection}' runs in another instance${holder ? ` (${holder})` : ''}, which holds its lease; ` +
        'send the request to that instance, or stop it so this one takes the projection over.',
    );
    this.name = 'ProjectionLeaseNotHeldError';
  }
}
