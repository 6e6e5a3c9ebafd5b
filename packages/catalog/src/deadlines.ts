// Publication deadlines (regulation.md §8): when an event had to be published, and whether it was.
//
// Counting: the day the clock starts from is not counted (民法典 第201条); "20个工作日内" ends on the
// 20th working day after it, on the State Council holiday calendar with 调休 working weekends.
// A period in 日 whose last day is a holiday or weekend ends on the next working day (第203条).
// "实时" is due the same day; "及时" has no fixed period and is assessed against the
// 20-working-day outer bound of 条例 第26条.
import { addDays, addWorkingDays, isWorkingDay, workingDaysBetween } from '@gongkai/calendar';
import { getEntry } from './catalog.ts';
import { conditionHolds } from './conditions.ts';
import type { CatalogEntry, DeadlineSpec, DeadlineUnit } from './define.ts';
import { stringAt } from './paths.ts';

export interface DueDate {
  /** last day (China time) on which publication is on time */
  dueDate: string;
  rule: string;
  unit: DeadlineUnit;
  duration: number;
  /** the payload field the clock started from, and its value */
  from: string;
  fromDate: string;
  /** true when the calendar had to assume Monday–Friday (no State Council notice yet) */
  provisional: boolean;
}

export interface Timeliness {
  dueDate: string;
  rule: string;
  late: boolean;
  /** when late: working days from the due date up to and including the publication date */
  delayWorkingDays?: number;
  /** when late: calendar days after the due date */
  delayDays?: number;
  /** the publication date in China time */
  publishedDate: string;
  provisional: boolean;
}

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The deadline spec that applies to this payload (first whose condition holds), if any. */
export function deadlineSpecFor(entry: CatalogEntry, payload: unknown): DeadlineSpec | undefined {
  return (entry.deadlines ?? []).find((d) => d.when === undefined || conditionHolds(d.when, payload));
}

/** When an event of `type` with this payload had to be published; null when no deadline applies. */
export function dueDateOf(type: string, payload: unknown): DueDate | null {
  const entry = getEntry(type);
  if (!entry) return null;
  const spec = deadlineSpecFor(entry, payload);
  if (!spec) return null;
  const fromDate = stringAt(payload, spec.from);
  if (fromDate === undefined || !ISO_DATE_RE.test(fromDate)) return null;
  const base = { rule: spec.rule, unit: spec.unit, duration: spec.duration, from: spec.from, fromDate };
  switch (spec.unit) {
    case 'realtime':
      return { ...base, dueDate: fromDate, provisional: false };
    case 'day': {
      const last = addDays(fromDate, spec.duration);
      if (isWorkingDay(last)) return { ...base, dueDate: last, provisional: false };
      const next = addWorkingDays(last, 0);
      return { ...base, dueDate: next.date, provisional: next.provisional };
    }
    case 'workday':
    case 'timely': {
      const due = addWorkingDays(fromDate, spec.duration);
      return { ...base, dueDate: due.date, provisional: due.provisional };
    }
  }
}

/** The calendar date in China (UTC+8, no DST since 1991) of an ISO 8601 instant. */
export function chinaDate(instant: string): string {
  const ms = Date.parse(instant);
  if (typeof instant !== 'string' || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(instant) || Number.isNaN(ms)) {
    throw new RangeError(`not an ISO 8601 instant with offset: ${JSON.stringify(instant)}`);
  }
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Whether an event recorded at `recordedAt` (ISO date-time, UTC) met its deadline, comparing
 * dates in China time. Null when no deadline applies.
 */
export function assessTimeliness(type: string, payload: unknown, recordedAt: string): Timeliness | null {
  const due = dueDateOf(type, payload);
  if (!due) return null;
  const publishedDate = chinaDate(recordedAt);
  const late = publishedDate > due.dueDate;
  return {
    dueDate: due.dueDate,
    rule: due.rule,
    late,
    publishedDate,
    provisional: due.provisional,
    ...(late
      ? {
          delayWorkingDays: workingDaysBetween(due.dueDate, publishedDate),
          delayDays: Math.round((Date.parse(`${publishedDate}T00:00:00Z`) - Date.parse(`${due.dueDate}T00:00:00Z`)) / 86_400_000),
        }
      : {}),
  };
}
