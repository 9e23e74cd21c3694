/**
 * The one way a test file skips for a missing server: the reason is printed (and, for backends, put in
 * the suite's title), so a missing backend never passes silently.
 */
import { describe, it } from '@jest/globals';

/** `describe` when nothing is missing; otherwise prints why and returns `describe.skip`. */
export function describeUnless(skipReason: string | undefined, what: string): typeof describe.skip {
  if (skipReason === undefined) return describe;
  console.warn(`SKIPPED — ${what}: ${skipReason}`);
  return describe.skip;
}

/** Registers the suite of an unreachable backend as skipped, with the reason printed and in its title. */
export function skipBackend(suite: string, backend: { readonly name: string; readonly reason: string }): void {
  describeUnless(backend.reason, `${suite} on ${backend.name}`)(`${suite} on ${backend.name} — SKIPPED: ${backend.reason}`, () => {
    it(`needs the ${backend.name} backend`, () => {
      throw new Error(backend.reason);
    });
  });
}

/** The PostgreSQL server the tests create their databases on (SAKSGANG_TEST_POSTGRES_URL), or why they skip. */
export function postgresUrlOrSkip(): { readonly url: string; readonly skip?: undefined } | { readonly url?: undefined; readonly skip: string } {
  const url = process.env['SAKSGANG_TEST_POSTGRES_URL'];
  return url ? { url } : { skip: 'SAKSGANG_TEST_POSTGRES_URL is not set (a PostgreSQL server URL whose role may CREATE DATABASE)' };
}
