// The public API's query parameters and response bodies as zod schemas: requests are validated with
// them (bad input → 400 problem+json), the OpenAPI document is generated from them, and the tests
// check every response against them.
import { z } from 'zod';
import { projectCodeSchema, regionCodeSchema } from '@gongkai/catalog';

// ---------------------------------------------------------------------------------------- queries

const isoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const instantOrDate = z.union([isoDate, z.iso.datetime({ offset: true, error: 'must be a date or an ISO date-time with offset' })]);
const limit = z.coerce
  .number({ error: 'limit must be a number' })
  .int({ error: 'limit must be an integer' })
  .min(1, { error: 'limit must be at least 1' })
  .max(100, { error: 'limit must be at most 100' })
  .default(20);
const cursor = z.string().min(1).max(512).meta({ description: 'Opaque cursor from the previous page (`cursor` / `next`).' });
const region = regionCodeSchema.meta({ description: 'GB/T 2260 region; a city (320500) or province (320000) code matches its subdivisions' });

export const recordSorts = ['formedDate', '-formedDate', 'recordedAt', '-recordedAt'] as const;

export const recordsQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100).optional().meta({
    description: '全文检索（中文）: whitespace-separated terms that must all occur; terms of 3+ characters use the trigram index, 1–2 characters a scan',
  }),
  region: region.optional(),
  agency: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, { error: 'agency must be an agency id' }).optional().meta({ description: 'posting agency id' }),
  projectCode: projectCodeSchema.optional(),
  formedFrom: isoDate.optional().meta({ description: 'formed on or after (信息形成日期)' }),
  formedTo: isoDate.optional().meta({ description: 'formed on or before' }),
  recordedFrom: instantOrDate.optional().meta({ description: 'first published at or after (a date means 00:00 China time)' }),
  recordedTo: instantOrDate.optional().meta({ description: 'first published at or before (a date means the whole day, China time)' }),
  late: z.enum(['true', 'false']).optional().meta({ description: 'only records published after their deadline (true) or only on time (false)' }),
  sort: z.enum(recordSorts).default('-formedDate'),
  limit,
  cursor: cursor.optional(),
});

export const projectsQuerySchema = z.strictObject({
  region: region.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'project name (substring) or code (prefix)' }),
  limit,
  cursor: cursor.optional(),
});

export const allocationKinds = ['procurement', 'land-use-rights', 'mining-rights', 'state-property', 'affordable-housing'] as const;

export const allocationsQuerySchema = z.strictObject({
  kind: z.enum(allocationKinds).optional(),
  region: region.optional(),
  limit,
  cursor: cursor.optional(),
});

export const pageQuerySchema = z.strictObject({ limit, cursor: cursor.optional() });

export const timelinessQuerySchema = z.strictObject({
  agency: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).optional(),
  category: z.string().regex(/^[a-z-]{1,40}$/).optional(),
});

export const emptyQuerySchema = z.strictObject({});

// -------------------------------------------------------------------------------------- responses

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const categoryRef = z.object({ slug: z.string(), zh: z.string(), en: z.string() }).meta({ id: 'CategoryRef' });
export const agencyRef = z.object({ id: z.string(), name: z.string().nullable() }).meta({ id: 'AgencyRef', description: 'posting agency (name from the agency registry)' });
export const regionRef = z.object({ code: z.string(), zh: z.string().nullable() }).meta({ id: 'RegionRef' });
export const asOf = z
  .object({ date: z.string() })
  .meta({
    id: 'AsOf',
    description:
      'the China date the view is computed for (records leave the public view by date). The read-model checkpoint (global log position) is in the Gongkai-Checkpoint header, so a page whose content did not change keeps its ETag.',
  });

export const timelinessSchema = z
  .object({
    dueDate: z.string(),
    rule: z.string(),
    late: z.boolean(),
    delayWorkingDays: z.number().int().nullable(),
    provisional: z.boolean(),
  })
  .meta({ id: 'Timeliness', description: 'deadline (working days on the State Council calendar) and whether publication met it' });

