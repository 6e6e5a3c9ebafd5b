// GET /openapi.json — OpenAPI 3.1, generated from the zod schemas: the public read API (./schemas.ts),
// the agency ingest API (its request schemas, services/ingest/src/request-schema.ts) and every
// event payload of the catalog (JSON Schema draft 2020-12, Chinese field titles).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { catalog, entryJsonSchema, latestSchemaVersion, type CatalogEntry } from '@gongkai/catalog';
import { ingestSchemas } from './ingest-schemas.ts';
import * as S from './schemas.ts';
import {
  allocationResponseSchema,
  allocationsQuerySchema,
  allocationsResponseSchema,
  categoriesResponseSchema,
  pageQuerySchema,
  problemSchema,
  projectResponseSchema,
  projectsQuerySchema,
  projectsResponseSchema,
  recordResponseSchema,
  recordsQuerySchema,
  recordsResponseSchema,
  revokedResponseSchema,
  timelinessQuerySchema,
  timelinessResponseSchema,
} from './schemas.ts';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function strip(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** Query parameters of an endpoint, one per property of its (strict object) query schema. */
function queryParameters(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, prop]) => {
    const json = strip(z.toJSONSchema(prop as z.ZodType, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json);
    const { description, ...rest } = json as Json & { description?: string };
    const optional = (prop as z.ZodType).safeParse(undefined).success;
    return { name, in: 'query', required: !optional, schema: rest, ...(description ? { description } : {}) };
  });
}

