import { join } from 'node:path';
import { eventStoreContract } from '@gongkai/event-store/contract';
import { openSqliteEventStore } from '../src/index.ts';
import { tempDir } from './helpers.ts';

eventStoreContract('sqlite (file in a temp dir)', async () => {
  const tmp = tempDir();
  const store = openSqliteEventStore({ path: join(tmp.dir, 'events.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      tmp.remove();
    },
  };
});
