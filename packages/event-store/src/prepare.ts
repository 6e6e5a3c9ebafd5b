// Input validation and the canonical encoding of new events, shared by every adapter.
//
// Each event is canonicalised (RFC 8785) once: the payload and metadata texts are stored as they
// are, and the hash pre-image is assembled from them by concatenation once the store knows
// version, prevHash and recordedAt. Concatenation is exact because the
// canonical form of an object is its members' canonical forms joined in sorted key order; the
// property test in test/prepare.test.ts checks it against eventCanonicalBytes.
import crypto from 'node:crypto';
import { canonicalJson, sha256Hex } from '@gongkai/integrity';
import { EventStoreInputError, IdempotencyConflictError } from './errors.ts';
import type { EventMetadata, ExpectedVersion, JsonObject, NewEvent } from './port.ts';

/** An event checked at append() time: its scalar fields are copied, payload and metadata referenced. */
export interface ValidatedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly agency: string;
  readonly payload: JsonObject;
  readonly metadata: EventMetadata;
  /** index in its append, for error paths */
  readonly index: number;
}

/** A validated event with its canonical texts, ready to hash and store. */
export interface PreparedEvent extends ValidatedEvent {
  /** RFC 8785 text of the payload, stored as is */
  readonly payloadText: string;
  /** RFC 8785 text of the metadata, stored as is */
  readonly metadataText: string;
  /** JSON text of the type and stream id (strings may need escaping) */
  readonly typeJson: string;
  readonly streamIdJson: string;
}

/**
 * The canonical text of a recorded event (= eventCanonicalBytes as a string). Keys in RFC 8785
 * order: eventId, metadata, occurredAt, payload, prevHash, recordedAt, schemaVersion, streamId,
 * type, version. eventId (UUID), occurredAt (ISO 8601), prevHash (hex) and recordedAt (ISO) are
 * validated or generated and never need escaping; typeJson and streamIdJson are JSON strings.
 */
export function canonicalEnvelope(
  eventId: string,
  metadataText: string,
  occurredAt: string,
  payloadText: string,
  prevHash: string,
  recordedAt: string,
  schemaVersion: number,
  streamIdJson: string,
  typeJson: string,
  version: number,
): string {
  return (
    `{"eventId":"${eventId}","metadata":${metadataText},"occurredAt":"${occurredAt}","payload":${payloadText},` +
    `"prevHash":"${prevHash}","recordedAt":"${recordedAt}","schemaVersion":${schemaVersion},` +
    `"streamId":${streamIdJson},"type":${typeJson},"version":${version}}`
  );
}

export function envelopeText(e: PreparedEvent, prevHash: string, recordedAt: string, version: number): string {
  return canonicalEnvelope(e.eventId, e.metadataText, e.occurredAt, e.payloadText, prevHash, recordedAt, e.schemaVersion, e.streamIdJson, e.typeJson, version);
}

// One-shot hashing (Node >= 20.12) skips a Hash object per call; same SHA-256 as @gongkai/integrity.
export const sha256HexFast: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => sha256Hex(text);

export function recordedHash(e: PreparedEvent, prevHash: string, recordedAt: string, version: number): string {
  return sha256HexFast(envelopeText(e, prevHash, recordedAt, version));
}

/**
 * SHA-256 of canonical {agency, occurredAt, payload, schemaVersion, streamId, type}: what decides
 * whether a retried eventId carries the same content. (The SQLite adapter compares these fields
 * directly instead of storing the hash; the result is the same.)
 */
export function preparedFingerprint(e: PreparedEvent): string {
  return sha256Hex(
    `{"agency":${JSON.stringify(e.agency)},"occurredAt":"${e.occurredAt}","payload":${e.payloadText},` +
      `"schemaVersion":${e.schemaVersion},"streamId":${e.streamIdJson},"type":${e.typeJson}}`,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// ISO 8601 calendar date, optionally with a time (seconds, fraction and zone optional).
const ISO_DATE =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_DEPTH = 64;

export const MAX_STREAM_ID_LENGTH = 512;

export function validateStreamId(streamId: unknown, path = 'streamId'): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new EventStoreInputError(path, 'must be a non-empty string');
  if (streamId.length > MAX_STREAM_ID_LENGTH) throw new EventStoreInputError(path, `longer than ${MAX_STREAM_ID_LENGTH} characters`);
  if (CONTROL.test(streamId)) throw new EventStoreInputError(path, 'contains control characters');
  // EventStoreDB reserves '$' names for system streams; keep stream ids portable across adapters.
  if (streamId.startsWith('$')) throw new EventStoreInputError(path, "must not start with '$' (reserved for system streams)");
}

export function validateExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new EventStoreInputError('expectedVersion', "must be 'any', 'no_stream', 'stream_exists' or a non-negative integer");
}

