// The embedded event store: SQLite through better-sqlite3 (synchronous), one writer connection,
// WAL + synchronous=FULL, and group commit.
//
// Group commit: append() checks its arguments at once, then queues them. On the next turn of the
// event loop (setImmediate) every queued append is canonicalised, hashed and written in ONE
// BEGIN IMMEDIATE … COMMIT, i.e. one fsync, and only after COMMIT returns are the promises settled.
// A multi-event append runs inside its own SAVEPOINT so a wrong expected version or an idempotency
// conflict rolls back that append alone; a disk or lock error fails the whole group.
//
// Stream heads (version, last hash) and the global head are cached in memory. The cache is checked
// inside every write transaction against PRAGMA data_version, which changes when another
// connection (another process) has committed to the file; then the cache is dropped and re-read.
import { accessSync, constants as fsConstants } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '@gongkai/integrity';
import { CatchUpSubscription } from '../catch-up-subscription.ts';
import {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../errors.ts';
import {
  expectedVersionMatches,
  checkedCanonicalJson,
  quoteKey,
  prepareEvent,
  sha256HexFast,
  validateAppend,
  validateCount,
  validateExpectedVersion,
  validatePosition,
  validateStreamId,
  type PreparedEvent,
  type ValidatedEvent,
} from '../prepare.ts';
import type {
  AppendOptions,
  AppendResult,
  AppendedEvent,
  EventStore,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from '../port.ts';
import { migrate } from './schema.ts';

export interface SqliteEventStoreOptions {
  /** database file; created (with its schema) when missing */
  path: string;
  /** open without write access: reads work, appends fail with StoreUnavailableError */
  readonly?: boolean;
  /** how long a writer waits for another process holding the write lock (default 5000 ms) */
  busyTimeoutMs?: number;
  /** SQLite page cache of this connection in KiB (default 65536 = 64 MiB) */
  cacheSizeKiB?: number;
  /** refuse to grow the file beyond this size: appends then fail (SQLITE_FULL) with StoreUnavailableError */
  maxSizeBytes?: number;
  groupCommit?: {
    /** most appends committed in one transaction (default 1000) */
    maxAppends?: number;
    /** most events committed in one transaction; a larger single append still commits alone (default 5000:
     *  bounds how long one commit blocks the event loop; larger groups were not faster) */
    maxEvents?: number;
  };
  subscriptions?: {
    /** how often a caught-up subscription looks for commits by other processes (default 250 ms) */
    pollIntervalMs?: number;
    /** events read per page while catching up (default 500) */
    pageSize?: number;
  };
  /** stream heads kept in memory (default 100000) */
  streamCacheSize?: number;
}

export interface SqliteEventStoreStats {
  /** write transactions committed (each is one group) */
  commits: number;
  /** write transactions that failed and were rolled back */
  failedCommits: number;
  /** appends acknowledged, duplicates included */
  appends: number;
  /** events written */
  events: number;
  /** most appends settled by one commit */
  largestGroup: number;
}

interface Head {
  version: number;
  lastHash: string;
}

interface AppendOp {
  kind: 'append';
  streamId: string;
  /** checked at append() time; canonicalised when committed */
  events: ValidatedEvent[];
  expected: ExpectedVersion;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  result?: AppendResult;
  error?: unknown;
}

interface MetadataOp {
  kind: 'metadata';
  streamId: string;
  metadataText: string;
  resolve: (r: undefined) => void;
  reject: (e: unknown) => void;
  error?: unknown;
}

type Op = AppendOp | MetadataOp;

interface EventRow {
  global_position: bigint;
  event_id: string;
  stream_id: string;
  version: bigint;
  type: string;
  schema_version: bigint;
  occurred_at: string;
  recorded_at: string;
  metadata: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

interface IdRow {
  global_position: number;
  stream_id: string;
  version: number;
  recorded_at: string;
  hash: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  payload: string;
  metadata: string;
}

/** Same content as far as idempotency goes: the fields the fingerprint covers (see prepare.ts). */
function sameContent(row: IdRow, ev: PreparedEvent): boolean {
  return (
    row.type === ev.type &&
    row.schema_version === ev.schemaVersion &&
    row.occurred_at === ev.occurredAt &&
    row.payload === ev.payloadText && // both canonical text
    (JSON.parse(row.metadata) as { agency?: unknown }).agency === ev.agency
  );
}

const EVENT_COLUMNS =
  'global_position, event_id, stream_id, version, type, schema_version, occurred_at, recorded_at, metadata, payload, prev_hash, hash';

function toRecorded(r: EventRow): RecordedEvent {
  return {
    eventId: r.event_id,
    type: r.type,
    schemaVersion: Number(r.schema_version),
    occurredAt: r.occurred_at,
    payload: JSON.parse(r.payload) as JsonObject,
    metadata: JSON.parse(r.metadata) as NewEvent['metadata'],
    streamId: r.stream_id,
    version: Number(r.version),
    globalPosition: r.global_position,
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function sqliteCode(e: unknown): string | undefined {
  return e instanceof Database.SqliteError ? e.code : undefined;
}

/** Why the file (or, when it does not exist yet, its folder) cannot be written, if that is so. */
function writeAccessProblem(path: string): string | undefined {
  if (path === ':memory:' || path === '') return undefined;
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, fsConstants.W_OK);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return `the file system holding ${p} is mounted read-only (EROFS)`;
      if (code === 'EACCES' || code === 'EPERM') return `no write permission on ${p} (${code})`;
    }
  }
  return undefined;
}

/** Why the store cannot write, in words an operator can act on. */
function describeFailure(e: unknown, path: string): string {
  const code = sqliteCode(e) ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  if (/^SQLITE_(CANTOPEN|READONLY|IOERR)/.test(code)) {
    const access = writeAccessProblem(path);
    if (access) return `event store ${path}: database is read-only: ${access} (${code}: ${detail})`;
  }
  if (code.startsWith('SQLITE_FULL')) return `event store ${path}: disk or database full (${code}: ${detail})`;
  if (code.startsWith('SQLITE_READONLY')) return `event store ${path}: database is read-only (${code}: ${detail})`;
  if (code.startsWith('SQLITE_IOERR')) return `event store ${path}: disk I/O error (${code}: ${detail})`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `event store ${path}: database locked by another writer, busy timeout expired (${code}: ${detail})`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `event store ${path}: database file is damaged (${code}: ${detail})`;
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return `event store ${path}: cannot open the database file (${code}: ${detail})`;
  return `event store ${path}: write failed (${code || (e instanceof Error ? e.name : 'error')}: ${detail})`;
}

/** Opens (creating if needed) a SQLite event store. Synchronous: better-sqlite3 is. */
export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

export class SqliteEventStore implements EventStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly maxGroupAppends: number;
  private readonly maxGroupEvents: number;
  private readonly streamCacheSize: number;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;

  private queue: Op[] = [];
  private flushScheduled = false;
  private closing: Promise<void> | undefined;
  private closed = false;

  // caches, valid while data_version is unchanged
  private dataVersion = -1;
  private headPos = 0;
  private lastRecordedMs = 0;
  private readonly heads = new Map<string, Head>();

  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly counters: SqliteEventStoreStats = { commits: 0, failedCommits: 0, appends: 0, events: 0, largestGroup: 0 };

  private readonly s: ReturnType<SqliteEventStore['prepareStatements']>;

  constructor(options: SqliteEventStoreOptions) {
    if (typeof options?.path !== 'string' || options.path.length === 0) {
      throw new EventStoreInputError('path', 'must be a non-empty string');
    }
    this.path = options.path;
    this.maxGroupAppends = Math.max(1, options.groupCommit?.maxAppends ?? 1000);
    this.maxGroupEvents = Math.max(1, options.groupCommit?.maxEvents ?? 5_000);
    this.streamCacheSize = Math.max(0, options.streamCacheSize ?? 100_000);
    this.pollIntervalMs = options.subscriptions?.pollIntervalMs ?? 250;
    this.pageSize = options.subscriptions?.pageSize ?? 500;

    let db: Database.Database | undefined;
    try {
      db = new Database(options.path, options.readonly ? { readonly: true, fileMustExist: true } : {});
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      if (!options.readonly) {
        const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
        if (mode !== 'wal' && options.path !== ':memory:' && options.path !== '') {
          throw new StoreUnavailableError(`event store ${options.path}: cannot switch to WAL (journal_mode=${mode})`);
        }
      }
      // WAL's default in better-sqlite3 is NORMAL, which can lose the last commits on power loss.
      db.pragma('synchronous = FULL');
      db.pragma(`cache_size = -${Math.max(2048, Math.trunc(options.cacheSizeKiB ?? 65536))}`);
      db.pragma('temp_store = MEMORY');
      // after a checkpoint, shrink the WAL file back to at most 64 MiB
      db.pragma('journal_size_limit = 67108864');
      if (options.maxSizeBytes !== undefined) {
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        db.pragma(`max_page_count = ${Math.max(1, Math.ceil(options.maxSizeBytes / pageSize))}`);
      }
      migrate(db, options.path);
      this.db = db;
      this.s = this.prepareStatements();
      this.syncWithFile();
    } catch (e) {
      db?.close();
      if (e instanceof StoreUnavailableError || e instanceof EventStoreInputError) throw e;
      throw new StoreUnavailableError(describeFailure(e, options.path).replace('write failed', 'open failed'), { cause: e });
    }
  }

  private prepareStatements() {
    const db = this.db;
    const safe = <T extends Database.Statement>(st: T): T => st.safeIntegers(true) as T;
    return {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      maxPosition: db.prepare('SELECT coalesce(max(global_position), 0) FROM events').pluck(),
      lastRecordedAt: db.prepare('SELECT recorded_at FROM events ORDER BY global_position DESC LIMIT 1').pluck(),
      insert: db.prepare(
        'INSERT INTO events (global_position, event_id, stream_id, version, type, schema_version, occurred_at, recorded_at, metadata, payload, prev_hash, hash) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertHead: db.prepare(
        'INSERT INTO streams (stream_id, version, last_hash) VALUES (?, ?, ?) ' +
          'ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, last_hash = excluded.last_hash',
      ),
      upsertMetadata: db.prepare(
        "INSERT INTO streams (stream_id, version, last_hash, metadata) VALUES (?, 0, ?, ?) " +
          'ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata',
      ),
      selectHead: db.prepare('SELECT version, last_hash FROM streams WHERE stream_id = ?'),
      selectStream: db.prepare('SELECT version, last_hash, metadata FROM streams WHERE stream_id = ?'),
      selectById: db.prepare(
        'SELECT global_position, stream_id, version, recorded_at, hash, type, schema_version, occurred_at, payload, metadata FROM events WHERE event_id = ?',
      ),
      getEvent: safe(db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`)),
      readForward: safe(
        db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version >= ? ORDER BY version ASC LIMIT ?`),
      ),
      readBackward: safe(
        db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?`),
      ),
      readAll: safe(
        db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position ASC LIMIT ?`),
      ),
      headPosition: safe(db.prepare('SELECT coalesce(max(global_position), 0) FROM events').pluck()),
    };
  }

  // ---------------------------------------------------------------- writes

  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    try {
      this.assertWritable();
      const expected = options?.expectedVersion ?? 'any';
      validateExpectedVersion(expected);
      const validated = validateAppend(streamId, events);
      return new Promise<AppendResult>((resolve, reject) => {
        this.enqueue({ kind: 'append', streamId, events: validated, expected, resolve, reject });
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  setStreamMetadata(streamId: string, metadata: JsonObject): Promise<void> {
    try {
      this.assertWritable();
      validateStreamId(streamId);
      if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
        throw new EventStoreInputError('metadata', 'must be a plain object');
      }
      const metadataText = checkedCanonicalJson(metadata, 'metadata');
      return new Promise<undefined>((resolve, reject) => {
        this.enqueue({ kind: 'metadata', streamId, metadataText, resolve, reject });
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private enqueue(op: Op): void {
    this.queue.push(op);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closed || this.queue.length === 0) return;
    this.runGroup(this.takeGroup());
    if (this.queue.length > 0 && !this.flushScheduled) {
      // let I/O callbacks run between groups
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  };

  private takeGroup(): Op[] {
    let appends = 0;
    let events = 0;
    let n = 0;
    for (; n < this.queue.length; n++) {
      const op = this.queue[n]!;
      const size = op.kind === 'append' ? op.events.length : 0;
      if (n > 0 && (appends + 1 > this.maxGroupAppends || events + size > this.maxGroupEvents)) break;
      appends++;
      events += size;
    }
    return this.queue.splice(0, n);
  }

  /** Re-reads the cached state if another connection has committed since we last looked. */
  private syncWithFile(): void {
    const dv = this.s.dataVersion.get() as number;
    if (dv === this.dataVersion) return;
    this.dataVersion = dv;
    this.heads.clear();
    this.headPos = this.s.maxPosition.get() as number;
    const last = this.s.lastRecordedAt.get() as string | undefined;
    this.lastRecordedMs = Math.max(this.lastRecordedMs, last ? Date.parse(last) : 0);
  }

  private invalidateCaches(): void {
    this.dataVersion = -1;
    this.heads.clear();
  }

  private runGroup(group: Op[]): void {
    const s = this.s;
    const overlay = new Map<string, Head>();
    let position = 0;
    let recordedMs = 0;
    let written = 0;
    try {
      s.begin.run();
    } catch (e) {
      this.failGroup(group, e, false);
      return;
    }
    try {
      this.syncWithFile();
      // one commit time for the whole group; never before the last one (clocks can step back)
      recordedMs = Math.max(Date.now(), this.lastRecordedMs);
      const recordedAt = new Date(recordedMs).toISOString();
      position = this.headPos;
      for (const op of group) {
        if (op.kind === 'metadata') {
          s.upsertMetadata.run(op.streamId, GENESIS_HASH, op.metadataText);
          continue;
        }
        try {
          const r = this.applyAppend(op, recordedAt, position, overlay);
          op.result = r;
          if (!r.duplicate) {
            position += r.events.length;
            written += r.events.length;
          }
        } catch (e) {
          if (e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError || e instanceof EventStoreInputError) {
            op.error = e;
          }
          else throw e;
        }
      }
      for (const [streamId, head] of overlay) s.upsertHead.run(streamId, head.version, head.lastHash);
    } catch (e) {
      this.failGroup(group, e, false);
      return;
    }
    try {
      s.commit.run();
    } catch (e) {
      this.failGroup(group, e, true);
      return;
    }

    // committed: update caches, then acknowledge
    for (const [streamId, head] of overlay) this.cacheHead(streamId, head);
    this.headPos = position;
    if (written > 0) this.lastRecordedMs = recordedMs;
    const c = this.counters;
    c.commits++;
    c.events += written;
    let appends = 0;
    for (const op of group) {
      if (op.kind === 'metadata') {
        op.resolve(undefined);
      } else if (op.error !== undefined) {
        op.reject(op.error);
      } else {
        appends++;
        op.resolve(op.result!);
      }
    }
    c.appends += appends;
    if (group.length > c.largestGroup) c.largestGroup = group.length;
    if (written > 0) for (const l of [...this.listeners]) l();
  }

  private failGroup(group: Op[], e: unknown, atCommit: boolean): void {
    if (this.db.inTransaction) {
      try {
        this.s.rollback.run();
      } catch {
        // the connection already rolled back (SQLITE_FULL / IOERR can do that) or is unusable
      }
    }
    this.invalidateCaches();
    this.counters.failedCommits++;
    const outcome = atCommit
      ? 'the commit failed, so these appends may or may not be durable; retrying them with the same eventIds is safe'
      : 'nothing was written';
    const err = new StoreUnavailableError(`${describeFailure(e, this.path)}; ${outcome}`, { cause: e });
    for (const op of group) op.reject(err);
  }

  private cacheHead(streamId: string, head: Head): void {
    if (this.streamCacheSize === 0) return;
    if (this.heads.size >= this.streamCacheSize && !this.heads.has(streamId)) {
      // evict the oldest entry (Map keeps insertion order)
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
    this.heads.set(streamId, head);
  }

  private headOf(streamId: string, overlay: Map<string, Head>): Head {
    const pending = overlay.get(streamId) ?? this.heads.get(streamId);
    if (pending) return pending;
    const row = this.s.selectHead.get(streamId) as { version: number; last_hash: string } | undefined;
    const head = row ? { version: row.version, lastHash: row.last_hash } : { version: 0, lastHash: GENESIS_HASH };
    this.cacheHead(streamId, head);
    return head;
  }

  /** Writes one append inside the open transaction, or returns the original result of a retry. */
  private applyAppend(op: AppendOp, recordedAt: string, lastPosition: number, overlay: Map<string, Head>): AppendResult {
    const s = this.s;
    const { streamId, events } = op;
    const streamIdJson = JSON.stringify(streamId);
    const head = this.headOf(streamId, overlay);
    if (!expectedVersionMatches(op.expected, head.version)) {
      // a retry of a committed append carries a now-stale expected version: not a conflict
      const original = this.findRecorded(streamId, events.map((e) => prepareEvent(e, streamIdJson)));
      if (original) return original;
      throw new WrongExpectedVersionError(streamId, op.expected, head.version);
    }
    // A single INSERT is atomic by itself; several need a savepoint so a failure undoes them all.
    const multi = events.length > 1;
    if (multi) s.savepoint.run();
    const appended: AppendedEvent[] = new Array(events.length);
    let prev = head.lastHash;
    let version = head.version;
    let position = lastPosition;
    try {
      // One event at a time: its canonical texts are garbage as soon as the row is written, which
      // keeps the GC cheap for large appends. Deep validation + RFC 8785 happen here, not in append(),
      // so queued appends hold no texts either.
      let suffixType = '';
      let suffixSchema = 0;
      let suffix = '';
      for (let i = 0; i < events.length; i++) {
        const ev = events[i]!;
        const payloadText = checkedCanonicalJson(ev.payload, `events[${i}].payload`);
        const metadataText = checkedCanonicalJson(ev.metadata, `events[${i}].metadata`);
        if (ev.metadata.agency !== ev.agency) {
          throw new EventStoreInputError(`events[${i}].metadata.agency`, 'changed after append() was called');
        }
        // the envelope's tail after recordedAt repeats within an append (same type, same schema)
        if (ev.type !== suffixType || ev.schemaVersion !== suffixSchema || i === 0) {
          suffixType = ev.type;
          suffixSchema = ev.schemaVersion;
          suffix = `,"schemaVersion":${ev.schemaVersion},"streamId":${streamIdJson},"type":${quoteKey(ev.type)},"version":`;
        }
        version++;
        position++;
        const hash = sha256HexFast(
          `{"eventId":"${ev.eventId}","metadata":${metadataText},"occurredAt":"${ev.occurredAt}","payload":${payloadText},` +
            `"prevHash":"${prev}","recordedAt":"${recordedAt}"${suffix}${version}}`,
        );
        s.insert.run(position, ev.eventId, streamId, version, ev.type, ev.schemaVersion, ev.occurredAt, recordedAt,
          metadataText, payloadText, prev, hash);
        appended[i] = { eventId: ev.eventId, version, globalPosition: BigInt(position), hash, recordedAt };
        prev = hash;
      }
    } catch (e) {
      if (!this.db.inTransaction) throw e; // the whole transaction is gone (disk error): fail the group
      if (multi) {
        s.rollbackTo.run();
        s.release.run();
      }
      if ((sqliteCode(e) ?? '').startsWith('SQLITE_CONSTRAINT')) {
        // event_id UNIQUE: a retry, a reused id, or a partial overlap. Decide with nothing of ours written.
        const original = this.findRecorded(streamId, events.map((x) => prepareEvent(x, streamIdJson)));
        if (original) return original;
      }
      throw e;
    }
    if (multi) s.release.run();
    overlay.set(streamId, { version, lastHash: prev });
    return { streamId, nextExpectedVersion: version, events: appended, duplicate: false };
  }

  /**
   * If the append's events were recorded before: the original result when all of them were, in
   * this stream, with the same content; IdempotencyConflictError when only some were, or elsewhere,
   * or differently; undefined when none was.
   */
  private findRecorded(streamId: string, events: PreparedEvent[]): AppendResult | undefined {
    const found: AppendedEvent[] = [];
    let nextExpectedVersion = 0;
    for (const ev of events) {
      const row = this.s.selectById.get(ev.eventId) as IdRow | undefined;
      if (!row) continue;
      if (row.stream_id !== streamId) {
        throw new IdempotencyConflictError(ev.eventId, `already recorded in stream ${row.stream_id}, not ${streamId}`);
      }
      if (!sameContent(row, ev)) {
        throw new IdempotencyConflictError(ev.eventId, 'already recorded with different content');
      }
      found.push({
        eventId: ev.eventId,
        version: row.version,
        globalPosition: BigInt(row.global_position),
        hash: row.hash,
        recordedAt: row.recorded_at,
      });
      if (row.version > nextExpectedVersion) nextExpectedVersion = row.version;
    }
    if (found.length === 0) return undefined;
    if (found.length < events.length) {
      throw new IdempotencyConflictError(
        found[0]!.eventId,
        `recorded before, but ${events.length - found.length} of the ${events.length} events of this append were not; ` +
          'an append is all-or-nothing, so retry it unchanged or use new eventIds',
      );
    }
    return { streamId, nextExpectedVersion, events: found, duplicate: true };
  }

  // ---------------------------------------------------------------- reads

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateStreamId(streamId);
    const { direction = 'forward', fromVersion, maxCount } = options;
    if (direction !== 'forward' && direction !== 'backward') {
      throw new EventStoreInputError('direction', "must be 'forward' or 'backward'");
    }
    validateCount(fromVersion, 'fromVersion');
    validateCount(maxCount, 'maxCount');
    const limit = maxCount ?? -1;
    const rows =
      direction === 'forward'
        ? this.s.readForward.all(streamId, fromVersion ?? 1, limit)
        : this.s.readBackward.all(streamId, fromVersion ?? Number.MAX_SAFE_INTEGER, limit);
    return (rows as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validatePosition(options.after, 'after');
    validateCount(options.maxCount, 'maxCount');
    const rows = this.s.readAll.all(options.after ?? 0n, options.maxCount ?? -1) as EventRow[];
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    validatePosition(options.after, 'after');
    const sub = new CatchUpSubscription(
      {
        readPage: (after, maxCount) => this.readAll({ after, maxCount }),
        onCommit: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        isOpen: () => !this.closed,
      },
      {
        after: options.after,
        pageSize: this.pageSize,
        pollIntervalMs: this.pollIntervalMs,
        onClose: (s) => this.subscriptions.delete(s),
      },
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    validateStreamId(streamId);
    const row = this.s.selectHead.get(streamId) as { version: number } | undefined;
    return row?.version ?? 0;
  }

  /** undefined when the stream has no events (even if metadata was set on it) */
  async streamInfo(streamId: string): Promise<StreamInfo | undefined> {
    this.assertOpen();
    validateStreamId(streamId);
    const row = this.s.selectStream.get(streamId) as { version: number; last_hash: string; metadata: string } | undefined;
    if (!row || row.version === 0) return undefined;
    return { streamId, version: row.version, lastHash: row.last_hash, metadata: JSON.parse(row.metadata) as JsonObject };
  }

  async getStreamMetadata(streamId: string): Promise<JsonObject> {
    this.assertOpen();
    validateStreamId(streamId);
    const row = this.s.selectStream.get(streamId) as { metadata: string } | undefined;
    return row ? (JSON.parse(row.metadata) as JsonObject) : {};
  }

  async getEvent(eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    if (typeof eventId !== 'string') throw new EventStoreInputError('eventId', 'must be a string');
    const row = this.s.getEvent.get(eventId) as EventRow | undefined;
    return row ? toRecorded(row) : undefined;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.s.headPosition.get() as bigint;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Settings in force on the writer connection (for health checks and tests). */
  diagnostics(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'; schemaVersion: number; pageCount: number; pageSize: number } {
    this.assertOpen();
    const p = (name: string) => this.db.pragma(name, { simple: true });
    const sync = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
    return {
      journalMode: p('journal_mode') as string,
      synchronous: sync[p('synchronous') as number] ?? 'OFF',
      schemaVersion: this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number,
      pageCount: p('page_count') as number,
      pageSize: p('page_size') as number,
    };
  }

  /** Counters since open (group commit effectiveness, failures). */
  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /** Commits what is queued, ends subscriptions, closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.queue.length > 0) this.runGroup(this.takeGroup());
      this.closed = true;
      for (const sub of [...this.subscriptions]) await sub.close();
      this.listeners.clear();
      this.db.close();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError(`event store ${this.path}: closed`);
  }

  private assertWritable(): void {
    if (this.closing) throw new StoreUnavailableError(`event store ${this.path}: closed`);
  }
}
