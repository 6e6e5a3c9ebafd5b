// kafkajs client construction shared by the relay, the deduping consumer and the tests.
import kafkajs, { type KafkaConfig, type Logger as KafkaLogger, type logCreator } from 'kafkajs';
import type { Logger } from '@gongkai/platform';
import { relayTopics } from './topics.ts';

const { Kafka, logLevel } = kafkajs;
export type KafkaClient = InstanceType<typeof Kafka>;

export function parseBrokers(brokers: string | readonly string[]): string[] {
  const list = (typeof brokers === 'string' ? brokers.split(',') : [...brokers]).map((b) => b.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('no Kafka brokers given (KAFKA_BROKERS=host:port[,host:port…])');
  for (const b of list) if (!/^[^\s:]+:\d{1,5}$/.test(b)) throw new Error(`invalid Kafka broker address ${JSON.stringify(b)} (expected host:port)`);
  return list;
}

/** Routes kafkajs's own log lines to our winston logger (warn and above; connection noise while a broker is down is expected). */
function logCreatorFor(logger: Logger | undefined): logCreator {
  return () => ({ level, log }) => {
    if (!logger) return;
    const { message, ...extra } = log;
    const fields = { kafka: log.namespace ?? undefined, broker: (extra as { broker?: string }).broker, error: (extra as { error?: string }).error };
    if (level === logLevel.ERROR) logger.warn(`kafkajs: ${message}`, fields);
    else if (level === logLevel.WARN) logger.debug(`kafkajs: ${message}`, fields);
  };
}

export function createKafka(options: { brokers: string | readonly string[]; clientId: string; logger?: Logger; config?: Partial<KafkaConfig> }): KafkaClient {
  return new Kafka({
    clientId: options.clientId,
    brokers: parseBrokers(options.brokers),
    logLevel: logLevel.WARN,
    logCreator: logCreatorFor(options.logger),
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 8 },
    ...options.config,
  });
}

export interface TopicSettings {
  /** partitions of each topic (default 3) */
  partitions?: number;
  /** -1 = the broker's default.replication.factor (default) */
  replicationFactor?: number;
}

/** Creates the category topics that do not exist yet (idempotent). */
export async function ensureTopics(kafka: KafkaClient, prefix: string, settings: TopicSettings = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = relayTopics(prefix);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: settings.partitions ?? 3, replicationFactor: settings.replicationFactor ?? -1 })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

export type { KafkaLogger };
