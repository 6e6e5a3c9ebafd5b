// The event store port on EventStoreDB 22.10+ / KurrentDB, through @eventstore/db-client.
//
// Hash chain. Every event carries the hash of the previous event in its stream, so an append must
// know the stream's last event. It reads that head (revision, hash, recordedAt), hashes the new
// events on top of it and appends with expectedRevision = the head's exact revision, whatever the
// caller's expected version was. The caller's expectation is checked against the head first
// ('any', 'no_stream', 'stream_exists', n); the server's optimistic check on the pinned revision then
// makes "head I hashed on" == "head I appended to" atomic. If another writer got in between, the
// server refuses, and the append starts over from a fresh head (then an exact expectation fails with
// WrongExpectedVersionError, while 'any' re-hashes on the new head). Appends to one stream from this
// process are queued one after the other so they do not race each other.
//
// Idempotency by eventId. EventStoreDB has no index by event id (its own duplicate check covers
// exact-revision retries only), so the adapter keeps one small index stream per event id,
// `gongkai.eventid-<uuid>`:
//   1. reserved {streamId, fingerprint, afterVersion}: written with NO_STREAM before the event, so
//      one id is bound to one stream and one content, first come first served;
//   2. recorded {version}: written after the event, saying where it is.
// A retry finds the reservation; if no `recorded` pointer is there (the writer died in between),
// it looks for the id in the stream after `afterVersion` (every writer of that id pinned a head at
// or after it) and, if found, repairs the pointer. The head is read before the index, so a writer
// that saw "not recorded" appended on a head that a concurrent copy of the same event would have
// moved: the server refuses one of them. Index streams are filtered out of readAll/subscribeToAll.
//
// Global positions are commit positions (see mapping.ts); the global log is $all with system
// streams ($…) and the index streams filtered out.
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  streamNameFilter,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, Position, ReadRevision, ResolvedEvent } from '@eventstore/db-client';
import { GENESIS_HASH } from '@gongkai/integrity';
import { EventStoreInputError, IdempotencyConflictError, StoreUnavailableError, WrongExpectedVersionError } from '../errors.ts';
import {
  checkedCanonicalJson,
  expectedVersionMatches,
  prepareAppend,
  preparedFingerprint,
  recordedHash,
  validateCount,
  validateExpectedVersion,
  validatePosition,
  validateStreamId,
  type PreparedEvent,
} from '../prepare.ts';
import type {
  AppendOptions,
  AppendResult,
  AppendedEvent,
  EventStore,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from '../port.ts';
import {
  EVENT_ID_INDEX_PREFIX,
  LEDGER_STREAM_REGEX,
  fromRecordedEvent,
  indexStreamName,
  isLedgerEvent,
  isTransient,
  parseIndexStream,
  readPositionAfter,
  recordedEvent,
  reservationEvent,
  revisionToVersion,
  toEventData,
  toExpectedRevision,
  translateError,
  versionToRevision,
  type EsdbRecordedLike,
  type IndexEntry,
} from './mapping.ts';

export interface EventStoreDbOptions {
  /** esdb:// or esdb+discover:// connection string; default: the EVENTSTORE_URL environment variable */
  connectionString?: string;
  /** an existing client (the store then does not dispose it on close) */
  client?: EventStoreDBClient;
  /**
   * gRPC keepalive, so that idle subscriptions survive NATs and load balancers and a dead node is
   * noticed. Applied unless the connection string sets them. Defaults 10 000 ms / 10 000 ms (the
   * client warns below 10 s).
   */
  keepAliveIntervalMs?: number;
  keepAliveTimeoutMs?: number;
  /** how often an append starts over when other writers keep moving its stream (default 50) */
  maxAppendAttempts?: number;
  /** $all read page size for readAll/headPosition (default 500) */
  pageSize?: number;
  /** subscription reconnect backoff: first and largest delay (default 100 ms, 5000 ms) */
  resubscribeBackoffMs?: { initial?: number; max?: number };
}

/** EVENTSTORE_URL, or a clear error. */
export function eventStoreUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.EVENTSTORE_URL?.trim();
  if (!url) throw new StoreUnavailableError('EVENTSTORE_URL is not set (e.g. esdb://localhost:2113?tls=false)');
  if (!/^esdb(\+discover)?:\/\//.test(url)) {
    throw new StoreUnavailableError(`EVENTSTORE_URL must start with esdb:// or esdb+discover:// (got ${JSON.stringify(url.slice(0, 40))})`);
  }
  return url;
}

