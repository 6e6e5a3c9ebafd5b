// winston JSON logs. Request-scoped lines carry the request's correlationId explicitly (from
// res.locals): AsyncLocalStorage would install promise hooks that cost every request ~20% CPU. Log lines carry ids, routes, counts and timings — never payloads, query
// strings or headers, which is how personal data stays out of the logs. A last-line filter also
// drops any field named like a payload, in case a caller forgets.
import winston from 'winston';

export type Logger = winston.Logger;

const FORBIDDEN_FIELDS = new Set(['payload', 'body', 'query', 'headers', 'authorization', 'households', 'applicants']);

const dropForbidden = winston.format((info) => {
  for (const key of Object.keys(info)) if (FORBIDDEN_FIELDS.has(key)) delete (info as Record<string, unknown>)[key];
  return info;
});


export interface LoggerOptions {
  level?: string;
  service?: string;
  /** extra transports (tests capture logs with a stream transport) */
  transports?: winston.transport[];
  silent?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    silent: options.silent ?? false,
    defaultMeta: { service: options.service ?? 'gongkai' },
    format: winston.format.combine(dropForbidden(), winston.format.timestamp(), winston.format.json()),
    transports: options.transports ?? [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] })],
  });
}

/** Error details safe to log: class, message and stack, never attached objects. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { error: err.name, message: err.message, stack: err.stack };
  return { error: String(err) };
}
