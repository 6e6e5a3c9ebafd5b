// The public, read-only disclosure API. No login; rate-limited per IP; every response carries a
// strong ETag (304 on If-None-Match) and a short Cache-Control. Responses are rendered once per
// (URL, read-model checkpoint, China date) and served from memory afterwards.
//
// Audiences: anonymous callers see 全社会 items only; a caller sending a party token
// (`Authorization: Bearer gkp_…`) also sees the 特定群体 items of the one stream the token is for;
// 依申请 items are never served here. An Authorization header that is not a valid party token is
// refused (401), never silently ignored.
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { ALLOCATION_KINDS, CATEGORIES, isProjectCode } from '@gongkai/catalog';
import { ProblemError, type Logger } from '@gongkai/platform';
import { PUBLIC_VIEWER, sumTimeliness, type PageAfter, type PartyPrincipal, type ReadStore, type RecordSort, type TimelinessRow, type Viewer } from '@gongkai/read-store';
import { ResponseCache, etagOf, noneMatch } from './cache.ts';
import { docsPage } from './docs.ts';
import { openApiDocument } from './openapi.ts';
import { TokenBuckets, rateLimit, type RateLimitOptions } from './rate-limit.ts';
import {
  agencyRef,
  allocationPath,
  categoryRef,
  medianOf,
  projectPath,
  regionRef,
  renderAllocationSummary,
  renderDetail,
  renderRevoked,
  renderStages,
  renderSummary,
  renderTimeline,
  type AgencyName,
} from './render.ts';
import {
  allocationsQuerySchema,
  emptyQuerySchema,
  pageQuerySchema,
  projectsQuerySchema,
  recordsQuerySchema,
  timelinessQuerySchema,
} from './schemas.ts';

export interface PartyTokenVerifier {
  authenticate(authorization: string | undefined): PartyPrincipal | null;
}

export interface PublicRouterOptions {
  readStore: ReadStore;
  /** verifies party tokens (PartyTokenRegistry); without it, any Authorization header is refused */
  partyTokens?: PartyTokenVerifier;
  /** display name of an agency id (the agency registry's) */
  agencyName?: AgencyName;
  /** per-IP token bucket (default 120 burst, 20/s); false to disable */
  rateLimit?: RateLimitOptions | false;
  /** rendered responses kept in memory (default 2000 entries); false to disable */
  cache?: { entries?: number } | false;
  /** Cache-Control max-age of public responses (default 10 s) */
  maxAgeSeconds?: number;
  /** clock (tests): the China date decides which penalties are still in the public view */
  now?: () => Date;
  logger?: Logger;
}

export const CONSTRUCTION_CATEGORIES = [
  'approval-services',
  'approval-results',
  'tendering',
  'land-expropriation',
  'design-changes',
  'construction',
  'quality-safety',
  'completion',
  'penalties',
] as const;
export const ALLOCATION_CATEGORIES = Object.values(ALLOCATION_KINDS).map((k) => k.category) as string[];
export const OTHER_CATEGORIES = ['blacklist', 'projects', 'documents'] as const;
/** Every category the public API serves, in display order ('requests' is 依申请 and never served). */
export const PUBLIC_CATEGORIES: readonly string[] = [...CONSTRUCTION_CATEGORIES, ...ALLOCATION_CATEGORIES, ...OTHER_CATEGORIES];

const RECORD_ID = /^[A-Za-z0-9_-]{22}$/;
const ALLOCATION_ID = /^allocation-[a-z-]+-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

let todayCache = { until: 0, from: 0, date: '' };

/** The calendar date in China (UTC+8). */
export function chinaToday(now: Date): string {
  const t = now.getTime();
  if (t >= todayCache.from && t < todayCache.until) return todayCache.date;
  const date = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = Date.parse(`${date}T00:00:00+08:00`);
  todayCache = { from, until: from + 86_400_000, date };
  return date;
}

function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new ProblemError('bad-request', 'Invalid query parameters', {
      errors: parsed.error.issues.map((i) => ({ parameter: i.path.map(String).join('.') || '(query)', message: i.message })),
    });
  }
  return parsed.data;
}

// Cursors: base64url JSON naming what they page, so a cursor from another list or sort is refused.
function encodeCursor(scope: string, after: PageAfter): string {
  return Buffer.from(JSON.stringify([scope, after.value, after.id])).toString('base64url');
}

