// HTTP routes of the agency ingest API.
import express, { type Request, type RequestHandler, type Router } from 'express';
import { catalogDocument, catalogExamples } from '@gongkai/catalog';
import type { EventStore, ExpectedVersion } from '@gongkai/event-store';
import { ProblemError, problemBody, type Logger } from '@gongkai/platform';
import type { AgencyRegistry, Principal } from '@gongkai/access';
import type { AppendService, StreamAppendView } from './append-service.ts';
import { batchBodySchema, batchItemSchema, streamAppendBodySchema, streamIdSchema, zodIssues, type EventInput } from './request-schema.ts';

export interface IngestRouterOptions {
  appendService: AppendService;
  store: EventStore;
  registry: AgencyRegistry;
  logger: Logger;
  /** JSON body limit for event posts */
  bodyLimit?: string;
}

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
  }
}

function authenticate(registry: AgencyRegistry): RequestHandler {
  return async (req, res, next) => {
    const principal = await registry.authenticateRequest(req.get('authorization'));
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="gongkai-ingest"');
      throw new ProblemError('unauthenticated', 'Send an agency API key as "Authorization: Bearer gk_…" (create one with `gongkai agency add`), or a bearer token of the configured OpenID Connect provider');
    }
    res.locals.principal = principal;
    next();
  };
}

function requireJson(): RequestHandler {
  return (req, _res, next) => {
    if (!req.is('application/json') && !req.is('application/*+json')) throw new ProblemError('unsupported-media-type', 'Send the body as application/json');
    next();
  };
}

/** If-Match carries the expected stream version as an ETag: "5" (0 = the stream must not exist). */
function expectedFromIfMatch(req: Request): ExpectedVersion {
  const h = req.get('if-match');
  if (h === undefined) return 'any';
  if (h.trim() === '*') return 'stream_exists';
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(h);
  if (!m) throw new ProblemError('bad-request', 'If-Match must be a stream version ETag such as "5", or *');
  return Number(m[1]);
}

function streamIdParam(req: Request): string {
  const parsed = streamIdSchema.safeParse(req.params['streamId']);
  if (!parsed.success) throw new ProblemError('invalid-stream-id', parsed.error.issues[0]?.message ?? 'invalid stream id');
  return parsed.data;
}

export function createIngestRouter(options: IngestRouterOptions): Router {
  const { appendService, store, registry } = options;
  const router = express.Router();
  const json = express.json({ limit: options.bodyLimit ?? '4mb', strict: true, type: ['application/json', 'application/*+json'] });

  router.get('/v1/catalog', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(catalogDocument());
  });
  router.get('/v1/catalog/examples', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(catalogExamples());
  });

  router.get('/v1/streams/:streamId', authenticate(registry), async (req, res) => {
    const streamId = streamIdParam(req);
    const info = await store.streamInfo(streamId);
    if (!info) throw new ProblemError('not-found', `Stream ${streamId} has no events`, { currentVersion: 0 });
    res.setHeader('ETag', `"${info.version}"`);
    res.json({ streamId, version: info.version, lastHash: info.lastHash });
  });

  router.post('/v1/streams/:streamId/events', authenticate(registry), requireJson(), json, async (req, res) => {
    const streamId = streamIdParam(req);
    const expected = expectedFromIfMatch(req);
    const body = streamAppendBodySchema.safeParse(req.body);
    if (!body.success) throw new ProblemError('bad-request', 'The body must be {"events": [ … ]} or a single event object', { errors: zodIssues(body.error) });
    const events: EventInput[] = 'events' in body.data ? body.data.events : [body.data];
    const view = await appendService.appendToStream(res.locals.principal!, streamId, events, expected);
    res.setHeader('ETag', `"${view.version}"`);
    res.status(view.duplicate ? 200 : 201).json(view);
  });

  router.post('/v1/events', authenticate(registry), requireJson(), json, async (req, res) => {
    const body = batchBodySchema.safeParse(req.body);
    if (!body.success) throw new ProblemError('bad-request', 'The body must be {"items": [ {"streamId", "events": [ … ]} … ]}', { errors: zodIssues(body.error) });
    const principal = res.locals.principal!;
    // Streams are appended concurrently (the store commits them together); each is atomic alone.
    const results = await Promise.all(
      body.data.items.map(async (raw, index): Promise<{ index: number; status: number } & (StreamAppendView | { problem: unknown })> => {
        const item = batchItemSchema.safeParse(raw);
        if (!item.success) return { index, status: 400, problem: problemBody('bad-request', `items[${index}] is malformed`, { errors: zodIssues(item.error, `/items/${index}`) }) };
        try {
          const view = await appendService.appendToStream(principal, item.data.streamId, item.data.events, item.data.expectedVersion ?? 'any');
          return { index, status: view.duplicate ? 200 : 201, ...view };
        } catch (err) {
          if (err instanceof ProblemError) return { index, status: err.status, problem: err.toBody() };
          throw err;
        }
      }),
    );
    const failed = results.filter((r) => r.status >= 400).length;
    res.status(failed === 0 ? (results.every((r) => r.status === 200) ? 200 : 201) : 207).json({ accepted: results.length - failed, rejected: failed, results });
  });

  return router;
}

