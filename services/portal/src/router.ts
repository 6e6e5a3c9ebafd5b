// The public portal: server-rendered pages over the read store (the same port and the same response
// shapes as the public API, never the ledger). Every page reads fine without JavaScript; small
// module scripts add keyboard tabs and the in-browser verify badge. Nothing is loaded from
// another origin (Content-Security-Policy 'self').
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ALLOCATION_KINDS, CATEGORIES, entryJsonSchema, getEntry, isProjectCode, regionName } from '@gongkai/catalog';
import { CSV_CONTENT_TYPE, ProblemError, csvChunks, type Logger } from '@gongkai/platform';
import {
  ALLOCATION_CATEGORIES,
  CONSTRUCTION_CATEGORIES,
  PUBLIC_CATEGORIES,
  categoryRef,
  chinaToday,
  medianOf,
  renderAllocationSummary,
  renderDetail,
  renderRevoked,
  renderStages,
  renderSummary,
  renderTimeline,
  rateLimit,
  TokenBuckets,
  type AgencyName,
  type RateLimitOptions,
} from '@gongkai/public-api';
import { PUBLIC_VIEWER, sumTimeliness, type ReadStore, type RecordSummary, type TimelinessRow } from '@gongkai/read-store';
import { MESSAGES, langOf, type Lang, type Messages } from './i18n.ts';
import { esc, fmtDate, fmtNumber, highlight, href, page, pct, termsOf } from './html.ts';
import { allRecords, filterParams, langQuerySchema, parse, searchQuerySchema, searchRecords, tabsQuerySchema, type SearchQuery } from './query.ts';
import { eventClass, rateBarsSvg, timelineSvg, type BarRow } from './svg.ts';

