// Access to notary.db: the stored Merkle tree (a NodeStore for @gongkai/notary), the leaves, the
// checkpoints and the notary's position. Used read-write by the running notary and read-only by
// the proof endpoints of other processes, the CLI and verification.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { TreeBuilder, type NodeStore } from '@gongkai/notary';
import { migrateNotary } from './schema.ts';

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  /** the c2sp.org/tlog-checkpoint signed note, verbatim */
  signedNote: string;
  createdAt: string;
}

export interface LeafRecord {
  index: number;
  eventId: string;
  globalPosition: bigint;
}

export interface NotaryState {
  treeSize: number;
  /** global position of the last event turned into a leaf (0n before the first) */
  position: bigint;
  updatedAt: string;
}

interface CheckpointRow {
  size: number;
  root: Buffer;
  signed_note: string;
  created_at: string;
}

function toCheckpoint(r: CheckpointRow): StoredCheckpoint {
  return { size: Number(r.size), root: r.root, signedNote: r.signed_note, createdAt: r.created_at };
}

export interface OpenNotaryLogOptions {
  readonly?: boolean;
  /** SQLite page cache in KiB (default 32768) */
  cacheSizeKiB?: number;
}

export class NotaryLog {
  readonly db: Database.Database;
  readonly readonly: boolean;
  /** the stored Merkle nodes; putNode only inside a write transaction of this log */
  readonly nodes: NodeStore;
  private readonly s;

  constructor(
    readonly path: string,
    options: OpenNotaryLogOptions = {},
  ) {
    this.readonly = options.readonly ?? false;
    if (this.readonly && !existsSync(path)) throw new Error(`notary database ${path} does not exist (has the notary ever run?)`);
    const db = new Database(path, this.readonly ? { readonly: true, fileMustExist: true } : {});
    try {
      db.pragma('busy_timeout = 5000');
      if (!this.readonly) {
        db.pragma('journal_mode = WAL');
        // NORMAL in WAL never corrupts; a power loss can only lose the last batches, which the
        // notary re-derives from the ledger (its position is in the same transaction as the nodes).
        db.pragma('synchronous = NORMAL');
        migrateNotary(db);
      }
      db.pragma(`cache_size = -${Math.max(2048, Math.trunc(options.cacheSizeKiB ?? 32768))}`);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
    const safe = <T extends Database.Statement>(st: T): T => st.safeIntegers(true) as T;
    this.s = {
      getNode: db.prepare('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?').pluck(),
      putNode: this.readonly ? undefined : db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      putLeaf: this.readonly ? undefined : db.prepare('INSERT INTO leaves (idx, event_id, global_position) VALUES (?, ?, ?)'),
      setState: this.readonly ? undefined : db.prepare('UPDATE notary_state SET tree_size = ?, position = ?, updated_at = ? WHERE id = 1'),
      putCheckpoint: this.readonly
        ? undefined
        : db.prepare('INSERT OR IGNORE INTO checkpoints (size, root, signed_note, created_at) VALUES (?, ?, ?, ?)'),
      state: safe(db.prepare('SELECT tree_size, position, updated_at FROM notary_state WHERE id = 1')),
      leafByEventId: safe(db.prepare('SELECT idx, event_id, global_position FROM leaves WHERE event_id = ?')),
      leafAt: safe(db.prepare('SELECT idx, event_id, global_position FROM leaves WHERE idx = ?')),
      leafRange: safe(db.prepare('SELECT idx, event_id, global_position FROM leaves WHERE idx >= ? AND idx < ? ORDER BY idx')),
      checkpoint: db.prepare('SELECT size, root, signed_note, created_at FROM checkpoints WHERE size = ?'),
      latest: db.prepare('SELECT size, root, signed_note, created_at FROM checkpoints ORDER BY size DESC LIMIT 1'),
      page: db.prepare('SELECT size, root, signed_note, created_at FROM checkpoints WHERE size > ? ORDER BY size ASC LIMIT ?'),
      count: db.prepare('SELECT count(*) FROM checkpoints').pluck(),
    };
    const s = this.s;
    this.nodes = {
      getNode(level: number, index: number): Uint8Array | undefined {
        return (s.getNode.get(level, index) as Buffer | undefined) ?? undefined;
      },
      putNode: (level: number, index: number, hash: Uint8Array): void => {
        if (!s.putNode) throw new Error('notary database is open read-only');
        s.putNode.run(level, index, hash);
      },
    };
  }

  state(): NotaryState {
    const r = this.s.state.get() as { tree_size: bigint; position: bigint; updated_at: string } | undefined;
    if (!r) return { treeSize: 0, position: 0n, updatedAt: new Date(0).toISOString() };
    return { treeSize: Number(r.tree_size), position: r.position, updatedAt: r.updated_at };
  }

  /** A builder positioned at the stored tree size (reads one node per set bit of the size). */
  resumeBuilder(size = this.state().treeSize): TreeBuilder {
    return size === 0 ? new TreeBuilder(this.nodes) : TreeBuilder.resume(size, this.nodes);
  }

  leafByEventId(eventId: string): LeafRecord | undefined {
    const r = this.s.leafByEventId.get(eventId) as { idx: bigint; event_id: string; global_position: bigint } | undefined;
    return r && { index: Number(r.idx), eventId: r.event_id, globalPosition: r.global_position };
  }

  leafAt(index: number): LeafRecord | undefined {
    const r = this.s.leafAt.get(index) as { idx: bigint; event_id: string; global_position: bigint } | undefined;
    return r && { index: Number(r.idx), eventId: r.event_id, globalPosition: r.global_position };
  }

  /** leaves [start, end) in order */
  leafRange(start: number, end: number): LeafRecord[] {
    const rows = this.s.leafRange.all(start, end) as { idx: bigint; event_id: string; global_position: bigint }[];
    return rows.map((r) => ({ index: Number(r.idx), eventId: r.event_id, globalPosition: r.global_position }));
  }

  checkpoint(size: number): StoredCheckpoint | undefined {
    const r = this.s.checkpoint.get(size) as CheckpointRow | undefined;
    return r && toCheckpoint(r);
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    const r = this.s.latest.get() as CheckpointRow | undefined;
    return r && toCheckpoint(r);
  }

  /** checkpoints with size > afterSize, ascending */
  checkpointsAfter(afterSize: number, limit: number): StoredCheckpoint[] {
    return (this.s.page.all(afterSize, limit) as CheckpointRow[]).map(toCheckpoint);
  }

  /** every checkpoint, ascending, read a page at a time */
  *allCheckpoints(pageSize = 1000): Generator<StoredCheckpoint> {
    let after = -1;
    for (;;) {
      const page = this.checkpointsAfter(after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.size;
    }
  }

  checkpointCount(): number {
    return Number(this.s.count.get());
  }

  // ------------------------------------------------------------------ writes (inside transactions)

  putLeaf(index: number, eventId: string, globalPosition: bigint): void {
    this.s.putLeaf!.run(index, eventId, globalPosition);
  }

  setState(treeSize: number, position: bigint): void {
    this.s.setState!.run(treeSize, position, new Date().toISOString());
  }

  /** stores a checkpoint unless one of that size exists (same tree, same key: the same note) */
  putCheckpoint(cp: StoredCheckpoint): void {
    this.s.putCheckpoint!.run(cp.size, cp.root, cp.signedNote, cp.createdAt);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
