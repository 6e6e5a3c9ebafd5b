// The read store on MongoDB (the mongodb driver), for deployments that outgrow one machine.
//
// Exactly-once batches without multi-document transactions. MongoDB has transactions only on a
// replica set and FerretDB (the MongoDB-wire server CI proves this adapter on) has none, so a batch
// relies on single-document atomicity alone, as a redo log:
//   1. the batch's changes are written to `batch_log` (chunks keyed by a fresh batch id);
//   2. the checkpoint document is claimed with one compare-and-set: {position: from, pending: null}
//      → pending = {batch, from, to}. A stale `from` fails here and nothing is written
//      (CheckpointConflictError);
//   3. the changes are applied, every write idempotent and ordered by the batch's end position `to`:
//      records/projects/allocations are whole-document replaces guarded by `_to <= to`, aggregate
//      deltas are `$inc`s guarded by `_to < to` (a key is touched by at most one batch per `to`);
//   4. the checkpoint moves to `to` and pending is cleared in one compare-and-set; the log is deleted.
// A process killed in step 3 leaves the claim and the log: whoever next opens the store or applies a
// batch redoes the logged changes (the guards make a write that already happened a no-op), then
// commits. So a batch takes effect once and entirely, even though readers may briefly see it
// half-applied (MongoDB's transactions would hide that; we keep to what FerretDB runs too).
//
// Chinese search: MongoDB's text index has no Chinese tokenizer (and FerretDB no text index at
// all), so each record carries the trigrams of its search text in a multikey-indexed array; a term of
// ≥ 3 characters must contain all of its trigrams (`$all`, index-assisted) and every term is
// confirmed with an anchored-free, escaped regular expression — the same plan as SQLite's FTS5.
import { randomUUID } from 'node:crypto';
import { Long, MongoBulkWriteError, MongoClient, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db, type Document, type Filter, type IndexDescription, type WithId } from 'mongodb';
import type {
  AllocationState,
  Audience,
  CountDelta,
  ProjectState,
  ReadModelChanges,
  ReadModelDump,
  RecordState,
  RecordSummary,
  TimelinessDelta,
} from '../model.ts';
import { mergeCounts, mergeTimeliness } from '../model.ts';
import {
  CheckpointConflictError,
  foldTimeliness,
  ReadStoreUnavailableError,
  recordVisible,
  regionPrefix,
  type AllocationQuery,
  type BatchPosition,
  type Page,
  type ProjectListItem,
  type ProjectQuery,
  type ReadStore,
  type ReadStoreStats,
  type RecordQuery,
  type RecordSort,
  type TimelinessRow,
  type Viewer,
} from '../port.ts';
import { queryTerms, trigramsOf } from '../search.ts';

export interface MongoReadStoreOptions {
  /** mongodb:// or mongodb+srv:// connection string */
  url: string;
  /** database holding the read model (default `gongkai`) */
  dbName?: string;
  /** an already connected client to share (not closed by close()) */
  client?: MongoClient;
  /**
   * Fault injection for the crash tests: called after each phase of applyBatch ('logged', 'claimed',
   * 'records', 'aggregates'); throwing there leaves the batch as a killed process would.
   */
  onBatchPhase?: (phase: 'logged' | 'claimed' | 'records' | 'aggregates') => void;
}

const CHECKPOINT_ID = 'checkpoint';
/** log chunk size in UTF-16 code units: ≤ 12 MB of UTF-8 even for all-CJK text, under BSON's 16 MB */
const LOG_CHUNK_CHARS = 4_000_000;

interface CheckpointDoc {
  _id: string;
  position: Long | number;
  events: number;
  pending: null | { batch: string; from: Long | number; to: Long | number; events: number; chunks: number };
}

type RecordDoc = RecordState & { _id: string; _to: Long; fp: Long; grams: string[] };
type ProjectDoc = ProjectState & { _id: string; _to: Long };
type AllocationDoc = AllocationState & { _id: string; _to: Long };
interface TimelinessDoc {
  _id: string;
  agency: string;
  category: string;
  late: boolean;
  delay: number;
  n: number;
  _to: Long;
}
interface CountDoc {
  _id: string;
  category: string;
  audience: Audience;
  streamId: string | null;
  publicUntil: string | null;
  n: number;
  _to: Long;
}

