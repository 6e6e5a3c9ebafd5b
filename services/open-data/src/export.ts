// Bulk exports as async generators of text chunks: they page through the read-store port (keyset
// pages of projects, allocations and records), so memory stays flat whatever the size of the data;
// the caller pipes them (optionally through gzip) to a response or a file. Order is stable: tenders
// by project code then stream id, then allocation processes by kind and stream id; CSV rows by
// (recordedAt, id).
import { CATEGORY_SLUGS } from '@gongkai/catalog';
import { csvChunks } from '@gongkai/platform';
import { PUBLIC_VIEWER, correctedView, type ReadStore, type RecordState, type RecordSummary } from '@gongkai/read-store';
import { CompiledRelease, VersionedRelease, type JsonMap } from './merge.ts';
import { OCDS_1_1_5_RULES } from './merge-rules.ts';
import { ALLOCATION_PROCESS_KINDS, OCDS_VERSION, clean, ocidOf, releasesOfStream } from './ocds.ts';
import { projectDocument, OC4IDS_VERSION, GONGKAI_EXTENSION_URL } from './oc4ids.ts';

export interface ExportOptions {
  ocidPrefix: string;
  projectPrefix: string;
  /** absolute base URL of the public API, for package and release URIs */
  baseUrl: string;
  publisherName: string;
  /** China date (YYYY-MM-DD) the public view is taken on */
  today: string;
  /** incremental: only what was recorded after this global position */
  afterPosition?: bigint;
  /** incremental: only what was recorded at or after this instant (ISO 8601) */
  since?: string;
  /** page size for the read-store queries */
  pageSize?: number;
}

export const LICENSE_URL = 'https://creativecommons.org/licenses/by/4.0/';

interface Process {
  streamId: string;
  records: RecordState[];
}

function touched(records: readonly RecordState[], o: ExportOptions): boolean {
  return records.some(
    (r) => (o.afterPosition === undefined || BigInt(r.lastPosition) > o.afterPosition) && (o.since === undefined || r.lastRecordedAt >= o.since),
  );
}

/** Every OCDS contracting process, in stable order, with its public records. */
export async function* processes(store: ReadStore, o: ExportOptions): AsyncGenerator<Process> {
  const limit = o.pageSize ?? 200;
  let after: string | undefined;
  for (;;) {
    const page = await store.listProjects({ viewer: PUBLIC_VIEWER, today: o.today, limit, ...(after ? { after } : {}) });
    for (const p of page.items) {
      // the project's tender streams (from the light summaries), then each stream's records
      const streams = new Set<string>();
      let afterRecord: { value: string; id: string } | undefined;
      for (;;) {
        const rp = await store.listRecords({ category: 'tendering', projectCode: p.code, viewer: PUBLIC_VIEWER, today: o.today, sort: 'recordedAt', limit: 500, ...(afterRecord ? { after: afterRecord } : {}) });
        for (const r of rp.items) if (r.streamId.startsWith('tender-') && r.projectCodes[0] === p.code) streams.add(r.streamId);
        if (!rp.next || rp.items.length === 0) break;
        afterRecord = rp.next;
      }
      for (const streamId of [...streams].sort()) {
        const rs = await store.recordsOfStream(streamId, PUBLIC_VIEWER, o.today);
        if (rs.length && touched(rs, o)) yield { streamId, records: rs };
      }
    }
    if (!page.next || page.items.length === 0) break;
    after = page.items[page.items.length - 1]!.code;
  }
  for (const kind of ALLOCATION_PROCESS_KINDS) {
    let afterStream: string | undefined;
    for (;;) {
      const page = await store.listAllocations({ viewer: PUBLIC_VIEWER, today: o.today, kind, limit, ...(afterStream ? { after: afterStream } : {}) });
      for (const a of page.items) {
        const records = await store.recordsOfStream(a.streamId, PUBLIC_VIEWER, o.today);
        if (records.length && touched(records, o)) yield { streamId: a.streamId, records };
      }
      if (!page.next || page.items.length === 0) break;
      afterStream = page.items[page.items.length - 1]!.streamId;
    }
  }
}

