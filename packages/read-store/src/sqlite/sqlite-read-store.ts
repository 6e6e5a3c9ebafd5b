// The embedded read store: one SQLite file (`<dataDir>/read.db`) through better-sqlite3, WAL,
// FTS5 trigram for Chinese search.
//
// Durability: synchronous=NORMAL. The read model is derived data and every batch commits its
// changes with its checkpoint, so a crash or power loss can only lose whole batches — which the
// projector then projects again from the older checkpoint. Nothing is applied twice.
//
// Rebuild: a fresh file is built with `bulkLoad` (no WAL or syncs; secondary indexes, and with
// `deferSearchIndex` the full-text index too, built in one pass by finalize()), then renamed over
// read.db. A store that has read.db open
// notices the new file (its inode changed) and reopens: on the projector's next batch, and on
// queries at most once a second.
import { closeSync, existsSync, fsyncSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
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
  VersionState,
} from '../model.ts';
import { mergeCounts, mergeTimeliness } from '../model.ts';
import {
  CheckpointConflictError,
  foldTimeliness,
  ReadStoreUnavailableError,
  regionPrefix,
  type AllocationQuery,
  type BatchPosition,
  type Page,
  type PageAfter,
  type ProjectListItem,
  type ProjectQuery,
  type ReadStore,
  type ReadStoreStats,
  type RecordQuery,
  type TimelinessRow,
  type Viewer,
} from '../port.ts';
import { searchPlan } from '../search.ts';
import { DEFERRED_INDEXES, READ_SCHEMA, READ_SCHEMA_VERSION } from './schema.ts';

export interface SqliteReadStoreOptions {
  path: string;
  /**
   * building a fresh, private file (a rebuild): no WAL, no syncs, exclusive lock, secondary indexes
   * built by finalize(); the file is only fit for use after finalize()
   */
  bulkLoad?: boolean;
  /** with bulkLoad: leave the full-text index to finalize() too (one pass instead of row by row) */
  deferSearchIndex?: boolean;
  /** page cache in KiB (default 65536) */
  cacheSizeKiB?: number;
  busyTimeoutMs?: number;
  /** how often queries check whether a rebuild replaced the file (default 1000 ms; 0 = never) */
  replacementCheckMs?: number;
}

interface Statements {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  getMeta: Database.Statement;
  setMeta: Database.Statement;
  loadRecord: Database.Statement;
  existing: Database.Statement;
  insertRecord: Database.Statement;
  updateRecord: Database.Statement;
  insertLink: Database.Statement;
  deleteLinks: Database.Statement;
  insertFts: Database.Statement;
  deleteFts: Database.Statement;
  loadProject: Database.Statement;
  upsertProject: Database.Statement;
  loadAllocation: Database.Statement;
  upsertAllocation: Database.Statement;
  addTimeliness: Database.Statement;
  addCount: Database.Statement;
  getProject: Database.Statement;
  getAllocation: Database.Statement;
  projectAggregates: Database.Statement;
  projectAggregatesPublic: Database.Statement;
}

/** The columns of a record row, in table order after rid (versions last). */
const RECORD_COLUMNS = [
  'id',
  'stream_id',
  'record_key',
  'category',
  'audience',
  'status',
  'types',
  'agency',
  'region',
  'project_codes',
  'title',
  'summary',
  'search_text',
  'formed_date',
  'recorded_at',
  'last_recorded_at',
  'first_position',
  'last_position',
  'due_date',
  'late',
  'delay',
  'publicity_closes_on',
  'public_until',
  'version_count',
  'corrections',
] as const;
const SUMMARY_SELECT = RECORD_COLUMNS.map((c) => `r.${c}`).join(', ');

interface SummaryRow {
  id: string;
  stream_id: string;
  record_key: string;
  category: string;
  audience: Audience;
  status: RecordSummary['status'];
  types: string;
  agency: string;
  region: string | null;
  project_codes: string;
  title: string;
  summary: string;
  search_text: string;
  formed_date: string;
  recorded_at: string;
  last_recorded_at: string;
  first_position: number;
  last_position: number;
  due_date: string | null;
  late: number;
  delay: number | null;
  publicity_closes_on: string | null;
  public_until: string | null;
  version_count: number;
  corrections: number;
}

