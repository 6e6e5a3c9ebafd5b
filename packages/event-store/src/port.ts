// The event store port. Every adapter (SQLite embedded default, EventStoreDB scale-out) implements
// this interface and passes the contract suite in ./contract.ts.
//
// Versions: a stream's version is the number of events in it (0 = the stream does not exist); the
// n-th event of a stream carries version n. Global positions order every committed event; they are
// bigints (EventStoreDB commit positions do not fit a double) and travel as strings in JSON.

export type JsonObject = { [key: string]: unknown };

/** Who posted an event, and how it relates to others. Never holds personal data. */
export interface EventMetadata {
  /** agency id of the poster */
  agency: string;
  /** user or key id within the agency */
  user?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** UUID v7; also the idempotency key */
  eventId: string;
  type: string;
  schemaVersion: number;
  /** when the information was formed or changed (ISO 8601 date or date-time) */
  occurredAt: string;
  payload: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 1-based position in its stream = the stream version after this event */
  version: number;
  /** order in the global log (commit order) */
  globalPosition: bigint;
  /** ISO 8601 UTC time the store committed it */
  recordedAt: string;
  /** hash of the previous event in the same stream (GENESIS_HASH for version 1) */
  prevHash: string;
  /** SHA-256 (hex) of the event's canonical bytes, see @gongkai/integrity */
  hash: string;
}

/**
 * 'any': no check; 'no_stream': the stream must not exist (version 0); 'stream_exists': it must
 * have at least one event; a number: the stream's version must equal it (0 = no stream).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendedEvent {
  eventId: string;
  version: number;
  globalPosition: bigint;
  hash: string;
  recordedAt: string;
}

export interface AppendResult {
  streamId: string;
  /** the stream version after the append */
  nextExpectedVersion: number;
  events: AppendedEvent[];
  /** true when every event had already been recorded with the same content: nothing was written */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** first version to return (forward: inclusive lower bound; backward: inclusive upper bound) */
  fromVersion?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** return events strictly after this global position (default: from the start) */
  after?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** deliver events strictly after this global position (default: from the start) */
  after?: bigint;
}

/** A catch-up subscription to the global log: past events first, then live ones, in order. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface StreamInfo {
  streamId: string;
  version: number;
  lastHash: string;
  metadata: JsonObject;
}

export interface EventStore {
  /** Appends atomically to one stream. Throws WrongExpectedVersionError / IdempotencyConflictError. */
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** 0 when the stream does not exist */
  streamVersion(streamId: string): Promise<number>;
  streamInfo(streamId: string): Promise<StreamInfo | undefined>;
  getStreamMetadata(streamId: string): Promise<JsonObject>;
  setStreamMetadata(streamId: string, metadata: JsonObject): Promise<void>;
  getEvent(eventId: string): Promise<RecordedEvent | undefined>;
  /** global position of the last committed event (0n when empty) */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}
