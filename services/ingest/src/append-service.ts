// The one append path: HTTP single-stream posts, HTTP batches and the demo loader all come here.
// Order of checks: known type → served domain → role (coarse) → payload schema → stream id →
// role for this payload and jurisdiction → lifecycle → append with the version the lifecycle was
// checked against. Nothing is written unless every event of the stream append passes.
import { v7 as uuidv7 } from 'uuid';
import {
  assessTimeliness,
  checkLifecycle,
  checkStreamId,
  chinaDate,
  domainFor,
  getEntry,
  latestSchemaVersion,
  occurredAtOf,
  regionCovers,
  rolesFor,
  validatePayload,
} from '@gongkai/catalog';
import {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '@gongkai/event-store';
import { ProblemError, type Metrics } from '@gongkai/platform';
import type { Principal } from '@gongkai/access';
import { KeyedMutex } from './keyed-mutex.ts';
import { StreamHistoryCache, type HistoryItem, type StreamHistory } from './stream-history.ts';
import type { EventInput } from './request-schema.ts';

export interface AppendedEventView {
  eventId: string;
  type: string;
  version: number;
  globalPosition: string;
  hash: string;
  recordedAt: string;
  occurredAt: string;
  timeliness: { dueDate: string; late: boolean; rule: string; provisional?: boolean } | null;
}

export interface StreamAppendView {
  streamId: string;
  version: number;
  duplicate: boolean;
  events: AppendedEventView[];
}

export interface AppendServiceOptions {
  store: EventStore;
  metrics: Metrics;
  /** domains this process accepts (undefined = all) */
  domains?: ReadonlySet<string>;
  /** retries when another writer moved the stream and the client accepted any version */
  maxRetries?: number;
}

function satisfies(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
}

export class AppendService {
  private readonly store: EventStore;
  private readonly domains: ReadonlySet<string> | undefined;
  private readonly maxRetries: number;
  private readonly history: StreamHistoryCache;
  private readonly mutex = new KeyedMutex();
  private readonly appended;
  private readonly rejected;

  constructor(options: AppendServiceOptions) {
    this.store = options.store;
    this.domains = options.domains;
    this.maxRetries = options.maxRetries ?? 5;
    this.history = new StreamHistoryCache(options.store);
    this.appended = options.metrics.counter('gongkai_events_appended_total', 'Events appended to the ledger', ['type', 'late'] as const);
    this.rejected = options.metrics.counter('gongkai_events_rejected_total', 'Event appends rejected, by problem type', ['problem'] as const);
  }

  private today = { until: 0, date: '' };

  /** Today's date in China, recomputed at most once a second (it is checked for every event). */
  private todayInChina(): string {
    const now = Date.now();
    if (now >= this.today.until) this.today = { until: now + 1000, date: chinaDate(new Date(now).toISOString()) };
    return this.today.date;
  }

  /** Appends events to one stream atomically, or throws a ProblemError (nothing written). */
  async appendToStream(principal: Principal, streamId: string, inputs: EventInput[], expected: ExpectedVersion = 'any'): Promise<StreamAppendView> {
    try {
      const events = inputs.map((input, i) => this.prepare(principal, streamId, input, i));
      return await this.mutex.run(streamId, () => this.appendPrepared(streamId, events, expected));
    } catch (err) {
      if (err instanceof ProblemError) this.rejected.inc({ problem: err.problemType });
      throw err;
    }
  }

  /** Stateless checks of one event: type, domain, role, schema, stream id, jurisdiction. */
  private prepare(principal: Principal, streamId: string, input: EventInput, index: number): NewEvent {
    const at = `/events/${index}`;
    const entry = getEntry(input.type);
    if (!entry) throw new ProblemError('unknown-event-type', `Unknown event type ${JSON.stringify(input.type)}; GET /v1/catalog lists the types`, { errors: [{ path: `${at}/type`, message: 'unknown event type' }] });
    if (this.domains && entry.domain !== 'same-as-target' && !this.domains.has(entry.domain)) {
      throw new ProblemError('type-not-served', `This ingest serves the domains ${[...this.domains].join(', ')}; ${input.type} belongs to ${entry.domain}`);
    }
    // Amendments take their roles from the target type, known only once the payload is read.
    if (!entry.amends && !entry.roles.some((r: string) => principal.roles.has(r))) {
      throw new ProblemError('forbidden', `Agency roles do not include any role allowed to post ${input.type} (${entry.roles.join(', ')})`, { rule: 'role' });
    }
    const schemaVersion = input.schemaVersion ?? latestSchemaVersion(input.type) ?? 1;
    const validated = validatePayload(input.type, schemaVersion, input.payload);
    if (!validated.ok) {
      throw new ProblemError('validation-failed', `The ${input.type} payload is invalid`, {
        errors: validated.issues.map((i: { path: string; message: string }) => ({ path: `${at}/payload${i.path.startsWith('/') || i.path === '' ? i.path : '/' + i.path}`, message: i.message })),
      });
    }
    const payload = validated.payload as Record<string, unknown>;
    const streamIssue = checkStreamId(input.type, streamId, payload);
    if (streamIssue) throw new ProblemError('invalid-stream-id', streamIssue.message, { streamId, errors: [{ path: `${at}/payload/${streamIssue.path}`, message: streamIssue.message }] });
    if (entry.amends) {
      const domain = domainFor(entry, payload);
      if (this.domains && domain && !this.domains.has(domain)) throw new ProblemError('type-not-served', `This ingest does not serve amendments of ${domain} events`);
    }
    const allowed = rolesFor(entry, payload);
    if (!allowed.some((r: string) => principal.roles.has(r))) {
      throw new ProblemError('forbidden', `Agency roles do not allow ${input.type} of this kind (needs one of ${allowed.join(', ')})`, { rule: 'role' });
    }
    // An amendment's region is its target's; the lifecycle rule AMEND-SAME-AGENCY lets only the
    // agency that posted the target (and so held that jurisdiction) amend it.
    if (!entry.amends) {
      const region = entry.regionOf(payload);
      if (!region || !principal.regions.some((j) => regionCovers(j, region))) {
        throw new ProblemError('forbidden', `Region ${region ?? '(none)'} is outside the agency's jurisdiction (${principal.regions.join(', ')})`, { rule: 'jurisdiction' });
      }
    }
    const occurredAt = occurredAtOf(input.type, payload);
    if (!occurredAt) throw new ProblemError('validation-failed', `The ${input.type} payload has no formed date`, { errors: [{ path: `${at}/payload/${entry.formedDateField}`, message: 'required' }] });
    // Information cannot be disclosed before it is formed: a formed date after today (China time) is a typo.
    if (occurredAt.slice(0, 10) > this.todayInChina()) {
      throw new ProblemError('validation-failed', `The formed date ${occurredAt} of ${input.type} is in the future`, { errors: [{ path: `${at}/payload/${entry.formedDateField}`, message: 'must not be after today (Asia/Shanghai)' }] });
    }
    return {
      eventId: input.eventId ?? uuidv7(),
      type: input.type,
      schemaVersion,
      occurredAt,
      payload,
      metadata: {
        agency: principal.agencyId,
        user: principal.keyId,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        ...(input.causationId ? { causationId: input.causationId } : {}),
      },
    };
  }

  private async appendPrepared(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<StreamAppendView> {
    for (let attempt = 0; ; attempt++) {
      let history = await this.history.get(streamId);
      // A retry of an acknowledged append must get the original answer, not a lifecycle error;
      // the store tells a true duplicate from an id reused for other content. (An id used in
      // another stream is not in this history: the store rejects it as a conflict at append.)
      if (events.some((e) => history.eventIds.has(e.eventId))) return await this.commit(streamId, events, 'any');
      if (!satisfies(expected, history.version)) history = await this.history.reload(streamId);
      if (!satisfies(expected, history.version)) {
        throw new ProblemError('version-conflict', `Stream ${streamId} is at version ${history.version}, expected ${String(expected)}`, { currentVersion: history.version });
      }
      const violation = this.lifecycleViolation(history, events);
      if (violation) {
        // judged on a cached history: another process may have appended what the rule asks for
        // (e.g. the award before the contract), so refuse only on the stream as the store has it
        if (attempt < this.maxRetries && (await this.store.streamVersion(streamId)) !== history.version) {
          this.history.invalidate(streamId);
          continue;
        }
        throw new ProblemError('lifecycle-violation', violation.message, { rule: violation.rule, errors: [{ path: `/events/${violation.index}`, message: violation.message }] });
      }
      try {
        return await this.commit(streamId, events, history.version);
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        // another process moved the stream: reload and, if the client allowed it, try again
        this.history.invalidate(streamId);
        if (expected !== 'any' && attempt >= 1) {
          throw new ProblemError('version-conflict', `Stream ${streamId} is at version ${err.actual}, expected ${String(expected)}`, { currentVersion: err.actual });
        }
        if (attempt >= this.maxRetries) {
          throw new ProblemError('version-conflict', `Stream ${streamId} kept moving while appending; try again`, { currentVersion: err.actual });
        }
      }
    }
  }

  /** The first lifecycle rule the events break, appended in order after `history`. */
  private lifecycleViolation(history: StreamHistory, events: NewEvent[]): { rule: string; message: string; index: number } | undefined {
    const seen: HistoryItem[] = [...history.items];
    for (const [index, e] of events.entries()) {
      const candidate: HistoryItem = { eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload, occurredAt: e.occurredAt, agency: e.metadata.agency };
      const violation = checkLifecycle(seen, candidate);
      if (violation) return { rule: violation.rule, message: violation.message, index };
      seen.push(candidate);
    }
    return undefined;
  }

  private async commit(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<StreamAppendView> {
    let result;
    try {
      result = await this.store.append(streamId, events, { expectedVersion });
    } catch (err) {
      if (err instanceof IdempotencyConflictError) throw new ProblemError('idempotency-conflict', err.message, { eventId: err.eventId });
      if (err instanceof StoreUnavailableError) throw new ProblemError('store-unavailable', err.message);
      // the store's own input checks (e.g. a value JSON cannot carry) — bad input, never a 500
      if (err instanceof EventStoreInputError) throw new ProblemError('validation-failed', err.message, { errors: [{ path: err.path, message: err.problem }] });
      throw err;
    }
    if (!result.duplicate) this.history.appended(streamId, events, result.nextExpectedVersion);
    const recorded = result.duplicate ? await this.recordedOf(result.events.map((e) => e.eventId)) : undefined;
    const view: StreamAppendView = {
      streamId,
      version: result.nextExpectedVersion,
      duplicate: result.duplicate,
      events: result.events.map((a, i) => {
        const e = recorded?.[i] ?? events[i]!;
        const timeliness = assessTimeliness(e.type, e.payload, a.recordedAt);
        if (!result.duplicate) this.appended.inc({ type: e.type, late: String(timeliness?.late ?? false) });
        return {
          eventId: a.eventId,
          type: e.type,
          version: a.version,
          globalPosition: a.globalPosition.toString(),
          hash: a.hash,
          recordedAt: a.recordedAt,
          occurredAt: e.occurredAt,
          timeliness: timeliness ? { dueDate: timeliness.dueDate, late: timeliness.late, rule: timeliness.rule, ...(timeliness.provisional ? { provisional: true } : {}) } : null,
        };
      }),
    };
    return view;
  }

  private async recordedOf(eventIds: string[]): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (const id of eventIds) {
      const e = await this.store.getEvent(id);
      if (e) out.push(e);
    }
    return out;
  }
}
