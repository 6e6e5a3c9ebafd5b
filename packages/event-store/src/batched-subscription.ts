// Consuming the global log in batches, for the checkpointed followers (projector, relay).
//
// After the first event of a batch, events keep being taken for as long as the subscription hands
// them over without waiting (it is replaying its page, or the next page is already there); the
// batch closes at `batchSize` or as soon as the subscription would wait for a commit. Catching up
// therefore runs in large batches, and a live event is handled at once.
import type { EventStore, RecordedEvent, Subscription } from './port.ts';

export interface BatchedSubscriptionOptions {
  /** global position to follow from (exclusive) */
  after: bigint;
  /** most events per batch */
  batchSize: number;
  /** how long to wait for an event before calling onIdle */
  idleMs: number;
  /** checked before each wait: true ends the subscription */
  isClosed(): boolean;
  /** handles one batch; resolves true to end the subscription; a throw ends it with the error */
  onBatch(batch: RecordedEvent[]): Promise<boolean | void>;
  /** called after idleMs without an event; resolves true to end the subscription */
  onIdle?(): Promise<boolean | void>;
  /** the open subscription (undefined once closed), so that a close() elsewhere can end it */
  onSubscription?(subscription: Subscription | undefined): void;
}

const IMMEDIATE = Symbol('immediate');
const IDLE = Symbol('idle');

function nextImmediate(): Promise<typeof IMMEDIATE> {
  return new Promise((resolve) => setImmediate(() => resolve(IMMEDIATE)));
}

/** One subscription's life: returns when closed, when a callback asks to end, or throws. */
export async function consumeInBatches(store: EventStore, options: BatchedSubscriptionOptions): Promise<void> {
  const { batchSize, idleMs } = options;
  const sub = store.subscribeToAll({ after: options.after });
  options.onSubscription?.(sub);
  const it = sub[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  try {
    while (!options.isClosed()) {
      pending ??= it.next();
      let timer: NodeJS.Timeout | undefined;
      const first = await Promise.race([pending, new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), idleMs)))]);
      clearTimeout(timer);
      if (first === IDLE) {
        if (await options.onIdle?.()) return;
        continue;
      }
      pending = undefined;
      if (first.done) return;
      const batch: RecordedEvent[] = [first.value];
      while (batch.length < batchSize) {
        const next = it.next();
        const r = await Promise.race([next, nextImmediate()]);
        if (r === IMMEDIATE) {
          pending = next;
          break;
        }
        if (r.done) break;
        batch.push(r.value);
      }
      if (await options.onBatch(batch)) return;
    }
  } finally {
    options.onSubscription?.(undefined);
    await sub.close();
  }
}