function decodeCursor(scope: string, cursor: string | undefined): PageAfter | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === scope && typeof v[1] === 'string' && typeof v[2] === 'string') return { value: v[1], id: v[2] };
  } catch {
    // fall through
  }
  throw new ProblemError('bad-request', 'The cursor is not valid for this list and sort order (pass back the cursor or next link of the previous page)');
}

function nextLink(req: Request, cursor: string): string {
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

/** Start (inclusive) of a China-time date, or an instant, as a UTC ISO string. */
function instantFrom(value: string, endOfDay: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return new Date(endOfDay ? start + 86_400_000 - 1 : start).toISOString();
  }
  return new Date(value).toISOString();
}

function notFound(what: string): never {
  throw new ProblemError('not-found', what);
}

export function createPublicRouter(options: PublicRouterOptions): Router {
  const { readStore, agencyName, partyTokens } = options;
  const now = options.now ?? (() => new Date());
  const maxAge = Math.max(0, Math.trunc(options.maxAgeSeconds ?? 10));
  const cache = new ResponseCache(options.cache === false ? 0 : (options.cache?.entries ?? 2000));
  const publicCacheControl = `public, max-age=${maxAge}`;
  const router = express.Router();
  // only the public routes: in the all-in-one host the audit and proof routers come after this one,
  // and their requests pass through it
  if (options.rateLimit !== false) router.use(['/v1/public', '/openapi.json', '/docs'], rateLimit(new TokenBuckets(options.rateLimit ?? {})));

  interface Ctx {
    viewer: Viewer;
    today: string;
  }

  function viewerOf(req: Request, res: Response): { viewer: Viewer; anonymous: boolean } {
    const authorization = req.get('authorization');
    if (authorization === undefined) return { viewer: PUBLIC_VIEWER, anonymous: true };
    const principal = partyTokens?.authenticate(authorization) ?? null;
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="gongkai-public"');
      throw new ProblemError('unauthenticated', 'The public API needs no credentials; an Authorization header must carry a valid party token (Bearer gkp_…)');
    }
    return { viewer: { streams: principal.streams }, anonymous: false };
  }

  /** Renders (or serves from the cache) a JSON response with ETag and caching headers. */
  function handle(compute: (req: Request, ctx: Ctx) => Promise<unknown>) {
    return async (req: Request, res: Response) => {
      const { viewer, anonymous } = viewerOf(req, res);
      const today = chinaToday(now());
      const checkpoint = readStore.cachedCheckpoint ? readStore.cachedCheckpoint() : await readStore.checkpoint();
      const key = anonymous ? req.originalUrl : undefined;
      let entry = key === undefined ? undefined : cache.get(key, checkpoint, today);
      if (!entry) {
        const body = Buffer.from(JSON.stringify(await compute(req, { viewer, today })), 'utf8');
        entry = { checkpoint, date: today, body, etag: etagOf(body) };
        if (key !== undefined) cache.set(key, entry);
      }
      const headers: Record<string, string | number> = {
        ETag: entry.etag,
        'Cache-Control': anonymous ? publicCacheControl : 'private, no-cache',
        Vary: 'Authorization',
        'Gongkai-Checkpoint': checkpoint.toString(),
      };
      if (noneMatch(req.headers['if-none-match'], entry.etag)) {
        res.writeHead(304, headers).end();
        return;
      }
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = entry.body.length;
      res.writeHead(200, headers).end(entry.body);
    };
  }

  // ------------------------------------------------------------------ categories and records

  router.get(
    '/v1/public/categories',
    handle(async (req, { viewer, today }) => {
      parseQuery(emptyQuerySchema, req);
      const counts = await readStore.categoryCounts(viewer, today);
      return {
        asOf: { date: today },
        categories: PUBLIC_CATEGORIES.map((slug) => ({
          ...categoryRef(slug),
          group: (CONSTRUCTION_CATEGORIES as readonly string[]).includes(slug) ? 'construction' : ALLOCATION_CATEGORIES.includes(slug) ? 'allocation' : 'other',
          records: counts.get(slug) ?? 0,
          links: { records: `/v1/public/categories/${slug}/records` },
        })),
      };
    }),
  );

  router.get(
    '/v1/public/categories/:category/records',
    handle(async (req, { viewer, today }) => {
      const category = req.params['category'] as string;
      if (!PUBLIC_CATEGORIES.includes(category)) notFound(`No category ${category}; see /v1/public/categories`);
      const q = parseQuery(recordsQuerySchema, req);
      const scope = `records:${category}:${q.sort}`;
      const after = decodeCursor(scope, q.cursor);
      const page = await readStore.listRecords({
        category,
        viewer,
        today,
        sort: q.sort as RecordSort,
        limit: q.limit,
        ...(after ? { after } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.region !== undefined ? { region: q.region } : {}),
        ...(q.agency !== undefined ? { agency: q.agency } : {}),
        ...(q.projectCode !== undefined ? { projectCode: q.projectCode } : {}),
        ...(q.formedFrom !== undefined ? { formedFrom: q.formedFrom } : {}),
        ...(q.formedTo !== undefined ? { formedTo: q.formedTo } : {}),
        ...(q.recordedFrom !== undefined ? { recordedFrom: instantFrom(q.recordedFrom, false) } : {}),
        ...(q.recordedTo !== undefined ? { recordedTo: instantFrom(q.recordedTo, true) } : {}),
        ...(q.late !== undefined ? { late: q.late === 'true' } : {}),
      });
      const cursor = page.next ? encodeCursor(scope, page.next) : null;
      return {
        asOf: { date: today },
        category: categoryRef(category),
        sort: q.sort,
        limit: q.limit,
        items: page.items.map((r) => renderSummary(r, agencyName)),
        cursor,
        next: cursor ? nextLink(req, cursor) : null,
      };
    }),
  );

  router.get(
    '/v1/public/records/:id',
    handle(async (req, { viewer, today }) => {
      parseQuery(emptyQuerySchema, req);
      const id = req.params['id'] as string;
      const record = RECORD_ID.test(id) ? await readStore.getRecord(id, viewer, today) : undefined;
      if (!record) notFound(`No public record ${id}`);
      return { asOf: { date: today }, record: renderDetail(record, viewer, agencyName) };
    }),
  );

  // ------------------------------------------------------------------ projects

  router.get(
    '/v1/public/projects',
    handle(async (req, { viewer, today }) => {
      const q = parseQuery(projectsQuerySchema, req);
      const after = decodeCursor('projects', q.cursor);
      const page = await readStore.listProjects({
        viewer,
        today,
        limit: q.limit,
        ...(after ? { after: after.id } : {}),
        ...(q.region !== undefined ? { region: q.region } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
      });
      const cursor = page.next ? encodeCursor('projects', page.next) : null;
      return {
        asOf: { date: today },
        limit: q.limit,
        items: page.items.map((p) => ({
          projectCode: p.code,
          name: p.name,
          region: regionRef(p.region),
          records: p.records,
          late: p.late,
          firstRecordedAt: p.firstRecordedAt,
          lastRecordedAt: p.lastRecordedAt,
          links: { self: projectPath(p.code) },
        })),
        cursor,
        next: cursor ? nextLink(req, cursor) : null,
      };
    }),
  );

  router.get(
    '/v1/public/projects/:code',
    handle(async (req, { viewer, today }) => {
      parseQuery(emptyQuerySchema, req);
      const code = req.params['code'] as string;
      const project = isProjectCode(code) ? await readStore.getProject(code) : undefined;
      const records = project ? await readStore.recordsOfProject(code, viewer, today) : [];
      if (!project || records.length === 0) notFound(`No public project ${code}`);
      const present = new Set(records.map((r) => r.category));
      const slugs = [...CONSTRUCTION_CATEGORIES, ...PUBLIC_CATEGORIES.filter((c) => !(CONSTRUCTION_CATEGORIES as readonly string[]).includes(c) && present.has(c))];
      const registration = project.registrationRecordId ? records.find((r) => r.id === project.registrationRecordId) : undefined;
      const regDetail = registration ? renderDetail(registration, viewer, agencyName) : undefined;
      return {
        asOf: { date: today },
        project: {
          projectCode: code,
          name: project.name,
          region: regionRef(project.region),
          registration: regDetail ? { recordId: regDetail.id, values: regDetail.values } : null,
          counts: {
            records: records.length,
            late: records.filter((r) => r.late).length,
            corrections: records.reduce((n, r) => n + r.corrections, 0),
            retracted: records.filter((r) => r.status === 'retracted').length,
          },
          categories: slugs.map((slug) => ({
            ...categoryRef(slug),
            records: records.filter((r) => r.category === slug).map((r) => renderSummary(r, agencyName)),
          })),
          timeline: renderTimeline(records, viewer),
          links: { self: projectPath(code) },
        },
      };
    }),
  );

  // ------------------------------------------------------------------ allocations

  router.get(
    '/v1/public/allocations',
    handle(async (req, { viewer, today }) => {
      const q = parseQuery(allocationsQuerySchema, req);
      const scope = `allocations:${q.kind ?? '*'}`;
      const after = decodeCursor(scope, q.cursor);
      const page = await readStore.listAllocations({
        viewer,
        today,
        limit: q.limit,
        ...(after ? { after: after.id } : {}),
        ...(q.kind !== undefined ? { kind: q.kind } : {}),
        ...(q.region !== undefined ? { region: q.region } : {}),
      });
      const cursor = page.next ? encodeCursor(scope, page.next) : null;
      return { asOf: { date: today }, limit: q.limit, items: page.items.map(renderAllocationSummary), cursor, next: cursor ? nextLink(req, cursor) : null };
    }),
  );

  router.get(
    '/v1/public/allocations/:id',
    handle(async (req, { viewer, today }) => {
      parseQuery(emptyQuerySchema, req);
      const id = req.params['id'] as string;
      const allocation = ALLOCATION_ID.test(id) ? await readStore.getAllocation(id) : undefined;
      const records = allocation ? await readStore.recordsOfStream(id, viewer, today) : [];
      if (!allocation || records.length === 0) notFound(`No public allocation process ${id}`);
      return {
        asOf: { date: today },
        allocation: {
          ...renderAllocationSummary(allocation),
          stages: renderStages(allocation, records),
          records: records.map((r) => renderSummary(r, agencyName)),
        },
      };
    }),
  );

  // ------------------------------------------------------------------ revoked, timeliness

  router.get(
    '/v1/public/revoked',
    handle(async (req, { viewer, today }) => {
      const q = parseQuery(pageQuerySchema, req);
      const after = decodeCursor('revoked', q.cursor);
      const page = await readStore.listRecords({ category: 'documents', viewer, today, sort: '-formedDate', limit: q.limit, ...(after ? { after } : {}) });
      const items = [];
      for (const s of page.items) {
        const r = await readStore.getRecord(s.id, viewer, today);
        if (r) items.push(renderRevoked(r, viewer));
      }
      const cursor = page.next ? encodeCursor('revoked', page.next) : null;
      return { asOf: { date: today }, limit: q.limit, items, cursor, next: cursor ? nextLink(req, cursor) : null };
    }),
  );

  router.get(
    '/v1/public/timeliness',
    handle(async (req, { today }) => {
      const q = parseQuery(timelinessQuerySchema, req);
      if (q.category !== undefined && !(q.category in CATEGORIES)) {
        throw new ProblemError('bad-request', 'Invalid query parameters', { errors: [{ parameter: 'category', message: `unknown category ${q.category}` }] });
      }
      const rows = await readStore.timeliness({ ...(q.agency !== undefined ? { agency: q.agency } : {}), ...(q.category !== undefined ? { category: q.category } : {}) });
      const group = (rs: readonly TimelinessRow[]) => {
        const { onTime, late, total, delays } = sumTimeliness(rs);
        const max = delays.size ? Math.max(...delays.keys()) : null;
        return { onTime, late, total, lateRate: total ? Math.round((late / total) * 10_000) / 10_000 : 0, medianDelayWorkingDays: medianOf(delays), maxDelayWorkingDays: max };
      };
      const by = <K extends string>(key: (r: TimelinessRow) => K) => {
        const m = new Map<K, TimelinessRow[]>();
        for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
        return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      };
      return {
        asOf: { date: today },
        totals: group(rows),
        groups: rows.map((r) => ({ agency: agencyRef(r.agency, agencyName), category: categoryRef(r.category), ...group([r]) })),
        byAgency: by((r) => r.agency).map(([a, rs]) => ({ agency: agencyRef(a, agencyName), ...group(rs) })),
        byCategory: by((r) => r.category).map(([c, rs]) => ({ category: categoryRef(c), ...group(rs) })),
      };
    }),
  );

  // ------------------------------------------------------------------ documentation

  router.get('/openapi.json', (req, res) => {
    const body = openApiDocument();
    res.setHeader('ETag', body.etag);
    res.setHeader('Cache-Control', `public, max-age=${Math.max(maxAge, 300)}`);
    if (noneMatch(req.get('if-none-match'), body.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(body.json);
  });

  router.get('/docs', (req, res) => {
    const page = docsPage();
    res.setHeader('ETag', page.etag);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Content-Security-Policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:");
    if (noneMatch(req.get('if-none-match'), page.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page.html);
  });

  return router;
}

export { allocationPath };