export interface PortalOptions {
  readStore: ReadStore;
  /** display name of an agency id */
  agencyName?: AgencyName;
  /** per-IP token bucket on pages and downloads (default 120 burst, 20/s; assets are not counted); false to disable */
  rateLimit?: RateLimitOptions | false;
  /** clock (tests) */
  now?: () => Date;
  logger?: Logger;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const RECORD_ID = /^[A-Za-z0-9_-]{22}$/;
const ALLOCATION_ID = /^allocation-[a-z-]+-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const ASSETS: Record<string, { type: string; body: Buffer; etag: string }> = {};
for (const [name, type] of [
  ['portal.css', 'text/css; charset=utf-8'],
  ['portal.js', 'text/javascript; charset=utf-8'],
  ['verify.js', 'text/javascript; charset=utf-8'],
  ['verify-badge.js', 'text/javascript; charset=utf-8'],
  ['icon.svg', 'image/svg+xml'],
] as const) {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  ASSETS[name] = { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

const catName = (slug: string, lang: Lang) => {
  const c = categoryRef(slug);
  return lang === 'zh' ? c.zh : c.en;
};

function timelinessBadge(r: { dueDate: string | null; late: boolean; delayWorkingDays: number | null }, m: Messages): string {
  if (r.late) return `<span class="tag tag-late">${esc(m.lateBy(r.delayWorkingDays))}</span>`;
  if (r.dueDate) return `<span class="tag tag-ok">${esc(m.onTime)}</span>`;
  return '';
}

function recordRow(r: RecordSummary, lang: Lang, terms: readonly string[], agencyName?: AgencyName): string {
  const m = MESSAGES[lang];
  const s = renderSummary(r, agencyName);
  const typeName = lang === 'zh' ? s.type.zh : s.type.en;
  const region = s.region ? (lang === 'zh' ? (s.region.zh ?? s.region.code) : (regionName(s.region.code)?.en ?? s.region.code)) : '';
  return `<li class="result">
<h3><a href="${esc(href(`/record/${r.id}`, lang))}">${highlight(r.title, terms)}</a></h3>
<p class="meta"><span class="cat">${esc(catName(r.category, lang))}</span> · ${esc(typeName)} · ${esc(region)} · ${esc(m.formed)} ${esc(r.formedDate)} ${timelinessBadge(s.timeliness, m)}${r.corrections ? ` <span class="tag tag-corr">${esc(m.corrected(r.corrections))}</span>` : ''}${r.status === 'retracted' ? ` <span class="tag tag-ret">${esc(m.retracted)}</span>` : ''}</p>
${r.summary ? `<p class="summary">${highlight(r.summary, terms)}</p>` : ''}
${r.projectCodes.length ? `<p class="codes">${r.projectCodes.map((c) => `<a href="${esc(href(`/project/${c}`, lang))}">${highlight(c, terms)}</a>`).join(' ')}</p>` : ''}
</li>`;
}

function humanize(key: string): string {
  const s = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

type SchemaNode = { title?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; 'x-enum-labels'?: Record<string, string> };

function fieldLabel(key: string, node: SchemaNode | undefined, lang: Lang): string {
  return lang === 'zh' && node?.title ? node.title.replace(/（.*?）$/, '') : humanize(key);
}

const AMOUNT_KEY = /amount|investment|price|budget|fee|compensation|deposit/i;

function renderValue(key: string, value: unknown, node: SchemaNode | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const label = lang === 'zh' ? node?.['x-enum-labels']?.[value] : undefined;
    return esc(label ?? value);
  }
  if (typeof value === 'number') return esc(AMOUNT_KEY.test(key) ? `${fmtNumber(value, lang)} ${lang === 'zh' ? '元' : 'CNY'}` : fmtNumber(value, lang));
  if (typeof value === 'boolean') return esc(value ? MESSAGES[lang].yes : MESSAGES[lang].no);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => renderValue(key, v, node?.items, lang)).join('、');
    const cols = [...new Set(value.flatMap((v) => (v && typeof v === 'object' ? Object.keys(v) : [])))];
    const props = node?.items?.properties ?? {};
    return `<div class="scroll"><table class="sub"><thead><tr>${cols.map((c) => `<th scope="col">${esc(fieldLabel(c, props[c], lang))}</th>`).join('')}</tr></thead><tbody>${value
      .map((row) => `<tr>${cols.map((c) => `<td>${renderValue(c, (row as Record<string, unknown>)[c], props[c], lang)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table></div>`;
  }
  return valuesTable(value as Record<string, unknown>, node, lang, 'sub');
}

function valuesTable(values: Record<string, unknown>, schema: SchemaNode | undefined, lang: Lang, cls = 'values'): string {
  const props = schema?.properties ?? {};
  const rows = Object.entries(values).map(
    ([k, v]) => `<tr><th scope="row">${esc(fieldLabel(k, props[k], lang))}</th><td>${renderValue(k, v, props[k], lang)}</td></tr>`,
  );
  return `<table class="${cls}"><tbody>${rows.join('')}</tbody></table>`;
}

function searchForm(f: Partial<SearchQuery>, lang: Lang, options: { regions: string[]; agencies: Array<{ id: string; name: string }> }, heading = true): string {
  const m = MESSAGES[lang];
  const opt = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const groups = [
    [m.construction, CONSTRUCTION_CATEGORIES as readonly string[]],
    [m.allocation, ALLOCATION_CATEGORIES],
    [m.other, PUBLIC_CATEGORIES.filter((c) => !(CONSTRUCTION_CATEGORIES as readonly string[]).includes(c) && !ALLOCATION_CATEGORIES.includes(c))],
  ] as const;
  return `<form class="search" role="search" method="get" action="/search" aria-labelledby="search-heading">
${heading ? `<h2 id="search-heading">${esc(m.searchHeading)}</h2>` : `<h2 id="search-heading" class="sr-only">${esc(m.searchHeading)}</h2>`}
${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<div class="q"><label for="q">${esc(m.searchLabel)}</label><input id="q" name="q" type="search" value="${esc(f.q ?? '')}" placeholder="${esc(m.searchPlaceholder)}" maxlength="100"><button type="submit">${esc(m.searchButton)}</button></div>
<div class="filters">
<div><label for="f-category">${esc(m.category)}</label><select id="f-category" name="category">${opt('', m.allCategories, !f.category)}${groups
    .map(([label, slugs]) => `<optgroup label="${esc(label)}">${slugs.map((s) => opt(s, catName(s, lang), f.category === s)).join('')}</optgroup>`)
    .join('')}</select></div>
<div><label for="f-region">${esc(m.region)}</label><select id="f-region" name="region">${opt('', m.allRegions, !f.region)}${options.regions
    .map((r) => opt(r, (lang === 'zh' ? regionName(r)?.zh : regionName(r)?.en) ?? r, f.region === r))
    .join('')}</select></div>
<div><label for="f-agency">${esc(m.agency)}</label><select id="f-agency" name="agency">${opt('', m.allAgencies, !f.agency)}${options.agencies.map((a) => opt(a.id, a.name, f.agency === a.id)).join('')}</select></div>
<div><label for="f-from">${esc(m.formedFrom)}</label><input id="f-from" name="from" type="date" value="${esc(f.from ?? '')}"></div>
<div><label for="f-to">${esc(m.formedTo)}</label><input id="f-to" name="to" type="date" value="${esc(f.to ?? '')}"></div>
<div class="check"><input id="f-late" name="late" type="checkbox" value="1"${f.late ? ' checked' : ''}><label for="f-late">${esc(m.lateOnly)}</label></div>
</div>
</form>`;
}

export function createPortalRouter(options: PortalOptions): Router {
  const { readStore, agencyName } = options;
  const now = options.now ?? (() => new Date());
  const router = express.Router();
  const limit = options.rateLimit === false ? [] : [rateLimit(new TokenBuckets(options.rateLimit ?? {}))];
  const agencyLabel = (id: string) => {
    try {
      return agencyName?.(id) ?? id;
    } catch {
      return id;
    }
  };

  // filter choices (regions of the projects, agencies that published), per read-model checkpoint
  let choices: { checkpoint: bigint; today: string; value: { regions: string[]; agencies: Array<{ id: string; name: string }> } } | undefined;
  async function filterChoices(today: string) {
    const checkpoint = readStore.cachedCheckpoint ? readStore.cachedCheckpoint() : await readStore.checkpoint();
    if (choices && choices.checkpoint === checkpoint && choices.today === today) return choices.value;
    const regions = new Set<string>();
    const projects = await readStore.listProjects({ viewer: PUBLIC_VIEWER, today, limit: 1000 });
    for (const p of projects.items) if (p.region) regions.add(p.region);
    const allocations = await readStore.listAllocations({ viewer: PUBLIC_VIEWER, today, limit: 1000 });
    for (const a of allocations.items) if (a.region) regions.add(a.region);
    const agencies = [...new Set((await readStore.timeliness()).map((r) => r.agency))].map((id) => ({ id, name: agencyLabel(id) }));
    const value = { regions: [...regions].sort(), agencies };
    choices = { checkpoint, today, value };
    return value;
  }

  function send(res: Response, html: string, status = 200): void {
    res.status(status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'public, max-age=10');
    res.end(html);
  }

  type Handler = (req: Request, res: Response, lang: Lang, today: string) => Promise<void>;
  const route = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    const lang = langOf(req.query['lang']);
    try {
      await handler(req, res, lang, chinaToday(now()));
    } catch (err) {
      if (!(err instanceof ProblemError) || !req.accepts('html') || res.headersSent) return next(err);
      const m = MESSAGES[lang];
      const title = err.status === 404 ? m.notFound : m.badRequest;
      const errors = (err.extensions['errors'] as Array<{ parameter: string; message: string }> | undefined) ?? [];
      send(
        res,
        page({
          lang,
          title,
          path: req.path,
          query: {},
          body: `<h1>${esc(title)}</h1><p>${esc(err.message)}</p>${errors.length ? `<ul>${errors.map((e) => `<li><code>${esc(e.parameter)}</code>: ${esc(e.message)}</li>`).join('')}</ul>` : ''}<p><a href="${esc(href('/', lang))}">${esc(m.errorBack)}</a></p>`,
        }),
        err.status,
      );
    }
  };
  const queryOf = (req: Request) => req.query as Record<string, string | undefined>;

  // ------------------------------------------------------------------ assets

  router.get('/portal/assets/:name', (req, res, next) => {
    const a = ASSETS[req.params['name'] as string];
    if (!a) return next();
    res.setHeader('ETag', a.etag);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.get('if-none-match') === a.etag) return void res.status(304).end();
    res.setHeader('Content-Type', a.type);
    res.end(a.body);
  });

  // ------------------------------------------------------------------ home

  router.get(
    '/',
    ...limit,
    route(async (req, res, lang, today) => {
      parse(langQuerySchema, req.query);
      const m = MESSAGES[lang];
      const [counts, projects, rows, opts] = await Promise.all([
        readStore.categoryCounts(PUBLIC_VIEWER, today),
        readStore.listProjects({ viewer: PUBLIC_VIEWER, today, limit: 12 }),
        readStore.timeliness(),
        filterChoices(today),
      ]);
      const total = rows.reduce((a, r) => ({ onTime: a.onTime + r.onTime, late: a.late + r.late }), { onTime: 0, late: 0 });
      const tile = (slug: string) =>
        `<li><a href="${esc(href(`/category/${slug}`, lang))}"><span class="name">${esc(catName(slug, lang))}</span><span class="n">${fmtNumber(counts.get(slug) ?? 0, lang)} ${esc(m.records)}</span></a></li>`;
      const body = `
<section class="hero" aria-labelledby="search-heading">${searchForm({}, lang, opts)}</section>
<section aria-labelledby="cat-heading"><h2 id="cat-heading">${esc(m.categories)}</h2>
<h3>${esc(m.construction)}</h3><ul class="tiles">${CONSTRUCTION_CATEGORIES.map(tile).join('')}</ul>
<h3>${esc(m.allocation)}</h3><ul class="tiles">${ALLOCATION_CATEGORIES.map(tile).join('')}</ul>
<h3>${esc(m.other)}</h3><ul class="tiles">${PUBLIC_CATEGORIES.filter((c) => !(CONSTRUCTION_CATEGORIES as readonly string[]).includes(c) && !ALLOCATION_CATEGORIES.includes(c)).map(tile).join('')}</ul>
</section>
<section aria-labelledby="tl-heading" class="panel"><h2 id="tl-heading">${esc(m.timelinessHeading)}</h2>
<p class="big">${esc(m.onTimeRate)} <strong>${total.onTime + total.late ? pct(total.onTime / (total.onTime + total.late)) : '—'}</strong> <span class="muted">(${fmtNumber(total.onTime, lang)} / ${fmtNumber(total.onTime + total.late, lang)})</span></p>
<p><a href="${esc(href('/timeliness', lang))}">${esc(m.byAgency)} · ${esc(m.byCategory)} · ${esc(m.revokedHeading)} →</a></p></section>
<section aria-labelledby="pj-heading"><h2 id="pj-heading">${esc(m.recentProjects)}</h2>
<ul class="projects">${projects.items
        .map(
          (p) =>
            `<li><a href="${esc(href(`/project/${p.code}`, lang))}"><strong>${esc(p.name ?? p.code)}</strong></a><span class="muted">${esc(p.code)} · ${esc(p.region ? ((lang === 'zh' ? regionName(p.region)?.zh : regionName(p.region)?.en) ?? p.region) : '')} · ${fmtNumber(p.records, lang)} ${esc(m.records)}${p.late ? ` · <span class="tag tag-late">${esc(m.late)} ${p.late}</span>` : ''}</span></li>`,
        )
        .join('')}</ul>
${projects.next ? `<p><a href="${esc(href('/category/projects', lang))}">${esc(m.moreResults)} →</a></p>` : ''}</section>`;
      send(res, page({ lang, title: m.navHome, path: '/', query: queryOf(req), body, nav: 'home' }));
    }),
  );

  // ------------------------------------------------------------------ search and category pages

  async function resultsSection(f: SearchQuery, lang: Lang, today: string, path: string): Promise<string> {
    const m = MESSAGES[lang];
    const result = await searchRecords(readStore, f, PUBLIC_VIEWER, today);
    const params = filterParams(f);
    const terms = termsOf(f.q);
    const downloads = `<p class="downloads">${esc(m.download)}: <a href="${esc(href('/download.csv', lang, params))}" download>${esc(m.downloadCsv)}</a> · <a href="${esc(href('/download.json', lang, params))}" download>${esc(m.downloadJson)}</a></p>`;
    let more = '';
    if (result.cursor) more = `<p><a class="more" rel="next" href="${esc(href(path, lang, { ...params, category: path === '/search' ? params['category'] : undefined, limit: f.limit === 20 ? undefined : f.limit, cursor: result.cursor }))}">${esc(m.nextPage)} →</a></p>`;
    else if (result.more && f.limit < 500) more = `<p><a class="more" href="${esc(href(path, lang, { ...params, category: path === '/search' ? params['category'] : undefined, limit: Math.min(500, f.limit * 2 + 20) }))}">${esc(m.moreResults)}</a></p>`;
    return `<section aria-labelledby="results-heading" class="results"><h2 id="results-heading">${esc(m.results(result.items.length, result.more))}</h2>${downloads}
${result.items.length ? `<ol class="results">${result.items.map((r) => recordRow(r, lang, terms, agencyName)).join('')}</ol>` : `<p>${esc(m.noResults)}</p>`}${more}</section>`;
  }

  router.get(
    '/search',
    ...limit,
    route(async (req, res, lang, today) => {
      const f = parse(searchQuerySchema, req.query);
      const m = MESSAGES[lang];
      const body = `<h1>${esc(m.searchHeading)}${f.q ? `：${esc(f.q)}` : ''}</h1>${searchForm(f, lang, await filterChoices(today), false)}${await resultsSection(f, lang, today, '/search')}`;
      send(res, page({ lang, title: f.q ? `${m.searchHeading}：${f.q}` : m.searchHeading, path: '/search', query: queryOf(req), body, nav: 'search' }));
    }),
  );

  router.get(
    '/category/:slug',
    ...limit,
    route(async (req, res, lang, today) => {
      const slug = req.params['slug'] as string;
      if (!PUBLIC_CATEGORIES.includes(slug)) throw new ProblemError('not-found', `No category ${slug}`);
      const f = parse(searchQuerySchema, req.query);
      if (f.category && f.category !== slug) throw new ProblemError('bad-request', 'Invalid query parameters', { errors: [{ parameter: 'category', message: 'the page names the category' }] });
      f.category = slug;
      const m = MESSAGES[lang];
      let extra = '';
      const kind = Object.entries(ALLOCATION_KINDS).find(([, k]) => k.category === slug)?.[0];
      if (kind && !f.cursor) {
        const list = await readStore.listAllocations({ viewer: PUBLIC_VIEWER, today, kind, limit: 50, ...(f.region ? { region: f.region } : {}) });
        if (list.items.length) {
          extra = `<section aria-labelledby="alloc-heading"><h2 id="alloc-heading">${esc(m.allocationProcesses)}</h2><ul class="projects">${list.items
            .map((a) => `<li><a href="${esc(href(`/allocation/${a.streamId}`, lang))}"><strong>${esc(a.title)}</strong></a><span class="muted">${esc(a.region ? ((lang === 'zh' ? regionName(a.region)?.zh : regionName(a.region)?.en) ?? a.region) : '')} · ${esc(fmtDate(a.lastRecordedAt))}</span></li>`)
            .join('')}</ul></section>`;
        }
      }
      if (slug === 'projects' && !f.cursor) {
        const list = await readStore.listProjects({ viewer: PUBLIC_VIEWER, today, limit: 200, ...(f.region ? { region: f.region } : {}), ...(f.q ? { q: f.q } : {}) });
        extra = `<section aria-labelledby="pj-heading"><h2 id="pj-heading">${esc(m.recentProjects)}</h2><ul class="projects">${list.items
          .map((p) => `<li><a href="${esc(href(`/project/${p.code}`, lang))}"><strong>${esc(p.name ?? p.code)}</strong></a><span class="muted">${esc(p.code)} · ${fmtNumber(p.records, lang)} ${esc(m.records)}${p.late ? ` · <span class="tag tag-late">${esc(m.late)} ${p.late}</span>` : ''}</span></li>`)
          .join('')}</ul></section>`;
      }
      const description = (CATEGORIES as Record<string, { zh: string; en: string; description?: { zh?: string; en?: string } }>)[slug];
      const body = `<nav class="crumbs" aria-label="${lang === 'zh' ? '当前位置' : 'Breadcrumb'}"><a href="${esc(href('/', lang))}">${esc(m.navHome)}</a> › ${esc(m.categories)}</nav>
<h1>${esc(catName(slug, lang))}</h1>${lang === 'zh' ? `<p class="muted" lang="en">${esc(description?.en ?? '')}</p>` : `<p class="muted" lang="zh-CN">${esc(description?.zh ?? '')}</p>`}
${searchForm(f, lang, await filterChoices(today), false)}${extra}${await resultsSection(f, lang, today, `/category/${slug}`)}`;
      send(res, page({ lang, title: catName(slug, lang), path: `/category/${slug}`, query: queryOf(req), body, nav: 'search' }));
    }),
  );

  // ------------------------------------------------------------------ downloads

  const COLUMNS = (lang: Lang) => {
    const zh = lang === 'zh';
    return [
      { header: zh ? '记录编号' : 'record id', value: (r: RecordSummary) => r.id },
      { header: zh ? '类别' : 'category', value: (r: RecordSummary) => catName(r.category, lang) },
      { header: zh ? '事项' : 'item', value: (r: RecordSummary) => (zh ? getEntry(r.types[0] ?? '')?.title.zh : getEntry(r.types[0] ?? '')?.title.en) ?? r.types[0] },
      { header: zh ? '标题' : 'title', value: (r: RecordSummary) => r.title },
      { header: zh ? '摘要' : 'summary', value: (r: RecordSummary) => r.summary },
      { header: zh ? '发布机关' : 'agency', value: (r: RecordSummary) => agencyLabel(r.agency) },
      { header: zh ? '地区代码' : 'region code', value: (r: RecordSummary) => r.region },
      { header: zh ? '地区' : 'region', value: (r: RecordSummary) => (r.region ? (zh ? regionName(r.region)?.zh : regionName(r.region)?.en) : '') },
      { header: zh ? '项目代码' : 'project codes', value: (r: RecordSummary) => r.projectCodes.join(' ') },
      { header: zh ? '形成日期' : 'formed date', value: (r: RecordSummary) => r.formedDate },
      { header: zh ? '首次公开时间' : 'first published', value: (r: RecordSummary) => r.firstRecordedAt },
      { header: zh ? '公开期限' : 'due date', value: (r: RecordSummary) => r.dueDate },
      { header: zh ? '是否逾期' : 'late', value: (r: RecordSummary) => (r.late ? (zh ? '是' : 'yes') : zh ? '否' : 'no') },
      { header: zh ? '逾期工作日' : 'working days late', value: (r: RecordSummary) => r.delayWorkingDays },
      { header: zh ? '版本数' : 'versions', value: (r: RecordSummary) => r.versionCount },
      { header: zh ? '更正次数' : 'corrections', value: (r: RecordSummary) => r.corrections },
      { header: zh ? '状态' : 'status', value: (r: RecordSummary) => (r.status === 'retracted' ? (zh ? '已撤回' : 'retracted') : zh ? '有效' : 'current') },
      { header: zh ? '链接' : 'link', value: (r: RecordSummary) => `/record/${r.id}` },
    ];
  };

  async function stream(res: Response, chunks: AsyncIterable<string>): Promise<void> {
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await new Promise<void>((r) => res.once('drain', () => r()));
    }
    res.end();
  }

