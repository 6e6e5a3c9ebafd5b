// `gongkai serve <service>`: one service per process, for the scale-out topology (see
// docker-compose.yml). Configured by environment variables (../config.ts); the stores are chosen
// there: EVENT_STORE=sqlite|eventstoredb, READ_STORE=sqlite|mongodb, BUS=none|kafka.
//
// The services and what each one opens:
//   ingest      event store, agency registry        POST /v1/streams/…, /v1/catalog
//   projector   event store, read store (writes)    only /healthz /readyz /metrics
//   public-api  read store (reads), party tokens    /v1/public/…, /openapi.json, /docs, the portal at /
//   audit-api   event store, registry, notary view  /v1/audit/…
//   notary      event store, notary files           /v1/proofs/…, /tlog/…
//   relay       event store, Kafka                  only /healthz /readyz /metrics
// Every one serves /healthz, /readyz (its own checks) and /metrics.
//
// The adapters that pull in network clients (EventStoreDB, MongoDB, Kafka) are imported only when
// configured, so a SQLite-only process never loads them.
import type { Server } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { Argument, type Command } from 'commander';
import { AgencyRegistry, OidcVerifier, oidcOptionsFromEnv } from '@gongkai/access';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService, createIngestRouter } from '@gongkai/ingest';
import { PayloadCipher, SubjectKeyStore, encryptingEventStore } from '@gongkai/privacy';
import { createProofRouter, notaryReadiness, openNotaryView, startNotary } from '@gongkai/notary-service';
import { createAuditRouter } from '@gongkai/audit-api';
import { startProjector } from '@gongkai/projector';
import { createPublicRouter } from '@gongkai/public-api';
import { createOcdsIntakeRouter, createOpenDataRouter } from '@gongkai/open-data';
import { createPortalRouter } from '@gongkai/portal';
import { PartyTokenRegistry, openSqliteReadStore, type ReadStore } from '@gongkai/read-store';
import { createRequestsRouter } from '@gongkai/requests';
import { createHttpApp, createLogger, createMetrics, errorFields, type Logger, type Metrics, type ReadinessCheck } from '@gongkai/platform';
import type { Router, RequestHandler } from 'express';
import { dataPaths } from '../data-dir.ts';
import { ConfigError, loadServeConfig, SERVE_ENV_HELP, SERVICES, type ServeConfig, type ServiceName } from '../config.ts';

export interface RunningService {
  service: ServiceName;
  url: string;
  port: number;
  logger: Logger;
  close(): Promise<void>;
}

/** Something to close on shutdown, in reverse order of opening. */
type Closer = () => Promise<void> | void;

// ------------------------------------------------------------------ building blocks

export async function openEventStoreFor(config: ServeConfig): Promise<EventStore> {
  if (config.EVENT_STORE === 'sqlite') return openSqliteEventStore({ path: dataPaths(config.GONGKAI_DATA).ledger });
  const { openEventStoreDbEventStore } = await import('@gongkai/event-store/eventstoredb');
  const store = openEventStoreDbEventStore({ connectionString: config.EVENTSTORE_URL! });
  // fail at start, not at the first request, when the server is unreachable or misconfigured
  await store.headPosition();
  return store;
}

/** The shape this command expects of '@gongkai/read-store/mongodb'. */
interface MongoReadStoreModule {
  openMongoReadStore(options: { url: string; dbName: string }): ReadStore | Promise<ReadStore>;
}

export async function openReadStoreFor(config: ServeConfig): Promise<ReadStore> {
  if (config.READ_STORE === 'sqlite') return openSqliteReadStore({ path: join(dataPaths(config.GONGKAI_DATA).dir, 'read.db') });
  // a variable specifier: the MongoDB adapter is optional at build time and loaded only when configured
  const specifier = '@gongkai/read-store/mongodb';
  let mod: Partial<MongoReadStoreModule>;
  try {
    mod = (await import(specifier)) as Partial<MongoReadStoreModule>;
  } catch (e) {
    throw new Error(`READ_STORE=mongodb, but ${specifier} cannot be loaded: ${(e as Error).message}`, { cause: e });
  }
  if (typeof mod.openMongoReadStore !== 'function') throw new Error(`READ_STORE=mongodb, but ${specifier} has no openMongoReadStore()`);
  return await mod.openMongoReadStore({ url: config.MONGODB_URL!, dbName: config.MONGODB_DB });
}

