// The state of a stream at any version: a generic fold over its events, driven by the catalog.
//
// A stream holds disclosure records (one per 公开事项 instance, keyed by the catalog's recordKey).
// An ordinary event creates or replaces its record; 更正 (DisclosureCorrected) replaces top-level
// fields of the event it targets (objects and arrays whole); 撤回 (DisclosureRetracted) withdraws
// the event it targets. A record shows its latest event that is not withdrawn, with every
// correction to that event applied; when all its events are withdrawn the record is `retracted`
// and still shows the last one (the ledger forgets nothing). Nothing here reads the clock: the
// state at version k is a pure function of the first k events.
import { getEntry, stringAt, valueAt } from '@gongkai/catalog';
import type { JsonObject, RecordedEvent } from '@gongkai/event-store';

/** What the fold needs from the catalog (injectable for tests and for catalog-less streams). */
export interface FoldCatalog {
  /** for 更正 / 撤回 types: where the target event id and (for corrections) the changes are */
  amendment(type: string, schemaVersion: number): { target(payload: unknown): string | undefined; changes?(payload: unknown): JsonObject | undefined } | undefined;
  /** the record key of an ordinary event; undefined → a record of its own */
  recordKey(type: string, schemaVersion: number, payload: unknown): string | undefined;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fold as the catalog declares it (recordKey, amends.targetField / changesField). */
export const catalogFold: FoldCatalog = {
  amendment(type, schemaVersion) {
    const entry = getEntry(type, schemaVersion) ?? getEntry(type);
    const amends = entry?.amends;
    if (!amends) return undefined;
    const changesField = amends.changesField;
    return {
      target: (payload) => stringAt(payload, amends.targetField),
      ...(changesField === undefined
        ? {}
        : {
            changes: (payload: unknown) => {
              const c = valueAt(payload, changesField);
              return isObject(c) ? c : undefined;
            },
          }),
    };
  },
  recordKey(type, schemaVersion, payload) {
    const entry = getEntry(type, schemaVersion) ?? getEntry(type);
    const key = entry?.recordKeyOf(payload);
    return key?.kind === 'own' ? key.key : undefined;
  },
};

export interface RecordState {
  key: string;
  status: 'effective' | 'retracted';
  /** the event the record shows (its payload with corrections applied) */
  eventId: string;
  type: string;
  payload: JsonObject;
  occurredAt: string;
  recordedAt: string;
  /** stream version of the last event that changed this record */
  updatedVersion: number;
  /** every ordinary event of the record, oldest first */
  events: string[];
  /** corrections applied to the shown event, oldest first */
  corrections: string[];
  /** retractions of events of this record */
  retractions: string[];
}

export interface StreamState {
  streamId: string;
  version: number;
  /** recordedAt of the last event folded (absent at version 0) */
  recordedAt?: string;
  records: Record<string, RecordState>;
  /** amendments whose target is not (yet) in the stream */
  unresolved: { eventId: string; type: string; targetEventId: string | null }[];
}

interface EventSlot {
  eventId: string;
  key: string;
  type: string;
  payload: JsonObject;
  occurredAt: string;
  recordedAt: string;
  version: number;
  retracted: boolean;
  corrections: string[];
}

type FoldEvent = Pick<RecordedEvent, 'eventId' | 'type' | 'schemaVersion' | 'payload' | 'occurredAt' | 'recordedAt' | 'version'>;

/** Incremental fold: feed events in version order, read the state at any point. */
export class StreamFolder {
  private readonly slots = new Map<string, EventSlot>();
  /** record key → its events' ids, in order */
  private readonly recordEvents = new Map<string, string[]>();
  private readonly retractionsByKey = new Map<string, string[]>();
  private readonly lastChange = new Map<string, number>();
  private readonly unresolved: StreamState['unresolved'] = [];
  private version = 0;
  private recordedAt: string | undefined;

  constructor(
    readonly streamId: string,
    private readonly catalog: FoldCatalog = catalogFold,
  ) {}

