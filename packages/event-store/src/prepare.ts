// Input validation and the canonical encoding of new events, shared by every adapter.
//
// Each event is canonicalised (RFC 8785) once, when append() is called: the payload and metadata
// texts are stored as they are, and the hash pre-image is assembled from them by concatenation
// once the store knows version, prevHash and recordedAt. Concatenation is exact because the
// canonical form of an object is its members' canonical forms joined in sorted key order; the
// property test in test/prepare.test.ts checks it against eventCanonicalBytes.
import { canonicalJson, sha256Hex } from '@gongkai/integrity';
import { EventStoreInputError, IdempotencyConflictError } from './errors.ts';
import type { ExpectedVersion, NewEvent } from './port.ts';

export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  /** RFC 8785 text of the payload, stored as is */
  readonly payloadText: string;
  /** RFC 8785 text of the metadata, stored as is */
  readonly metadataText: string;
  /** SHA-256 of canonical {agency, occurredAt, payload, schemaVersion, streamId, type}: idempotency check */
  readonly fingerprint: string;
  /** canonical envelope up to the prevHash value: `{"eventId":…,"metadata":…,…,"prevHash":"` */
  readonly head: string;
  /** canonical envelope after recordedAt up to the version value: `,"schemaVersion":…,"type":…,"version":` */
  readonly tail: string;
}

/** The canonical text of a recorded event (= eventCanonicalBytes as a string). */
export function envelopeText(e: PreparedEvent, prevHash: string, recordedAt: string, version: number): string {
  return `${e.head}${prevHash}","recordedAt":"${recordedAt}"${e.tail}${version}}`;
}

export function recordedHash(e: PreparedEvent, prevHash: string, recordedAt: string, version: number): string {
  return sha256Hex(envelopeText(e, prevHash, recordedAt, version));
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
 * Validates one append and computes everything about its events that does not depend on the
 * stream's state. Throws EventStoreInputError.
 */
export function prepareAppend(streamId: unknown, events: unknown): PreparedEvent[] {
  validateStreamId(streamId);
  if (!Array.isArray(events)) throw new EventStoreInputError('events', 'must be an array');
  if (events.length === 0) throw new EventStoreInputError('events', 'an append needs at least one event');
  const streamIdJson = JSON.stringify(streamId);
  const seen = new Set<string>();
  const out: PreparedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const p = `events[${i}]`;
    const e = events[i] as Partial<NewEvent> | undefined;
    if (!isPlainObject(e)) throw new EventStoreInputError(p, 'must be an object');
    const { eventId, type, schemaVersion, occurredAt, payload, metadata } = e;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new EventStoreInputError(`${p}.eventId`, 'must be a UUID in lower-case canonical form');
    }
    if (seen.has(eventId)) throw new IdempotencyConflictError(eventId, 'appears more than once in one append');
    seen.add(eventId);
    if (typeof type !== 'string' || type.length === 0 || type.length > 256 || CONTROL.test(type)) {
      throw new EventStoreInputError(`${p}.type`, 'must be a non-empty string (at most 256 characters)');
    }
    if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new EventStoreInputError(`${p}.schemaVersion`, 'must be a positive integer');
    }
    if (typeof occurredAt !== 'string' || !ISO_DATE.test(occurredAt)) {
      throw new EventStoreInputError(`${p}.occurredAt`, 'must be an ISO 8601 date or date-time');
    }
    if (!isPlainObject(payload)) throw new EventStoreInputError(`${p}.payload`, 'must be a plain object');
    assertJsonValue(payload, `${p}.payload`);
    if (!isPlainObject(metadata)) throw new EventStoreInputError(`${p}.metadata`, 'must be a plain object');
    if (typeof metadata.agency !== 'string' || metadata.agency.length === 0) {
      throw new EventStoreInputError(`${p}.metadata.agency`, 'must be a non-empty string');
    }
    for (const k of ['user', 'correlationId', 'causationId'] as const) {
      if (metadata[k] !== undefined && typeof metadata[k] !== 'string') {
        throw new EventStoreInputError(`${p}.metadata.${k}`, 'must be a string when present');
      }
    }
    assertJsonValue(metadata, `${p}.metadata`);

    const payloadText = canonicalJson(payload);
    const metadataText = canonicalJson(metadata);
    const typeJson = JSON.stringify(type);
    const occurredAtJson = JSON.stringify(occurredAt);
    const fingerprint = sha256Hex(
      `{"agency":${JSON.stringify(metadata.agency)},"occurredAt":${occurredAtJson},"payload":${payloadText},` +
        `"schemaVersion":${schemaVersion},"streamId":${streamIdJson},"type":${typeJson}}`,
    );
    out[i] = {
      eventId,
      type,
      schemaVersion,
      occurredAt,
      payloadText,
      metadataText,
      fingerprint,
      head: `{"eventId":"${eventId}","metadata":${metadataText},"occurredAt":${occurredAtJson},"payload":${payloadText},"prevHash":"`,
      tail: `,"schemaVersion":${schemaVersion},"streamId":${streamIdJson},"type":${typeJson},"version":`,
    };
  }
  return out;
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
