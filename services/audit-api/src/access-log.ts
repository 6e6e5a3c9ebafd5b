// Every access to the audit API, allowed or refused, written BEFORE anything is served: who
// (agency, key), when, which route, which ids and filters. No payloads, no personal data. The table
// is append-only (triggers) and hash-chained (each row's hash covers the previous row's hash), so a
// deleted or edited row shows; auditors read it back through the API.
import { hash as sha256 } from 'node:crypto';
import Database from 'better-sqlite3';
import { canonicalJson } from '@gongkai/integrity';

export interface AccessEntry {
  at: string;
  outcome: 'allowed' | 'unauthenticated' | 'forbidden' | 'invalid';
  agencyId: string | null;
  agencyName: string | null;
  keyId: string | null;
  method: string;
  /** the route pattern, e.g. GET /v1/audit/streams/{streamId}/history */
  route: string;
  streamId: string | null;
  eventId: string | null;
  /** whitelisted query parameters (dates, versions, filters) */
  params: Record<string, string>;
  correlationId: string | null;
}

export interface StoredAccessEntry extends AccessEntry {
  id: number;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, e: AccessEntry): string {
  const hashed: AccessEntry = {
    at: e.at,
    outcome: e.outcome,
    agencyId: e.agencyId,
    agencyName: e.agencyName,
    keyId: e.keyId,
    method: e.method,
    route: e.route,
    streamId: e.streamId,
    eventId: e.eventId,
    params: e.params,
    correlationId: e.correlationId,
  };
  return sha256('sha256', `${prevHash}\n${canonicalJson(hashed)}`, 'hex');
}

interface Row {
  id: number;
  at: string;
  outcome: AccessEntry['outcome'];
  agency_id: string | null;
  agency_name: string | null;
  key_id: string | null;
  method: string;
  route: string;
  stream_id: string | null;
  event_id: string | null;
  params: string;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
}

function toEntry(r: Row): StoredAccessEntry {
  return {
    id: r.id,
    at: r.at,
    outcome: r.outcome,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    keyId: r.key_id,
    method: r.method,
    route: r.route,
    streamId: r.stream_id,
    eventId: r.event_id,
    params: JSON.parse(r.params) as Record<string, string>,
    correlationId: r.correlation_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AccessLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement;
  private readonly page: Database.Statement;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        at             TEXT NOT NULL,
        outcome        TEXT NOT NULL,
        agency_id      TEXT,
        agency_name    TEXT,
        key_id         TEXT,
        method         TEXT NOT NULL,
        route          TEXT NOT NULL,
        stream_id      TEXT,
        event_id       TEXT,
        params         TEXT NOT NULL,
        correlation_id TEXT,
        prev_hash      TEXT NOT NULL,
        hash           TEXT NOT NULL
      );
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    `);
    this.insert = this.db.prepare(
      `INSERT INTO access_log (at, outcome, agency_id, agency_name, key_id, method, route, stream_id, event_id, params, correlation_id, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.last = this.db.prepare('SELECT hash FROM access_log ORDER BY id DESC LIMIT 1').pluck();
    this.page = this.db.prepare('SELECT * FROM access_log WHERE id > ? ORDER BY id LIMIT ?');
  }

  /** Appends one entry (durably, before the caller serves anything). */
  record(e: AccessEntry): StoredAccessEntry {
    return this.db.transaction(() => {
      const prevHash = (this.last.get() as string | undefined) ?? GENESIS;
      const hash = entryHash(prevHash, e);
      const r = this.insert.run(
        e.at,
        e.outcome,
        e.agencyId,
        e.agencyName,
        e.keyId,
        e.method,
        e.route,
        e.streamId,
        e.eventId,
        JSON.stringify(e.params),
        e.correlationId,
        prevHash,
        hash,
      );
      return { ...e, id: Number(r.lastInsertRowid), prevHash, hash };
    }).immediate();
  }

  list(after = 0, limit = 100): StoredAccessEntry[] {
    return (this.page.all(after, limit) as Row[]).map(toEntry);
  }

  /** Re-hashes the chain; returns the first entry that does not link or hash, if any. */
  verify(): { ok: boolean; entries: number; brokenAt?: number } {
    let prev = GENESIS;
    let n = 0;
    for (const r of this.db.prepare('SELECT * FROM access_log ORDER BY id').iterate() as IterableIterator<Row>) {
      n++;
      const { id: _id, prevHash, hash, ...entry } = toEntry(r);
      if (prevHash !== prev || entryHash(prevHash, entry) !== hash) return { ok: false, entries: n, brokenAt: r.id };
      prev = hash;
    }
    return { ok: true, entries: n };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
