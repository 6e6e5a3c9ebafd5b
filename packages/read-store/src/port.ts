// The read store port: what the projector writes and the public API reads. Every adapter (SQLite,
// the embedded default; MongoDB later) implements it and passes the contract suite in ./contract.ts.
//
// Writes: one batch of read-model changes is applied together with the projection checkpoint in
// ONE transaction, guarded by the checkpoint it started from, so a batch takes effect exactly once
// even when the projector dies mid-batch or two projectors race.
//
// Reads: every query takes a Viewer and the current date (China time). Visibility is enforced here,
// not by callers: 'public' records for everyone, 'group' records only for viewers holding a party
// token for their stream, 'request' records never; records whose public view has ended
// (publicUntil < today, penalties after their 公示期) are left out — they stay in the store.
import type {
  AllocationState,
  Audience,
  ProjectState,
  ReadModelChanges,
  ReadModelDump,
  RecordState,
  RecordSummary,
} from './model.ts';

export interface Viewer {
  /** streams this viewer holds a party token for (empty for the public) */
  streams: ReadonlySet<string>;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ streams: new Set<string>() });

export type RecordSort = 'formedDate' | '-formedDate' | 'recordedAt' | '-recordedAt';

/** Keyset position: the sort value and id of the last row of the previous page. */
export interface PageAfter {
  value: string;
  id: string;
}

export interface Page<T> {
  items: T[];
  /** where the next page starts; absent on the last page */
  next?: PageAfter;
}

export interface RecordQuery {
  category: string;
  viewer: Viewer;
  /** YYYY-MM-DD in China time: records whose publicUntil is earlier are out of the public view */
  today: string;
  /** full text (Chinese): substrings of ≥ 3 characters use the trigram index, shorter ones a scan */
  q?: string;
  /** GB/T 2260; a prefecture (320500) or province (320000) code matches its subdivisions */
  region?: string;
  agency?: string;
  projectCode?: string;
  formedFrom?: string;
  formedTo?: string;
  /** ISO instants (UTC, `…Z`), inclusive bounds on the first recording */
  recordedFrom?: string;
  recordedTo?: string;
  late?: boolean;
  sort: RecordSort;
  limit: number;
  after?: PageAfter;
}

export interface ProjectQuery {
  viewer: Viewer;
  today: string;
  region?: string;
  /** matches the project name (substring) or code (prefix) */
  q?: string;
  limit: number;
  /** project code of the last row of the previous page */
  after?: string;
}

export interface ProjectListItem extends ProjectState {
  records: number;
  late: number;
}

export interface AllocationQuery {
  viewer: Viewer;
  today: string;
  kind?: string;
  region?: string;
  limit: number;
  /** stream id of the last row of the previous page */
  after?: string;
}

export interface TimelinessRow {
  agency: string;
  category: string;
  onTime: number;
  late: number;
  /** working days late → number of publications (late ones only) */
  delays: Map<number, number>;
}

/** Timeliness histogram rows (agency × category × late × delay → count) folded per agency and category. */
export function foldTimeliness(rows: Iterable<{ agency: string; category: string; late: boolean; delay: number; n: number }>): TimelinessRow[] {
  const out = new Map<string, TimelinessRow>();
  for (const r of rows) {
    const key = JSON.stringify([r.agency, r.category]);
    let row = out.get(key);
    if (!row) out.set(key, (row = { agency: r.agency, category: r.category, onTime: 0, late: 0, delays: new Map() }));
    if (r.late) {
      row.late += r.n;
      row.delays.set(r.delay, (row.delays.get(r.delay) ?? 0) + r.n);
    } else row.onTime += r.n;
  }
  return [...out.values()];
}

/** Several timeliness rows added up (an agency's, a category's, everyone's). */
export function sumTimeliness(rows: readonly TimelinessRow[]): { onTime: number; late: number; total: number; delays: Map<number, number> } {
  const delays = new Map<number, number>();
  let onTime = 0;
  let late = 0;
  for (const r of rows) {
    onTime += r.onTime;
    late += r.late;
    for (const [d, n] of r.delays) delays.set(d, (delays.get(d) ?? 0) + n);
  }
  return { onTime, late, total: onTime + late, delays };
}