export function expectedVersionMatches(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

export function validateCount(value: unknown, path: string): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new EventStoreInputError(path, 'must be a non-negative integer');
  }
}

export function validatePosition(value: unknown, path: string): asserts value is bigint | undefined {
  if (value === undefined) return;
  if (typeof value !== 'bigint' || value < 0n) throw new EventStoreInputError(path, 'must be a non-negative bigint');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Throws unless `value` is plain JSON that survives a round trip: finite numbers, strings, booleans,
 * null, arrays and plain objects. Object properties set to undefined are allowed (JSON drops them).
 */
export function assertJsonValue(value: unknown, path: string, depth = 0): void {
  if (depth > MAX_DEPTH) throw new EventStoreInputError(path, `nested deeper than ${MAX_DEPTH} levels (or cyclic)`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new EventStoreInputError(path, `${value} is not a JSON number`);
      return;
    case 'object': {
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new EventStoreInputError(`${path}[${i}]`, 'undefined in an array');
          assertJsonValue(value[i], `${path}[${i}]`, depth + 1);
        }
        return;
      }
      if (!isPlainObject(value)) {
        const name = (value as object).constructor?.name ?? 'object';
        throw new EventStoreInputError(path, `${name} is not plain JSON (convert it to a string or number first)`);
      }
      for (const key of Object.keys(value)) {
        const v = value[key];
        if (v !== undefined) assertJsonValue(v, `${path}.${key}`, depth + 1);
      }
      return;
    }
    default:
      throw new EventStoreInputError(path, `a ${typeof value} is not JSON`);
  }
}

/**
 * RFC 8785 text of a JSON value, checking it on the way (one walk instead of assertJsonValue +
 * canonicalJson). For the values assertJsonValue accepts it returns exactly canonicalJson(value):
 * keys sorted by UTF-16 code units, strings and numbers as ECMAScript's JSON.stringify writes them
 * (which is what RFC 8785 specifies); test/prepare.test.ts checks the equality on random values.
 * On a bad value it throws EventStoreInputError naming the path.
 */
export function checkedCanonicalJson(value: unknown, path: string): string {
  try {
    return canon(value, 0);
  } catch (e) {
    if (e !== NOT_JSON) throw e;
    assertJsonValue(value, path); // slow path: find and name the offending value
    throw new EventStoreInputError(path, 'is not plain JSON');
  }
}

const NOT_JSON = new Error('not plain JSON');

// Quoted object keys, reused: payload keys come from a small schema vocabulary, and quoting them is
// a good part of canonicalisation. Bounded, and only short keys.
const quotedKeys = new Map<string, string>();
export function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000 && k.length <= 64) quotedKeys.set(k, q);
  }
  return q;
}

// Characters JSON.stringify escapes (plus paired surrogates, which it does not, but they are rare
// enough to take the slow way); any other string is written as is between quotes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function canon(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
    case 'number':
      if (!Number.isFinite(v)) throw NOT_JSON;
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (depth > MAX_DEPTH) throw NOT_JSON;
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x === undefined) throw NOT_JSON;
          if (i > 0) out += ',';
          out += canon(x, depth + 1);
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw NOT_JSON;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length > 1) keys.sort(); // default sort = UTF-16 code unit order, as RFC 8785 wants
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const x = o[k];
        if (x === undefined) continue; // JSON drops undefined properties
        if (!first) out += ',';
        first = false;
        out += quoteKey(k);
        out += ':';
        out += canon(x, depth + 1);
      }
      return out + '}';
    }
    default:
      throw NOT_JSON;
  }
}

/**
 * Checks one append's shape: stream id, event ids (UUIDs, no repeats), type, schema version,
 * occurredAt, agency. Cheap; runs when append() is called. Payload and metadata are checked in
 * depth by prepareEvent(). Throws EventStoreInputError / IdempotencyConflictError.
 */
