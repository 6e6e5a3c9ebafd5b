// notary.db: the Merkle tree over the global log, its leaves, the signed checkpoints and the
// notary's own position in the log. Nothing here is secret and everything can be rebuilt from the
// ledger, except that checkpoints are signed statements already handed out: they are kept forever.
import type Database from 'better-sqlite3';

export const NOTARY_SCHEMA_VERSION = 1;

const SCHEMA = `
  -- one row per leaf, in commit order of the global log; idx is the Merkle leaf index
  CREATE TABLE IF NOT EXISTS leaves (
    idx             INTEGER PRIMARY KEY,
    event_id        TEXT    NOT NULL UNIQUE,
    global_position INTEGER NOT NULL
  );
  -- complete subtrees only: hash of leaves [idx·2^level, (idx+1)·2^level); level 0 = leaf hashes
  CREATE TABLE IF NOT EXISTS merkle_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  -- every signed checkpoint ever made (c2sp.org/tlog-checkpoint signed notes)
  CREATE TABLE IF NOT EXISTS checkpoints (
    size        INTEGER PRIMARY KEY,
    root        BLOB    NOT NULL,
    signed_note TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
  );
  -- the notary's checkpoint in the global log, written in the same transaction as the nodes
  CREATE TABLE IF NOT EXISTS notary_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    tree_size  INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
  );
  INSERT OR IGNORE INTO notary_state (id, tree_size, position, updated_at) VALUES (1, 0, 0, '1970-01-01T00:00:00.000Z');
  -- append-only by construction (guards against bugs, not against someone with the file)
  CREATE TRIGGER IF NOT EXISTS leaves_no_update BEFORE UPDATE ON leaves BEGIN SELECT RAISE(ABORT, 'leaves are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS leaves_no_delete BEFORE DELETE ON leaves BEGIN SELECT RAISE(ABORT, 'leaves are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS nodes_no_update BEFORE UPDATE ON merkle_nodes BEGIN SELECT RAISE(ABORT, 'merkle nodes are immutable'); END;
  CREATE TRIGGER IF NOT EXISTS nodes_no_delete BEFORE DELETE ON merkle_nodes BEGIN SELECT RAISE(ABORT, 'merkle nodes are immutable'); END;
  CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are kept as signed'); END;
  CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are kept as signed'); END;
`;

export function migrateNotary(db: Database.Database): void {
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v > NOTARY_SCHEMA_VERSION) {
    throw new Error(`notary database schema version ${v} is newer than this build understands (${NOTARY_SCHEMA_VERSION})`);
  }
  if (v === NOTARY_SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${NOTARY_SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
