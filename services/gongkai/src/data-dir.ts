// Where a Gongkai installation keeps its files. One folder holds everything the embedded default
// needs: the ledger, the agency registry, and (later) read models and notary state.
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';

export interface DataPaths {
  dir: string;
  ledger: string;
  access: string;
}

export function dataPaths(dir: string = process.env['GONGKAI_DATA'] ?? './data'): DataPaths {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  return { dir: abs, ledger: join(abs, 'ledger.db'), access: join(abs, 'access.db') };
}
