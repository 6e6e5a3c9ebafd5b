// Shared by the relay tests: the catalog's worked example posted through the real append path,
// and a raw Kafka reader that collects every record of a set of topics.
import { exampleAppends, AGENCY_ROLES, type ExampleEvent } from '@gongkai/catalog';
import type { Principal } from '@gongkai/access';
import type { EventStore } from '@gongkai/event-store';
import { AppendService } from '@gongkai/ingest';
import { createMetrics } from '@gongkai/platform';
import { createKafka, HEADER, headerText } from '../src/index.ts';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '';
export const HOW_TO_RUN = 'infra/kafka/install.sh && infra/kafka/start.sh && KAFKA_BROKERS=127.0.0.1:9092 npm test';

export const AGENCY: Principal = {
  kind: 'agency',
  agencyId: 'agency-test-suzhou',
  agencyName: '苏州市政务公开测试机关',
  roles: new Set<string>(AGENCY_ROLES),
  regions: ['320500'],
  keyId: 'test',
};

/** Every example event with its stream, in posting order. */
export function exampleEvents(): Array<{ streamId: string; event: ExampleEvent }> {
  const out: Array<{ streamId: string; event: ExampleEvent }> = [];
  for (const { streamId, events } of exampleAppends()) for (const event of events) out.push({ streamId, event });
  return out;
}

/** Posts the worked example through AppendService (validation, lifecycle rules) onto `store`. */
export async function postExamples(store: EventStore): Promise<void> {
  const service = new AppendService({ store, metrics: createMetrics() });
  for (const { streamId, events } of exampleAppends()) await service.appendToStream(AGENCY, streamId, events, 'any');
}

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Reads every record of `topics` from the beginning until `until(records)` holds or the time runs out. */
export async function readAll(topics: string[], until: (records: RawRecord[]) => boolean, timeoutMs = 60_000): Promise<RawRecord[]> {
  const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'relay-test-reader' });
  const consumer = kafka.consumer({ groupId: `relay-test-reader-${Math.random().toString(36).slice(2)}` });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const name of Object.keys(message.headers ?? {})) headers[name] = headerText(message.headers, name)!;
        records.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers });
        if (until(records)) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

export function eventIdOf(r: RawRecord): string {
  return r.headers[HEADER.eventId]!;
}
