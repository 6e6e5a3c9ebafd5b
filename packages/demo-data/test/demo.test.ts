// The demo is replayed the way the ingest service will see it: every append, in order, through
// the catalog's validation, stream-id and lifecycle rules (per-stream history, as in
// packages/catalog/test/examples.test.ts), by one agency holding every role for 320500.
import { describe, expect, it } from 'vitest';
import {
  assessTimeliness,
  checkLifecycle,
  checkStreamId,
  eventTypes,
  getEntry,
  latestSchemaVersion,
  occurredAtOf,
  regionCovers,
  rolesFor,
  SUZHOU_REGIONS,
  validatePayload,
} from '@gongkai/catalog';
import type { LifecycleEvent } from '@gongkai/catalog';
import { DEFAULT_DEMO_PROJECTS, demoSummary, generateDemo, streamKindOf } from '../src/index.ts';
import type { StreamPost } from '../src/index.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AGENCY = 'agency-demo-suzhou';
const ANCHOR = '2025-06-18';

/** Problems found replaying `posts` (empty when every append would be accepted). */
function replay(posts: readonly StreamPost[], anchorDate: string): string[] {
  const problems: string[] = [];
  const streams = new Map<string, LifecycleEvent[]>();
  const ids = new Set<string>();
  for (const post of posts) {
    const history = streams.get(post.streamId) ?? [];
    const expected = history.length === 0 ? 'no_stream' : history.length;
    if (post.expectedVersion !== expected) problems.push(`${post.streamId}: expectedVersion ${post.expectedVersion}, stream is at ${history.length}`);
    if (post.events.length === 0 || post.events.length > 1000) problems.push(`${post.streamId}: ${post.events.length} events in one append`);
    for (const e of post.events) {
      const where = `${post.streamId} ${e.type}`;
      if (!UUID_V7.test(e.eventId)) problems.push(`${where}: eventId ${e.eventId} is not a UUID v7`);
      if (ids.has(e.eventId)) problems.push(`${where}: duplicate eventId ${e.eventId}`);
      ids.add(e.eventId);
      if (e.schemaVersion !== latestSchemaVersion(e.type)) problems.push(`${where}: schemaVersion ${e.schemaVersion}`);
      const validation = validatePayload(e.type, e.schemaVersion, e.payload);
      if (!validation.ok) problems.push(`${where}: ${validation.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      const streamIssue = checkStreamId(e.type, post.streamId, e.payload);
      if (streamIssue) problems.push(`${where}: ${streamIssue.message}`);
      const entry = getEntry(e.type)!;
      if (rolesFor(entry, e.payload).length === 0) problems.push(`${where}: no role may post it`);
      if (entry.region !== 'same-as-target') {
        const region = entry.regionOf(e.payload);
        if (!region || !regionCovers('320500', region)) problems.push(`${where}: region ${region} outside 320500`);
      }
      const occurredAt = occurredAtOf(e.type, e.payload);
      if (!occurredAt || occurredAt > anchorDate) problems.push(`${where}: formed ${occurredAt}, after the anchor ${anchorDate}`);
      const candidate: LifecycleEvent = { eventId: e.eventId, type: e.type, payload: e.payload, occurredAt: occurredAt ?? '', agency: AGENCY };
      const violation = checkLifecycle(history, candidate);
      if (violation) problems.push(`${where}: ${violation.rule} ${violation.message}`);
      history.push(candidate);
    }
    streams.set(post.streamId, history);
  }
  return problems;
}

function events(posts: readonly StreamPost[]) {
  return posts.flatMap((p) => p.events.map((e) => ({ ...e, streamId: p.streamId })));
}

function lateShare(posts: readonly StreamPost[], anchorDate: string): { withDeadline: number; late: number } {
  let withDeadline = 0;
  let late = 0;
  for (const e of events(posts)) {
    const t = assessTimeliness(e.type, e.payload, `${anchorDate}T04:00:00Z`);
    if (!t) continue;
    withDeadline++;
    if (t.late) late++;
  }
  return { withDeadline, late };
}

describe('generateDemo() with the default options', () => {
  const posts = generateDemo({ anchorDate: ANCHOR });
  const all = events(posts);

  it('is accepted, append by append, by the catalog rules on an empty ledger', () => {
    expect(replay(posts, ANCHOR)).toEqual([]);
  });

  it('uses every event type of the catalog', () => {
    const used = new Set(all.map((e) => e.type));
    expect(eventTypes.filter((t) => !used.has(t))).toEqual([]);
    expect(eventTypes.length).toBe(72);
  });

  it('has a few dozen projects at every stage', () => {
    const projects = new Map<string, Set<string>>();
    for (const e of all) if (e.streamId.startsWith('project-')) projects.set(e.streamId, (projects.get(e.streamId) ?? new Set()).add(e.type));
    expect(projects.size).toBe(DEFAULT_DEMO_PROJECTS);
    const types = [...projects.values()];
    expect(types.filter((t) => t.size <= 3 && t.has('ProjectRegistered')).length).toBeGreaterThan(0); // just registered
    expect(types.filter((t) => t.has('ApprovalDecided') && !t.has('ConstructionStarted')).length).toBeGreaterThan(0); // being approved
    expect(types.filter((t) => t.has('ConstructionStarted') && !t.has('CompletionAccepted')).length).toBeGreaterThan(0); // under construction
    expect(types.filter((t) => t.has('CompletionFiled')).length).toBeGreaterThan(0); // completed
  });

  it('spreads over every district of Suzhou', () => {
    const regions = new Set(all.map((e) => getEntry(e.type)!.regionOf(e.payload)).filter((r): r is string => r !== undefined));
    expect(Object.keys(SUZHOU_REGIONS).filter((r) => !regions.has(r))).toEqual([]);
  });

  it('has corrections, retractions, revoked documents, altered penalties and penalties whose 公示期 has ended', () => {
    const count = (type: string) => all.filter((e) => e.type === type).length;
    expect(count('DisclosureCorrected')).toBeGreaterThan(2);
    expect(count('DisclosureRetracted')).toBeGreaterThan(0);
    expect(count('DocumentRevoked')).toBeGreaterThan(2);
    expect(count('PenaltyAltered')).toBeGreaterThan(0);
    expect(all.some((e) => e.type === 'PenaltyDecided' && String(e.payload['publicityEnd']) < ANCHOR)).toBe(true);
    expect(all.some((e) => e.type === 'PenaltyDecided' && String(e.payload['publicityEnd']) >= ANCHOR)).toBe(true);
  });

  it('posts a deliberate minority late: 5–25% of the events that have a deadline', () => {
    const { withDeadline, late } = lateShare(posts, ANCHOR);
    expect(withDeadline).toBeGreaterThan(500);
    expect(late / withDeadline).toBeGreaterThanOrEqual(0.05);
    expect(late / withDeadline).toBeLessThanOrEqual(0.25);
  });

  it('gives event ids that sort in posting order', () => {
    const ids = all.map((e) => e.eventId);
    expect([...ids].sort()).toEqual(ids);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(posts))).toEqual(posts);
  });

  it('is summarised by demoSummary', () => {
    const summary = demoSummary(posts);
    expect(summary.posts).toBe(posts.length);
    expect(summary.events).toBe(all.length);
    expect(summary.streams).toBe(new Set(posts.map((p) => p.streamId)).size);
    expect(Object.values(summary.byType).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(Object.values(summary.byCategory).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(Object.values(summary.byStreamKind).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(Object.values(summary.streamsByKind).reduce((a, b) => a + b, 0)).toBe(summary.streams);
    expect(summary.byCategory['unknown']).toBeUndefined();
    for (const category of [
      'approval-services', 'approval-results', 'tendering', 'land-expropriation', 'design-changes', 'construction', 'quality-safety', 'completion',
      'penalties', 'government-procurement', 'land-use-rights', 'mining-rights', 'state-property', 'affordable-housing', 'blacklist', 'projects', 'documents',
    ]) {
      expect(summary.byCategory[category], category).toBeGreaterThan(0);
    }
    expect(Object.keys(summary.streamsByKind).sort()).toEqual([
      'allocation-affordable-housing', 'allocation-land-use-rights', 'allocation-mining-rights', 'allocation-procurement', 'allocation-state-property',
      'blacklist', 'document', 'expropriation', 'guide', 'penalty', 'project', 'request', 'tender',
    ]);
    expect(streamKindOf('allocation-land-use-rights-PLAN-320500-2025')).toBe('allocation-land-use-rights');
  });
});

describe('generateDemo() options', () => {
  it('is deterministic: the same options give byte-identical output', () => {
    const a = JSON.stringify(generateDemo({ anchorDate: ANCHOR, projects: 20, seed: 7 }));
    const b = JSON.stringify(generateDemo({ anchorDate: ANCHOR, projects: 20, seed: 7 }));
    expect(a).toBe(b);
    expect(JSON.stringify(generateDemo({ anchorDate: ANCHOR, projects: 20, seed: 8 }))).not.toBe(a);
  });

  it('lays dates out relative to the anchor', () => {
    for (const anchorDate of ['2025-01-02', '2026-02-24']) {
      const posts = generateDemo({ anchorDate, projects: 12, seed: 3 });
      expect(replay(posts, anchorDate)).toEqual([]);
      const { withDeadline, late } = lateShare(posts, anchorDate);
      expect(late / withDeadline).toBeLessThanOrEqual(0.35);
    }
  });

  it('stays within the rules for a few hundred projects, other seeds and anchors', () => {
    const posts = generateDemo({ anchorDate: '2025-10-09', projects: 300, seed: 42 });
    expect(replay(posts, '2025-10-09')).toEqual([]);
    const { withDeadline, late } = lateShare(posts, '2025-10-09');
    expect(late / withDeadline).toBeGreaterThanOrEqual(0.05);
    expect(late / withDeadline).toBeLessThanOrEqual(0.25);
  });

  it('scales: 5000 projects give 100k+ events with unique ids', () => {
    const posts = generateDemo({ anchorDate: ANCHOR, projects: 5000 });
    const summary = demoSummary(posts);
    expect(summary.events).toBeGreaterThan(100_000);
    expect(summary.streamsByKind['project']).toBe(5000);
    const ids = new Set<string>();
    for (const p of posts) for (const e of p.events) ids.add(e.eventId);
    expect(ids.size).toBe(summary.events);
    // a sample of the streams replayed in full
    const sampled = new Set([...new Set(posts.map((p) => p.streamId))].filter((_, i) => i % 40 === 0));
    expect(replay(posts.filter((p) => sampled.has(p.streamId)), ANCHOR)).toEqual([]);
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ anchorDate: '2025-02-30' })).toThrow(RangeError);
    expect(() => generateDemo({ anchorDate: '20250618' })).toThrow(RangeError);
    expect(() => generateDemo({ anchorDate: ANCHOR, projects: -1 })).toThrow(RangeError);
    expect(() => generateDemo({ anchorDate: ANCHOR, seed: 1.5 })).toThrow(RangeError);
  });

  it('works with no projects at all (the other stories still cover allocation)', () => {
    const posts = generateDemo({ anchorDate: ANCHOR, projects: 0 });
    expect(replay(posts, ANCHOR)).toEqual([]);
    expect(posts.some((p) => p.streamId.startsWith('project-'))).toBe(false);
  });
});
