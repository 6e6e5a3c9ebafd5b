// Read-model documents → public response bodies (the shapes of ./schemas.ts).
import type { z } from 'zod';
import { ALLOCATION_KINDS, CATEGORIES, entriesByCategory, entryJsonSchema, getEntry, regionName, type CatalogEntry, type CategorySlug } from '@gongkai/catalog';
import {
  auditTrail,
  audiencesFor,
  currentValues,
  type AllocationState,
  type RecordState,
  type RecordSummary,
  type Redaction,
  type Viewer,
} from '@gongkai/read-store';
import type {
  allocationSummarySchema,
  recordDetailSchema,
  recordSummarySchema,
  revokedItemSchema,
  stageSchema,
  timelineEntrySchema,
  versionSchema,
} from './schemas.ts';

export type AgencyName = (id: string) => string | undefined;

export function categoryRef(slug: string): { slug: string; zh: string; en: string } {
  const c = (CATEGORIES as Record<string, { zh: string; en: string }>)[slug];
  return { slug, zh: c?.zh ?? slug, en: c?.en ?? slug };
}

export function regionRef(code: string | null): { code: string; zh: string | null } | null {
  return code === null ? null : { code, zh: regionName(code)?.zh ?? null };
}

function entryOf(type: string): CatalogEntry | undefined {
  return getEntry(type);
}

function typeRef(type: string): { name: string; zh: string; en: string } {
  const e = entryOf(type);
  return { name: type, zh: e?.title.zh ?? type, en: e?.title.en ?? type };
}

export function agencyRef(id: string, agencyName?: AgencyName): { id: string; name: string | null } {
  let name: string | undefined;
  try {
    name = agencyName?.(id);
  } catch {
    name = undefined;
  }
  return { id, name: name ?? null };
}

export const recordPath = (id: string) => `/v1/public/records/${encodeURIComponent(id)}`;
export const projectPath = (code: string) => `/v1/public/projects/${encodeURIComponent(code)}`;
export const allocationPath = (id: string) => `/v1/public/allocations/${encodeURIComponent(id)}`;

export function renderSummary(r: RecordSummary, agencyName?: AgencyName): z.input<typeof recordSummarySchema> {
  const entry = entryOf(r.types[0] ?? '');
  return {
    id: r.id,
    category: categoryRef(r.category),
    item: { zh: entry?.item.zh ?? '', en: entry?.item.en ?? '' },
    type: typeRef(r.types[0] ?? ''),
    types: r.types,
    title: r.title,
    summary: r.summary,
    status: r.status,
    audience: r.audience === 'group' ? 'group' : 'public',
    streamId: r.streamId,
    agency: agencyRef(r.agency, agencyName),
    region: regionRef(r.region),
    projectCodes: r.projectCodes,
    formedDate: r.formedDate,
    firstRecordedAt: r.firstRecordedAt,
    lastRecordedAt: r.lastRecordedAt,
    timeliness: { dueDate: r.dueDate, late: r.late, delayWorkingDays: r.delayWorkingDays },
    publicityClosesOn: r.publicityClosesOn,
    publicUntil: r.publicUntil,
    versions: r.versionCount,
    corrections: r.corrections,
    links: { self: recordPath(r.id) },
  };
}

export function renderTrail(r: RecordState, viewer: Viewer, agencyName?: AgencyName): Array<z.input<typeof versionSchema>> {
  return auditTrail(r, audiencesFor(r, viewer)).map((t) => {
    const v = t.version;
    return {
      eventId: v.eventId,
      type: typeRef(v.type),
      kind: t.kind,
      agency: agencyRef(v.agency, agencyName),
      recordedAt: v.recordedAt,
      globalPosition: v.position,
      streamVersion: v.streamVersion,
      hash: v.hash,
      formedDate: v.formedDate,
      timeliness: v.timeliness
        ? { dueDate: v.timeliness.dueDate, rule: v.timeliness.rule, late: v.timeliness.late, delayWorkingDays: v.timeliness.delayWorkingDays ?? null, provisional: v.timeliness.provisional }
        : null,
      ...(v.amends ? { amends: v.amends.target } : {}),
      ...(t.retractedBy ? { retractedBy: t.retractedBy } : {}),
      withheld: t.withheld,
      ...(t.changes ? { changes: t.changes } : {}),
    };
  });
}

export function renderDetail(r: RecordState, viewer: Viewer, agencyName?: AgencyName): z.input<typeof recordDetailSchema> {
  const audiences = audiencesFor(r, viewer);
  const redactions = new Map<string, Redaction>();
  for (const v of r.versions) if (audiences.has(v.audience)) for (const x of v.redactions ?? []) redactions.set(`${x.path}\u0000${x.treatment}`, x);
  const summary = renderSummary(r, agencyName);
  return {
    ...summary,
    values: r.status === 'retracted' ? null : currentValues(r, audiences),
    redactions: [...redactions.values()],
    trail: renderTrail(r, viewer, agencyName),
    links: {
      self: recordPath(r.id),
      projects: r.projectCodes.map(projectPath),
      ...(r.streamId.startsWith('allocation-') ? { allocation: allocationPath(r.streamId) } : {}),
    },
  };
}