interface RecordRow extends SummaryRow {
  versions: string;
}

function splitList(s: string): string[] {
  return s === '' ? [] : s.split(',');
}

function recordParams(r: RecordState): unknown[] {
  return [
    r.id,
    r.streamId,
    r.key,
    r.category,
    r.audience,
    r.status,
    r.types.join(','),
    r.agency,
    r.region,
    r.projectCodes.join(','),
    r.title,
    r.summary,
    r.searchText,
    r.formedDate,
    r.firstRecordedAt,
    r.lastRecordedAt,
    BigInt(r.firstPosition),
    BigInt(r.lastPosition),
    r.dueDate,
    r.late ? 1 : 0,
    r.delayWorkingDays,
    r.publicityClosesOn,
    r.publicUntil,
    r.versionCount,
    r.corrections,
  ];
}

interface ProjectRow {
  code: string;
  name: string | null;
  region: string | null;
  registration: string | null;
  first_recorded_at: string;
  last_recorded_at: string;
}

interface AllocationRow {
  stream_id: string;
  kind: string;
  category: string;
  title: string;
  region: string | null;
  id_field: string;
  first_recorded_at: string;
  last_recorded_at: string;
}

const SORTS = {
  formedDate: { column: 'formed_date', dir: 'ASC', op: '>' },
  '-formedDate': { column: 'formed_date', dir: 'DESC', op: '<' },
  recordedAt: { column: 'recorded_at', dir: 'ASC', op: '>' },
  '-recordedAt': { column: 'recorded_at', dir: 'DESC', op: '<' },
} as const;

function toSummary(row: SummaryRow): RecordSummary {
  return {
    id: row.id,
    streamId: row.stream_id,
    key: row.record_key,
    category: row.category,
    audience: row.audience,
    status: row.status,
    types: splitList(row.types),
    agency: row.agency,
    region: row.region,
    projectCodes: splitList(row.project_codes),
    title: row.title,
    summary: row.summary,
    searchText: row.search_text,
    formedDate: row.formed_date,
    firstRecordedAt: row.recorded_at,
    lastRecordedAt: row.last_recorded_at,
    firstPosition: String(row.first_position),
    lastPosition: String(row.last_position),
    dueDate: row.due_date,
    late: row.late === 1,
    delayWorkingDays: row.delay,
    publicityClosesOn: row.publicity_closes_on,
    publicUntil: row.public_until,
    versionCount: row.version_count,
    corrections: row.corrections,
  };
}

function toRecord(row: RecordRow): RecordState {
  return { ...toSummary(row), versions: JSON.parse(row.versions) as VersionState[] };
}

function toProject(r: ProjectRow): ProjectState {
  return {
    code: r.code,
    name: r.name,
    region: r.region,
    registrationRecordId: r.registration,
    firstRecordedAt: r.first_recorded_at,
    lastRecordedAt: r.last_recorded_at,
  };
}

function toAllocation(r: AllocationRow): AllocationState {
  return {
    streamId: r.stream_id,
    kind: r.kind,
    category: r.category,
    title: r.title,
    region: r.region,
    idField: r.id_field,
    firstRecordedAt: r.first_recorded_at,
    lastRecordedAt: r.last_recorded_at,
  };
}

/** SQL condition (and its parameters) for records visible to the viewer on `today`. `t` = table alias. */
function visibleSql(t: string, viewer: Viewer, today: string): { sql: string; params: unknown[] } {
  const until = `(${t}.public_until IS NULL OR ${t}.public_until >= ?)`;
  if (viewer.streams.size === 0) return { sql: `${t}.audience = 'public' AND ${until}`, params: [today] };
  return {
    sql: `(${t}.audience = 'public' OR (${t}.audience = 'group' AND ${t}.stream_id IN (SELECT value FROM json_each(?)))) AND ${until}`,
    params: [JSON.stringify([...viewer.streams]), today],
  };
}

export function openSqliteReadStore(options: SqliteReadStoreOptions): SqliteReadStore {
  return new SqliteReadStore(options);
}

