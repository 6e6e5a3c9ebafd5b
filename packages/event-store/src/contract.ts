// The contract every EventStore adapter passes. Call it from a test file:
//
//   eventStoreContract('sqlite', async () => { const store = …; return { store, cleanup } });
//
// Each test opens its own store. Tests never assume the store is empty (an EventStoreDB adapter may
// run them against a shared server): they use fresh stream ids and positions relative to the head.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, eventHash, verifyChain } from '@gongkai/integrity';
import {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from './errors.ts';
import type { EventStore, NewEvent, RecordedEvent } from './port.ts';

export interface ContractOptions {
  /** global positions are 1, 2, 3 … with no gaps (true for SQLite; not for EventStoreDB commit positions) */
  contiguousPositions?: boolean;
}

type Opened = { store: EventStore; cleanup(): Promise<void> };

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let counter = 0;
function streamName(prefix = 'project'): string {
  return `${prefix}-contract-${uuidv7()}-${++counter}`;
}

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'ProjectApproved',
    schemaVersion: 1,
    occurredAt: '2024-05-20',
    payload: { projectCode: '2019-320500-48-01-512345', title: '苏州市轨道交通6号线工程', amount: 123_456.78 },
    metadata: { agency: 'sz-fgw', user: 'clerk-1' },
    ...overrides,
  };
}

function events(n: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: n }, (_, i) => newEvent({ payload: { seq: i + 1, note: `第${i + 1}条` }, ...overrides }));
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

async function take(iter: AsyncIterator<RecordedEvent>, n: number, what: string): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const r = await withTimeout(iter.next(), 5000, `${what} #${i + 1}`);
    if (r.done) throw new Error(`subscription ended after ${out.length} events, expected ${n}`);
    out.push(r.value);
  }
  return out;
}

