// Open-data bulk export throughput and memory: a synthetic ledger with 100,000 OCDS contracting
// processes (default; the catalog's worked example replicated with varied ids: 8 processes — tenders,
// government procurement, land use rights, mining rights, state property — per replica), projected into a fresh read.db by rebuildReadModels, then exported as an OCDS release
// package, an OCDS record package (compiled + versioned releases) and gzip, through the same
// generators the HTTP endpoints and `gongkai export` use. Resident set size is sampled every 20 ms;
// "flat" means the RSS after the first 10 % of the output is close to the peak.
//
//   npm run bench:export                         (100,000 processes)
//   npx tsx bench/export.ts --processes 20000 --keep /tmp/export-bench
//
// Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { chinaDate } from '@gongkai/catalog';
import { openSqliteEventStore } from '@gongkai/event-store';
import { DEFAULT_OCID_PREFIX, DEFAULT_PROJECT_PREFIX, coalesce, isProcessStream, ocdsRecordPackage, ocdsReleasePackage, type ExportOptions } from '@gongkai/open-data';
import { rebuildReadModels } from '@gongkai/projector';
import { eventsPerReplica, syntheticReplica } from '@gongkai/projector/synthetic';
import { openSqliteReadStore } from '@gongkai/read-store';
import { emitResult } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    processes: { type: 'string', default: '100000' },
    keep: { type: 'string' },
    /** internal: measure the exports of an already prepared folder in this (fresh) process */
    'measure-only': { type: 'string' },
  },
});
// OCDS processes in one replica of the worked example (tenders, procurement, land, mining, state property)
const PROCESSES_PER_REPLICA = new Set(syntheticReplica(0).map((a) => a.streamId).filter(isProcessStream)).size;
const EVENTS_PER_REPLICA = eventsPerReplica();
const replicas = Math.ceil(Number(args.processes) / PROCESSES_PER_REPLICA);
const base = args['measure-only'] ?? args.keep ?? mkdtempSync(join(tmpdir(), 'gongkai-bench-export-'));
if (!existsSync(base)) mkdirSync(base, { recursive: true });
const ledger = join(base, 'ledger.db');
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (n: number) => n / 1024 / 1024;

