// The projection runner: a checkpointed catch-up subscription to the global log that projects
// events in batches and applies each batch with its checkpoint in one read-store transaction.
//
// Batching: `consumeInBatches` (@gongkai/event-store) — large batches while catching up, a live
// event at once.
//
// Failure: a batch that fails is not applied (its transaction rolls back), the in-memory caches are
// dropped and the runner resubscribes from the stored checkpoint after a back-off. A read store
// replaced by `gongkai rebuild` is noticed at the next batch or tick, and the runner continues
// from the new file's checkpoint.
import { setTimeout as sleep } from 'node:timers/promises';
import { consumeInBatches, type EventStore, type RecordedEvent, type Subscription } from '@gongkai/event-store';
import { errorFields, type Logger, type Metrics } from '@gongkai/platform';
import { CheckpointConflictError, openSqliteReadStore, type ReadStore } from '@gongkai/read-store';
import { DisclosureProjection, type SkipReason } from './projection.ts';

export interface ProjectorOptions {
  store: EventStore;
  /** a read store to project into … */
  readStore?: ReadStore;
  /** … or the SQLite file to open (`<dataDir>/read.db`) */
  readStorePath?: string;
  logger?: Logger;
  metrics?: Metrics;
  /** most events per batch (default 2000) */
  batchSize?: number;
  /** ready while head − checkpoint ≤ this (default 100 events) */
  readyLag?: number;
  /** how often the lag gauge is refreshed and the read store checked for replacement (default 1000 ms) */
  tickMs?: number;
  /** records cached in memory between batches (default 20000) */
  cacheSize?: number;
}

export interface ProjectorStatus {
  checkpoint: string;
  head: string;
  lag: number;
  caughtUp: boolean;
  eventsProjected: number;
  lastError?: string;
}

export interface RunningProjector {
  readonly readStore: ReadStore;
  /** head − checkpoint as last measured */
  lag(): number;
  checkpoint(): bigint;
  /** lag ≤ readyLag */
  caughtUp(): boolean;
  /** measures the lag now: for /readyz */
  readiness(): Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  status(): ProjectorStatus;
  /** resolves once every event up to `position` is projected */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}


