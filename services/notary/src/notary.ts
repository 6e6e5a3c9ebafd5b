// The notary: an RFC 6962 Merkle tree over the global log in commit order, kept in notary.db,
// and C2SP tlog-checkpoint signed notes over it.
//
// It follows the event store with a catch-up subscription from its own position, turns each event
// into a leaf (the event's canonical bytes, whose SHA-256 must equal the event's recorded hash) and
// writes the leaves, the Merkle nodes they complete and the new position in ONE transaction per
// batch. A crash mid-batch therefore loses the whole batch and nothing else, and the restart
// resumes after the stored position: no leaf twice, none missing. If another process advanced
// notary.db meanwhile (a `gongkai checkpoint` beside a running host), the write transaction sees it
// and re-reads the tree before adding anything.
//
// Checkpoints are made on a schedule when the tree grew, and on demand; every one is kept.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  consistencyProof,
  formatTlogProof,
  inclusionProof,
  rootAt,
  signCheckpoint,
  type NodeReader,
  type TreeBuilder,
  type Verifier,
} from '@gongkai/notary';
import type { EventStore, RecordedEvent, Subscription } from '@gongkai/event-store';
import { errorFields, type Logger, type Metrics } from '@gongkai/platform';
import { leafBytes, leafData } from './leaf.ts';
import { NotaryLog, type LeafRecord, type NotaryState, type StoredCheckpoint } from './notary-log.ts';
import { DEFAULT_ORIGIN, notaryPaths } from './paths.ts';
import { loadOrCreateNotaryKey, readVerifierKey, type NotaryKey } from './signer.ts';
import { parseVerifierKey } from '@gongkai/notary';

/** An event whose stored hash does not match its canonical bytes: the notary refuses to sign it. */
export class NotaryIntegrityError extends Error {
  override readonly name = 'NotaryIntegrityError';
  constructor(
    readonly event: { eventId: string; streamId: string; version: number; globalPosition: bigint },
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `event ${event.eventId} (stream ${event.streamId} v${event.version}, position ${event.globalPosition}) ` +
        `has hash ${found} but its canonical bytes hash to ${expected}; the notary stops rather than sign it`,
    );
  }
}

export class NotaryRequestError extends Error {
  override readonly name = 'NotaryRequestError';
  constructor(
    readonly code: 'not-found' | 'bad-request' | 'not-yet-checkpointed',
    message: string,
  ) {
    super(message);
  }
}

/** What the proof endpoints, the audit export and the CLI read. */
export interface ProofSource {
  readonly origin: string;
  readonly verifierKey: string;
  readonly verifier: Verifier;
  /** leaves in notary.db (may be ahead of the latest checkpoint) */
  treeSize(): number;
  latest(): StoredCheckpoint | undefined;
  checkpoint(size: number): StoredCheckpoint | undefined;
  checkpoints(afterSize: number, limit: number): StoredCheckpoint[];
  allCheckpoints(): Iterable<StoredCheckpoint>;
  leafByEventId(eventId: string): LeafRecord | undefined;
  leafAt(index: number): LeafRecord | undefined;
  /** Merkle nodes (complete subtrees) of the stored tree */
  readonly nodes: NodeReader;
  inclusionProof(index: number, size: number): Buffer[];
  consistencyProof(size1: number, size2: number): Buffer[];
  rootAt(size: number): Buffer;
  /** c2sp.org/tlog-proof of an event against the checkpoint of `size` (default: the latest) */
  tlogProof(eventId: string, size?: number): TlogProofResult;
  /** the canonical bytes (leaf data) of leaves [start, start + count), read from the event store */
  entries(start: number, count: number): Promise<Buffer[]>;
}

export interface TlogProofResult {
  text: string;
  leaf: LeafRecord;
  proof: Buffer[];
  checkpoint: StoredCheckpoint;
}

/** A cache of immutable upper-level nodes in front of the SQLite node reads. */
function cachedReader(inner: NodeReader, minLevel = 6, capacity = 100_000): NodeReader {
  const cache = new Map<number, Uint8Array>();
  return {
    getNode(level: number, index: number): Uint8Array | undefined {
      if (level < minLevel) return inner.getNode(level, index);
      const key = index * 64 + level;
      const hit = cache.get(key);
      if (hit) return hit;
      const h = inner.getNode(level, index);
      if (h) {
        if (cache.size >= capacity) cache.clear();
        cache.set(key, h);
      }
      return h;
    },
  };
}

