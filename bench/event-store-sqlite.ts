// Benchmark of the SQLite event store: events/s through the EventStore port, against a ceiling of
// raw better-sqlite3 inserts of the very same row bytes (read back from the port's file) into the
// same schema, in transactions of the same size, with the same durability (WAL, synchronous=FULL).
// The ceiling skips validation, canonical JSON, hashing, stream heads and the streams table: it is
// what SQLite alone costs on this disk.
//
//   npx tsx bench/event-store-sqlite.ts [--events 100000] [--repeat 3] [--dir /path/on/the/disk/to/test]
//
// Each scenario runs port and ceiling alternately --repeat times on fresh files and reports the best
// run of each (shared machines are noisy; the best run is the least disturbed one) and the median.
// Prints figures; it is not a test and asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { rawInsertCeiling } from './lib/sqlite-ceiling.ts';
import { emitResult, type BenchRow } from './lib/report.ts';
import { openSqliteEventStore, type NewEvent, type SqliteEventStore } from '../packages/event-store/src/index.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '3' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(args.events);
const REPEAT = Math.max(1, Number(args.repeat));
const baseDir = mkdtempSync(join(args.dir ?? tmpdir(), 'gongkai-bench-'));
let fileNo = 0;
const newPath = () => join(baseDir, `bench-${++fileNo}.db`);
const removeDb = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
};

function makeEvent(i: number): NewEvent {
  // a realistic disclosure event: ~500 bytes of canonical JSON, Chinese text, nested values
  return {
    eventId: uuidv7(),
    type: 'TenderCandidatesPublicized',
    schemaVersion: 1,
    occurredAt: '2024-09-18T10:00:00+08:00',
    payload: {
      tenderId: `JSZC-2024-${String(i % 10_000).padStart(5, '0')}`,
      projectCodes: ['2019-320500-48-01-512345'],
      title: '苏州市城市轨道交通6号线工程土建施工项目中标候选人公示',
      candidates: [
        { rank: 1, name: '中铁某局集团有限公司', bidPrice: 1_234_567_890.12, score: 92.35 },
        { rank: 2, name: '中交某航务工程局有限公司', bidPrice: 1_245_000_000, score: 90.1 },
      ],
      publicityPeriod: { from: '2024-09-18', to: '2024-09-21' },
      seq: i,
    },
    metadata: { agency: 'sz-ggzyjy', user: 'clerk-12', correlationId: uuidv7() },
  };
}

function makeEvents(n: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => makeEvent(i));
}

interface Run {
  events: number;
  seconds: number;
  commits: number;
  path: string;
}

async function timed(path: string, body: (store: SqliteEventStore) => Promise<void>, expectEvents: number): Promise<Run> {
  const store = openSqliteEventStore({ path });
  const before = store.stats();
  const t0 = process.hrtime.bigint();
  await body(store);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = store.stats();
  const events = after.events - before.events;
  if (events !== expectEvents) throw new Error(`expected ${expectEvents} events written, got ${events}`);
  await store.close();
  return { events, seconds, commits: after.commits - before.commits, path };
}

/** The ceiling: the port's rows, re-inserted raw, `rowsPerTx` per transaction (bench/lib/sqlite-ceiling.ts). */
function ceiling(sourcePath: string, rowsPerTx: number): { seconds: number; rows: number } {
  const path = newPath();
  const result = rawInsertCeiling(sourcePath, path, rowsPerTx);
  removeDb(path);
  return result;
}

