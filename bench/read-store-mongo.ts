// Projection into the MongoDB read store (FerretDB in CI) beside the embedded SQLite one, on the same
// ledger of generated demo events; and the public reads a citizen makes.
//   bash infra/ferretdb/start.sh && MONGODB_URL=mongodb://127.0.0.1:27017/ npx tsx bench/read-store-mongo.ts [projects=36]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { AGENCY_ROLES } from '@gongkai/catalog';
import { generateDemo } from '@gongkai/demo-data';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService } from '@gongkai/ingest';
import { createMetrics } from '@gongkai/platform';
import { startProjector } from '@gongkai/projector';
import { PUBLIC_VIEWER, openSqliteReadStore, type ReadStore } from '@gongkai/read-store';
import { openMongoReadStore } from '@gongkai/read-store/mongodb';

const url = process.env['MONGODB_URL'];
if (!url) {
  console.error('set MONGODB_URL (bash infra/ferretdb/start.sh prints it)');
  process.exit(2);
}
const projects = Number(process.argv[2] ?? 36);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-mongo-'));
const client = new MongoClient(url, { ignoreUndefined: true, monitorCommands: true });
const commandMs = new Map<string, { n: number; ms: number }>();
client.on('commandSucceeded', (e) => {
  const c = commandMs.get(e.commandName) ?? { n: 0, ms: 0 };
  c.n++;
  c.ms += e.duration;
  commandMs.set(e.commandName, c);
});
await client.connect();
const dbName = `gk_bench_${Date.now()}`;

async function project(store: EventStore, readStore: ReadStore, head: bigint): Promise<number> {
  const started = performance.now();
  const projector = await startProjector({ store, readStore, tickMs: 20 });
  await projector.waitFor(head, 600_000);
  await projector.close();
  return performance.now() - started;
}

async function reads(readStore: ReadStore, n: number): Promise<number> {
  const started = performance.now();
  const today = '2026-11-28';
  for (let i = 0; i < n; i++) {
    const page = await readStore.listRecords({ category: 'approval-results', viewer: PUBLIC_VIEWER, today, sort: '-formedDate', limit: 20 });
    for (const r of page.items.slice(0, 5)) await readStore.getRecord(r.id, PUBLIC_VIEWER, today);
  }
  return (performance.now() - started) / n;
}

try {
  const store = await openSqliteEventStore({ path: join(dir, 'ledger.db') });
  const append = new AppendService({ store, metrics: createMetrics() });
  const agency = { kind: 'agency' as const, agencyId: 'agency-bench', agencyName: '基准机关', roles: new Set<string>(AGENCY_ROLES), regions: ['320500'], keyId: 'bench' };
  for (const p of generateDemo({ anchorDate: '2026-11-20', projects })) await append.appendToStream(agency, p.streamId, p.events, p.expectedVersion);
  const head = await store.headPosition();

  const sqlite = openSqliteReadStore({ path: join(dir, 'read.db') });
  const sqliteMs = await project(store, sqlite, head);
  const mongo = await openMongoReadStore({ url, dbName, client });
  const mongoMs = await project(store, mongo, head);
  const sqliteRead = await reads(sqlite, 20);
  const mongoRead = await reads(mongo, 20);
  const records = (await mongo.stats()).records;
  console.log(`events ${head}, records ${records}`);
  console.log(`projection  sqlite ${((Number(head) / sqliteMs) * 1000).toFixed(0)} ev/s   mongodb ${((Number(head) / mongoMs) * 1000).toFixed(0)} ev/s   ratio ${(sqliteMs / mongoMs).toFixed(3)}`);
  console.log(`list 20 + open 5 records  sqlite ${sqliteRead.toFixed(2)} ms   mongodb ${mongoRead.toFixed(2)} ms   ratio ${(sqliteRead / mongoRead).toFixed(3)}`);
  console.log('mongodb commands (count, total ms):');
  for (const [name, c] of [...commandMs].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${name.padEnd(16)} ${String(c.n).padStart(6)} ${c.ms.toFixed(0).padStart(8)}`);
  await Promise.all([sqlite.close(), mongo.close(), store.close()]);
} finally {
  await client.db(dbName).dropDatabase();
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
