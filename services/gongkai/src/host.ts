// The all-in-one host: every service in one process on the embedded default (SQLite), as
// `gongkai start` runs it.
import type { Server } from 'node:http';
import express from 'express';
import { once } from 'node:events';
import { AgencyRegistry, OidcVerifier, oidcOptionsFromEnv } from '@gongkai/access';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService, createIngestRouter } from '@gongkai/ingest';
import { createProofRouter, notaryReadiness, startNotary, type Notary } from '@gongkai/notary-service';
import { createAuditRouter } from '@gongkai/audit-api';
import { startProjector, type RunningProjector } from '@gongkai/projector';
import { createPublicRouter } from '@gongkai/public-api';
import { createPortalRouter } from '@gongkai/portal';
import { createOpenDataRouter } from '@gongkai/open-data';
import { PartyTokenRegistry } from '@gongkai/read-store';
import { createRequestsRouter, type RequestsRouterOptions } from '@gongkai/requests';
import { PayloadCipher, SubjectKeyStore, encryptingEventStore } from '@gongkai/privacy';
import { join } from 'node:path';
import { createHttpApp, createLogger, createMetrics, type Logger } from '@gongkai/platform';
import { dataPaths } from './data-dir.ts';
import { AUTHENTICATED_PATHS, authenticatedRateLimit, type AuthenticatedRateLimits } from './ingest-limits.ts';
import { DEMO_AGENCY } from './demo.ts';

export interface HostOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** domains the ingest accepts (default all) */
  domains?: string[];
  /** the public API's per-IP rate limit (default: its own defaults; false: none — tests that crawl everything) */
  publicRateLimit?: Parameters<typeof createPublicRouter>[0]['rateLimit'];
  /** per-IP limit on request submissions (POST /v1/public/requests); false: none (tests) */
  requestSubmitRateLimit?: RequestsRouterOptions['submitRateLimit'];
  /** per-credential and per-IP limits of ingest and audit (default: generous safety-net budgets) */
  authenticatedRateLimit?: AuthenticatedRateLimits;
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
  /** per-subject data keys (crypto-shredding), in <dataDir>/keys.db */
  keys: SubjectKeyStore;
  logger: Logger;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const paths = dataPaths(options.dataDir);
  const logger = options.logger ?? createLogger({ service: 'gongkai' });
  const metrics = createMetrics();
  const store = await openSqliteEventStore({ path: paths.ledger });
  const registry = new AgencyRegistry(paths.access);
  // bearer JWTs of an OpenID Connect provider as well as API keys, when GONGKAI_OIDC_ISSUER/_AUDIENCE are set
  const oidc = oidcOptionsFromEnv();
  if (oidc) registry.useOidc(new OidcVerifier(oidc));
  // Personal data is encrypted per data subject before it reaches the ledger; the append path and
  // the projector (which masks) read clear payloads through `clearStore`, while the notary and
  // the audit export keep the stored bytes that were hashed.
  const keys = SubjectKeyStore.open(paths.dir);
  const cipher = new PayloadCipher(keys);
  const clearStore = encryptingEventStore(store, cipher);
  const appendService = new AppendService({ store: clearStore, metrics, ...(options.domains ? { domains: new Set(options.domains) } : {}) });
  const notary = await startNotary({ store, dataDir: paths.dir, logger, metrics, intervalMs: Number(process.env['GONGKAI_NOTARY_INTERVAL_MS'] ?? 10_000) });
  const audit = createAuditRouter({ store, registry, notary, logger, dataDir: paths.dir, payloadForAuditor: (e) => cipher.decrypt(e.eventId, e.payload) });
  const projector = await startProjector({ store: clearStore, readStorePath: join(paths.dir, 'read.db'), logger, metrics });
  const partyTokens = new PartyTokenRegistry(join(paths.dir, 'party-tokens.db'));
  // 依申请公开: request tokens live in their own file, so they never unlock a party's items
  const requestTokens = new PartyTokenRegistry(join(paths.dir, 'request-tokens.db'));
  // the built-in demo agency posts without a registry entry: name it for the public pages
  const agencyName = (id: string) => registry.getAgency(id)?.name ?? (id === DEMO_AGENCY.agencyId ? DEMO_AGENCY.agencyName : undefined);
  const requests = createRequestsRouter({
    appendService,
    store,
    registry,
    readStore: projector.readStore,
    tokens: requestTokens,
    logger,
    agencyName,
    ...(options.requestSubmitRateLimit !== undefined ? { submitRateLimit: options.requestSubmitRateLimit } : {}),
  });
  const publicApi = createPublicRouter({
    readStore: projector.readStore,
    partyTokens,
    agencyName,
    logger,
    ...(options.publicRateLimit !== undefined ? { rateLimit: options.publicRateLimit } : {}),
  });
  const portal = createPortalRouter({ readStore: projector.readStore, agencyName, logger });
  const openData = createOpenDataRouter({
    readStore: projector.readStore,
    logger,
    ...(process.env['GONGKAI_OCID_PREFIX'] ? { ocidPrefix: process.env['GONGKAI_OCID_PREFIX'] } : {}),
    ...(process.env['GONGKAI_PROJECT_PREFIX'] ? { projectPrefix: process.env['GONGKAI_PROJECT_PREFIX'] } : {}),
    intake: { appendService, registry, store },
  });

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
    routers: [express.Router().use(AUTHENTICATED_PATHS, authenticatedRateLimit(options.authenticatedRateLimit)), createIngestRouter({ appendService, store, registry, logger }), requests, publicApi, createProofRouter(notary), audit, openData, portal],
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
    keys,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      audit.close();
      await projector.close();
      partyTokens.close();
      requestTokens.close();
      await notary.close();
      await store.close();
      keys.close();
      registry.close();
    },
  };
}
