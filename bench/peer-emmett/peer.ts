// Gongkai's event store beside a peer a user could pick instead: Emmett's SQLite event store
// (@event-driven-io/emmett-sqlite 0.38.5, node-sqlite3), on the same workload in the same run:
//   1. batched ingest: appends of 100 events to new streams, one append awaited at a time;
//   2. single-event ingest: one-event appends to new streams, one at a time;
//   3. read-back: every stream of 1 and 2 read in full, one at a time.
// Both write to a fresh SQLite file in WAL mode on the same disk, with the same payloads (the
// catalog's ProjectRegistered, ~1 KB). Appends are awaited one at a time because Emmett's store
// shares one connection that each operation opens and closes, so it cannot take concurrent
// appends; Gongkai's group commit (many appends in flight) is in the ingest and event-store tables.
// Ceilings: raw better-sqlite3 inserts of the rows Gongkai wrote, in transactions of the same size.
//
// Lives outside the npm workspaces (Emmett's peer dependencies conflict with the CLI's commander):
//   npm install --prefix bench/peer-emmett && npx tsx bench/peer-emmett/peer.ts [--events 20000] [--singles 5000]
// (`npm run bench` does both.) Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import sqlite3 from 'sqlite3';
import Database from 'better-sqlite3';
import { openSqliteEventStore, type NewEvent } from '@gongkai/event-store';
import { rawInsertCeiling } from '../lib/sqlite-ceiling.ts';
import { emitResult, type BenchRow } from '../lib/report.ts';
import { registration, registrationEvent } from '../lib/workload.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '20000' }, singles: { type: 'string', default: '5000' } } });
const BATCHED = Number(args.events);
const SINGLES = Number(args.singles);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-peer-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en');

interface Append {
  streamId: string;
  events: NewEvent[];
}

function workload(first: number, streams: number, perStream: number): Append[] {
  return Array.from({ length: streams }, (_, s) => {
    const events: NewEvent[] = [];
    let streamId = '';
    for (let j = 0; j < perStream; j++) {
      const r = registrationEvent(first + s * perStream + j);
      if (j === 0) streamId = r.streamId;
      events.push({ ...r.event, occurredAt: String(registration.payload['registrationDate']), metadata: { agency: 'agency-bench', user: 'bench' } });
    }
    return { streamId, events };
  });
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function gongkai(path: string, batched: Append[], singles: Append[]) {
  const store = openSqliteEventStore({ path });
  const t0 = process.hrtime.bigint();
  for (const a of batched) await store.append(a.streamId, a.events);
  const batchedS = seconds(t0);
  const t1 = process.hrtime.bigint();
  for (const a of singles) await store.append(a.streamId, a.events);
  const singlesS = seconds(t1);
  const t2 = process.hrtime.bigint();
  let read = 0;
  for (const a of [...batched, ...singles]) read += (await store.readStream(a.streamId)).length;
  const readS = seconds(t2);
  await store.close();
  return { batchedS, singlesS, readS, read };
}

/** Appends Emmett refused with SQLITE_BUSY ("cannot commit transaction - SQL statements in progress"),
 *  which happens now and then under load; it rolls them back, and they are appended again. */
let emmettRetries = 0;

async function emmett(path: string, batched: Append[], singles: Append[]) {
  const store = getSQLiteEventStore({ fileName: path });
  const toEmmett = (events: NewEvent[]) => events.map((e) => ({ type: e.type, data: e.payload, metadata: { ...e.metadata, eventId: e.eventId } }));
  const append = async (a: Append) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await store.appendToStream(a.streamId, toEmmett(a.events));
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 5) throw e;
        emmettRetries++;
      }
    }
  };
  await append({ streamId: 'warmup-0', events: batched[0]!.events.slice(0, 1) }); // creates the schema
  const t0 = process.hrtime.bigint();
  for (const a of batched) await append(a);
  const batchedS = seconds(t0);
  const t1 = process.hrtime.bigint();
  for (const a of singles) await append(a);
  const singlesS = seconds(t1);
  const t2 = process.hrtime.bigint();
  let read = 0;
  for (const a of [...batched, ...singles]) read += (await store.readStream(a.streamId)).events.length;
  const readS = seconds(t2);
  return { batchedS, singlesS, readS, read };
}

function pragma(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path);
    db.get(`PRAGMA ${name}`, (err: Error | null, row: Record<string, unknown>) => {
      db.close();
      if (err) reject(err);
      else resolve(String(Object.values(row)[0]));
    });
  });
}