export class SqliteReadStore implements ReadStore {
  readonly path: string;
  private db!: Database.Database;
  private s!: Statements;
  private inode = 0;
  private lastReplacementCheck = 0;
  private closed = false;
  private deferSearchIndex: boolean;
  private bulkLoad: boolean;
  private readonly cacheSizeKiB: number;
  private readonly busyTimeoutMs: number;
  private readonly replacementCheckMs: number;

  constructor(options: SqliteReadStoreOptions) {
    if (typeof options?.path !== 'string' || options.path.length === 0) throw new ReadStoreUnavailableError('read store: path must be a non-empty string');
    this.path = options.path;
    this.bulkLoad = options.bulkLoad ?? options.deferSearchIndex ?? false;
    this.deferSearchIndex = this.bulkLoad && (options.deferSearchIndex ?? false);
    this.cacheSizeKiB = options.cacheSizeKiB ?? 65_536;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    this.replacementCheckMs = options.replacementCheckMs ?? 1_000;
    this.open();
  }

  private open(): void {
    let db: Database.Database | undefined;
    try {
      removeStaleWal(this.path);
      db = new Database(this.path);
      db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      if (this.bulkLoad) {
        // a bulk load into a private file that finalize() fsyncs (a crash leaves a temp file the
        // next rebuild deletes): no WAL, rollback journal in memory, no syncs, no lock churn
        if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${process.env['GONGKAI_READ_PAGE_SIZE'] ?? 8192}`);
        db.pragma('journal_mode = MEMORY');
        db.pragma('synchronous = OFF');
        db.pragma('locking_mode = EXCLUSIVE');
      } else {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma(`cache_size = -${Math.max(2048, this.cacheSizeKiB)}`);
      db.pragma('temp_store = MEMORY');
      db.pragma('journal_size_limit = 67108864');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== 0 && version !== READ_SCHEMA_VERSION) {
        throw new ReadStoreUnavailableError(`read store ${this.path}: schema version ${version}, this build needs ${READ_SCHEMA_VERSION}: run \`gongkai rebuild\``);
      }
      db.exec(READ_SCHEMA);
      if (version === 0) db.pragma(`user_version = ${READ_SCHEMA_VERSION}`);
      // bulk load: secondary indexes are built once, at the end (finalize), not row by row
      if (this.bulkLoad) for (const index of DEFERRED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
      this.db = db;
      this.s = this.prepare();
      this.inode = statSync(this.path).ino;
    } catch (e) {
      db?.close();
      if (e instanceof ReadStoreUnavailableError) throw e;
      throw new ReadStoreUnavailableError(`read store ${this.path}: cannot open (${(e as Error).message})`, { cause: e });
    }
  }

