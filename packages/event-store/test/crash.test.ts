// Crash test: a child process appends 200-event batches in a loop and reports each acknowledged
// batch; we SIGKILL it at random moments and check the file after every kill: every acknowledged
// batch is there exactly once, no batch is there in part, chains verify, positions are contiguous.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '@gongkai/integrity';
import { openSqliteEventStore, type RecordedEvent } from '../src/index.ts';
import { runFixture } from './child.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir('gongkai-crash-');
afterAll(() => tmp.remove());

async function verifyAfterCrash(path: string, acked: Map<string, { stream: string; ids: string[] }>) {
  const store = openSqliteEventStore({ path });
  try {
    const all = await store.readAll();
    // contiguous global positions
    all.forEach((e, i) => expect(e.globalPosition).toBe(BigInt(i + 1)));
    expect(await store.headPosition()).toBe(BigInt(all.length));
    // each event exactly once
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    // batches are all-or-nothing and keep their order
    const batches = new Map<string, RecordedEvent[]>();
    for (const e of all) {
      const b = e.payload.batch as string;
      batches.set(b, [...(batches.get(b) ?? []), e]);
    }
    for (const [b, events] of batches) {
      expect(events.length, `batch ${b}`).toBe(200);
      events.forEach((e, i) => {
        expect(e.payload.i).toBe(i);
        expect(e.streamId).toBe(events[0]!.streamId);
        expect(e.version).toBe(events[0]!.version + i);
      });
    }
    // every acknowledged batch is present, with exactly the acknowledged ids
    for (const [b, { stream, ids }] of acked) {
      const events = batches.get(b);
      expect(events, `acknowledged batch ${b} missing`).toBeDefined();
      expect(events!.map((e) => e.eventId)).toEqual(ids);
      expect(events![0]!.streamId).toBe(stream);
    }
    // every stream's chain verifies
    const streams = new Set(all.map((e) => e.streamId));
    for (const s of streams) expect(verifyChain(await store.readStream(s))).toBeUndefined();
    return { events: all.length, batches: batches.size };
  } finally {
    await store.close();
  }
}

describe('crash safety (SIGKILL while appending)', () => {
  it('keeps every acknowledged batch, exactly once, and never part of a batch', async () => {
    const path = tmp.file('crash.db');
    const acked = new Map<string, { stream: string; ids: string[] }>();
    const deadline = Date.now() + 15_000;
    let rounds = 0;
    let lastEvents = 0;
    for (let round = 0; round < 5 && Date.now() < deadline; round++) {
      const run = runFixture('crash-writer.ts', [path, `r${round}`]);
      await run.waitFor('READY', 10_000);
      await sleep(30 + Math.floor(Math.random() * 450));
      run.child.kill('SIGKILL');
      const exit = await run.exited;
      expect(exit.signal).toBe('SIGKILL');
      for (const line of run.lines) {
        if (!line.startsWith('ACK ')) continue;
        const [, batchId, stream, ids] = line.split(' ');
        acked.set(batchId!, { stream: stream!, ids: ids!.split(',') });
      }
      const { events, batches } = await verifyAfterCrash(path, acked);
      if (process.env.CRASH_DEBUG) console.log(`round ${round}: ${run.lines.length} lines, ${acked.size} acked, ${batches} batches, ${events} events`);
      expect(events).toBeGreaterThanOrEqual(lastEvents); // nothing acknowledged before is ever lost
      lastEvents = events;
      rounds++;
    }
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(acked.size).toBeGreaterThan(0);
  }, 30_000);
});