/** Read access to a notary's tree, checkpoints and proofs. */
export class NotaryView implements ProofSource {
  readonly nodes: NodeReader;

  constructor(
    readonly log: NotaryLog,
    readonly origin: string,
    readonly verifierKey: string,
    readonly verifier: Verifier,
    /** needed for entries() only */
    protected readonly store?: EventStore,
  ) {
    this.nodes = cachedReader(log.nodes);
  }

  treeSize(): number {
    return this.log.state().treeSize;
  }

  state(): NotaryState {
    return this.log.state();
  }

  latest(): StoredCheckpoint | undefined {
    return this.log.latestCheckpoint();
  }

  checkpoint(size: number): StoredCheckpoint | undefined {
    return this.log.checkpoint(size);
  }

  checkpoints(afterSize: number, limit: number): StoredCheckpoint[] {
    return this.log.checkpointsAfter(afterSize, limit);
  }

  allCheckpoints(): Iterable<StoredCheckpoint> {
    return this.log.allCheckpoints();
  }

  leafByEventId(eventId: string): LeafRecord | undefined {
    return this.log.leafByEventId(eventId);
  }

  leafAt(index: number): LeafRecord | undefined {
    return this.log.leafAt(index);
  }

  private checkSize(size: number): void {
    const n = this.treeSize();
    if (!Number.isSafeInteger(size) || size < 0) throw new NotaryRequestError('bad-request', `size must be a non-negative integer`);
    if (size > n) throw new NotaryRequestError('not-found', `the tree has ${n} leaves, not ${size}`);
  }

  inclusionProof(index: number, size: number): Buffer[] {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new NotaryRequestError('bad-request', `leaf index ${index} is not below tree size ${size}`);
    }
    return inclusionProof(index, size, this.nodes);
  }

  consistencyProof(size1: number, size2: number): Buffer[] {
    this.checkSize(size2);
    if (!Number.isSafeInteger(size1) || size1 < 1) throw new NotaryRequestError('bad-request', 'a consistency proof needs from >= 1 (from an empty tree it is meaningless)');
    if (size1 > size2) throw new NotaryRequestError('bad-request', `from ${size1} exceeds to ${size2}`);
    return consistencyProof(size1, size2, this.nodes);
  }

  rootAt(size: number): Buffer {
    this.checkSize(size);
    return rootAt(size, this.nodes);
  }

  tlogProof(eventId: string, size?: number): TlogProofResult {
    const leaf = this.log.leafByEventId(eventId);
    if (!leaf) throw new NotaryRequestError('not-found', `event ${eventId} is not in the notary's log (unknown, or not notarized yet)`);
    const cp = size === undefined ? this.latest() : this.checkpoint(size);
    if (!cp) {
      throw new NotaryRequestError('not-found', size === undefined ? 'no checkpoint has been made yet' : `there is no checkpoint of size ${size}`);
    }
    if (leaf.index >= cp.size) {
      throw new NotaryRequestError(
        'not-yet-checkpointed',
        `event ${eventId} is leaf ${leaf.index}, not covered by the checkpoint of size ${cp.size} yet; retry after the next checkpoint`,
      );
    }
    const proof = inclusionProof(leaf.index, cp.size, this.nodes);
    return { text: formatTlogProof({ index: leaf.index, proof, checkpoint: cp.signedNote }), leaf, proof, checkpoint: cp };
  }

  async entries(start: number, count: number): Promise<Buffer[]> {
    if (!this.store) throw new Error('this notary view has no event store to read entries from');
    if (count === 0) return [];
    const leaves = this.log.leafRange(start, start + count);
    if (leaves.length !== count) throw new NotaryRequestError('not-found', `leaves [${start}, ${start + count}) are not all in the tree`);
    const first = leaves[0]!;
    // leaves follow the global log one to one, so the next `count` events after the one before are these
    const events = await this.store.readAll({ after: first.globalPosition - 1n, maxCount: count });
    return leaves.map((leaf, i) => {
      const e = events[i];
      if (!e || e.eventId !== leaf.eventId) {
        throw new Error(`leaf ${leaf.index} is event ${leaf.eventId}, but the event store has ${e ? e.eventId : 'nothing'} there`);
      }
      return leafData(e);
    });
  }

  close(): void {
    this.log.close();
  }
}

