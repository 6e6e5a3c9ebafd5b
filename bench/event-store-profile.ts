// CPU profile of one append scenario of the SQLite event store, the timed part only (the V8
// inspector is started after the events are built). Open the .cpuprofile in Chrome DevTools or
// VS Code.
//
//   npx tsx bench/event-store-profile.ts [seq|group|bulk|singles] [--out dir]   (default bench/out/, git-ignored)
//
//   seq      100,000 events in appends of 100, one at a time
//   group    the same 1,000 appends all in flight at once (group commit)
//   bulk     10 appends of 10,000 events
//   singles  50,000 single-event appends all in flight at once
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { openSqliteEventStore, type NewEvent } from '../packages/event-store/src/index.ts';

const { values: args, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const mode = positionals[0] ?? 'group';
if (!['seq', 'group', 'bulk', 'singles'].includes(mode)) throw new Error(`unknown scenario ${mode}`);

function makeEvent(i: number): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'TenderCandidatesPublicized',
    schemaVersion: 1,
    occurredAt: '2024-09-18T10:00:00+08:00',
    payload: {
      tenderId: `JSZC-2024-${i}`,
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

const dir = mkdtempSync(join(tmpdir(), 'gongkai-profile-'));
const store = openSqliteEventStore({ path: join(dir, 'events.db') });
const events = Array.from({ length: mode === 'singles' ? 50_000 : 100_000 }, (_, i) => makeEvent(i));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t0 = performance.now();
if (mode === 'group') {
  const all: Promise<unknown>[] = [];
  for (let i = 0; i < events.length; i += 100) all.push(store.append(`tender-${(i / 100) % 1000}`, events.slice(i, i + 100)));
  await Promise.all(all);
} else if (mode === 'singles') {
  await Promise.all(events.map((e, i) => store.append(`penalty-${i % 1000}`, [e])));
} else if (mode === 'bulk') {
  for (let i = 0; i < events.length; i += 10_000) await store.append(`bulk-${i}`, events.slice(i, i + 10_000));
} else {
  for (let i = 0; i < events.length; i += 100) await store.append(`tender-${(i / 100) % 1000}`, events.slice(i, i + 100));
}
const ms = performance.now() - t0;
const { profile } = await session.post('Profiler.stop');
const outDir = args.out ?? join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `event-store-${mode}-${Date.now()}.cpuprofile`);
writeFileSync(out, JSON.stringify(profile));
console.log(`${mode}: ${events.length} events in ${ms.toFixed(0)} ms = ${Math.round(events.length / (ms / 1000)).toLocaleString('en')} events/s (profiler on)`);
console.log('stats', store.stats());
console.log(`profile: ${out}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
