// The all-in-one host: every service in one process on the embedded default (SQLite), as
// `gongkai start` runs it.
import type { Server } from 'node:http';
import { once } from 'node:events';
import { AgencyRegistry } from '@gongkai/access';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService, createIngestRouter } from '@gongkai/ingest';
import { createProofRouter, notaryReadiness, startNotary, type Notary } from '@gongkai/notary-service';
import { createAuditRouter } from '@gongkai/audit-api';
import { startProjector, type RunningProjector } from '@gongkai/projector';
import { createPublicRouter } from '@gongkai/public-api';
import { createPortalRouter } from '@gongkai/portal';
import { PartyTokenRegistry } from '@gongkai/read-store';
import { join } from 'node:path';
import { createHttpApp, createLogger, createMetrics, type Logger } from '@gongkai/platform';
import { dataPaths } from './data-dir.ts';
import { DEMO_AGENCY } from './demo.ts';

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
  notary: Notary;
  projector: RunningProjector;
  partyTokens: PartyTokenRegistry;
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
  const notary = await startNotary({ store, dataDir: paths.dir, logger, metrics, intervalMs: Number(process.env['GONGKAI_NOTARY_INTERVAL_MS'] ?? 10_000) });
  const audit = createAuditRouter({ store, registry, notary, logger, dataDir: paths.dir });
  const projector = await startProjector({ store, readStorePath: join(paths.dir, 'read.db'), logger, metrics });
  const partyTokens = new PartyTokenRegistry(join(paths.dir, 'party-tokens.db'));
  // the built-in demo agency posts without a registry entry: name it for the public pages
  const agencyName = (id: string) => registry.getAgency(id)?.name ?? (id === DEMO_AGENCY.agencyId ? DEMO_AGENCY.agencyName : undefined);
  const publicApi = createPublicRouter({
    readStore: projector.readStore,
    partyTokens,
    agencyName,
    logger,
  });
  const portal = createPortalRouter({ readStore: projector.readStore, agencyName, logger });

  const app = createHttpApp({
    logger,
    metrics,
    readiness: [
      {
        name: 'event-store',
        check: async () => ({ ok: true, detail: { headPosition: (await store.headPosition()).toString() } }),
      },
      notaryReadiness(notary, { maxLag: 100_000 }),
      { name: 'projection', check: () => projector.readiness() },
    ],
    routers: [createIngestRouter({ appendService, store, registry, logger }), publicApi, createProofRouter(notary), audit, portal],
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
    notary,
    projector,
    partyTokens,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      audit.close();
      await projector.close();
      partyTokens.close();
      await notary.close();
      await store.close();
      registry.close();
    },
  };
}
