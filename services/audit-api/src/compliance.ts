// Deadline compliance: for the events published in a period, how many met their deadline, how
// many were late (and by how many working days), and how many have no deadline, per agency and
// category. Computed from the events themselves with the catalog's assessTimeliness, so it needs
// no read model and cannot disagree with the ledger.
//
// The period is the publication date: events recorded in [from, to). The catalog compares dates
// in China time (UTC+8), as the regulation counts days.
import { assessTimeliness, categoryFor, getEntry } from '@gongkai/catalog';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { positionBefore } from '@gongkai/notary-service';

export interface ComplianceQuery {
  /** epoch ms, inclusive */
  from: number;
  /** epoch ms, exclusive */
  to: number;
  agency?: string;
  category?: string;
  /** late events listed (default 100) */
  lateLimit?: number;
}

export interface ComplianceCounts {
  events: number;
  onTime: number;
  late: number;
  noDeadline: number;
  /** late / (onTime + late), or null without deadlines */
  lateRate: number | null;
  /** median delay of the late events in working days */
  medianDelayWorkingDays: number | null;
  maxDelayWorkingDays: number | null;
  /** assessed on a provisional calendar (a year without the State Council notice yet) */
  provisional: number;
}

export interface LateEvent {
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  agency: string;
  category: string;
  rule: string;
  dueDate: string;
  publishedDate: string;
  delayWorkingDays: number;
}

export interface ComplianceReport {
  from: string;
  to: string;
  filters: { agency?: string; category?: string };
  totals: ComplianceCounts;
  byAgency: ({ agency: string } & ComplianceCounts)[];
  byCategory: ({ category: string } & ComplianceCounts)[];
  byAgencyCategory: ({ agency: string; category: string } & ComplianceCounts)[];
  /** the first `lateLimit` late events, in log order */
  late: LateEvent[];
  /** more late events than listed */
  lateTruncated: boolean;
}

/** What compliance needs from the catalog (injectable in tests). */
export interface ComplianceCatalog {
  category(e: RecordedEvent): string | undefined;
  assess(e: RecordedEvent): { late: boolean; dueDate: string; publishedDate: string; rule: string; delayWorkingDays?: number; provisional?: boolean } | null;
}

export const catalogCompliance: ComplianceCatalog = {
  category(e) {
    const entry = getEntry(e.type, e.schemaVersion) ?? getEntry(e.type);
    return entry ? categoryFor(entry, e.payload) : undefined;
  },
  assess(e) {
    return assessTimeliness(e.type, e.payload, e.recordedAt);
  },
};

class Acc {
  events = 0;
  onTime = 0;
  late = 0;
  noDeadline = 0;
  provisional = 0;
  delays: number[] = [];
  counts(): ComplianceCounts {
    const d = [...this.delays].sort((a, b) => a - b);
    const median = d.length === 0 ? null : d.length % 2 === 1 ? d[(d.length - 1) / 2]! : (d[d.length / 2 - 1]! + d[d.length / 2]!) / 2;
    const assessed = this.onTime + this.late;
    return {
      events: this.events,
      onTime: this.onTime,
      late: this.late,
      noDeadline: this.noDeadline,
      lateRate: assessed === 0 ? null : Math.round((this.late / assessed) * 10_000) / 10_000,
      medianDelayWorkingDays: median,
      maxDelayWorkingDays: d.length === 0 ? null : d[d.length - 1]!,
      provisional: this.provisional,
    };
  }
}

function acc<K>(m: Map<K, Acc>, k: K): Acc {
  let a = m.get(k);
  if (!a) m.set(k, (a = new Acc()));
  return a;
}

export async function complianceReport(store: EventStore, q: ComplianceQuery, catalog: ComplianceCatalog = catalogCompliance): Promise<ComplianceReport> {
  const lateLimit = q.lateLimit ?? 100;
  const totals = new Acc();
  const byAgency = new Map<string, Acc>();
  const byCategory = new Map<string, Acc>();
  const byPair = new Map<string, Acc>();
  const late: LateEvent[] = [];
  let after = await positionBefore(store, q.from);
  outer: for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      if (Date.parse(e.recordedAt) >= q.to) break outer;
      const agency = e.metadata.agency;
      if (q.agency !== undefined && agency !== q.agency) continue;
      const category = catalog.category(e) ?? 'unknown';
      if (q.category !== undefined && category !== q.category) continue;
      let t: ReturnType<ComplianceCatalog['assess']>;
      try {
        t = catalog.assess(e);
      } catch {
        t = null; // an unparseable date cannot be assessed: counted without deadline
      }
      const targets = [totals, acc(byAgency, agency), acc(byCategory, category), acc(byPair, `${agency}\u0000${category}`)];
      for (const a of targets) {
        a.events++;
        if (!t) a.noDeadline++;
        else if (t.late) {
          a.late++;
          a.delays.push(t.delayWorkingDays ?? 0);
        } else a.onTime++;
        if (t?.provisional) a.provisional++;
      }
      if (t?.late) {
        if (late.length < lateLimit) {
          late.push({
            eventId: e.eventId,
            streamId: e.streamId,
            version: e.version,
            type: e.type,
            agency,
            category,
            rule: t.rule,
            dueDate: t.dueDate,
            publishedDate: t.publishedDate,
            delayWorkingDays: t.delayWorkingDays ?? 0,
          });
        }
      }
    }
    after = page[page.length - 1]!.globalPosition;
  }
  const sortBy = <T extends { events: number }>(rows: T[]) => rows.sort((a, b) => b.events - a.events);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    filters: { ...(q.agency !== undefined ? { agency: q.agency } : {}), ...(q.category !== undefined ? { category: q.category } : {}) },
    totals: totals.counts(),
    byAgency: sortBy([...byAgency].map(([agency, a]) => ({ agency, ...a.counts() }))),
    byCategory: sortBy([...byCategory].map(([category, a]) => ({ category, ...a.counts() }))),
    byAgencyCategory: sortBy(
      [...byPair].map(([k, a]) => {
        const [agency, category] = k.split('\u0000') as [string, string];
        return { agency, category, ...a.counts() };
      }),
    ),
    late,
    lateTruncated: totals.late > late.length,
  };
}
