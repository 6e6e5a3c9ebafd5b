// Rebuild: projects the whole ledger from position 0 into a fresh SQLite file beside read.db, then
// renames it over read.db — an atomic switch: readers see the old read model or the new one, never
// a half-built one. A host running meanwhile keeps serving the old file and reopens the new one on
// its next batch or tick (see SqliteReadStore.reopenIfReplaced), continuing from its checkpoint.
//
// Throughput: the log is read in large pages; the new file is a bulk load (no WAL, no syncs,
// exclusive lock; secondary and full-text indexes built in one pass at the end); record ids the
// rebuild never created are known to be absent and not looked up. (A variant writing on a worker
// thread was measured and dropped: cloning the records to the other thread cost as much as the
// writes it moved.) Events appended while the rebuild runs are picked up: it reads until the log is
// exhausted, and anything later is projected by the host.
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { openSqliteReadStore, type SqliteReadStore } from '@gongkai/read-store';
import { DisclosureProjection } from './projection.ts';

export type RebuildPhase = 'projecting' | 'indexes' | 'search-index' | 'analyze' | 'switching' | 'done';

export interface RebuildProgress {
  phase: RebuildPhase;
  /** global position projected so far */
  position: bigint;
  /** head of the log when last read */
  head: bigint;
  events: number;
  elapsedMs: number;
}

export interface RebuildOptions {
  store: EventStore;
  /** folder holding read.db (default target `<dataDir>/read.db`) */
  dataDir?: string;
  /** the read model file to replace (overrides dataDir) */
  readStorePath?: string;
  onProgress?: (p: RebuildProgress) => void;
  /** events per page and batch (default 5000) */
  batchSize?: number;
  /** records cached in memory while rebuilding (default 20000: a larger cache costs more in GC than the look-ups it saves) */
  cacheSize?: number;
}

export interface RebuildResult {
  path: string;
  position: bigint;
  events: number;
  records: number;
  seconds: number;
  eventsPerSecond: number;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported on every platform; the rename itself is atomic
  }
}

export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const { store } = options;
  const target = options.readStorePath ?? (options.dataDir !== undefined ? join(options.dataDir, 'read.db') : undefined);
  if (!target) throw new Error('rebuildReadModels: give dataDir or readStorePath');
  const tmp = `${target}.rebuild-${process.pid}`;
  const removeTmp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true });
  };
  removeTmp();
  const batchSize = Math.max(1, options.batchSize ?? 5000);
  const started = Date.now();
  let position = 0n;
  let events = 0;
  let head = await store.headPosition();
  const progress = (phase: RebuildPhase) => options.onProgress?.({ phase, position, head, events, elapsedMs: Date.now() - started });
  let rs: SqliteReadStore | undefined;
  try {
    rs = openSqliteReadStore({ path: tmp, bulkLoad: true, deferSearchIndex: true, replacementCheckMs: 0, cacheSizeKiB: 262_144 });
    const projection = new DisclosureProjection({
      source: rs,
      lookupEvent: (id) => store.getEvent(id),
      cacheSize: options.cacheSize ?? 20_000,
      startsEmpty: true,
    });
    progress('projecting');
    let page: RecordedEvent[] = await store.readAll({ after: position, maxCount: batchSize });
    while (page.length > 0) {
      const to = page[page.length - 1]!.globalPosition;
      const { changes } = await projection.project(page);
      rs.applyBatchSync(changes, { from: position, to, events: page.length });
      projection.commit();
      position = to;
      events += page.length;
      if (position > head) head = position;
      progress('projecting');
      page = await store.readAll({ after: position, maxCount: batchSize });
      if (page.length === 0) head = await store.headPosition();
    }
    const records = (await rs.stats()).records;
    rs.finalize((phase) => {
      if (phase === 'indexes' || phase === 'search-index' || phase === 'analyze') progress(phase);
    });
    rs = undefined;
    progress('switching');
    renameSync(tmp, target);
    fsyncDir(dirname(target));
    const seconds = (Date.now() - started) / 1000;
    progress('done');
    return { path: target, position, events, records, seconds, eventsPerSecond: seconds > 0 ? events / seconds : events };
  } catch (e) {
    await rs?.close().catch(() => undefined);
    removeTmp();
    throw e;
  }
}
