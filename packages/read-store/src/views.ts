// What a viewer sees of a record: its current values and its audit trail, replayed from the stored
// versions. Pure functions over the documents of ./model.ts (no catalog, no store), shared by the
// projector (titles, search text) and the public API (record pages).
//
// Replay rules:
// - a record's values are the top-level merge, in stream order, of its content versions' views
//   (so ApplicationAccepted → …Progressed → …Concluded read as one 办理过程 record, later fields win);
// - a correction (更正) merges its `changes` into its target's view;
// - a retraction (撤回) removes its target as if it had never been published: the trail lists the
//   retracted version and the retraction, with their content withheld, and every other version's
//   field-level diff is computed over the history without it.
import type { Audience, JsonObject, RecordState, VersionState } from './model.ts';
import type { Viewer } from './port.ts';

export interface FieldChange {
  /** dotted path into the values, e.g. `progressPercent` or `party.name` */
  path: string;
  before?: unknown;
  after?: unknown;
}

export type VersionKind = 'original' | 'update' | 'correction' | 'retraction';

export interface TrailEntry {
  version: VersionState;
  kind: VersionKind;
  /** field-level diff of the viewer's values; absent when withheld */
  changes?: FieldChange[];
  /** content withheld because this version was retracted or is a retraction */
  withheld: boolean;
  /** this version was retracted by that event */
  retractedBy?: string;
}

/** The audiences whose versions a viewer may read on this record. */
export function audiencesFor(record: Pick<RecordState, 'streamId'>, viewer: Viewer): ReadonlySet<Audience> {
  return viewer.streams.has(record.streamId) ? GROUP : PUBLIC;
}
const PUBLIC: ReadonlySet<Audience> = new Set<Audience>(['public']);
const GROUP: ReadonlySet<Audience> = new Set<Audience>(['public', 'group']);

/** The audiences that see a record of this audience in the view it was made for. */
export function ownAudiences(audience: Audience): ReadonlySet<Audience> {
  return audience === 'public' ? PUBLIC : audience === 'group' ? GROUP : new Set<Audience>(['public', 'group', 'request']);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ids of retracted versions. */
function retractedSet(versions: readonly VersionState[]): Set<string> {
  const out = new Set<string>();
  for (const v of versions) if (v.amends?.kind === 'retraction') out.add(v.amends.target);
  return out;
}

/**
 * The current values the audiences see: null when no visible content version remains (every one
 * retracted, or none visible).
 */
export function currentValues(record: Pick<RecordState, 'versions'>, audiences: ReadonlySet<Audience>): JsonObject | null {
  const versions = record.versions;
  const retracted = retractedSet(versions);
  const views = new Map<string, JsonObject>();
  for (const v of versions) {
    if (!audiences.has(v.audience)) continue;
    if (v.amends) {
      if (v.amends.kind === 'correction' && v.amends.changes) {
        const target = views.get(v.amends.target);
        if (target) views.set(v.amends.target, { ...target, ...v.amends.changes });
      }
      continue;
    }
    if (retracted.has(v.eventId)) continue;
    views.set(v.eventId, v.view);
  }
  if (views.size === 0) return null;
  // one version: its view as is (views are never modified in place)
  if (views.size === 1) return views.values().next().value!;
  return Object.assign({}, ...views.values()) as JsonObject;
}

/** The view of one content version after its corrections (undefined for amendments). */
export function correctedView(record: Pick<RecordState, 'versions'>, eventId: string): JsonObject | undefined {
  let view: JsonObject | undefined;
  for (const v of record.versions) {
    if (v.eventId === eventId && !v.amends) view = v.view;
    else if (view && v.amends?.kind === 'correction' && v.amends.target === eventId && v.amends.changes) view = { ...view, ...v.amends.changes };
  }
  return view;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-level differences (objects recursed, arrays compared whole). */
export function diffValues(before: JsonObject, after: JsonObject, prefix = ''): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const b = before[key];
    const a = after[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (same(a, b)) continue;
    if (isObject(a) && isObject(b)) {
      out.push(...diffValues(b, a, path));
      continue;
    }
    out.push({ path, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return out;
}

/** Every version the audiences may see, oldest first, with what it changed. */
export function auditTrail(record: Pick<RecordState, 'versions'>, audiences: ReadonlySet<Audience>): TrailEntry[] {
  const versions = record.versions.filter((v) => audiences.has(v.audience));
  const retracted = retractedSet(versions);
  const retractedBy = new Map<string, string>();
  for (const v of versions) if (v.amends?.kind === 'retraction') retractedBy.set(v.amends.target, v.eventId);
  const views = new Map<string, JsonObject>();
  let values: JsonObject = {};
  const merge = () => {
    let m: JsonObject = {};
    for (const view of views.values()) m = { ...m, ...view };
    return m;
  };
  const out: TrailEntry[] = [];
  let contentSeen = 0;
  for (const v of versions) {
    if (v.amends) {
      const target = v.amends.target;
      if (v.amends.kind === 'retraction' || retracted.has(target)) {
        out.push({ version: v, kind: v.amends.kind, withheld: true });
        continue;
      }
      const view = views.get(target);
      if (view && v.amends.changes) views.set(target, { ...view, ...v.amends.changes });
      const next = merge();
      out.push({ version: v, kind: 'correction', withheld: false, changes: diffValues(values, next) });
      values = next;
      continue;
    }
    const kind: VersionKind = contentSeen++ === 0 ? 'original' : 'update';
    if (retracted.has(v.eventId)) {
      out.push({ version: v, kind, withheld: true, retractedBy: retractedBy.get(v.eventId)! });
      continue;
    }
    views.set(v.eventId, v.view);
    const next = merge();
    out.push({ version: v, kind, withheld: false, changes: diffValues(values, next) });
    values = next;
  }
  return out;
}