export function eventStoreContract(name: string, open: () => Promise<Opened>, options: ContractOptions = {}): void {
  const contiguous = options.contiguousPositions ?? true;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      const opened = await open();
      store = opened.store;
      cleanup = opened.cleanup;
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('append and read', () => {
      it('round-trips every field (Chinese text, nested objects, numbers, metadata)', async () => {
        const s = streamName();
        const input = newEvent({
          type: 'LandExpropriationAnnounced',
          schemaVersion: 3,
          occurredAt: '2024-06-01T09:30:00+08:00',
          payload: {
            批次: '苏园征〔2024〕12号',
            title: '苏州工业园区 唯亭街道 征收土地预公告',
            region: { code: '320571', name: '苏州工业园区', nested: { deep: [1, 'two', { three: 3 }, null, true, false] } },
            numbers: { int: 42, negative: -7, float: 0.1, big: 9007199254740991, small: 1e-7, large: 1e21, zero: 0 },
            emptyObject: {},
            emptyArray: [],
            emoji: '🏗️',
            escapes: 'quote " backslash \\ newline \n tab \t',
          },
          metadata: { agency: 'sip-zrghj', user: '张三', correlationId: uuidv7(), causationId: uuidv7(), channel: 'api' },
        });
        const result = await store.append(s, [input], { expectedVersion: 'no_stream' });
        expect(result.streamId).toBe(s);
        expect(result.duplicate).toBe(false);
        expect(result.nextExpectedVersion).toBe(1);
        expect(result.events).toHaveLength(1);

        const [recorded] = await store.readStream(s);
        expect(recorded).toBeDefined();
        const r = recorded!;
        expect(r.eventId).toBe(input.eventId);
        expect(r.type).toBe(input.type);
        expect(r.schemaVersion).toBe(3);
        expect(r.occurredAt).toBe(input.occurredAt);
        expect(r.payload).toEqual(input.payload);
        expect(r.metadata).toEqual(input.metadata);
        expect(r.streamId).toBe(s);
        expect(r.version).toBe(1);
        expect(typeof r.globalPosition).toBe('bigint');
        expect(r.globalPosition > 0n).toBe(true);
        expect(r.recordedAt).toMatch(ISO_MS_UTC);
        expect(r.prevHash).toBe(GENESIS_HASH);
        expect(r.hash).toMatch(HEX64);
        expect(r.hash).toBe(eventHash(r));

        const a = result.events[0]!;
        expect(a).toEqual({ eventId: r.eventId, version: 1, globalPosition: r.globalPosition, hash: r.hash, recordedAt: r.recordedAt });
        expect(await store.getEvent(input.eventId)).toEqual(r);
        const [fromAll] = (await store.readAll({ after: r.globalPosition - 1n, maxCount: 1 }));
        expect(fromAll).toEqual(r);
      });

      it('numbers versions 1..n across appends and reports them in streamVersion', async () => {
        const s = streamName();
        expect(await store.streamVersion(s)).toBe(0);
        const r1 = await store.append(s, events(3));
        expect(r1.nextExpectedVersion).toBe(3);
        expect(r1.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(await store.streamVersion(s)).toBe(3);
        const r2 = await store.append(s, events(2), { expectedVersion: 3 });
        expect(r2.nextExpectedVersion).toBe(5);
        expect(r2.events.map((e) => e.version)).toEqual([4, 5]);
        expect(await store.streamVersion(s)).toBe(5);
        const read = await store.readStream(s);
        expect(read.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
        expect(read.map((e) => e.payload.seq)).toEqual([1, 2, 3, 1, 2]);
        // positions increase along the stream
        for (let i = 1; i < read.length; i++) expect(read[i]!.globalPosition > read[i - 1]!.globalPosition).toBe(true);
      });

      it('stamps recordedAt as ISO UTC milliseconds, never decreasing', async () => {
        const s = streamName();
        const before = Date.now();
        for (let i = 0; i < 5; i++) await store.append(s, events(1));
        const read = await store.readStream(s);
        for (const e of read) {
          expect(e.recordedAt).toMatch(ISO_MS_UTC);
          expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
          expect(Date.parse(e.recordedAt)).toBeLessThanOrEqual(Date.now() + 1000);
        }
        for (let i = 1; i < read.length; i++) expect(read[i]!.recordedAt >= read[i - 1]!.recordedAt).toBe(true);
      });

      it('returns [] / 0 / undefined for a stream or event that does not exist', async () => {
        const s = streamName();
        expect(await store.readStream(s)).toEqual([]);
        expect(await store.readStream(s, { direction: 'backward' })).toEqual([]);
        expect(await store.streamVersion(s)).toBe(0);
        expect(await store.streamInfo(s)).toBeUndefined();
        expect(await store.getEvent(uuidv7())).toBeUndefined();
      });
    });

    describe('expected version', () => {
      it("'any' appends to new and existing streams", async () => {
        const s = streamName();
        expect((await store.append(s, events(1), { expectedVersion: 'any' })).nextExpectedVersion).toBe(1);
        expect((await store.append(s, events(1), { expectedVersion: 'any' })).nextExpectedVersion).toBe(2);
        expect((await store.append(s, events(1))).nextExpectedVersion).toBe(3); // default is 'any'
      });

      it("'no_stream' succeeds on a new stream and fails on an existing one", async () => {
        const s = streamName();
        await store.append(s, events(2), { expectedVersion: 'no_stream' });
        const e = await rejection(store.append(s, events(1), { expectedVersion: 'no_stream' }));
        expect(e).toBeInstanceOf(WrongExpectedVersionError);
        const w = e as WrongExpectedVersionError;
        expect(w.streamId).toBe(s);
        expect(w.expected).toBe('no_stream');
        expect(w.actual).toBe(2);
        expect(w.message).toContain('2');
        expect(await store.streamVersion(s)).toBe(2);
      });

      it("'stream_exists' fails on a new stream and succeeds on an existing one", async () => {
        const s = streamName();
        const e = await rejection(store.append(s, events(1), { expectedVersion: 'stream_exists' }));
        expect(e).toBeInstanceOf(WrongExpectedVersionError);
        expect((e as WrongExpectedVersionError).actual).toBe(0);
        expect(await store.streamVersion(s)).toBe(0);
        await store.append(s, events(1));
        expect((await store.append(s, events(1), { expectedVersion: 'stream_exists' })).nextExpectedVersion).toBe(2);
      });

      it('an exact version must equal the current one (0 = no stream)', async () => {
        const s = streamName();
        const e0 = await rejection(store.append(s, events(1), { expectedVersion: 1 }));
        expect(e0).toBeInstanceOf(WrongExpectedVersionError);
        expect((e0 as WrongExpectedVersionError).actual).toBe(0);
        expect((e0 as WrongExpectedVersionError).expected).toBe(1);
        await store.append(s, events(2), { expectedVersion: 0 });
        await store.append(s, events(1), { expectedVersion: 2 });
        for (const wrong of [0, 1, 2, 4, 100]) {
          const e = await rejection(store.append(s, events(1), { expectedVersion: wrong }));
          expect(e).toBeInstanceOf(WrongExpectedVersionError);
          expect((e as WrongExpectedVersionError).expected).toBe(wrong);
          expect((e as WrongExpectedVersionError).actual).toBe(3);
        }
        expect(await store.streamVersion(s)).toBe(3);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('rejects a malformed expected version', async () => {
        const s = streamName();
        for (const bad of [-1, 1.5, 'latest', '3']) {
          const e = await rejection(store.append(s, events(1), { expectedVersion: bad as never }));
          expect(e).toBeInstanceOf(EventStoreInputError);
        }
        expect(await store.streamVersion(s)).toBe(0);
      });
    });

    describe('atomicity', () => {
      it('an append that fails on its version writes none of its events', async () => {
        const s = streamName();
        await store.append(s, events(2));
        const batch = events(5);
        const head = await store.headPosition();
        await expect(store.append(s, batch, { expectedVersion: 1 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
        for (const e of batch) expect(await store.getEvent(e.eventId)).toBeUndefined();
        expect(await store.streamVersion(s)).toBe(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('an append whose last event conflicts writes none of its events', async () => {
        const s = streamName();
        const other = streamName();
        const taken = newEvent();
        await store.append(other, [taken]);
        const batch = [...events(4), taken];
        await expect(store.append(s, batch)).rejects.toBeInstanceOf(IdempotencyConflictError);
        for (const e of batch.slice(0, 4)) expect(await store.getEvent(e.eventId)).toBeUndefined();
        expect(await store.streamVersion(s)).toBe(0);
        expect(await store.readStream(s)).toEqual([]);
        // the stream is still usable and its chain starts at genesis
        await store.append(s, events(2), { expectedVersion: 'no_stream' });
        expect(verifyChain(await store.readStream(s))).toBeUndefined();
      });
    });

    describe('idempotency by eventId', () => {
      it('the same append again returns the original result, duplicate=true, and writes nothing', async () => {
        const s = streamName();
        const batch = events(3);
        const first = await store.append(s, batch, { expectedVersion: 'no_stream' });
        const head = await store.headPosition();
        const again = await store.append(s, batch, { expectedVersion: 'no_stream' });
        expect(again.duplicate).toBe(true);
        expect(again.streamId).toBe(s);
        expect(again.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(again.events).toEqual(first.events);
        const anyAgain = await store.append(s, batch, { expectedVersion: 'any' });
        expect(anyAgain).toEqual(again);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('a retry is recognised after the stream has moved on (expected version not checked)', async () => {
        const s = streamName();
        const batch = events(2);
        const first = await store.append(s, batch, { expectedVersion: 0 });
        await store.append(s, events(3));
        const again = await store.append(s, batch, { expectedVersion: 0 });
        expect(again.duplicate).toBe(true);
        expect(again.nextExpectedVersion).toBe(2);
        expect(again.events).toEqual(first.events);
        expect(await store.streamVersion(s)).toBe(5);
      });

      it('metadata other than the agency does not change an event’s identity', async () => {
        const s = streamName();
        const e = newEvent({ metadata: { agency: 'sz-zjj', correlationId: uuidv7() } });
        const first = await store.append(s, [e]);
        const retry = await store.append(s, [{ ...e, metadata: { agency: 'sz-zjj', correlationId: uuidv7() } }]);
        expect(retry.duplicate).toBe(true);
        expect(retry.events).toEqual(first.events);
      });

      it('the same eventId with a different body is an IdempotencyConflictError', async () => {
        const s = streamName();
        const e = newEvent();
        await store.append(s, [e]);
        const variants: NewEvent[] = [
          { ...e, payload: { ...e.payload, amount: 1 } },
          { ...e, type: 'ProjectRejected' },
          { ...e, schemaVersion: 2 },
          { ...e, occurredAt: '2024-05-21' },
          { ...e, metadata: { agency: 'another-agency' } },
        ];
        for (const v of variants) {
          const err = await rejection(store.append(s, [v]));
          expect(err).toBeInstanceOf(IdempotencyConflictError);
          expect((err as IdempotencyConflictError).eventId).toBe(e.eventId);
        }
        expect(await store.streamVersion(s)).toBe(1);
      });

      it('an eventId reused in another stream is an IdempotencyConflictError', async () => {
        const a = streamName();
        const b = streamName();
        const e = newEvent();
        await store.append(a, [e]);
        const err = await rejection(store.append(b, [e]));
        expect(err).toBeInstanceOf(IdempotencyConflictError);
        expect((err as IdempotencyConflictError).eventId).toBe(e.eventId);
        expect(await store.streamVersion(b)).toBe(0);
      });

      it('an append of which only some events were recorded is an IdempotencyConflictError', async () => {
        const s = streamName();
        const batch = events(3);
        await store.append(s, batch.slice(0, 2));
        const fresh = batch[2]!;
        await expect(store.append(s, batch)).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.append(s, [fresh, batch[0]!])).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.getEvent(fresh.eventId)).toBeUndefined();
        expect(await store.streamVersion(s)).toBe(2);
      });

      it('the same eventId twice in one append is an IdempotencyConflictError', async () => {
        const s = streamName();
        const e = newEvent();
        await expect(store.append(s, [e, { ...e }])).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.streamVersion(s)).toBe(0);
      });
    });

    describe('hash chain', () => {
      it('links every event to the previous one in its stream and verifies', async () => {
        const s = streamName();
        const other = streamName();
        await store.append(s, events(3));
        await store.append(other, events(2));
        await store.append(s, events(4));
        const read = await store.readStream(s);
        expect(read).toHaveLength(7);
        expect(verifyChain(read)).toBeUndefined();
        expect(read[0]!.prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < read.length; i++) expect(read[i]!.prevHash).toBe(read[i - 1]!.hash);
        for (const e of read) expect(e.hash).toBe(eventHash(e));
        expect(verifyChain(await store.readStream(other))).toBeUndefined();
        const info = await store.streamInfo(s);
        expect(info).toMatchObject({ streamId: s, version: 7, lastHash: read[6]!.hash });
      });

      it('a tampered event no longer verifies', async () => {
        const s = streamName();
        await store.append(s, events(3));
        const read = await store.readStream(s);
        const tampered = read.map((e, i) => (i === 1 ? { ...e, payload: { ...e.payload, note: '篡改' } } : e));
        expect(verifyChain(tampered)).toMatchObject({ version: 2, field: 'hash' });
      });
    });

    describe('readStream options', () => {
      it('reads forward from a version, with a maximum count', async () => {
        const s = streamName();
        await store.append(s, events(10));
        const v = async (o: Parameters<EventStore['readStream']>[1]) => (await store.readStream(s, o)).map((e) => e.version);
        expect(await v({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await v({ fromVersion: 4 })).toEqual([4, 5, 6, 7, 8, 9, 10]);
        expect(await v({ fromVersion: 4, maxCount: 3 })).toEqual([4, 5, 6]);
        expect(await v({ maxCount: 2 })).toEqual([1, 2]);
        expect(await v({ maxCount: 0 })).toEqual([]);
        expect(await v({ fromVersion: 11 })).toEqual([]);
      });

      it('reads backward from a version, with a maximum count', async () => {
        const s = streamName();
        await store.append(s, events(10));
        const v = async (o: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(s, { direction: 'backward', ...o })).map((e) => e.version);
        expect(await v({})).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        expect(await v({ maxCount: 3 })).toEqual([10, 9, 8]);
        expect(await v({ fromVersion: 5 })).toEqual([5, 4, 3, 2, 1]);
        expect(await v({ fromVersion: 5, maxCount: 2 })).toEqual([5, 4]);
        expect(await v({ fromVersion: 50, maxCount: 1 })).toEqual([10]);
      });

      it('rejects malformed read options', async () => {
        const s = streamName();
        await expect(store.readStream(s, { maxCount: -1 })).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.readStream(s, { fromVersion: 1.5 })).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.readStream(s, { direction: 'sideways' as never })).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.readAll({ after: 1 as never })).rejects.toBeInstanceOf(EventStoreInputError);
      });
    });

    describe('global log', () => {
      it('readAll returns events in commit order across streams, after a position, with a maximum count', async () => {
        const a = streamName();
        const b = streamName();
        const start = await store.headPosition();
        const e1 = newEvent();
        const e2 = newEvent();
        const e3 = newEvent();
        const e4 = newEvent();
        await store.append(a, [e1]);
        await store.append(b, [e2, e3]);
        await store.append(a, [e4]);
        const mine = (await store.readAll({ after: start })).filter((e) => e.streamId === a || e.streamId === b);
        expect(mine.map((e) => e.eventId)).toEqual([e1.eventId, e2.eventId, e3.eventId, e4.eventId]);
        for (let i = 1; i < mine.length; i++) expect(mine[i]!.globalPosition > mine[i - 1]!.globalPosition).toBe(true);
        if (contiguous) {
          expect(mine.map((e) => e.globalPosition)).toEqual([start + 1n, start + 2n, start + 3n, start + 4n]);
        }
        const page = await store.readAll({ after: mine[0]!.globalPosition, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page.every((e) => e.globalPosition > mine[0]!.globalPosition)).toBe(true);
        expect(page[0]!.globalPosition).toBe(mine[1]!.globalPosition);
        expect(await store.readAll({ after: start, maxCount: 0 })).toEqual([]);
      });

      it('headPosition is the position of the last committed event', async () => {
        const s = streamName();
        const before = await store.headPosition();
        expect(typeof before).toBe('bigint');
        const r = await store.append(s, events(3));
        const head = await store.headPosition();
        expect(head).toBe(r.events[2]!.globalPosition);
        expect(head > before).toBe(true);
        expect(await store.readAll({ after: head })).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live events, and close() ends it', async () => {
        const s = streamName();
        const start = await store.headPosition();
        const past = events(3);
        await store.append(s, past);
        const sub = store.subscribeToAll({ after: start });
        const iter = sub[Symbol.asyncIterator]();
        const caughtUp = await take(iter, 3, 'past event');
        expect(caughtUp.map((e) => e.eventId)).toEqual(past.map((e) => e.eventId));

        const pending = take(iter, 2, 'live event'); // waiting before the append
        const live = events(2);
        await store.append(s, live);
        expect((await pending).map((e) => e.eventId)).toEqual(live.map((e) => e.eventId));
        expect((await pending)[0]!.version).toBe(4);

        const waiting = iter.next();
        await sub.close();
        expect(await withTimeout(waiting, 2000, 'the end of the subscription')).toEqual({ done: true, value: undefined });
        expect(await iter.next()).toMatchObject({ done: true });
      });

      it('resumes strictly after a given position and works with for await', async () => {
        const s = streamName();
        const r = await store.append(s, events(5));
        const after = r.events[1]!.globalPosition;
        const sub = store.subscribeToAll({ after });
        const got: RecordedEvent[] = [];
        const consumer = (async () => {
          for await (const e of sub) {
            if (e.streamId !== s) continue;
            got.push(e);
            if (got.length === 4) break; // break closes the subscription
          }
        })();
        await store.append(s, events(1));
        await withTimeout(consumer, 5000, 'for-await consumer');
        expect(got.map((e) => e.version)).toEqual([3, 4, 5, 6]);
      });

      it('delivers events of concurrent appends in global order without gaps or repeats', async () => {
        const start = await store.headPosition();
        const sub = store.subscribeToAll({ after: start });
        const iter = sub[Symbol.asyncIterator]();
        const streams = Array.from({ length: 20 }, () => streamName());
        await Promise.all(streams.map((s) => store.append(s, events(2))));
        const got = (await take(iter, 40, 'event')).filter((e) => streams.includes(e.streamId));
        await sub.close();
        expect(new Set(got.map((e) => e.eventId)).size).toBe(got.length);
        for (let i = 1; i < got.length; i++) expect(got[i]!.globalPosition > got[i - 1]!.globalPosition).toBe(true);
      });
    });

    describe('stream metadata', () => {
      it('is empty by default, can be set and replaced, and is not an event', async () => {
        const s = streamName();
        expect(await store.getStreamMetadata(s)).toEqual({});
        const head = await store.headPosition();
        await store.setStreamMetadata(s, { title: '苏州市轨道交通6号线', retention: { years: 30 } });
        expect(await store.getStreamMetadata(s)).toEqual({ title: '苏州市轨道交通6号线', retention: { years: 30 } });
        // setting metadata on a stream without events creates no event and no stream version
        expect(await store.headPosition()).toBe(head);
        expect(await store.streamVersion(s)).toBe(0);
        expect(await store.readStream(s)).toEqual([]);
        await store.append(s, events(2), { expectedVersion: 'no_stream' });
        await store.setStreamMetadata(s, { title: 'renamed' });
        expect(await store.getStreamMetadata(s)).toEqual({ title: 'renamed' });
        const info = await store.streamInfo(s);
        expect(info).toMatchObject({ streamId: s, version: 2, metadata: { title: 'renamed' } });
        expect(verifyChain(await store.readStream(s))).toBeUndefined();
      });
    });

    describe('concurrency', () => {
      it('two concurrent writers with the same expected version: exactly one wins', async () => {
        const s = streamName();
        await store.append(s, events(1));
        const results = await Promise.allSettled([
          store.append(s, events(2), { expectedVersion: 1 }),
          store.append(s, events(2), { expectedVersion: 1 }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect((lost[0]!.reason as WrongExpectedVersionError).actual).toBe(3);
        expect(await store.streamVersion(s)).toBe(3);
        expect(verifyChain(await store.readStream(s))).toBeUndefined();
      });

      it('many concurrent appends to different streams all succeed with unique, ordered positions', async () => {
        const start = await store.headPosition();
        const streams = Array.from({ length: 200 }, () => streamName('tender'));
        const results = await Promise.all(streams.map((s) => store.append(s, events(1), { expectedVersion: 'no_stream' })));
        const positions = results.map((r) => r.events[0]!.globalPosition).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        expect(new Set(positions).size).toBe(200);
        expect(positions[0]! > start).toBe(true);
        if (contiguous) {
          expect(positions).toEqual(Array.from({ length: 200 }, (_, i) => start + BigInt(i + 1)));
          expect(await store.headPosition()).toBe(start + 200n);
        }
        for (const s of streams.slice(0, 10)) expect(await store.streamVersion(s)).toBe(1);
      });

      it('concurrent appends to one stream with any version form one linear chain', async () => {
        const s = streamName();
        const results = await Promise.all(Array.from({ length: 50 }, () => store.append(s, events(2))));
        const versions = results.flatMap((r) => r.events.map((e) => e.version)).sort((a, b) => a - b);
        expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        const read = await store.readStream(s);
        expect(read).toHaveLength(100);
        expect(verifyChain(read)).toBeUndefined();
      });
    });

    describe('input validation (nothing is written)', () => {
      it('rejects an empty append, a bad stream id and malformed events', async () => {
        const s = streamName();
        const bad: Array<[string, unknown[]]> = [
          [s, []],
          ['', events(1)],
          ['$system', events(1)],
          [s, [newEvent({ eventId: 'not-a-uuid' })]],
          [s, [newEvent({ eventId: uuidv7().toUpperCase() })]],
          [s, [newEvent({ type: '' })]],
          [s, [newEvent({ schemaVersion: 0 })]],
          [s, [newEvent({ occurredAt: 'yesterday' })]],
          [s, [newEvent({ payload: { n: Number.NaN } })]],
          [s, [newEvent({ payload: { n: Number.POSITIVE_INFINITY } })]],
          [s, [newEvent({ payload: { when: new Date() } as never })]],
          [s, [newEvent({ payload: { n: 10n } as never })]],
          [s, [newEvent({ payload: [1, 2] as never })]],
          [s, [newEvent({ metadata: { user: 'x' } as never })]],
          [s, [null]],
        ];
        for (const [streamId, evs] of bad) {
          const e = await rejection(store.append(streamId, evs as NewEvent[]));
          expect(e, JSON.stringify(streamId)).toBeInstanceOf(EventStoreInputError);
        }
        expect(await store.streamVersion(s)).toBe(0);
        await expect(store.append(undefined as never, events(1))).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.append(s, undefined as never)).rejects.toBeInstanceOf(EventStoreInputError);
      });
    });

    describe('close', () => {
      it('rejects operations after close with StoreUnavailableError, and close is idempotent', async () => {
        const s = streamName();
        const pending = store.append(s, events(1));
        await store.close();
        // what was queued before close() is committed, not dropped
        expect((await pending).nextExpectedVersion).toBe(1);
        await expect(store.append(s, events(1))).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StoreUnavailableError);
        await store.close();
      });
    });
  });
}
