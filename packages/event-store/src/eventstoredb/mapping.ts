// Pure translations between the port and EventStoreDB / KurrentDB (@eventstore/db-client). No I/O:
// test/eventstoredb.mapping.test.ts checks them with the real client's constants, event
// constructors and error classes, without a server.
//
// Versions and revisions: a port version is the number of events in the stream (0 = no stream), an
// ESDB revision is the 0-based index of an event. Version v ⇄ revision v − 1; version 0 ⇄ NO_STREAM.
// A negative revision is never produced: versionToRevision throws instead.
//
// Global positions: EventStoreDB's commit position. Every append this adapter makes is an implicit
// transaction, for which the server reports commit = prepare = the event's own log position, so
// each event gets its own, strictly increasing position (the server's AllReader uses the prepare's
// log position as commit position for such records). Positions are bigints end to end.
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  AccessDeniedError as EsdbAccessDeniedError,
  CancelledError as EsdbCancelledError,
  DeadlineExceededError as EsdbDeadlineExceededError,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  NotLeaderError as EsdbNotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  TimeoutError as EsdbTimeoutError,
  UnavailableError as EsdbUnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  Position,
  ReadPosition,
} from '@eventstore/db-client';
import {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../errors.ts';
import type { EventMetadata, ExpectedVersion, JsonObject, RecordedEvent } from '../port.ts';

// ------------------------------------------------------------------ versions and revisions

/** Version v (≥ 1) → revision v − 1. Throws on anything that would give a negative or unsafe revision. */
export function versionToRevision(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new RangeError(`version ${String(version)} has no revision (versions start at 1; 0 means no stream)`);
  }
  return BigInt(version - 1);
}

/** Revision r (≥ 0) → version r + 1. */
export function revisionToVersion(revision: bigint): number {
  if (typeof revision !== 'bigint' || revision < 0n) throw new RangeError(`revision ${String(revision)} is negative`);
  const v = revision + 1n;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`revision ${revision} is beyond a safe integer version`);
  return Number(v);
}

/** The stream's current revision as ESDB reports it (NO_STREAM or the last event's revision) → port version. */
export function currentRevisionToVersion(current: CurrentRevision): number {
  return current === NO_STREAM ? 0 : revisionToVersion(current);
}

/** Port version → ESDB current revision (0 = NO_STREAM). */
export function versionToCurrentRevision(version: number): CurrentRevision {
  return version === 0 ? NO_STREAM : versionToRevision(version);
}

/**
 * A port expected version → the ESDB expected revision with the same meaning:
 * 'any' → ANY, 'no_stream' and 0 → NO_STREAM, 'stream_exists' → STREAM_EXISTS, v ≥ 1 → revision v − 1.
 * The adapter always appends with an exact revision (see eventstoredb-event-store.ts: the hash chain
 * needs the previous event), which is this function applied to the head version it read.
 */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
        throw new EventStoreInputError('expectedVersion', "must be 'any', 'no_stream', 'stream_exists' or a non-negative integer");
      }
      return expected === 0 ? NO_STREAM : versionToRevision(expected);
  }
}

/** The inverse of toExpectedRevision (NO_STREAM → 'no_stream'). */
export function fromExpectedRevision(expected: AppendExpectedRevision): ExpectedVersion {
  if (expected === ANY) return 'any';
  if (expected === NO_STREAM) return 'no_stream';
  if (expected === STREAM_EXISTS) return 'stream_exists';
  return revisionToVersion(expected);
}

// ------------------------------------------------------------------ positions

/** The port's global position of an ESDB event: its commit position. */
export function positionToGlobal(position: Position | undefined, what: string): bigint {
  if (!position) {
    throw new StoreUnavailableError(
      `${what}: the server returned no log position; EventStoreDB 22.10 or later (or KurrentDB) is required`,
    );
  }
  return position.commit;
}

/**
 * Where to start an ESDB read/subscription of $all for "strictly after `after`". ESDB reads of $all
 * are inclusive of their start position and subscriptions exclusive; callers drop events at or
 * before `after` either way.
 */
export function readPositionAfter(after: bigint | undefined): ReadPosition {
  if (after === undefined || after <= 0n) return 'start';
  return { commit: after, prepare: after };
}

// ------------------------------------------------------------------ names

/** Streams that hold the eventId index (one per event id; never part of the ledger). */
export const EVENT_ID_INDEX_PREFIX = 'gongkai.eventid-';
export const RESERVED_TYPE = 'gongkai.eventid.reserved';
export const RECORDED_TYPE = 'gongkai.eventid.recorded';

