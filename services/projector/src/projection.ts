// The disclosure projection: recorded events in, read-model changes out. Derived from the catalog:
// which record an event belongs to (recordKeyOf), its category and audience, how its payload is
// masked (personalData, fieldAudiences), its formed date, deadline (assessTimeliness), publicity
// window (publicityClosesOn) and public-view end (publicViewEndsOn); corrections and retractions
// amend the record of the event they target.
//
// A batch is projected in four steps: resolve every event's record id (amendments look their
// target up), load the records the batch touches (from a cache of recently written records, else
// the read store, in one call), apply the events in order, then derive each touched record's
// summary fields once and diff its aggregate contributions (timeliness, counts) against what they
// were before the batch. The result is applied by the caller together with the checkpoint; only
// then does commit() keep the touched records as the cache.
import { hash } from 'node:crypto';
import {
  ALLOCATION_KINDS,
  assessTimeliness,
  audienceFor,
  categoryFor,
  chinaDate,
  deadlineSpecFor,
  getEntry,
  publicityClosesOn,
  publicViewEndsOn,
  regionOfProjectCode,
  stringAt,
  valueAt,
  type CatalogEntry,
} from '@gongkai/catalog';
import type { RecordedEvent } from '@gongkai/event-store';
import {
  currentValues,
  emptyChanges,
  ownAudiences,
  type AllocationState,
  type Audience,
  type CountDelta,
  type JsonObject,
  type ProjectState,
  type ReadModelChanges,
  type RecordState,
  type TimelinessDelta,
  type TimelinessState,
  type VersionState,
} from '@gongkai/read-store';
import { entryPlan, getter } from './access.ts';
import { allocationTitle, describeRecord } from './describe.ts';
import { levelFor, redactPayload } from './redact.ts';

/** The event fields the projection reads. */
export type ProjectableEvent = Pick<
  RecordedEvent,
  'eventId' | 'type' | 'schemaVersion' | 'payload' | 'metadata' | 'streamId' | 'version' | 'globalPosition' | 'recordedAt' | 'hash'
>;

export interface ProjectionSource {
  loadRecords(ids: readonly string[]): Promise<Map<string, RecordState>>;
  loadProjects(codes: readonly string[]): Promise<Map<string, ProjectState>>;
  loadAllocations(streamIds: readonly string[]): Promise<Map<string, AllocationState>>;
}

export interface ProjectionOptions {
  source: ProjectionSource;
  /** finds an event by id in the ledger (amendments whose target is not in the batch) */
  lookupEvent: (eventId: string) => Promise<ProjectableEvent | undefined>;
  /** records kept in memory between batches (default 20000) */
  cacheSize?: number;
  /** called for every event the projection leaves out, with why */
  onSkip?: (event: ProjectableEvent, reason: SkipReason) => void;
  /**
   * The read store was empty when the projection started and only this projection writes to it (a
   * rebuild): record ids it never created are known to be absent, so they are not looked up.
   */
  startsEmpty?: boolean;
}

export type SkipReason = 'unknown-type' | 'no-record-key' | 'unknown-target' | 'no-category' | 'duplicate';

export interface BatchResult {
  changes: ReadModelChanges;
  /** events that changed nothing, by reason */
  skipped: Partial<Record<SkipReason, number>>;
}

/** Stable, URL-safe record id: base64url of SHA-256(streamId, record key), 22 characters. */
export function recordIdOf(streamId: string, key: string): string {
  return hash('sha256', `${streamId}\n${key}`, 'base64url').slice(0, 22);
}

interface Working {
  state: RecordState;
  created: boolean;
  /** aggregate contributions before this batch */
  before: Contributions;
  /** content versions whose corrected payload must be re-assessed */
  reassess: Set<string>;
}

interface Contributions {
  timeliness: TimelinessDelta[];
  count: CountDelta | null;
}

const NO_CONTRIBUTIONS: Contributions = { timeliness: [], count: null };

/** A bounded map that forgets the oldest insertions first (records are touched in bursts). */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    if (this.max <= 0) return;
    if (!this.map.has(key) && this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }
  clear(): void {
    this.map.clear();
  }
}

function entryOf(v: Pick<VersionState, 'type' | 'schemaVersion'>): CatalogEntry | undefined {
  return getEntry(v.type, v.schemaVersion) ?? getEntry(v.type);
}

// Deadline assessments, cached: the result depends only on the deadline spec that applies, the date
// its clock starts from and the publication date (China time) — few distinct combinations.
const assessments = new Map<string, TimelinessState | null>();
let lastInstant = '';
let lastChinaDate = '';