  router.get('/download.csv', ...limit, async (req, res) => {
    const f = parse(searchQuerySchema.omit({ limit: true, cursor: true }), req.query) as SearchQuery;
    const lang = langOf(f.lang);
    const today = chinaToday(now());
    res.setHeader('Content-Type', CSV_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="gongkai-${f.category || 'records'}-${today}.csv"`);
    res.setHeader('Cache-Control', 'public, max-age=10');
    await stream(res, csvChunks(COLUMNS(lang), allRecords(readStore, f, PUBLIC_VIEWER, today)));
  });

  router.get('/download.json', ...limit, async (req, res) => {
    const f = parse(searchQuerySchema.omit({ limit: true, cursor: true }), req.query) as SearchQuery;
    const today = chinaToday(now());
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="gongkai-${f.category || 'records'}-${today}.json"`);
    res.setHeader('Cache-Control', 'public, max-age=10');
    async function* json(): AsyncGenerator<string> {
      yield `{"asOf":{"date":${JSON.stringify(today)}},"filter":${JSON.stringify(filterParams(f))},"items":[`;
      let first = true;
      for await (const r of allRecords(readStore, f, PUBLIC_VIEWER, today)) {
        yield (first ? '\n' : ',\n') + JSON.stringify(renderSummary(r, agencyName));
        first = false;
      }
      yield '\n]}\n';
    }
    await stream(res, json());
  });