export function indexStreamName(eventId: string): string {
  return `${EVENT_ID_INDEX_PREFIX}${eventId}`;
}

/**
 * Server-side filter for $all subscriptions: drops system streams ($…, which hold every system event:
 * $metadata, $statsCollected, $> links, projections) and the eventId index streams.
 */
export const LEDGER_STREAM_REGEX = `^(?!\\$|${EVENT_ID_INDEX_PREFIX.replace(/\./g, '\\.')})`;

/** Client-side check of the same thing, plus $-typed events and events not written by this adapter. */
export function isLedgerEvent(e: { streamId: string; type: string; metadata?: unknown }): boolean {
  if (e.streamId.startsWith('$') || e.type.startsWith('$') || e.streamId.startsWith(EVENT_ID_INDEX_PREFIX)) return false;
  const m = e.metadata;
  return m !== null && typeof m === 'object' && !(m instanceof Uint8Array) && (m as { gongkai?: unknown }).gongkai === ENVELOPE_VERSION;
}

// ------------------------------------------------------------------ events

/** Marks an event's ESDB metadata as a Gongkai envelope (and its layout version). */
export const ENVELOPE_VERSION = 1;

/** What Gongkai keeps in an ESDB event's metadata: everything of the envelope except the payload. */
export interface EsdbEnvelope {
  gongkai: typeof ENVELOPE_VERSION;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
  /** the port's EventMetadata, exactly as hashed */
  metadata: EventMetadata;
  /** ESDB conventions, so that $by_correlation_id and tooling see them; not part of the hash */
  $correlationId?: string;
  $causationId?: string;
}

