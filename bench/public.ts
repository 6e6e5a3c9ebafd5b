// Public API throughput: requests/s, p50 and p99 for a category page and a project page with 64
// concurrent keep-alive clients, beside an express hello-world route served by the same app (same
// middleware: correlation ids, access metrics) in the same run — the ceiling.
//
// The server runs in a child process (this script with --serve), as in production, over a read
// model rebuilt from a synthetic ledger (the worked example replicated with varied ids).
//
//   npx tsx bench/public.ts                     (1,000 replicas ≈ 85,000 events; 40,000 requests per run)
//   npx tsx bench/public.ts --replicas 5000 --requests 100000
//
// Prints figures; asserts nothing. Targets: ≥ 5,000 requests/s, p99 ≤ 20 ms.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteEventStore } from '@gongkai/event-store';
import { createHttpApp, createLogger, createMetrics } from '@gongkai/platform';
import { rebuildReadModels } from '@gongkai/projector';
import { syntheticReplica } from '@gongkai/projector/synthetic';
import { createPublicRouter } from '@gongkai/public-api';
import { openSqliteReadStore } from '@gongkai/read-store';
import { runLoad, type LoadResult } from './lib/http-load.ts';
import { emitResult, type BenchRow } from './lib/report.ts';
import { startScriptServer } from './lib/server-process.ts';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    replicas: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '40000' },
    concurrency: { type: 'string', default: '64' },
  },
});

// ------------------------------------------------------------------------------------- server side

async function serve(dataDir: string): Promise<void> {
  const readStore = openSqliteReadStore({ path: join(dataDir, 'read.db') });
  const metrics = createMetrics();
  const logger = createLogger({ level: 'warn' });
  const hello = (await import('express')).default.Router();
  hello.get('/bench/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  const app = createHttpApp({
    logger,
    metrics,
    routers: [hello, createPublicRouter({ readStore, rateLimit: false })],
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  process.stdout.write(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

// ------------------------------------------------------------------------------------- client side

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const line = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${fmt(r.perSecond).padStart(7)} requests/s   p50 ${r.p50ms.toFixed(2).padStart(6)} ms   p99 ${r.p99ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`;

async function main(): Promise<void> {
  const replicas = Number(args.replicas);
  const total = Number(args.requests);
  const concurrency = Number(args.concurrency);
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-public-'));
  console.log(`# bench:public — node ${process.version}, ${concurrency} concurrent keep-alive clients, ${fmt(total)} requests per run`);
  try {
    const store = openSqliteEventStore({ path: join(dataDir, 'ledger.db') });
    for (let k = 0; k < replicas; k += 50) {
      const appends = [];
      for (let r = k; r < Math.min(replicas, k + 50); r++) for (const a of syntheticReplica(r)) appends.push(store.append(a.streamId, a.events));
      await Promise.all(appends);
    }
    const built = await rebuildReadModels({ store, dataDir });
    await store.close();
    console.log(`read model: ${fmt(built.events)} events → ${fmt(built.records)} records`);

    const server = await startScriptServer(fileURLToPath(import.meta.url), [dataDir]);
    const url = server.url;
    try {
      // pages to ask for: the first page of a big category; projects spread over the replicas
      const categoryPage = '/v1/public/categories/approval-results/records?limit=20';
      const projects = Array.from({ length: 50 }, (_, i) => {
        const k = Math.floor((i * replicas) / 50);
        return syntheticReplica(k).find((a) => a.streamId.startsWith('project-'))!.streamId.slice('project-'.length);
      });
      const projectPage = (i: number) => `/v1/public/projects/${projects[i % projects.length]}`;
      const categories = ['approval-results', 'tendering', 'completion', 'land-expropriation', 'government-procurement', 'affordable-housing'];
      const sorts = ['-formedDate', 'formedDate', '-recordedAt', 'recordedAt'];
      const mixedPage = (i: number) => `/v1/public/categories/${categories[i % categories.length]}/records?limit=20&sort=${sorts[Math.floor(i / categories.length) % sorts.length]}`;

      // warm-up (JIT, page cache, response cache)
      await runLoad(url, 16, 2000, (i) => ({ method: 'GET', path: i % 3 === 0 ? '/bench/hello' : i % 3 === 1 ? categoryPage : projectPage(i) }));
      for (let i = 0; i < projects.length; i++) await runLoad(url, 1, 1, () => ({ method: 'GET', path: projectPage(i) }));
      for (let i = 0; i < categories.length * sorts.length; i++) await runLoad(url, 1, 1, () => ({ method: 'GET', path: mixedPage(i) }));

      const etag = (await fetch(url + categoryPage)).headers.get('etag') ?? '';
      const hello = await runLoad(url, concurrency, total, () => ({ method: 'GET', path: '/bench/hello' }), (s) => s === 200);
      const category = await runLoad(url, concurrency, total, () => ({ method: 'GET', path: categoryPage }), (s) => s === 200);
      const project = await runLoad(url, concurrency, total, (i) => ({ method: 'GET', path: projectPage(i) }), (s) => s === 200);
      const mixed = await runLoad(url, concurrency, total, (i) => ({ method: 'GET', path: mixedPage(i) }), (s) => s === 200);
      const conditional = await runLoad(
        url,
        concurrency,
        total,
        () => ({ method: 'GET', path: categoryPage, headers: { 'if-none-match': etag } }),
        (s) => s === 304,
      );
      console.log(line('ceiling: express hello-world', hello));
      console.log(line('category page (20 records)', category));
      console.log(line('project page (50 projects)', project));
      console.log(line('category pages (24 distinct)', mixed));
      console.log(line('category page, If-None-Match → 304', conditional));
      console.log(`targets: ≥ 5,000 requests/s and p99 ≤ 20 ms`);
      const ceiling = { name: 'express hello-world route on the same app and middleware', value: hello.perSecond, unit: 'req/s' };
      const row = (figure: string, r: LoadResult): BenchRow => ({
        figure,
        value: r.perSecond,
        unit: 'req/s',
        detail: `p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms, ${r.errors} errors (hello-world p99 ${hello.p99ms.toFixed(1)} ms)`,
        ceiling,
        target: '≥ 5,000 req/s, p99 ≤ 20 ms',
        met: r.perSecond >= 5000 && r.p99ms <= 20 && r.errors === 0,
      });
      emitResult({
        title: 'Public API (issue 3)',
        workload: `The public API in a child process over a read model of ${fmt(built.events)} events, ${concurrency} keep-alive clients, ${fmt(total)} requests per route.`,
        rows: [row('category page (20 records)', category), row('project page (50 projects)', project), row('category pages (24 distinct)', mixed), row('category page, If-None-Match → 304', conditional)],
        notes: ['The load generator shares the machine\'s cores with the server, so the hello-world ceiling itself is bounded by it.'],
      });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (args.serve) await serve(args.serve);
else await main();
