// Leak crawl: load the worked example and our own known personal values (every personal-data kind,
// corrected persons, request-only fields) into the real all-in-one host, then crawl every public
// page generically — the routes the OpenAPI document lists, the portal and everything linked from
// any page or JSON response (so exports and pages other services add are covered once they link
// or document them), searches for each value — and read the logs and every data file. No clear
// value appears anywhere; in the ledger file only declared personal paths are protected
// (encrypted), so a value quoted in undeclared free text is exempt there and only there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { clearValues, distinctiveStrings, examplePosts, folderBytes, knownPersonalPosts, postAll, settle, type ClearValue, type Post } from './support.ts';

let t: TestHost;
let posts: Post[];
let all: ClearValue[];
const pages = new Map<string, { status: number; contentType: string; text: string }>();
const NOT_PUBLIC = /^\/(v1\/audit|v1\/streams|v1\/events|v1\/requests\/admin|admin)(\/|$|\?)/;
const MAX_PAGES = 4000;

function sameOriginPath(raw: string, base: string): string | undefined {
  try {
    const u = new URL(raw, t.url + base);
    if (u.origin !== t.url) return undefined;
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}

function linksIn(text: string, contentType: string, base: string): string[] {
  const out: string[] = [];
  if (contentType.includes('json')) {
    const walk = (v: unknown) => {
      if (typeof v === 'string') {
        if (/^\/[^\s]*$/.test(v) || v.startsWith(t.url)) out.push(v);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    try {
      walk(JSON.parse(text));
    } catch {
      /* NDJSON or not JSON */
    }
  }
  if (contentType.includes('html')) for (const m of text.matchAll(/(?:href|src|action)="([^"#]+)"/g)) out.push(m[1]!.replace(/&amp;/g, '&'));
  return out.map((l) => sameOriginPath(l, base)).filter((p): p is string => p !== undefined && !NOT_PUBLIC.test(p));
}

async function crawl(seeds: string[]): Promise<void> {
  const queue = [...seeds];
  while (queue.length && pages.size < MAX_PAGES) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    const res = await fetch(t.url + path);
    const contentType = res.headers.get('content-type') ?? '';
    const text = contentType.startsWith('image/') ? '' : await res.text();
    pages.set(path, { status: res.status, contentType, text: text + '\n' + [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n') });
    expect(res.status, `${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
    for (const l of linksIn(text, contentType, path)) if (!pages.has(l)) queue.push(l);
  }
}

beforeAll(async () => {
  t = await startTestHost({ publicRateLimit: false });
  const key = t.agency('all');
  posts = [...examplePosts(), ...knownPersonalPosts()];
  await postAll(t, key, posts);
  await settle(t);
  await t.host.notary.checkpointNow();
  all = clearValues(posts);
}, 60_000);
afterAll(() => t?.stop());

describe('no personal value leaks', () => {
  it('crawls every public route, page, export and search, and finds none of the known values', async () => {
    const doc = JSON.parse(await (await fetch(t.url + '/openapi.json')).text()) as { paths: Record<string, Record<string, unknown>> };
    const seeds = ['/', '/openapi.json', '/docs', '/v1/catalog', '/healthz', '/readyz', '/metrics', '/v1/proofs/checkpoint', '/v1/proofs/checkpoints'];
    for (const [p, ops] of Object.entries(doc.paths)) if (ops['get'] && !p.includes('{') && !NOT_PUBLIC.test(p)) seeds.push(p);
    const strings = distinctiveStrings(all);
    // searches for the values themselves, in every category and in projects
    const cats = JSON.parse(await (await fetch(t.url + '/v1/public/categories')).text()) as { categories: Array<{ links: { records: string } }> };
    for (const v of strings.filter((s) => [...s].length <= 40)) {
      seeds.push(`/v1/public/projects?q=${encodeURIComponent(v)}`);
      for (const c of cats.categories) seeds.push(`${c.links.records}?q=${encodeURIComponent(v)}`);
    }
    await crawl(seeds);
    // eslint-disable-next-line no-console
    console.log(`leak crawl reached ${pages.size} pages`);
    expect(pages.size).toBeGreaterThan(150);
    // the crawl reached records of every kind that carries personal data (masked forms are there)
    const everything = [...pages.values()].map((p) => p.text).join('\n');
    for (const masked of ['欧**明', '司**华', '慕*雪', '上**儿', '320***********1234']) expect(everything, masked).toContain(masked);

    const numbers = [...new Set(all.map((c) => c.value).filter((v): v is number => typeof v === 'number' && (!Number.isInteger(v) || Math.abs(v) >= 10_000)))];
    const leaks: string[] = [];
    for (const [path, page] of pages) {
      // the catalog documents its own fictional worked example; our own values must not be there either
      const docsOfExample = path.startsWith('/v1/catalog');
      const own = docsOfExample ? distinctiveStrings(clearValues(knownPersonalPosts())) : strings;
      for (const v of own) if (page.text.includes(v)) leaks.push(`${path}: ${v}`);
      if (!docsOfExample && page.contentType.includes('json')) {
        const found = new Set<number>();
        const walk = (x: unknown) => {
          if (typeof x === 'number') found.add(x);
          else if (Array.isArray(x)) x.forEach(walk);
          else if (x && typeof x === 'object') Object.values(x).forEach(walk);
        };
        try {
          walk(JSON.parse(page.text.slice(0, page.text.lastIndexOf('\n'))));
        } catch {
          /* not JSON */
        }
        for (const n of numbers) if (found.has(n)) leaks.push(`${path}: amount ${n}`);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`leak crawl: ${pages.size} public pages, ${strings.length} personal strings and ${numbers.length} personal amounts checked, ${leaks.length} leaked`);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('writes none of them to the logs', () => {
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    const leaks = distinctiveStrings(all).filter((v) => logs.includes(v) || logs.includes(JSON.stringify(v).slice(1, -1)));
    expect(leaks).toEqual([]);
  });

  it('stores none of them in clear in any data file (ledger: declared paths are encrypted)', async () => {
    const undeclared = JSON.stringify((await t.host.store.readAll()).map((e) => e.payload));
    const files = folderBytes(t.dataDir, (n) => !n.startsWith('ledger.db'));
    const ledger = folderBytes(t.dataDir, (n) => n.startsWith('ledger.db'));
    const strings = distinctiveStrings(all.filter((c) => c.kind !== 'narrower-audience'));
    expect(strings.filter((v) => files.includes(Buffer.from(v)))).toEqual([]);
    expect(strings.filter((v) => ledger.includes(Buffer.from(v)) && !undeclared.includes(v))).toEqual([]);
  });
});
