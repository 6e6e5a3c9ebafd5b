// The documents of the disclosure read model. They are plain JSON (bigint positions travel as
// decimal strings) so every adapter — SQLite here, MongoDB later — stores them as they are.
//
// Nothing in here is clear-text personal data: the projector stores only the *views* of each event,
// already masked (张*明, 138****1234 …) or with the field omitted, as the catalog declares. The
// read model can therefore be dumped, cached and served without a second redaction pass.

export type JsonObject = { [key: string]: unknown };

/** Who may read an item: 全社会 / 特定群体 (affected parties of one stream) / 依申请. */
export type Audience = 'public' | 'group' | 'request';

/** `current`: shown; `retracted`: every version of it was withdrawn (撤回) — listed, content withheld. */
export type RecordStatus = 'current' | 'retracted';

/** A deadline assessment (see @gongkai/catalog assessTimeliness). */
export interface TimelinessState {
  dueDate: string;
  rule: string;
  late: boolean;
  delayWorkingDays?: number;
  delayDays?: number;
  publishedDate: string;
  provisional: boolean;
}

/** How a version amends another one. */
export interface AmendmentState {
  kind: 'correction' | 'retraction';
  /** the event amended */
  target: string;
  /** corrections: the corrected top-level fields, masked like the target's payload */
  changes?: JsonObject;
}

/** One event of a record, as the audit trail shows it. */
export interface VersionState {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** global position (decimal string) */
  position: string;
  streamVersion: number;
  recordedAt: string;
  agency: string;
  hash: string;
  audience: Audience;
  /** the formed / changed date of this event (after corrections) */
  formedDate: string | null;
  /** the payload as its audience may read it: masked, narrower fields omitted (never changed after) */
  view: JsonObject;
  /** declared personal-data / narrower-audience paths that were masked or omitted in `view` */
  redactions?: Redaction[];
  timeliness: TimelinessState | null;
  amends?: AmendmentState;
  /** set on a version a DisclosureRetracted withdrew */
  retractedBy?: string;
  /** corrections applied to this version, in order */
  correctedBy?: string[];
}

export interface Redaction {
  /** declared path, e.g. households[].name */
  path: string;
  treatment: 'masked' | 'omitted';
  /** personal-data kind (name, idNumber …) or `audience:request` / `audience:group` */
  reason: string;
}

/** The indexed, listable part of a record. */
export interface RecordSummary {
  /** stable, URL-safe id derived from stream id and record key */
  id: string;
  streamId: string;
  /** the catalog record key, e.g. `approval:feasibility-study:苏发改投〔2019〕132号` */
  key: string;
  category: string;
  audience: Audience;
  status: RecordStatus;
  /** types of its content versions, in order (first = the item that opened the record) */
  types: string[];
  /** agency id of the first version */
  agency: string;
  region: string | null;
  projectCodes: string[];
  title: string;
  summary: string;
  /** normalised text the full-text index holds (title, summary, identifiers) */
  searchText: string;
  formedDate: string;
  firstRecordedAt: string;
  lastRecordedAt: string;
  firstPosition: string;
  lastPosition: string;
  /** due date of the first publication */
  dueDate: string | null;
  /** any effective version published after its deadline */
  late: boolean;
  /** largest delay in working days among late versions */
  delayWorkingDays: number | null;
  /** last day of the (longest) minimum publicity period, e.g. 中标候选人公示 ≥ 3 日 */
  publicityClosesOn: string | null;
  /** penalties: the last day the record stays in the public view (the ledger keeps it) */
  publicUntil: string | null;
  versionCount: number;
  corrections: number;
}

export interface RecordState extends RecordSummary {
  versions: VersionState[];
}

/** A project code's entry (records join it through their projectCodes). */
export interface ProjectState {
  code: string;
  name: string | null;
  region: string | null;
  /** record id of its ProjectRegistered, when the project stream has one */
  registrationRecordId: string | null;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

/** One public resource allocation process (one `allocation-{kind}-{id}` stream). */
export interface AllocationState {
  streamId: string;
  /** procurement, land-use-rights, mining-rights, state-property, affordable-housing */
  kind: string;
  category: string;
  title: string;
  region: string | null;
  /** the payload field naming the stream (transactionId, roundId, planId …): selects the stages */
  idField: string;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

/** A change to the timeliness summary: `count` publications (negative to withdraw) with this key. */
export interface TimelinessDelta {
  agency: string;
  category: string;
  late: boolean;
  /** working days late (0 when on time) */
  delay: number;
  count: number;
}

/** A change to the per-category record counts. */
export interface CountDelta {
  category: string;
  audience: Audience;
  streamId: string | null;
  publicUntil: string | null;
  count: number;
}

/** Everything a batch of events changed, applied atomically with the checkpoint. */
export interface ReadModelChanges {
  /** upserts of whole records; `created` when the record did not exist before this batch */
  records: Array<{ state: RecordState; created: boolean }>;
  projects: ProjectState[];
  allocations: AllocationState[];
  timeliness: TimelinessDelta[];
  counts: CountDelta[];
}

export function emptyChanges(): ReadModelChanges {
  return { records: [], projects: [], allocations: [], timeliness: [], counts: [] };
}

/** The whole read model in a canonical order (rebuild-equals-incremental checks). */
export interface ReadModelDump {
  checkpoint: string;
  records: RecordState[];
  projects: ProjectState[];
  allocations: AllocationState[];
  timeliness: Array<{ agency: string; category: string; late: boolean; delay: number; count: number }>;
  counts: Array<{ category: string; audience: Audience; streamId: string | null; publicUntil: string | null; count: number }>;
}

/** Deltas with the same key summed (zero sums dropped): one write per key per batch. */
export function mergeTimeliness(deltas: readonly TimelinessDelta[]): TimelinessDelta[] {
  const m = new Map<string, TimelinessDelta>();
  for (const d of deltas) {
    const key = `${d.agency}\u0000${d.category}\u0000${d.late ? 1 : 0}\u0000${d.delay}`;
    const cur = m.get(key);
    if (cur) cur.count += d.count;
    else m.set(key, { ...d });
  }
  return [...m.values()].filter((d) => d.count !== 0);
}

/** Count deltas with the same key summed (zero sums dropped). */
export function mergeCounts(deltas: readonly CountDelta[]): CountDelta[] {
  const m = new Map<string, CountDelta>();
  for (const d of deltas) {
    const key = `${d.category}\u0000${d.audience}\u0000${d.streamId ?? ''}\u0000${d.publicUntil ?? ''}`;
    const cur = m.get(key);
    if (cur) cur.count += d.count;
    else m.set(key, { ...d });
  }
  return [...m.values()].filter((d) => d.count !== 0);
}