/** A stored document as queries see it (ids are strings, never ObjectIds). */
type Doc = { _id: string } & Record<string, any>;

const long = (b: bigint): Long => Long.fromBigInt(b);
const big = (v: Long | number | bigint): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : v.toBigInt());

/** Fields stored beside a document's state, never returned. */
const HIDDEN = { _id: 0, _to: 0, fp: 0, grams: 0 } as const;
const SUMMARY_HIDDEN = { ...HIDDEN, versions: 0 } as const;

const SORTS: Record<RecordSort, { field: 'formedDate' | 'firstRecordedAt'; dir: 1 | -1 }> = {
  formedDate: { field: 'formedDate', dir: 1 },
  '-formedDate': { field: 'formedDate', dir: -1 },
  recordedAt: { field: 'firstRecordedAt', dir: 1 },
  '-recordedAt': { field: 'firstRecordedAt', dir: -1 },
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Records visible to the viewer on `today` (see recordVisible in the port). */
function visibleFilter(viewer: Viewer, today: string): Filter<Doc> {
  const audience: Filter<Doc> =
    viewer.streams.size === 0 ? { audience: 'public' } : { $or: [{ audience: 'public' }, { audience: 'group', streamId: { $in: [...viewer.streams] } }] };
  return { $and: [audience, { $or: [{ publicUntil: null }, { publicUntil: { $gte: today } }] }] };
}

/** Distinct trigrams of a record's search text (its index entries). */
function gramsOf(searchText: string): string[] {
  return [...new Set(searchText.split(' ').flatMap(trigramsOf))];
}

/** The filter for a user's full-text query: trigrams narrow (index), regexes confirm each term. */
function searchFilter(q: string): Filter<Doc> | undefined {
  const { terms, trigrams } = queryTerms(q);
  if (terms.length === 0) return undefined;
  const clauses: Filter<Doc>[] = terms.map((t) => ({ searchText: { $regex: escapeRegex(t) } }));
  if (trigrams.length > 0) clauses.unshift({ grams: { $all: trigrams } });
  return { $and: clauses };
}

function checkPosition(label: string, value: string): void {
  if (!/^\d+$/.test(value)) throw new RangeError(`${label} must be a non-negative integer position, got ${JSON.stringify(value)}`);
}

/** Everything the batch would write, checked before the first write (all of a batch or none). */
function validateChanges(changes: ReadModelChanges, at: BatchPosition): void {
  if (at.to < at.from) throw new RangeError(`batch ends at ${at.to}, before its start ${at.from}`);
  for (const { state } of changes.records) {
    checkPosition(`record ${state.id}: firstPosition`, state.firstPosition);
    checkPosition(`record ${state.id}: lastPosition`, state.lastPosition);
  }
}

const timelinessKey = (d: Pick<TimelinessDelta, 'agency' | 'category' | 'late' | 'delay'>) => JSON.stringify([d.agency, d.category, d.late, d.delay]);
const countKey = (d: Pick<CountDelta, 'category' | 'audience' | 'streamId' | 'publicUntil'>) =>
  JSON.stringify([d.category, d.audience, d.streamId ?? null, d.publicUntil ?? null]);

/** Opens (and indexes) the read model in `dbName`, finishing a batch a killed process left behind. */
export async function openMongoReadStore(options: MongoReadStoreOptions): Promise<MongoReadStore> {
  const ownsClient = !options.client;
  const client =
    options.client ??
    new MongoClient(options.url, {
      // optional fields of the documents stay absent rather than becoming null
      ignoreUndefined: true,
      serverSelectionTimeoutMS: 10_000,
      appName: 'gongkai-read-store',
    });
  try {
    if (ownsClient) await client.connect();
    const store = new MongoReadStore(client, client.db(options.dbName ?? 'gongkai'), ownsClient, options.onBatchPhase);
    await store.init();
    return store;
  } catch (e) {
    if (ownsClient) await client.close().catch(() => undefined);
    if (e instanceof ReadStoreUnavailableError) throw e;
    throw new ReadStoreUnavailableError(`read store (MongoDB ${options.dbName ?? 'gongkai'}): cannot open (${(e as Error).message})`, { cause: e });
  }
}

export class MongoReadStore implements ReadStore {
  private readonly records: Collection<Doc>;
  private readonly projects: Collection<Doc>;
  private readonly allocations: Collection<Doc>;
  private readonly timelinessDocs: Collection<TimelinessDoc>;
  private readonly counts: Collection<CountDoc>;
  private readonly meta: Collection<CheckpointDoc>;
  private readonly log: Collection<{ _id: string; batch: string; seq: number; text: string }>;
  private knownCheckpoint = 0n;
  private knownAt = 0;
  private refreshing: Promise<unknown> | undefined;
  private closed = false;

  constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    private readonly ownsClient: boolean,
    private readonly onBatchPhase?: MongoReadStoreOptions['onBatchPhase'],
  ) {
    this.records = db.collection('records');
    this.projects = db.collection('projects');
    this.allocations = db.collection('allocations');
    this.timelinessDocs = db.collection('timeliness');
    this.counts = db.collection('counts');
    this.meta = db.collection('meta');
    this.log = db.collection('batch_log');
  }

  /** Creates the indexes and the checkpoint document; redoes a batch left half-applied. */
  async init(): Promise<void> {
    await Promise.all([
      ensureIndexes(this.records, [
        { key: { category: 1, formedDate: 1, _id: 1 }, name: 'category_formed' },
        { key: { category: 1, firstRecordedAt: 1, _id: 1 }, name: 'category_recorded' },
        { key: { projectCodes: 1, fp: 1 }, name: 'project' },
        { key: { streamId: 1, fp: 1 }, name: 'stream' },
        { key: { grams: 1 }, name: 'trigrams' },
      ]),
      ensureIndexes(this.allocations, [{ key: { kind: 1, _id: 1 }, name: 'kind' }]),
      ensureIndexes(this.log, [{ key: { batch: 1, seq: 1 }, name: 'batch' }]),
    ]);
    try {
      await this.meta.insertOne({ _id: CHECKPOINT_ID, position: long(0n), events: 0, pending: null });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    await this.recover();
  }

  // ---------------------------------------------------------------- projection side

  async checkpoint(): Promise<bigint> {
    this.assertOpen();
    const doc = await this.meta.findOne({ _id: CHECKPOINT_ID });
    const position = doc ? big(doc.position) : 0n;
    this.knownCheckpoint = position;
    this.knownAt = Date.now();
    return position;
  }

  /** The checkpoint as last read or written here; refreshed in the background when older than 200 ms. */
  cachedCheckpoint(): bigint {
    if (Date.now() - this.knownAt >= 200 && !this.refreshing && !this.closed) {
      this.refreshing = this.checkpoint()
        .catch(() => undefined)
        .finally(() => (this.refreshing = undefined));
    }
    return this.knownCheckpoint;
  }

  async loadRecords(ids: readonly string[]): Promise<Map<string, RecordState>> {
    this.assertOpen();
    const out = new Map<string, RecordState>();
    for (const doc of await byIds(this.records, ids, HIDDEN)) out.set(doc['id'], doc as unknown as RecordState);
    return out;
  }

  async loadProjects(codes: readonly string[]): Promise<Map<string, ProjectState>> {
    this.assertOpen();
    const out = new Map<string, ProjectState>();
    for (const doc of await byIds(this.projects, codes, { _id: 0, _to: 0 })) out.set(doc['code'], doc as unknown as ProjectState);
    return out;
  }

  async loadAllocations(streamIds: readonly string[]): Promise<Map<string, AllocationState>> {
    this.assertOpen();
    const out = new Map<string, AllocationState>();
    for (const doc of await byIds(this.allocations, streamIds, { _id: 0, _to: 0 })) out.set(doc['streamId'], doc as unknown as AllocationState);
    return out;
  }

  async applyBatch(changes: ReadModelChanges, at: BatchPosition): Promise<void> {
    this.assertOpen();
    validateChanges(changes, at);
    const batch = randomUUID();
    const text = JSON.stringify(changes);
    const chunks = Math.max(1, Math.ceil(text.length / LOG_CHUNK_CHARS));
    // 1. the redo log, before the claim: a claim always has its complete log
    await this.log.insertMany(
      Array.from({ length: chunks }, (_, seq) => ({ _id: `${batch}:${seq}`, batch, seq, text: text.slice(seq * LOG_CHUNK_CHARS, (seq + 1) * LOG_CHUNK_CHARS) })),
    );
    this.onBatchPhase?.('logged');
    // 2. the claim: the compare-and-set on the checkpoint that makes the batch exactly-once
    const claimed = await this.meta.updateOne(
      { _id: CHECKPOINT_ID, position: long(at.from), pending: null },
      { $set: { pending: { batch, from: long(at.from), to: long(at.to), events: at.events ?? 0, chunks } } },
    );
    if (claimed.modifiedCount !== 1) {
      await this.log.deleteMany({ batch });
      // a batch left by a killed process blocks the claim: finish it, then report where it ended
      await this.recover();
      const actual = await this.checkpoint();
      throw new CheckpointConflictError(at.from, actual);
    }
    this.onBatchPhase?.('claimed');
    // 3. + 4.
    await this.redo(changes, at.to);
    await this.commit(batch, at.to, at.events ?? 0);
  }

  /** Finishes a claimed batch whose process died before committing it (idempotent). */
  private async recover(): Promise<void> {
    const doc = await this.meta.findOne({ _id: CHECKPOINT_ID });
    const pending = doc?.pending;
    if (pending) {
      const parts = await this.log.find({ batch: pending.batch }).sort({ seq: 1 }).toArray();
      if (parts.length !== pending.chunks) {
        throw new ReadStoreUnavailableError(`read store: the log of pending batch ${pending.batch} has ${parts.length} of ${pending.chunks} chunks`);
      }
      const changes = JSON.parse(parts.map((p) => p.text).join('')) as ReadModelChanges;
      await this.redo(changes, big(pending.to));
      await this.commit(pending.batch, big(pending.to), pending.events);
    }
    // logs of batches that never got their claim (the process died between steps 1 and 2)
    await this.log.deleteMany(pending ? { batch: { $ne: pending.batch } } : {});
  }

  /** Applies a batch's changes; every write is a no-op when it already happened (see the header). */
  private async redo(changes: ReadModelChanges, to: bigint): Promise<void> {
    const _to = long(to);
    const recordDoc = (state: RecordState): RecordDoc => ({ ...state, _id: state.id, _to, fp: long(BigInt(state.firstPosition)), grams: gramsOf(state.searchText) });
    const replace = (doc: Doc): AnyBulkWriteOperation<Doc> => ({ replaceOne: { filter: { _id: doc._id, _to: { $lte: _to } }, replacement: doc } });
    await Promise.all([
      insertOrElse(this.records, changes.records.filter((r) => r.created).map((r) => recordDoc(r.state)), replace),
      guardedWrites(this.records, changes.records.filter((r) => !r.created).map((r) => replace(recordDoc(r.state)))),
      insertOrElse(this.projects, changes.projects.map((p): ProjectDoc => ({ ...p, _id: p.code, _to })), replace),
      insertOrElse(this.allocations, changes.allocations.map((a): AllocationDoc => ({ ...a, _id: a.streamId, _to })), replace),
    ]);
    this.onBatchPhase?.('records');
    const increment = (doc: Doc): AnyBulkWriteOperation<Doc> => ({ updateOne: { filter: { _id: doc._id, _to: { $lt: _to } }, update: { $inc: { n: doc['n'] }, $set: { _to } } } });
    await Promise.all([
      insertOrElse(
        this.timelinessDocs as unknown as Collection<Doc>,
        mergeTimeliness(changes.timeliness).map((t): TimelinessDoc => ({ _id: timelinessKey(t), agency: t.agency, category: t.category, late: t.late, delay: t.delay, n: t.count, _to })),
        increment,
      ),
      insertOrElse(
        this.counts as unknown as Collection<Doc>,
        mergeCounts(changes.counts).map(
          (c): CountDoc => ({ _id: countKey(c), category: c.category, audience: c.audience, streamId: c.streamId ?? null, publicUntil: c.publicUntil ?? null, n: c.count, _to }),
        ),
        increment,
      ),
    ]);
    this.onBatchPhase?.('aggregates');
  }

  private async commit(batch: string, to: bigint, events: number): Promise<void> {
    await this.meta.updateOne({ _id: CHECKPOINT_ID, 'pending.batch': batch }, { $set: { position: long(to), pending: null }, $inc: { events } });
    await this.log.deleteMany({ batch });
    if (to > this.knownCheckpoint) {
      this.knownCheckpoint = to;
      this.knownAt = Date.now();
    }
  }

  // ---------------------------------------------------------------- queries

  async listRecords(q: RecordQuery): Promise<Page<RecordSummary>> {
    this.assertOpen();
    const sort = SORTS[q.sort];
    const and: Filter<Doc>[] = [{ category: q.category }, visibleFilter(q.viewer, q.today)];
    if (q.region !== undefined) and.push({ region: { $regex: `^${escapeRegex(regionPrefix(q.region))}` } });
    if (q.agency !== undefined) and.push({ agency: q.agency });
    if (q.projectCode !== undefined) and.push({ projectCodes: q.projectCode });
    if (q.formedFrom !== undefined) and.push({ formedDate: { $gte: q.formedFrom } });
    if (q.formedTo !== undefined) and.push({ formedDate: { $lte: q.formedTo } });
    if (q.recordedFrom !== undefined) and.push({ firstRecordedAt: { $gte: q.recordedFrom } });
    if (q.recordedTo !== undefined) and.push({ firstRecordedAt: { $lte: q.recordedTo } });
    if (q.late !== undefined) and.push({ late: q.late });
    if (q.q !== undefined) {
      const search = searchFilter(q.q);
      if (search) and.push(search);
    }
    if (q.after) {
      const op = sort.dir === 1 ? '$gt' : '$lt';
      and.push({ $or: [{ [sort.field]: { [op]: q.after.value } }, { [sort.field]: q.after.value, _id: { [op]: q.after.id } }] });
    }
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const docs = (await this.records
      .find({ $and: and }, { projection: SUMMARY_HIDDEN })
      .sort({ [sort.field]: sort.dir, _id: sort.dir })
      .limit(limit + 1)
      .toArray()) as unknown as RecordSummary[];
    const more = docs.length > limit;
    const items = more ? docs.slice(0, limit) : docs;
    const last = items[items.length - 1];
    return { items, ...(more && last ? { next: { value: last[sort.field], id: last.id } } : {}) };
  }

  async getRecord(id: string, viewer: Viewer, today: string): Promise<RecordState | undefined> {
    this.assertOpen();
    // by id alone, visibility checked here: a lookup every MongoDB-wire server serves from _id
    const doc = (await this.records.findOne({ _id: id }, { projection: HIDDEN })) as RecordState | null;
    return doc && recordVisible(doc, viewer, today) ? doc : undefined;
  }

  async recordsOfProject(code: string, viewer: Viewer, today: string): Promise<RecordState[]> {
    this.assertOpen();
    return (await this.records
      .find({ $and: [{ projectCodes: code }, visibleFilter(viewer, today)] }, { projection: HIDDEN })
      .sort({ fp: 1, _id: 1 })
      .toArray()) as unknown as RecordState[];
  }

  async recordsOfStream(streamId: string, viewer: Viewer, today: string): Promise<RecordState[]> {
    this.assertOpen();
    return (await this.records
      .find({ $and: [{ streamId }, visibleFilter(viewer, today)] }, { projection: HIDDEN })
      .sort({ fp: 1, _id: 1 })
      .toArray()) as unknown as RecordState[];
  }

  async listProjects(q: ProjectQuery): Promise<Page<ProjectListItem>> {
    this.assertOpen();
    const and: Filter<Doc>[] = [];
    if (q.region !== undefined) and.push({ region: { $regex: `^${escapeRegex(regionPrefix(q.region))}` } });
    if (q.q !== undefined && q.q.trim() !== '') {
      const term = escapeRegex(q.q.trim());
      and.push({ $or: [{ name: { $regex: term } }, { code: { $regex: `^${term}` } }] });
    }
    if (q.after !== undefined) and.push({ _id: { $gt: q.after } });
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const visible = visibleFilter(q.viewer, q.today);
    // projects with no visible record are skipped, so read ahead in chunks until the page is full
    const items: ProjectListItem[] = [];
    let more = false;
    const cursor = this.projects.find(and.length ? { $and: and } : {}, { projection: { _id: 0, _to: 0 } }).sort({ _id: 1 }).batchSize(Math.min(1000, limit * 2 + 1));
    try {
      for await (const p of cursor) {
        const [records, late] = await Promise.all([
          this.records.countDocuments({ $and: [{ projectCodes: p.code }, visible] }),
          this.records.countDocuments({ $and: [{ projectCodes: p.code }, { late: true }, visible] }),
        ]);
        if (records === 0) continue;
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push({ ...(p as unknown as ProjectState), records, late });
      }
    } finally {
      await cursor.close();
    }
    const last = items[items.length - 1];
    return { items, ...(more && last ? { next: { value: last.code, id: last.code } } : {}) };
  }

  async getProject(code: string): Promise<ProjectState | undefined> {
    this.assertOpen();
    return ((await this.projects.findOne({ _id: code }, { projection: { _id: 0, _to: 0 } })) as ProjectState | null) ?? undefined;
  }

  async listAllocations(q: AllocationQuery): Promise<Page<AllocationState>> {
    this.assertOpen();
    const and: Filter<Doc>[] = [];
    if (q.kind !== undefined) and.push({ kind: q.kind });
    if (q.region !== undefined) and.push({ region: { $regex: `^${escapeRegex(regionPrefix(q.region))}` } });
    if (q.after !== undefined) and.push({ _id: { $gt: q.after } });
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const visible = visibleFilter(q.viewer, q.today);
    const items: AllocationState[] = [];
    let more = false;
    const cursor = this.allocations.find(and.length ? { $and: and } : {}, { projection: { _id: 0, _to: 0 } }).sort({ _id: 1 }).batchSize(Math.min(1000, limit * 2 + 1));
    try {
      for await (const a of cursor) {
        if (!(await this.records.findOne({ $and: [{ streamId: a.streamId }, visible] }, { projection: { _id: 1 } }))) continue;
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push(a as unknown as AllocationState);
      }
    } finally {
      await cursor.close();
    }
    const last = items[items.length - 1];
    return { items, ...(more && last ? { next: { value: last.streamId, id: last.streamId } } : {}) };
  }

  async getAllocation(streamId: string): Promise<AllocationState | undefined> {
    this.assertOpen();
    return ((await this.allocations.findOne({ _id: streamId }, { projection: { _id: 0, _to: 0 } })) as AllocationState | null) ?? undefined;
  }

  async categoryCounts(viewer: Viewer, today: string): Promise<Map<string, number>> {
    this.assertOpen();
    const rows = await this.counts
      .aggregate<{ _id: string; n: number }>([{ $match: { $and: [{ n: { $ne: 0 } }, visibleFilter(viewer, today)] } }, { $group: { _id: '$category', n: { $sum: '$n' } } }])
      .toArray();
    return new Map(rows.filter((r) => r.n > 0).map((r) => [r._id, r.n]));
  }

  async timeliness(filter: { agency?: string; category?: string } = {}): Promise<TimelinessRow[]> {
    this.assertOpen();
    const where: Filter<TimelinessDoc> = { n: { $gt: 0 } };
    if (filter.agency !== undefined) where.agency = filter.agency;
    if (filter.category !== undefined) where.category = filter.category;
    const docs = await this.timelinessDocs.find(where).sort({ agency: 1, category: 1, late: 1, delay: 1 }).toArray();
    return foldTimeliness(docs);
  }

  // ---------------------------------------------------------------- operations

  async stats(): Promise<ReadStoreStats> {
    this.assertOpen();
    const [doc, records] = await Promise.all([this.meta.findOne({ _id: CHECKPOINT_ID }), this.records.countDocuments({})]);
    return { checkpoint: doc ? big(doc.position) : 0n, records, eventsProjected: doc?.events ?? 0 };
  }

  async dump(): Promise<ReadModelDump> {
    this.assertOpen();
    const [checkpoint, records, projects, allocations, timeliness, counts] = await Promise.all([
      this.checkpoint(),
      this.records.find({}, { projection: HIDDEN }).sort({ _id: 1 }).toArray(),
      this.projects.find({}, { projection: { _id: 0, _to: 0 } }).sort({ _id: 1 }).toArray(),
      this.allocations.find({}, { projection: { _id: 0, _to: 0 } }).sort({ _id: 1 }).toArray(),
      this.timelinessDocs.find({ n: { $ne: 0 } }).toArray(),
      this.counts.find({ n: { $ne: 0 } }).toArray(),
    ]);
    // the same canonical order as the SQLite adapter (binary string order, nulls as '')
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      checkpoint: checkpoint.toString(),
      records: records as unknown as RecordState[],
      projects: projects as unknown as ProjectState[],
      allocations: allocations as unknown as AllocationState[],
      timeliness: timeliness
        .map((t) => ({ agency: t.agency, category: t.category, late: t.late, delay: t.delay, count: t.n }))
        .sort((a, b) => cmp(a.agency, b.agency) || cmp(a.category, b.category) || Number(a.late) - Number(b.late) || a.delay - b.delay),
      counts: counts
        .map((c) => ({ category: c.category, audience: c.audience, streamId: c.streamId, publicUntil: c.publicUntil, count: c.n }))
        .sort(
          (a, b) =>
            cmp(a.category, b.category) || cmp(a.audience, b.audience) || cmp(a.streamId ?? '', b.streamId ?? '') || cmp(a.publicUntil ?? '', b.publicUntil ?? ''),
        ),
    };
  }

  /** Drops every collection of the read model (a rebuild from checkpoint 0 follows). */
  async drop(): Promise<void> {
    this.assertOpen();
    await this.db.dropDatabase();
    await this.init();
    this.knownCheckpoint = 0n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.refreshing;
    if (this.ownsClient) await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new ReadStoreUnavailableError('read store (MongoDB): closed');
  }
}

