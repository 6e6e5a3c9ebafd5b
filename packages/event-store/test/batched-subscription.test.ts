// consumeInBatches over a real SQLite log: the backlog arrives in large batches in global order,
// a live append arrives at once, idle ticks are reported, and a callback can end the subscription.
import { afterAll, describe, expect, it } from 'vitest';
import { consumeInBatches, openSqliteEventStore, type RecordedEvent } from '../src/index.ts';
import { batch, tempDir } from './helpers.ts';

const tmp = tempDir('gongkai-batches-');
afterAll(() => tmp.remove());

describe('consumeInBatches', () => {
  it('takes the backlog in batches of up to batchSize, then a live event alone, then ends when asked', async () => {
    const store = await openSqliteEventStore({ path: tmp.file('batches.db') });
    try {
      for (let i = 0; i < 5; i++) await store.append(`s-${i}`, batch(50));
      const batches: RecordedEvent[][] = [];
      let idle = 0;
      let live = false;
      let open = 0;
      await consumeInBatches(store, {
        after: 0n,
        batchSize: 100,
        idleMs: 20,
        isClosed: () => false,
        onSubscription: (sub) => (open += sub ? 1 : -1),
        onIdle: async () => {
          idle++;
          if (!live) {
            live = true;
            await store.append('s-live', batch(1));
          }
        },
        onBatch: async (b) => {
          batches.push(b);
          return b[0]!.streamId === 's-live';
        },
      });
      const positions = batches.flat().map((e) => e.globalPosition);
      expect(positions).toEqual(Array.from({ length: 251 }, (_, i) => BigInt(i + 1)));
      expect(Math.max(...batches.map((b) => b.length))).toBe(100);
      expect(batches.slice(0, -1).reduce((n, b) => n + b.length, 0)).toBe(250);
      expect(batches.at(-1)!.map((e) => e.streamId)).toEqual(['s-live']);
      expect(idle).toBeGreaterThanOrEqual(1);
      expect(open).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('ends with the error a batch throws, after closing the subscription', async () => {
    const store = await openSqliteEventStore({ path: tmp.file('errors.db') });
    try {
      await store.append('s-1', batch(3));
      let open = 0;
      await expect(
        consumeInBatches(store, {
          after: 0n,
          batchSize: 10,
          idleMs: 20,
          isClosed: () => false,
          onSubscription: (sub) => (open += sub ? 1 : -1),
          onBatch: async () => {
            throw new Error('apply failed');
          },
        }),
      ).rejects.toThrow('apply failed');
      expect(open).toBe(0);
    } finally {
      await store.close();
    }
  });
});
