// Configuration of `gongkai serve <service>`: environment variables, parsed with zod. A bad value
// is reported by variable name, and the process exits non-zero before it opens anything.
import { z } from 'zod';

export const SERVICES = ['ingest', 'projector', 'public-api', 'audit-api', 'notary', 'relay'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Variables whose values may hold credentials: never echoed in error messages. */
const SECRET = new Set(['EVENTSTORE_URL', 'MONGODB_URL']);

const blank = (v: unknown): unknown => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v);

const choice = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(
    (v) => (blank(v) === undefined ? fallback : String(blank(v)).toLowerCase()),
    z.enum(values, { error: `must be one of ${values.map((v) => `'${v}'`).join(', ')}` }),
  );

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => blank(v) ?? String(fallback),
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );

const optionalText = (pattern?: RegExp, message?: string) =>
  z.preprocess(blank, (pattern ? z.string().regex(pattern, message) : z.string()).optional());

const BROKER = /^[^\s:,]+:\d{1,5}$/;

export const serveEnvSchema = z
  .object({
    EVENT_STORE: choice(['sqlite', 'eventstoredb'] as const, 'sqlite'),
    EVENTSTORE_URL: optionalText(/^esdb(\+discover)?:\/\/\S+$/, 'must be an esdb:// or esdb+discover:// connection string, e.g. esdb://localhost:2113?tls=false'),
    READ_STORE: choice(['sqlite', 'mongodb'] as const, 'sqlite'),
    MONGODB_URL: optionalText(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string, e.g. mongodb://localhost:27017/?replicaSet=rs0'),
    MONGODB_DB: z.preprocess((v) => blank(v) ?? 'gongkai', z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a MongoDB database name (letters, digits, _ and -)')),
    BUS: choice(['none', 'kafka'] as const, 'none'),
    KAFKA_BROKERS: z.preprocess(
      blank,
      z
        .string()
        .refine((s) => s.split(',').every((b) => BROKER.test(b.trim())), 'must be host:port[,host:port…]')
        .transform((s) => s.split(',').map((b) => b.trim()))
        .optional(),
    ),
    KAFKA_TOPIC_PREFIX: optionalText(/^[A-Za-z0-9._-]{1,100}$/, 'must be letters, digits, ".", "_" or "-"'),
    GONGKAI_DATA: z.preprocess((v) => blank(v) ?? './data', z.string()),
    PORT: integer(0, 65535, 3000),
    HOST: z.preprocess((v) => blank(v) ?? '127.0.0.1', z.string().regex(/^[^\s/]+$/, 'must be a host name or IP address')),
    GONGKAI_NOTARY_INTERVAL_MS: integer(0, 86_400_000, 10_000),
  })
  .superRefine((c, ctx) => {
    if (c.EVENT_STORE === 'eventstoredb' && !c.EVENTSTORE_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'is required when EVENT_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)' });
    }
    if (c.READ_STORE === 'mongodb' && !c.MONGODB_URL) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'is required when READ_STORE=mongodb (e.g. mongodb://localhost:27017/?replicaSet=rs0)' });
    }
    if (c.BUS === 'kafka' && !c.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'is required when BUS=kafka (e.g. localhost:9092)' });
    }
  });

export type ServeConfig = z.infer<typeof serveEnvSchema>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[], env: NodeJS.ProcessEnv = {}) {
    super(
      problems
        .map((p) => {
          const raw = env[p.variable];
          const shown = raw === undefined || raw === '' ? '' : SECRET.has(p.variable) ? ' (value not shown)' : ` (got ${JSON.stringify(raw.slice(0, 80))})`;
          return `${p.variable} ${p.message}${shown}`;
        })
        .join('\n'),
    );
  }
}

/** Parses the environment for one service; throws ConfigError listing every problem. */
export function loadServeConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const parsed = serveEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })),
      env,
    );
  }
  const config = parsed.data;
  if (service === 'relay' && config.BUS !== 'kafka') {
    throw new ConfigError([{ variable: 'BUS', message: "must be 'kafka' for the relay (and KAFKA_BROKERS set): it publishes the log to Kafka" }], env);
  }
  return config;
}

/** One line per variable, for `gongkai serve --help`. */
export const SERVE_ENV_HELP = `
Environment:
  EVENT_STORE=sqlite|eventstoredb   event store (default sqlite: <GONGKAI_DATA>/ledger.db)
  EVENTSTORE_URL=esdb://…           EventStoreDB/KurrentDB connection string (EVENT_STORE=eventstoredb)
  READ_STORE=sqlite|mongodb         read models (default sqlite: <GONGKAI_DATA>/read.db)
  MONGODB_URL=mongodb://…           MongoDB connection string (READ_STORE=mongodb); MONGODB_DB (default gongkai)
  BUS=none|kafka                    integration events (the relay needs kafka)
  KAFKA_BROKERS=host:port,…         Kafka bootstrap brokers (BUS=kafka); KAFKA_TOPIC_PREFIX (default gongkai.)
  GONGKAI_DATA=./data               folder of the local files (agency registry, notary key and tree, SQLite stores)
  PORT=3000  HOST=127.0.0.1         where the service's HTTP server listens (PORT=0: any free port)
  GONGKAI_NOTARY_INTERVAL_MS=10000  notary checkpoint interval
  LOG_LEVEL=info
`;
