// Projection throughput: a full rebuild of the disclosure read models from a ledger of 1,000,000
// events (default), beside its reference ceiling — reading and parsing the same log without
// projecting (readAll pages). The ledger is generated with direct batched appends to a temp SQLite
// file: the catalog's worked example (every event type) replicated with varied ids and agencies.
//
//   npx tsx bench/projections.ts                 (1,000,000 events)
//   npx tsx bench/projections.ts --events 200000 --keep /tmp/ledger-200k.db
//   node --cpu-prof --import tsx bench/projections.ts --events 200000
//
// Prints figures; asserts nothing. Target: ≥ 60,000 events/s for the rebuild.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteEventStore } from '@gongkai/event-store';
import { rebuildReadModels, type RebuildPhase } from '@gongkai/projector';
import { eventsPerReplica, syntheticReplica } from '@gongkai/projector/synthetic';
import { openSqliteReadStore } from '@gongkai/read-store';
import { emitResult } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    keep: { type: 'string' },
  },
});
const TARGET = Number(args.events);
const base = mkdtempSync(join(tmpdir(), 'gongkai-bench-projections-'));
const ledger = args.keep ?? join(base, 'ledger.db');
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function generate(): Promise<{ events: number; seconds: number }> {
  const store = openSqliteEventStore({ path: ledger });
  const have = Number(await store.headPosition());
  const per = eventsPerReplica();
  const replicas = Math.ceil(TARGET / per);
  const firstMissing = Math.floor(have / per);
  const t0 = process.hrtime.bigint();
  for (let k = firstMissing; k < replicas; k += 50) {
    const batch = [];
    for (let r = k; r < Math.min(replicas, k + 50); r++) for (const a of syntheticReplica(r)) batch.push(store.append(a.streamId, a.events));
    await Promise.all(batch);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const events = Number(await store.headPosition());
  await store.close();
  return { events, seconds };
}

async function readCeiling(): Promise<{ events: number; seconds: number }> {
  const store = openSqliteEventStore({ path: ledger, readonly: true });
  const t0 = process.hrtime.bigint();
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: Number(args.batch) });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1]!.globalPosition;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await store.close();
  return { events, seconds };
}

async function main() {
  console.log(`# bench:projections — node ${process.version}, target ${fmt(TARGET)} events (${eventsPerReplica()} per replica of the worked example)`);
  const reused = existsSync(ledger) && args.keep !== undefined;
  const g = await generate();
  if (g.seconds > 0.01) console.log(`ledger: ${fmt(g.events)} events generated in ${g.seconds.toFixed(1)} s (${fmt(g.events / g.seconds)} events/s, direct batched appends)`);
  else console.log(`ledger: ${fmt(g.events)} events (reused ${reused ? ledger : ''})`);
  console.log(`ledger file: ${(statSync(ledger).size / 1e6).toFixed(0)} MB`);

  const c = await readCeiling();
  console.log(`ceiling — read + parse the log (readAll pages of ${args.batch}): ${fmt(c.events / c.seconds)} events/s (${c.seconds.toFixed(1)} s)`);

  const store = openSqliteEventStore({ path: ledger, readonly: true });
  const phases = new Map<RebuildPhase, number>();
  let last = Date.now();
  let lastPhase: RebuildPhase | undefined;
  const result = await rebuildReadModels({
    store,
    dataDir: base,
    batchSize: Number(args.batch),
    onProgress: (p) => {
      const now = Date.now();
      if (lastPhase) phases.set(lastPhase, (phases.get(lastPhase) ?? 0) + (now - last));
      last = now;
      lastPhase = p.phase;
    },
  });
  await store.close();
  const size = statSync(join(base, 'read.db')).size;
  console.log(
    `rebuild: ${fmt(result.events)} events → ${fmt(result.records)} records in ${result.seconds.toFixed(1)} s = ${fmt(result.eventsPerSecond)} events/s ` +
      `(target ≥ 60,000); read.db ${(size / 1e6).toFixed(0)} MB`,
  );
  console.log(`  phases: ${[...phases].map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  const rs = openSqliteReadStore({ path: join(base, 'read.db') });
  const stats = await rs.stats();
  await rs.close();
  console.log(JSON.stringify({ events: result.events, records: stats.records, seconds: result.seconds, eventsPerSecond: result.eventsPerSecond, readCeilingEventsPerSecond: c.events / c.seconds }));
  emitResult({
    title: 'Projections (issue 3)',
    workload: `A synthetic ledger of ${fmt(result.events)} events (the catalog's worked example replicated with varied ids, direct batched appends), then \`rebuildReadModels\` into a fresh read.db.`,
    rows: [
      {
        figure: `full rebuild of the read models (${fmt(result.events)} events → ${fmt(stats.records)} records)`,
        value: result.eventsPerSecond,
        unit: 'events/s',
        detail: `phases: ${[...phases].map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
        ceiling: { name: `read + parse the log alone (readAll pages of ${args.batch})`, value: c.events / c.seconds, unit: 'events/s' },
        target: '≥ 60,000 events/s',
        met: result.eventsPerSecond >= 60_000,
      },
    ],
    notes: ['Profile: parsing each event from the log ≈ 9 µs, writing a record with its version row ≈ 12–20 µs, the trigram search index ≈ 7–8 µs per record.'],
  });
  rmSync(base, { recursive: true, force: true });
}

await main();
