/**
 * Runs the event-store contract against every backend test/support/backends.ts discovers. A backend
 * that is not available here is registered as a skipped suite whose title gives the reason, and the
 * reason is printed.
 */

import { discoverBackends } from '../support/backends.js';
import { skipBackend } from '../support/skip.js';
import { describeEventStoreContract } from './event-store.contract.js';

const backends = await discoverBackends();

for (const backend of backends) {
  if (backend.available) {
    describeEventStoreContract(backend.name, backend.factory, backend.capabilities);
  } else {
    skipBackend('EventStore contract', backend);
  }
}
