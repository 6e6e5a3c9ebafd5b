// SQLite-specific behaviour: what is on disk, group commit, failures, reopening, two connections.
import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson, eventCanonicalBytes, sha256Hex, verifyChain } from '@gongkai/integrity';
import {
  openSqliteEventStore,
  StoreUnavailableError,
  WrongExpectedVersionError,
  type AppendResult,
  type SqliteEventStore,
} from '../src/index.ts';
import { batch, compareBigint, newEvent, tempDir } from './helpers.ts';

interface RawRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  metadata: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setup(options: Partial<Parameters<typeof openSqliteEventStore>[0]> = {}) {
  const tmp = tempDir();
  const path = tmp.file();
  const stores: SqliteEventStore[] = [];
  const open = (extra: Partial<Parameters<typeof openSqliteEventStore>[0]> = {}) => {
    const s = openSqliteEventStore({ path, ...options, ...extra });
    stores.push(s);
    return s;
  };
  cleanups.push(async () => {
    for (const s of stores) await s.close();
    tmp.remove();
  });
  return { path, open };
}

function rawRows(path: string): RawRow[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT * FROM events ORDER BY global_position').all() as RawRow[];
  } finally {
    raw.close();
  }
}

function verifyFile(path: string): RawRow[] {
  const rows = rawRows(path);
  rows.forEach((r, i) => expect(r.global_position).toBe(i + 1));
  const byStream = new Map<string, RawRow[]>();
  for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), r]);
  for (const events of byStream.values()) {
    const chain = events.map((r) => ({
      streamId: r.stream_id, version: r.version, eventId: r.event_id, type: r.type, schemaVersion: r.schema_version,
      occurredAt: r.occurred_at, recordedAt: r.recorded_at, metadata: JSON.parse(r.metadata), payload: JSON.parse(r.payload),
      prevHash: r.prev_hash, hash: r.hash,
    }));
    expect(verifyChain(chain)).toBeUndefined();
  }
  return rows;
}

