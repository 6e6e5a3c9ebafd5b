// The express plumbing every Gongkai HTTP service shares: correlation ids, access logs without
// personal data, Prometheus timings, health and readiness, problem+json for every error.
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { Logger } from './logger.ts';
import { errorFields } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { PROBLEM_TYPES, type ProblemType, problemBody, problemErrorHandler, sendProblem } from './problem.ts';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: Record<string, unknown> }> | { ok: boolean; detail?: Record<string, unknown> };
}

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness?: ReadinessCheck[];
  /** routers mounted in order after the common middleware */
  routers: Array<Router | RequestHandler>;
  /**
   * path prefixes readable from any origin (CORS, GET/HEAD only, no credentials); everything else
   * — ingest, audit, admin — gets no CORS headers, so browsers on other origins cannot call it
   */
  corsPaths?: string[];
}

/** The public, read-only endpoints: the public API, its OpenAPI document, the catalog, proofs and tiles, exports. */
export const PUBLIC_CORS_PATHS = ['/v1/public', '/openapi.json', '/v1/catalog', '/v1/proofs', '/tlog'];

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

function correlation(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-correlation-id') ?? req.get('x-request-id');
    const correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
    res.locals['correlationId'] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    next();
  };
}

/** Logs method, matched route pattern (not the raw URL: ids and queries stay out), status, time. */
function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (res.statusCode >= 500 || logger.isLevelEnabled('debug')) {
        logger.log(res.statusCode >= 500 ? 'error' : 'debug', 'http', {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1e4) / 10,
          correlationId: res.locals['correlationId'],
        });
      }
    });
    next();
  };
}

export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(correlation());
  app.use(accessLog(logger, metrics));
  // security headers on every response (nosniff, frame-ancestors/X-Frame-Options, HSTS, referrer
  // policy, a default-deny CSP that HTML routes replace with their own)
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-site' }, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  const publicCors = cors({ origin: '*', methods: ['GET', 'HEAD'], exposedHeaders: ['ETag', 'Gongkai-Checkpoint', 'Retry-After', 'Link'], maxAge: 600 });
  app.use(options.corsPaths ?? PUBLIC_CORS_PATHS, (req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    publicCors(req, res, next);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results: Record<string, unknown> = {};
    let ready = true;
    for (const c of options.readiness ?? []) {
      try {
        const r = await c.check();
        results[c.name] = { ok: r.ok, ...r.detail };
        ready &&= r.ok;
      } catch (err) {
        results[c.name] = { ok: false };
        ready = false;
        logger.warn('readiness check failed', { check: c.name, ...errorFields(err) });
      }
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/problems/:type', (req, res, next) => {
    const t = req.params['type'] as string;
    if (!Object.hasOwn(PROBLEM_TYPES, t)) return next();
    const body = problemBody(t as ProblemType);
    res.type('text/plain; charset=utf-8').send(`${body.type}\n${body.title} (HTTP ${body.status})\n`);
  });

  for (const r of options.routers) app.use(r);

  app.use((req, res) => {
    sendProblem(res, problemBody('not-found', `No resource at ${req.method} ${req.path}`));
  });
  app.use(
    problemErrorHandler((err, correlationId) => {
      logger.error('unhandled error', { correlationId, ...errorFields(err) });
    }),
  );
  return app;
}