  // ------------------------------------------------------------------ project

  router.get(
    '/project/:code',
    ...limit,
    route(async (req, res, lang, today) => {
      parse(tabsQuerySchema, req.query);
      const code = req.params['code'] as string;
      const m = MESSAGES[lang];
      const project = isProjectCode(code) ? await readStore.getProject(code) : undefined;
      const records = project ? await readStore.recordsOfProject(code, PUBLIC_VIEWER, today) : [];
      if (!project || records.length === 0) throw new ProblemError('not-found', `No public project ${code}`);
      const timeline = renderTimeline(records, PUBLIC_VIEWER);
      const registration = project.registrationRecordId ? records.find((r) => r.id === project.registrationRecordId) : undefined;
      const reg = registration ? renderDetail(registration, PUBLIC_VIEWER, agencyName) : undefined;
      const lateN = timeline.filter((e) => eventClass(e) === 'late').length;
      const corrN = timeline.filter((e) => e.kind === 'correction').length;
      const regionLabel = project.region ? ((lang === 'zh' ? regionName(project.region)?.zh : regionName(project.region)?.en) ?? project.region) : '';
      const present = new Set(records.map((r) => r.category));
      const tabs = [...CONSTRUCTION_CATEGORIES, ...PUBLIC_CATEGORIES.filter((c) => !(CONSTRUCTION_CATEGORIES as readonly string[]).includes(c) && present.has(c))];
      const firstWith = tabs.find((t) => present.has(t)) ?? tabs[0]!;
      const tabList = tabs
        .map((slug) => {
          const n = records.filter((r) => r.category === slug).length;
          return `<li><a href="#tab-${slug}" id="tabbtn-${slug}" data-tab="${slug}"${slug === firstWith ? ' aria-current="true"' : ''}>${esc(catName(slug, lang))} <span class="count">${n}</span></a></li>`;
        })
        .join('');
      const panels = tabs
        .map((slug) => {
          const rs = records.filter((r) => r.category === slug);
          const content = rs.length
            ? `<ol class="results">${rs.map((r) => recordRow(r, lang, [], agencyName)).join('')}</ol>`
            : `<p class="muted">${esc(m.noRecordsInCategory)}</p>`;
          return `<section id="tab-${slug}" class="tabpanel" aria-labelledby="tabbtn-${slug}"><h3>${esc(catName(slug, lang))}</h3>${content}</section>`;
        })
        .join('');
      const regValues = reg?.values ? valuesTable(reg.values as Record<string, unknown>, entryJsonSchema(getEntry('ProjectRegistered')!) as SchemaNode, lang) : '';
      const body = `<nav class="crumbs" aria-label="${lang === 'zh' ? '当前位置' : 'Breadcrumb'}"><a href="${esc(href('/', lang))}">${esc(m.navHome)}</a> › <a href="${esc(href('/category/projects', lang))}">${esc(m.recentProjects)}</a></nav>
<h1>${esc(project.name ?? code)}</h1>
<p class="meta">${esc(m.projectCode)} <code>${esc(code)}</code> · ${esc(regionLabel)} · ${fmtNumber(records.length, lang)} ${esc(m.records)}${lateN ? ` · <span class="tag tag-late">${esc(m.late)} ${lateN}</span>` : ''}${corrN ? ` · <span class="tag tag-corr">${esc(m.legendCorrection)} ${corrN}</span>` : ''}</p>
<section aria-labelledby="timeline-title" class="panel"><h2 id="timeline-title">${esc(m.timeline)}</h2><p id="timeline-desc" class="muted">${esc(m.timelineDesc(timeline.length, lateN, corrN))}</p>
<div class="scroll">${timelineSvg(timeline, lang, PUBLIC_CATEGORIES)}</div></section>
${regValues ? `<details class="panel"><summary><h2>${esc(m.registration)}</h2></summary>${regValues}<p><a href="${esc(href(`/record/${reg!.id}`, lang))}">${esc(m.history)} · ${esc(m.verify)} →</a></p></details>` : ''}
<section class="tabs" aria-label="${esc(m.tabsLabel)}" data-tabs><ul class="tablist">${tabList}</ul>${panels}</section>`;
      send(res, page({ lang, title: project.name ?? code, path: `/project/${code}`, query: queryOf(req), body }));
    }),
  );

