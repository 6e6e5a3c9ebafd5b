// Schema migrations of the SQLite event store. Append-only list: never edit a released migration,
// add a new one. The applied versions are recorded in schema_migrations.
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors.ts';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: `
      -- global_position is the rowid: one writer + no deletes = contiguous 1,2,3… in commit order.
      -- metadata and payload hold the RFC 8785 text that was hashed, byte for byte.
      -- No fingerprint column: a retried eventId is compared field by field with the stored row
      -- (stream, type, schema version, occurredAt, payload text, agency), which is what the
      -- fingerprint would cover, without hashing every event a second time.
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY,
        event_id        TEXT    NOT NULL UNIQUE,
        stream_id       TEXT    NOT NULL,
        version         INTEGER NOT NULL CHECK (version >= 1),
        type            TEXT    NOT NULL,
        schema_version  INTEGER NOT NULL,
        occurred_at     TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL,
        metadata        TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        prev_hash       TEXT    NOT NULL,
        hash            TEXT    NOT NULL,
        UNIQUE (stream_id, version)
      );
      -- one row per stream with events or metadata; version 0 = metadata only (no events)
      CREATE TABLE streams (
        stream_id TEXT    NOT NULL PRIMARY KEY,
        version   INTEGER NOT NULL,
        last_hash TEXT    NOT NULL,
        metadata  TEXT    NOT NULL DEFAULT '{}'
      ) WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

function currentVersion(db: Database.Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Brings the schema up to date. Only takes the write lock when something is to be done. */
export function migrate(db: Database.Database, path: string): void {
  let version = currentVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new StoreUnavailableError(
      `${path}: schema version ${version} is newer than this build understands (${SCHEMA_VERSION}); upgrade Gongkai`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // re-check under the write lock: another process may have migrated meanwhile
    version = currentVersion(db);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at TEXT    NOT NULL
    )`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