export const recordSummarySchema = z
  .object({
    id: z.string(),
    category: categoryRef,
    item: bilingual.meta({ description: '公开事项' }),
    type: z.object({ name: z.string(), zh: z.string(), en: z.string() }),
    types: z.array(z.string()),
    title: z.string(),
    summary: z.string(),
    status: z.enum(['current', 'retracted']),
    audience: z.enum(['public', 'group']),
    streamId: z.string(),
    agency: agencyRef,
    region: regionRef.nullable(),
    projectCodes: z.array(z.string()),
    formedDate: z.string(),
    firstRecordedAt: z.string(),
    lastRecordedAt: z.string(),
    timeliness: z.object({
      dueDate: z.string().nullable(),
      late: z.boolean(),
      delayWorkingDays: z.number().int().nullable(),
    }),
    publicityClosesOn: z.string().nullable().meta({ description: 'last day of the minimum publicity period (e.g. 中标候选人公示 ≥ 3 日)' }),
    publicUntil: z.string().nullable().meta({ description: 'the record leaves the public view after this day (penalty 公示期)' }),
    versions: z.number().int(),
    corrections: z.number().int(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'RecordSummary' });

export const fieldChangeSchema = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }).meta({ id: 'FieldChange' });

export const versionSchema = z
  .object({
    eventId: z.string(),
    type: z.object({ name: z.string(), zh: z.string(), en: z.string() }),
    kind: z.enum(['original', 'update', 'correction', 'retraction']),
    agency: agencyRef,
    recordedAt: z.string(),
    globalPosition: z.string(),
    streamVersion: z.number().int(),
    hash: z.string(),
    formedDate: z.string().nullable(),
    timeliness: timelinessSchema.nullable(),
    amends: z.string().optional().meta({ description: 'event id this correction or retraction amends' }),
    retractedBy: z.string().optional(),
    withheld: z.boolean().meta({ description: 'content withheld: the version was retracted, or is a retraction' }),
    changes: z.array(fieldChangeSchema).optional(),
  })
  .meta({ id: 'Version' });

export const redactionSchema = z
  .object({ path: z.string(), treatment: z.enum(['masked', 'omitted']), reason: z.string() })
  .meta({ id: 'Redaction', description: 'a declared personal-data or narrower-audience field of this record that was masked or omitted' });

export const recordDetailSchema = recordSummarySchema
  .extend({
    values: z.record(z.string(), z.unknown()).nullable().meta({ description: 'current values (corrections applied); null when retracted' }),
    redactions: z.array(redactionSchema),
    trail: z.array(versionSchema).meta({ description: 'audit trail: every version, oldest first' }),
    links: z.object({ self: z.string(), projects: z.array(z.string()), allocation: z.string().optional() }),
  })
  .meta({ id: 'RecordDetail' });

export const categoriesResponseSchema = z
  .object({
    asOf,
    categories: z.array(
      categoryRef.extend({
        group: z.enum(['construction', 'allocation', 'other']),
        records: z.number().int(),
        links: z.object({ records: z.string() }),
      }),
    ),
  })
  .meta({ id: 'Categories' });

const pageFields = {
  asOf,
  limit: z.number().int(),
  cursor: z.string().nullable().meta({ description: 'pass as `cursor` for the next page; null on the last page' }),
  next: z.string().nullable().meta({ description: 'URL of the next page' }),
};

export const recordsResponseSchema = z
  .object({ category: categoryRef, sort: z.enum(recordSorts), items: z.array(recordSummarySchema), ...pageFields })
  .meta({ id: 'RecordPage' });

export const recordResponseSchema = z.object({ asOf, record: recordDetailSchema }).meta({ id: 'RecordResponse' });