function pathParameter(name: string, description: string, schema: Json = { type: 'string' }): Json {
  return { name, in: 'path', required: true, description, schema };
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

function publicGet(summary: string, description: string, response: string, parameters: Json[], tags: string[]): Json {
  return {
    get: {
      summary,
      description,
      tags,
      parameters: [...parameters, { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETag of a previous response: 304 when unchanged' }],
      security: [{}, { partyToken: [] }],
      responses: {
        200: {
          description: 'OK',
          headers: {
            ETag: { schema: { type: 'string' }, description: 'strong validator of the body' },
            'Cache-Control': { schema: { type: 'string' } },
            'Gongkai-Checkpoint': { schema: { type: 'string' }, description: 'read-model checkpoint (global log position) the response reflects' },
          },
          content: { 'application/json': { schema: ref(response) } },
        },
        304: { description: 'Not modified (If-None-Match matched)' },
        400: problem('Invalid query parameters or cursor'),
        401: problem('An Authorization header that is not a valid party token'),
        404: problem('Unknown id'),
        429: problem('Rate limit exceeded (see Retry-After)'),
      },
    },
  };
}

let cached: { json: Buffer; etag: string; document: Json } | undefined;

export function openApiDocument(): { json: Buffer; etag: string; document: Json } {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  const components: Array<[string, z.ZodType]> = [
    ['Categories', categoriesResponseSchema],
    ['RecordPage', recordsResponseSchema],
    ['RecordResponse', recordResponseSchema],
    ['ProjectPage', projectsResponseSchema],
    ['ProjectOverview', projectResponseSchema],
    ['AllocationPage', allocationsResponseSchema],
    ['AllocationLifecycle', allocationResponseSchema],
    ['RevokedPage', revokedResponseSchema],
    ['TimelinessSummary', timelinessResponseSchema],
    ['Problem', problemSchema],
    ['EventInput', ingestSchemas.eventInputSchema],
    ['StreamAppendBody', ingestSchemas.streamAppendBodySchema],
    ['BatchAppendBody', ingestSchemas.batchBodySchema],
    ['BatchAppendItem', ingestSchemas.batchItemSchema],
  ];
  for (const [id, schema] of components) registry.add(schema, { id });
  // the named parts (`.meta({ id })`) become components of their own
  for (const value of Object.values(S)) {
    if (!(value instanceof z.ZodType)) continue;
    const id = z.globalRegistry.get(value)?.id;
    if (typeof id === 'string' && !registry.has(value)) registry.add(value, { id });
  }
  const generated = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as {
    schemas: Record<string, Json>;
  };
  const schemas: Record<string, Json> = {};
  for (const [id, s] of Object.entries(generated.schemas)) schemas[id] = strip(s);
  // ingest request bodies are inputs: regenerate them in input mode
  for (const id of ['EventInput', 'StreamAppendBody', 'BatchAppendBody', 'BatchAppendItem']) {
    const schema = components.find(([i]) => i === id)![1];
    schemas[id] = strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json);
  }
  // the event payloads of the catalog (latest schema version of each type)
  const latest = catalog.filter((e) => latestSchemaVersion(e.type) === e.schemaVersion);
  const eventRefs: Json[] = [];
  for (const entry of latest as CatalogEntry[]) {
    schemas[`Payload.${entry.type}`] = { ...strip(entryJsonSchema(entry)), title: `${entry.title.zh} / ${entry.title.en}` };
    schemas[`Event.${entry.type}`] = {
      type: 'object',
      description: `${entry.title.zh} — ${entry.item.zh}`,
      properties: {
        eventId: { type: 'string', description: 'UUID v7 (idempotency key); generated when absent' },
        type: { const: entry.type },
        schemaVersion: { const: entry.schemaVersion },
        payload: ref(`Payload.${entry.type}`),
        correlationId: { type: 'string' },
        causationId: { type: 'string' },
      },
      required: ['type', 'payload'],
      additionalProperties: false,
    };
    eventRefs.push(ref(`Event.${entry.type}`));
  }
  schemas['CatalogEvent'] = { oneOf: eventRefs, description: 'an event of any catalog type (the payload schema follows from `type`)' };

  const paging = queryParameters(pageQuerySchema);
  const document: Json = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Gongkai 公开 — disclosure ledger API',
      version: '1',
      description:
        'Public, read-only disclosure of major construction projects (重大建设项目, nine categories) and public resource allocation (公共资源配置), ' +
        'derived from an event-sourced ledger; and the authenticated ingest API agencies post events with. Public endpoints need no login: ' +
        'they show 全社会 items with personal data masked (张*明, 138****1234, 320***********1234, addresses to street level; personal amounts and bank accounts omitted). ' +
        'Affected parties holding a party token (`gongkai party-token`) also see the 特定群体 items of their stream. 依申请 items are never served here.',
    },
    tags: [
      { name: 'public', description: '公开 — read-only, no login' },
      { name: 'ingest', description: '发布 — agencies post events (API key)' },
      { name: 'catalog', description: '目录 — event types, schemas, worked examples' },
    ],
    paths: {
      '/v1/public/categories': publicGet('Categories with record counts', 'The nine construction categories, the allocation kinds and the other lists, each with its slug, Chinese name and visible record count.', 'Categories', [], ['public']),
      '/v1/public/categories/{category}/records': publicGet(
        'Records of a category',
        'Disclosure records (one per 公开事项 instance) with filters, Chinese full-text search, cursor pagination and sort.',
        'RecordPage',
        [pathParameter('category', 'category slug, e.g. approval-results'), ...queryParameters(recordsQuerySchema)],
        ['public'],
      ),
      '/v1/public/records/{id}': publicGet('A record with its audit trail', 'Current values (corrections applied) and every version with its field-level changes.', 'RecordResponse', [pathParameter('id', 'record id')], ['public']),
      '/v1/public/projects': publicGet('Projects', 'Projects (GB/T 40058 项目代码) with public records.', 'ProjectPage', queryParameters(projectsQuerySchema), ['public']),
      '/v1/public/projects/{projectCode}': publicGet(
        'Project overview',
        'All nine categories with their records, the timeline from registration to completion, late markers and corrections.',
        'ProjectOverview',
        [pathParameter('projectCode', 'e.g. 2019-320500-48-01-512345')],
        ['public'],
      ),
      '/v1/public/allocations': publicGet('Allocation processes', '公共资源配置 processes (one stream each).', 'AllocationPage', queryParameters(allocationsQuerySchema), ['public']),
      '/v1/public/allocations/{id}': publicGet('Allocation lifecycle', 'The stages the catalog declares for the process, in order, with dates and records.', 'AllocationLifecycle', [pathParameter('id', 'allocation stream id, e.g. allocation-procurement-JSZC-320500-2024-G0042')], ['public']),
      '/v1/public/revoked': publicGet('失效文件清单', 'Documents declared invalid (宣布失效) or repealed (废止).', 'RevokedPage', paging, ['public']),
      '/v1/public/timeliness': publicGet('Timeliness summary', 'Publications on time and late per agency and category, with the median delay in working days.', 'TimelinessSummary', queryParameters(timelinessQuerySchema), ['public']),
      '/v1/streams/{streamId}/events': {
        post: {
          summary: 'Append events to one stream',
          tags: ['ingest'],
          security: [{ agencyKey: [] }],
          parameters: [
            pathParameter('streamId', 'e.g. project-2019-320500-48-01-512345', { type: 'string', pattern: ingestSchemas.streamIdPattern }),
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'expected stream version as an ETag ("5"), or * — 412 on conflict' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('StreamAppendBody') } } },
          responses: {
            200: { description: 'Already recorded (idempotent retry)' },
            201: { description: 'Appended' },
            400: problem('Malformed body'),
            401: problem('Missing or invalid API key'),
            403: problem('Role or jurisdiction does not allow this event'),
            409: problem('Event id reused for different content'),
            412: problem('Stream not at the expected version'),
            422: problem('Payload, stream id or lifecycle rule violated'),
          },
        },
      },
      '/v1/events': {
        post: {
          summary: 'Append to several streams (batch)',
          tags: ['ingest'],
          security: [{ agencyKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('BatchAppendBody') } } },
          responses: { 200: { description: 'All items already recorded' }, 201: { description: 'All appended' }, 207: { description: 'Some items rejected (per-item problems)' }, 400: problem('Malformed body'), 401: problem('Missing or invalid API key') },
        },
      },
      '/v1/catalog': {
        get: { summary: 'The event catalog', tags: ['catalog'], responses: { 200: { description: 'Every event type with its declarations and payload JSON Schema', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
      '/v1/catalog/examples': {
        get: { summary: 'Worked examples', tags: ['catalog'], responses: { 200: { description: 'Requests that together post every event type', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        agencyKey: { type: 'http', scheme: 'bearer', description: 'agency API key gk_… (gongkai agency add)' },
        partyToken: { type: 'http', scheme: 'bearer', description: 'party token gkp_… (gongkai party-token): unlocks the 特定群体 items of one stream' },
      },
    },
  };
  const json = Buffer.from(JSON.stringify(document), 'utf8');
  cached = { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`, document };
  return cached;
}
