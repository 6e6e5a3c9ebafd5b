// The relay's checkpoint: the global position of the last event Kafka acknowledged, in a small
// SQLite file (relay.db). It is written only after the broker acked every record up to it, so a
// crash replays from here (at least once) and never skips. One row per topic prefix: a relay
// pointed at another prefix starts from the beginning of the log.
import Database from 'better-sqlite3';

export class RelayCheckpoint {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string], { position: string }>;
  private readonly setStmt: Database.Statement<[string, string, string]>;

  constructor(path: string, private readonly name: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS relay_checkpoint (
      name TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    this.getStmt = this.db.prepare('SELECT position FROM relay_checkpoint WHERE name = ?');
    this.setStmt = this.db.prepare(
      'INSERT INTO relay_checkpoint (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
    );
  }

  get(): bigint {
    const row = this.getStmt.get(this.name);
    return row ? BigInt(row.position) : 0n;
  }

  /** Moves the checkpoint forward; a position at or behind the stored one is refused. */
  advance(position: bigint): void {
    const current = this.get();
    if (position <= current) throw new Error(`relay checkpoint may only move forward (at ${current}, asked ${position})`);
    this.setStmt.run(this.name, position.toString(), new Date().toISOString());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