async function listen(
  service: ServiceName,
  config: ServeConfig,
  logger: Logger,
  metrics: Metrics,
  routers: Array<Router | RequestHandler>,
  readiness: ReadinessCheck[],
): Promise<{ server: Server; url: string; port: number }> {
  const app = createHttpApp({ logger, metrics, readiness, routers });
  const server: Server = app.listen(config.PORT, config.HOST);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([e]) => {
      throw new Error(`${service}: cannot listen on ${config.HOST}:${config.PORT}: ${(e as Error).message}`);
    }),
  ]);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // same HTTP timeouts as the all-in-one host
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return { server, url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`, port };
}

const storeReadiness = (store: EventStore): ReadinessCheck => ({
  name: 'event-store',
  check: async () => ({ ok: true, detail: { headPosition: (await store.headPosition()).toString() } }),
});

// ------------------------------------------------------------------ the services

/** Starts one service in this process. Everything it opened is closed again if it fails to start. */
export async function startService(service: ServiceName, config: ServeConfig, options: { logger?: Logger } = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ service: `gongkai-${service}` });
  const metrics = createMetrics();
  const closers: Closer[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        logger.warn('error while shutting down', errorFields(e));
      }
    }
    closers.length = 0;
  };

  try {
    const paths = dataPaths(config.GONGKAI_DATA);
    const routers: Array<Router | RequestHandler> = [];
    const readiness: ReadinessCheck[] = [];

    const eventStore = async () => {
      const store = await openEventStoreFor(config);
      closers.push(() => store.close());
      readiness.push(storeReadiness(store));
      return store;
    };
    // per-subject keys of the personal data (crypto-shredding): <data>/keys.db, master key from
    // GONGKAI_MASTER_KEY / GONGKAI_MASTER_KEY_FILE — ingest, projector and audit-api share them
    const cipher = () => {
      const keys = SubjectKeyStore.open(paths.dir);
      closers.push(() => keys.close());
      return new PayloadCipher(keys);
    };
    const registry = () => {
      const r = new AgencyRegistry(paths.access);
      closers.push(() => r.close());
      const oidc = oidcOptionsFromEnv();
      if (oidc) r.useOidc(new OidcVerifier(oidc));
      return r;
    };

    switch (service) {
      case 'ingest': {
        const store = await eventStore();
        const reg = registry();
        const encrypted = encryptingEventStore(store, cipher());
        const appendService = new AppendService({ store: encrypted, metrics });
        routers.push(createIngestRouter({ appendService, store, registry: reg, logger }));
        // OCDS intake: agencies' release packages through the same append path
        routers.push(createOcdsIntakeRouter({ appendService, store: encrypted, registry: reg, logger, ...(process.env['GONGKAI_OCID_PREFIX'] ? { ocidPrefix: process.env['GONGKAI_OCID_PREFIX'] } : {}) }));
        // 依申请公开: requesters submit through the same append path; the items an answer gives come from the read store
        // (opened on the first items request, so an ingest that serves no requester needs no read store)
        let requestsReadStore: Promise<ReadStore> | undefined;
        closers.push(async () => {
          if (requestsReadStore) await (await requestsReadStore).close();
        });
        const requestTokens = new PartyTokenRegistry(join(paths.dir, 'request-tokens.db'));
        closers.push(() => requestTokens.close());
        routers.push(createRequestsRouter({ appendService, store, registry: reg, readStore: () => (requestsReadStore ??= openReadStoreFor(config)), tokens: requestTokens, logger }));
        break;
      }
      case 'projector': {
        const store = await eventStore();
        const readStore = await openReadStoreFor(config);
        closers.push(() => readStore.close());
        const projector = await startProjector({ store: encryptingEventStore(store, cipher()), readStore, logger, metrics });
        closers.push(() => projector.close());
        readiness.push({ name: 'projection', check: () => projector.readiness() });
        break;
      }
      case 'public-api': {
        const readStore = await openReadStoreFor(config);
        closers.push(() => readStore.close());
        const partyTokens = new PartyTokenRegistry(join(paths.dir, 'party-tokens.db'));
        closers.push(() => partyTokens.close());
        const reg = registry();
        routers.push(createPublicRouter({ readStore, partyTokens, agencyName: (id) => reg.getAgency(id)?.name, logger }));
        // open-data exports (OCDS, OC4IDS, CSV) under /v1/public/exports/…
        routers.push(
          createOpenDataRouter({
            readStore,
            logger,
            ...(process.env['GONGKAI_OCID_PREFIX'] ? { ocidPrefix: process.env['GONGKAI_OCID_PREFIX'] } : {}),
            ...(process.env['GONGKAI_PROJECT_PREFIX'] ? { projectPrefix: process.env['GONGKAI_PROJECT_PREFIX'] } : {}),
          }),
        );
        // the portal (HTML at /) on the same read store; its verify badge fetches /v1/proofs/… from
        // this origin, so route that path to the notary service at the proxy in front
        routers.push(createPortalRouter({ readStore, agencyName: (id) => reg.getAgency(id)?.name, logger }));
        readiness.push({
          name: 'read-store',
          check: async () => ({ ok: true, detail: { checkpoint: (await readStore.checkpoint()).toString() } }),
        });
        break;
      }
      case 'audit-api': {
        const store = await eventStore();
        const reg = registry();
        // the notary's tree and key, read-only: the notary service writes them
        const notary = openNotaryView({ dataDir: paths.dir, store });
        closers.push(() => notary.close());
        const c = cipher();
        const audit = createAuditRouter({ store, registry: reg, notary, logger, dataDir: paths.dir, payloadForAuditor: (e) => c.decrypt(e.eventId, e.payload) });
        closers.push(() => audit.close());
        routers.push(audit);
        break;
      }
      case 'notary': {
        const store = await eventStore();
        const notary = await startNotary({ store, dataDir: paths.dir, logger, metrics, intervalMs: config.GONGKAI_NOTARY_INTERVAL_MS });
        closers.push(() => notary.close());
        routers.push(createProofRouter(notary));
        readiness.push(notaryReadiness(notary, { maxLag: 100_000 }));
        break;
      }
      case 'relay': {
        const store = await eventStore();
        let relayModule: typeof import('@gongkai/relay');
        try {
          relayModule = await import('@gongkai/relay');
        } catch (e) {
          throw new Error(`BUS=kafka, but @gongkai/relay cannot be loaded: ${(e as Error).message}`, { cause: e });
        }
        const relay = await relayModule.startRelay({
          store,
          brokers: config.KAFKA_BROKERS!,
          dataDir: paths.dir,
          logger,
          metrics,
          ...(config.KAFKA_TOPIC_PREFIX ? { topicPrefix: config.KAFKA_TOPIC_PREFIX } : {}),
        });
        closers.push(() => relay.close());
        readiness.push({ name: 'relay', check: () => relay.readiness() });
        break;
      }
    }

    const { server, url, port } = await listen(service, config, logger, metrics, routers, readiness);
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    let closing: Promise<void> | undefined;
    return { service, url, port, logger, close: () => (closing ??= closeAll()) };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

// ------------------------------------------------------------------ the command

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run one service in this process (scale-out), configured by environment variables')
    .addArgument(new Argument('<service>', 'the service to run').choices(SERVICES))
    .addHelpText('after', SERVE_ENV_HELP)
    .action(async (service: ServiceName) => {
      let config: ServeConfig;
      try {
        config = loadServeConfig(service, process.env);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        process.stderr.write(`gongkai serve ${service}: bad configuration\n${e.message.replace(/^/gm, '  ')}\n`);
        process.exit(2);
      }
      let running: RunningService;
      try {
        running = await startService(service, config);
      } catch (e) {
        process.stderr.write(`gongkai serve ${service}: cannot start: ${(e as Error).message}\n`);
        process.exit(1);
      }
      running.logger.info('service started', {
        url: running.url,
        eventStore: config.EVENT_STORE,
        readStore: config.READ_STORE,
        bus: config.BUS,
      });
      process.stdout.write(`gongkai ${service} listening on ${running.url}\n`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
