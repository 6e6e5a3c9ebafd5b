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
import { AGENCY_ROLES } from '@gongkai/catalog';
import { AgencyRegistry } from '@gongkai/access';
import { openSqliteEventStore, type NewEvent } from '@gongkai/event-store';
import { runLoad, type LoadResult } from './lib/http-load.ts';
import { startServerProcess } from './lib/server-process.ts';
import { rawInsertCeiling } from './lib/sqlite-ceiling.ts';
import { startHelloServer } from './lib/hello-server.ts';
import { emitResult } from './lib/report.ts';
import { registration, registrationEvent } from './lib/workload.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '100000' }, single: { type: 'string', default: '20000' } } });
const TOTAL = Number(args.events);
const SINGLE = Number(args.single);
const base = mkdtempSync(join(tmpdir(), 'gongkai-bench-ingest-'));

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
    const batchRequest = (offset: number) => (i: number) => {
      const items = [];
      for (let j = 0; j < 100; j++) {
        const r = registrationEvent(offset + i * 100 + j);
        items.push({ streamId: r.streamId, expectedVersion: 'no_stream', events: [r.event] });
      }
      return { method: 'POST', path: '/v1/events', headers: auth, body: JSON.stringify({ items }) };
    };
    const singleRequest = (offset: number) => (i: number) => {
      const r = registrationEvent(offset + i);
      return { method: 'POST', path: `/v1/streams/${r.streamId}/events`, headers: auth, body: JSON.stringify({ events: [r.event] }) };
    };
    const b: LoadResult = await runLoad(server.url, 4, batches, batchRequest(10_000_000), (s) => s === 201);
    console.log(`(b) HTTP batches of 100 (4 clients): ${fmt(b.perSecond * 100)} events/s; ${fmt(b.perSecond)} requests/s, p50 ${b.p50ms.toFixed(1)} ms, p99 ${b.p99ms.toFixed(1)} ms, errors ${b.errors}`);

    const c = await runLoad(server.url, 32, SINGLE, singleRequest(20_000_000), (s) => s === 201);
    console.log(`(c) single-event posts, 32 clients: ${fmt(c.perSecond)} events/s, p50 ${c.p50ms.toFixed(1)} ms, p99 ${c.p99ms.toFixed(1)} ms, errors ${c.errors}`);
    await server.stop();

    // the HTTP ceiling: the same requests to an express hello-world that parses the JSON body and answers 201
    const hello = await startHelloServer();
    let hb: LoadResult;
    let hc: LoadResult;
    try {
      await runLoad(hello.url, 8, 200, singleRequest(30_000_000));
      hb = await runLoad(hello.url, 4, batches, batchRequest(10_000_000), (s) => s === 201);
      hc = await runLoad(hello.url, 32, SINGLE, singleRequest(20_000_000), (s) => s === 201);
    } finally {
      await hello.stop();
    }
    console.log(`ceiling: express hello-world (JSON body parsed, 201): batches ${fmt(hb.perSecond * 100)} events/s (p99 ${hb.p99ms.toFixed(1)} ms); singles ${fmt(hc.perSecond)} req/s (p99 ${hc.p99ms.toFixed(1)} ms)`);
    console.log(JSON.stringify({ a, b: { eventsPerSecond: b.perSecond * 100, p50ms: b.p50ms, p99ms: b.p99ms, errors: b.errors }, c: { eventsPerSecond: c.perSecond, p50ms: c.p50ms, p99ms: c.p99ms, errors: c.errors } }));
    emitResult({
      title: 'Ingest (issue 2)',
      workload: `(a) ${TOTAL.toLocaleString('en')} ProjectRegistered events through the event store port, 100 per append, all in flight; (b) the same count over HTTP in batches of 100 new streams (POST /v1/events, 4 clients); (c) ${SINGLE.toLocaleString('en')} single-event posts from 32 clients. The server runs \`gongkai start\` in a child process; requests are built before the clock starts; the load generator shares the cores.`,
      rows: [
        {
          figure: `(a) direct batched appends through the port (${a.eventsPerCommit.toLocaleString('en')} events/commit)`,
          value: a.perSecond,
          unit: 'events/s',
          ceiling: { name: `raw better-sqlite3 inserts of the same rows, ${a.eventsPerCommit.toLocaleString('en')} rows/tx, WAL+FULL`, value: a.ceiling, unit: 'rows/s' },
          target: '≥ 50 % of the ceiling',
          met: a.perSecond / a.ceiling >= 0.5,
        },
        {
          figure: '(b) HTTP batches of 100 events, 4 clients',
          value: b.perSecond * 100,
          unit: 'events/s',
          detail: `${fmt(b.perSecond)} req/s, p50 ${b.p50ms.toFixed(1)} ms, p99 ${b.p99ms.toFixed(1)} ms, ${b.errors} errors`,
          ceiling: { name: 'express hello-world route, same requests (JSON body parsed, 201)', value: hb.perSecond * 100, unit: 'events/s' },
          target: '≥ 20,000 events/s',
          met: b.perSecond * 100 >= 20_000 && b.errors === 0,
        },
        {
          figure: '(c) single-event HTTP posts, 32 clients',
          value: c.perSecond,
          unit: 'events/s',
          detail: `p50 ${c.p50ms.toFixed(1)} ms, p99 ${c.p99ms.toFixed(1)} ms, ${c.errors} errors (hello-world p99 ${hc.p99ms.toFixed(1)} ms)`,
          ceiling: { name: 'express hello-world route, same requests (JSON body parsed, 201)', value: hc.perSecond, unit: 'req/s' },
          target: '≥ 3,000 events/s, p99 ≤ 20 ms',
          met: c.perSecond >= 3000 && c.p99ms <= 20 && c.errors === 0,
        },
      ],
      notes: [
        'Where the time goes (CPU profile of the server under (b), `node --cpu-prof`): the event store (canonical JSON, SHA-256 chain, SQLite inserts, fsync) ≈ 20 µs/event; per-event validation ≈ 20 µs (catalog zod schema incl. publicity windows 7.8 µs, timeliness 4.2 µs, request envelope 3 µs, JSON parse 3.5 µs); GC ≈ 10 %; the rest is express/HTTP.',
      ],
    });
  } finally {
    await server.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