export const projectSummarySchema = z
  .object({
    projectCode: z.string(),
    name: z.string().nullable(),
    region: regionRef.nullable(),
    records: z.number().int(),
    late: z.number().int(),
    firstRecordedAt: z.string(),
    lastRecordedAt: z.string(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'ProjectSummary' });

export const projectsResponseSchema = z.object({ items: z.array(projectSummarySchema), ...pageFields }).meta({ id: 'ProjectPage' });

export const timelineEntrySchema = z
  .object({
    date: z.string().nullable().meta({ description: 'formed / changed date of the event' }),
    recordedAt: z.string(),
    type: z.object({ name: z.string(), zh: z.string(), en: z.string() }),
    kind: z.enum(['original', 'update', 'correction', 'retraction']),
    category: categoryRef,
    recordId: z.string(),
    title: z.string(),
    late: z.boolean(),
    delayWorkingDays: z.number().int().nullable(),
    withheld: z.boolean(),
  })
  .meta({ id: 'TimelineEntry' });

export const projectResponseSchema = z
  .object({
    asOf,
    project: z.object({
      projectCode: z.string(),
      name: z.string().nullable(),
      region: regionRef.nullable(),
      registration: z.object({ recordId: z.string(), values: z.record(z.string(), z.unknown()).nullable() }).nullable(),
      counts: z.object({ records: z.number().int(), late: z.number().int(), corrections: z.number().int(), retracted: z.number().int() }),
      categories: z.array(categoryRef.extend({ records: z.array(recordSummarySchema) })),
      timeline: z.array(timelineEntrySchema),
      links: z.object({ self: z.string() }),
    }),
  })
  .meta({ id: 'ProjectOverview' });

export const allocationSummarySchema = z
  .object({
    id: z.string(),
    kind: z.object({ slug: z.string(), zh: z.string(), en: z.string() }),
    category: categoryRef,
    title: z.string(),
    region: regionRef.nullable(),
    firstRecordedAt: z.string(),
    lastRecordedAt: z.string(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'AllocationSummary' });

export const allocationsResponseSchema = z.object({ items: z.array(allocationSummarySchema), ...pageFields }).meta({ id: 'AllocationPage' });

export const stageSchema = z
  .object({
    type: z.string(),
    title: bilingual,
    item: bilingual,
    status: z.enum(['done', 'pending']),
    date: z.string().nullable().meta({ description: 'formed date of the stage (first record)' }),
    records: z.array(z.object({ id: z.string(), formedDate: z.string(), firstRecordedAt: z.string(), late: z.boolean(), status: z.enum(['current', 'retracted']) })),
  })
  .meta({ id: 'Stage' });

export const allocationResponseSchema = z
  .object({
    asOf,
    allocation: allocationSummarySchema.extend({ stages: z.array(stageSchema), records: z.array(recordSummarySchema) }),
  })
  .meta({ id: 'AllocationLifecycle' });

export const revokedItemSchema = z
  .object({
    recordId: z.string(),
    documentId: z.string().nullable(),
    documentTitle: z.string().nullable(),
    documentNumber: z.string().nullable(),
    issuingAuthority: z.string().nullable(),
    issuedDate: z.string().nullable(),
    action: z.object({ value: z.string(), zh: z.string() }).nullable(),
    validity: z.enum(['失效', '废止']).nullable().meta({ description: '有效性' }),
    decidingAuthority: z.string().nullable(),
    decisionNumber: z.string().nullable(),
    decisionDate: z.string().nullable(),
    effectiveDate: z.string().nullable(),
    reason: z.object({ value: z.string(), zh: z.string() }).nullable(),
    reasonDetail: z.string().nullable(),
    region: regionRef.nullable(),
    firstRecordedAt: z.string(),
    late: z.boolean(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'RevokedDocument' });

export const revokedResponseSchema = z.object({ items: z.array(revokedItemSchema), ...pageFields }).meta({ id: 'RevokedPage' });

const timelinessGroup = z.object({
  onTime: z.number().int(),
  late: z.number().int(),
  total: z.number().int(),
  lateRate: z.number(),
  medianDelayWorkingDays: z.number().nullable().meta({ description: 'median working days late, over late publications' }),
  maxDelayWorkingDays: z.number().int().nullable(),
});

export const timelinessResponseSchema = z
  .object({
    asOf,
    totals: timelinessGroup,
    groups: z.array(timelinessGroup.extend({ agency: agencyRef, category: categoryRef })),
    byAgency: z.array(timelinessGroup.extend({ agency: agencyRef })),
    byCategory: z.array(timelinessGroup.extend({ category: categoryRef })),
  })
  .meta({ id: 'TimelinessSummary' });

export const problemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string().optional(), instance: z.string().optional() })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