  private prepare(): Statements {
    const db = this.db;
    return {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      loadRecord: db.prepare(`SELECT ${SUMMARY_SELECT}, r.versions FROM records r WHERE r.id = ?`),
      existing: db.prepare('SELECT rid, project_codes, search_text FROM records WHERE id = ?'),
      insertRecord: db.prepare(
        `INSERT INTO records (${RECORD_COLUMNS.join(', ')}, versions) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')}, ?)`,
      ),
      updateRecord: db.prepare(`UPDATE records SET ${RECORD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, versions = ? WHERE rid = ?`),
      insertLink: db.prepare('INSERT OR IGNORE INTO record_projects (code, rid) VALUES (?, ?)'),
      deleteLinks: db.prepare('DELETE FROM record_projects WHERE code = ? AND rid = ?'),
      insertFts: db.prepare('INSERT INTO records_fts (rowid, search_text) VALUES (?, ?)'),
      deleteFts: db.prepare('DELETE FROM records_fts WHERE rowid = ?'),
      loadProject: db.prepare('SELECT * FROM projects WHERE code = ?'),
      upsertProject: db.prepare(
        `INSERT INTO projects (code, name, region, registration, first_recorded_at, last_recorded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, registration = excluded.registration,
           first_recorded_at = excluded.first_recorded_at, last_recorded_at = excluded.last_recorded_at`,
      ),
      loadAllocation: db.prepare('SELECT * FROM allocations WHERE stream_id = ?'),
      upsertAllocation: db.prepare(
        `INSERT INTO allocations (stream_id, kind, category, title, region, id_field, first_recorded_at, last_recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET kind = excluded.kind, category = excluded.category, title = excluded.title, region = excluded.region,
           id_field = excluded.id_field, first_recorded_at = excluded.first_recorded_at, last_recorded_at = excluded.last_recorded_at`,
      ),
      addTimeliness: db.prepare(
        `INSERT INTO timeliness (agency, category, late, delay, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (agency, category, late, delay) DO UPDATE SET n = n + excluded.n`,
      ),
      addCount: db.prepare(
        `INSERT INTO counts (category, audience, stream_id, public_until, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (category, audience, stream_id, public_until) DO UPDATE SET n = n + excluded.n`,
      ),
      getProject: db.prepare('SELECT * FROM projects WHERE code = ?'),
      getAllocation: db.prepare('SELECT * FROM allocations WHERE stream_id = ?'),
      projectAggregatesPublic: db.prepare(
        `SELECT count(*) AS records, coalesce(sum(r.late), 0) AS late FROM record_projects rp JOIN records r ON r.rid = rp.rid
         WHERE rp.code = ? AND r.audience = 'public' AND (r.public_until IS NULL OR r.public_until >= ?)`,
      ),
      projectAggregates: db.prepare(
        `SELECT count(*) AS records, coalesce(sum(r.late), 0) AS late FROM record_projects rp JOIN records r ON r.rid = rp.rid
         WHERE rp.code = ? AND (r.audience = 'public' OR (r.audience = 'group' AND r.stream_id IN (SELECT value FROM json_each(?))))
           AND (r.public_until IS NULL OR r.public_until >= ?)`,
      ),
    };
  }

  // ---------------------------------------------------------------- file replacement (rebuild)

  /** Reopens when a rebuild renamed a new file over ours. True when it did. */
  reopenIfReplaced(): boolean {
    this.assertOpen();
    this.lastReplacementCheck = Date.now();
    let ino: number;
    try {
      ino = statSync(this.path).ino;
    } catch {
      return false; // mid-rename or removed: keep what we have
    }
    if (ino === this.inode) return false;
    // close first: our connection checkpoints the old file and removes read.db-wal, which belongs
    // to the old file; only then open the new one
    this.db.close();
    this.open();
    this.knownAt = 0;
    return true;
  }

  async refresh(): Promise<boolean> {
    return this.reopenIfReplaced();
  }

  private forQuery(): void {
    this.assertOpen();
    if (this.replacementCheckMs > 0 && Date.now() - this.lastReplacementCheck >= this.replacementCheckMs) this.reopenIfReplaced();
  }

  private assertOpen(): void {
    if (this.closed) throw new ReadStoreUnavailableError(`read store ${this.path}: closed`);
  }

  // ---------------------------------------------------------------- projection side

  async checkpoint(): Promise<bigint> {
    this.forQuery();
    return this.checkpointSync();
  }

  /** Synchronous checkpoint read. */
  checkpointSync(): bigint {
    const v = this.s.getMeta.get('checkpoint') as string | undefined;
    const checkpoint = v === undefined ? 0n : BigInt(v);
    this.knownCheckpoint = checkpoint;
    this.knownAt = Date.now();
    return checkpoint;
  }

  private knownCheckpoint = 0n;
  private knownAt = 0;

  /** The checkpoint as last read or written here; re-read when older than 200 ms. */
  cachedCheckpoint(): bigint {
    if (Date.now() - this.knownAt < 200) return this.knownCheckpoint;
    this.forQuery();
    return this.checkpointSync();
  }

  async loadRecords(ids: readonly string[]): Promise<Map<string, RecordState>> {
    this.assertOpen();
    const out = new Map<string, RecordState>();
    for (const id of ids) {
      const row = this.s.loadRecord.get(id) as RecordRow | undefined;
      if (row) out.set(id, toRecord(row));
    }
    return out;
  }

  async loadProjects(codes: readonly string[]): Promise<Map<string, ProjectState>> {
    this.assertOpen();
    const out = new Map<string, ProjectState>();
    for (const code of codes) {
      const row = this.s.loadProject.get(code) as ProjectRow | undefined;
      if (row) out.set(code, toProject(row));
    }
    return out;
  }

