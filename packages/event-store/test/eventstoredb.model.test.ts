// The EventStoreDB adapter's own logic, on an in-memory model of the server (eventstoredb.model.ts):
// the whole contract suite, plus the failure cases the eventId index exists for. The real server
// runs the same contract in eventstoredb.contract.test.ts when EVENTSTORE_URL is set.
import { describe, expect, it } from 'vitest';
import { UnavailableError, type EventStoreDBClient } from '@eventstore/db-client';
import { verifyChain } from '@gongkai/integrity';
import { eventStoreContract } from '@gongkai/event-store/contract';
import { EventStoreInputError, IdempotencyConflictError, StoreUnavailableError, type RecordedEvent } from '../src/index.ts';
import { EventStoreDbEventStore } from '../src/eventstoredb/index.ts';
import { EVENT_ID_INDEX_PREFIX, RECORDED_TYPE, RESERVED_TYPE } from '../src/eventstoredb/mapping.ts';
import { EsdbServerModel } from './eventstoredb.model.ts';
import { batch, newEvent } from './helpers.ts';

function storeOn(server: EsdbServerModel): EventStoreDbEventStore {
  return new EventStoreDbEventStore({ client: server.client() as unknown as EventStoreDBClient, pageSize: 50, resubscribeBackoffMs: { initial: 5, max: 20 } });
}

// One server for the whole suite, as the real contract run shares one: tests must not assume an empty store.
const shared = new EsdbServerModel();
eventStoreContract(
  'eventstoredb adapter on the in-memory server model',
  async () => {
    const store = storeOn(shared);
    return { store, cleanup: () => store.close() };
  },
  { contiguousPositions: false },
);

const ledgerTypes = (server: EsdbServerModel) => server.log.filter((e) => !e.streamId.startsWith('$') && !e.streamId.startsWith(EVENT_ID_INDEX_PREFIX));

describe('eventstoredb adapter on the model: mapping onto the server', () => {
  it('writes version v at revision v − 1, keeps the envelope in ESDB metadata, and positions are commit positions', async () => {
    const server = new EsdbServerModel();
    const store = storeOn(server);
    const r = await store.append('project-a', batch(3), { expectedVersion: 'no_stream' });
    const stored = ledgerTypes(server);
    expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(r.events.map((e) => e.globalPosition)).toEqual(stored.map((e) => e.position.commit));
    expect(stored[0]!.metadata).toMatchObject({ gongkai: 1, prevHash: '0'.repeat(64), hash: r.events[0]!.hash, recordedAt: r.events[0]!.recordedAt });
    expect(stored.map((e) => e.id)).toEqual(r.events.map((e) => e.eventId)); // ESDB event id = eventId
    // one index stream per event: reservation, then where it was recorded
    const index = server.log.filter((e) => e.streamId === `${EVENT_ID_INDEX_PREFIX}${r.events[1]!.eventId}`);
    expect(index.map((e) => [e.type, e.data])).toEqual([
      [RESERVED_TYPE, expect.objectContaining({ streamId: 'project-a', afterVersion: 0 })],
      [RECORDED_TYPE, { version: 2 }],
    ]);
    await store.close();
  });

  it('readAll and headPosition skip system events, $metadata and the index across page boundaries', async () => {
    const server = new EsdbServerModel();
    const store = storeOn(server); // page size 50
    for (let i = 0; i < 30; i++) {
      await store.append(`s-${i % 4}`, batch(2));
      await store.setStreamMetadata(`s-${i % 4}`, { i });
    }
    expect(server.log.length).toBeGreaterThan(180); // 60 events, 120 index records, 30 $metadata, stats
    const all = await store.readAll();
    expect(all).toHaveLength(60);
    expect(all.every((e) => !e.streamId.startsWith('$') && !e.streamId.startsWith(EVENT_ID_INDEX_PREFIX))).toBe(true);
    expect(await store.headPosition()).toBe(all[59]!.globalPosition);
    const page = await store.readAll({ after: all[10]!.globalPosition, maxCount: 25 });
    expect(page.map((e) => e.eventId)).toEqual(all.slice(11, 36).map((e) => e.eventId));
    await store.close();
  });

  it('refuses stream ids of the index namespace and $-types, which ESDB reserves', async () => {
    const store = storeOn(new EsdbServerModel());
    await expect(store.append(`${EVENT_ID_INDEX_PREFIX}x`, batch(1))).rejects.toBeInstanceOf(EventStoreInputError);
    await expect(store.append('s', [newEvent({ type: '$metadata' })])).rejects.toBeInstanceOf(EventStoreInputError);
    await store.close();
  });
});