export interface BatchPosition {
  /** the checkpoint the batch was projected from (guard: must still be the stored one) */
  from: bigint;
  /** the global position of the last event in the batch */
  to: bigint;
  /** events read in the batch (statistics) */
  events?: number;
}

export interface ReadStoreStats {
  checkpoint: bigint;
  records: number;
  eventsProjected: number;
}

export interface ReadStore {
  // ---------------------------------------------------------------- projection side
  /** global position of the last event whose effects are stored (0n when empty) */
  checkpoint(): Promise<bigint>;
  /**
   * The checkpoint without a round trip, possibly up to a fraction of a second old when another
   * process moved it (exact for changes made through this object): keys response caches.
   */
  cachedCheckpoint?(): bigint;
  /** current states of these records (absent ids are missing from the map) */
  loadRecords(ids: readonly string[]): Promise<Map<string, RecordState>>;
  loadProjects(codes: readonly string[]): Promise<Map<string, ProjectState>>;
  loadAllocations(streamIds: readonly string[]): Promise<Map<string, AllocationState>>;
  /**
   * Applies the changes and moves the checkpoint from `at.from` to `at.to`, atomically. Throws
   * CheckpointConflictError (and changes nothing) when the stored checkpoint is not `at.from`.
   */
  applyBatch(changes: ReadModelChanges, at: BatchPosition): Promise<void>;

  // ---------------------------------------------------------------- queries
  listRecords(query: RecordQuery): Promise<Page<RecordSummary>>;
  /** undefined when absent or not visible to the viewer */
  getRecord(id: string, viewer: Viewer, today: string): Promise<RecordState | undefined>;
  /** visible records whose projectCodes include `code`, oldest first */
  recordsOfProject(code: string, viewer: Viewer, today: string): Promise<RecordState[]>;
  /** visible records of one stream, oldest first */
  recordsOfStream(streamId: string, viewer: Viewer, today: string): Promise<RecordState[]>;
  listProjects(query: ProjectQuery): Promise<Page<ProjectListItem>>;
  getProject(code: string): Promise<ProjectState | undefined>;
  listAllocations(query: AllocationQuery): Promise<Page<AllocationState>>;
  getAllocation(streamId: string): Promise<AllocationState | undefined>;
  /** visible records per category */
  categoryCounts(viewer: Viewer, today: string): Promise<Map<string, number>>;
  timeliness(filter?: { agency?: string; category?: string }): Promise<TimelinessRow[]>;

  // ---------------------------------------------------------------- operations
  /**
   * Re-attaches when the underlying store was replaced by a rebuild (SQLite: a new file renamed
   * over read.db); true when it was. Adapters whose rebuild swaps in place need not implement it.
   */
  refresh?(): Promise<boolean>;
  stats(): Promise<ReadStoreStats>;
  /** everything, canonically ordered */
  dump(): Promise<ReadModelDump>;
  close(): Promise<void>;
}

export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  constructor(
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`read model checkpoint is ${actual}, not ${expected}: another projector moved it (the batch was not applied)`);
  }
}

export class ReadStoreUnavailableError extends Error {
  override readonly name = 'ReadStoreUnavailableError';
}

/** Whether a record of this audience and stream is visible to the viewer (publicUntil aside). */
export function audienceVisible(audience: Audience, streamId: string, viewer: Viewer): boolean {
  return audience === 'public' || (audience === 'group' && viewer.streams.has(streamId));
}

/** Whether a record is visible to the viewer on `today`. */
export function recordVisible(r: Pick<RecordSummary, 'audience' | 'streamId' | 'publicUntil'>, viewer: Viewer, today: string): boolean {
  return audienceVisible(r.audience, r.streamId, viewer) && (r.publicUntil === null || r.publicUntil >= today);
}

/** GB/T 2260 hierarchy: 100000 covers all, 320000 covers 32xxxx, 320500 covers 3205xx. */
export function regionPrefix(region: string): string {
  if (region === '100000') return '';
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}