export interface EnvelopeInput {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  payload: JsonObject;
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** A hashed event → the ESDB event to append (ESDB event id = the port's eventId). */
export function toEventData(e: EnvelopeInput): EventData {
  const metadata: EsdbEnvelope = {
    gongkai: ENVELOPE_VERSION,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
    hash: e.hash,
    metadata: e.metadata,
  };
  if (typeof e.metadata.correlationId === 'string') metadata.$correlationId = e.metadata.correlationId;
  if (typeof e.metadata.causationId === 'string') metadata.$causationId = e.metadata.causationId;
  return jsonEvent({ id: e.eventId, type: e.type, data: e.payload, metadata: metadata as unknown as JsonObject });
}

/** The fields of an ESDB recorded event this adapter reads (the client's RecordedEvent has them all). */
export interface EsdbRecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** An ESDB recorded event written by toEventData → the port's RecordedEvent. Throws on anything else. */
export function fromRecordedEvent(e: EsdbRecordedLike): RecordedEvent {
  const where = `event ${e.id} (${e.streamId}@${e.revision})`;
  const m = e.metadata;
  if (!e.isJson || !isObject(m) || m.gongkai !== ENVELOPE_VERSION) {
    throw new StoreUnavailableError(`${where}: not a Gongkai event (no envelope in its metadata); the stream was written by something else`);
  }
  if (!isObject(e.data)) throw new StoreUnavailableError(`${where}: payload is not a JSON object`);
  const env = m as unknown as EsdbEnvelope;
  for (const k of ['occurredAt', 'recordedAt', 'prevHash', 'hash'] as const) {
    if (typeof env[k] !== 'string') throw new StoreUnavailableError(`${where}: envelope field ${k} missing`);
  }
  if (typeof env.schemaVersion !== 'number' || !isObject(env.metadata)) {
    throw new StoreUnavailableError(`${where}: envelope schemaVersion/metadata missing`);
  }
  return {
    eventId: e.id,
    type: e.type,
    schemaVersion: env.schemaVersion,
    occurredAt: env.occurredAt,
    payload: e.data as JsonObject,
    metadata: env.metadata,
    streamId: e.streamId,
    version: revisionToVersion(e.revision),
    globalPosition: positionToGlobal(e.position, where),
    recordedAt: env.recordedAt,
    prevHash: env.prevHash,
    hash: env.hash,
  };
}

// ------------------------------------------------------------------ eventId index records

/** First event of an index stream: the eventId is bound to this stream and content. */
export interface Reservation {
  streamId: string;
  /** preparedFingerprint() of the event */
  fingerprint: string;
  /** the stream's version when the reservation was made: the event, if written, has a higher version */
  afterVersion: number;
}

/** Later events of an index stream: where the event was written. */
export interface RecordedPointer {
  version: number;
}

export function reservationEvent(r: Reservation): EventData {
  return jsonEvent({ type: RESERVED_TYPE, data: { ...r } });
}

export function recordedEvent(p: RecordedPointer): EventData {
  return jsonEvent({ type: RECORDED_TYPE, data: { ...p } });
}

export interface IndexEntry {
  reservation: Reservation;
  /** set once the writer (or a later reader) confirmed where the event is */
  version?: number;
}

/** Reads an index stream's events (forward) into its entry; undefined when it is empty. */
export function parseIndexStream(events: ReadonlyArray<{ type: string; data: unknown }>): IndexEntry | undefined {
  let entry: IndexEntry | undefined;
  for (const e of events) {
    if (!isObject(e.data)) continue;
    if (e.type === RESERVED_TYPE && entry === undefined) {
      const { streamId, fingerprint, afterVersion } = e.data;
      if (typeof streamId === 'string' && typeof fingerprint === 'string' && typeof afterVersion === 'number') {
        entry = { reservation: { streamId, fingerprint, afterVersion } };
      }
    } else if (e.type === RECORDED_TYPE && entry !== undefined && typeof e.data.version === 'number') {
      entry.version = e.data.version;
    }
  }
  return entry;
}

// ------------------------------------------------------------------ errors

export interface ErrorContext {
  /** what was being done, for the message */
  operation: string;
  streamId?: string;
  /** the caller's expected version, reported in a WrongExpectedVersionError */
  expected?: ExpectedVersion;
  /** true for appends: a transport failure leaves the outcome unknown */
  write?: boolean;
}

/**
 * An error from the client → the port's error. Port errors pass through unchanged.
 * - WrongExpectedVersionError → WrongExpectedVersionError (actual = the server's current revision + 1)
 * - MaxAppendSizeExceededError → EventStoreInputError (nothing written)
 * - unavailable, deadline, timeout, not leader, cancelled, access denied, stream deleted, anything
 *   else → StoreUnavailableError naming the cause
 */
export function translateError(e: unknown, ctx: ErrorContext): Error {
  if (
    e instanceof WrongExpectedVersionError ||
    e instanceof IdempotencyConflictError ||
    e instanceof EventStoreInputError ||
    e instanceof StoreUnavailableError
  ) {
    return e;
  }
  if (e instanceof EsdbWrongExpectedVersionError) {
    const streamId = ctx.streamId ?? e.streamName;
    const expected = ctx.expected ?? fromExpectedRevision(e.expectedVersion);
    return new WrongExpectedVersionError(streamId, expected, currentRevisionToVersion(e.actualVersion));
  }
  if (e instanceof EsdbMaxAppendSizeExceededError) {
    return new EventStoreInputError('events', `the append is larger than the server's maximum append size (${e.maxAppendSize} bytes)`);
  }
  const detail = e instanceof Error ? e.message : String(e);
  const unknownOutcome = ctx.write
    ? '; the outcome is unknown: retrying with the same eventIds is safe'
    : '';
  let cause: string;
  if (e instanceof EsdbUnavailableError) cause = 'server unavailable';
  else if (e instanceof EsdbDeadlineExceededError || e instanceof EsdbTimeoutError) cause = 'deadline exceeded';
  else if (e instanceof EsdbNotLeaderError) cause = 'not the leader node (use a cluster connection string with nodePreference=leader)';
  else if (e instanceof EsdbCancelledError) cause = 'call cancelled';
  else if (e instanceof EsdbAccessDeniedError) cause = 'access denied (check the credentials in EVENTSTORE_URL)';
  else if (e instanceof EsdbStreamDeletedError) cause = `stream ${e.streamName} was deleted on the server`;
  else cause = e instanceof Error ? e.name : 'error';
  const where = ctx.streamId ? ` ${ctx.streamId}` : '';
  return new StoreUnavailableError(`EventStoreDB ${ctx.operation}${where}: ${cause} (${detail})${unknownOutcome}`, { cause: e });
}

/** Transient transport errors a subscription retries by resubscribing from its last position. */
export function isTransient(e: unknown): boolean {
  return (
    e instanceof EsdbUnavailableError ||
    e instanceof EsdbDeadlineExceededError ||
    e instanceof EsdbTimeoutError ||
    e instanceof EsdbNotLeaderError ||
    e instanceof EsdbCancelledError
  );
}
