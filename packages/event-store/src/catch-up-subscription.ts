// A catch-up subscription over any store that can read pages of the global log: it reads pages
// until it is caught up, then sleeps until the store signals a commit (in-process) or a poll
// interval passes (commits by other processes), and reads again.
import type { RecordedEvent, Subscription } from './port.ts';

export interface CatchUpSource {
  /** events strictly after `after`, in global order, at most `maxCount` */
  readPage(after: bigint, maxCount: number): Promise<RecordedEvent[]>;
  /** registers a listener called after each local commit; returns the unsubscribe function */
  onCommit(listener: () => void): () => void;
  /** false once the store is closed */
  isOpen(): boolean;
}

export interface CatchUpOptions {
  after?: bigint;
  pageSize?: number;
  pollIntervalMs?: number;
  onClose?: (s: CatchUpSubscription) => void;
}

export class CatchUpSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private position: bigint;
  private page: RecordedEvent[] = [];
  private index = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: CatchUpOptions = {},
  ) {
    this.position = options.after ?? 0n;
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  /** global position of the last event delivered (or the start position) */
  get lastPosition(): bigint {
    return this.position;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed || !this.source.isOpen()) return this.finish();
      if (this.index < this.page.length) {
        const e = this.page[this.index++]!;
        this.position = e.globalPosition;
        return { done: false, value: e };
      }
      const page = await this.source.readPage(this.position, this.pageSize);
      if (this.closed) return this.finish();
      if (page.length > 0) {
        this.page = page;
        this.index = 0;
        continue;
      }
      await this.waitForCommit();
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.page = [];
    this.wake?.();
    this.options.onClose?.(this);
  }

  private finish(): IteratorResult<RecordedEvent> {
    this.closed = true;
    return { done: true, value: undefined };
  }

  private waitForCommit(): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let unsubscribe: (() => void) | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        unsubscribe?.();
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      unsubscribe = this.source.onCommit(done);
      timer = setTimeout(done, this.pollIntervalMs);
    });
  }
}