async function prepare(): Promise<void> {
  const store = openSqliteEventStore({ path: ledger });
  const per = EVENTS_PER_REPLICA;
  const have = Number(await store.headPosition());
  const t0 = Date.now();
  for (let k = Math.floor(have / per); k < replicas; k += 50) {
    const batch = [];
    for (let r = k; r < Math.min(replicas, k + 50); r++) for (const a of syntheticReplica(r)) batch.push(store.append(a.streamId, a.events));
    await Promise.all(batch);
  }
  process.stderr.write(`ledger: ${fmt(Number(await store.headPosition()))} events (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (!existsSync(join(base, 'read.db'))) {
    const r = await rebuildReadModels({ store, dataDir: base });
    process.stderr.write(`read models: ${fmt(r.records)} records (${r.seconds.toFixed(1)} s)\n`);
  }
  await store.close();
}

interface Run {
  bytes: number;
  seconds: number;
  peakRss: number;
  rssAt10: number;
  items: number;
}

async function measure(chunks: AsyncIterable<string>, gzip: boolean, expectedBytes?: number): Promise<Run> {
  global.gc?.();
  let peak = process.memoryUsage.rss();
  let rssAt10 = 0;
  let bytes = 0;
  let items = 0;
  const timer = setInterval(() => {
    const r = process.memoryUsage.rss();
    if (r > peak) peak = r;
  }, 20);
  // the package generators yield the head, one string per release/record, then the tail
  async function* counted(): AsyncGenerator<string> {
    let n = 0;
    for await (const c of chunks) {
      n++;
      yield c;
    }
    items = Math.max(0, n - 2);
  }
  const counter = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (!rssAt10 && expectedBytes && bytes >= expectedBytes / 10) rssAt10 = process.memoryUsage.rss();
      cb();
    },
  });
  const t0 = process.hrtime.bigint();
  const source = Readable.from(coalesce(counted()));
  if (gzip) await pipeline(source, createGzip(), counter);
  else await pipeline(source, counter);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  const end = process.memoryUsage.rss();
  if (end > peak) peak = end;
  return { bytes, seconds, peakRss: peak, rssAt10: rssAt10 || peak, items };
}

if (!args['measure-only']) {
  await prepare();
  // measure in a fresh process, so the RSS figures are the export's and not the rebuild's
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--processes', String(args.processes), '--measure-only', base], { stdio: 'inherit' });
  if (!args.keep) rmSync(base, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}
const readStore = openSqliteReadStore({ path: join(base, 'read.db') });
const o: ExportOptions = {
  ocidPrefix: DEFAULT_OCID_PREFIX,
  projectPrefix: DEFAULT_PROJECT_PREFIX,
  baseUrl: 'https://gongkai.example',
  publisherName: 'bench',
  today: chinaDate(new Date().toISOString()),
};
const baselineRss = process.memoryUsage.rss();
const releases = await measure(ocdsReleasePackage(readStore, o), false);
const releasesAgain = await measure(ocdsReleasePackage(readStore, o), false, releases.bytes);
const gz = await measure(ocdsReleasePackage(readStore, o), true);
const records = await measure(ocdsRecordPackage(readStore, o), false);
const recordsAgain = await measure(ocdsRecordPackage(readStore, o), false, records.bytes);
await readStore.close();

const line = (name: string, r: Run) =>
  `${name}: ${fmt(r.items)} items, ${mb(r.bytes).toFixed(1)} MB in ${r.seconds.toFixed(2)} s = ${(mb(r.bytes) / r.seconds).toFixed(1)} MB/s; peak RSS ${mb(r.peakRss).toFixed(0)} MB (after 10 % of the output ${mb(r.rssAt10).toFixed(0)} MB)`;
console.log(`baseline RSS before exporting: ${mb(baselineRss).toFixed(0)} MB`);
console.log(line('OCDS release package', releasesAgain));
console.log(`OCDS release package, gzip: ${mb(releases.bytes).toFixed(1)} MB → ${mb(gz.bytes).toFixed(1)} MB in ${gz.seconds.toFixed(2)} s = ${(mb(releases.bytes) / gz.seconds).toFixed(1)} MB/s of JSON; peak RSS ${mb(gz.peakRss).toFixed(0)} MB`);
console.log(line('OCDS record package', recordsAgain));

emitResult({
  title: 'Open-data exports (issue 7)',
  workload: `A synthetic ledger of ${fmt(replicas * PROCESSES_PER_REPLICA)} OCDS contracting processes (${fmt(replicas * EVENTS_PER_REPLICA)} events: the catalog's worked example replicated), projected into read.db, exported through the same generators as \`GET /v1/public/exports/…\` and \`gongkai export\` into a byte counter.`,
  rows: [
    {
      figure: `OCDS release package (${fmt(releasesAgain.items)} releases, ${mb(releasesAgain.bytes).toFixed(0)} MB)`,
      value: mb(releasesAgain.bytes) / releasesAgain.seconds,
      unit: 'MB/s',
      detail: `peak RSS ${mb(releasesAgain.peakRss).toFixed(0)} MB; ${mb(releasesAgain.rssAt10).toFixed(0)} MB after the first 10 % (baseline ${mb(baselineRss).toFixed(0)} MB)`,
    },
    {
      figure: `OCDS release package, gzip (${mb(gz.bytes).toFixed(0)} MB out)`,
      value: mb(releases.bytes) / gz.seconds,
      unit: 'MB/s',
      detail: `JSON MB per second; peak RSS ${mb(gz.peakRss).toFixed(0)} MB`,
    },
    {
      figure: `OCDS record package with compiled and versioned releases (${fmt(recordsAgain.items)} records, ${mb(recordsAgain.bytes).toFixed(0)} MB)`,
      value: mb(recordsAgain.bytes) / recordsAgain.seconds,
      unit: 'MB/s',
      detail: `peak RSS ${mb(recordsAgain.peakRss).toFixed(0)} MB; ${mb(recordsAgain.rssAt10).toFixed(0)} MB after the first 10 %`,
    },
  ],
});