  // ------------------------------------------------------------------ allocation process

  router.get(
    '/allocation/:id',
    ...limit,
    route(async (req, res, lang, today) => {
      parse(langQuerySchema, req.query);
      const id = req.params['id'] as string;
      const m = MESSAGES[lang];
      const allocation = ALLOCATION_ID.test(id) ? await readStore.getAllocation(id) : undefined;
      const records = allocation ? await readStore.recordsOfStream(id, PUBLIC_VIEWER, today) : [];
      if (!allocation || records.length === 0) throw new ProblemError('not-found', `No public allocation process ${id}`);
      const summary = renderAllocationSummary(allocation);
      const stages = renderStages(allocation, records);
      const body = `<nav class="crumbs" aria-label="${lang === 'zh' ? '当前位置' : 'Breadcrumb'}"><a href="${esc(href('/', lang))}">${esc(m.navHome)}</a> › <a href="${esc(href(`/category/${allocation.category}`, lang))}">${esc(catName(allocation.category, lang))}</a></nav>
<h1>${esc(allocation.title)}</h1>
<p class="meta">${esc(lang === 'zh' ? summary.kind.zh : summary.kind.en)} · <code>${esc(id)}</code></p>
<section aria-labelledby="stages-heading" class="panel"><h2 id="stages-heading">${esc(m.allocationStages)}</h2><ol class="stages">${stages
        .map(
          (s) =>
            `<li class="stage stage-${s.status}"><strong>${esc(lang === 'zh' ? s.title.zh : s.title.en)}</strong> ${s.date ? `<span class="muted">${esc(s.date)}</span>` : `<span class="muted">${esc(m.pending)}</span>`} ${s.records
              .map((r) => `<a href="${esc(href(`/record/${r.id}`, lang))}">${esc(r.formedDate)}</a>${r.late ? ` <span class="tag tag-late">${esc(m.late)}</span>` : ''}`)
              .join(' ')}</li>`,
        )
        .join('')}</ol></section>
<section aria-labelledby="rec-heading"><h2 id="rec-heading">${esc(m.categories)}</h2><ol class="results">${records.map((r) => recordRow(r, lang, [], agencyName)).join('')}</ol></section>`;
      send(res, page({ lang, title: allocation.title, path: `/allocation/${id}`, query: queryOf(req), body }));
    }),
  );

