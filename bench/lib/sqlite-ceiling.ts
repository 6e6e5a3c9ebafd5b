// The ceiling for ledger writes: the very rows an event store wrote, re-inserted raw with
// better-sqlite3 into the same schema, in transactions of the same size, with the same durability
// (WAL, synchronous=FULL). No validation, canonical JSON, hashing or stream bookkeeping: what
// SQLite alone costs on this disk.
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '@gongkai/event-store';

const COLUMNS = 'global_position, event_id, stream_id, version, type, schema_version, occurred_at, recorded_at, metadata, payload, prev_hash, hash';

export function rawInsertCeiling(sourcePath: string, targetPath: string, rowsPerTx: number): { seconds: number; rows: number } {
  const src = new Database(sourcePath, { readonly: true });
  const rows = src.prepare(`SELECT ${COLUMNS} FROM events ORDER BY global_position`).raw().all() as unknown[][];
  src.close();
  void openSqliteEventStore({ path: targetPath }).close(); // same schema and pragmas
  const db = new Database(targetPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536'); // the store's own page cache and temp settings
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_size_limit = 67108864');
  const insert = db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += rowsPerTx) {
    begin.run();
    const end = Math.min(rows.length, i + rowsPerTx);
    for (let j = i; j < end; j++) insert.run(rows[j]!);
    commit.run();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return { seconds, rows: rows.length };
}
