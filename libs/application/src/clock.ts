/** The injected clock. The domain never reads the system time itself. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('saksgang.Clock');

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and replays: fixed, or advanced by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(to: Date): void {
    this.current = new Date(to.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
