/**
 * A tiny given/when/then helper for deciders:
 *   given(decider, events).when(command, context).then(expectedEvents)
 *   given(decider, events).when(command, context).thenThrows(ErrorClass, 'code')
 */
import { expect } from '@jest/globals';
import { type DecisionContext, type Decider, type DomainCommand, type DomainEvent, DomainError, fold } from '../src/index.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export interface When<S, E> {
  /** Asserts the exact events decided; returns them and the state after them. */
  then(expected: readonly E[]): { events: E[]; state: S };
  /** Asserts a typed refusal with the given code; returns the error for further checks. */
  thenThrows(errorClass: ErrorClass, code: string): DomainError;
}

export function given<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, events: readonly E[]) {
  const state = fold(decider, events);
  return {
    state,
    when(command: C, context: DecisionContext): When<S, E> {
      return {
        then(expected) {
          const got = decider.decide(command, state, context);
          expect(got).toEqual(expected);
          // Every decided event must be plain JSON (what the store keeps).
          expect(JSON.parse(JSON.stringify(got))).toEqual(got);
          return { events: got, state: got.reduce((s, e) => decider.evolve(s, e), state) };
        },
        thenThrows(errorClass, code) {
          let caught: unknown;
          try {
            decider.decide(command, state, context);
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(errorClass);
          const err = caught as DomainError;
          expect({ code: err.code, message: err.message }).toEqual({ code, message: expect.any(String) });
          expect(err.message.length).toBeGreaterThan(10);
          return err;
        },
      };
    },
  };
}
