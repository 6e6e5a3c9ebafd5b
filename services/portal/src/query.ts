// The portal's filters (one zod schema for the pages and the downloads) and the search across
// categories over the read-store port.
import { z } from 'zod';
import { ProblemError } from '@gongkai/platform';
import { PUBLIC_CATEGORIES } from '@gongkai/public-api';
import type { PageAfter, ReadStore, RecordQuery, RecordSummary, Viewer } from '@gongkai/read-store';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const filterShape = {
  q: z.string().trim().max(100).optional(),
  category: z
    .string()
    .refine((c) => c === '' || PUBLIC_CATEGORIES.includes(c), 'not a public category')
    .optional(),
  region: z.string().regex(/^(\d{6})?$/, 'a GB/T 2260 code (6 digits)').optional(),
  agency: z.string().regex(/^[A-Za-z0-9._-]{0,128}$/, 'an agency id').optional(),
  from: z.union([date, z.literal('')]).optional(),
  to: z.union([date, z.literal('')]).optional(),
  late: z.enum(['1', 'true', '']).optional(),
  lang: z.enum(['zh', 'en']).optional(),
};

export const searchQuerySchema = z.strictObject({
  ...filterShape,
  limit: z.coerce.number().int().min(1).max(500).default(20),
  cursor: z.string().max(400).optional(),
});

export const langQuerySchema = z.strictObject({ lang: z.enum(['zh', 'en']).optional() });
export const tabsQuerySchema = z.strictObject({ lang: z.enum(['zh', 'en']).optional(), tab: z.string().max(40).optional() });

export type SearchQuery = z.output<typeof searchQuerySchema>;

export function parse<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new ProblemError('bad-request', 'Invalid query parameters', {
      errors: parsed.error.issues.map((i) => ({ parameter: i.path.map(String).join('.') || '(query)', message: i.message })),
    });
  }
  return parsed.data;
}

/** The filters of a query in the shape RecordQuery takes (category aside). */
export function recordFilter(f: SearchQuery): Omit<RecordQuery, 'category' | 'viewer' | 'today' | 'sort' | 'limit'> {
  return {
    ...(f.q ? { q: f.q } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.agency ? { agency: f.agency } : {}),
    ...(f.from ? { formedFrom: f.from } : {}),
    ...(f.to ? { formedTo: f.to } : {}),
    ...(f.late ? { late: true } : {}),
  };
}

/** The filter as URL parameters (for links and downloads). */
export function filterParams(f: SearchQuery): Record<string, string | undefined> {
  return { q: f.q || undefined, category: f.category || undefined, region: f.region || undefined, agency: f.agency || undefined, from: f.from || undefined, to: f.to || undefined, late: f.late ? '1' : undefined };
}

export function encodeCursor(category: string, after: PageAfter): string {
  return Buffer.from(JSON.stringify([category, after.value, after.id])).toString('base64url');
}

export function decodeCursor(category: string, cursor: string | undefined): PageAfter | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === category && typeof v[1] === 'string' && typeof v[2] === 'string') return { value: v[1], id: v[2] };
  } catch {
    // fall through
  }
  throw new ProblemError('bad-request', 'The cursor is not valid for this category', { errors: [{ parameter: 'cursor', message: 'not a cursor of this list' }] });
}

export interface SearchResult {
  items: RecordSummary[];
  /** more results exist beyond `items` */
  more: boolean;
  /** single-category searches: the cursor of the next page */
  cursor?: string;
}

const byFormedDesc = (a: RecordSummary, b: RecordSummary) => (a.formedDate !== b.formedDate ? (a.formedDate < b.formedDate ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Newest first (formed date). One category: a keyset page. All categories: the newest `limit` over
 * every category (each category asked for limit + 1, merged).
 */
export async function searchRecords(store: ReadStore, f: SearchQuery, viewer: Viewer, today: string): Promise<SearchResult> {
  const filter = recordFilter(f);
  if (f.category) {
    const after = decodeCursor(f.category, f.cursor);
    const page = await store.listRecords({ category: f.category, viewer, today, sort: '-formedDate', limit: f.limit, ...filter, ...(after ? { after } : {}) });
    return { items: page.items, more: page.next !== undefined, ...(page.next ? { cursor: encodeCursor(f.category, page.next) } : {}) };
  }
  if (f.cursor) throw new ProblemError('bad-request', 'A cursor pages one category: pass category too', { errors: [{ parameter: 'cursor', message: 'needs category' }] });
  const pages = await Promise.all(PUBLIC_CATEGORIES.map((category) => store.listRecords({ category, viewer, today, sort: '-formedDate', limit: f.limit + 1, ...filter })));
  const all = pages.flatMap((p) => p.items).sort(byFormedDesc);
  return { items: all.slice(0, f.limit), more: all.length > f.limit };
}

/** Every record the filter matches, newest first per category, for the downloads (bounded). */
export async function* allRecords(store: ReadStore, f: SearchQuery, viewer: Viewer, today: string, max = 100_000): AsyncGenerator<RecordSummary> {
  const filter = recordFilter(f);
  let n = 0;
  for (const category of f.category ? [f.category] : PUBLIC_CATEGORIES) {
    let after: PageAfter | undefined;
    do {
      const page = await store.listRecords({ category, viewer, today, sort: '-formedDate', limit: 500, ...filter, ...(after ? { after } : {}) });
      for (const r of page.items) {
        if (n++ >= max) return;
        yield r;
      }
      after = page.next;
    } while (after);
  }
}