  // ------------------------------------------------------------------ record

  router.get(
    '/record/:id',
    ...limit,
    route(async (req, res, lang, today) => {
      parse(langQuerySchema, req.query);
      const id = req.params['id'] as string;
      const m = MESSAGES[lang];
      const record = RECORD_ID.test(id) ? await readStore.getRecord(id, PUBLIC_VIEWER, today) : undefined;
      if (!record) throw new ProblemError('not-found', `No public record ${id}`);
      const d = renderDetail(record, PUBLIC_VIEWER, agencyName);
      const entry = getEntry(record.types[0] ?? '');
      const schema = entry ? (entryJsonSchema(entry) as SchemaNode) : undefined;
      const regionLabel = d.region ? ((lang === 'zh' ? d.region.zh : regionName(d.region.code)?.en) ?? d.region.code) : '';
      const kindName = (k: string) => ({ original: m.kindOriginal, update: m.kindUpdate, correction: m.kindCorrection, retraction: m.kindRetraction })[k] ?? k;
      const trail = d.trail
        .map((t) => {
          const changes = t.changes?.length
            ? `<ul class="changes">${t.changes
                .map((c) => `<li><code>${esc(c.path)}</code>${c.before !== undefined ? ` <del>${esc(typeof c.before === 'object' ? JSON.stringify(c.before) : c.before)}</del>` : ''}${c.after !== undefined ? ` → <ins>${esc(typeof c.after === 'object' ? JSON.stringify(c.after) : c.after)}</ins>` : ''}</li>`)
                .join('')}</ul>`
            : '';
          return `<li class="version kind-${esc(t.kind)}" data-event-id="${esc(t.eventId)}">
<p><strong>${esc(kindName(t.kind))}</strong> · ${esc(lang === 'zh' ? t.type.zh : t.type.en)} · ${esc(m.recordedAt)} ${esc(fmtDate(t.recordedAt))}${t.formedDate ? ` · ${esc(m.formed)} ${esc(t.formedDate)}` : ''} ${t.timeliness ? timelinessBadge({ dueDate: t.timeliness.dueDate, late: t.timeliness.late, delayWorkingDays: t.timeliness.delayWorkingDays ?? null }, m) : ''}${t.withheld ? ` <span class="tag tag-ret">${esc(m.withheld)}</span>` : ''}</p>
${t.kind === 'original' ? '' : changes}
<p class="hash"><span>${esc(m.eventHash)}</span> <code>${esc(t.hash)}</code> <span class="check" data-check-for="${esc(t.eventId)}"></span></p>
</li>`;
        })
        .join('');
      const redactions = d.redactions.length
        ? `<p class="muted">${esc(m.redacted)}: ${d.redactions.map((x) => `<code>${esc(x.path)}</code> (${esc(x.treatment === 'masked' ? m.redactedMasked : m.redactedOmitted)})`).join('、')}</p>`
        : '';
      const links = [
        ...d.projectCodes.map((c) => `<a href="${esc(href(`/project/${c}`, lang))}">${esc(m.project)} ${esc(c)}</a>`),
        ...(record.streamId.startsWith('allocation-') ? [`<a href="${esc(href(`/allocation/${record.streamId}`, lang))}">${esc(m.allocationStages)}</a>`] : []),
        `<a href="${esc(href(`/category/${record.category}`, lang))}">${esc(catName(record.category, lang))}</a>`,
        `<a href="/v1/public/records/${esc(id)}">JSON</a>`,
      ];
      const body = `<nav class="crumbs" aria-label="${lang === 'zh' ? '当前位置' : 'Breadcrumb'}"><a href="${esc(href('/', lang))}">${esc(m.navHome)}</a> › <a href="${esc(href(`/category/${record.category}`, lang))}">${esc(catName(record.category, lang))}</a></nav>
<h1>${esc(d.title)}</h1>
<p class="meta">${esc(lang === 'zh' ? d.type.zh : d.type.en)} · ${esc(regionLabel)} · ${esc(m.agencyCol)} ${esc(d.agency.name ?? d.agency.id)} · ${esc(m.formed)} ${esc(d.formedDate)} · ${esc(m.published)} ${esc(fmtDate(d.firstRecordedAt))}${d.timeliness.dueDate ? ` · ${esc(m.due)} ${esc(d.timeliness.dueDate)}` : ''} ${timelinessBadge(d.timeliness, m)}${d.status === 'retracted' ? ` <span class="tag tag-ret">${esc(m.retracted)}</span>` : ''}</p>
<p class="links">${links.join(' · ')}</p>
<aside class="verify panel" aria-labelledby="verify-heading" data-record-id="${esc(id)}" data-lang="${lang}">
<h2 id="verify-heading">${esc(m.verifyTitle)}</h2>
<p class="muted">${esc(m.verifyIntro)}</p>
<p><span class="badge badge-idle" id="verify-badge" role="status" aria-live="polite">${esc(m.verifyIdle)}</span> <button type="button" id="verify-run" hidden>${esc(m.verifyRun)}</button></p>
<noscript><p>${esc(m.verifyNoScript)}</p></noscript>
<ul id="verify-steps" class="steps"></ul>
</aside>
<section aria-labelledby="values-heading"><h2 id="values-heading">${esc(m.values)}</h2>
${d.values ? valuesTable(d.values as Record<string, unknown>, schema, lang) : `<p class="muted">${esc(m.retracted)}</p>`}${redactions}</section>
<section aria-labelledby="history-heading"><h2 id="history-heading">${esc(m.history)} <span class="muted">(${esc(m.versions(d.trail.length))})</span></h2><ol class="trail">${trail}</ol></section>`;
      send(res, page({ lang, title: d.title, path: `/record/${id}`, query: queryOf(req), body, scripts: ['verify-badge.js'] }));
    }),
  );

