// HTML building blocks: escaping, links that keep the language, highlights and the page layout.
import { MESSAGES, type Lang } from './i18n.ts';

export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A link to a portal path with query parameters (empty ones left out) and the language kept. */
export function href(path: string, lang: Lang, params: Record<string, string | number | boolean | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  if (lang === 'en') q.set('lang', 'en');
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The search terms of a query: whitespace-separated, longest first (so overlapping terms mark the longer). */
export function termsOf(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(q.trim().split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length);
}

/** Escapes text and wraps every case-insensitive occurrence of a term in <mark>. */
export function highlight(text: string, terms: readonly string[]): string {
  if (terms.length === 0 || !text) return esc(text);
  const lower = text.toLowerCase();
  const marks: Array<[number, number]> = [];
  for (const t of terms) {
    const lt = t.toLowerCase();
    for (let i = lower.indexOf(lt); i !== -1; i = lower.indexOf(lt, i + lt.length)) {
      if (!marks.some(([s, e]) => i < e && i + lt.length > s)) marks.push([i, i + lt.length]);
    }
  }
  if (marks.length === 0) return esc(text);
  marks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of marks) {
    out += esc(text.slice(at, s)) + '<mark>' + esc(text.slice(s, e)) + '</mark>';
    at = e;
  }
  return out + esc(text.slice(at));
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  // instants shown in China time
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function fmtNumber(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

export function pct(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** the current URL's path and query (for the language switch) */
  path: string;
  query: Record<string, string | undefined>;
  body: string;
  /** scripts to load from /portal/assets (deferred) */
  scripts?: string[];
  nav?: 'home' | 'search' | 'timeliness';
}

export function page(o: PageOptions): string {
  const m = MESSAGES[o.lang];
  const other: Lang = o.lang === 'zh' ? 'en' : 'zh';
  const { lang: _lang, ...rest } = o.query;
  const switchHref = href(o.path, other, rest);
  const navItem = (key: PageOptions['nav'], url: string, label: string) =>
    `<li><a href="${esc(url)}"${o.nav === key ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`;
  const scripts = ['portal.js', ...(o.scripts ?? [])].map((s) => `<script type="module" src="/portal/assets/${s}"></script>`).join('');
  return `<!doctype html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · ${esc(m.siteName)}</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
<link rel="icon" href="/portal/assets/icon.svg" type="image/svg+xml">
${scripts}
</head>
<body>
<a class="skip" href="#main">${esc(m.skip)}</a>
<header class="site">
<div class="wrap bar">
<a class="brand" href="${esc(href('/', o.lang))}"><span class="seal" aria-hidden="true">公</span><span><strong>${esc(m.siteName)}</strong><small>${esc(m.siteSub)}</small></span></a>
<nav aria-label="${o.lang === 'zh' ? '主导航' : 'Main'}"><ul>
${navItem('home', href('/', o.lang), m.navHome)}
${navItem('search', href('/search', o.lang), m.navSearch)}
${navItem('timeliness', href('/timeliness', o.lang), m.navTimeliness)}
<li><a href="/docs">${esc(m.navApi)}</a></li>
<li><a class="lang" href="${esc(switchHref)}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" aria-label="${esc(m.otherLangLabel)}">${esc(m.otherLang)}</a></li>
</ul></nav>
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site"><div class="wrap"><p>${esc(m.footer)}</p></div></footer>
</body>
</html>
`;
}