export async function startProjector(options: ProjectorOptions): Promise<RunningProjector> {
  const { store, logger, metrics } = options;
  if (!options.readStore && !options.readStorePath) throw new Error('startProjector: give readStore or readStorePath');
  const ownsReadStore = !options.readStore;
  const readStore: ReadStore = options.readStore ?? openSqliteReadStore({ path: options.readStorePath! });
  const batchSize = Math.max(1, options.batchSize ?? 2000);
  const readyLag = Math.max(0, options.readyLag ?? 100);
  const tickMs = Math.max(10, options.tickMs ?? 1000);

  const lagGauge = metrics?.gauge('gongkai_projection_lag_events', 'Events in the global log not yet projected into the read model (head − checkpoint)');
  const checkpointGauge = metrics?.gauge('gongkai_projection_checkpoint', 'Global position of the last event projected into the read model');
  const eventsCounter = metrics?.counter('gongkai_projection_events_total', 'Events projected into the read model');
  const skippedCounter = metrics?.counter('gongkai_projection_skipped_total', 'Events the projection left out, by reason', ['reason'] as const);
  const errorsCounter = metrics?.counter('gongkai_projection_errors_total', 'Projection batches that failed and were retried');
  const batchHistogram = metrics?.histogram('gongkai_projection_batch_seconds', 'Time to project and apply one batch', [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);

  const projection = new DisclosureProjection({
    source: readStore,
    lookupEvent: (id) => store.getEvent(id),
    ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
    onSkip: (e, reason: SkipReason) => {
      skippedCounter?.inc({ reason });
      if (reason !== 'duplicate') logger?.warn('projection skipped an event', { eventId: e.eventId, type: e.type, position: e.globalPosition.toString(), reason });
    },
  });

  let checkpoint = await readStore.checkpoint();
  let head = await store.headPosition();
  let projected = 0;
  let closed = false;
  let lastError: string | undefined;
  let subscription: Subscription | undefined;
  const waiters = new Set<{ position: bigint; resolve: () => void }>();

  const lagNow = () => (head > checkpoint ? Number(head - checkpoint) : 0);
  const publish = () => {
    lagGauge?.set(lagNow());
    checkpointGauge?.set(Number(checkpoint));
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

  /** True when a rebuild replaced the read store (state reloaded). */
  async function checkReplaced(): Promise<boolean> {
    if (!readStore.refresh) return false;
    const replaced = await readStore.refresh();
    if (replaced) {
      projection.reset();
      checkpoint = await readStore.checkpoint();
      logger?.info('read model replaced by a rebuild; continuing from its checkpoint', { checkpoint: checkpoint.toString() });
      publish();
    }
    return replaced;
  }

  async function applyBatch(batch: RecordedEvent[]): Promise<void> {
    const started = process.hrtime.bigint();
    const from = checkpoint;
    const to = batch[batch.length - 1]!.globalPosition;
    const { changes } = await projection.project(batch);
    await readStore.applyBatch(changes, { from, to, events: batch.length });
    projection.commit();
    checkpoint = to;
    projected += batch.length;
    eventsCounter?.inc(batch.length);
    batchHistogram?.observe(Number(process.hrtime.bigint() - started) / 1e9);
    if (to > head) head = to;
    publish();
  }

  /** One subscription's life: returns when closed, when the read store was replaced, or throws. */
  function consume(): Promise<void> {
    return consumeInBatches(store, {
      after: checkpoint,
      batchSize,
      idleMs: tickMs,
      isClosed: () => closed,
      onSubscription: (sub) => (subscription = sub),
      onIdle: async () => {
        await refreshHead();
        return checkReplaced();
      },
      onBatch: async (batch) => {
        if (await checkReplaced()) return true;
        await applyBatch(batch);
        lastError = undefined;
        return false;
      },
    });
  }

  const loop = (async () => {
    let backoff = 100;
    logger?.info('projector started', { checkpoint: checkpoint.toString(), head: head.toString() });
    while (!closed) {
      try {
        await consume();
        backoff = 100;
      } catch (err) {
        if (closed) break;
        projection.reset();
        errorsCounter?.inc();
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (!(err instanceof CheckpointConflictError)) logger?.error('projection batch failed; retrying from the stored checkpoint', errorFields(err));
        else logger?.warn('read model checkpoint moved under the projector; reloading', { message: err.message });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        try {
          await checkReplaced();
          checkpoint = await readStore.checkpoint();
        } catch {
          // keep retrying
        }
      }
    }
  })();

  return {
    readStore,
    lag: lagNow,
    checkpoint: () => checkpoint,
    caughtUp: () => lagNow() <= readyLag,
    async readiness() {
      await refreshHead();
      // head − checkpoint counts events only where positions are 1, 2, 3 … (SQLite); EventStoreDB's
      // are byte offsets. So when that difference is not already small, count the events behind
      // (at most readyLag + 1 of them): the same answer on SQLite, the right one on EventStoreDB.
      let lag = lagNow();
      if (lag > readyLag) {
        try {
          lag = (await store.readAll({ after: checkpoint, maxCount: readyLag + 1 })).length;
        } catch {
          // store unavailable: keep the positional figure (not ready)
        }
      }
      return { ok: lag <= readyLag, detail: { checkpoint: checkpoint.toString(), head: head.toString(), lag, readyLag } };
    },
    status: () => ({
      checkpoint: checkpoint.toString(),
      head: head.toString(),
      lag: lagNow(),
      caughtUp: lagNow() <= readyLag,
      eventsProjected: projected,
      ...(lastError ? { lastError } : {}),
    }),
    waitFor(position, timeoutMs = 10_000) {
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
          reject(new Error(`projector did not reach position ${position} within ${timeoutMs} ms (at ${checkpoint})`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await subscription?.close();
      await loop;
      if (ownsReadStore) await readStore.close();
    },
  };
}