describe('SQLite event store: what is on disk', () => {
  it('stores canonical JSON whose bytes re-hash to the stored hash (read with a separate connection)', async () => {
    const { path, open } = setup();
    const store = open();
    const s = 'project-2019-320500-48-01-512345';
    await store.append(s, [
      newEvent({ payload: { 名称: '苏州市轨道交通6号线工程', 金额: 1.5e9, z: 1, a: { y: [3, 2, 1], b: null } } }),
      newEvent({ metadata: { user: '李四', agency: 'sz-fgw', correlationId: 'c-1' } }),
    ]);
    await store.append(s, batch(3));
    const rows = rawRows(path);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      const metadata = JSON.parse(r.metadata) as Record<string, unknown> & { agency: string };
      // the stored text is already canonical
      expect(r.payload).toBe(canonicalJson(payload));
      expect(r.metadata).toBe(canonicalJson(metadata));
      const bytes = eventCanonicalBytes({
        streamId: r.stream_id, version: r.version, eventId: r.event_id, type: r.type, schemaVersion: r.schema_version,
        occurredAt: r.occurred_at, recordedAt: r.recorded_at, metadata, payload, prevHash: r.prev_hash,
      });
      expect(sha256Hex(bytes)).toBe(r.hash);
    }
    verifyFile(path);
    const raw = new Database(path, { readonly: true });
    const streamRow = raw.prepare('SELECT * FROM streams WHERE stream_id = ?').get(s) as { version: number; last_hash: string };
    expect(streamRow.version).toBe(5);
    expect(streamRow.last_hash).toBe(rows[4]!.hash);
    raw.close();
  });

  it('runs in WAL mode with synchronous=FULL and records its schema version', () => {
    const { open } = setup();
    const d = open().diagnostics();
    expect(d.journalMode).toBe('wal');
    expect(d.synchronous).toBe('FULL');
    expect(d.schemaVersion).toBe(1);
  });

  it('refuses a file whose schema is newer than this build', async () => {
    const { path, open } = setup();
    await open().close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')").run();
    raw.close();
    expect(() => open()).toThrow(/schema version 99 is newer/);
  });

  it('keeps everything across close and reopen, and continues chains and positions', async () => {
    const { path, open } = setup();
    const a = open();
    await a.append('s-1', batch(3));
    await a.append('s-2', batch(2));
    await a.setStreamMetadata('s-1', { title: '保留' });
    const before = await a.readAll();
    await a.close();

    const b = open();
    expect(await b.readAll()).toEqual(before);
    expect(await b.streamVersion('s-1')).toBe(3);
    expect(await b.getStreamMetadata('s-1')).toEqual({ title: '保留' });
    const r = await b.append('s-1', batch(1), { expectedVersion: 3 });
    expect(r.events[0]).toMatchObject({ version: 4, globalPosition: 6n });
    const s1 = await b.readStream('s-1');
    expect(s1[3]!.prevHash).toBe(s1[2]!.hash);
    expect(s1[3]!.recordedAt >= s1[2]!.recordedAt).toBe(true);
    await b.close();
    verifyFile(path);
  });

  it('recordedAt never goes backwards even when the clock does', async () => {
    const { open } = setup();
    const store = open();
    const first = await store.append('s', batch(1));
    const spy = vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2001-01-01T00:00:00Z'));
    try {
      const second = await store.append('s', batch(1));
      expect(second.events[0]!.recordedAt).toBe(first.events[0]!.recordedAt);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('SQLite event store: group commit', () => {
  it('commits 500 concurrent appends in a few transactions and acknowledges all of them', async () => {
    const { path, open } = setup();
    const store = open();
    const before = store.stats();
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => store.append(`tender-${i % 50}`, batch(2))));
    const after = store.stats();
    expect(results).toHaveLength(500);
    expect(after.appends - before.appends).toBe(500);
    expect(after.events - before.events).toBe(1000);
    expect(after.commits - before.commits).toBeLessThanOrEqual(2);
    expect(after.largestGroup).toBeGreaterThanOrEqual(250);
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition)).sort(compareBigint);
    expect(positions).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(i + 1)));
    expect(verifyFile(path)).toHaveLength(1000);
  });

  it('respects the group size cap', async () => {
    const { open } = setup({ groupCommit: { maxAppends: 100 } });
    const store = open();
    await Promise.all(Array.from({ length: 450 }, (_, i) => store.append(`s-${i}`, batch(1))));
    expect(store.stats().commits).toBe(5);
    expect(store.stats().largestGroup).toBe(100);
  });

  it('a failing append in a group rolls back only itself', async () => {
    const { path, open } = setup();
    const store = open();
    await store.append('s-conflict', batch(1));
    const commits = store.stats().commits;
    const bad = batch(3);
    const settled = await Promise.allSettled([
      store.append('s-a', batch(3)),
      store.append('s-conflict', bad, { expectedVersion: 0 }), // wrong: stream is at 1
      store.append('s-b', batch(3)),
      store.append('s-conflict', batch(2), { expectedVersion: 1 }),
    ]);
    expect(store.stats().commits - commits).toBe(1); // one transaction for all four
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    for (const e of bad) expect(await store.getEvent(e.eventId)).toBeUndefined();
    expect(await store.streamVersion('s-conflict')).toBe(3);
    expect(verifyFile(path)).toHaveLength(1 + 3 + 3 + 2);
  });

  it('acknowledges only after COMMIT: another connection already sees the events', async () => {
    const { path, open } = setup();
    const store = open();
    const raw = new Database(path, { readonly: true });
    cleanups.push(() => void raw.close());
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(`s-${i}`, batch(5)).then((r: AppendResult) => {
          const n = raw.prepare('SELECT count(*) FROM events WHERE event_id IN (SELECT value FROM json_each(?))').pluck()
            .get(JSON.stringify(r.events.map((e) => e.eventId))) as number;
          seen.push(n);
        }),
      ),
    );
    expect(seen).toEqual(Array(20).fill(5));
  });

  it('keeps stream heads right when the head cache is smaller than the working set', async () => {
    const { path, open } = setup({ streamCacheSize: 2 });
    const store = open();
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 5 }, (_, i) => store.append(`s-${i}`, batch(2), { expectedVersion: round * 2 })));
    }
    for (let i = 0; i < 5; i++) expect(await store.streamVersion(`s-${i}`)).toBe(8);
    verifyFile(path);
  });
});

