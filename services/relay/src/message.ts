// The Kafka record of one committed event. Key: the stream id (so a stream's events share a
// partition and keep their order within a topic). Value: the recorded event as JSON (UTF-8), the
// global position as a decimal string. Headers repeat what a consumer routes, dedupes or verifies
// by without parsing the value.
import type { RecordedEvent } from '@gongkai/event-store';

export const HEADER = {
  eventId: 'eventId',
  eventType: 'eventType',
  schemaVersion: 'schemaVersion',
  streamId: 'streamId',
  streamVersion: 'streamVersion',
  globalPosition: 'globalPosition',
  hash: 'hash',
  prevHash: 'prevHash',
  recordedAt: 'recordedAt',
  contentType: 'content-type',
} as const;

export interface RelayMessage {
  key: string;
  value: string;
  timestamp: string;
  headers: Record<string, string>;
}

/** A relayed event as a consumer sees it: RecordedEvent with globalPosition as a decimal string. */
export type RelayedEvent = Omit<RecordedEvent, 'globalPosition'> & { globalPosition: string };

export function headersFor(event: RecordedEvent): Record<string, string> {
  return {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.streamId]: event.streamId,
    [HEADER.streamVersion]: String(event.version),
    [HEADER.globalPosition]: event.globalPosition.toString(),
    [HEADER.hash]: event.hash,
    [HEADER.prevHash]: event.prevHash,
    [HEADER.recordedAt]: event.recordedAt,
    [HEADER.contentType]: 'application/json',
  };
}

export function toMessage(event: RecordedEvent): RelayMessage {
  const value: RelayedEvent = { ...event, globalPosition: event.globalPosition.toString() };
  const ms = Date.parse(event.recordedAt);
  return {
    key: event.streamId,
    value: JSON.stringify(value),
    timestamp: String(Number.isFinite(ms) ? ms : Date.now()),
    headers: headersFor(event),
  };
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** One header as a string (kafkajs hands them over as Buffers). */
export function headerText(headers: Record<string, HeaderValue> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : one.toString();
}

/** Parses a relayed record's value; throws on a value that is not a relayed event. */
export function parseRelayedEvent(value: Buffer | string | null): RelayedEvent {
  if (value === null) throw new Error('relayed record has no value');
  const parsed = JSON.parse(value.toString()) as Partial<RelayedEvent>;
  if (typeof parsed.eventId !== 'string' || typeof parsed.streamId !== 'string' || typeof parsed.version !== 'number' || typeof parsed.globalPosition !== 'string') {
    throw new Error('relayed record value is not an event (eventId, streamId, version, globalPosition)');
  }
  return parsed as RelayedEvent;
}
