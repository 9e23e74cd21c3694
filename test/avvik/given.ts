/**
 * given/when/then for the avvik decider, in the shape of the domain's own helper (libs/domain/spec/given.ts,
 * which tests outside the library may not import: libraries only through their index).
 */
import { expect } from '@jest/globals';
import { type Decider, type DecisionContext, type DomainCommand, DomainError, type DomainEvent, fold } from '@saksgang/domain';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export function given<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, events: readonly E[]) {
  const state = fold(decider, events);
  return {
    state,
    when(command: C, context: DecisionContext) {
      return {
        /** Asserts the exact events decided (plain JSON); returns them and the state after them. */
        then(expected: readonly E[]): { events: E[]; state: S } {
          const got = decider.decide(command, state, context);
          expect(got).toEqual(expected);
          expect(JSON.parse(JSON.stringify(got))).toEqual(got);
          return { events: got, state: got.reduce((s, e) => decider.evolve(s, e), state) };
        },
        /** Asserts a typed refusal with the code and a plain reason; returns it. */
        thenThrows(errorClass: ErrorClass, code: string): DomainError {
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
