// An in-memory model of the parts of an EventStoreDB server the adapter uses, behind the client's
// method names and throwing the client's own error classes. It is NOT a substitute for the real
// server (eventstoredb.contract.test.ts runs against one when EVENTSTORE_URL is set); it lets the
// adapter's own logic — hash chain on a pinned revision, retries on concurrent writers, the eventId
// index, $all filtering and paging, resubscription — run the contract suite on this machine.
//
// Modelled: per-stream optimistic concurrency (ANY / NO_STREAM / STREAM_EXISTS / exact revision),
// atomic multi-event appends, JSON round trips of data and metadata, $all in commit order with
// gappy bigint positions (commit = prepare per event), inclusive $all reads, exclusive subscription
// starts, server-side stream-name regex filters, $metadata in $$<stream>, a system stats event every
// few writes, StreamNotFoundError while iterating a missing stream, and a network hop (a macrotask)
// per call. Hooks inject failures: a transport error before or after a write, dropped subscriptions.
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { AppendExpectedRevision, EventData, Filter, Position, ReadPosition, ReadRevision } from '@eventstore/db-client';

interface Stored {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  created: Date;
  data: unknown;
  metadata: unknown;
  position: Position;
}

type Resolved = { event: Stored; commitPosition: bigint };

const hop = () => new Promise<void>((r) => setImmediate(r));
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
const cmp = (a: Position, b: Position) => (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : 0);

/** Failure injection: return an error to throw, or undefined. */
export type AppendHook = (streamName: string, events: EventData[], phase: 'before' | 'after') => Error | undefined;

export class EsdbServerModel {
  readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private nextPosition = 1000n;
  private writes = 0;
  private readonly live = new Set<(e: Stored) => void>();
  private readonly subscriptionDrops = new Set<(e: Error) => void>();
  appendHook: AppendHook | undefined;

  /** a client for one "process" */
  client(): EsdbClientModel {
    return new EsdbClientModel(this);
  }

  /** Makes every open subscription fail as a dropped connection would. */
  dropSubscriptions(): void {
    for (const drop of [...this.subscriptionDrops]) drop(new UnavailableError(undefined, 'model: connection dropped'));
  }

