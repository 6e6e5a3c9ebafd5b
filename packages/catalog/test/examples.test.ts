// The worked examples, replayed the way the ingest service will: posted in order to an empty
// ledger by one agency holding every role for 320500, every event must validate, belong in its
// stream and satisfy its lifecycle rules; together they must use every event type.
import { describe, expect, it } from 'vitest';
import {
  catalogExamples,
  checkLifecycle,
  checkStreamId,
  eventTypes,
  getEntry,
  latestSchemaVersion,
  occurredAtOf,
  regionCovers,
  rolesFor,
  validatePayload,
} from '../src/index.ts';
import type { LifecycleEvent } from '../src/index.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AGENCY = 'demo-agency-320500';

describe('catalogExamples()', () => {
  const examples = catalogExamples();

  it('describes the posting agency', () => {
    expect(examples.agency).toEqual({ roles: 'all', regions: ['320500'] });
  });

  it('is JSON-serialisable', () => {
    expect(JSON.parse(JSON.stringify(examples))).toEqual(examples);
  });

  it('is all accepted when posted in order to an empty ledger, and uses every event type', () => {
    const streams = new Map<string, LifecycleEvent[]>();
    const seenIds = new Set<string>();
    const used = new Set<string>();
    for (const item of examples.items) {
      expect(item.method).toBe('POST');
      expect(item.title.length).toBeGreaterThan(0);
      const groups =
        'items' in item.body
          ? (expect(item.path).toBe('/v1/events'), item.body.items)
          : [{ streamId: decodeURIComponent(/^\/v1\/streams\/([^/]+)\/events$/.exec(item.path)![1]!), expectedVersion: undefined, events: item.body.events }];
      for (const group of groups) {
        const history = streams.get(group.streamId) ?? [];
        if (group.expectedVersion !== undefined) {
          expect(group.expectedVersion, `${item.title}: expectedVersion`).toBe(history.length === 0 ? 'no_stream' : history.length);
        }
        for (const event of group.events) {
          const where = `${item.title} → ${event.type}`;
          expect(event.eventId, where).toMatch(UUID_V7);
          expect(seenIds.has(event.eventId), `${where}: duplicate eventId`).toBe(false);
          seenIds.add(event.eventId);
          expect(event.schemaVersion).toBe(latestSchemaVersion(event.type));

          const validation = validatePayload(event.type, event.schemaVersion, event.payload);
          expect(validation.ok ? [] : validation.issues, where).toEqual([]);
          expect(checkStreamId(event.type, group.streamId, event.payload), where).toBeNull();

          const entry = getEntry(event.type)!;
          expect(rolesFor(entry, event.payload).length, `${where}: roles`).toBeGreaterThan(0);
          const region = entry.regionOf(event.payload);
          if (entry.region !== 'same-as-target') {
            expect(region && regionCovers('320500', region), `${where}: region ${region}`).toBe(true);
          }

          const candidate: LifecycleEvent = { eventId: event.eventId, type: event.type, payload: event.payload, occurredAt: occurredAtOf(event.type, event.payload)!, agency: AGENCY };
          const violation = checkLifecycle(history, candidate);
          expect(violation, `${where}: ${violation?.message}`).toBeNull();
          history.push(candidate);
          used.add(event.type);
        }
        streams.set(group.streamId, history);
      }
    }
    expect(eventTypes.filter((t) => !used.has(t))).toEqual([]);
  });

  it('event ids sort in posting order (UUID v7 timestamps increase)', () => {
    const ids = examples.items.flatMap((i) => ('items' in i.body ? i.body.items.flatMap((g) => g.events) : i.body.events)).map((e) => e.eventId);
    expect([...ids].sort()).toEqual(ids);
  });

  it('uses both request formats', () => {
    expect(examples.items.some((i) => i.path === '/v1/events')).toBe(true);
    expect(examples.items.some((i) => i.path.startsWith('/v1/streams/'))).toBe(true);
  });
});
