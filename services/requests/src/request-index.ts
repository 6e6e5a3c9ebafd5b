// The request streams of the ledger, kept in memory and caught up from the global log on demand
// (only `request-*` events are kept; they are few next to the disclosures). Used for the agency's and
// the auditors' lists of requests and their clocks.
import { chinaDate } from '@gongkai/catalog';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { requestClock, type ClockEvent, type RequestClock } from './clock.ts';

export interface IndexedRequest {
  streamId: string;
  /** the agency the request was addressed to (the agency of RequestSubmitted) */
  agency: string | null;
  events: ClockEvent[];
}

export function clockEventOf(e: RecordedEvent): ClockEvent {
  return { eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload, occurredAt: e.occurredAt, agency: e.metadata.agency, recordedDate: chinaDate(e.recordedAt) };
}

export class RequestIndex {
  private after = 0n;
  private readonly streams = new Map<string, IndexedRequest>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize = 5_000,
  ) {}

  /** Reads the events appended since the last call. Concurrent callers share one catch-up. */
  async refresh(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (;;) {
          const batch = await this.store.readAll({ after: this.after, maxCount: this.batchSize });
          for (const e of batch) {
            if (!e.streamId.startsWith('request-')) continue;
            let s = this.streams.get(e.streamId);
            if (!s) this.streams.set(e.streamId, (s = { streamId: e.streamId, agency: null, events: [] }));
            if (e.type === 'RequestSubmitted') s.agency = e.metadata.agency;
            s.events.push(clockEventOf(e));
          }
          if (batch.length > 0) this.after = batch[batch.length - 1]!.globalPosition;
          if (batch.length < this.batchSize) return;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Requests addressed to `agency` (every request when undefined), with their clocks as of `asOf`. */
  async list(asOf: string, agency?: string): Promise<Array<{ streamId: string; agency: string | null; clock: RequestClock }>> {
    await this.refresh();
    const out = [];
    for (const s of this.streams.values()) {
      if (agency !== undefined && s.agency !== agency) continue;
      out.push({ streamId: s.streamId, agency: s.agency, clock: requestClock(s.events, asOf) });
    }
    return out.sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  }
}
