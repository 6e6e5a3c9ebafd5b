// HTTP routes of 依申请公开 and the annual report.
//
// Requesters (no account; a request token `gkp_…` scoped to their one request stream):
//   GET  /v1/public/requests/agencies              the agencies that take requests (id, name, regions)
//   POST /v1/public/requests                       submit → 201 { requestId, token (shown once), receivedDate, dueDate }
//   GET  /v1/public/requests/{requestId}           status and clock of the request (Bearer token)
//   POST /v1/public/requests/{requestId}/supplement  the completed request (补正) (Bearer token)
//   GET  /v1/public/requests/{requestId}/items     the items the answer provides (依申请 records), redacted as answered
// Agencies (API key) and auditors:
//   GET  /v1/requests[?overdue=true]               requests addressed to the agency (auditor: all), with clocks
// Everyone:
//   GET  /v1/public/reports/annual?year=&agency=   the 年度报告 statistics (JSON; HTML with Accept: text/html or format=html)
//
// Requester events go through the ingest's one append path (AppendService) under the agency the
// request is addressed to (metadata.agency = that agency, user = `requester`), so the catalog's
// validation, jurisdiction and lifecycle rules apply as for any event. Agencies post the other
// events (补正 notice, consultations, extension, answer, fee) with their API keys on
// POST /v1/streams/request-{id}/events. Nothing here logs a payload.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { AGENCY_ROLES, chinaDate, regionCovers } from '@gongkai/catalog';
import type { AgencyRegistry, Principal } from '@gongkai/access';
import type { EventStore } from '@gongkai/event-store';
import type { AppendService } from '@gongkai/ingest';
import { ProblemError, type Logger } from '@gongkai/platform';
import { recordIdOf } from '@gongkai/projector';
import { TokenBuckets, rateLimit, type RateLimitOptions } from '@gongkai/public-api';
import type { PartyTokenRegistry, ReadStore } from '@gongkai/read-store';
import { requestClock, type RequestClock } from './clock.ts';
import { RequestIndex, clockEventOf } from './request-index.ts';
import { annualReport, type AnnualReport } from './report.ts';
import { renderAnnualReportHtml } from './report-html.ts';
import { removePaths } from './redact.ts';

export interface RequestsRouterOptions {
  appendService: AppendService;
  /** the ledger (request events' non-personal fields and the report's counts) */
  store: EventStore;
  registry: AgencyRegistry;
  /** the read models the answered items come from (or how to open them, on first use) */
  readStore: ReadStore | (() => Promise<ReadStore>);
  /** request tokens (their own file, request-tokens.db: never party tokens) */
  tokens: PartyTokenRegistry;
  logger: Logger;
  /** per-IP limit on submissions (default 10 at once, one every 6 s); false: none */
  submitRateLimit?: RateLimitOptions | false;
  /** today's date in China (tests) */
  today?: () => string;
  /** an agency's name where the registry has none (the host's built-in demo agency) */
  agencyName?: (id: string) => string | undefined;
}

const REQUEST_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const submitSchema = z
  .object({
    agencyId: z.string().min(1).max(100),
    region: z.string().regex(/^\d{6}$/).optional(),
    // checked as an object here; the catalog validates its fields
    requester: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'requester must be an object' }),
    description: z.string().min(1).max(20_000),
    form: z.enum(['paper', 'electronic', 'either']).optional(),
  })
  .strict();

const supplementSchema = z.object({ supplement: z.string().min(1).max(20_000) }).strict();

function bad(error: z.ZodError): ProblemError {
  return new ProblemError('validation-failed', 'The request body is invalid', {
    errors: error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message })),
  });
}