const results: Array<Record<string, string | number>> = [];
const rows: BenchRow[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function scenario(name: string, total: number, body: (store: SqliteEventStore, events: NewEvent[]) => Promise<void>) {
  const port: number[] = [];
  const raw: number[] = [];
  let perTx = 0;
  let commits = 0;
  for (let r = 0; r < REPEAT; r++) {
    const events = makeEvents(total);
    const run = await timed(newPath(), (store) => body(store, events), total);
    commits = run.commits;
    perTx = Math.max(1, Math.round(run.events / run.commits));
    const c = ceiling(run.path, perTx);
    port.push(run.events / run.seconds);
    raw.push(c.rows / c.seconds);
    removeDb(run.path);
  }
  const best = Math.max(...port);
  const bestRaw = Math.max(...raw);
  results.push({
    scenario: name,
    events: total,
    commits,
    'events/commit': perTx,
    'port events/s': fmt(best),
    'ceiling events/s': fmt(bestRaw),
    ratio: `${((best / bestRaw) * 100).toFixed(0)}%`,
    'median ratio': `${((median(port) / median(raw)) * 100).toFixed(0)}%`,
  });
  rows.push({
    figure: `${name} — ${total.toLocaleString('en')} events, ${perTx.toLocaleString('en')} events/commit`,
    value: best,
    unit: 'events/s',
    detail: `best of ${REPEAT}; median ratio ${((median(port) / median(raw)) * 100).toFixed(0)} %`,
    ceiling: { name: `raw better-sqlite3 inserts of the same rows, ${perTx.toLocaleString('en')} rows/tx, WAL+FULL`, value: bestRaw, unit: 'rows/s' },
  });
  console.log(
    `${name}: port ${port.map(fmt).join(' / ')} events/s; ceiling ${raw.map(fmt).join(' / ')}; best ${((best / bestRaw) * 100).toFixed(0)}%`,
  );
}

async function main() {
  console.log(`${new Date().toISOString()} node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, better-sqlite3 ${(await import('better-sqlite3/package.json', { with: { type: 'json' } })).default.version}, dir ${baseDir}`);

  // warm-up (JIT, page cache)
  await scenario('warm-up', 10_000, async (store, events) => {
    for (let i = 0; i < events.length; i += 100) await store.append(`s-${i % 97}`, events.slice(i, i + 100));
  });
  results.length = 0;
  rows.length = 0;

  const streams = 1000;
  await scenario(`appends of 100 events, one at a time (${TOTAL / 100} appends)`, TOTAL, async (store, events) => {
    for (let i = 0; i < events.length; i += 100) await store.append(`tender-${(i / 100) % streams}`, events.slice(i, i + 100));
  });

  await scenario(`appends of 100 events, all in flight at once (group commit)`, TOTAL, async (store, events) => {
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < events.length; i += 100) appends.push(store.append(`tender-${(i / 100) % streams}`, events.slice(i, i + 100)));
    await Promise.all(appends);
  });

  await scenario(`one append of 10,000 events, 10 times`, TOTAL / 10 >= 10_000 ? 100_000 : TOTAL, async (store, events) => {
    for (let i = 0; i < events.length; i += 10_000) await store.append(`bulk-${i}`, events.slice(i, i + 10_000));
  });

  const singles = Math.min(TOTAL, 50_000);
  await scenario(`single-event appends, all in flight at once (${singles.toLocaleString('en')})`, singles, async (store, events) => {
    await Promise.all(events.map((e, i) => store.append(`penalty-${i % streams}`, [e])));
  });

  await scenario(`single-event appends, 100 clients each awaiting its previous append`, singles, async (store, events) => {
    const clients = 100;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = c; i < events.length; i += clients) await store.append(`client-${c}-${i % 10}`, [events[i]!]);
      }),
    );
  });

  console.table(results);
  emitResult({
    title: 'Event store alone (SQLite adapter)',
    workload: `${TOTAL.toLocaleString('en')} events of ~1 KB through the EventStore port on a fresh file per run; each scenario alternates port and ceiling runs ${REPEAT} times and keeps the best of each.`,
    rows,
    notes: [
      'Per event, SQLite alone takes ≈ 6.5 µs in large transactions; RFC 8785 canonicalisation ≈ 2.6 µs; building the hashed bytes and SHA-256 over them (~1 KB) ≈ 2.7 µs; GC ≈ 1.3 µs; other JS ≈ 1.5 µs (CPU profile, `bench/event-store-profile.ts`). The ceiling does none of the canonical JSON and hashing that the hash chain requires, so ≈ 45–50 % is near the limit of this design in JavaScript.',
    ],
  });
  console.log(`load at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (!args.keep) rmSync(baseDir, { recursive: true, force: true });
}

await main();
