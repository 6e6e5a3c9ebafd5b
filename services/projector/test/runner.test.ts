// The projection runner and the rebuild, over a real SQLite ledger and read store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from '@gongkai/event-store';
import { createMetrics } from '@gongkai/platform';
import { openSqliteReadStore, type ReadModelDump } from '@gongkai/read-store';
import { syntheticReplica } from '../src/synthetic.ts';
import { rebuildReadModels, startProjector, type RebuildProgress } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'gongkai-projector-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let store: SqliteEventStore;
let n = 0;
beforeEach(() => {
  n++;
  dir = mkdtempSync(join(root, 't-'));
  store = openSqliteEventStore({ path: join(dir, 'ledger.db'), subscriptions: { pollIntervalMs: 20 } });
});
afterEach(async () => {
  await store.close();
});

async function append(replicas: number[]): Promise<bigint> {
  await Promise.all(replicas.flatMap((k) => syntheticReplica(k).map((a) => store.append(a.streamId, a.events))));
  return store.headPosition();
}

async function dumpOf(path: string): Promise<ReadModelDump> {
  const rs = openSqliteReadStore({ path });
  try {
    return await rs.dump();
  } finally {
    await rs.close();
  }
}

describe('projection runner', () => {
  it('catches up from the log, then applies live events, and reports lag', async () => {
    const metrics = createMetrics();
    const head = await append([0, 1]);
    const projector = await startProjector({ store, readStorePath: join(dir, 'read.db'), metrics, batchSize: 50, tickMs: 50 });
    try {
      await projector.waitFor(head);
      expect(projector.checkpoint()).toBe(head);
      expect(projector.lag()).toBe(0);
      expect(projector.caughtUp()).toBe(true);
      expect((await projector.readiness()).ok).toBe(true);
      const next = await append([2]);
      await projector.waitFor(next);
      expect((await projector.readStore.stats()).eventsProjected).toBe(Number(next));
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/gongkai_projection_lag_events 0/);
      expect(text).toMatch(new RegExp(`gongkai_projection_checkpoint ${next}`));
      expect(text).toMatch(new RegExp(`gongkai_projection_events_total ${next}`));
    } finally {
      await projector.close();
    }
  });

  it('is not ready while far behind', async () => {
    const head = await append([0, 1, 2, 3]);
    const projector = await startProjector({ store, readStorePath: join(dir, 'read.db'), batchSize: 5, readyLag: 10, tickMs: 50 });
    try {
      const first = await projector.readiness();
      expect(first.ok).toBe(false);
      expect(first.detail).toMatchObject({ head: head.toString(), readyLag: 10 });
      await projector.waitFor(head, 20_000);
      expect((await projector.readiness()).ok).toBe(true);
    } finally {
      await projector.close();
    }
  });

  it('a rebuild from zero equals the incremental read model', async () => {
    await append([0, 1, 2]);
    // incremental: small batches, a small cache, and events arriving while it runs
    const projector = await startProjector({ store, readStorePath: join(dir, 'read.db'), batchSize: 7, cacheSize: 5, tickMs: 50 });
    const head = await append([3, 4]);
    await projector.waitFor(head, 20_000);
    await projector.close();
    const incremental = await dumpOf(join(dir, 'read.db'));

    const progress: RebuildProgress[] = [];
    const other = mkdtempSync(join(root, 'rebuild-'));
    const result = await rebuildReadModels({ store, dataDir: other, batchSize: 100, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ events: Number(head), position: head, records: incremental.records.length });
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['projecting', 'search-index', 'switching', 'done']));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', position: head, events: Number(head) });
    const rebuilt = await dumpOf(join(other, 'read.db'));
    expect(rebuilt).toEqual(incremental);
  });

  it('switches a running projector to a rebuilt file and keeps projecting into it', async () => {
    const path = join(dir, 'read.db');
    const h1 = await append([0]);
    const projector = await startProjector({ store, readStorePath: path, batchSize: 20, tickMs: 20 });
    await projector.waitFor(h1);
    await append([1]);
    await rebuildReadModels({ store, dataDir: dir });
    const h3 = await append([2]);
    await projector.waitFor(h3, 20_000);
    // queries through the projector's store see the rebuilt file plus what came after
    expect((await projector.readStore.stats()).eventsProjected).toBe(Number(h3));
    await projector.close();
    const live = await dumpOf(path);
    const other = mkdtempSync(join(root, 'fresh-'));
    await rebuildReadModels({ store, dataDir: other });
    expect(live).toEqual(await dumpOf(join(other, 'read.db')));
  });
});
