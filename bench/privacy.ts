// Crypto-shredding costs, on a real SQLite ledger and key store in a temp folder:
//   (a) appends of CompensationRegistered events (3 households, 6 personal values each = 18
//       encrypted values per event) through encryptingEventStore, beside the same appends of the
//       same payloads straight to the store (the ceiling: no encryption);
//   (b) reading them back in clear (readAll through the decrypting store) beside raw readAll;
//   (c) `eraseSubject` latency (key destroyed, WAL checkpointed, erasure event appended).
//
//   npx tsx bench/privacy.ts [--events 5000]
//
// Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { catalogExamples, type ExampleEvent } from '@gongkai/catalog';
import { openSqliteEventStore, type EventStore, type NewEvent } from '@gongkai/event-store';
import { PayloadCipher, SubjectKeyStore, encryptingEventStore, eraseSubject } from '@gongkai/privacy';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '5000' } } });
const N = Number(args.events);

const template = catalogExamples()
  .items.flatMap((i) => ((i.body as { events?: ExampleEvent[] }).events ?? []))
  .find((e) => e.type === 'CompensationRegistered')!;

function events(prefix: string): Array<{ streamId: string; event: NewEvent }> {
  return Array.from({ length: N }, (_, i) => {
    const payload = JSON.parse(JSON.stringify(template.payload)) as { batchId: string; households: Array<{ householdId: string }> };
    payload.batchId = `${prefix}-${i}`;
    return {
      streamId: `expropriation-${prefix}-${i}`,
      event: { eventId: uuidv7(), type: template.type, schemaVersion: 1, occurredAt: '2019-07-31', payload, metadata: { agency: 'bench', user: 'bench' } },
    };
  });
}

async function appendAll(store: EventStore, list: Array<{ streamId: string; event: NewEvent }>): Promise<number> {
  const t0 = performance.now();
  const inFlight = 64;
  for (let i = 0; i < list.length; i += inFlight) await Promise.all(list.slice(i, i + inFlight).map((x) => store.append(x.streamId, [x.event])));
  return performance.now() - t0;
}

async function readAllTimed(store: EventStore): Promise<number> {
  const t0 = performance.now();
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.globalPosition;
  }
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-privacy-'));
try {
  const plainStore = openSqliteEventStore({ path: join(dir, 'plain.db') });
  const rawStore = openSqliteEventStore({ path: join(dir, 'ledger.db') });
  const keys = SubjectKeyStore.open(dir);
  const clear = encryptingEventStore(rawStore, new PayloadCipher(keys));
  const perEvent = (template.payload as { households: unknown[] }).households.length * 6;

  const plainMs = await appendAll(plainStore, events('p'));
  const encMs = await appendAll(clear, events('e'));
  const rawReadMs = await readAllTimed(rawStore);
  const clearReadMs = await readAllTimed(clear);
  const t0 = performance.now();
  const subject = keys.subjects()[0]!.subject;
  await eraseSubject(keys, rawStore, { subject, reason: 'bench' });
  const eraseMs = performance.now() - t0;

  const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en');
  console.log(`privacy bench: ${N} CompensationRegistered events, ${perEvent} personal values each (${keys.subjects().length} subjects)`);
  console.log(`  append, no encryption (ceiling):  ${rate(plainMs)} events/s`);
  console.log(`  append through encryptingEventStore: ${rate(encMs)} events/s  (${(encMs / plainMs).toFixed(2)}× the time)`);
  console.log(`  readAll raw:                      ${rate(rawReadMs)} events/s`);
  console.log(`  readAll decrypted:                ${rate(clearReadMs)} events/s  (${(clearReadMs / rawReadMs).toFixed(2)}× the time)`);
  console.log(`  eraseSubject:                     ${eraseMs.toFixed(1)} ms`);
  await plainStore.close();
  await rawStore.close();
  keys.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
