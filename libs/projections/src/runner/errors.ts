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