/** A read-only view of a data folder's notary (another process may be running it). */
export function openNotaryView(options: { dataDir: string; store?: EventStore; dbPath?: string }): NotaryView {
  const paths = notaryPaths(options.dataDir);
  const vkey = readVerifierKey(paths.signerKey, paths.verifierKey);
  if (!vkey) throw new Error(`no notary key in ${paths.keyDir} (has the notary ever run?)`);
  const verifier = parseVerifierKey(vkey);
  const log = new NotaryLog(options.dbPath ?? paths.notaryDb, { readonly: true });
  return new NotaryView(log, verifier.name, vkey, verifier, options.store);
}

// ---------------------------------------------------------------------------------------------

export interface StartNotaryOptions {
  store: EventStore;
  dataDir: string;
  logger: Logger;
  metrics?: Metrics;
  /** checkpoint origin and key name (default: the existing key's, else GONGKAI_NOTARY_ORIGIN, else gongkai.local/ledger) */
  origin?: string;
  /** checkpoint schedule when the tree grew (default 10 000 ms; 0 = on demand only) */
  intervalMs?: number;
  /** signer key file (default GONGKAI_NOTARY_KEY_FILE, else <dataDir>/notary/signer.key) */
  keyFile?: string;
  /** notary database (default <dataDir>/notary.db) */
  dbPath?: string;
  /** most leaves per transaction (default 2000) */
  batchSize?: number;
  /** how long a partial batch waits for more events (default 20 ms) */
  flushDelayMs?: number;
  /** false: do not subscribe (checkpoint/proof use only) */
  follow?: boolean;
}

export interface Notary extends ProofSource {
  /** global position of the last event turned into a leaf */
  position(): bigint;
  state(): NotaryState;
  /** events committed to the store but not yet leaves */
  lag(): Promise<bigint>;
  /** waits until every event committed before the call is a leaf */
  sync(timeoutMs?: number): Promise<void>;
  /** signs a checkpoint of the current tree (after catching up, by default); returns the latest */
  checkpointNow(options?: { catchUp?: boolean }): Promise<StoredCheckpoint>;
  /** ok = following and no fatal error */
  health(): { ok: boolean; following: boolean; error?: string };
  readonly key: NotaryKey;
  close(): Promise<void>;
}

class RunningNotary extends NotaryView implements Notary {
  private builder: TreeBuilder;
  private pos: bigint;
  private pending: RecordedEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private intervalTimer: NodeJS.Timeout | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private sub: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private closed = false;
  private following = false;
  private restartRequested = false;
  private fatal: Error | undefined;
  private waiters: { target: bigint; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private readonly batchSize: number;
  private readonly flushDelayMs: number;
  private readonly logger: Logger;
  private readonly m;

  constructor(
    log: NotaryLog,
    readonly key: NotaryKey,
    private readonly eventStore: EventStore,
    options: StartNotaryOptions,
  ) {
    super(log, key.origin, key.verifierKey, key.verifier, eventStore);
    this.logger = options.logger;
    this.batchSize = Math.max(1, options.batchSize ?? 2000);
    this.flushDelayMs = Math.max(0, options.flushDelayMs ?? 20);
    const st = log.state();
    this.builder = log.resumeBuilder(st.treeSize);
    this.pos = st.position;
    const metrics = options.metrics;
    this.m = metrics
      ? {
          treeSize: metrics.gauge('gongkai_notary_tree_size', 'Leaves in the notary Merkle tree'),
          position: metrics.gauge('gongkai_notary_position', 'Global position of the last event notarized'),
          lag: metrics.gauge('gongkai_notary_lag_events', 'Events committed to the ledger but not yet notarized'),
          leaves: metrics.counter('gongkai_notary_leaves_total', 'Leaves appended by this process'),
          checkpoints: metrics.counter('gongkai_notary_checkpoints_total', 'Checkpoints signed by this process'),
          checkpointSize: metrics.gauge('gongkai_notary_checkpoint_size', 'Tree size of the latest signed checkpoint'),
          checkpointTime: metrics.gauge('gongkai_notary_checkpoint_timestamp_seconds', 'Unix time of the latest signed checkpoint'),
          errors: metrics.counter('gongkai_notary_errors_total', 'Notary batch failures', ['kind'] as const),
        }
      : undefined;
    this.m?.treeSize.set(st.treeSize);
    this.m?.position.set(Number(st.position));
    const latest = this.latest();
    if (latest) this.m?.checkpointSize.set(latest.size);
  }

  start(options: StartNotaryOptions): void {
    if (options.follow !== false) {
      this.following = true;
      this.loop = this.follow();
    }
    const intervalMs = options.intervalMs ?? 10_000;
    if (intervalMs > 0) {
      this.intervalTimer = setInterval(() => this.tick(), intervalMs);
      this.intervalTimer.unref();
    }
    this.lagTimer = setInterval(() => void this.lag().catch(() => undefined), 5_000);
    this.lagTimer.unref();
  }

  position(): bigint {
    return this.pos;
  }

  override treeSize(): number {
    return this.builder.size;
  }

  health(): { ok: boolean; following: boolean; error?: string } {
    return { ok: !this.fatal && (this.following || this.closed), following: this.following, ...(this.fatal ? { error: this.fatal.message } : {}) };
  }

  async lag(): Promise<bigint> {
    const head = await this.eventStore.headPosition();
    const lag = head > this.pos ? head - this.pos : 0n;
    this.m?.lag.set(Number(lag));
    return lag;
  }

  // --------------------------------------------------------------------------- following

  private async follow(): Promise<void> {
    let backoff = 100;
    while (!this.closed && !this.fatal) {
      let sub: Subscription;
      try {
        sub = this.eventStore.subscribeToAll({ after: this.pos });
      } catch (err) {
        this.logger.warn('notary: cannot subscribe to the event store; stopping', errorFields(err));
        break;
      }
      this.sub = sub;
      this.restartRequested = false;
      try {
        for await (const e of sub) {
          this.pending.push(e);
          if (this.pending.length >= this.batchSize) {
            this.flush();
            // let HTTP requests in between batches while catching up a long log
            await yieldToEventLoop();
          } else if (!this.flushTimer) {
            this.flushTimer = setTimeout(() => this.flushFromTimer(), this.flushDelayMs);
          }
        }
        this.flush();
        backoff = 100;
        if (this.closed || this.fatal) break;
        if (!this.restartRequested) {
          this.logger.info('notary: the event store closed; no longer following');
          break;
        }
      } catch (err) {
        if (this.closed) break;
        if (this.fatal) break;
        this.m?.errors.inc({ kind: 'batch' });
        this.logger.warn('notary: batch failed; resuming from the stored position', { position: this.pos.toString(), ...errorFields(err) });
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, 10_000);
      } finally {
        await sub.close();
      }
    }
    this.following = false;
    this.rejectWaiters(this.fatal ?? new Error('the notary stopped following the event store'));
  }