describe('SQLite event store: failures', () => {
  it('a store opened read-only rejects appends with StoreUnavailableError and keeps reading', async () => {
    const { path, open } = setup();
    const w = open();
    await w.append('s', batch(2));
    await w.close();
    const ro = open({ readonly: true });
    const err = await ro.append('s', batch(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/read-only/);
    expect((err as Error).message).toMatch(/nothing was written/);
    await expect(ro.setStreamMetadata('s', { a: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await ro.readStream('s')).toHaveLength(2);
    expect(await ro.streamVersion('s')).toBe(2);
    expect(rawRows(path)).toHaveLength(2);
  });

  it.skipIf(process.getuid?.() === 0)('a file without write permission gives StoreUnavailableError', async () => {
    const { path, open } = setup();
    const w = open();
    await w.append('s', batch(2));
    await w.close();
    chmodSync(path, 0o444);
    try {
      const ro = open();
      const err = await ro.append('s', batch(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toMatch(/read-only/);
      expect(rawRows(path)).toHaveLength(2);
    } finally {
      chmodSync(path, 0o644);
    }
  });

  it('a full database rejects the whole group with StoreUnavailableError, writes nothing of it, and recovers', async () => {
    const { path, open } = setup();
    const first = open();
    await first.append('s-0', batch(1));
    const { pageCount, pageSize } = first.diagnostics();
    await first.close();

    // allow ~40 more pages, then fill them with concurrent appends of big events
    const store = open({ maxSizeBytes: (pageCount + 40) * pageSize });
    const acked: AppendResult[] = [];
    let failure: unknown;
    let failedGroup: string[] = [];
    for (let round = 0; round < 50 && !failure; round++) {
      const appends = Array.from({ length: 4 }, (_, i) => ({ stream: `s-${i}`, events: batch(5, { filler: 'x'.repeat(2000) }) }));
      const settled = await Promise.allSettled(appends.map((a) => store.append(a.stream, a.events)));
      for (const s of settled) if (s.status === 'fulfilled') acked.push(s.value);
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected.length > 0) {
        failure = rejected[0]!.reason;
        // a disk failure fails the whole group, not just one append of it
        expect(rejected).toHaveLength(4);
        failedGroup = appends.flatMap((a) => a.events.map((e) => e.eventId));
      }
    }
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as Error).message).toMatch(/full/);
    expect((failure as Error).message).toMatch(/SQLITE_FULL/);
    expect(acked.length).toBeGreaterThan(0);
    expect(store.stats().failedCommits).toBe(1);

    // the store is still consistent: reads work and small writes that fit may go on failing cleanly
    const rows = verifyFile(path);
    const ids = new Set(rows.map((r) => r.event_id));
    for (const id of failedGroup) expect(ids.has(id)).toBe(false);
    for (const r of acked) for (const e of r.events) expect(ids.has(e.eventId)).toBe(true);
    expect(rows).toHaveLength(1 + acked.length * 5);
    await store.close();

    // with room again, appends continue the chains
    const again = open();
    for (let i = 0; i < 4; i++) await again.append(`s-${i}`, batch(1));
    verifyFile(path);
  });

  it('rejects everything after close, and close commits what was queued', async () => {
    const { path, open } = setup();
    const store = open();
    const queued = [store.append('s', batch(2)), store.append('t', batch(2))];
    await store.close();
    await Promise.all(queued);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(() => store.subscribeToAll()).toThrow(StoreUnavailableError);
    expect(rawRows(path)).toHaveLength(4);
  });
});

describe('SQLite event store: two connections on one file', () => {
  it('sees the other writer’s commits: versions, chains and positions stay right', async () => {
    const { path, open } = setup();
    const a = open();
    const b = open();
    await a.append('shared', batch(2), { expectedVersion: 'no_stream' });
    await b.append('shared', batch(1), { expectedVersion: 2 });
    // a's cached head (version 2) is stale; the data_version check must catch it
    await expect(a.append('shared', batch(1), { expectedVersion: 2 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const r = await a.append('shared', batch(1), { expectedVersion: 3 });
    expect(r.events[0]).toMatchObject({ version: 4, globalPosition: 4n });
    await b.append('other', batch(1));
    const r2 = await a.append('shared', batch(1));
    expect(r2.events[0]).toMatchObject({ version: 5, globalPosition: 6n });
    expect(verifyFile(path)).toHaveLength(6);
  });

  it('two connections racing on one stream: each expected version is granted once', async () => {
    const { path, open } = setup();
    const a = open();
    const b = open();
    await a.append('race', batch(1));
    let wins = 0;
    let losses = 0;
    for (let v = 1; v <= 20; v++) {
      const settled = await Promise.allSettled([
        a.append('race', batch(1), { expectedVersion: v }),
        b.append('race', batch(1), { expectedVersion: v }),
      ]);
      for (const s of settled) {
        if (s.status === 'fulfilled') wins++;
        else {
          expect(s.reason).toBeInstanceOf(WrongExpectedVersionError);
          losses++;
        }
      }
    }
    expect(wins).toBe(20);
    expect(losses).toBe(20);
    expect(await a.streamVersion('race')).toBe(21);
    expect(verifyFile(path)).toHaveLength(21);
  });

  it('a subscription sees commits made through another connection (polling)', async () => {
    const { open } = setup({ subscriptions: { pollIntervalMs: 50 } });
    const a = open();
    const b = open();
    const sub = a.subscribeToAll();
    const iter = sub[Symbol.asyncIterator]();
    const next = iter.next();
    await b.append('elsewhere', batch(1));
    const got = await next;
    expect(got.done).toBe(false);
    expect(got.value?.streamId).toBe('elsewhere');
    await sub.close();
  });
});
