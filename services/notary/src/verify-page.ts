// The hashing half of ledger verification, for one range of global positions: rebuild each
// event's canonical bytes ONCE (SQLite assembles them from the stored RFC 8785 texts: one BLOB
// per row, the payload is never decoded into a JS string and encoded back), hash them for the
// stream chain (compared with the stored hash) and for the Merkle leaf. Runs in worker threads
// (verify-worker.ts) or inline. The order-dependent checks (chains, tree) stay in verifyLedger.
import { hash as oneShotHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { HASH_SIZE, leafHash } from '@gongkai/notary';
import { canonicalEventText } from './leaf.ts';

export interface PageResult {
  /** positions (start, end] that exist, ascending */
  positions: Float64Array;
  /** stream versions */
  versions: Float64Array;
  /** stream ids joined by "\n" (stream ids hold no control characters; a tampered one shows as a count mismatch) */
  streamIds: string;
  /** stored prev_hash and hash, 32 bytes each per event */
  prevHashes: Uint8Array;
  hashes: Uint8Array;
  /** per event: bit 0 = prev_hash is 64 lower-case hex digits, bit 1 = hash is */
  hexOk: Uint8Array;
  /** RFC 6962 leaf hashes, 32 bytes per event */
  leafHashes: Uint8Array;
  /** events whose canonical bytes do not hash to the stored hash */
  mismatches: { i: number; computed: string }[];
}

export function transferList(r: PageResult): ArrayBuffer[] {
  return [r.positions, r.versions, r.prevHashes, r.hashes, r.hexOk, r.leafHashes].map((a) => a.buffer as ArrayBuffer);
}

// json_quote(x) is JSON.stringify(x) for the fields it quotes (UUIDs, ISO dates, hex, stream ids
// and type names never hold control characters); a mismatch is re-checked with the JS encoder.
export const CANONICAL_SQL = `CAST('{"eventId":' || json_quote(event_id) || ',"metadata":' || metadata || ',"occurredAt":' || json_quote(occurred_at) ||
  ',"payload":' || payload || ',"prevHash":' || json_quote(prev_hash) || ',"recordedAt":' || json_quote(recorded_at) ||
  ',"schemaVersion":' || schema_version || ',"streamId":' || json_quote(stream_id) || ',"type":' || json_quote(type) ||
  ',"version":' || version || '}' AS BLOB)`;

export class PageHasher {
  private readonly db: Database.Database;
  private readonly page: Database.Statement;
  private readonly rawRow: Database.Statement;

  constructor(ledgerPath: string) {
    this.db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
    this.page = this.db
      .prepare(
        `SELECT global_position, stream_id, version, prev_hash, hash, ${CANONICAL_SQL},
           (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*') | ((length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*') << 1)
         FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position`,
      )
      .raw(true);
    this.rawRow = this.db
      .prepare('SELECT event_id, stream_id, version, type, schema_version, occurred_at, recorded_at, metadata, payload, prev_hash FROM events WHERE global_position = ?')
      .raw(true);
  }

  /** The canonical bytes built by the JS encoder from the raw columns (the reference). */
  jsBytes(pos: number): Buffer {
    const r = this.rawRow.get(pos) as unknown[];
    const [eventId, streamId, version, type, schemaVersion, occurredAt, recordedAt, metadata, payload, prevHash] = r.map((v) =>
      v === null ? 'null' : Buffer.isBuffer(v) ? v.toString('utf8') : v,
    ) as [string, string, number, string, number, string, string, string, string, string];
    return Buffer.from(canonicalEventText(eventId, streamId, version, type, schemaVersion, occurredAt, recordedAt, metadata, payload, prevHash), 'utf8');
  }

  run(start: number, end: number): PageResult {
    const rows = this.page.all(start, end) as [number, string, number, string, string, Buffer | null, number | null][];
    const n = rows.length;
    const positions = new Float64Array(n);
    const versions = new Float64Array(n);
    const ids: string[] = new Array(n);
    const prevHashes = new Uint8Array(n * HASH_SIZE);
    const hashes = new Uint8Array(n * HASH_SIZE);
    const prevBuf = Buffer.from(prevHashes.buffer, prevHashes.byteOffset, prevHashes.byteLength);
    const hashBuf = Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength);
    const hexOk = new Uint8Array(n);
    const leafHashes = new Uint8Array(n * HASH_SIZE);
    const mismatches: PageResult['mismatches'] = [];
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const pos = r[0];
      const hash = r[4];
      positions[i] = pos;
      ids[i] = r[1];
      versions[i] = r[2];
      // 64 lower-case hex digits each, checked by SQLite (bit 0 prev_hash, bit 1 hash)
      const ok = r[6] ?? 0;
      if (ok & 1) prevBuf.write(r[3], i * HASH_SIZE, HASH_SIZE, 'hex');
      if (ok & 2) hashBuf.write(hash, i * HASH_SIZE, HASH_SIZE, 'hex');
      hexOk[i] = ok;
      let bytes = r[5] ?? this.jsBytes(pos);
      let computed = oneShotHash('sha256', bytes, 'hex');
      if (computed !== hash) {
        bytes = this.jsBytes(pos);
        computed = oneShotHash('sha256', bytes, 'hex');
        if (computed !== hash) mismatches.push({ i, computed });
      }
      leafHashes.set(leafHash(bytes), i * HASH_SIZE);
    }
    return { positions, versions, streamIds: ids.join('\n'), prevHashes, hashes, hexOk, leafHashes, mismatches };
  }

  close(): void {
    this.db.close();
  }
}