  // ------------------------------------------------------------------ timeliness and revoked documents

  router.get(
    '/timeliness',
    ...limit,
    route(async (req, res, lang, today) => {
      parse(langQuerySchema, req.query);
      const m = MESSAGES[lang];
      const rows = await readStore.timeliness();
      const sum = (rs: readonly TimelinessRow[]) => {
        const { onTime, late, total, delays } = sumTimeliness(rs);
        return { onTime, late, total, median: medianOf(delays) };
      };
      const groupBy = (key: (r: TimelinessRow) => string) => {
        const g = new Map<string, TimelinessRow[]>();
        for (const r of rows) g.set(key(r), [...(g.get(key(r)) ?? []), r]);
        return [...g.entries()].map(([k, rs]) => ({ key: k, ...sum(rs) })).sort((a, b) => (a.total ? a.onTime / a.total : 0) - (b.total ? b.onTime / b.total : 0) || b.total - a.total);
      };
      const byAgency = groupBy((r) => r.agency);
      const byCategory = groupBy((r) => r.category);
      const total = sum(rows);
      const table = (gs: typeof byAgency, label: (k: string) => string, link: (k: string) => string, head: string) =>
        `<div class="scroll"><table class="data"><caption class="sr-only">${esc(head)}</caption><thead><tr><th scope="col">${esc(head)}</th><th scope="col">${esc(m.total)}</th><th scope="col">${esc(m.onTime)}</th><th scope="col">${esc(m.late)}</th><th scope="col">${esc(m.onTimeRate)}</th><th scope="col">${esc(m.medianDelay)}</th></tr></thead><tbody>${gs
          .map((g) => `<tr><th scope="row"><a href="${esc(link(g.key))}">${esc(label(g.key))}</a></th><td>${g.total}</td><td>${g.onTime}</td><td>${g.late}</td><td>${g.total ? pct(g.onTime / g.total) : '—'}</td><td>${g.median ?? '—'}</td></tr>`)
          .join('')}</tbody></table></div>`;
      const bars = (gs: typeof byAgency, label: (k: string) => string): BarRow[] => gs.map((g) => ({ label: label(g.key), onTime: g.onTime, late: g.late, total: g.total }));
      const catLabel = (k: string) => catName(k, lang);
      const lateLink = (params: Record<string, string>) => href('/search', lang, { ...params, late: '1' });
      // revoked documents (失效文件清单)
      const docs = await readStore.listRecords({ category: 'documents', viewer: PUBLIC_VIEWER, today, sort: '-formedDate', limit: 200 });
      const revoked = [];
      for (const s of docs.items) {
        const r = await readStore.getRecord(s.id, PUBLIC_VIEWER, today);
        if (r && r.types[0] === 'DocumentRevoked') revoked.push(renderRevoked(r, PUBLIC_VIEWER));
      }
      const revokedTable = revoked.length
        ? `<div class="scroll"><table class="data" id="revoked"><thead><tr><th scope="col">${esc(m.documentTitle)}</th><th scope="col">${esc(m.documentNumber)}</th><th scope="col">${esc(m.issuingAuthority)}</th><th scope="col">${esc(m.validity)}</th><th scope="col">${esc(m.effectiveDate)}</th><th scope="col">${esc(m.reason)}</th></tr></thead><tbody>${revoked
            .map(
              (x) =>
                `<tr><th scope="row"><a href="${esc(href(`/record/${x.recordId}`, lang))}">${esc(x.documentTitle ?? '')}</a></th><td>${esc(x.documentNumber ?? '')}</td><td>${esc(x.issuingAuthority ?? '')}</td><td>${esc(lang === 'zh' ? (x.validity ?? '') : (x.action?.value ?? ''))}</td><td>${esc(x.effectiveDate ?? '')}</td><td>${esc(lang === 'zh' ? (x.reason?.zh ?? '') : (x.reason?.value ?? '').replace(/-/g, ' '))}</td></tr>`,
            )
            .join('')}</tbody></table></div>`
        : `<p>${esc(m.revokedNone)}</p>`;
      const body = `<h1>${esc(m.timelinessHeading)}</h1><p class="muted">${esc(m.timelinessIntro)}</p>
<p class="big">${esc(m.onTimeRate)} <strong>${total.total ? pct(total.onTime / total.total) : '—'}</strong> <span class="muted">(${esc(m.onTime)} ${fmtNumber(total.onTime, lang)} / ${esc(m.total)} ${fmtNumber(total.total, lang)} · <a href="${esc(lateLink({}))}">${esc(m.late)} ${fmtNumber(total.late, lang)}</a>)</span></p>
<section aria-labelledby="by-agency" class="panel"><h2 id="by-agency">${esc(m.byAgency)}</h2>${rateBarsSvg(bars(byAgency, agencyLabel), lang, `${m.onTimeRate} · ${m.byAgency}`)}${table(byAgency, agencyLabel, (k) => lateLink({ agency: k }), m.agencyCol)}</section>
<section aria-labelledby="by-category" class="panel"><h2 id="by-category">${esc(m.byCategory)}</h2>${rateBarsSvg(bars(byCategory, catLabel), lang, `${m.onTimeRate} · ${m.byCategory}`)}${table(byCategory, catLabel, (k) => (PUBLIC_CATEGORIES.includes(k) ? lateLink({ category: k }) : href('/timeliness', lang)), m.category)}</section>
<section aria-labelledby="revoked-heading" class="panel"><h2 id="revoked-heading">${esc(m.revokedHeading)}</h2>${revokedTable}</section>`;
      send(res, page({ lang, title: m.timelinessHeading, path: '/timeliness', query: queryOf(req), body, nav: 'timeliness' }));
    }),
  );

  return router;
}