export function renderTimeline(records: readonly RecordState[], viewer: Viewer): Array<z.input<typeof timelineEntrySchema>> {
  const out: Array<z.input<typeof timelineEntrySchema> & { position: bigint }> = [];
  for (const r of records) {
    for (const t of auditTrail(r, audiencesFor(r, viewer))) {
      const v = t.version;
      out.push({
        date: v.formedDate,
        recordedAt: v.recordedAt,
        type: typeRef(v.type),
        kind: t.kind,
        category: categoryRef(r.category),
        recordId: r.id,
        title: r.title,
        late: v.timeliness?.late ?? false,
        delayWorkingDays: v.timeliness?.delayWorkingDays ?? null,
        withheld: t.withheld,
        position: BigInt(v.position),
      });
    }
  }
  out.sort((a, b) => {
    const da = a.date ?? a.recordedAt.slice(0, 10);
    const db = b.date ?? b.recordedAt.slice(0, 10);
    if (da !== db) return da < db ? -1 : 1;
    return a.position < b.position ? -1 : a.position > b.position ? 1 : 0;
  });
  return out.map(({ position: _p, ...rest }) => rest);
}

export function renderAllocationSummary(a: AllocationState): z.input<typeof allocationSummarySchema> {
  const kind = (ALLOCATION_KINDS as Record<string, { zh: string; en: string }>)[a.kind];
  return {
    id: a.streamId,
    kind: { slug: a.kind, zh: kind?.zh ?? a.kind, en: kind?.en ?? a.kind },
    category: categoryRef(a.category),
    title: a.title,
    region: regionRef(a.region),
    firstRecordedAt: a.firstRecordedAt,
    lastRecordedAt: a.lastRecordedAt,
    links: { self: allocationPath(a.streamId) },
  };
}

/** The lifecycle stages the catalog declares for this kind of process, with what happened at each. */
export function renderStages(a: AllocationState, records: readonly RecordState[]): Array<z.input<typeof stageSchema>> {
  const entries = entriesByCategory(a.category as CategorySlug).filter(
    (e) => 'idField' in e.stream && e.stream.kind === `allocation-${a.kind}` && e.stream.idField === a.idField,
  );
  return entries.map((e) => {
    const rs = records.filter((r) => r.types[0] === e.type);
    const done = rs.filter((r) => r.status === 'current');
    return {
      type: e.type,
      title: { zh: e.title.zh, en: e.title.en },
      item: { zh: e.item.zh, en: e.item.en },
      status: done.length > 0 ? 'done' : 'pending',
      date: done[0]?.formedDate ?? null,
      records: rs.map((r) => ({ id: r.id, formedDate: r.formedDate, firstRecordedAt: r.firstRecordedAt, late: r.late, status: r.status })),
    };
  });
}

function str(values: Record<string, unknown> | null, key: string): string | null {
  const v = values?.[key];
  return typeof v === 'string' ? v : null;
}

function nameOf(values: Record<string, unknown> | null, key: string): string | null {
  const v = values?.[key];
  return v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name : null;
}

function labelled(entry: CatalogEntry | undefined, field: string, value: string | null): { value: string; zh: string } | null {
  if (value === null) return null;
  const labels = entry ? labelsFor(entry, field) : undefined;
  return { value, zh: labels?.[value] ?? value };
}

const labelCache = new Map<string, Record<string, string> | undefined>();
/** Chinese labels of a top-level labelled enum (the catalog's JSON Schema `x-enum-labels`). */
function labelsFor(entry: CatalogEntry, field: string): Record<string, string> | undefined {
  const key = `${entry.type}\u0000${field}`;
  if (!labelCache.has(key)) {
    const schema = entryJsonSchema(entry) as { properties?: Record<string, { 'x-enum-labels'?: Record<string, string> }> };
    labelCache.set(key, schema.properties?.[field]?.['x-enum-labels']);
  }
  return labelCache.get(key);
}

/** A 失效文件清单 row from a DocumentRevoked record. */
export function renderRevoked(r: RecordState, viewer: Viewer): z.input<typeof revokedItemSchema> {
  const values = r.status === 'retracted' ? null : currentValues(r, audiencesFor(r, viewer));
  const entry = entryOf('DocumentRevoked');
  const action = str(values, 'action');
  return {
    recordId: r.id,
    documentId: str(values, 'documentId'),
    documentTitle: str(values, 'documentTitle'),
    documentNumber: str(values, 'documentNumber'),
    issuingAuthority: nameOf(values, 'issuingAuthority'),
    issuedDate: str(values, 'issuedDate'),
    action: labelled(entry, 'action', action),
    validity: action === 'invalidated' ? '失效' : action === 'repealed' ? '废止' : null,
    decidingAuthority: nameOf(values, 'decidingAuthority'),
    decisionNumber: str(values, 'decisionNumber'),
    decisionDate: str(values, 'decisionDate'),
    effectiveDate: str(values, 'effectiveDate'),
    reason: labelled(entry, 'reason', str(values, 'reason')),
    reasonDetail: str(values, 'reasonDetail'),
    region: regionRef(r.region),
    firstRecordedAt: r.firstRecordedAt,
    late: r.late,
    links: { self: recordPath(r.id) },
  };
}

/** Median of a histogram (value → count); null when empty. */
export function medianOf(histogram: ReadonlyMap<number, number>): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const at = (k: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (seen > k) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
