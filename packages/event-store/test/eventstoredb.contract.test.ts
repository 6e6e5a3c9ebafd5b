// The event-store contract against a real EventStoreDB / KurrentDB server. No server can run on the
// development machines (no docker, no registry ships one), so without EVENTSTORE_URL this file is
// skipped and says how to run it:
//   docker compose up eventstoredb
//   EVENTSTORE_URL=esdb://localhost:2113?tls=false npx vitest run packages/event-store/test/eventstoredb.contract.test.ts
import { describe, it } from 'vitest';
import { eventStoreContract } from '@gongkai/event-store/contract';
import { openEventStoreDbEventStore } from '@gongkai/event-store/eventstoredb';

const url = process.env.EVENTSTORE_URL?.trim();

if (!url) {
  console.warn(
    '[skipped] EventStoreDB contract suite: EVENTSTORE_URL is not set. To run it: ' +
      '`docker compose up eventstoredb`, then ' +
      'EVENTSTORE_URL=esdb://localhost:2113?tls=false npx vitest run packages/event-store/test/eventstoredb.contract.test.ts',
  );
}

describe.skipIf(!url)('EventStoreDB adapter against EVENTSTORE_URL', () => {
  // Commit positions have gaps (they are byte offsets in the transaction log).
  eventStoreContract(
    'eventstoredb',
    async () => {
      const store = openEventStoreDbEventStore({ connectionString: url! });
      return { store, cleanup: () => store.close() };
    },
    { contiguousPositions: false },
  );
});

describe.skipIf(!!url)('EventStoreDB adapter (no server)', () => {
  it.skip('needs EVENTSTORE_URL: docker compose up eventstoredb, then EVENTSTORE_URL=esdb://localhost:2113?tls=false npm test', () => {});
});
