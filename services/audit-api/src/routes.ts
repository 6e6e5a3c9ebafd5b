// The audit API: for agencies holding the `auditor` role only. Every request — allowed or refused —
// is written to the access log before anything is served.
//
//   GET /v1/audit/streams/{streamId}/history             every event, envelope and hashes, chain check
//   GET /v1/audit/streams/{streamId}/state?asOf=|version= the stream's records as of a time or version
//   GET /v1/audit/streams/{streamId}/diff?from=&to=       what changed between two versions
//   GET /v1/audit/compliance?agency=&category=&from=&to=  deadline compliance
//   GET /v1/audit/export?from=&to=                        offline-verifiable bundle (NDJSON, streamed)
//   GET /v1/audit/access-log?after=&limit=                this access log
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { CATEGORY_SLUGS } from '@gongkai/catalog';
import type { AgencyRegistry, Principal } from '@gongkai/access';
import { verifyChain } from '@gongkai/integrity';
import type { EventStore, JsonObject, RecordedEvent } from '@gongkai/event-store';
import { ProblemError, errorFields, type Logger } from '@gongkai/platform';
import { envelopeJson, exportBundle, type Notary, type ProofSource } from '@gongkai/notary-service';
import { AccessLog, type AccessEntry } from './access-log.ts';
import { complianceReport, type ComplianceCatalog } from './compliance.ts';
import { StreamFolder, catalogFold, diffStates, versionAsOf, type FoldCatalog, type StreamState } from './state.ts';

/**
 * How an auditor sees an event's payload. Today: as stored. When personal data is encrypted per
 * data subject, this is where it is decrypted for auditors (while the subject's key exists); the
 * state, diff and history endpoints all read payloads through it. Exports and proofs never do:
 * they must carry the bytes that were hashed.
 */
export type PayloadForAuditor = (event: RecordedEvent, principal: Principal) => JsonObject | Promise<JsonObject>;

export interface AuditRouterOptions {
  store: EventStore;
  registry: AgencyRegistry;
  /** the running notary (exports get a fresh checkpoint) or a read-only view of one */
  notary: ProofSource & Partial<Pick<Notary, 'checkpointNow'>>;
  logger: Logger;
  /** the access log lives in <dataDir>/audit.db unless accessLog is given */
  dataDir: string;
  accessLog?: AccessLog;
  payloadForAuditor?: PayloadForAuditor;
  foldCatalog?: FoldCatalog;
  complianceCatalog?: ComplianceCatalog;
  /** the role that may use the API (default 'auditor') */
  role?: string;
}

export interface AuditRouter extends Router {
  accessLog: AccessLog;
  /** closes the access log (when the router opened it) */
  close(): void;
}

const AUDITOR_ROLE = 'auditor';
const LOGGED_PARAMS = ['asOf', 'version', 'from', 'to', 'agency', 'category', 'after', 'limit'] as const;
// A stream id as the store accepts it: no control characters, not a '$' system stream.
const streamIdSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\u0000-\u001f\u007f$][^\u0000-\u001f\u007f]*$/, 'not a stream id');

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date (a day in China time, UTC+8) or date-time with an offset, as epoch ms. A date
 * means the start of that day, or with `endOfDay` the start of the next (exclusive bound / "as of
 * the end of that day").
 */
export function parseInstant(value: string, name: string, endOfDay = false): number {
  let ms: number;
  if (DATE_RE.test(value)) {
    ms = Date.parse(`${value}T00:00:00+08:00`) + (endOfDay ? 86_400_000 : 0);
  } else if (INSTANT_RE.test(value)) {
    ms = Date.parse(value);
  } else {
    ms = Number.NaN;
  }
  if (!Number.isFinite(ms)) {
    throw new ProblemError('bad-request', `${name} must be an ISO 8601 date (YYYY-MM-DD, China time) or date-time with offset`, { parameter: name });
  }
  return ms;
}

function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ProblemError('bad-request', `${name} must be given once`, { parameter: name });
  return v;
}

function count(req: Request, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  const v = single(req, name);
  if (v === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ProblemError('bad-request', `${name} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`, { parameter: name });
  }
  return Number(v);
}

function streamIdOf(req: Request): string {
  const parsed = streamIdSchema.safeParse(req.params['streamId']);
  if (!parsed.success) throw new ProblemError('bad-request', 'not a stream id', { parameter: 'streamId' });
  return parsed.data;
}

