// The all-in-one host: every service in one process on the embedded default (SQLite), as
// `gongkai start` runs it.
import type { Server } from 'node:http';
import { once } from 'node:events';
import { AgencyRegistry } from '@gongkai/access';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService, createIngestRouter } from '@gongkai/ingest';
import { createHttpApp, createLogger, createMetrics, type Logger } from '@gongkai/platform';
import { dataPaths } from './data-dir.ts';

export interface HostOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** domains the ingest accepts (default all) */
  domains?: string[];
}

export interface RunningHost {
  url: string;
  port: number;
  store: EventStore;
  registry: AgencyRegistry;
  appendService: AppendService;
  logger: Logger;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const paths = dataPaths(options.dataDir);
  const logger = options.logger ?? createLogger({ service: 'gongkai' });
  const metrics = createMetrics();
  const store = await openSqliteEventStore({ path: paths.ledger });
  const registry = new AgencyRegistry(paths.access);
  const appendService = new AppendService({ store, metrics, ...(options.domains ? { domains: new Set(options.domains) } : {}) });

  const app = createHttpApp({
    logger,
    metrics,
    readiness: [
      {
        name: 'event-store',
        check: async () => ({ ok: true, detail: { headPosition: (await store.headPosition()).toString() } }),
      },
    ],
    routers: [createIngestRouter({ appendService, store, registry, logger })],
  });

  const server: Server = app.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  let closed = false;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    registry,
    appendService,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
      registry.close();
    },
  };
}
