// Ingest throughput, as agencies see it:
//   (a) direct batched appends through the event store port (100 events per append, many in
//       flight so group commit works), beside the ceiling: raw better-sqlite3 inserts of the same
//       rows with the same durability (WAL, synchronous=FULL), in transactions of the same size;
//   (b) HTTP batches of 100 events (POST /v1/events, 100 new project streams per request);
//   (c) single-event HTTP posts from 32 concurrent clients, with p50/p99.
// The server runs `gongkai start` in a child process on a temp folder, as in production.
//
//   npm run bench:ingest            (or: npx tsx bench/ingest.ts --events 100000)
//
// Prints figures; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { AGENCY_ROLES, catalogExamples } from '@gongkai/catalog';
import { AgencyRegistry } from '@gongkai/access';
import { openSqliteEventStore, type NewEvent } from '@gongkai/event-store';
import { runLoad, type LoadResult } from './lib/http-load.ts';
import { startServerProcess } from './lib/server-process.ts';
import { rawInsertCeiling } from './lib/sqlite-ceiling.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '100000' }, single: { type: 'string', default: '20000' } } });
const TOTAL = Number(args.events);
const SINGLE = Number(args.single);
const base = mkdtempSync(join(tmpdir(), 'gongkai-bench-ingest-'));

const registration = (() => {
  for (const item of catalogExamples().items)
    if ('events' in item.body) for (const e of item.body.events) if (e.type === 'ProjectRegistered') return e;
  throw new Error('no ProjectRegistered example');
})();

const DISTRICTS = ['320505', '320506', '320507', '320508', '320509', '320571', '320581', '320582', '320583', '320585'];
/** A distinct valid project code for every i < 7 × 10 × 1,000,000. */
function projectCode(i: number): string {
  const year = 2020 + (Math.floor(i / 10_000_000) % 7);
  const region = DISTRICTS[Math.floor(i / 1_000_000) % 10]!;
  return `${year}-${region}-48-01-${String(i % 1_000_000).padStart(6, '0')}`;
}
function registrationEvent(i: number) {
  const code = projectCode(i);
  return { streamId: `project-${code}`, event: { eventId: uuidv7(), type: 'ProjectRegistered', schemaVersion: 1, payload: { ...registration.payload, projectCode: code } } };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

async function direct(): Promise<{ perSecond: number; ceiling: number; eventsPerCommit: number }> {
  const path = join(base, 'direct.db');
  const store = openSqliteEventStore({ path });
  const events: Array<{ streamId: string; events: NewEvent[] }> = [];
  for (let i = 0; i < TOTAL; i += 100) {
    const batch: NewEvent[] = [];
    for (let j = i; j < i + 100; j++) {
      const r = registrationEvent(j);
      batch.push({ ...r.event, occurredAt: String(registration.payload['registrationDate']), metadata: { agency: 'agency-bench', user: 'bench' } });
    }
    events.push({ streamId: `bench-${i / 100}`, events: batch });
  }
  const before = store.stats();
  const t0 = process.hrtime.bigint();
  await Promise.all(events.map((e) => store.append(e.streamId, e.events, { expectedVersion: 'no_stream' })));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const commits = store.stats().commits - before.commits;
  await store.close();
  const eventsPerCommit = Math.max(1, Math.round(TOTAL / commits));
  const c = rawInsertCeiling(path, join(base, 'ceiling.db'), eventsPerCommit);
  return { perSecond: TOTAL / seconds, ceiling: c.rows / c.seconds, eventsPerCommit };
}

async function main() {
  console.log(`# bench:ingest — node ${process.version}, ${TOTAL.toLocaleString('en')} events for (a) and (b), ${SINGLE.toLocaleString('en')} for (c)`);
  const a = await direct();
  console.log(`(a) direct batched appends: ${fmt(a.perSecond)} events/s; ceiling (raw better-sqlite3, ${a.eventsPerCommit} rows/tx, WAL+FULL): ${fmt(a.ceiling)} rows/s; ratio ${((a.perSecond / a.ceiling) * 100).toFixed(0)}%`);

  const dataDir = join(base, 'http');
  mkdirSync(dataDir, { recursive: true });
  const registry = new AgencyRegistry(join(dataDir, 'access.db'));
  const key = registry.addAgency({ name: 'bench', roles: [...AGENCY_ROLES], regions: ['320500'] }).apiKey;
  registry.close();
  const server = await startServerProcess(dataDir, ['--no-demo']);
  const auth = { authorization: `Bearer ${key}` };
  try {
    // warm-up
    await runLoad(server.url, 8, 200, (i) => {
      const r = registrationEvent(50_000_000 + i);
      return { method: 'POST', path: `/v1/streams/${r.streamId}/events`, headers: auth, body: JSON.stringify({ events: [r.event] }) };
    });

    const batches = TOTAL / 100;
    let offset = 10_000_000;
    const b: LoadResult = await runLoad(server.url, 4, batches, (i) => {
      const items = [];
      for (let j = 0; j < 100; j++) {
        const r = registrationEvent(offset + i * 100 + j);
        items.push({ streamId: r.streamId, expectedVersion: 'no_stream', events: [r.event] });
      }
      return { method: 'POST', path: '/v1/events', headers: auth, body: JSON.stringify({ items }) };
    }, (s) => s === 201);
    console.log(`(b) HTTP batches of 100 (4 clients): ${fmt(b.perSecond * 100)} events/s; ${fmt(b.perSecond)} requests/s, p50 ${b.p50ms.toFixed(1)} ms, p99 ${b.p99ms.toFixed(1)} ms, errors ${b.errors}`);

    offset = 20_000_000;
    const c = await runLoad(server.url, 32, SINGLE, (i) => {
      const r = registrationEvent(offset + i);
      return { method: 'POST', path: `/v1/streams/${r.streamId}/events`, headers: auth, body: JSON.stringify({ events: [r.event] }) };
    }, (s) => s === 201);
    console.log(`(c) single-event posts, 32 clients: ${fmt(c.perSecond)} events/s, p50 ${c.p50ms.toFixed(1)} ms, p99 ${c.p99ms.toFixed(1)} ms, errors ${c.errors}`);
    console.log(JSON.stringify({ a, b: { eventsPerSecond: b.perSecond * 100, p50ms: b.p50ms, p99ms: b.p99ms, errors: b.errors }, c: { eventsPerSecond: c.perSecond, p50ms: c.p50ms, p99ms: c.p99ms, errors: c.errors } }));
  } finally {
    await server.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
