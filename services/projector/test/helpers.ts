// Given events for projection specs: the catalog's worked example (every event type) as recorded
// events, with recording times chosen by the test, projected into a real SQLite read store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleAppends, getEntry, stringAt, type ExampleEvent } from '@gongkai/catalog';
import type { RecordedEvent } from '@gongkai/event-store';
import { openSqliteReadStore, PUBLIC_VIEWER, type SqliteReadStore, type Viewer } from '@gongkai/read-store';
import { DisclosureProjection } from '../src/index.ts';

export interface Posted {
  streamId: string;
  event: ExampleEvent;
}

/** Every example event with the stream it is posted to, in posting order. */
export function examplePosts(): Posted[] {
  const out: Posted[] = [];
  for (const { streamId, events } of exampleAppends()) for (const event of events) out.push({ streamId, event });
  return out;
}

/** The formed date of an example event (its deadline's clock start, usually). */
export function formedDateOf(p: Posted): string {
  const entry = getEntry(p.event.type)!;
  return stringAt(p.event.payload, entry.formedDateField) ?? '2020-01-01';
}

export interface RecordOptions {
  /** recordedAt per event (default: 10:00 China time on its formed date — on time) */
  recordedAt?: (p: Posted, index: number) => string;
  agency?: (p: Posted) => string;
}

/** Turns posts into recorded events: versions per stream, global positions, fake hashes. */
export function record(posts: readonly Posted[], options: RecordOptions = {}): RecordedEvent[] {
  const versions = new Map<string, number>();
  return posts.map((p, i) => {
    const version = (versions.get(p.streamId) ?? 0) + 1;
    versions.set(p.streamId, version);
    return {
      eventId: p.event.eventId,
      type: p.event.type,
      schemaVersion: p.event.schemaVersion,
      occurredAt: formedDateOf(p),
      payload: p.event.payload,
      metadata: { agency: options.agency?.(p) ?? 'agency-demo-suzhou' },
      streamId: p.streamId,
      version,
      globalPosition: BigInt(i + 1),
      recordedAt: options.recordedAt?.(p, i) ?? `${formedDateOf(p)}T02:00:00.000Z`,
      prevHash: '0'.repeat(64),
      hash: (i + 1).toString(16).padStart(64, '0'),
    };
  });
}

export interface Projected {
  store: SqliteReadStore;
  dir: string;
  cleanup(): Promise<void>;
}

/** Projects `events` in batches of `batchSize` into a fresh SQLite read store. */
export async function projectAll(events: readonly RecordedEvent[], options: { batchSize?: number; cacheSize?: number } = {}): Promise<Projected> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-projection-'));
  const store = openSqliteReadStore({ path: join(dir, 'read.db'), replacementCheckMs: 0 });
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const projection = new DisclosureProjection({ source: store, lookupEvent: async (id) => byId.get(id), cacheSize: options.cacheSize ?? 1000 });
  const size = options.batchSize ?? 1000;
  let from = 0n;
  for (let i = 0; i < events.length; i += size) {
    const batch = events.slice(i, i + size);
    const { changes } = await projection.project(batch);
    const to = batch[batch.length - 1]!.globalPosition;
    await store.applyBatch(changes, { from, to, events: batch.length });
    projection.commit();
    from = to;
  }
  return {
    store,
    dir,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const partyOf = (...streams: string[]): Viewer => ({ streams: new Set(streams) });
export { PUBLIC_VIEWER };
