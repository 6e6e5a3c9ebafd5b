// A disk that refuses writes at commit time, for real: the child runs under `ulimit -f` (RLIMIT_FSIZE),
// so once the WAL would grow past the limit write() fails with EFBIG and SQLite reports an I/O error
// while committing. Every append of the failing group must be rejected with StoreUnavailableError,
// nothing acknowledged may be lost, and the file must stay consistent.
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '@gongkai/integrity';
import { openSqliteEventStore } from '../src/index.ts';
import { runFixture } from './child.ts';
import { batch, tempDir } from './helpers.ts';
import { diskBatch } from './fixtures/disk-batch.ts';

const tmp = tempDir('gongkai-disk-');
afterAll(() => tmp.remove());

describe('failing disk (RLIMIT_FSIZE in a child process)', () => {
  it('rejects the whole group with StoreUnavailableError and keeps the file consistent', async () => {
    const path = tmp.file('disk.db');
    const run = runFixture('disk-full-writer.ts', [path], 'ulimit -f 4096;');
    const exit = await run.exited;
    expect(exit.code, run.stderr()).toBe(0);

    const acked = new Map<string, string[]>();
    const failed: Array<{ batchId: string; stream: string; name: string; message: string; ids: string[] }> = [];
    for (const line of run.lines) {
      if (line.startsWith('ACK ')) {
        const [, batchId, ids] = line.split(' ');
        acked.set(batchId!, ids!.split(','));
      } else if (line.startsWith('ERR ')) {
        failed.push(JSON.parse(line.slice(4)) as (typeof failed)[number]);
      }
    }
    expect(acked.size).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThanOrEqual(3); // at least one whole group of three appends
    for (const f of failed) {
      expect(f.name).toBe('StoreUnavailableError');
      expect(f.message).toMatch(/disk I\/O error|disk or database full/);
      expect(f.message).toMatch(/retrying them with the same eventIds is safe|nothing was written/);
    }

    const store = openSqliteEventStore({ path });
    try {
      const all = await store.readAll();
      all.forEach((e, i) => expect(e.globalPosition).toBe(BigInt(i + 1)));
      const ids = new Set(all.map((e) => e.eventId));
      expect(ids.size).toBe(all.length);
      for (const [b, batchIds] of acked) for (const id of batchIds) expect(ids.has(id), `acknowledged ${b}`).toBe(true);
      for (const f of failed) {
        // all or nothing (a failed commit's outcome is unknown, but never partial)
        const present = f.ids.filter((id) => ids.has(id)).length;
        expect([0, f.ids.length]).toContain(present);
      }
      for (const s of new Set(all.map((e) => e.streamId))) expect(verifyChain(await store.readStream(s))).toBeUndefined();
      // with room again, retrying the failed appends unchanged records each exactly once
      let head = all.length;
      for (const f of failed) {
        const r = await store.append(f.stream, diskBatch(f.batchId, f.ids));
        if (!r.duplicate) head += f.ids.length;
        expect(r.events.map((e) => e.eventId)).toEqual(f.ids);
      }
      for (const f of failed) expect((await store.append(f.stream, diskBatch(f.batchId, f.ids))).duplicate).toBe(true);
      const r = await store.append('project-disk-after', batch(3));
      expect(r.events[0]!.globalPosition).toBe(BigInt(head + 1));
      for (const s of new Set(all.map((e) => e.streamId))) expect(verifyChain(await store.readStream(s))).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 30_000);
});