/**
 * Creates the indexes a collection lacks. (Asking for existing ones again is a no-op on MongoDB, but
 * FerretDB 1.24's SQLite backend drops the connection on it, so only missing names are sent. Two
 * processes opening a new database at once can still both send them: then the names are listed
 * again and whatever is still missing is created, a few times at most.)
 */
async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDescription[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let existing: Set<string>;
    try {
      existing = new Set((await collection.listIndexes().toArray()).map((i) => String(i['name'])));
    } catch (e) {
      if (!(e instanceof MongoServerError && e.code === 26)) throw e; // NamespaceNotFound: a new collection
      existing = new Set();
    }
    const missing = indexes.filter((i) => !existing.has(i.name!));
    if (missing.length === 0) return;
    try {
      await collection.createIndexes(missing);
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}

/**
 * Documents by _id, looked up one by one in parallel: each is a primary-key read on any server
 * (FerretDB 1.24 answers `$in` with a collection scan), and the driver pipelines them over its pool.
 */
async function byIds(collection: Collection<Doc>, ids: readonly string[], projection: Document): Promise<Doc[]> {
  const docs = await Promise.all([...new Set(ids)].map((_id) => collection.findOne({ _id }, { projection })));
  return docs.filter((d): d is WithId<Doc> => d !== null);
}

function isDuplicateKey(e: unknown): boolean {
  return e instanceof MongoServerError && e.code === 11000;
}

/**
 * Inserts the documents; those whose _id exists already get `otherwise(doc)` instead — a write
 * guarded by `_to`, so that a write that already happened (or a newer one) is left alone. (Inserting
 * first instead of upserting: an upsert whose guard fails on FerretDB scans the whole collection.)
 */
async function insertOrElse<T extends Doc>(collection: Collection<Doc>, docs: T[], otherwise: (doc: T) => AnyBulkWriteOperation<Doc>): Promise<void> {
  if (docs.length === 0) return;
  let existing: T[] = [];
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e;
    const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
    if (errors.length === 0 || errors.some((w) => w.code !== 11000)) throw e;
    existing = errors.map((w) => docs[w.index]!);
  }
  await guardedWrites(collection, existing.map(otherwise));
}

/** Guarded updates (no upserts): a guard that does not match is the intended no-op. */
async function guardedWrites(collection: Collection<Doc>, ops: AnyBulkWriteOperation<Doc>[]): Promise<void> {
  if (ops.length > 0) await collection.bulkWrite(ops, { ordered: false });
}