  apply(e: FoldEvent): void {
    this.version = e.version;
    this.recordedAt = e.recordedAt;
    const amendment = this.catalog.amendment(e.type, e.schemaVersion);
    if (amendment) {
      const targetId = amendment.target(e.payload);
      const slot = targetId === undefined ? undefined : this.slots.get(targetId);
      if (!slot) {
        this.unresolved.push({ eventId: e.eventId, type: e.type, targetEventId: targetId ?? null });
        return;
      }
      if (amendment.changes) {
        const changes = amendment.changes(e.payload);
        if (!changes) {
          this.unresolved.push({ eventId: e.eventId, type: e.type, targetEventId: targetId! });
          return;
        }
        slot.payload = { ...slot.payload, ...changes };
        slot.corrections.push(e.eventId);
      } else {
        slot.retracted = true;
        const list = this.retractionsByKey.get(slot.key) ?? [];
        list.push(e.eventId);
        this.retractionsByKey.set(slot.key, list);
      }
      this.lastChange.set(slot.key, e.version);
      return;
    }
    const key = this.catalog.recordKey(e.type, e.schemaVersion, e.payload) ?? `${e.type}:${e.eventId}`;
    this.slots.set(e.eventId, {
      eventId: e.eventId,
      key,
      type: e.type,
      payload: e.payload,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      version: e.version,
      retracted: false,
      corrections: [],
    });
    const list = this.recordEvents.get(key);
    if (list) list.push(e.eventId);
    else this.recordEvents.set(key, [e.eventId]);
    this.lastChange.set(key, e.version);
  }

  state(): StreamState {
    const records: Record<string, RecordState> = {};
    for (const [key, ids] of this.recordEvents) {
      const slots = ids.map((id) => this.slots.get(id)!);
      let shown = slots[slots.length - 1]!;
      for (let i = slots.length - 1; i >= 0; i--) {
        if (!slots[i]!.retracted) {
          shown = slots[i]!;
          break;
        }
      }
      records[key] = {
        key,
        status: shown.retracted ? 'retracted' : 'effective',
        eventId: shown.eventId,
        type: shown.type,
        payload: shown.payload,
        occurredAt: shown.occurredAt,
        recordedAt: shown.recordedAt,
        updatedVersion: this.lastChange.get(key)!,
        events: [...ids],
        corrections: [...shown.corrections],
        retractions: [...(this.retractionsByKey.get(key) ?? [])],
      };
    }
    return {
      streamId: this.streamId,
      version: this.version,
      ...(this.recordedAt !== undefined ? { recordedAt: this.recordedAt } : {}),
      records,
      unresolved: [...this.unresolved],
    };
  }
}

/** The state after folding `events` (in version order). */
export function foldStream(streamId: string, events: Iterable<FoldEvent>, catalog: FoldCatalog = catalogFold): StreamState {
  const f = new StreamFolder(streamId, catalog);
  for (const e of events) f.apply(e);
  return f.state();
}

/** How many of these events (recordedAt ascending) were recorded at or before `asOfMs`. */
export function versionAsOf(events: readonly Pick<RecordedEvent, 'recordedAt'>[], asOfMs: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(events[mid]!.recordedAt) <= asOfMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Diff

export interface JsonChange {
  op: 'added' | 'removed' | 'changed';
  /** RFC 6901 JSON Pointer */
  path: string;
  from?: unknown;
  to?: unknown;
}

function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Structural differences from `a` to `b` as JSON Pointer paths (objects by key, arrays by index). */
export function diffJson(a: unknown, b: unknown, path = '', out: JsonChange[] = []): JsonChange[] {
  if (Object.is(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= a.length) out.push({ op: 'added', path: p, to: b[i] });
      else if (i >= b.length) out.push({ op: 'removed', path: p, from: a[i] });
      else diffJson(a[i], b[i], p, out);
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      const p = `${path}/${pointerToken(k)}`;
      if (!Object.hasOwn(b, k)) out.push({ op: 'removed', path: p, from: a[k] });
      else diffJson(a[k], b[k], p, out);
    }
    for (const k of Object.keys(b)) {
      if (!Object.hasOwn(a, k)) out.push({ op: 'added', path: `${path}/${pointerToken(k)}`, to: b[k] });
    }
    return out;
  }
  out.push({ op: 'changed', path, from: a, to: b });
  return out;
}

/** What changed in the records between two states of one stream. */
export function diffStates(from: StreamState, to: StreamState): JsonChange[] {
  return diffJson({ records: from.records }, { records: to.records });
}
