// A consumer of the relay's topics that hands each event to `handle` once, although Kafka may
// deliver it more than once (the relay is at least once). The seen-set of event ids is a SQLite
// file, so it survives restarts; an event id is marked seen only after `handle` resolved, and the
// Kafka offset is committed after that. A crash between `handle` and the mark therefore replays
// the event to `handle` — exactly-once processing needs `handle` to be idempotent or to write its
// effect in the same SQLite file through `db` in the transaction given (see README).
import Database from 'better-sqlite3';
import type { Consumer, ConsumerConfig, KafkaConfig } from 'kafkajs';
import { errorFields, type Logger } from '@gongkai/platform';
import { createKafka, ensureTopics, type TopicSettings } from './kafka.ts';
import { HEADER, headerText, parseRelayedEvent, type RelayedEvent } from './message.ts';
import { checkTopicPrefix, DEFAULT_TOPIC_PREFIX, relayTopics } from './topics.ts';

export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
}

export interface DedupingConsumerOptions {
  brokers: string | readonly string[];
  groupId: string;
  /** the seen-set file (SQLite) */
  seenPath: string;
  /** called once per event id; throwing leaves the event unseen and the offset uncommitted (redelivered) */
  handle(event: RelayedEvent, delivery: DeliveryInfo): Promise<void> | void;
  /** topic prefix of the relay (default "gongkai.") */
  topicPrefix?: string;
  /** topics to read (default: every topic the relay publishes to) */
  topics?: readonly string[];
  /** read from the earliest offset when the group has none yet (default true) */
  fromBeginning?: boolean;
  clientId?: string;
  logger?: Logger;
  topicSettings?: TopicSettings;
  kafka?: Partial<KafkaConfig>;
  consumer?: Partial<ConsumerConfig>;
  /** called with every record dropped as already seen (tests, metrics) */
  onDuplicate?(eventId: string, delivery: DeliveryInfo): void;
}

export interface DedupingConsumer {
  /** connects, subscribes and starts consuming (resolves once running) */
  start(): Promise<void>;
  /** events handed to `handle` by this process */
  handled(): number;
  /** records dropped as duplicates by this process */
  duplicates(): number;
  /** whether an event id is in the seen-set */
  hasSeen(eventId: string): boolean;
  /** the seen-set's SQLite connection, for handlers that want their effect in the same file */
  readonly db: Database.Database;
  close(): Promise<void>;
}

export function createDedupingConsumer(options: DedupingConsumerOptions): DedupingConsumer {
  const prefix = checkTopicPrefix(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
  const topics = [...(options.topics ?? relayTopics(prefix))];
  const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? `gongkai-consumer-${options.groupId}`, ...(options.logger ? { logger: options.logger } : {}), ...(options.kafka ? { config: options.kafka } : {}) });
  const db = new Database(options.seenPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY, topic TEXT NOT NULL, seen_at TEXT NOT NULL) WITHOUT ROWID');
  const seenStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM seen_events WHERE event_id = ?');
  const markStmt = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO seen_events (event_id, topic, seen_at) VALUES (?, ?, ?)');
  const hasSeen = (id: string) => seenStmt.get(id) !== undefined;

  let consumer: Consumer | undefined;
  let handled = 0;
  let duplicates = 0;

  return {
    db,
    handled: () => handled,
    duplicates: () => duplicates,
    hasSeen,
    async start() {
      if (consumer) throw new Error('deduping consumer already started');
      if (!options.topics) await ensureTopics(kafka, prefix, options.topicSettings);
      const c = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, ...options.consumer });
      consumer = c;
      await c.connect();
      await c.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await c.run({
        // One record at a time, offsets committed after it: nothing is committed ahead of `handle`.
        autoCommit: true,
        eachMessage: async ({ topic, partition, message }) => {
          const delivery: DeliveryInfo = { topic, partition, offset: message.offset };
          const eventId = headerText(message.headers, HEADER.eventId);
          if (eventId && hasSeen(eventId)) {
            duplicates += 1;
            options.onDuplicate?.(eventId, delivery);
            return;
          }
          let event: RelayedEvent;
          try {
            event = parseRelayedEvent(message.value);
          } catch (err) {
            // Not an event (written by someone else): skip it rather than block the partition forever.
            options.logger?.warn('skipping a record that is not a relayed event', { ...delivery, ...errorFields(err) });
            return;
          }
          if (hasSeen(event.eventId)) {
            duplicates += 1;
            options.onDuplicate?.(event.eventId, delivery);
            return;
          }
          await options.handle(event, delivery);
          markStmt.run(event.eventId, topic, new Date().toISOString());
          handled += 1;
        },
      });
    },
    async close() {
      const c = consumer;
      consumer = undefined;
      if (c) await c.disconnect();
      if (db.open) db.close();
    },
  };
}
