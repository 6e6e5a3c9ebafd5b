// Where the stories write: events recorded per stream, then put in one posting order (by formed
// date, each stream keeping its own order), grouped into appends, given deterministic UUID v7
// ids in that order and an exact expectedVersion per append.
import { latestSchemaVersion, occurredAtOf } from '@gongkai/catalog';
import { hash32 } from './random.ts';

export type Payload = Record<string, unknown>;

/** One event as the append path takes it (`EventInput` of @gongkai/ingest). */
export interface DemoEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  payload: Payload;
}

/** One append: `AppendService.appendToStream(principal, streamId, events, expectedVersion)`. */
export interface StreamPost {
  streamId: string;
  /** 'no_stream' for the first append to a stream, else the stream's version before it */
  expectedVersion: number | 'no_stream';
  events: DemoEvent[];
}

/** An event a story recorded; its eventId is only known once the demo is finished. */
export interface Recorded {
  readonly streamId: string;
  readonly type: string;
  readonly payload: Payload;
  /** the formed date (occurredAt) */
  readonly date: string;
}

interface Item {
  seq: number;
  streamId: string;
  /** posting-order key: the formed date, never earlier than the stream's previous key */
  key: string;
  event: DemoEvent;
  /** for amendments: the event whose id goes into payload.targetEventId */
  target?: DemoEvent;
}

/** Most events one append may carry (services/ingest MAX_EVENTS_PER_STREAM_APPEND). */
const MAX_EVENTS_PER_POST = 1000;

/** Drops undefined members (optional fields left out), recursively. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
    return out;
  }
  return value;
}

export class Ledger {
  private readonly items: Item[] = [];
  private readonly byEvent = new Map<Payload, Item>();
  private readonly lastKey = new Map<string, string>();

  record(streamId: string, type: string, payload: Payload): Recorded {
    return this.add(streamId, type, compact(payload) as Payload);
  }

  /** 更正: the corrected top-level fields of `target`, posted to its stream. */
  correct(target: Recorded, changes: Payload, reason: string, discoveredDate: string): Recorded {
    const payload = { targetEventId: '', targetType: target.type, changes: compact(changes) as Payload, reason, discoveredDate };
    return this.add(target.streamId, 'DisclosureCorrected', payload, target);
  }

  /** 撤回: withdraws `target` from its stream's effective history. */
  retract(target: Recorded, reason: string, legalBasis: string, retractedDate: string): Recorded {
    const payload = { targetEventId: '', targetType: target.type, reason, legalBasis, retractedDate };
    return this.add(target.streamId, 'DisclosureRetracted', payload, target);
  }

  /** Events of one type recorded so far, in recording order. */
  recordedOf(type: string): Recorded[] {
    return this.items.filter((i) => i.event.type === type).map((i) => ({ streamId: i.streamId, type, payload: i.event.payload, date: occurredAtOf(type, i.event.payload) ?? i.key }));
  }

  get size(): number {
    return this.items.length;
  }

  private add(streamId: string, type: string, payload: Payload, target?: Recorded): Recorded {
    const schemaVersion = latestSchemaVersion(type);
    if (schemaVersion === undefined) throw new Error(`demo: unknown event type ${type}`);
    const date = occurredAtOf(type, payload);
    if (date === undefined) throw new Error(`demo: ${type} in ${streamId} has no formed date`);
    const previous = this.lastKey.get(streamId);
    const key = previous !== undefined && previous > date ? previous : date;
    this.lastKey.set(streamId, key);
    const event: DemoEvent = { eventId: '', type, schemaVersion, payload };
    const item: Item = { seq: this.items.length, streamId, key, event };
    if (target) {
      const targetItem = this.byEvent.get(target.payload);
      if (!targetItem || targetItem.streamId !== streamId) throw new Error(`demo: amendment target not recorded in ${streamId}`);
      item.target = targetItem.event;
    }
    this.items.push(item);
    this.byEvent.set(payload, item);
    return { streamId, type, payload, date };
  }

  /**
   * The appends in posting order: by formed date (streams keep their own order), consecutive
   * same-day events of one stream in one append; ids assigned in that order.
   */
  finish(eventId: (n: number) => string): StreamPost[] {
    const ordered = [...this.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq));
    const posts: StreamPost[] = [];
    const versions = new Map<string, number>();
    let current: { post: StreamPost; key: string } | undefined;
    let n = 0;
    for (const item of ordered) {
      item.event.eventId = eventId(n++);
      if (item.target) {
        if (item.target.eventId === '') throw new Error('demo: an amendment precedes its target');
        item.event.payload['targetEventId'] = item.target.eventId;
      }
      if (current && current.post.streamId === item.streamId && current.key === item.key && current.post.events.length < MAX_EVENTS_PER_POST) {
        current.post.events.push(item.event);
      } else {
        const version = versions.get(item.streamId) ?? 0;
        current = { post: { streamId: item.streamId, expectedVersion: version === 0 ? 'no_stream' : version, events: [item.event] }, key: item.key };
        posts.push(current.post);
      }
      versions.set(item.streamId, (versions.get(item.streamId) ?? 0) + 1);
    }
    return posts;
  }
}

/**
 * A deterministic UUID v7 (RFC 9562): 48-bit Unix milliseconds `baseMs + n` (so ids sort in
 * posting order and never collide), version 7, variant 10, the remaining 74 bits drawn from the
 * seed and n.
 */
export function demoUuidV7(seed: number, baseMs: number, n: number): string {
  const ts = (baseMs + n).toString(16).padStart(12, '0');
  const h1 = hash32(seed, `a${n}`);
  const h2 = hash32(seed, `b${n}`);
  const h3 = hash32(seed, `c${n}`);
  const hex = (v: number, width: number) => (v >>> 0).toString(16).padStart(width, '0').slice(-width);
  const randA = hex(h1 & 0xfff, 3);
  const variant = (0x8 | ((h1 >>> 12) & 0x3)).toString(16);
  const randB1 = hex((h1 >>> 14) & 0xfff, 3);
  const randB2 = hex(h2, 8) + hex(h3 & 0xffff, 4);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${randA}-${variant}${randB1}-${randB2}`;
}