function chinaDateOf(instant: string): string {
  if (instant !== lastInstant) {
    lastChinaDate = chinaDate(instant);
    lastInstant = instant;
  }
  return lastChinaDate;
}

function timelinessOf(type: string, payload: JsonObject, recordedAt: string): TimelinessState | null {
  const entry = getEntry(type);
  if (!entry?.deadlines?.length) return null;
  try {
    const spec = deadlineSpecFor(entry, payload);
    if (!spec) return null;
    const from = getter(spec.from)(payload);
    if (typeof from !== 'string') return null;
    const key = `${type}\u0000${entry.deadlines.indexOf(spec)}\u0000${from}\u0000${chinaDateOf(recordedAt)}`;
    let t = assessments.get(key);
    if (t === undefined) {
      t = assessTimeliness(type, payload, recordedAt);
      if (assessments.size >= 100_000) assessments.clear();
      assessments.set(key, t);
    }
    return t;
  } catch {
    return null;
  }
}

function contributionsOf(state: RecordState): Contributions {
  const retracted = new Set<string>();
  for (const v of state.versions) if (v.amends?.kind === 'retraction') retracted.add(v.amends.target);
  const timeliness: TimelinessDelta[] = [];
  for (const v of state.versions) {
    if (!v.timeliness) continue;
    if (retracted.has(v.eventId)) continue;
    if (v.amends && (v.amends.kind === 'retraction' || retracted.has(v.amends.target))) continue;
    timeliness.push({
      agency: v.agency,
      category: state.category,
      late: v.timeliness.late,
      delay: v.timeliness.late ? (v.timeliness.delayWorkingDays ?? 0) : 0,
      count: 1,
    });
  }
  return {
    timeliness,
    count: {
      category: state.category,
      audience: state.audience,
      streamId: state.audience === 'group' ? state.streamId : null,
      publicUntil: state.publicUntil,
      count: 1,
    },
  };
}

export class DisclosureProjection {
  private readonly source: ProjectionSource;
  private readonly lookupEvent: ProjectionOptions['lookupEvent'];
  private readonly onSkip: ProjectionOptions['onSkip'];
  private readonly records: Lru<string, RecordState>;
  private readonly projects: Lru<string, ProjectState>;
  private readonly allocations: Lru<string, AllocationState>;
  /** with startsEmpty: every record id created so far */
  private readonly created: Set<string> | undefined;
  private pending: { records: RecordState[]; projects: ProjectState[]; allocations: AllocationState[] } | undefined;

  constructor(options: ProjectionOptions) {
    this.source = options.source;
    this.lookupEvent = options.lookupEvent;
    this.onSkip = options.onSkip;
    const size = Math.max(0, options.cacheSize ?? 20_000);
    this.records = new Lru(size);
    this.projects = new Lru(Math.max(1000, size / 4));
    this.allocations = new Lru(Math.max(1000, size / 4));
    this.created = options.startsEmpty ? new Set() : undefined;
  }

  /** Keeps what the last batch wrote as the cache: call once its changes are durable. */
  commit(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    for (const r of p.records) {
      this.records.set(r.id, r);
      this.created?.add(r.id);
    }
    for (const pr of p.projects) this.projects.set(pr.code, pr);
    for (const a of p.allocations) this.allocations.set(a.streamId, a);
  }

  /** Forgets every cached state (after a failed batch, or when the read store was replaced). */
  reset(): void {
    if (this.created) throw new Error('a projection that starts empty cannot be reset: restart the rebuild');
    this.pending = undefined;
    this.records.clear();
    this.projects.clear();
    this.allocations.clear();
  }

  /** Projects a batch of events (in global order). Does not write anything. */
  async project(events: readonly ProjectableEvent[]): Promise<BatchResult> {
    this.pending = undefined;
    const skipped: BatchResult['skipped'] = {};
    const skip = (e: ProjectableEvent, reason: SkipReason) => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      this.onSkip?.(e, reason);
    };

