// Per-stream hash chain. An event's hash is SHA-256 over the RFC 8785 encoding of its envelope
// (everything but the global position, which some stores only know after commit, and the hash
// itself), and that envelope carries the previous event's hash in the same stream.
import { canonicalBytes } from './canonical.ts';
import { sha256Hex } from './hash.ts';

/** prevHash of the first event in every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that are covered by its hash, in the shape they are hashed. */
export interface HashedEnvelope {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  metadata: Record<string, unknown>;
  payload: unknown;
  prevHash: string;
}

/** The canonical bytes of an event: the hash pre-image and the Merkle leaf data. */
export function eventCanonicalBytes(e: HashedEnvelope): Buffer {
  return canonicalBytes({
    streamId: e.streamId,
    version: e.version,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    metadata: e.metadata,
    payload: e.payload,
    prevHash: e.prevHash,
  });
}

export function eventHash(e: HashedEnvelope): string {
  return sha256Hex(eventCanonicalBytes(e));
}

export interface ChainBreak {
  streamId: string;
  version: number;
  eventId: string;
  field: 'prevHash' | 'hash' | 'version';
  expected: string;
  found: string;
}

/**
 * Checks one stream's events (in version order, from version 1) and returns the first break, if any.
 */
export function verifyChain(events: ReadonlyArray<HashedEnvelope & { hash: string }>): ChainBreak | undefined {
  let prev = GENESIS_HASH;
  let expectedVersion = 1;
  for (const e of events) {
    if (e.version !== expectedVersion) {
      return { streamId: e.streamId, version: e.version, eventId: e.eventId, field: 'version', expected: String(expectedVersion), found: String(e.version) };
    }
    if (e.prevHash !== prev) {
      return { streamId: e.streamId, version: e.version, eventId: e.eventId, field: 'prevHash', expected: prev, found: e.prevHash };
    }
    const computed = eventHash(e);
    if (computed !== e.hash) {
      return { streamId: e.streamId, version: e.version, eventId: e.eventId, field: 'hash', expected: computed, found: e.hash };
    }
    prev = e.hash;
    expectedVersion++;
  }
  return undefined;
}
