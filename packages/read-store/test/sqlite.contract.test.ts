import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoreContract } from '../src/contract.ts';
import { openSqliteReadStore } from '../src/index.ts';

readStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-read-contract-'));
  const store = openSqliteReadStore({ path: join(dir, 'read.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
