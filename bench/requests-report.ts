/**
 * The annual report (年度报告) from the ledger, against the bare scan of the same ledger.
 *
 *   npx tsx bench/requests-report.ts [requests=20000] [replicas=200]
 *
 * 1. builds a ledger through the SQLite store: `replicas` synthetic copies of the worked examples
 *    (proactive disclosures of several agencies) and `requests` request streams of one agency
 *    (submitted; a third 补正 asked and received; a fifth consulted; 85 % answered), dated over 2025;
 * 2. times `annualReport` for that agency and 2025 (one pass over the global log, every request's
 *    clock, figures with their event ids), best of 3;
 * 3. ceiling: `readAll` over the same ledger in the same batches, doing nothing with the events.
 * Also: request clocks computed per second (pure, in memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { addDays, addWorkingDays } from '@gongkai/calendar';
import { openSqliteEventStore, type NewEvent } from '@gongkai/event-store';
import { annualReport, requestClock, type ClockEvent } from '@gongkai/requests';
import { syntheticReplica } from '../services/projector/src/synthetic.ts';
import { emitResult, fmt, type BenchRow } from './lib/report.ts';

const nums = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const REQUESTS = nums[0] ?? 20_000;
const REPLICAS = nums[1] ?? 200;
const AGENCY = 'agency-bench-requests';
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-requests-'));
console.log(`node ${process.version}, ${availableParallelism()} cores (load ${loadavg().map((l) => l.toFixed(1)).join(' ')}), ${fmt(REQUESTS)} requests, ${fmt(REPLICAS)} example replicas, data in ${dir}`);

function event(type: string, payload: Record<string, unknown>, date: string): NewEvent {
  return { eventId: uuidv7(), type, schemaVersion: 1, occurredAt: date, payload, metadata: { agency: AGENCY, user: 'bench' } };
}

function requestEvents(i: number): { streamId: string; events: NewEvent[] } {
  const requestId = `B-${i}`;
  const ref = { requestId, region: '320500' };
  const received = addDays('2025-01-02', i % 330);
  const events = [
    event('RequestSubmitted', { ...ref, agency: { name: '基准机关' }, requester: { type: 'citizen', name: `申请人${i}` }, channel: 'online', submittedDate: received, receivedDate: received, description: '申请公开。' }, received),
  ];
  let start = received;
  if (i % 3 === 0) {
    const notice = addWorkingDays(received, 3).date;
    start = addDays(notice, 5);
    events.push(event('SupplementRequested', { ...ref, noticeDate: notice, items: '补正' }, notice), event('SupplementReceived', { ...ref, receivedDate: start, supplement: '补正内容' }, start));
  }
  if (i % 5 === 0) {
    const sent = addWorkingDays(start, 2).date;
    events.push(event('ThirdPartyConsulted', { ...ref, consultationId: 'C1', kind: 'third-party', consulteeType: 'organisation', consultee: '某公司', sentDate: sent }, sent));
  }
  if (i % 20 < 17) {
    const answer = addWorkingDays(start, 5 + (i % 30)).date;
    events.push(event('RequestAnswered', { ...ref, answerDate: answer, outcome: 'withheld', ground: 'process-info' }, answer));
  }
  return { streamId: `request-${requestId}`, events };
}

const store = await openSqliteEventStore({ path: join(dir, 'ledger.db') });
let total = 0;
const t0 = performance.now();
for (let k = 0; k < REPLICAS; k += 20) {
  const appends = [];
  for (let j = k; j < Math.min(REPLICAS, k + 20); j++) for (const a of syntheticReplica(j)) appends.push(store.append(a.streamId, a.events).then(() => (total += a.events.length)));
  await Promise.all(appends);
}
for (let i = 0; i < REQUESTS; i += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, REQUESTS - i) }, (_, j) => {
      const r = requestEvents(i + j);
      total += r.events.length;
      return store.append(r.streamId, r.events);
    }),
  );
}
console.log(`ledger: ${fmt(total)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const best = async (f: () => Promise<unknown>) => {
  let ms = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const s = performance.now();
    await f();
    ms = Math.min(ms, performance.now() - s);
  }
  return ms;
};

let figures = '';
const reportMs = await best(async () => {
  const r = await annualReport(store, { year: 2025, agencyId: AGENCY });
  figures = `received ${fmt(r.requests.received.total.value)}, answered ${fmt(r.requests.answered.total.value)}, overdue ${fmt(r.requests.overdue.total.value)}`;
});
const scanMs = await best(async () => {
  let after = 0n;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 5000 });
    if (batch.length < 5000) return;
    after = batch[batch.length - 1]!.globalPosition;
  }
});

// pure clock throughput
const streams: ClockEvent[][] = Array.from({ length: 5000 }, (_, i) =>
  requestEvents(i).events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload, occurredAt: e.occurredAt, agency: AGENCY })),
);
const c0 = performance.now();
let clocks = 0;
while (performance.now() - c0 < 1000) for (const s of streams) (requestClock(s, '2025-12-31'), clocks++);
const clockRate = clocks / ((performance.now() - c0) / 1000);
await store.close();
rmSync(dir, { recursive: true, force: true });

const rows: BenchRow[] = [
  {
    figure: `annual report of one agency over the whole ledger (${fmt(total)} events, ${fmt(REQUESTS)} requests)`,
    value: total / (reportMs / 1000),
    unit: 'events/s',
    detail: `${(reportMs / 1000).toFixed(2)} s; ${figures}`,
    ceiling: { name: 'readAll over the same ledger, same batches, nothing done', value: total / (scanMs / 1000), unit: 'events/s' },
  },
  { figure: 'request clocks (补正, consultation, answer; State Council calendar)', value: clockRate, unit: 'clocks/s' },
];
for (const r of rows) console.log(`${r.figure}: ${fmt(r.value)} ${r.unit}${r.detail ? ` (${r.detail})` : ''}${r.ceiling ? `; ceiling ${fmt(r.ceiling.value)} ${r.ceiling.unit}` : ''}`);
emitResult({
  title: 'Requests for disclosure and the annual report (issue 10)',
  workload: `${fmt(REPLICAS)} synthetic copies of the worked examples plus ${fmt(REQUESTS)} request streams of one agency dated over 2025, SQLite ledger; the 2025 report of that agency, best of 3.`,
  rows,
});