function newRequestId(today: string): string {
  return `YSQ-${today.replaceAll('-', '')}-${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** A public view of a clock: dates and counts only. */
export function clockView(clock: RequestClock) {
  return {
    status: clock.status,
    receivedDate: clock.receivedDate,
    clockStart: clock.clockStart,
    dueDate: clock.dueDate,
    provisional: clock.provisional,
    onTime: clock.onTime,
    overdue: clock.overdue,
    workingDaysOverdue: clock.workingDaysOverdue,
    pausedWorkingDays: clock.pausedWorkingDays,
    pauses: clock.pauses.map((p) => ({ kind: p.kind, sentDate: p.sentDate, replyDate: p.replyDate, workingDays: p.workingDays })),
    supplement: clock.supplement,
    extension: clock.extension,
    answer: clock.answer ? { answerDate: clock.answer.answerDate, outcome: clock.answer.outcome } : null,
    asOf: clock.asOf,
  };
}

export function createRequestsRouter(options: RequestsRouterOptions): Router {
  const { appendService, store, registry, tokens, logger } = options;
  let readStore: Promise<ReadStore> | undefined;
  const readModels = () =>
    (readStore ??= (typeof options.readStore === 'function' ? options.readStore() : Promise.resolve(options.readStore)).catch((err: unknown) => {
      readStore = undefined; // try again on the next request
      throw err;
    }));
  const today = options.today ?? (() => chinaDate(new Date().toISOString()));
  const index = new RequestIndex(store);
  const router = express.Router();
  const json = express.json({ limit: '256kb' });
  const limiter = options.submitRateLimit === false ? [] : [rateLimit(new TokenBuckets({ capacity: 10, refillPerSecond: 1 / 6, ...(options.submitRateLimit ?? {}) }))];

  /** The agency a request is addressed to, acting for the requester (its roles and jurisdiction). */
  function agencyPrincipal(agencyId: string): Principal {
    const agency = registry.getAgency(agencyId);
    if (!agency || agency.revokedAt !== null) throw new ProblemError('not-found', `No agency ${JSON.stringify(agencyId)} takes requests here`);
    return { kind: 'agency', agencyId: agency.id, agencyName: agency.name, roles: new Set(agency.roles), regions: agency.regions, keyId: 'requester' };
  }

  /** The request stream the bearer token unlocks; 401 without a valid token, 404 for another request. */
  function requestStream(req: Request): string {
    const requestId = String(req.params['requestId']);
    if (!REQUEST_ID_RE.test(requestId)) throw new ProblemError('not-found', 'No such request');
    const principal = tokens.authenticate(req.get('authorization'));
    if (!principal) {
      throw new ProblemError('unauthenticated', 'Send the request token you were given at submission as "Authorization: Bearer gkp_…"');
    }
    const streamId = `request-${requestId}`;
    // a token of another request learns nothing about this one
    if (!principal.streams.has(streamId)) throw new ProblemError('not-found', 'No such request for this token');
    return streamId;
  }

  async function clockOf(streamId: string): Promise<{ clock: RequestClock; events: Awaited<ReturnType<EventStore['readStream']>> }> {
    const events = await store.readStream(streamId);
    if (events.length === 0) throw new ProblemError('not-found', 'No such request');
    return { clock: requestClock(events.map(clockEventOf), today()), events };
  }

  // the agencies a request can be addressed to (names and jurisdictions are public)
  router.get('/v1/public/requests/agencies', (_req, res) => {
    const agencies = registry
      .listAgencies()
      .filter((a) => a.revokedAt === null && a.roles.some((r) => (AGENCY_ROLES as readonly string[]).includes(r)))
      .map((a) => ({ id: a.id, name: a.name, regions: a.regions }));
    res.json({ agencies });
  });

  router.post('/v1/public/requests', ...limiter, json, async (req, res) => {
    const parsed = submitSchema.safeParse(req.body);
    if (!parsed.success) throw bad(parsed.error);
    const body = parsed.data;
    const principal = agencyPrincipal(body.agencyId);
    const region = body.region ?? principal.regions[0];
    if (!region || !principal.regions.some((j) => regionCovers(j, region))) {
      throw new ProblemError('validation-failed', `Region ${region ?? '(none)'} is outside the agency's jurisdiction`, { errors: [{ path: '/region', message: 'outside the jurisdiction of the agency' }] });
    }
    const day = today();
    const requestId = newRequestId(day);
    const streamId = `request-${requestId}`;
    // 条例第31条: online, the receipt date is the day both sides confirm — the platform confirms at once
    const payload = {
      requestId,
      region,
      agency: { name: principal.agencyName },
      requester: body.requester,
      channel: 'online',
      submittedDate: day,
      receivedDate: day,
      description: body.description,
      ...(body.form ? { form: body.form } : {}),
    };
    const appended = await appendService.appendToStream(principal, streamId, [{ type: 'RequestSubmitted', payload }], 'no_stream');
    const token = tokens.issue(streamId);
    const clock = requestClock([{ eventId: appended.events[0]!.eventId, type: 'RequestSubmitted', payload, occurredAt: day, agency: principal.agencyId }], day);
    logger.info('request submitted', { requestId, agency: principal.agencyId });
    res.status(201).setHeader('Cache-Control', 'no-store').json({
      requestId,
      streamId,
      agencyId: principal.agencyId,
      token: token.token,
      receivedDate: day,
      dueDate: clock.dueDate,
      links: { status: `/v1/public/requests/${requestId}`, supplement: `/v1/public/requests/${requestId}/supplement`, items: `/v1/public/requests/${requestId}/items` },
    });
  });

  router.get('/v1/public/requests/:requestId', async (req, res) => {
    const streamId = requestStream(req);
    const { clock, events } = await clockOf(streamId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      requestId: clock.requestId,
      clock: clockView(clock),
      // what happened, without the payloads (the requester's own data is not echoed)
      events: events.map((e) => ({ eventId: e.eventId, type: e.type, date: e.occurredAt.slice(0, 10), recordedAt: e.recordedAt })),
    });
  });

  router.post('/v1/public/requests/:requestId/supplement', json, async (req, res) => {
    const streamId = requestStream(req);
    const parsed = supplementSchema.safeParse(req.body);
    if (!parsed.success) throw bad(parsed.error);
    const { events } = await clockOf(streamId);
    const submitted = events.find((e) => e.type === 'RequestSubmitted');
    if (!submitted) throw new ProblemError('not-found', 'No such request');
    const principal = agencyPrincipal(submitted.metadata.agency);
    const payload = { requestId: submitted.payload['requestId'], region: submitted.payload['region'], receivedDate: today(), supplement: parsed.data.supplement };
    const appended = await appendService.appendToStream(principal, streamId, [{ type: 'SupplementReceived', payload }]);
    logger.info('request supplemented', { streamId });
    const { clock } = await clockOf(streamId);
    res.status(201).setHeader('Cache-Control', 'no-store').json({ eventId: appended.events[0]!.eventId, clock: clockView(clock) });
  });

  router.get('/v1/public/requests/:requestId/items', async (req, res) => {
    const streamId = requestStream(req);
    const { clock, events } = await clockOf(streamId);
    res.setHeader('Cache-Control', 'no-store');
    const answer = clock.answer ? events.find((e) => e.eventId === clock.answer!.eventId) : undefined;
    if (!answer || (clock.answer!.outcome !== 'disclosed' && clock.answer!.outcome !== 'partially-disclosed')) {
      res.json({ outcome: clock.answer?.outcome ?? null, items: [] });
      return;
    }
    const wanted = ((answer.payload['items'] ?? []) as Array<{ streamId: string; recordKey: string }>).map((i) => ({ ...i, id: recordIdOf(i.streamId, i.recordKey) }));
    const redacted = (answer.payload['redactedPaths'] ?? []) as string[];
    const records = await (await readModels()).loadRecords(wanted.map((w) => w.id));
    const items = wanted.map((w) => {
      const r = records.get(w.id);
      // the answer gives 依申请 items (and public ones); never another audience's
      if (!r || r.streamId !== w.streamId || r.key !== w.recordKey || (r.audience !== 'request' && r.audience !== 'public')) {
        return { streamId: w.streamId, recordKey: w.recordKey, available: false };
      }
      return {
        streamId: r.streamId,
        recordKey: r.key,
        available: true,
        id: r.id,
        category: r.category,
        title: r.title,
        formedDate: r.formedDate,
        versions: r.versions
          .filter((v) => v.retractedBy === undefined)
          .map((v) => ({ eventId: v.eventId, type: v.type, formedDate: v.formedDate, hash: v.hash, view: removePaths(v.view, redacted), redactions: v.redactions ?? [], withheld: redacted })),
      };
    });
    res.json({ outcome: clock.answer!.outcome, items });
  });

  router.get('/v1/requests', async (req, res) => {
    const principal = await registry.authenticateRequest(req.get('authorization'));
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="gongkai-requests"');
      throw new ProblemError('unauthenticated', 'Send an agency API key as "Authorization: Bearer gk_…"');
    }
    const overdueOnly = req.query['overdue'] === 'true';
    const asOf = today();
    // auditors see every agency's requests; an agency its own
    const all = principal.roles.has('auditor') || principal.roles.has('admin');
    const list = await index.list(asOf, all ? undefined : principal.agencyId);
    const rows = list.filter((r) => !overdueOnly || r.clock.overdue).map((r) => ({ streamId: r.streamId, requestId: r.clock.requestId, agency: r.agency, clock: clockView(r.clock) }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ asOf, count: rows.length, overdue: rows.filter((r) => r.clock.overdue).length, requests: rows });
  });

  const reports = new Map<string, Promise<AnnualReport>>();
  const reportLimiter = options.submitRateLimit === false ? [] : [rateLimit(new TokenBuckets({ capacity: 20, refillPerSecond: 1 }))];
  router.get('/v1/public/reports/annual', ...reportLimiter, async (req, res) => {
    const year = Number(req.query['year']);
    const agencyId = typeof req.query['agency'] === 'string' ? req.query['agency'] : '';
    if (!Number.isInteger(year) || year < 2008 || year > 9999) throw new ProblemError('bad-request', 'year must be a calendar year, e.g. ?year=2026');
    if (!agencyId) throw new ProblemError('bad-request', 'agency is required, e.g. ?agency=<agency id>');
    // one pass over the whole ledger: computed once per (year, agency, ledger head), shared by concurrent callers
    const head = await store.headPosition();
    const cacheKey = `${year}\u0000${agencyId}\u0000${head}`;
    let pending = reports.get(cacheKey);
    if (!pending) {
      pending = annualReport(store, { year, agencyId, agencyName: registry.getAgency(agencyId)?.name ?? options.agencyName?.(agencyId) ?? null });
      reports.set(cacheKey, pending);
      pending.catch(() => reports.delete(cacheKey));
      while (reports.size > 32) reports.delete(reports.keys().next().value!);
    }
    const report = await pending;
    const wantsHtml = req.query['format'] === 'html' || (req.query['format'] === undefined && req.accepts(['application/json', 'text/html']) === 'text/html');
    if (wantsHtml) res.type('text/html; charset=utf-8').send(renderAnnualReportHtml(report));
    else res.json(report);
  });

  return router;
}