  private flushFromTimer(): void {
    this.flushTimer = undefined;
    try {
      this.flush();
    } catch (err) {
      if (!this.fatal) {
        this.m?.errors.inc({ kind: 'batch' });
        this.logger.warn('notary: batch failed; resuming from the stored position', { position: this.pos.toString(), ...errorFields(err) });
      }
      // the events already delivered are gone from `pending`: re-read them from the stored position
      this.restartRequested = true;
      void this.sub?.close();
    }
  }

  /** Appends the pending events as leaves in one transaction. Throws (state reset) on failure. */
  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const log = this.log;
    let added = 0;
    const db = log.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const st = log.state();
        if (st.treeSize !== this.builder.size || st.position !== this.pos) {
          // another process moved notary.db on: continue from what it wrote
          this.logger.info('notary: notary.db was advanced by another process; re-reading the tree', {
            storedSize: st.treeSize,
            ourSize: this.builder.size,
          });
          this.builder = log.resumeBuilder(st.treeSize);
          this.pos = st.position;
        }
        for (const e of batch) {
          if (e.globalPosition <= this.pos) continue;
          const { bytes: data, sha256: computed } = leafBytes(e);
          if (computed !== e.hash) {
            throw new NotaryIntegrityError(e, computed, e.hash);
          }
          const index = this.builder.appendLeaf(data);
          log.putLeaf(index, e.eventId, e.globalPosition);
          this.pos = e.globalPosition;
          added++;
        }
        log.setState(this.builder.size, this.pos);
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    } catch (err) {
      this.resync();
      if (err instanceof NotaryIntegrityError) {
        this.fatal = err;
        this.m?.errors.inc({ kind: 'integrity' });
        this.logger.error('notary: refusing to notarize an event whose hash does not match its content', {
          eventId: err.event.eventId,
          streamId: err.event.streamId,
          version: err.event.version,
          globalPosition: err.event.globalPosition.toString(),
          expected: err.expected,
          found: err.found,
        });
        this.rejectWaiters(err);
      }
      throw err;
    }
    if (added > 0) {
      this.m?.leaves.inc(added);
      this.m?.treeSize.set(this.builder.size);
      this.m?.position.set(Number(this.pos));
    }
    this.resolveWaiters();
  }

  /** Back to what notary.db holds (after a failed transaction). */
  private resync(): void {
    try {
      const st = this.log.state();
      this.builder = this.log.resumeBuilder(st.treeSize);
      this.pos = st.position;
    } catch (err) {
      this.fatal = err instanceof Error ? err : new Error(String(err));
      this.logger.error('notary: cannot re-read notary.db', errorFields(err));
    }
  }

  private resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.pos >= w.target) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private rejectWaiters(err: unknown): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.reject(err);
  }

  async sync(timeoutMs = 60_000): Promise<void> {
    if (this.fatal) throw this.fatal;
    const target = await this.eventStore.headPosition();
    if (this.pending.length > 0) this.flush();
    if (this.pos >= target) return;
    if (!this.following) throw new Error(`the notary is not following the event store (at ${this.pos}, head ${target})`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`notary did not reach position ${target} within ${timeoutMs} ms (at ${this.pos})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({
        target,
        resolve: done,
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  // --------------------------------------------------------------------------- checkpoints

  private tick(): void {
    if (this.fatal || this.closed) return;
    try {
      const latest = this.latest();
      if (!latest || this.builder.size > latest.size) this.makeCheckpoint();
    } catch (err) {
      this.m?.errors.inc({ kind: 'checkpoint' });
      this.logger.warn('notary: scheduled checkpoint failed', errorFields(err));
    }
    void this.lag().catch(() => undefined);
  }

  async checkpointNow(options: { catchUp?: boolean } = {}): Promise<StoredCheckpoint> {
    if (this.fatal) throw this.fatal;
    if (options.catchUp !== false && this.following) await this.sync();
    if (this.pending.length > 0) this.flush();
    return this.makeCheckpoint();
  }

  /** Signs and stores a checkpoint of the tree as stored (one per size; every one kept). */
  makeCheckpoint(): StoredCheckpoint {
    const db = this.log.db;
    db.exec('BEGIN IMMEDIATE');
    let cp: StoredCheckpoint;
    try {
      const st = this.log.state();
      if (st.treeSize !== this.builder.size || st.position !== this.pos) {
        this.builder = this.log.resumeBuilder(st.treeSize);
        this.pos = st.position;
      }
      const size = this.builder.size;
      const existing = this.log.checkpoint(size);
      if (existing) {
        db.exec('COMMIT');
        return existing;
      }
      const root = this.builder.root();
      const signedNote = signCheckpoint({ origin: this.origin, size, rootHash: root, extensions: [] }, [this.key.signer]);
      cp = { size, root, signedNote, createdAt: new Date().toISOString() };
      this.log.putCheckpoint(cp);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      this.resync();
      throw err;
    }
    this.m?.checkpoints.inc();
    this.m?.checkpointSize.set(cp.size);
    this.m?.checkpointTime.set(Date.now() / 1000);
    this.logger.info('notary: checkpoint signed', { size: cp.size, root: cp.root.toString('base64') });
    return cp;
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    if (this.lagTimer) clearInterval(this.lagTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.sub?.close();
    await this.loop;
    try {
      if (!this.fatal) this.flush();
    } catch (err) {
      this.logger.warn('notary: last batch failed at close; it will be redone at the next start', errorFields(err));
    }
    this.rejectWaiters(new Error('the notary is closed'));
    this.log.close();
  }
}

/**
 * Opens notary.db (creating it), loads or generates the signing key, follows the event store
 * from the stored position and signs checkpoints on the schedule. The first start signs a
 * checkpoint right away (size 0 on an empty ledger) so there is always a latest one.
 */
export async function startNotary(options: StartNotaryOptions): Promise<Notary> {
  const paths = notaryPaths(options.dataDir);
  const key = loadOrCreateNotaryKey({
    keyFile: options.keyFile ?? paths.signerKey,
    defaultOrigin: process.env['GONGKAI_NOTARY_ORIGIN'] ?? DEFAULT_ORIGIN,
    verifierKeyFile: paths.verifierKey,
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
  });
  if (key.created) options.logger.info('notary: generated a new signing key', { keyFile: key.keyFile, verifierKey: key.verifierKey });
  if (key.permissionWarning) options.logger.warn(key.permissionWarning);
  const log = new NotaryLog(options.dbPath ?? paths.notaryDb);
  let notary: RunningNotary;
  try {
    notary = new RunningNotary(log, key, options.store, options);
    if (!notary.latest()) notary.makeCheckpoint();
  } catch (e) {
    log.close();
    throw e;
  }
  notary.start(options);
  return notary;
}