    // 1. the record each event belongs to
    const plan: Array<{ event: ProjectableEvent; entry: CatalogEntry; recordId: string; key: string } | undefined> = [];
    const batchEvents = new Map<string, string>();
    for (const event of events) {
      const entry = getEntry(event.type, event.schemaVersion) ?? getEntry(event.type);
      if (!entry) {
        plan.push(undefined);
        skip(event, 'unknown-type');
        continue;
      }
      const rk = entryPlan(entry).recordKey(event.payload);
      if (!rk) {
        plan.push(undefined);
        skip(event, 'no-record-key');
        continue;
      }
      let recordId: string | undefined;
      let key = '';
      if (rk.kind === 'own') {
        key = rk.key;
        recordId = recordIdOf(event.streamId, key);
      } else {
        recordId = batchEvents.get(rk.eventId) ?? (await this.recordOfEvent(rk.eventId));
      }
      if (!recordId) {
        plan.push(undefined);
        skip(event, 'unknown-target');
        continue;
      }
      batchEvents.set(event.eventId, recordId);
      plan.push({ event, entry, recordId, key });
    }

    // 2. load what the batch touches
    const working = new Map<string, Working>();
    const missing = new Set<string>();
    for (const p of plan) {
      if (!p || working.has(p.recordId) || missing.has(p.recordId)) continue;
      const cached = this.records.get(p.recordId);
      if (cached) working.set(p.recordId, this.work(cached, false));
      else if (!this.created || this.created.has(p.recordId)) missing.add(p.recordId);
    }
    if (missing.size > 0) {
      const loaded = await this.source.loadRecords([...missing]);
      for (const [id, state] of loaded) working.set(id, this.work(state, false));
    }

    // 3. apply in order
    for (const p of plan) {
      if (!p) continue;
      const { event, entry, recordId } = p;
      let w = working.get(recordId);
      if (entry.amends) {
        if (!w) {
          skip(event, 'unknown-target');
          continue;
        }
        if (!this.applyAmendment(w, event, entry)) skip(event, 'duplicate');
        continue;
      }
      if (!w) {
        const category = categoryFor(entry, event.payload);
        const audience = audienceFor(entry, event.payload);
        if (!category || !audience) {
          skip(event, 'no-category');
          continue;
        }
        w = { state: skeleton(recordId, event, p.key, category, audience), created: true, before: NO_CONTRIBUTIONS, reassess: new Set() };
        working.set(recordId, w);
      }
      if (!this.applyContent(w, event, entry)) skip(event, 'duplicate');
    }

