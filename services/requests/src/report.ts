// 政府信息公开年度报告 (条例 第49–50条; format of 国办公开办函〔2021〕30号) built from the ledger: the
// proactive disclosures of the year per category, and the requests for disclosure — received (by
// requester type), carried over from the previous year, answered by outcome and reason, carried
// over to the next year, on time and overdue, fees. Every figure lists the ids of the events it
// counts, so an auditor can trace it (GET /v1/audit/… shows each event).
//
// Dates: requests count by their own dates (receipt date, answer date — the dates the 条例 speaks
// of); proactive disclosures by the day they were published, i.e. recorded in the ledger (China
// time). One pass over the global log; only request streams are kept in memory.
import {
  CATEGORIES,
  NOT_PROCESSED_REASONS,
  OTHER_CHANNELS,
  REQUEST_OUTCOMES,
  UNAVAILABLE_REASONS,
  WITHHOLDING_GROUNDS,
  assessTimeliness,
  audienceFor,
  categoryFor,
  chinaDate,
  getEntry,
  type CategorySlug,
} from '@gongkai/catalog';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { requestClock, type ClockEvent, type RequestClock } from './clock.ts';

export interface Figure {
  value: number;
  /** ids of the events counted */
  events: string[];
}

export interface ProactiveRow {
  category: CategorySlug;
  zh: string;
  en: string;
  published: Figure;
  /** published after their deadline */
  late: Figure;
  corrected: Figure;
  retracted: Figure;
}

export interface AnnualReport {
  kind: 'gongkai-annual-report';
  year: number;
  agency: { id: string; name: string | null };
  /** the day the year's clocks are read on */
  asOf: string;
  /** global position of the last ledger event read */
  ledgerPosition: string;
  proactive: { categories: ProactiveRow[]; total: Figure };
  requests: {
    received: { total: Figure; byRequester: Record<'citizen' | 'company' | 'organisation', Figure> };
    carriedOverFromPreviousYear: Figure;
    /** received this year or carried over, i.e. to be handled this year */
    toHandle: Figure;
    answered: {
      total: Figure;
      byOutcome: Record<string, Figure>;
      /** outcome → reason (ground, reason, channel) → figure */
      byReason: Record<string, Record<string, Figure>>;
    };
    carriedOverToNextYear: Figure;
    /** answered by the due date this year */
    onTime: Figure;
    overdue: { total: Figure; answeredLate: Figure; openPastDue: Figure };
    supplementsRequested: Figure;
    consultations: Figure;
    extensions: Figure;
    fees: { count: Figure; amountYuan: number };
  };
}

function figure(): Figure {
  return { value: 0, events: [] };
}
function count(f: Figure, eventId: string): void {
  f.value++;
  f.events.push(eventId);
}

const REASON_FIELD: Record<string, { field: string; labels: Record<string, string> }> = {
  'partially-disclosed': { field: 'ground', labels: WITHHOLDING_GROUNDS },
  withheld: { field: 'ground', labels: WITHHOLDING_GROUNDS },
  unavailable: { field: 'unavailableReason', labels: UNAVAILABLE_REASONS },
  'not-processed': { field: 'notProcessedReason', labels: NOT_PROCESSED_REASONS },
  'other-channel': { field: 'otherChannel', labels: OTHER_CHANNELS },
};

export interface ReportOptions {
  year: number;
  agencyId: string;
  agencyName?: string | null;
}

/** Folds ledger events (in global order) into the annual report of one agency. */
export class AnnualReportBuilder {
  private readonly from: string;
  private readonly to: string;
  private readonly proactive = new Map<CategorySlug, ProactiveRow>();
  private readonly requestStreams = new Map<string, { agency: string | null; events: ClockEvent[] }>();
  private readonly ids = new Map<string, RecordedEvent>();
  private position = 0n;

  constructor(private readonly options: ReportOptions) {
    if (!Number.isInteger(options.year) || options.year < 2008 || options.year > 9999) throw new RangeError('year must be a calendar year from 2008 on');
    this.from = `${options.year}-01-01`;
    this.to = `${options.year}-12-31`;
  }

  add(e: RecordedEvent): void {
    this.position = e.globalPosition;
    if (e.streamId.startsWith('request-')) {
      let s = this.requestStreams.get(e.streamId);
      if (!s) this.requestStreams.set(e.streamId, (s = { agency: null, events: [] }));
      if (e.type === 'RequestSubmitted') s.agency = e.metadata.agency;
      s.events.push({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload, occurredAt: e.occurredAt, agency: e.metadata.agency });
      this.ids.set(e.eventId, e);
      return;
    }
    if (e.metadata.agency !== this.options.agencyId) return;
    const published = chinaDate(e.recordedAt);
    if (published < this.from || published > this.to) return;
    const entry = getEntry(e.type, e.schemaVersion);
    if (!entry) return;
    const category = categoryFor(entry, e.payload);
    const audience = audienceFor(entry, e.payload);
    // 主动公开: to everyone or to the affected parties; 依申请 items are not proactive
    if (!category || category === 'requests' || audience === undefined || audience === 'request') return;
    let row = this.proactive.get(category);
    if (!row) {
      const c = CATEGORIES[category];
      this.proactive.set(category, (row = { category, zh: c.zh, en: c.en, published: figure(), late: figure(), corrected: figure(), retracted: figure() }));
    }
    if (entry.amends) {
      count(entry.amends.changesField === undefined ? row.retracted : row.corrected, e.eventId);
      return;
    }
    count(row.published, e.eventId);
    if (assessTimeliness(e.type, e.payload, e.recordedAt)?.late) count(row.late, e.eventId);
  }

