// The read-store contract on a real MongoDB-wire server. CI runs it on FerretDB 1.24 (SQLite
// backend) started by infra/ferretdb/start.sh; without MONGODB_URL it is skipped.
//   bash infra/ferretdb/install.sh && bash infra/ferretdb/start.sh --fresh
//   MONGODB_URL=mongodb://127.0.0.1:27017/ npx vitest run packages/read-store
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRecord, readStoreContract } from '../src/contract.ts';
import { PUBLIC_VIEWER, emptyChanges, type RecordState } from '../src/index.ts';
import { openMongoReadStore } from '../src/mongodb/index.ts';

const url = process.env['MONGODB_URL'];
if (!url) {
  describe.skip('read store contract: mongodb (skipped: set MONGODB_URL, e.g. after bash infra/ferretdb/start.sh)', () => {
    it('needs a MongoDB-wire server', () => undefined);
  });
} else {
  let client: MongoClient;
  beforeAll(async () => {
    client = new MongoClient(url, { ignoreUndefined: true });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
  });
  const freshDb = () => `gk_test_${randomUUID().slice(0, 8)}`;

  readStoreContract('mongodb', async () => {
    const dbName = freshDb();
    const store = await openMongoReadStore({ url, dbName, client });
    return {
      store,
      async cleanup() {
        await store.close();
        await client.db(dbName).dropDatabase();
      },
    };
  });

  it('opens when several services open a new database at once (each creates the missing indexes)', async () => {
    for (let round = 0; round < 3; round++) {
      const dbName = freshDb();
      try {
        // separate clients, as separate processes would have
        const stores = await Promise.all(Array.from({ length: 4 }, () => openMongoReadStore({ url, dbName })));
        expect(await Promise.all(stores.map((s) => s.checkpoint()))).toEqual([0n, 0n, 0n, 0n]);
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await client.db(dbName).dropDatabase();
      }
    }
  });

  describe('mongodb read store: a batch interrupted mid-way (the process killed)', () => {
    const TODAY = '2025-06-01';
    const changesOf = (records: RecordState[], created = true) => ({
      ...emptyChanges(),
      records: records.map((state) => ({ state, created })),
      counts: records.map((r) => ({ category: r.category, audience: r.audience, streamId: null, publicUntil: r.publicUntil, count: 1 })),
      timeliness: records.map((r) => ({ agency: r.agency, category: r.category, late: r.late, delay: 0, count: 1 })),
    });

    for (const phase of ['logged', 'claimed', 'records', 'aggregates'] as const) {
      it(`is finished exactly once by the next process when killed after '${phase}'`, async () => {
        const dbName = freshDb();
        try {
          const first = await openMongoReadStore({ url, dbName, client });
          await first.applyBatch(changesOf([fixtureRecord()]), { from: 0n, to: 5n, events: 5 });
          const batch = [fixtureRecord(), fixtureRecord(), fixtureRecord({ late: true })];
          const dying = await openMongoReadStore({
            url,
            dbName,
            client,
            onBatchPhase: (p) => {
              if (p === phase) throw new Error(`killed after ${p}`);
            },
          });
          await expect(dying.applyBatch(changesOf(batch), { from: 5n, to: 9n, events: 4 })).rejects.toThrow(`killed after ${phase}`);

          // the next process: a batch that was claimed is finished; one that was only logged is dropped
          const next = await openMongoReadStore({ url, dbName, client });
          const claimed = phase !== 'logged';
          expect(await next.checkpoint()).toBe(claimed ? 9n : 5n);
          expect((await next.loadRecords(batch.map((r) => r.id))).size).toBe(claimed ? 3 : 0);
          expect((await next.categoryCounts(PUBLIC_VIEWER, TODAY)).get('approval-results')).toBe(claimed ? 4 : 1);
          const t = (await next.timeliness())[0]!;
          expect([t.onTime, t.late]).toEqual(claimed ? [3, 1] : [1, 0]);
          expect((await next.stats()).eventsProjected).toBe(claimed ? 9 : 5);
          expect(await client.db(dbName).collection('batch_log').countDocuments()).toBe(0);
          // a projector that still holds the old checkpoint is told where the store is
          if (claimed) await expect(next.applyBatch(changesOf([fixtureRecord()]), { from: 5n, to: 10n })).rejects.toThrow(/checkpoint is 9/);
          else await next.applyBatch(changesOf(batch), { from: 5n, to: 9n, events: 4 });
          expect((await next.categoryCounts(PUBLIC_VIEWER, TODAY)).get('approval-results')).toBe(4);
          await Promise.all([first.close(), dying.close(), next.close()]);
        } finally {
          await client.db(dbName).dropDatabase();
        }
      });
    }

    it('finishes a pending batch when the next batch is applied by a store that was already open', async () => {
      const dbName = freshDb();
      try {
        const survivor = await openMongoReadStore({ url, dbName, client });
        const dying = await openMongoReadStore({ url, dbName, client, onBatchPhase: (p) => { if (p === 'records') throw new Error('killed'); } });
        const r = fixtureRecord();
        await expect(dying.applyBatch(changesOf([r]), { from: 0n, to: 3n, events: 3 })).rejects.toThrow('killed');
        const err = await survivor.applyBatch(changesOf([fixtureRecord()]), { from: 0n, to: 4n }).catch((e: unknown) => e);
        expect(String(err)).toMatch(/checkpoint is 3, not 0/);
        expect((await survivor.categoryCounts(PUBLIC_VIEWER, TODAY)).get('approval-results')).toBe(1);
        expect((await survivor.getRecord(r.id, PUBLIC_VIEWER, TODAY))?.id).toBe(r.id);
        await Promise.all([survivor.close(), dying.close()]);
      } finally {
        await client.db(dbName).dropDatabase();
      }
    });
  });
}
