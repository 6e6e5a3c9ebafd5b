// Child process for the kill test: runs a notary over <dataDir> with small batches until killed.
import { join } from 'node:path';
import { openSqliteEventStore } from '@gongkai/event-store';
import { createLogger } from '@gongkai/platform';
import { startNotary } from '@gongkai/notary-service';

const [dataDir, batch] = process.argv.slice(2);
const store = openSqliteEventStore({ path: join(dataDir!, 'ledger.db'), readonly: true });
await startNotary({ store, dataDir: dataDir!, logger: createLogger({ silent: true }), intervalMs: 0, batchSize: Number(batch ?? 50) });
setInterval(() => undefined, 1000);