/** Adds keepAliveInterval / keepAliveTimeout to a connection string unless it sets them. */
export function withKeepAlive(connectionString: string, intervalMs: number, timeoutMs: number): string {
  let out = connectionString;
  const add = (key: string, value: number) => {
    if (new RegExp(`[?&]${key}=`, 'i').test(out)) return;
    out += `${out.includes('?') ? '&' : '?'}${key}=${value}`;
  };
  add('keepAliveInterval', intervalMs);
  add('keepAliveTimeout', timeoutMs);
  return out;
}

export function openEventStoreDbEventStore(options: EventStoreDbOptions = {}): EventStoreDbEventStore {
  return new EventStoreDbEventStore(options);
}

interface Head {
  version: number;
  lastHash: string;
  lastRecordedMs: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export class EventStoreDbEventStore implements EventStore {
  readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly maxAttempts: number;
  private readonly pageSize: number;
  private readonly backoff: { initial: number; max: number };
  private readonly streamQueues = new Map<string, Promise<unknown>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(options: EventStoreDbOptions = {}) {
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const url = options.connectionString ?? eventStoreUrlFromEnv();
      this.client = EventStoreDBClient.connectionString(
        withKeepAlive(url, options.keepAliveIntervalMs ?? 10_000, options.keepAliveTimeoutMs ?? 10_000),
      );
      this.ownsClient = true;
    }
    this.maxAttempts = Math.max(1, options.maxAppendAttempts ?? 50);
    this.pageSize = Math.max(1, options.pageSize ?? 500);
    this.backoff = { initial: options.resubscribeBackoffMs?.initial ?? 100, max: options.resubscribeBackoffMs?.max ?? 5000 };
  }

  // ---------------------------------------------------------------- plumbing

  private assertOpen(): void {
    if (this.closing) throw new StoreUnavailableError('EventStoreDB event store: closed');
  }

  /** Runs an operation so that close() waits for it; errors become port errors. */
  private track<T>(operation: string, fn: () => Promise<T>, ctx: { streamId?: string; write?: boolean } = {}): Promise<T> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    const p = (async () => {
      try {
        return await fn();
      } catch (e) {
        throw translateError(e, { operation, ...ctx });
      }
    })();
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Serialises appends to one stream within this process. */
  private queued<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.streamQueues.get(streamId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.streamQueues.set(streamId, tail);
    void tail.then(() => {
      if (this.streamQueues.get(streamId) === tail) this.streamQueues.delete(streamId);
    });
    return run;
  }

  private validateStream(streamId: unknown): asserts streamId is string {
    validateStreamId(streamId);
    if (streamId.startsWith(EVENT_ID_INDEX_PREFIX)) {
      throw new EventStoreInputError('streamId', `must not start with '${EVENT_ID_INDEX_PREFIX}' (reserved for the eventId index)`);
    }
  }