export function createAuditRouter(options: AuditRouterOptions): AuditRouter {
  const { store, registry, notary, logger } = options;
  const role = options.role ?? AUDITOR_ROLE;
  const ownLog = !options.accessLog;
  const accessLog = options.accessLog ?? new AccessLog(join(options.dataDir, 'audit.db'));
  const payloadFor: PayloadForAuditor = options.payloadForAuditor ?? ((e) => e.payload);
  const foldCatalog = options.foldCatalog ?? catalogFold;
  const router = express.Router() as AuditRouter;
  router.accessLog = accessLog;
  router.close = () => {
    if (ownLog) accessLog.close();
  };

  const principalOf = (res: Response): Principal => res.locals['auditPrincipal'] as Principal;

  /** authenticate, authorize, and log the access before the handler runs */
  const guard = (route: string): RequestHandler => async (req, res, next) => {
    const params: Record<string, string> = {};
    for (const k of LOGGED_PARAMS) {
      const v = req.query[k];
      if (v !== undefined) params[k] = String(v).slice(0, 200);
    }
    const rawStream = req.params['streamId'];
    const base = {
      at: new Date().toISOString(),
      method: req.method,
      route,
      streamId: typeof rawStream === 'string' ? rawStream.slice(0, 600) : null,
      eventId: null,
      params,
      correlationId: (res.locals['correlationId'] as string | undefined) ?? null,
    };
    const principal = await registry.authenticateRequest(req.get('authorization'));
    const write = (entry: AccessEntry) => {
      try {
        accessLog.record(entry);
      } catch (err) {
        logger.error('audit access log write failed; refusing to serve', { route, ...errorFields(err) });
        throw new ProblemError('store-unavailable', 'The audit access log cannot be written, and nothing is served without it', {}, 503);
      }
    };
    if (!principal) {
      write({ ...base, outcome: 'unauthenticated', agencyId: null, agencyName: null, keyId: null });
      res.setHeader('WWW-Authenticate', 'Bearer realm="gongkai-audit"');
      throw new ProblemError('unauthenticated', 'Send the API key of an auditor agency as "Authorization: Bearer gk_…"');
    }
    const who = { agencyId: principal.agencyId, agencyName: principal.agencyName, keyId: principal.keyId };
    if (!principal.roles.has(role)) {
      write({ ...base, outcome: 'forbidden', ...who });
      throw new ProblemError('forbidden', `The audit API is for agencies with the ${role} role`);
    }
    write({ ...base, outcome: 'allowed', ...who });
    res.locals['auditPrincipal'] = principal;
    next();
  };

  async function auditorEvents(streamId: string, principal: Principal, maxCount?: number): Promise<RecordedEvent[]> {
    const events = await store.readStream(streamId, maxCount === undefined ? {} : { maxCount });
    return Promise.all(events.map(async (e) => ({ ...e, payload: await payloadFor(e, principal) })));
  }

  async function currentVersion(streamId: string): Promise<number> {
    const v = await store.streamVersion(streamId);
    if (v === 0) throw new ProblemError('not-found', `Stream ${streamId} has no events`);
    return v;
  }

  router.get('/v1/audit/streams/:streamId/history', guard('GET /v1/audit/streams/{streamId}/history'), async (req, res) => {
    const streamId = streamIdOf(req);
    const stored = await store.readStream(streamId);
    if (stored.length === 0) throw new ProblemError('not-found', `Stream ${streamId} has no events`);
    const chainBreak = verifyChain(stored);
    const principal = principalOf(res);
    const events = await Promise.all(
      stored.map(async (e) => {
        const leaf = notary.leafByEventId(e.eventId);
        return { ...envelopeJson(e), payload: await payloadFor(e, principal), leafIndex: leaf?.index ?? null };
      }),
    );
    const last = stored[stored.length - 1]!;
    res.setHeader('ETag', `"${last.version}"`);
    res.json({
      streamId,
      version: last.version,
      lastHash: last.hash,
      chain: chainBreak ? { ok: false, break: chainBreak } : { ok: true },
      events,
    });
  });

  router.get('/v1/audit/streams/:streamId/state', guard('GET /v1/audit/streams/{streamId}/state'), async (req, res) => {
    const streamId = streamIdOf(req);
    const asOfText = single(req, 'asOf');
    const versionParam = count(req, 'version');
    if (asOfText !== undefined && versionParam !== undefined) throw new ProblemError('bad-request', 'give asOf or version, not both');
    const current = await currentVersion(streamId);
    const all = await auditorEvents(streamId, principalOf(res));
    let version = current;
    let asOf: string | undefined;
    if (versionParam !== undefined) {
      if (versionParam > current) throw new ProblemError('not-found', `Stream ${streamId} is at version ${current}`, { currentVersion: current });
      version = versionParam;
    } else if (asOfText !== undefined) {
      // a date means the end of that day (China time); an instant is taken as is; both inclusive
      const end = parseInstant(asOfText, 'asOf', true);
      const asOfMs = DATE_RE.test(asOfText) ? end - 1 : end;
      asOf = new Date(asOfMs).toISOString();
      version = versionAsOf(all, asOfMs);
    }
    const f = new StreamFolder(streamId, foldCatalog);
    for (let i = 0; i < version; i++) f.apply(all[i]!);
    res.json({ ...f.state(), currentVersion: current, ...(asOf !== undefined ? { asOf } : {}) });
  });

  router.get('/v1/audit/streams/:streamId/diff', guard('GET /v1/audit/streams/{streamId}/diff'), async (req, res) => {
    const streamId = streamIdOf(req);
    const current = await currentVersion(streamId);
    const from = count(req, 'from');
    if (from === undefined) throw new ProblemError('bad-request', 'from (a version) is required', { parameter: 'from' });
    const to = count(req, 'to') ?? current;
    if (from > to) throw new ProblemError('bad-request', `from (${from}) must not exceed to (${to})`, { parameter: 'from' });
    if (to > current) throw new ProblemError('not-found', `Stream ${streamId} is at version ${current}`, { currentVersion: current });
    const principal = principalOf(res);
    const events = await auditorEvents(streamId, principal, to);
    const f = new StreamFolder(streamId, foldCatalog);
    let before: StreamState = f.state();
    events.forEach((e, i) => {
      f.apply(e);
      if (i + 1 === from) before = f.state();
    });
    const after = f.state();
    res.json({
      streamId,
      from,
      to,
      currentVersion: current,
      events: events.slice(from, to).map((e) => ({ eventId: e.eventId, type: e.type, version: e.version, occurredAt: e.occurredAt, recordedAt: e.recordedAt, agency: e.metadata.agency })),
      changes: diffStates(before, after),
    });
  });

  router.get('/v1/audit/compliance', guard('GET /v1/audit/compliance'), async (req, res) => {
    const fromText = single(req, 'from');
    const toText = single(req, 'to');
    const now = Date.now();
    const to = toText === undefined ? now : parseInstant(toText, 'to', true);
    const from = fromText === undefined ? to - 30 * 86_400_000 : parseInstant(fromText, 'from');
    if (from >= to) throw new ProblemError('bad-request', 'from must be before to', { parameter: 'from' });
    const agency = single(req, 'agency');
    const category = single(req, 'category');
    if (category !== undefined && category !== 'unknown' && !(CATEGORY_SLUGS as readonly string[]).includes(category)) {
      throw new ProblemError('bad-request', `unknown category ${JSON.stringify(category)}`, { parameter: 'category', categories: CATEGORY_SLUGS });
    }
    const lateLimit = count(req, 'limit', { min: 0, max: 10_000 }) ?? 100;
    const report = await complianceReport(
      store,
      { from, to, lateLimit, ...(agency !== undefined ? { agency } : {}), ...(category !== undefined ? { category } : {}) },
      options.complianceCatalog,
    );
    const names = new Map(registry.listAgencies().map((a) => [a.id, a.name]));
    res.json({
      ...report,
      byAgency: report.byAgency.map((r) => ({ ...r, agencyName: names.get(r.agency) ?? null })),
    });
  });

  router.get('/v1/audit/export', guard('GET /v1/audit/export'), async (req, res) => {
    const fromText = single(req, 'from');
    const toText = single(req, 'to');
    const from = fromText === undefined ? undefined : parseInstant(fromText, 'from');
    const to = toText === undefined ? undefined : parseInstant(toText, 'to', true);
    if (from !== undefined && to !== undefined && from >= to) throw new ProblemError('bad-request', 'from must be before to', { parameter: 'from' });
    // prove against a checkpoint that covers everything committed so far, when we can make one
    let checkpoint = notary.latest();
    if (notary.checkpointNow) {
      try {
        checkpoint = await notary.checkpointNow();
      } catch (err) {
        logger.warn('audit export: no fresh checkpoint; proving against the latest', errorFields(err));
      }
    }
    if (!checkpoint) throw new ProblemError('not-found', 'The notary has not signed a checkpoint yet');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="gongkai-audit-${stamp}.ndjson"`);
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(
      Readable.from(exportBundle({ store, notary, checkpoint, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })),
      res,
    );
  });

  router.get('/v1/audit/access-log', guard('GET /v1/audit/access-log'), (req, res) => {
    const after = count(req, 'after') ?? 0;
    const limit = count(req, 'limit', { min: 1, max: 1000 }) ?? 100;
    const entries = accessLog.list(after, limit);
    res.json({
      entries,
      ...(entries.length === limit ? { next: `/v1/audit/access-log?after=${entries[entries.length - 1]!.id}&limit=${limit}` } : {}),
    });
  });

  return router;
}