export function validateAppend(streamId: unknown, events: unknown): ValidatedEvent[] {
  validateStreamId(streamId);
  if (!Array.isArray(events)) throw new EventStoreInputError('events', 'must be an array');
  if (events.length === 0) throw new EventStoreInputError('events', 'an append needs at least one event');
  const seen = events.length > 1 ? new Set<string>() : undefined;
  const out: ValidatedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Partial<NewEvent> | undefined;
    if (!isPlainObject(e)) throw new EventStoreInputError(`events[${i}]`, 'must be an object');
    const { eventId, type, schemaVersion, occurredAt, payload, metadata } = e;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new EventStoreInputError(`events[${i}].eventId`, 'must be a UUID in lower-case canonical form');
    }
    if (seen) {
      if (seen.has(eventId)) throw new IdempotencyConflictError(eventId, 'appears more than once in one append');
      seen.add(eventId);
    }
    if (typeof type !== 'string' || type.length === 0 || type.length > 256 || CONTROL.test(type)) {
      throw new EventStoreInputError(`events[${i}].type`, 'must be a non-empty string (at most 256 characters)');
    }
    if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new EventStoreInputError(`events[${i}].schemaVersion`, 'must be a positive integer');
    }
    if (typeof occurredAt !== 'string' || !ISO_DATE.test(occurredAt)) {
      throw new EventStoreInputError(`events[${i}].occurredAt`, 'must be an ISO 8601 date or date-time');
    }
    if (!isPlainObject(payload)) throw new EventStoreInputError(`events[${i}].payload`, 'must be a plain object');
    if (!isPlainObject(metadata)) throw new EventStoreInputError(`events[${i}].metadata`, 'must be a plain object');
    const agency = metadata.agency;
    if (typeof agency !== 'string' || agency.length === 0) {
      throw new EventStoreInputError(`events[${i}].metadata.agency`, 'must be a non-empty string');
    }
    for (const k of ['user', 'correlationId', 'causationId'] as const) {
      if (metadata[k] !== undefined && typeof metadata[k] !== 'string') {
        throw new EventStoreInputError(`events[${i}].metadata.${k}`, 'must be a string when present');
      }
    }
    out[i] = { eventId, type, schemaVersion, occurredAt, agency, payload, metadata: metadata as EventMetadata, index: i };
  }
  return out;
}

/**
 * Checks payload and metadata in depth and canonicalises them (RFC 8785). The SQLite store calls
 * this when it commits, so that queued events do not hold their canonical texts in memory.
 * Throws EventStoreInputError.
 */
export function prepareEvent(e: ValidatedEvent, streamIdJson: string): PreparedEvent {
  const { payloadText, metadataText } = canonicalTexts(e);
  return {
    ...e,
    payloadText,
    metadataText,
    typeJson: JSON.stringify(e.type),
    streamIdJson,
  };
}

/**
 * Checks payload and metadata in depth and returns their RFC 8785 texts. (They are references and
 * may have been changed by the caller since validateAppend.)
 */
export function canonicalTexts(e: ValidatedEvent): { payloadText: string; metadataText: string } {
  const payloadText = checkedCanonicalJson(e.payload, `events[${e.index}].payload`);
  const metadataText = checkedCanonicalJson(e.metadata, `events[${e.index}].metadata`);
  if (e.metadata.agency !== e.agency) {
    throw new EventStoreInputError(`events[${e.index}].metadata.agency`, 'changed after append() was called');
  }
  return { payloadText, metadataText };
}

/** validateAppend + prepareEvent for every event. */
export function prepareAppend(streamId: unknown, events: unknown): PreparedEvent[] {
  const validated = validateAppend(streamId, events);
  const streamIdJson = JSON.stringify(streamId);
  return validated.map((e) => prepareEvent(e, streamIdJson));
}

/** The fingerprint as specified, from plain values (for tests and other adapters). */
export function eventFingerprint(streamId: string, e: Pick<NewEvent, 'type' | 'schemaVersion' | 'occurredAt' | 'payload' | 'metadata'>): string {
  return sha256Hex(
    canonicalJson({
      streamId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      occurredAt: e.occurredAt,
      payload: e.payload,
      agency: e.metadata.agency,
    }),
  );
}
