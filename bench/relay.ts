// Relay throughput to Kafka: events/s the relay publishes from a SQLite ledger to a real broker
// (acks=all, idempotent producer, checkpoint written per batch), beside its ceiling measured in the
// same run — the same kafkajs producer settings sending the same records, prebuilt in memory, in
// the same batch size to the same number of topics (no ledger reads, no checkpoint).
//
//   infra/kafka/install.sh && infra/kafka/start.sh
//   KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/relay.ts            (100,000 events)
//   KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/relay.ts --events 20000 --batch 1000
//
// Prints figures; asserts nothing. Its topics are deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { openSqliteEventStore } from '@gongkai/event-store';
import { createLogger } from '@gongkai/platform';
import { eventsPerReplica, syntheticReplica } from '@gongkai/projector/synthetic';
import { createKafka, ensureTopics, relayTopics, startRelay, toMessage, topicFor } from '@gongkai/relay';
import { emitResult, SKIPPED_PREFIX } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
  },
});
const brokers: string = process.env.KAFKA_BROKERS ?? '';
if (!brokers) {
  console.error('bench/relay.ts needs a broker: infra/kafka/install.sh && infra/kafka/start.sh && KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/relay.ts');
  // bench/run-all.ts reports this run as skipped, with the reason
  console.log(`${SKIPPED_PREFIX}KAFKA_BROKERS is not set (start a broker: bash infra/kafka/start.sh, then KAFKA_BROKERS=127.0.0.1:9092 npm run bench)`);
  process.exit(0);
}
const TARGET = Number(args.events);
const BATCH = Number(args.batch);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const run = Math.random().toString(36).slice(2, 8);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-relay-'));
const kafka = createKafka({ brokers, clientId: 'gongkai-bench-relay' });
const prefixes = [`bench${run}ceil.`, `bench${run}relay.`];

async function main(): Promise<void> {
  // the ledger
  const store = openSqliteEventStore({ path: join(dir, 'ledger.db') });
  const replicas = Math.ceil(TARGET / eventsPerReplica());
  for (let k = 0; k < replicas; k += 50) {
    const pending = [];
    for (let r = k; r < Math.min(replicas, k + 50); r++) for (const a of syntheticReplica(r)) pending.push(store.append(a.streamId, a.events));
    await Promise.all(pending);
  }
  const events = await store.readAll();
  console.log(`ledger: ${fmt(events.length)} events; broker ${brokers}; batch ${BATCH}`);
  for (const p of prefixes) await ensureTopics(kafka, p);

  // ceiling: the same records, prebuilt, through the same producer settings
  const ceilingPrefix = prefixes[0]!;
  const batches: Array<Array<{ topic: string; messages: ReturnType<typeof toMessage>[] }>> = [];
  for (let i = 0; i < events.length; i += BATCH) {
    const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
    for (const e of events.slice(i, i + BATCH)) {
      const t = topicFor(e, ceilingPrefix);
      (byTopic.get(t) ?? byTopic.set(t, []).get(t)!).push(toMessage(e));
    }
    batches.push([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }
  const ceilingRun = async (): Promise<number> => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    const started = process.hrtime.bigint();
    for (const topicMessages of batches) await producer.sendBatch({ acks: -1, topicMessages });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await producer.disconnect();
    return seconds;
  };
  // measured before and after the relay (warm-up and broker state vary); the faster one counts
  const ceilingBefore = await ceilingRun();

  // the relay, from an empty checkpoint to the head
  const head = await store.headPosition();
  const t0 = process.hrtime.bigint();
  const relay = await startRelay({ store, brokers, dataDir: dir, topicPrefix: prefixes[1]!, batchSize: BATCH, logger: createLogger({ silent: true }) });
  await relay.waitFor(head, 600_000);
  const relaySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const status = relay.status();
  await relay.close();
  await store.close();
  const ceilingSeconds = Math.min(ceilingBefore, await ceilingRun());

  const ceiling = events.length / ceilingSeconds;
  const relayed = status.eventsRelayed / relaySeconds;
  console.log(`ceiling  raw kafkajs producer (idempotent, acks=all), prebuilt records: ${fmt(ceiling)} events/s (${ceilingSeconds.toFixed(2)} s)`);
  console.log(`relay    ledger → Kafka with checkpoint per batch:                  ${fmt(relayed)} events/s (${relaySeconds.toFixed(2)} s, ${fmt(status.eventsRelayed)} events, ${status.failures} failed sends)`);
  console.log(`relay / ceiling: ${((relayed / ceiling) * 100).toFixed(0)}%`);
  emitResult({
    title: 'Kafka relay (issue 5)',
    workload: `${fmt(events.length)} events from a SQLite ledger to one Kafka broker on the same machine, batches of ${BATCH}; the ceiling is a plain kafkajs producer with the same settings sending the same records prebuilt in memory, measured before and after the relay (the faster kept).`,
    rows: [
      {
        figure: 'relay: ledger → Kafka, checkpoint per batch',
        value: relayed,
        unit: 'events/s',
        detail: `${status.failures} failed sends`,
        ceiling: { name: 'raw kafkajs producer (idempotent, acks=all), prebuilt records', value: ceiling, unit: 'events/s' },
      },
    ],
  });
}

try {
  await main();
} finally {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: prefixes.flatMap((p) => relayTopics(p)) }).catch((err) => console.error('could not delete bench topics:', err.message));
  await admin.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