async function main(): Promise<void> {
  const perStream = 100;
  // warm-up of both (JIT, page cache), on a separate small workload
  await gongkai(join(dir, 'warm-g.db'), workload(40_000_000, 20, perStream), workload(41_000_000, 200, 1));
  await emmett(join(dir, 'warm-e.db'), workload(42_000_000, 20, perStream), workload(43_000_000, 200, 1));

  const batched = workload(0, Math.ceil(BATCHED / perStream), perStream);
  const singles = workload(10_000_000, SINGLES, 1);
  const total = batched.length * perStream;
  const g = await gongkai(join(dir, 'gongkai.db'), batched, singles);
  const e = await emmett(join(dir, 'emmett.db'), batched, singles);
  if (g.read !== total + SINGLES || e.read !== total + SINGLES) throw new Error(`read back ${g.read} (gongkai) and ${e.read} (emmett) of ${total + SINGLES} events`);
  const sync = await pragma(join(dir, 'emmett.db'), 'synchronous');
  const journal = await pragma(join(dir, 'emmett.db'), 'journal_mode');

  // ceilings: the rows Gongkai wrote, re-inserted raw in transactions of the same size
  const gBatched = openSqliteEventStore({ path: join(dir, 'batched-only.db') });
  for (const a of batched) await gBatched.append(a.streamId, a.events);
  await gBatched.close();
  const cb = rawInsertCeiling(join(dir, 'batched-only.db'), join(dir, 'ceiling-b.db'), perStream);
  const gSingles = openSqliteEventStore({ path: join(dir, 'singles-only.db') });
  for (const a of singles) await gSingles.append(a.streamId, a.events);
  await gSingles.close();
  const cs = rawInsertCeiling(join(dir, 'singles-only.db'), join(dir, 'ceiling-s.db'), 1);

  // read-back ceiling: the same streams' rows selected raw with better-sqlite3 from Gongkai's file
  const raw = new Database(join(dir, 'gongkai.db'), { readonly: true });
  const byStream = raw.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY version');
  const t0 = process.hrtime.bigint();
  let rawRead = 0;
  for (const a of [...batched, ...singles]) rawRead += byStream.all(a.streamId).length;
  const rawReadS = seconds(t0);
  raw.close();

  const peerName = `Emmett SQLite event store 0.38.5 (node-sqlite3, journal_mode=${journal}, synchronous=${sync})`;
  const rows: BenchRow[] = [
    {
      figure: `ingest: ${fmt(batched.length)} appends of ${perStream} events to new streams, one at a time`,
      value: total / g.batchedS,
      unit: 'events/s',
      ceiling: { name: `raw better-sqlite3 inserts of the same rows, ${perStream} rows/tx, WAL+FULL`, value: cb.rows / cb.seconds, unit: 'rows/s' },
      peer: { name: peerName, value: total / e.batchedS, unit: 'events/s' },
    },
    {
      figure: `ingest: ${fmt(SINGLES)} single-event appends to new streams, one at a time`,
      value: SINGLES / g.singlesS,
      unit: 'events/s',
      ceiling: { name: 'raw better-sqlite3 inserts of the same rows, 1 row/tx, WAL+FULL', value: cs.rows / cs.seconds, unit: 'rows/s' },
      peer: { name: peerName, value: SINGLES / e.singlesS, unit: 'events/s' },
    },
    {
      figure: `read-back: all ${fmt(batched.length + SINGLES)} streams read in full, one at a time (${fmt(total + SINGLES)} events)`,
      value: g.read / g.readS,
      unit: 'events/s',
      ceiling: { name: 'raw better-sqlite3 SELECT of each stream\'s rows (no parsing)', value: rawRead / rawReadS, unit: 'rows/s' },
      peer: { name: peerName, value: e.read / e.readS, unit: 'events/s' },
    },
  ];
  for (const r of rows) console.log(`${r.figure}: gongkai ${fmt(r.value)} ${r.unit}; emmett ${fmt(r.peer!.value)}; ratio ${(r.value / r.peer!.value).toFixed(2)}×${r.ceiling ? `; ceiling ${fmt(r.ceiling.value)} (${((r.value / r.ceiling.value) * 100).toFixed(0)} %)` : ''}`);
  emitResult({
    title: 'Peer: Emmett SQLite event store',
    workload: `The same events (ProjectRegistered, ~1 KB) into a fresh SQLite file each, in the same process and run: ${fmt(total)} events in appends of ${perStream}, then ${fmt(SINGLES)} single-event appends, then every stream read back. One operation at a time (Emmett's store cannot take concurrent appends: it opens and closes one shared connection per operation).`,
    rows,
    notes: [
      `Gongkai does more per event than the peer: RFC 8785 canonical JSON and a SHA-256 hash chain per stream, idempotency by event id, and stream heads checked against other processes' commits. Emmett opens a new SQLite connection for every operation; with many appends in flight Gongkai also commits them together (group commit: see the ingest and event-store tables), which this one-at-a-time workload does not use. Emmett's durability: node-sqlite3's default synchronous=${sync} (2 = FULL) in WAL mode, as Gongkai's. In this run Emmett refused ${emmettRetries} append(s) with SQLITE_BUSY ("cannot commit transaction - SQL statements in progress", its own statements overlapping on the shared connection); they were rolled back and appended again (every event is read back once: checked), and the time of the retries counts.`,
    ],
  });
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
