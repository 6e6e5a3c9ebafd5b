// The Merkle leaf of an event is its canonical bytes (RFC 8785 of the hashed envelope), the same
// bytes whose SHA-256 is the event's chain hash: eventCanonicalBytes in @gongkai/integrity.
//
// canonicalEventText rebuilds those bytes from the raw columns of the SQLite adapter without
// parsing the payload: metadata and payload are stored as the RFC 8785 text that was hashed, and
// the envelope's members in sorted key order are eventId, metadata, occurredAt, payload, prevHash,
// recordedAt, schemaVersion, streamId, type, version. A stored text that is not canonical any
// more (edited by hand) changes the bytes and therefore fails the hash check, as it should.
import { hash as oneShotHash } from 'node:crypto';
import { eventCanonicalBytes } from '@gongkai/integrity';
import type { RecordedEvent } from '@gongkai/event-store';

/**
 * The leaf data of a recorded event and the SHA-256 (hex) of it. Fast path: a payload parsed from
 * RFC 8785 text comes back from JSON.stringify unchanged (members already in sorted order) unless
 * an object has integer-like keys, which V8 reorders; so the envelope is assembled with
 * JSON.stringify and accepted only when it hashes to the recorded hash, which commits to the
 * canonical bytes. Otherwise (or when the hash does not match at all) the RFC 8785 encoder decides.
 */
export function leafBytes(e: RecordedEvent): { bytes: Buffer; sha256: string } {
  const fast = Buffer.from(
    canonicalEventText(e.eventId, e.streamId, e.version, e.type, e.schemaVersion, e.occurredAt, e.recordedAt, JSON.stringify(e.metadata), JSON.stringify(e.payload), e.prevHash),
    'utf8',
  );
  const h = oneShotHash('sha256', fast, 'hex');
  if (h === e.hash) return { bytes: fast, sha256: h };
  const bytes = eventCanonicalBytes(e);
  return { bytes, sha256: oneShotHash('sha256', bytes, 'hex') };
}

/** The Merkle leaf data of an event: its canonical bytes. */
export function leafData(e: RecordedEvent): Buffer {
  return leafBytes(e).bytes;
}

const j = JSON.stringify;

export function canonicalEventText(
  eventId: string,
  streamId: string,
  version: number,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  metadataText: string,
  payloadText: string,
  prevHash: string,
): string {
  return (
    `{"eventId":${j(eventId)},"metadata":${metadataText},"occurredAt":${j(occurredAt)},"payload":${payloadText},` +
    `"prevHash":${j(prevHash)},"recordedAt":${j(recordedAt)},"schemaVersion":${schemaVersion},"streamId":${j(streamId)},` +
    `"type":${j(type)},"version":${version}}`
  );
}
