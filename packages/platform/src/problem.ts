// RFC 9457 problem details. Every error a client can cause maps to a stable `type` (a relative URI
// under /problems/, documented at that path) and a 4xx status; anything else is a 500 that is
// logged with its correlation id and described to the client without internals.
import type { ErrorRequestHandler, Response } from 'express';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** The stable problem types Gongkai answers with. */
export const PROBLEM_TYPES = {
  'bad-request': { status: 400, title: 'The request is malformed' },
  'invalid-json': { status: 400, title: 'The request body is not valid JSON' },
  'validation-failed': { status: 422, title: 'The request does not satisfy the schema' },
  'unknown-event-type': { status: 422, title: 'The event type is not in the catalog' },
  'type-not-served': { status: 422, title: 'This service does not accept this event type' },
  'lifecycle-violation': { status: 422, title: 'The event breaks a lifecycle rule' },
  'invalid-stream-id': { status: 422, title: 'The stream id does not fit the event' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed for this agency' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'idempotency-conflict': { status: 409, title: 'The event id was already used for different content' },
  'version-conflict': { status: 412, title: 'The stream is not at the expected version' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'store-unavailable': { status: 503, title: 'The ledger cannot accept writes right now' },
  'internal-error': { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  constructor(
    readonly problemType: ProblemType,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
    status?: number,
  ) {
    super(detail ?? PROBLEM_TYPES[problemType].title);
    this.status = status ?? PROBLEM_TYPES[problemType].status;
  }

  toBody(instance?: string): ProblemBody {
    return problemBody(this.problemType, this.message, { ...this.extensions, ...(instance ? { instance } : {}) }, this.status);
  }
}

export function problemBody(type: ProblemType, detail?: string, extensions: Record<string, unknown> = {}, status?: number): ProblemBody {
  const def = PROBLEM_TYPES[type];
  return { type: `/problems/${type}`, title: def.title, status: status ?? def.status, ...(detail ? { detail } : {}), ...extensions };
}

export function sendProblem(res: Response, body: ProblemBody): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Maps body-parser and other express errors to problems; unknown errors become a logged 500. */
export function problemErrorHandler(onInternal: (err: unknown, correlationId: string | undefined) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const correlationId = res.locals['correlationId'] as string | undefined;
    if (res.headersSent) {
      onInternal(err, correlationId);
      res.end();
      return;
    }
    if (err instanceof ProblemError) return sendProblem(res, err.toBody(req.originalUrl));
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e?.type === 'entity.too.large') return sendProblem(res, problemBody('payload-too-large', e.message, { instance: req.originalUrl }));
    if (e?.type === 'entity.parse.failed') return sendProblem(res, problemBody('invalid-json', 'The body could not be parsed as JSON', { instance: req.originalUrl }));
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return sendProblem(res, problemBody('unsupported-media-type', e.message, { instance: req.originalUrl }));
    // a path segment or query value that is not valid percent-encoded UTF-8 (%ED%A0%80, %FF …)
    if (err instanceof URIError) return sendProblem(res, problemBody('bad-request', 'The URL is not valid percent-encoded UTF-8', { instance: req.originalUrl }));
    if (e?.type === 'request.aborted') return sendProblem(res, problemBody('bad-request', 'The request was aborted', { instance: req.originalUrl }));
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
      return sendProblem(res, problemBody('bad-request', e.message, { instance: req.originalUrl }, e.status));
    }
    onInternal(err, correlationId);
    sendProblem(res, problemBody('internal-error', 'An internal error occurred; it has been logged', { instance: req.originalUrl, correlationId }));
  };
}