  async loadAllocations(streamIds: readonly string[]): Promise<Map<string, AllocationState>> {
    this.assertOpen();
    const out = new Map<string, AllocationState>();
    for (const id of streamIds) {
      const row = this.s.loadAllocation.get(id) as AllocationRow | undefined;
      if (row) out.set(id, toAllocation(row));
    }
    return out;
  }

  async applyBatch(changes: ReadModelChanges, at: BatchPosition): Promise<void> {
    this.applyBatchSync(changes, at);
  }

  /** applyBatch without the promise (the rebuild loop calls it directly). */
  applyBatchSync(changes: ReadModelChanges, at: BatchPosition): void {
    this.assertOpen();
    if (at.to < at.from) throw new RangeError(`batch ends at ${at.to}, before its start ${at.from}`);
    const s = this.s;
    s.begin.run();
    try {
      const current = this.checkpointSync();
      if (current !== at.from) throw new CheckpointConflictError(at.from, current);
      for (const { state, created } of changes.records) this.writeRecord(state, created);
      for (const p of changes.projects) {
        s.upsertProject.run(p.code, p.name, p.region, p.registrationRecordId, p.firstRecordedAt, p.lastRecordedAt);
      }
      for (const a of changes.allocations) {
        s.upsertAllocation.run(a.streamId, a.kind, a.category, a.title, a.region, a.idField, a.firstRecordedAt, a.lastRecordedAt);
      }
      for (const t of mergeTimeliness(changes.timeliness)) s.addTimeliness.run(t.agency, t.category, t.late ? 1 : 0, t.delay, t.count);
      for (const c of mergeCounts(changes.counts)) s.addCount.run(c.category, c.audience, c.streamId ?? '', c.publicUntil ?? '', c.count);
      s.setMeta.run('checkpoint', at.to.toString());
      if (at.events) {
        const projected = Number((s.getMeta.get('events') as string | undefined) ?? '0') + at.events;
        s.setMeta.run('events', String(projected));
      }
      s.commit.run();
      this.knownCheckpoint = at.to;
      this.knownAt = Date.now();
    } catch (e) {
      if (this.db.inTransaction) s.rollback.run();
      this.knownAt = 0;
      throw e;
    }
  }

  private writeRecord(state: RecordState, created: boolean): void {
    const s = this.s;
    const codes = state.projectCodes.join(',');
    const params = recordParams(state);
    params.push(JSON.stringify(state.versions));
    const old = created ? undefined : (s.existing.get(state.id) as { rid: number; project_codes: string; search_text: string } | undefined);
    if (!old) {
      const rid = Number(s.insertRecord.run(...params).lastInsertRowid);
      for (const code of state.projectCodes) s.insertLink.run(code, rid);
      if (!this.deferSearchIndex && state.searchText) s.insertFts.run(rid, state.searchText);
      return;
    }
    s.updateRecord.run(...params, old.rid);
    if (old.project_codes !== codes) {
      const before = old.project_codes ? old.project_codes.split(',') : [];
      for (const code of before) if (!state.projectCodes.includes(code)) s.deleteLinks.run(code, old.rid);
      for (const code of state.projectCodes) s.insertLink.run(code, old.rid);
    }
    if (!this.deferSearchIndex && old.search_text !== state.searchText) {
      if (old.search_text) s.deleteFts.run(old.rid);
      if (state.searchText) s.insertFts.run(old.rid, state.searchText);
    }
  }

  // ---------------------------------------------------------------- queries

