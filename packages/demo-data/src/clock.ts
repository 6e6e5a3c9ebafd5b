// Dates relative to the anchor (the day the demo is loaded, China time), on the State Council
// working-day calendar. Every demo record is recorded on the anchor day, so a disclosure is on
// time when its formed date lies within its deadline before the anchor: `wd(p)` is the p-th
// working day before the anchor, and an event formed on `wd(p)` meets an N-working-day deadline
// exactly when p ≤ N.
import { addDays, addWorkingDays, isWorkingDay, workingDaysBetween } from '@gongkai/calendar';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class Clock {
  /** back[p - 1] = the p-th working day strictly before the anchor */
  private readonly back: string[] = [];

  constructor(readonly anchor: string) {
    if (!ISO_DATE.test(anchor) || addDays(anchor, 0) !== anchor) throw new RangeError(`anchorDate must be a real date YYYY-MM-DD, got ${JSON.stringify(anchor)}`);
  }

  /** The same calendar with another reference day (for stories laid out in the past). */
  at(reference: string): Clock {
    return new Clock(reference);
  }

  /** p = 0: the anchor itself; p ≥ 1: the p-th working day before it. */
  wd(p: number): string {
    if (!Number.isInteger(p) || p < 0) throw new RangeError(`wd(${p})`);
    if (p === 0) return this.anchor;
    let day = this.back.length === 0 ? this.anchor : this.back[this.back.length - 1]!;
    while (this.back.length < p) {
      day = addDays(day, -1);
      if (isWorkingDay(day)) this.back.push(day);
    }
    return this.back[p - 1]!;
  }

  /** The anchor plus `n` calendar days (n may be negative). */
  day(n: number): string {
    return addDays(this.anchor, n);
  }

  /** Working days from `date` up to the anchor (the p of `wd(p)` for a working day). */
  position(date: string): number {
    return workingDaysBetween(date, this.anchor);
  }

  /** The earlier of `date` and the anchor: nothing is formed after the day the demo is loaded. */
  clamp(date: string): string {
    return date > this.anchor ? this.anchor : date;
  }
}

export const plusDays = addDays;

/** The n-th working day after `date` (n = 0: `date` itself if a working day, else the next one). */
export function plusWorkdays(date: string, n: number): string {
  return addWorkingDays(date, n).date;
}

/** `date` if it is a working day, else the next working day. */
export function nextWorkday(date: string): string {
  return addWorkingDays(date, 0).date;
}

/** `date` if it is a working day, else the working day before it. */
export function previousWorkday(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 2025-06-03 → 2025年6月3日 */
export function zhDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 2025-06-03 → 2025年6月 */
export function zhMonth(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月`;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** An RFC 3339 instant in China time: `2025-06-03T09:30:00+08:00`. */
export function chinaTime(date: string, time = '09:30'): string {
  return `${date}T${time}:00+08:00`;
}
