// Counts over a generated demo, for logs and tests.
import { ALLOCATION_KINDS, categoryFor, getEntry } from '@gongkai/catalog';
import type { StreamPost } from './ledger.ts';

export interface DemoSummary {
  /** appends (AppendService.appendToStream calls) */
  posts: number;
  events: number;
  streams: number;
  /** event type → events */
  byType: Record<string, number>;
  /** category slug → events (更正 and 撤回 count under their target's category) */
  byCategory: Record<string, number>;
  /** stream kind (project, tender, allocation-procurement …) → streams */
  streamsByKind: Record<string, number>;
  /** stream kind → events */
  byStreamKind: Record<string, number>;
}

const STREAM_KINDS = [
  'project',
  'guide',
  'tender',
  'expropriation',
  'penalty',
  'document',
  'blacklist',
  'request',
  ...Object.keys(ALLOCATION_KINDS).map((k) => `allocation-${k}`),
].sort((a, b) => b.length - a.length);

/** `allocation-land-use-rights-TD320506-2025-001` → `allocation-land-use-rights` */
export function streamKindOf(streamId: string): string {
  return STREAM_KINDS.find((k) => streamId.startsWith(`${k}-`)) ?? streamId.slice(0, streamId.indexOf('-'));
}

function sorted(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function bump(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

export function demoSummary(posts: readonly StreamPost[]): DemoSummary {
  const byType = new Map<string, number>();
  const byCategory = new Map<string, number>();
  const byStreamKind = new Map<string, number>();
  const streamsByKind = new Map<string, number>();
  const streams = new Set<string>();
  let events = 0;
  for (const post of posts) {
    const kind = streamKindOf(post.streamId);
    if (!streams.has(post.streamId)) {
      streams.add(post.streamId);
      bump(streamsByKind, kind);
    }
    bump(byStreamKind, kind, post.events.length);
    for (const e of post.events) {
      events++;
      bump(byType, e.type);
      const entry = getEntry(e.type, e.schemaVersion);
      bump(byCategory, (entry && categoryFor(entry, e.payload)) ?? 'unknown');
    }
  }
  return {
    posts: posts.length,
    events,
    streams: streams.size,
    byType: sorted(byType),
    byCategory: sorted(byCategory),
    streamsByKind: sorted(streamsByKind),
    byStreamKind: sorted(byStreamKind),
  };
}