  async listRecords(q: RecordQuery): Promise<Page<RecordSummary>> {
    this.forQuery();
    const sort = SORTS[q.sort];
    const vis = visibleSql('r', q.viewer, q.today);
    const where: string[] = ['r.category = ?', vis.sql];
    const params: unknown[] = [q.category, ...vis.params];
    if (q.region !== undefined) {
      where.push('r.region LIKE ?');
      params.push(`${regionPrefix(q.region)}%`);
    }
    if (q.agency !== undefined) {
      where.push('r.agency = ?');
      params.push(q.agency);
    }
    if (q.projectCode !== undefined) {
      where.push('r.rid IN (SELECT rid FROM record_projects WHERE code = ?)');
      params.push(q.projectCode);
    }
    if (q.formedFrom !== undefined) {
      where.push('r.formed_date >= ?');
      params.push(q.formedFrom);
    }
    if (q.formedTo !== undefined) {
      where.push('r.formed_date <= ?');
      params.push(q.formedTo);
    }
    if (q.recordedFrom !== undefined) {
      where.push('r.recorded_at >= ?');
      params.push(q.recordedFrom);
    }
    if (q.recordedTo !== undefined) {
      where.push('r.recorded_at <= ?');
      params.push(q.recordedTo);
    }
    if (q.late !== undefined) where.push(q.late ? 'r.late = 1' : 'r.late = 0');
    if (q.q !== undefined) {
      const plan = searchPlan(q.q);
      if (plan) {
        if (plan.match !== undefined) {
          where.push('r.rid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)');
          params.push(plan.match);
        }
        for (const like of plan.likes) {
          where.push("r.search_text LIKE ? ESCAPE '\\'");
          params.push(like);
        }
      }
    }
    if (q.after) {
      where.push(`(r.${sort.column}, r.id) ${sort.op} (?, ?)`);
      params.push(q.after.value, q.after.id);
    }
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const sql = `SELECT ${SUMMARY_SELECT}, r.${sort.column} AS sort_value FROM records r WHERE ${where.join(' AND ')}
                 ORDER BY r.${sort.column} ${sort.dir}, r.id ${sort.dir} LIMIT ${limit + 1}`;
    const rows = this.cached(sql).all(...params) as Array<SummaryRow & { sort_value: string }>;
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(toSummary), ...(more && last ? { next: { value: last.sort_value, id: last.id } satisfies PageAfter } : {}) };
  }

  private readonly statementCache = new Map<string, Database.Statement>();

  /** Prepared statements for the dynamic queries, by SQL text (a small, bounded set of shapes). */
  private cached(sql: string): Database.Statement {
    let st = this.statementCache.get(sql);
    if (st && st.database !== this.db) st = undefined;
    if (!st) {
      if (this.statementCache.size > 512) this.statementCache.clear();
      st = this.db.prepare(sql);
      this.statementCache.set(sql, st);
    }
    return st;
  }

  async getRecord(id: string, viewer: Viewer, today: string): Promise<RecordState | undefined> {
    this.forQuery();
    const vis = visibleSql('r', viewer, today);
    const row = this.cached(`SELECT ${SUMMARY_SELECT}, r.versions FROM records r WHERE r.id = ? AND ${vis.sql}`).get(id, ...vis.params) as
      | RecordRow
      | undefined;
    return row ? toRecord(row) : undefined;
  }

  async recordsOfProject(code: string, viewer: Viewer, today: string): Promise<RecordState[]> {
    this.forQuery();
    const vis = visibleSql('r', viewer, today);
    const rows = this.cached(
      `SELECT ${SUMMARY_SELECT}, r.versions FROM record_projects rp JOIN records r ON r.rid = rp.rid
       WHERE rp.code = ? AND ${vis.sql} ORDER BY r.first_position, r.id`,
    ).all(code, ...vis.params) as RecordRow[];
    return rows.map(toRecord);
  }

  async recordsOfStream(streamId: string, viewer: Viewer, today: string): Promise<RecordState[]> {
    this.forQuery();
    const vis = visibleSql('r', viewer, today);
    const rows = this.cached(
      `SELECT ${SUMMARY_SELECT}, r.versions FROM records r WHERE r.stream_id = ? AND ${vis.sql} ORDER BY r.first_position, r.id`,
    ).all(streamId, ...vis.params) as RecordRow[];
    return rows.map(toRecord);
  }

  async listProjects(q: ProjectQuery): Promise<Page<ProjectListItem>> {
    this.forQuery();
    const vis = visibleSql('r', q.viewer, q.today);
    const where: string[] = [`EXISTS (SELECT 1 FROM record_projects rp JOIN records r ON r.rid = rp.rid WHERE rp.code = p.code AND ${vis.sql})`];
    const params: unknown[] = [...vis.params];
    if (q.region !== undefined) {
      where.push('p.region LIKE ?');
      params.push(`${regionPrefix(q.region)}%`);
    }
    if (q.q !== undefined && q.q.trim() !== '') {
      const term = q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push("(p.name LIKE ? ESCAPE '\\' OR p.code LIKE ? ESCAPE '\\')");
      params.push(`%${term}%`, `${term}%`);
    }
    if (q.after !== undefined) {
      where.push('p.code > ?');
      params.push(q.after);
    }
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const rows = this.cached(`SELECT p.* FROM projects p WHERE ${where.join(' AND ')} ORDER BY p.code LIMIT ${limit + 1}`).all(...params) as ProjectRow[];
    const more = rows.length > limit;
    const page = (more ? rows.slice(0, limit) : rows).map((r) => {
      const agg = (
        q.viewer.streams.size === 0
          ? this.s.projectAggregatesPublic.get(r.code, q.today)
          : this.s.projectAggregates.get(r.code, JSON.stringify([...q.viewer.streams]), q.today)
      ) as { records: number; late: number };
      return { ...toProject(r), records: agg.records, late: agg.late };
    });
    const last = page[page.length - 1];
    return { items: page, ...(more && last ? { next: { value: last.code, id: last.code } } : {}) };
  }

  async getProject(code: string): Promise<ProjectState | undefined> {
    this.forQuery();
    const row = this.s.getProject.get(code) as ProjectRow | undefined;
    return row ? toProject(row) : undefined;
  }

  async listAllocations(q: AllocationQuery): Promise<Page<AllocationState>> {
    this.forQuery();
    const vis = visibleSql('r', q.viewer, q.today);
    const where: string[] = [`EXISTS (SELECT 1 FROM records r WHERE r.stream_id = a.stream_id AND ${vis.sql})`];
    const params: unknown[] = [...vis.params];
    if (q.kind !== undefined) {
      where.push('a.kind = ?');
      params.push(q.kind);
    }
    if (q.region !== undefined) {
      where.push('a.region LIKE ?');
      params.push(`${regionPrefix(q.region)}%`);
    }
    if (q.after !== undefined) {
      where.push('a.stream_id > ?');
      params.push(q.after);
    }
    const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
    const rows = this.cached(`SELECT a.* FROM allocations a WHERE ${where.join(' AND ')} ORDER BY a.stream_id LIMIT ${limit + 1}`).all(...params) as AllocationRow[];
    const more = rows.length > limit;
    const page = (more ? rows.slice(0, limit) : rows).map(toAllocation);
    const last = page[page.length - 1];
    return { items: page, ...(more && last ? { next: { value: last.streamId, id: last.streamId } } : {}) };
  }

  async getAllocation(streamId: string): Promise<AllocationState | undefined> {
    this.forQuery();
    const row = this.s.getAllocation.get(streamId) as AllocationRow | undefined;
    return row ? toAllocation(row) : undefined;
  }

  async categoryCounts(viewer: Viewer, today: string): Promise<Map<string, number>> {
    this.forQuery();
    const streams = viewer.streams.size === 0 ? '[]' : JSON.stringify([...viewer.streams]);
    const rows = this.cached(
      `SELECT category, sum(n) AS n FROM counts
       WHERE (audience = 'public' OR (audience = 'group' AND stream_id IN (SELECT value FROM json_each(?))))
         AND (public_until = '' OR public_until >= ?)
       GROUP BY category`,
    ).all(streams, today) as Array<{ category: string; n: number }>;
    return new Map(rows.filter((r) => r.n > 0).map((r) => [r.category, r.n]));
  }

  async timeliness(filter: { agency?: string; category?: string } = {}): Promise<TimelinessRow[]> {
    this.forQuery();
    const where = ['n > 0'];
    const params: unknown[] = [];
    if (filter.agency !== undefined) {
      where.push('agency = ?');
      params.push(filter.agency);
    }
    if (filter.category !== undefined) {
      where.push('category = ?');
      params.push(filter.category);
    }
    const rows = this.cached(`SELECT agency, category, late, delay, n FROM timeliness WHERE ${where.join(' AND ')} ORDER BY agency, category, late, delay`).all(
      ...params,
    ) as Array<{ agency: string; category: string; late: number; delay: number; n: number }>;
    return foldTimeliness(rows.map((r) => ({ ...r, late: r.late === 1 })));
  }

  // ---------------------------------------------------------------- operations

  async stats(): Promise<ReadStoreStats> {
    this.forQuery();
    return {
      checkpoint: this.checkpointSync(),
      records: this.db.prepare('SELECT count(*) FROM records').pluck().get() as number,
      eventsProjected: Number((this.s.getMeta.get('events') as string | undefined) ?? '0'),
    };
  }

  async dump(): Promise<ReadModelDump> {
    this.forQuery();
    const records = (this.db.prepare(`SELECT ${SUMMARY_SELECT}, r.versions FROM records r ORDER BY r.id`).all() as RecordRow[]).map(toRecord);
    const projects = (this.db.prepare('SELECT * FROM projects ORDER BY code').all() as ProjectRow[]).map(toProject);
    const allocations = (this.db.prepare('SELECT * FROM allocations ORDER BY stream_id').all() as AllocationRow[]).map(toAllocation);
    const timeliness = (
      this.db.prepare('SELECT agency, category, late, delay, n FROM timeliness WHERE n != 0 ORDER BY agency, category, late, delay').all() as Array<{
        agency: string;
        category: string;
        late: number;
        delay: number;
        n: number;
      }>
    ).map((r) => ({ agency: r.agency, category: r.category, late: r.late === 1, delay: r.delay, count: r.n }));
    const counts = (
      this.db.prepare('SELECT category, audience, stream_id, public_until, n FROM counts WHERE n != 0 ORDER BY category, audience, stream_id, public_until').all() as Array<{
        category: string;
        audience: Audience;
        stream_id: string;
        public_until: string;
        n: number;
      }>
    ).map((r) => ({ category: r.category, audience: r.audience, streamId: r.stream_id || null, publicUntil: r.public_until || null, count: r.n }));
    return { checkpoint: this.checkpointSync().toString(), records, projects, allocations, timeliness, counts };
  }

  /** Whether the full-text index of each record matches its search text (consistency checks). */
  searchIndexConsistent(): boolean {
    this.assertOpen();
    const indexed = this.db.prepare('SELECT count(*) FROM records_fts').pluck().get() as number;
    const expected = this.db.prepare("SELECT count(*) FROM records WHERE search_text != ''").pluck().get() as number;
    return indexed === expected;
  }

  /**
   * Finishes a freshly built file: builds the deferred full-text index, checkpoints the WAL and
   * switches the file to rollback-journal mode so it is one self-contained file, fsyncs it and
   * closes the store. The caller then renames it into place.
   */
  finalize(onProgress?: (phase: string) => void): void {
    this.assertOpen();
    const db = this.db;
    if (this.bulkLoad) {
      onProgress?.('indexes');
      db.exec(READ_SCHEMA);
    }
    if (this.deferSearchIndex) {
      onProgress?.('search-index');
      db.exec("DELETE FROM records_fts; INSERT INTO records_fts (rowid, search_text) SELECT rid, search_text FROM records WHERE search_text != ''");
      this.deferSearchIndex = false;
    }
    if (this.bulkLoad) {
      onProgress?.('search-index');
      db.exec("INSERT INTO records_fts (records_fts) VALUES ('optimize')");
      this.bulkLoad = false;
    }
    onProgress?.('analyze');
    db.exec('ANALYZE');
    db.pragma('journal_mode = DELETE');
    db.close();
    this.closed = true;
    const fd = openSync(this.path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/**
 * A rebuilt file is renamed into place in rollback-journal mode; the old file's `-wal` and `-shm`
 * may still lie next to it (SQLite leaves them when the file it belonged to was moved). SQLite
 * would replay such a WAL into the new file, so before opening: a WAL beside a database whose
 * header says rollback-journal mode belongs to another file and is removed. (A database in WAL mode
 * says so in its header — bytes 18/19 = 2 — so a genuine WAL is never touched.)
 */
function removeStaleWal(path: string): void {
  if (!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`)) return;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  const header = Buffer.alloc(100);
  let n = 0;
  try {
    n = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || header.toString('latin1', 0, 15) !== 'SQLite format 3') return;
  if (header[18] === 1 && header[19] === 1) {
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
  }
}