    // 4. derive, aggregate, join projects and allocations
    const changes = emptyChanges();
    const touchedRecords: RecordState[] = [];
    for (const w of working.values()) {
      if (w.state.versions.length === 0) continue;
      derive(w);
      changes.records.push({ state: w.state, created: w.created });
      touchedRecords.push(w.state);
      const after = contributionsOf(w.state);
      for (const t of w.before.timeliness) changes.timeliness.push({ ...t, count: -t.count });
      changes.timeliness.push(...after.timeliness);
      if (w.before.count) changes.counts.push({ ...w.before.count, count: -1 });
      if (after.count) changes.counts.push(after.count);
    }
    const projects = await this.joinProjects(touchedRecords);
    const allocations = await this.joinAllocations(touchedRecords);
    changes.projects = projects;
    changes.allocations = allocations;
    changes.timeliness = changes.timeliness.filter((t) => t.count !== 0);
    this.pending = { records: touchedRecords, projects, allocations };
    return { changes, skipped };
  }

  private work(state: RecordState, created: boolean): Working {
    return { state, created, before: contributionsOf(state), reassess: new Set() };
  }

  /** The record id of an event the batch does not hold, found in the ledger. */
  private async recordOfEvent(eventId: string): Promise<string | undefined> {
    const target = await this.lookupEvent(eventId);
    if (!target) return undefined;
    const entry = getEntry(target.type, target.schemaVersion) ?? getEntry(target.type);
    if (!entry || entry.amends) return undefined;
    const rk = entryPlan(entry).recordKey(target.payload);
    return rk?.kind === 'own' ? recordIdOf(target.streamId, rk.key) : undefined;
  }

  private newVersion(event: ProjectableEvent, entry: CatalogEntry, audience: Audience): VersionState {
    const { view, redactions } = redactPayload(entry, event.payload, levelFor(audience));
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      position: event.globalPosition.toString(),
      streamVersion: event.version,
      recordedAt: event.recordedAt,
      agency: String(event.metadata.agency ?? ''),
      hash: event.hash,
      audience,
      formedDate: stringOrNull(getter(entry.formedDateField)(event.payload)),
      view,
      ...(redactions.length > 0 ? { redactions } : {}),
      timeliness: timelinessOf(event.type, event.payload, event.recordedAt),
    };
  }

  private applyContent(w: Working, event: ProjectableEvent, entry: CatalogEntry): boolean {
    const state = w.state;
    if (state.versions.some((v) => v.eventId === event.eventId)) return false;
    const audience = audienceFor(entry, event.payload) ?? state.audience;
    state.versions.push(this.newVersion(event, entry, audience));
    return true;
  }

  private applyAmendment(w: Working, event: ProjectableEvent, entry: CatalogEntry): boolean {
    const state = w.state;
    if (state.versions.some((v) => v.eventId === event.eventId)) return false;
    const amends = entry.amends!;
    const targetId = stringAt(event.payload, amends.targetField)!;
    const target = state.versions.find((v) => v.eventId === targetId && !v.amends);
    if (!target) return false;
    const version = this.newVersion(event, entry, target.audience);
    if (amends.changesField !== undefined) {
      const changes = valueAt(version.view, amends.changesField);
      version.amends = { kind: 'correction', target: targetId, changes: isObject(changes) ? changes : {} };
      target.correctedBy = [...(target.correctedBy ?? []), event.eventId];
      w.reassess.add(targetId);
    } else {
      version.amends = { kind: 'retraction', target: targetId };
      target.retractedBy = event.eventId;
    }
    state.versions.push(version);
    return true;
  }

  private async joinProjects(records: readonly RecordState[]): Promise<ProjectState[]> {
    const touched = new Map<string, ProjectState | undefined>();
    for (const r of records) for (const code of r.projectCodes) if (!touched.has(code)) touched.set(code, this.projects.get(code));
    const missing = [...touched].filter(([, p]) => p === undefined).map(([c]) => c);
    if (missing.length > 0) {
      const loaded = await this.source.loadProjects(missing);
      for (const [code, p] of loaded) touched.set(code, p);
    }
    const out = new Map<string, ProjectState>();
    for (const r of records) {
      for (const code of r.projectCodes) {
        const prev = out.get(code) ?? touched.get(code);
        const p: ProjectState = prev
          ? { ...prev }
          : { code, name: null, region: regionOfProjectCode(code) ?? null, registrationRecordId: null, firstRecordedAt: r.firstRecordedAt, lastRecordedAt: r.lastRecordedAt };
        if (r.firstRecordedAt < p.firstRecordedAt) p.firstRecordedAt = r.firstRecordedAt;
        if (r.lastRecordedAt > p.lastRecordedAt) p.lastRecordedAt = r.lastRecordedAt;
        if (r.streamId === `project-${code}` && r.audience === 'public' && r.status === 'current') {
          const values = currentValues(r, ownAudiences('public'));
          const name = values ? stringAt(values, 'projectName') : undefined;
          if (r.types[0] === 'ProjectRegistered') {
            p.registrationRecordId = r.id;
            if (name) p.name = name;
            const region = values ? stringAt(values, 'region') : undefined;
            if (region) p.region = region;
          } else if (name && p.name === null) p.name = name;
        }
        out.set(code, p);
      }
    }
    return [...out.values()];
  }

  private async joinAllocations(records: readonly RecordState[]): Promise<AllocationState[]> {
    const relevant = records.filter((r) => r.streamId.startsWith('allocation-'));
    if (relevant.length === 0) return [];
    const touched = new Map<string, AllocationState | undefined>();
    for (const r of relevant) if (!touched.has(r.streamId)) touched.set(r.streamId, this.allocations.get(r.streamId));
    const missing = [...touched].filter(([, a]) => a === undefined).map(([s]) => s);
    if (missing.length > 0) {
      const loaded = await this.source.loadAllocations(missing);
      for (const [s, a] of loaded) touched.set(s, a);
    }
    const out = new Map<string, AllocationState>();
    for (const r of relevant) {
      const prev = out.get(r.streamId) ?? touched.get(r.streamId);
      const first = r.versions.find((v) => !v.amends)!;
      const entry = entryOf(first);
      if (!entry || !('idField' in entry.stream)) continue;
      const kind = entry.stream.kind.slice('allocation-'.length);
      if (!(kind in ALLOCATION_KINDS)) continue;
      const a: AllocationState = prev
        ? { ...prev }
        : {
            streamId: r.streamId,
            kind,
            category: r.category,
            title: allocationTitle(entry, currentValues(r, ownAudiences(r.audience)) ?? first.view),
            region: r.region,
            idField: entry.stream.idField,
            firstRecordedAt: r.firstRecordedAt,
            lastRecordedAt: r.lastRecordedAt,
          };
      if (r.firstRecordedAt < a.firstRecordedAt) a.firstRecordedAt = r.firstRecordedAt;
      if (r.lastRecordedAt > a.lastRecordedAt) a.lastRecordedAt = r.lastRecordedAt;
      out.set(r.streamId, a);
    }
    return [...out.values()];
  }
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function skeleton(id: string, event: ProjectableEvent, key: string, category: string, audience: Audience): RecordState {
  return {
    id,
    streamId: event.streamId,
    key,
    category,
    audience,
    status: 'current',
    types: [],
    agency: String(event.metadata.agency ?? ''),
    region: null,
    projectCodes: [],
    title: '',
    summary: '',
    searchText: '',
    formedDate: '',
    firstRecordedAt: event.recordedAt,
    lastRecordedAt: event.recordedAt,
    firstPosition: event.globalPosition.toString(),
    lastPosition: event.globalPosition.toString(),
    dueDate: null,
    late: false,
    delayWorkingDays: null,
    publicityClosesOn: null,
    publicUntil: null,
    versionCount: 0,
    corrections: 0,
    versions: [],
  };
}

