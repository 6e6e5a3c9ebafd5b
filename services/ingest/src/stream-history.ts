// What lifecycle rules need to know about a stream: its events so far (type, payload, date,
// poster). Cached per stream (LRU) and advanced on our own appends; another process's appends
// show up as a version conflict, which reloads the entry.
import type { EventStore, NewEvent } from '@gongkai/event-store';

export interface HistoryItem {
  eventId: string;
  type: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
  occurredAt: string;
  agency: string;
}

export interface StreamHistory {
  version: number;
  items: HistoryItem[];
  eventIds: ReadonlySet<string>;
}

function toItem(e: NewEvent): HistoryItem {
  return { eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload, occurredAt: e.occurredAt, agency: e.metadata.agency };
}

export class StreamHistoryCache {
  private readonly entries = new Map<string, StreamHistory>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = 20_000,
  ) {}

  async get(streamId: string): Promise<StreamHistory> {
    const hit = this.entries.get(streamId);
    if (hit) {
      this.entries.delete(streamId);
      this.entries.set(streamId, hit);
      return hit;
    }
    return this.reload(streamId);
  }

  async reload(streamId: string): Promise<StreamHistory> {
    // most appends open a new stream: the head lookup is several times cheaper than a stream read
    const events = (await this.store.streamVersion(streamId)) === 0 ? [] : await this.store.readStream(streamId);
    const items = events.map(toItem);
    const history: StreamHistory = {
      version: events.length === 0 ? 0 : events[events.length - 1]!.version,
      items,
      eventIds: new Set(items.map((i) => i.eventId)),
    };
    this.put(streamId, history);
    return history;
  }

  appended(streamId: string, events: NewEvent[], version: number): void {
    const prev = this.entries.get(streamId);
    if (!prev || prev.version + events.length !== version) {
      this.entries.delete(streamId);
      return;
    }
    const added = events.map(toItem);
    this.put(streamId, { version, items: prev.items.concat(added), eventIds: new Set([...prev.eventIds, ...added.map((i) => i.eventId)]) });
  }

  invalidate(streamId: string): void {
    this.entries.delete(streamId);
  }

  private put(streamId: string, history: StreamHistory): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, history);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
