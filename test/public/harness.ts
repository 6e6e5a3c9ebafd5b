// A small host for the public API tests, until the all-in-one host wires the projector and the
// public router in: a real SQLite ledger and read store in a temp folder, events posted through the
// real ingest append path (catalog validation, lifecycle rules), the projector running, and the
// public router mounted on createHttpApp, listening on port 0.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '@gongkai/access';
import { AGENCY_ROLES, catalogExamples, type ExampleEvent } from '@gongkai/catalog';
import { openSqliteEventStore, type SqliteEventStore } from '@gongkai/event-store';
import { AppendService, type EventInput } from '@gongkai/ingest';
import { createHttpApp, createLogger, createMetrics, type Metrics } from '@gongkai/platform';
import { startProjector, type RunningProjector } from '@gongkai/projector';
import { createPublicRouter, type PublicRouterOptions } from '@gongkai/public-api';
import { PartyTokenRegistry } from '@gongkai/read-store';

export const AGENCY: Principal = {
  kind: 'agency',
  agencyId: 'agency-test-suzhou',
  agencyName: '苏州市政务公开测试机关',
  roles: new Set<string>(AGENCY_ROLES),
  regions: ['320500'],
  keyId: 'test',
};

export interface Post {
  streamId: string;
  events: EventInput[];
}

export function examplePosts(): Post[] {
  const out: Post[] = [];
  for (const item of catalogExamples().items) {
    const body = item.body as { events?: ExampleEvent[]; items?: Array<{ streamId: string; events: ExampleEvent[] }> };
    const m = /^\/v1\/streams\/([^/]+)\/events$/.exec(item.path);
    if (m) out.push({ streamId: decodeURIComponent(m[1]!), events: body.events ?? [] });
    else for (const i of body.items ?? []) out.push({ streamId: i.streamId, events: i.events });
  }
  return out;
}

export interface Response<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface PublicHarness {
  url: string;
  dataDir: string;
  store: SqliteEventStore;
  projector: RunningProjector;
  partyTokens: PartyTokenRegistry;
  metrics: Metrics;
  appendService: AppendService;
  post(posts: readonly Post[]): Promise<void>;
  /** waits until the projector has everything appended so far */
  settle(): Promise<void>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<Response<T>>;
  stop(): Promise<void>;
}

export async function startPublicHarness(options: { router?: Partial<PublicRouterOptions> } = {}): Promise<PublicHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-public-'));
  const logger = createLogger({ silent: true });
  const metrics = createMetrics();
  const store = openSqliteEventStore({ path: join(dataDir, 'ledger.db'), subscriptions: { pollIntervalMs: 20 } });
  const appendService = new AppendService({ store, metrics });
  const partyTokens = new PartyTokenRegistry(join(dataDir, 'party-tokens.db'));
  const projector = await startProjector({ store, readStorePath: join(dataDir, 'read.db'), logger, metrics, tickMs: 50 });
  const agencies: Record<string, string> = { [AGENCY.agencyId]: AGENCY.agencyName };
  const app = createHttpApp({
    logger,
    metrics,
    readiness: [{ name: 'projection', check: () => projector.readiness() }],
    routers: [
      createPublicRouter({
        readStore: projector.readStore,
        partyTokens,
        agencyName: (id) => agencies[id],
        rateLimit: { capacity: 100_000, refillPerSecond: 100_000 },
        ...options.router,
      }),
    ],
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const harness: PublicHarness = {
    url,
    dataDir,
    store,
    projector,
    partyTokens,
    metrics,
    appendService,
    async post(posts) {
      for (const p of posts) await appendService.appendToStream(AGENCY, p.streamId, p.events, 'any');
    },
    async settle() {
      await projector.waitFor(await store.headPosition(), 20_000);
    },
    async get(path, headers = {}) {
      const res = await fetch(url + path, { headers });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: body as any };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await projector.close();
      partyTokens.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
