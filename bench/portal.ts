// Portal page cost: the all-in-one host with the Suzhou demo (36 projects by default), each page
// requested N times sequentially over HTTP on loopback (server-rendered, no response cache in the
// portal, no rate limit), printing bytes, median and p95 latency; beside it the public API's JSON for the same
// data as the ceiling (served from its response cache after the first request).
//   npx tsx bench/portal.ts [requests per page = 50] [projects = 36]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createHttpApp, createLogger, createMetrics } from '@gongkai/platform';
import { createPublicRouter } from '@gongkai/public-api';
import { createPortalRouter } from '@gongkai/portal';
import { startHost } from '../services/gongkai/src/host.ts';
import { loadDemo } from '../services/gongkai/src/demo.ts';

const N = Number(process.argv[2] ?? 50);
const PROJECTS = Number(process.argv[3] ?? 36);
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-portal-'));
process.env['GONGKAI_NOTARY_INTERVAL_MS'] ??= '600000';
const host = await startHost({ dataDir, port: 0, logger: createLogger({ silent: true }) });
try {
  const loaded = await loadDemo(host.appendService, { projects: PROJECTS });
  await host.projector.waitFor(await host.store.headPosition(), 120_000);
  await host.notary.checkpointNow();
  // the same routers as the host, over the host's read store, without the per-IP rate limit
  const readStore = host.projector.readStore;
  const app = createHttpApp({
    logger: createLogger({ silent: true }),
    metrics: createMetrics(),
    routers: [createPublicRouter({ readStore, rateLimit: false }), createPortalRouter({ readStore })],
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const get = async (path: string) => {
    const res = await fetch(url + path);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return body.length;
  };
  const projects = (await (await fetch(`${host.url}/v1/public/projects?limit=100`)).json()) as { items: Array<{ projectCode: string; records: number }> };
  const big = projects.items.reduce((a, b) => (b.records > a.records ? b : a));
  const rec = ((await (await fetch(`${host.url}/v1/public/projects/${big.projectCode}`)).json()) as { project: { categories: Array<{ records: Array<{ id: string }> }> } }).project.categories.flatMap((c) => c.records)[0]!.id;
  const pages: Array<[string, string, string?]> = [
    ['home', '/', '/v1/public/categories'],
    ['search (all categories, q=工程)', `/search?q=${encodeURIComponent('工程')}`],
    ['search (late only, 100 results)', '/search?late=1&limit=100'],
    ['category page', '/category/tendering', '/v1/public/categories/tendering/records'],
    [`project (${big.records} records)`, `/project/${big.projectCode}`, `/v1/public/projects/${big.projectCode}`],
    ['record', `/record/${rec}`, `/v1/public/records/${rec}`],
    ['timeliness + revoked', '/timeliness', '/v1/public/timeliness'],
    ['download.csv (all records)', '/download.csv'],
    ['download.json (all records)', '/download.json'],
  ];
  const time = async (path: string) => {
    await get(path);
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint();
      bytes = await get(path);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    return { bytes, p50: ms[Math.floor(N / 2)]!, p95: ms[Math.min(N - 1, Math.floor(N * 0.95))]! };
  };
  console.log(`demo: ${PROJECTS} projects, ${loaded.events} events; ${N} sequential requests per page`);
  console.log('| page | bytes | p50 ms | p95 ms | public API JSON p50 ms (ceiling) |');
  console.log('|---|---|---|---|---|');
  for (const [name, path, api] of pages) {
    const r = await time(path);
    const c = api ? await time(api) : undefined;
    console.log(`| ${name} | ${r.bytes.toLocaleString('en-US')} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${c ? c.p50.toFixed(1) : '—'} |`);
  }
  server.closeAllConnections();
  server.close();
} finally {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
}
