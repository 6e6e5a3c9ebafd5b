// The Kafka relay: a checkpointed catch-up subscription to the global log that publishes every
// committed event to the topic of its catalog category, keyed by stream id.
//
// Delivery: at least once. A batch is sent with acks=all through an idempotent producer
// (maxInFlightRequests 1, so the broker drops the producer's own retries and keeps order); the
// checkpoint moves only after the broker acknowledged the whole batch. When a send fails (broker
// down, leader moving) the producer is thrown away, and after a back-off a new one resends from the
// checkpoint: records of the failed batch that had already been written are written again. That
// is the only source of duplicates; consumers drop them by eventId (createDedupingConsumer).
//
// Batching: `consumeInBatches` (@gongkai/event-store), as in the projector — large batches while
// catching up, a live event at once.
import { join } from 'node:path';
import kafkajs, { type KafkaConfig, type Producer } from 'kafkajs';
import { consumeInBatches, type EventStore, type RecordedEvent, type Subscription } from '@gongkai/event-store';
import { errorFields, type Logger, type Metrics } from '@gongkai/platform';
import { RelayCheckpoint } from './checkpoint.ts';
import { createKafka, ensureTopics, parseBrokers, type KafkaClient, type TopicSettings } from './kafka.ts';
import { toMessage } from './message.ts';
import { checkTopicPrefix, DEFAULT_TOPIC_PREFIX, topicFor } from './topics.ts';

const { Partitioners } = kafkajs;

export interface RelayOptions {
  store: EventStore;
  /** "host:port,host:port" or a list */
  brokers: string | readonly string[];
  /** the checkpoint file … */
  checkpointPath?: string;
  /** … or the folder to keep it in (`<dataDir>/relay.db`) */
  dataDir?: string;
  logger?: Logger;
  metrics?: Metrics;
  /** topic name prefix (default "gongkai."): topics are `<prefix><category>` and `<prefix>other` */
  topicPrefix?: string;
  clientId?: string;
  /** most events per produce request (default 500) */
  batchSize?: number;
  /** ready while connected and head − checkpoint ≤ this (default 100 events) */
  readyLag?: number;
  /** how often the lag gauge is refreshed (default 1000 ms) */
  tickMs?: number;
  /** longest back-off between reconnection attempts (default 5000 ms) */
  maxBackoffMs?: number;
  topics?: TopicSettings;
  /** kafkajs client settings to override (retry, timeouts, ssl, sasl …) */
  kafka?: Partial<KafkaConfig>;
}

export interface RelayStatus {
  checkpoint: string;
  head: string;
  lag: number;
  connected: boolean;
  eventsRelayed: number;
  failures: number;
  lastError?: string;
}

export interface RunningRelay {
  checkpoint(): bigint;
  lag(): number;
  /** connected to the brokers and lag ≤ readyLag; measures the lag now (for /readyz) */
  readiness(): Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  status(): RelayStatus;
  /** resolves once every event up to `position` is acknowledged by Kafka */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const { store, logger, metrics } = options;
  const prefix = checkTopicPrefix(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
  const brokers = parseBrokers(options.brokers);
  const checkpointPath = options.checkpointPath ?? (options.dataDir ? join(options.dataDir, 'relay.db') : undefined);
  if (!checkpointPath) throw new Error('startRelay: give checkpointPath or dataDir');
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const readyLag = Math.max(0, options.readyLag ?? 100);
  const tickMs = Math.max(10, options.tickMs ?? 1000);
  const maxBackoffMs = Math.max(50, options.maxBackoffMs ?? 5000);

  const relayedCounter = metrics?.counter('gongkai_relay_events_total', 'Events published to Kafka and acknowledged', ['topic'] as const);
  const failuresCounter = metrics?.counter('gongkai_relay_failures_total', 'Relay send failures (the batch is resent from the checkpoint)');
  const lagGauge = metrics?.gauge('gongkai_relay_lag_events', 'Events in the global log not yet acknowledged by Kafka (head − checkpoint)');
  const checkpointGauge = metrics?.gauge('gongkai_relay_checkpoint', 'Global position of the last event acknowledged by Kafka');
  const connectedGauge = metrics?.gauge('gongkai_relay_connected', '1 while the relay producer is connected to Kafka');
  const batchHistogram = metrics?.histogram('gongkai_relay_batch_seconds', 'Time to publish one batch (send until acks=all)', [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);

  const kafka: KafkaClient = createKafka({ brokers, clientId: options.clientId ?? 'gongkai-relay', ...(logger ? { logger } : {}), ...(options.kafka ? { config: options.kafka } : {}) });
  const stored = new RelayCheckpoint(checkpointPath, prefix);
  let checkpoint = stored.get();
  let head = await store.headPosition();
  let relayed = 0;
  let failures = 0;
  let closed = false;
  let connected = false;
  let topicsReady = false;
  let lastError: string | undefined;
  let producer: Producer | undefined;
  let subscription: Subscription | undefined;
  let wake: (() => void) | undefined;
  const waiters = new Set<{ position: bigint; resolve: () => void }>();

  const lagNow = () => (head > checkpoint ? Number(head - checkpoint) : 0);
  const publish = () => {
    lagGauge?.set(lagNow());
    checkpointGauge?.set(Number(checkpoint));
    connectedGauge?.set(connected ? 1 : 0);
    for (const w of [...waiters]) if (checkpoint >= w.position) (waiters.delete(w), w.resolve());
  };
  publish();

  async function refreshHead(): Promise<void> {
    try {
      head = await store.headPosition();
    } catch {
      // store closing: keep the last value
    }
    publish();
  }

  async function connect(): Promise<Producer> {
    if (!topicsReady) {
      const created = await ensureTopics(kafka, prefix, options.topics);
      if (created.length > 0) logger?.info('created Kafka topics', { topics: created });
      topicsReady = true;
    }
    const p = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client: same key → same partition
    });
    await p.connect();
    return p;
  }