/** Recomputes a record's summary fields from its versions. */
function derive(w: Working): void {
  const state = w.state;
  const versions = state.versions;
  const retracted = new Set<string>();
  for (const v of versions) if (v.amends?.kind === 'retraction') retracted.add(v.amends.target);

  // corrected views of the content versions
  const corrected = new Map<string, JsonObject>();
  for (const v of versions) {
    if (!v.amends) corrected.set(v.eventId, v.view);
    else if (v.amends.kind === 'correction' && v.amends.changes) {
      const t = corrected.get(v.amends.target);
      if (t) corrected.set(v.amends.target, { ...t, ...v.amends.changes });
    }
  }

  const content = versions.filter((v) => !v.amends);
  const effective = content.filter((v) => !retracted.has(v.eventId));
  const types: string[] = [];
  const codes = new Set<string>();
  let publicityClosesOnMax: string | null = null;
  let publicUntil: string | null = null;
  for (const v of content) {
    if (!types.includes(v.type)) types.push(v.type);
    const entry = entryOf(v);
    const view = corrected.get(v.eventId)!;
    if (!entry) continue;
    if (w.reassess.has(v.eventId)) {
      v.formedDate = stringOrNull(getter(entry.formedDateField)(view));
      v.timeliness = timelinessOf(v.type, view, v.recordedAt);
    }
    for (const c of entryPlan(entry).projectCodes(view)) codes.add(c);
    if (retracted.has(v.eventId)) continue;
    const closes = publicityClosesOn(entry, view);
    if (closes !== undefined && (publicityClosesOnMax === null || closes > publicityClosesOnMax)) publicityClosesOnMax = closes;
    if (publicUntil === null) publicUntil = publicViewEndsOn(entry, view) ?? null;
  }

  const first = effective[0] ?? content[0]!;
  const firstEntry = entryOf(first)!;
  const firstView = corrected.get(first.eventId)!;
  const status = effective.length === 0 ? 'retracted' : 'current';
  const values = status === 'retracted' ? null : currentValues(state, ownAudiences(state.audience));

  let late = false;
  let delay: number | null = null;
  for (const v of versions) {
    if (!v.timeliness?.late) continue;
    if (retracted.has(v.eventId)) continue;
    if (v.amends && (v.amends.kind === 'retraction' || retracted.has(v.amends.target))) continue;
    late = true;
    const d = v.timeliness.delayWorkingDays ?? 0;
    if (delay === null || d > delay) delay = d;
  }

  state.status = status;
  state.types = types;
  state.region = entryPlan(firstEntry).region(firstView) ?? null;
  state.projectCodes = [...codes].sort();
  state.formedDate = first.formedDate ?? '';
  state.firstRecordedAt = versions[0]!.recordedAt;
  state.lastRecordedAt = versions[versions.length - 1]!.recordedAt;
  state.firstPosition = versions[0]!.position;
  state.lastPosition = versions[versions.length - 1]!.position;
  state.dueDate = first.timeliness?.dueDate ?? null;
  state.late = late;
  state.delayWorkingDays = delay;
  state.publicityClosesOn = publicityClosesOnMax;
  state.publicUntil = publicUntil;
  state.versionCount = versions.length;
  state.corrections = versions.filter((v) => v.amends?.kind === 'correction').length;
  const d = describeRecord(firstEntry, values, { retracted: status === 'retracted', types: types.length, searchable: state.audience !== 'request' });
  state.title = d.title;
  state.summary = d.summary;
  state.searchText = d.searchText;
}