/** Groups small strings into chunks of about 64 KiB (fewer writes, same bytes). */
export async function* coalesce(chunks: AsyncIterable<string>, size = 65_536): AsyncGenerator<string> {
  let buf = '';
  for await (const c of chunks) {
    buf += c;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

function packageHead(o: ExportOptions, path: string, extra: JsonMap = {}): string {
  const head = {
    uri: `${o.baseUrl}${path}`,
    version: OCDS_VERSION,
    publishedDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisher: { name: o.publisherName },
    license: LICENSE_URL,
    ...extra,
  };
  return JSON.stringify(head).slice(0, -1);
}

export const OCDS_RELEASES_PATH = '/v1/public/exports/ocds/releases.json';
export const OCDS_RECORDS_PATH = '/v1/public/exports/ocds/records.json';
export const OC4IDS_PROJECTS_PATH = '/v1/public/exports/oc4ids/projects.json';

/** An OCDS release package of every release (or those after the incremental bound). */
export async function* ocdsReleasePackage(store: ReadStore, o: ExportOptions): AsyncGenerator<string> {
  yield packageHead(o, OCDS_RELEASES_PATH) + ',"releases":[';
  let first = true;
  for await (const p of processes(store, o)) {
    for (const r of releasesOfStream(p.streamId, p.records, o)) {
      yield (first ? '' : ',') + JSON.stringify(r);
      first = false;
    }
  }
  yield ']}';
}

/** The OCDS record of one process: linked releases, compiled and versioned release. */
export function ocdsRecord(p: Process, o: ExportOptions): JsonMap | undefined {
  const releases = releasesOfStream(p.streamId, p.records, { ocidPrefix: o.ocidPrefix });
  if (releases.length === 0) return undefined;
  const compiled = new CompiledRelease({ rules: OCDS_1_1_5_RULES }).extend(releases).asJson();
  const versioned = new VersionedRelease({ rules: OCDS_1_1_5_RULES }).extend(releases).asJson();
  return {
    ocid: ocidOf(o.ocidPrefix, p.streamId),
    releases: releases.map((r) => ({ url: `${o.baseUrl}${OCDS_RELEASES_PATH}#${r['id'] as string}`, date: r['date']!, tag: r['tag']! })),
    compiledRelease: compiled,
    versionedRelease: versioned,
  };
}

/** An OCDS record package: one record per process (incremental: processes changed after the bound). */
export async function* ocdsRecordPackage(store: ReadStore, o: ExportOptions): AsyncGenerator<string> {
  yield packageHead(o, OCDS_RECORDS_PATH, { packages: [`${o.baseUrl}${OCDS_RELEASES_PATH}`] }) + ',"records":[';
  let first = true;
  for await (const p of processes(store, o)) {
    const record = ocdsRecord(p, o);
    if (!record) continue;
    yield (first ? '' : ',') + JSON.stringify(record);
    first = false;
  }
  yield ']}';
}

/** An OC4IDS project package: one project per project code (incremental: projects changed after the bound). */
export async function* oc4idsProjectPackage(store: ReadStore, o: ExportOptions): AsyncGenerator<string> {
  const head = {
    uri: `${o.baseUrl}${OC4IDS_PROJECTS_PATH}`,
    version: OC4IDS_VERSION.split('.').slice(0, 2).join('.'),
    publishedDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisher: { name: o.publisherName },
    license: LICENSE_URL,
    extensions: [GONGKAI_EXTENSION_URL(o.baseUrl)],
  };
  yield JSON.stringify(head).slice(0, -1) + ',"projects":[';
  const limit = o.pageSize ?? 200;
  let after: string | undefined;
  let first = true;
  for (;;) {
    const page = await store.listProjects({ viewer: PUBLIC_VIEWER, today: o.today, limit, ...(after ? { after } : {}) });
    for (const p of page.items) {
      const records = await store.recordsOfProject(p.code, PUBLIC_VIEWER, o.today);
      if (!touched(records, o)) continue;
      const doc = projectDocument(p, records, o);
      if (!doc) continue;
      yield (first ? '' : ',') + JSON.stringify(doc);
      first = false;
    }
    if (!page.next || page.items.length === 0) break;
    after = page.items[page.items.length - 1]!.code;
  }
  yield ']}';
}

export const CSV_CATEGORIES: readonly string[] = CATEGORY_SLUGS;

const CSV_COLUMNS: ReadonlyArray<{ header: string; value: (r: RecordSummary) => unknown }> = [
  { header: 'record_id', value: (r) => r.id },
  { header: 'stream_id', value: (r) => r.streamId },
  { header: 'record_key', value: (r) => r.key },
  { header: 'category', value: (r) => r.category },
  { header: 'status', value: (r) => r.status },
  { header: 'title', value: (r) => r.title },
  { header: 'summary', value: (r) => r.summary },
  { header: 'agency', value: (r) => r.agency },
  { header: 'region', value: (r) => r.region },
  { header: 'project_codes', value: (r) => r.projectCodes.join(';') },
  { header: 'formed_date', value: (r) => r.formedDate },
  { header: 'due_date', value: (r) => r.dueDate },
  { header: 'late', value: (r) => (r.late ? 'true' : 'false') },
  { header: 'delay_working_days', value: (r) => r.delayWorkingDays },
  { header: 'first_recorded_at', value: (r) => r.firstRecordedAt },
  { header: 'last_recorded_at', value: (r) => r.lastRecordedAt },
  { header: 'last_position', value: (r) => r.lastPosition },
];

/** One category's public records as CSV (UTF-8 with BOM), ordered by (first recording, id). */
export async function* categoryCsv(store: ReadStore, category: string, o: ExportOptions): AsyncGenerator<string> {
  async function* rows(): AsyncGenerator<RecordSummary> {
    let after: { value: string; id: string } | undefined;
    for (;;) {
      const page = await store.listRecords({
        category,
        viewer: PUBLIC_VIEWER,
        today: o.today,
        sort: 'recordedAt',
        limit: o.pageSize ?? 500,
        ...(after ? { after } : {}),
      });
      for (const r of page.items) {
        if (o.afterPosition !== undefined && BigInt(r.lastPosition) <= o.afterPosition) continue;
        if (o.since !== undefined && r.lastRecordedAt < o.since) continue;
        yield r;
      }
      if (!page.next || page.items.length === 0) break;
      after = page.next;
    }
  }
  yield* csvChunks(CSV_COLUMNS, rows());
}

export const PENALTIES_PATH = '/v1/public/exports/penalties.json';

/**
 * Administrative penalties as their own dataset (OCDS and OC4IDS keep supplier penalties out of the
 * process and the project): one item per decision in its 公示期, with its alterations, linked to the
 * OC4IDS project ids and OCDS ocids it names. Schema: extension/penalty-package-schema.json.
 */
export async function* penaltyPackage(store: ReadStore, o: ExportOptions): AsyncGenerator<string> {
  const head = {
    uri: `${o.baseUrl}${PENALTIES_PATH}`,
    publishedDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisher: { name: o.publisherName },
    license: LICENSE_URL,
  };
  yield JSON.stringify(head).slice(0, -1) + ',"penalties":[';
  let first = true;
  let after: { value: string; id: string } | undefined;
  for (;;) {
    const page = await store.listRecords({ category: 'penalties', viewer: PUBLIC_VIEWER, today: o.today, sort: 'recordedAt', limit: o.pageSize ?? 200, ...(after ? { after } : {}) });
    for (const s of page.items) {
      if (o.afterPosition !== undefined && BigInt(s.lastPosition) <= o.afterPosition) continue;
      if (o.since !== undefined && s.lastRecordedAt < o.since) continue;
      const record = await store.getRecord(s.id, PUBLIC_VIEWER, o.today);
      if (!record) continue;
      const item = penaltyItem(record, o);
      if (!item) continue;
      yield (first ? '' : ',') + JSON.stringify(item);
      first = false;
    }
    if (!page.next || page.items.length === 0) break;
    after = page.next;
  }
  yield ']}';
}

function penaltyItem(record: RecordState, o: ExportOptions): JsonMap | undefined {
  const retracted = new Set(record.versions.filter((v) => v.amends?.kind === 'retraction').map((v) => v.amends!.target));
  const decided = record.versions.find((v) => v.type === 'PenaltyDecided' && v.audience === 'public' && !retracted.has(v.eventId));
  if (!decided) return undefined;
  const d = correctedView(record, decided.eventId) as Record<string, unknown> | undefined;
  if (!d) return undefined;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const party = (d['party'] ?? {}) as Record<string, unknown>;
  const authority = (d['authority'] ?? {}) as Record<string, unknown>;
  const alterations = record.versions
    .filter((v) => v.type === 'PenaltyAltered' && v.audience === 'public' && !retracted.has(v.eventId))
    .map((v) => correctedView(record, v.eventId) as Record<string, unknown>)
    .map((a) => clean({ alteration: s(a['alteration']), date: s(a['alterationDate']), documentNumber: s(a['documentNumber']), decidingAuthority: s(((a['decidingAuthority'] ?? {}) as Record<string, unknown>)['name']), reason: s(a['reason']), newResult: s(a['newResult']) }));
  const codes = Array.isArray(d['relatedProjectCodes']) ? (d['relatedProjectCodes'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  return clean({
    id: record.streamId,
    decisionNumber: s(d['decisionNumber']),
    caseName: s(d['caseName']),
    region: s(d['region']),
    penaltyTypes: Array.isArray(d['penaltyTypes']) ? d['penaltyTypes'] : undefined,
    facts: s(d['facts']),
    basis: s(d['basis']),
    result: s(d['result']),
    fineAmount: n(d['fineAmount']),
    confiscatedAmount: n(d['confiscatedAmount']),
    party: clean({ type: s(party['type']), name: s(party['name']), creditCode: s(party['creditCode']) }),
    authority: clean({ name: s(authority['name']), creditCode: s(authority['creditCode']) }),
    decisionDate: s(d['decisionDate']),
    publicityEnd: s(d['publicityEnd']),
    relatedProjects: codes.map((c) => `${o.projectPrefix}-${c}`),
    relatedProcesses: s(d['relatedTenderId']) ? [ocidOf(o.ocidPrefix, `tender-${s(d['relatedTenderId'])}`)] : undefined,
    alterations,
  }) as JsonMap;
}