  async function send(batch: RecordedEvent[]): Promise<void> {
    const started = process.hrtime.bigint();
    const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
    for (const e of batch) {
      const topic = topicFor(e, prefix);
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(toMessage(e));
    }
    if (closed) throw new Error('relay closed');
    producer ??= await connect();
    connected = true;
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    // Acknowledged by every in-sync replica: only now may the checkpoint move.
    const to = batch[batch.length - 1]!.globalPosition;
    stored.advance(to);
    checkpoint = to;
    relayed += batch.length;
    for (const [topic, messages] of byTopic) relayedCounter?.inc({ topic }, messages.length);
    batchHistogram?.observe(Number(process.hrtime.bigint() - started) / 1e9);
    if (to > head) head = to;
    publish();
  }

  /** One subscription's life: returns when closed, or throws on a failed send. */
  function consume(): Promise<void> {
    return consumeInBatches(store, {
      after: checkpoint,
      batchSize,
      idleMs: tickMs,
      isClosed: () => closed,
      onSubscription: (sub) => (subscription = sub),
      onIdle: async () => {
        await refreshHead();
      },
      onBatch: async (batch) => {
        await send(batch);
        lastError = undefined;
      },
    });
  }

  async function dropProducer(): Promise<void> {
    const p = producer;
    producer = undefined;
    connected = false;
    publish();
    if (p) await p.disconnect().catch(() => undefined);
  }

  const loop = (async () => {
    let backoff = 100;
    logger?.info('relay started', { checkpoint: checkpoint.toString(), head: head.toString(), brokers, topicPrefix: prefix });
    while (!closed) {
      try {
        await consume();
        backoff = 100;
      } catch (err) {
        if (closed) break;
        failures += 1;
        failuresCounter?.inc();
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        logger?.warn('relay send failed; resending from the checkpoint after a back-off', { ...errorFields(err), checkpoint: checkpoint.toString(), backoffMs: backoff });
        // A producer whose send failed may hold sequence numbers the broker never saw: start afresh.
        await dropProducer();
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, backoff);
          wake = () => (clearTimeout(t), resolve());
        });
        wake = undefined;
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  })();

  return {
    checkpoint: () => checkpoint,
    lag: lagNow,
    async readiness() {
      await refreshHead();
      const lag = lagNow();
      return { ok: connected && lag <= readyLag, detail: { connected, checkpoint: checkpoint.toString(), head: head.toString(), lag, readyLag, ...(lastError ? { lastError } : {}) } };
    },
    status: () => ({
      checkpoint: checkpoint.toString(),
      head: head.toString(),
      lag: lagNow(),
      connected,
      eventsRelayed: relayed,
      failures,
      ...(lastError ? { lastError } : {}),
    }),
    waitFor(position, timeoutMs = 30_000) {
      if (checkpoint >= position) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = {
          position,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        };
        const t = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`relay did not reach position ${position} within ${timeoutMs} ms (at ${checkpoint}; ${lastError ?? 'no error'})`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      wake?.();
      await subscription?.close();
      // Disconnecting makes a send that is retrying against a dead broker give up now.
      await dropProducer();
      await loop;
      await dropProducer();
      stored.close();
      logger?.info('relay stopped', { checkpoint: checkpoint.toString(), relayed });
    },
  };
}