  /** The request clocks of this agency's requests as of the year's last day. */
  clocks(): Array<{ streamId: string; clock: RequestClock; submittedEventId: string }> {
    const out: Array<{ streamId: string; clock: RequestClock; submittedEventId: string }> = [];
    for (const [streamId, s] of this.requestStreams) {
      if (s.agency !== this.options.agencyId) continue;
      const submitted = s.events.find((e) => e.type === 'RequestSubmitted');
      if (!submitted) continue;
      out.push({ streamId, clock: requestClock(s.events, this.to), submittedEventId: submitted.eventId });
    }
    return out;
  }

  finish(): AnnualReport {
    const categories = [...this.proactive.values()].sort((a, b) => Object.keys(CATEGORIES).indexOf(a.category) - Object.keys(CATEGORIES).indexOf(b.category));
    const total = figure();
    for (const row of categories) for (const id of row.published.events) count(total, id);

    const r: AnnualReport['requests'] = {
      received: { total: figure(), byRequester: { citizen: figure(), company: figure(), organisation: figure() } },
      carriedOverFromPreviousYear: figure(),
      toHandle: figure(),
      answered: { total: figure(), byOutcome: Object.fromEntries(Object.keys(REQUEST_OUTCOMES).map((o) => [o, figure()])), byReason: {} },
      carriedOverToNextYear: figure(),
      onTime: figure(),
      overdue: { total: figure(), answeredLate: figure(), openPastDue: figure() },
      supplementsRequested: figure(),
      consultations: figure(),
      extensions: figure(),
      fees: { count: figure(), amountYuan: 0 },
    };
    for (const [outcome, spec] of Object.entries(REASON_FIELD)) r.answered.byReason[outcome] = Object.fromEntries(Object.keys(spec.labels).map((k) => [k, figure()]));

    const inYear = (d: string | null | undefined) => d !== null && d !== undefined && d >= this.from && d <= this.to;
    for (const { clock, submittedEventId, streamId } of this.clocks().sort((a, b) => (a.streamId < b.streamId ? -1 : 1))) {
      const received = clock.receivedDate!;
      if (received > this.to) continue;
      const answer = clock.answer;
      const answeredBefore = answer !== null && answer.answerDate < this.from;
      if (answeredBefore) continue;
      if (inYear(received)) {
        count(r.received.total, submittedEventId);
        const type = String((this.ids.get(submittedEventId)!.payload['requester'] as Record<string, unknown>)['type']);
        const byType = r.received.byRequester[type as 'citizen'];
        if (byType) count(byType, submittedEventId);
      } else {
        count(r.carriedOverFromPreviousYear, submittedEventId);
      }
      count(r.toHandle, submittedEventId);
      if (answer) {
        count(r.answered.total, answer.eventId);
        count(r.answered.byOutcome[answer.outcome]!, answer.eventId);
        const spec = REASON_FIELD[answer.outcome];
        if (spec) {
          const reason = this.ids.get(answer.eventId)!.payload[spec.field];
          const cell = typeof reason === 'string' ? r.answered.byReason[answer.outcome]![reason] : undefined;
          if (cell) count(cell, answer.eventId);
        }
        if (clock.onTime) count(r.onTime, answer.eventId);
        if (clock.overdue) {
          count(r.overdue.total, answer.eventId);
          count(r.overdue.answeredLate, answer.eventId);
        }
      } else {
        count(r.carriedOverToNextYear, submittedEventId);
        if (clock.overdue) {
          count(r.overdue.total, submittedEventId);
          count(r.overdue.openPastDue, submittedEventId);
        }
      }
      for (const e of this.requestStreams.get(streamId)!.events) {
        const date = this.ids.get(e.eventId)!.occurredAt.slice(0, 10);
        if (!inYear(date)) continue;
        if (e.type === 'SupplementRequested') count(r.supplementsRequested, e.eventId);
        else if (e.type === 'ThirdPartyConsulted') count(r.consultations, e.eventId);
        else if (e.type === 'ExtensionApproved') count(r.extensions, e.eventId);
        else if (e.type === 'FeeCharged') {
          count(r.fees.count, e.eventId);
          r.fees.amountYuan = Math.round((r.fees.amountYuan + Number((e.payload as Record<string, unknown>)['amount'] ?? 0)) * 100) / 100;
        }
      }
    }
    return {
      kind: 'gongkai-annual-report',
      year: this.options.year,
      agency: { id: this.options.agencyId, name: this.options.agencyName ?? null },
      asOf: this.to,
      ledgerPosition: this.position.toString(),
      proactive: { categories, total },
      requests: r,
    };
  }
}

/** Reads the whole global log in batches into `builder`. */
export async function readLedgerInto(store: EventStore, sink: { add(e: RecordedEvent): void }, batchSize = 5_000): Promise<void> {
  let after = 0n;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const e of batch) sink.add(e);
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]!.globalPosition;
  }
}

/** The annual report of one agency for one year, from the ledger. */
export async function annualReport(store: EventStore, options: ReportOptions): Promise<AnnualReport> {
  const builder = new AnnualReportBuilder(options);
  await readLedgerInto(store, builder);
  return builder.finish();
}
