// Where the notary keeps its files inside a Gongkai data folder. The ledger and access database
// names match services/gongkai/src/data-dir.ts.
import { join, resolve } from 'node:path';

export interface NotaryPaths {
  dir: string;
  /** the event store (SQLite adapter) */
  ledger: string;
  /** leaves, Merkle nodes, checkpoints, the notary's own position */
  notaryDb: string;
  /** folder of the key files (0700) */
  keyDir: string;
  /** Ed25519 signer key (0600), outside the database; GONGKAI_NOTARY_KEY_FILE overrides */
  signerKey: string;
  /** the published verifier key (public) */
  verifierKey: string;
  /** the last checkpoint `gongkai verify` verified (trust on first use, then consistency) */
  verifyState: string;
}

export function notaryPaths(dataDir: string, env: NodeJS.ProcessEnv = process.env): NotaryPaths {
  const dir = resolve(dataDir);
  const keyDir = join(dir, 'notary');
  return {
    dir,
    ledger: join(dir, 'ledger.db'),
    notaryDb: join(dir, 'notary.db'),
    keyDir,
    signerKey: env['GONGKAI_NOTARY_KEY_FILE'] ? resolve(env['GONGKAI_NOTARY_KEY_FILE']) : join(keyDir, 'signer.key'),
    verifierKey: join(keyDir, 'verifier.key'),
    verifyState: join(dir, 'verify-state.json'),
  };
}

export const DEFAULT_ORIGIN = 'gongkai.local/ledger';
