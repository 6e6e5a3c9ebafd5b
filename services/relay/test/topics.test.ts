// Topic naming and record building, without a broker.
import { describe, expect, it } from 'vitest';
import { CATEGORY_SLUGS, categoryFor, getEntry } from '@gongkai/catalog';
import type { RecordedEvent } from '@gongkai/event-store';
import { checkTopicPrefix, HEADER, headerText, parseBrokers, parseRelayedEvent, relayTopics, toMessage, topicFor } from '../src/index.ts';
import { exampleEvents } from './helpers.ts';

function recorded(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: '0197291a-4c00-7001-8000-6b6100000001',
    type: 'ProjectCodeAssigned',
    schemaVersion: 1,
    occurredAt: '2025-06-01',
    payload: { a: 1 },
    metadata: { agency: 'agency-x' },
    streamId: 'project-2025-320500-04-01-000001',
    version: 3,
    globalPosition: 12345678901234567890n,
    recordedAt: '2025-06-02T03:04:05.678Z',
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  };
}

describe('topic per category', () => {
  it('puts every catalog example on the topic of its category (amendments: their target’s)', () => {
    const seen = new Set<string>();
    for (const { event } of exampleEvents()) {
      const entry = getEntry(event.type)!;
      const category = categoryFor(entry, event.payload);
      expect(category, event.type).toBeDefined();
      const topic = topicFor(event, 'gk.');
      expect(topic).toBe(`gk.${category}`);
      if (entry.amends) expect(entry.category).toBe('same-as-target');
      seen.add(topic);
    }
    // the worked example spans many categories, so the mapping is not one constant
    expect(seen.size).toBeGreaterThan(8);
    for (const t of seen) expect(relayTopics('gk.')).toContain(t);
  });

  it('sends events without a category to <prefix>other', () => {
    expect(topicFor({ type: 'NoSuchType', schemaVersion: 1, payload: {} })).toBe('gongkai.other');
    const amendment = exampleEvents().find(({ event }) => getEntry(event.type)!.amends)!;
    const entry = getEntry(amendment.event.type)!;
    const broken = { ...amendment.event.payload, [entry.amends!.targetTypeField]: 'NoSuchType' };
    expect(topicFor({ ...amendment.event, payload: broken }, 'p-')).toBe('p-other');
  });

  it('lists one topic per category plus other, all legal Kafka names', () => {
    const topics = relayTopics();
    expect(topics).toHaveLength(CATEGORY_SLUGS.length + 1);
    for (const t of topics) expect(t).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it('refuses prefixes Kafka would refuse', () => {
    expect(checkTopicPrefix('a.b_c-1.')).toBe('a.b_c-1.');
    expect(() => checkTopicPrefix('bad prefix')).toThrow(/invalid Kafka topic prefix/);
    expect(() => checkTopicPrefix('公开.')).toThrow(/invalid Kafka topic prefix/);
  });
});

describe('relay records', () => {
  it('keys by stream id and carries ids, hashes and positions in headers', () => {
    const e = recorded();
    const m = toMessage(e);
    expect(m.key).toBe(e.streamId);
    expect(m.timestamp).toBe(String(Date.parse(e.recordedAt)));
    expect(m.headers).toMatchObject({
      [HEADER.eventId]: e.eventId,
      [HEADER.eventType]: 'ProjectCodeAssigned',
      [HEADER.schemaVersion]: '1',
      [HEADER.streamId]: e.streamId,
      [HEADER.streamVersion]: '3',
      [HEADER.globalPosition]: '12345678901234567890',
      [HEADER.hash]: 'b'.repeat(64),
      [HEADER.prevHash]: 'a'.repeat(64),
      [HEADER.recordedAt]: e.recordedAt,
      'content-type': 'application/json',
    });
  });

  it('round-trips the event through the value (global position as a decimal string, no precision lost)', () => {
    const e = recorded();
    const back = parseRelayedEvent(Buffer.from(toMessage(e).value));
    expect(back).toEqual({ ...e, globalPosition: '12345678901234567890' });
  });

  it('reads headers as kafkajs hands them over (Buffers)', () => {
    const headers = { eventId: Buffer.from('x'), multi: [Buffer.from('first'), 'second'] };
    expect(headerText(headers, 'eventId')).toBe('x');
    expect(headerText(headers, 'multi')).toBe('first');
    expect(headerText(headers, 'missing')).toBeUndefined();
  });

  it('rejects record values that are not events', () => {
    expect(() => parseRelayedEvent(null)).toThrow(/no value/);
    expect(() => parseRelayedEvent(Buffer.from('{"eventId":"x"}'))).toThrow(/not an event/);
    expect(() => parseRelayedEvent(Buffer.from('not json'))).toThrow();
  });

  it('parses broker lists and refuses malformed ones', () => {
    expect(parseBrokers(' 127.0.0.1:9092 , kafka-2:19092 ')).toEqual(['127.0.0.1:9092', 'kafka-2:19092']);
    expect(() => parseBrokers('')).toThrow(/no Kafka brokers/);
    expect(() => parseBrokers('localhost')).toThrow(/host:port/);
  });
});
