/**
 * Runs the event-store contract against every backend test/support/backends.ts discovers. A backend
 * that is not available here is registered as a skipped suite whose title gives the reason, and the
 * reason is printed.
 */
import { describe, it } from '@jest/globals';

import { discoverBackends } from '../support/backends.js';
import { describeEventStoreContract } from './event-store.contract.js';

const backends = await discoverBackends();

for (const backend of backends) {
  if (backend.available) {
    describeEventStoreContract(backend.name, backend.factory, backend.capabilities);
  } else {
    console.warn(`EventStore contract: backend '${backend.name}' SKIPPED — ${backend.reason}`);
    describe.skip(`EventStore contract: ${backend.name} — SKIPPED: ${backend.reason}`, () => {
      it('runs the contract', () => undefined);
    });
  }
}