describe('eventstoredb adapter on the model: idempotency across failures', () => {
  it('the connection fails after the reservation, before the events: the retry writes them exactly once', async () => {
    const server = new EsdbServerModel();
    const store = storeOn(server);
    const events = batch(3);
    server.appendHook = (stream, _e, phase) => (stream === 'p' && phase === 'before' ? new UnavailableError(undefined, 'model: down') : undefined);
    const err = await store.append('p', events).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/retrying with the same eventIds is safe/);
    expect(await store.getEvent(events[0]!.eventId)).toBeUndefined(); // reserved, not recorded
    server.appendHook = undefined;
    const r = await store.append('p', events);
    expect(r.duplicate).toBe(false);
    const again = await store.append('p', events);
    expect(again).toEqual({ ...r, duplicate: true });
    expect(await store.readStream('p')).toHaveLength(3);
    await store.close();
  });

  it('the connection fails after the events, before the pointers: the retry finds them (duplicate) and repairs the index', async () => {
    const server = new EsdbServerModel();
    const store = storeOn(server);
    await store.append('p', batch(2)); // the stream has moved before this append
    const events = batch(2);
    server.appendHook = (stream, _e, phase) => (stream === 'p' && phase === 'after' ? new UnavailableError(undefined, 'model: reply lost') : undefined);
    await expect(store.append('p', events)).rejects.toBeInstanceOf(StoreUnavailableError); // written, but unacknowledged
    server.appendHook = undefined;
    // no pointer was written, yet the event is found by scanning the stream after the reservation
    expect((await store.getEvent(events[0]!.eventId))?.version).toBe(3);
    await store.append('p', batch(1)); // and more events follow
    const retry = await store.append('p', events, { expectedVersion: 2 });
    expect(retry.duplicate).toBe(true);
    expect(retry.events.map((e) => e.version)).toEqual([3, 4]);
    expect(await store.readStream('p')).toHaveLength(5);
    expect(verifyChain(await store.readStream('p'))).toBeUndefined();
    const pointers = server.log.filter((e) => e.streamId === `${EVENT_ID_INDEX_PREFIX}${events[0]!.eventId}` && e.type === RECORDED_TYPE);
    expect(pointers.map((p) => p.data)).toEqual([{ version: 3 }]); // repaired by the first lookup
    expect((await store.getEvent(events[1]!.eventId))?.version).toBe(4);
    await store.close();
  });

  it('two processes posting the same events at once record them once; another stream cannot take the ids', async () => {
    const server = new EsdbServerModel();
    const a = storeOn(server);
    const b = storeOn(server);
    const events = batch(3);
    const results = await Promise.all([a.append('p', events), b.append('p', events), a.append('p', batch(1)), b.append('p', batch(1))]);
    expect(results.filter((r, i) => i < 2 && !r.duplicate)).toHaveLength(1);
    expect(results[0]!.events).toEqual(results[1]!.events);
    const read = await a.readStream('p');
    expect(read).toHaveLength(5);
    expect(new Set(read.map((e) => e.eventId)).size).toBe(5);
    expect(verifyChain(read)).toBeUndefined();
    await expect(b.append('q', [events[0]!])).rejects.toBeInstanceOf(IdempotencyConflictError);
    await Promise.all([a.close(), b.close()]);
  });

  it('writers in two processes on one stream with "any" form one chain (the loser re-hashes on the new head)', async () => {
    const server = new EsdbServerModel();
    const stores = [storeOn(server), storeOn(server), storeOn(server)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.append('hot', batch(2))));
    const read = await stores[0]!.readStream('hot');
    expect(read.map((e) => e.version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(verifyChain(read)).toBeUndefined();
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe('eventstoredb adapter on the model: subscriptions', () => {
  it('resubscribe after a dropped connection from the last delivered event: no gap, no repeat', async () => {
    const server = new EsdbServerModel();
    const store = storeOn(server);
    await store.append('s', batch(3));
    const sub = store.subscribeToAll();
    const got: RecordedEvent[] = [];
    const consumer = (async () => {
      for await (const e of sub) {
        got.push(e);
        if (got.length === 3) server.dropSubscriptions(); // drop mid-stream
        if (got.length === 8) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 30));
    await store.append('s', batch(3));
    server.dropSubscriptions();
    await store.append('t', batch(2));
    await consumer;
    expect(got.map((e) => `${e.streamId}:${e.version}`)).toEqual(['s:1', 's:2', 's:3', 's:4', 's:5', 's:6', 't:1', 't:2']);
    for (let i = 1; i < got.length; i++) expect(got[i]!.globalPosition > got[i - 1]!.globalPosition).toBe(true);
    await store.close();
  });
});