  private write(streamName: string, events: EventData[]): void {
    const list = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, list);
    for (const e of events) {
      // positions are byte offsets in the real log: increasing, with gaps
      this.nextPosition += 50n + BigInt(Math.floor(Math.random() * 200));
      const stored: Stored = {
        streamId: streamName,
        id: e.id,
        revision: BigInt(list.length),
        type: e.type,
        isJson: e.contentType === 'application/json',
        created: new Date(),
        data: clone(e.data),
        metadata: clone(e.metadata),
        position: { commit: this.nextPosition, prepare: this.nextPosition },
      };
      list.push(stored);
      this.log.push(stored);
      for (const l of [...this.live]) l(stored);
    }
  }

  async append(streamName: string, events: EventData[], expected: AppendExpectedRevision): Promise<{ nextExpectedRevision: bigint; success: true }> {
    await hop();
    const before = this.appendHook?.(streamName, events, 'before');
    if (before) throw before;
    const list = this.streams.get(streamName) ?? [];
    const current = list.length === 0 ? NO_STREAM : BigInt(list.length - 1);
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    this.write(streamName, events);
    if (++this.writes % 5 === 0) {
      this.write('$stats-127.0.0.1:2113', [{ id: crypto.randomUUID(), contentType: 'application/json', type: '$statsCollected', data: { proc: 1 }, metadata: undefined } as EventData]);
    }
    const after = this.appendHook?.(streamName, events, 'after');
    if (after) throw after;
    return { nextExpectedRevision: BigInt((this.streams.get(streamName)?.length ?? 1) - 1), success: true };
  }

  readStream(streamName: string, o: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint }): Stored[] {
    const list = this.streams.get(streamName);
    if (!list || list.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const max = Number(o.maxCount ?? Number.MAX_SAFE_INTEGER);
    if (o.direction === BACKWARDS) {
      const from = o.fromRevision === undefined || o.fromRevision === END ? list.length - 1 : o.fromRevision === START ? 0 : Math.min(Number(o.fromRevision), list.length - 1);
      return list.slice(Math.max(0, from - max + 1), from + 1).reverse();
    }
    const from = o.fromRevision === undefined || o.fromRevision === START ? 0 : o.fromRevision === END ? list.length : Number(o.fromRevision);
    return list.slice(from, from + max);
  }

  readAll(o: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }): Stored[] {
    const max = Number(o.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = o.fromPosition;
    if (o.direction === BACKWARDS) {
      const older = from === undefined || from === END ? [...this.log] : from === START ? [] : this.log.filter((e) => cmp(e.position, from) < 0);
      return older.reverse().slice(0, max);
    }
    const newer = from === undefined || from === START ? this.log : from === END ? [] : this.log.filter((e) => cmp(e.position, from) >= 0); // inclusive
    return newer.slice(0, max);
  }

  subscribe(from: ReadPosition | undefined, filter: Filter | undefined): AsyncIterable<Resolved> & { unsubscribe(): Promise<void> } {
    const queue: Stored[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let failure: Error | undefined;
    const re = filter && 'regex' in filter ? new RegExp(filter.regex) : undefined;
    const passes = (e: Stored) => !re || re.test(filter!.filterOn === 'streamName' ? e.streamId : e.type);
    const start = from === undefined || from === START ? undefined : from === END ? (this.log.at(-1)?.position ?? { commit: 0n, prepare: 0n }) : from;
    const onLive = (e: Stored) => {
      if (passes(e)) queue.push(e);
      wake?.();
    };
    const onDrop = (e: Error) => {
      failure = e;
      wake?.();
    };
    // catch-up and live without a gap: take the past and register in the same turn
    for (const e of this.log) if ((!start || cmp(e.position, start) > 0) && passes(e)) queue.push(e); // exclusive start
    this.live.add(onLive);
    this.subscriptionDrops.add(onDrop);
    const cleanup = () => {
      this.live.delete(onLive);
      this.subscriptionDrops.delete(onDrop);
    };
    const iterator = async function* (): AsyncGenerator<Resolved> {
      try {
        for (;;) {
          await hop();
          if (failure) throw failure;
          if (ended) return;
          const e = queue.shift();
          if (e) {
            yield { event: e, commitPosition: e.position.commit };
            continue;
          }
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
        }
      } finally {
        cleanup();
      }
    };
    return {
      [Symbol.asyncIterator]: iterator,
      async unsubscribe() {
        ended = true;
        cleanup();
        wake?.();
      },
    };
  }

  metadata = new Map<string, Record<string, unknown>>();

  async setMetadata(streamName: string, metadata: Record<string, unknown>): Promise<void> {
    await hop();
    this.metadata.set(streamName, clone(metadata));
    this.write(`$$${streamName}`, [{ id: crypto.randomUUID(), contentType: 'application/json', type: '$metadata', data: clone(metadata), metadata: undefined } as EventData]);
  }
}

function readable<T>(produce: () => T[]): AsyncIterable<{ event: T }> & { cancel(): Promise<void> } {
  return {
    async *[Symbol.asyncIterator]() {
      await hop();
      for (const event of produce()) yield { event: clone2(event) };
    },
    async cancel() {},
  };
}

// events handed to callers are copies, as a network client's would be
function clone2<T>(e: T): T {
  const s = e as unknown as Stored;
  return { ...s, data: clone(s.data), metadata: clone(s.metadata), position: { ...s.position } } as unknown as T;
}

/** The subset of EventStoreDBClient the adapter calls, on the model. */
export class EsdbClientModel {
  disposed = false;
  constructor(private readonly server: EsdbServerModel) {}

  appendToStream(streamName: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    return this.server.append(streamName, Array.isArray(events) ? events : [events], options.expectedRevision ?? ANY);
  }

  readStream(streamName: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    return readable(() => this.server.readStream(streamName, options));
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    return readable(() => this.server.readAll(options));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    return this.server.subscribe(options.fromPosition, options.filter);
  }

  async getStreamMetadata(streamName: string) {
    await hop();
    const metadata = this.server.metadata.get(streamName);
    return metadata ? { streamName, metadata: clone(metadata) } : { streamName };
  }

  setStreamMetadata(streamName: string, metadata: Record<string, unknown>) {
    return this.server.setMetadata(streamName, metadata);
  }

  async dispose() {
    this.disposed = true;
  }
}