  /** Reads a stream's events; [] when it does not exist. */
  private async readRaw(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: typeof FORWARDS | typeof BACKWARDS; maxCount?: number },
  ): Promise<EsdbRecordedLike[]> {
    const out: EsdbRecordedLike[] = [];
    try {
      const read = this.client.readStream(streamName, { ...options, requiresLeader: true });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) out.push(resolved.event as EsdbRecordedLike);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  private async readHead(streamId: string): Promise<Head> {
    const [last] = await this.readRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    if (!last) return { version: 0, lastHash: GENESIS_HASH, lastRecordedMs: 0 };
    const e = fromRecordedEvent(last);
    return { version: e.version, lastHash: e.hash, lastRecordedMs: Date.parse(e.recordedAt) };
  }

  private async readIndex(eventId: string): Promise<IndexEntry | undefined> {
    const events = await this.readRaw(indexStreamName(eventId), { direction: FORWARDS, fromRevision: START, maxCount: 64 });
    return parseIndexStream(events as Array<{ type: string; data: unknown }>);
  }

  /** Best effort: a missing pointer only costs a scan later. */
  private async writePointers(pointers: Array<{ eventId: string; version: number }>): Promise<void> {
    await Promise.all(
      pointers.map((p) =>
        this.client.appendToStream(indexStreamName(p.eventId), recordedEvent({ version: p.version })).catch(() => undefined),
      ),
    );
  }

  /**
   * Finds events of `streamId` by id, using the index entries: the recorded pointer when there is
   * one, else a scan of the stream after the reservation's version. Repairs missing pointers.
   */
  private async locate(streamId: string, wanted: Array<{ eventId: string; entry: IndexEntry }>): Promise<Map<string, RecordedEvent>> {
    const found = new Map<string, RecordedEvent>();
    const toScan: Array<{ eventId: string; entry: IndexEntry }> = [];
    await Promise.all(
      wanted.map(async (w) => {
        if (w.entry.version !== undefined && w.entry.version >= 1) {
          const [raw] = await this.readRaw(streamId, { fromRevision: versionToRevision(w.entry.version), maxCount: 1 });
          if (raw && raw.id === w.eventId) {
            found.set(w.eventId, fromRecordedEvent(raw));
            return;
          }
        }
        toScan.push(w);
      }),
    );
    if (toScan.length === 0) return found;
    const ids = new Set(toScan.map((w) => w.eventId));
    const from = Math.min(...toScan.map((w) => w.entry.reservation.afterVersion));
    const repaired: Array<{ eventId: string; version: number }> = [];
    // page through the stream after the earliest reservation
    let revision = BigInt(Math.max(0, from));
    for (;;) {
      const page = await this.readRaw(streamId, { fromRevision: revision, maxCount: this.pageSize });
      for (const raw of page) {
        if (ids.has(raw.id)) {
          const e = fromRecordedEvent(raw);
          found.set(raw.id, e);
          repaired.push({ eventId: raw.id, version: e.version });
        }
      }
      if (page.length < this.pageSize) break;
      revision = page[page.length - 1]!.revision + 1n;
    }
    if (repaired.length > 0) await this.writePointers(repaired);
    return found;
  }

  // ---------------------------------------------------------------- writes

  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    let prepared: PreparedEvent[];
    const expected = options?.expectedVersion ?? 'any';
    try {
      this.assertOpen();
      validateExpectedVersion(expected);
      this.validateStream(streamId);
      prepared = prepareAppend(streamId, events);
      for (const e of prepared) {
        // EventStoreDB reserves $-types for system events, which the global log filters out
        if (e.type.startsWith('$')) throw new EventStoreInputError(`events[${e.index}].type`, "must not start with '$' on EventStoreDB");
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track('append', () => this.queued(streamId, () => this.appendNow(streamId, prepared, expected)), { streamId, write: true });
  }

  private async appendNow(streamId: string, prepared: PreparedEvent[], expected: NonNullable<AppendOptions['expectedVersion']>): Promise<AppendResult> {
    const fingerprints = prepared.map(preparedFingerprint);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      // 1. the head first (see the header comment: it orders this attempt after any earlier copy)
      const head = await this.readHead(streamId);
      // 2. what the index knows of these ids
      const entries = await Promise.all(prepared.map((e) => this.readIndex(e.eventId)));
      const mine: Array<{ eventId: string; entry: IndexEntry }> = [];
      for (let i = 0; i < prepared.length; i++) {
        const entry = entries[i];
        if (!entry) continue;
        const id = prepared[i]!.eventId;
        if (entry.reservation.streamId !== streamId) {
          throw new IdempotencyConflictError(id, `already recorded in (or reserved for) stream ${entry.reservation.streamId}, not ${streamId}`);
        }
        if (entry.reservation.fingerprint !== fingerprints[i]) {
          throw new IdempotencyConflictError(id, 'already recorded with different content');
        }
        mine.push({ eventId: id, entry });
      }
      // 3. a retry of an append that was recorded?
      const located = mine.length > 0 ? await this.locate(streamId, mine) : new Map<string, RecordedEvent>();
      if (located.size === prepared.length) {
        const recorded = prepared.map((e) => located.get(e.eventId)!);
        return {
          streamId,
          nextExpectedVersion: Math.max(...recorded.map((r) => r.version)),
          events: recorded.map((r) => ({ eventId: r.eventId, version: r.version, globalPosition: r.globalPosition, hash: r.hash, recordedAt: r.recordedAt })),
          duplicate: true,
        };
      }
      if (located.size > 0) {
        const first = prepared.find((e) => located.has(e.eventId))!;
        throw new IdempotencyConflictError(
          first.eventId,
          `recorded before, but ${prepared.length - located.size} of the ${prepared.length} events of this append were not; ` +
            'an append is all-or-nothing, so retry it unchanged or use new eventIds',
        );
      }
      // 4. the caller's expectation, against the head this attempt hashes on
      if (!expectedVersionMatches(expected, head.version)) throw new WrongExpectedVersionError(streamId, expected, head.version);
      // 5. reserve the ids nobody has reserved (one stream each; NO_STREAM = first come first served)
      try {
        await Promise.all(
          prepared.flatMap((e, i) =>
            entries[i]
              ? []
              : [
                  this.client.appendToStream(
                    indexStreamName(e.eventId),
                    reservationEvent({ streamId, fingerprint: fingerprints[i]!, afterVersion: head.version }),
                    { expectedRevision: NO_STREAM },
                  ),
                ],
          ),
        );
      } catch (e) {
        if (e instanceof EsdbWrongExpectedVersionError) continue; // reserved concurrently: look again
        throw e;
      }
      // 6. hash on the head and append pinned to its exact revision
      const recordedMs = Math.max(Date.now(), head.lastRecordedMs); // never before the previous event
      const recordedAt = new Date(recordedMs).toISOString();
      let prev = head.lastHash;
      const hashes: string[] = [];
      const data = prepared.map((e, i) => {
        const hash = recordedHash(e, prev, recordedAt, head.version + i + 1);
        const d = toEventData({ ...e, recordedAt, prevHash: prev, hash });
        prev = hash;
        hashes.push(hash);
        return d;
      });
      try {
        await this.client.appendToStream(streamId, data, { expectedRevision: toExpectedRevision(head.version) });
      } catch (e) {
        if (e instanceof EsdbWrongExpectedVersionError) {
          // another writer moved the stream; jitter so that competing processes spread out
          await sleep(Math.floor(Math.random() * Math.min(50, attempt * 5)));
          continue;
        }
        throw e;
      }
      // 7. read the events back for their positions, then record where they are in the index
      const written = await this.readRaw(streamId, { fromRevision: BigInt(head.version), maxCount: prepared.length });
      if (written.length !== prepared.length || written.some((w, i) => w.id !== prepared[i]!.eventId)) {
        throw new StoreUnavailableError(`EventStoreDB append ${streamId}: the events read back after the append are not the ones written`);
      }
      const events: AppendedEvent[] = written.map((w, i) => {
        const r = fromRecordedEvent(w);
        return { eventId: r.eventId, version: r.version, globalPosition: r.globalPosition, hash: hashes[i]!, recordedAt };
      });
      await this.writePointers(events.map((e) => ({ eventId: e.eventId, version: e.version })));
      return { streamId, nextExpectedVersion: head.version + prepared.length, events, duplicate: false };
    }
    throw new StoreUnavailableError(
      `EventStoreDB append ${streamId}: the stream kept moving under ${this.maxAttempts} attempts (heavy contention); nothing of this append was written`,
    );
  }

  setStreamMetadata(streamId: string, metadata: JsonObject): Promise<void> {
    let text: string;
    try {
      this.assertOpen();
      this.validateStream(streamId);
      if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
        throw new EventStoreInputError('metadata', 'must be a plain object');
      }
      text = checkedCanonicalJson(metadata, 'metadata');
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track(
      'setStreamMetadata',
      async () => {
        // Ours live under one key, so a port key named maxAge or acl never becomes an ESDB setting;
        // settings an operator put there ($maxAge, $acl …) are kept.
        const current = await this.client.getStreamMetadata(streamId, { requiresLeader: true });
        const { gongkai: _old, ...system } = (current.metadata ?? {}) as Record<string, unknown>;
        await this.client.setStreamMetadata(streamId, { ...system, gongkai: JSON.parse(text) as JsonObject });
      },
      { streamId, write: true },
    );
  }

  // ---------------------------------------------------------------- reads

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    try {
      this.assertOpen();
      this.validateStream(streamId);
      const { direction = 'forward', fromVersion, maxCount } = options;
      if (direction !== 'forward' && direction !== 'backward') throw new EventStoreInputError('direction', "must be 'forward' or 'backward'");
      validateCount(fromVersion, 'fromVersion');
      validateCount(maxCount, 'maxCount');
    } catch (e) {
      return Promise.reject(e);
    }
    const { direction = 'forward', fromVersion, maxCount } = options;
    return this.track(
      'readStream',
      async () => {
        if (maxCount === 0) return [];
        let fromRevision: ReadRevision;
        if (direction === 'forward') {
          fromRevision = fromVersion === undefined || fromVersion <= 1 ? START : versionToRevision(fromVersion);
        } else if (fromVersion === undefined) {
          fromRevision = END;
        } else {
          if (fromVersion < 1) return [];
          // clamp to the head: "at most version n" past the end means from the last event
          const head = await this.readHead(streamId);
          if (head.version === 0) return [];
          fromRevision = versionToRevision(Math.min(fromVersion, head.version));
        }
        const raw = await this.readRaw(streamId, {
          direction: direction === 'forward' ? FORWARDS : BACKWARDS,
          fromRevision,
          ...(maxCount !== undefined ? { maxCount } : {}),
        });
        return raw.map(fromRecordedEvent);
      },
      { streamId },
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    try {
      this.assertOpen();
      validatePosition(options.after, 'after');
      validateCount(options.maxCount, 'maxCount');
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track('readAll', () => this.readAllNow(options.after, options.maxCount));
  }

  /** Pages through $all (the client's readAll has no server-side filter), keeping ledger events. */
  private async readAllNow(after: bigint | undefined, maxCount: number | undefined): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const limit = maxCount ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return out;
    const start = readPositionAfter(after);
    let cursor: Position | undefined = start === 'start' ? undefined : (start as Position);
    for (;;) {
      let n = 0;
      let last: Position | undefined;
      const read = this.client.readAll({ fromPosition: cursor ?? START, maxCount: this.pageSize, direction: FORWARDS });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const ev = resolved.event;
        if (!ev) continue;
        n++;
        last = ev.position;
        if (cursor && comparePositions(ev.position, cursor) <= 0) continue; // $all reads include their start
        if (!isLedgerEvent(ev)) continue;
        out.push(fromRecordedEvent(ev as EsdbRecordedLike));
        if (out.length >= limit) {
          await read.cancel().catch(() => undefined);
          return out;
        }
      }
      if (n < this.pageSize || !last) return out;
      cursor = last;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    validatePosition(options.after, 'after');
    const sub = new EventStoreDbSubscription(this.client, options.after ?? 0n, this.backoff, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(sub);
    return sub;
  }

  streamVersion(streamId: string): Promise<number> {
    try {
      this.validateStream(streamId);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track('streamVersion', async () => (await this.readHead(streamId)).version, { streamId });
  }

  streamInfo(streamId: string): Promise<StreamInfo | undefined> {
    try {
      this.validateStream(streamId);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track(
      'streamInfo',
      async () => {
        const head = await this.readHead(streamId);
        if (head.version === 0) return undefined;
        return { streamId, version: head.version, lastHash: head.lastHash, metadata: await this.metadataOf(streamId) };
      },
      { streamId },
    );
  }

  getStreamMetadata(streamId: string): Promise<JsonObject> {
    try {
      this.validateStream(streamId);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track('getStreamMetadata', () => this.metadataOf(streamId), { streamId });
  }

  private async metadataOf(streamId: string): Promise<JsonObject> {
    const r = await this.client.getStreamMetadata(streamId, { requiresLeader: true });
    const m = (r.metadata as Record<string, unknown> | undefined)?.gongkai;
    return m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as JsonObject) : {};
  }

  getEvent(eventId: string): Promise<RecordedEvent | undefined> {
    try {
      this.assertOpen();
      if (typeof eventId !== 'string') throw new EventStoreInputError('eventId', 'must be a string');
    } catch (e) {
      return Promise.reject(e);
    }
    return this.track('getEvent', async () => {
      if (!UUID.test(eventId)) return undefined; // appends only accept lower-case UUIDs
      const entry = await this.readIndex(eventId);
      if (!entry) return undefined;
      const found = await this.locate(entry.reservation.streamId, [{ eventId, entry }]);
      return found.get(eventId);
    });
  }

  headPosition(): Promise<bigint> {
    return this.track('headPosition', async () => {
      let cursor: Position | undefined;
      for (;;) {
        let n = 0;
        let last: Position | undefined;
        const read = this.client.readAll({ fromPosition: cursor ?? END, maxCount: this.pageSize, direction: BACKWARDS });
        for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
          const ev = resolved.event;
          if (!ev) continue;
          n++;
          last = ev.position;
          if (cursor && comparePositions(ev.position, cursor) >= 0) continue;
          if (isLedgerEvent(ev)) {
            await read.cancel().catch(() => undefined);
            return ev.position.commit;
          }
        }
        if (n < this.pageSize || !last) return 0n;
        cursor = last;
      }
    });
  }

  // ---------------------------------------------------------------- lifecycle

  /** Waits for operations in flight, ends subscriptions, disposes the client (if this store made it). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      this.closed = true;
      await Promise.all([...this.subscriptions].map((s) => s.close()));
      if (this.ownsClient) await this.client.dispose();
    })();
    return this.closing;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/**
 * A catch-up subscription to $all (server-side filter: no system or index streams), consumed with
 * `for await`. When the connection drops it resubscribes from the last event it delivered, with
 * exponential backoff; events at or before that position are never delivered twice.
 */
export class EventStoreDbSubscription implements Subscription {
  private position: bigint;
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly client: EventStoreDBClient,
    after: bigint,
    private readonly backoff: { initial: number; max: number },
    private readonly onClose: (s: EventStoreDbSubscription) => void,
  ) {
    this.position = after;
    this.iterator = this.run();
  }

  /** global position of the last event delivered (or the start position) */
  get lastPosition(): bigint {
    return this.position;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    try {
      while (!this.closed) {
        const sub = this.client.subscribeToAll({
          fromPosition: readPositionAfter(this.position),
          filter: streamNameFilter({ regex: LEDGER_STREAM_REGEX }),
        });
        this.current = sub;
        try {
          for await (const resolved of sub as AsyncIterable<AllStreamResolvedEvent>) {
            if (this.closed) return;
            failures = 0;
            const ev = resolved.event;
            if (!ev || !isLedgerEvent(ev)) continue;
            if (ev.position.commit <= this.position) continue; // a resubscription can repeat its start
            const recorded = fromRecordedEvent(ev as EsdbRecordedLike);
            this.position = recorded.globalPosition;
            yield recorded;
          }
          if (this.closed) return;
          // the server ended the subscription without an error: resubscribe
        } catch (e) {
          if (this.closed) return;
          if (!isTransient(e)) throw translateError(e, { operation: 'subscribeToAll' });
          failures++;
        } finally {
          this.current = undefined;
          await sub.unsubscribe().catch(() => undefined);
        }
        const delay = Math.min(this.backoff.max, this.backoff.initial * 2 ** Math.max(0, failures - 1));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    } finally {
      this.closed = true;
      this.onClose(this);
    }
  }

  async close(): Promise<void> {
    if (this.closed && !this.current) return;
    this.closed = true;
    this.wake?.();
    // ends the for-await inside run(), which lets a pending next() resolve { done: true }
    await this.current?.unsubscribe().catch(() => undefined);
    this.onClose(this);
  }
}
