/**
 * Working-day arithmetic on the State Council (国务院办公厅) holiday calendar.
 *
 * Source of truth is the `chinese-days` package (statutory holidays off,
 * 调休 make-up weekends on). Its data covers a contiguous range of years
 * (see `calendarCoverage()`); outside that range a plain Monday–Friday week
 * is assumed and results are flagged `provisional`.
 *
 * Hot-path design: every date is turned into an integer day number (days
 * since 1970-01-01) by hand-parsing the ISO string — no `Date` objects.
 * The covered range is precomputed once into a byte table (is-working-day)
 * and a prefix array of "working days minus Mon–Fri days", so counting
 * working days between any two dates is O(1) and `addWorkingDays` is a
 * binary search over that O(1) count.
 */
import chineseDays from 'chinese-days';

// ---------------------------------------------------------------------------
// Day-number <-> civil date (proleptic Gregorian), after H. Hinnant's
// days_from_civil / civil_from_days.

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function invalidDate(s: unknown): RangeError {
  return new RangeError(`invalid date ${JSON.stringify(s)}: expected an ISO calendar date YYYY-MM-DD (years ${MIN_YEAR}-${MAX_YEAR})`);
}

/** Parses a strict `YYYY-MM-DD` string into a day number; throws RangeError. */
function parseDay(s: string): number {
  if (typeof s !== 'string' || s.length !== 10) throw invalidDate(s);
  const y0 = digit(s, 0), y1 = digit(s, 1), y2 = digit(s, 2), y3 = digit(s, 3);
  const m0 = digit(s, 5), m1 = digit(s, 6), d0 = digit(s, 8), d1 = digit(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    throw invalidDate(s);
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1) throw invalidDate(s);
  const dim = m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!;
  if (d > dim) throw invalidDate(s);
  return daysFromCivil(y, m, d);
}

const MIN_DAY = daysFromCivil(MIN_YEAR, 1, 1);
const MAX_DAY = daysFromCivil(MAX_YEAR, 12, 31);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatDay(z: number): string {
  if (z < MIN_DAY || z > MAX_DAY) {
    throw new RangeError(`date arithmetic left the supported range ${MIN_YEAR}-01-01..${MAX_YEAR}-12-31`);
  }
  const [y, m, d] = civilFromDays(z);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekday(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

function isMonToFri(z: number): boolean {
  const w = weekday(z);
  return w >= 1 && w <= 5;
}

// A Monday at or before MIN_DAY, so the closed-form count below sees k >= 0.
const MONDAY_BASE = MIN_DAY - ((weekday(MIN_DAY) + 6) % 7);

/** Number of Monday–Friday days with day number < z (relative to MONDAY_BASE). */
function monFriBefore(z: number): number {
  const k = z - MONDAY_BASE;
  const weeks = Math.floor(k / 7);
  const rem = k - weeks * 7;
  return weeks * 5 + (rem < 5 ? rem : 5);
}

// ---------------------------------------------------------------------------
// Holiday table, built lazily from chinese-days on first use (~20 ms).

interface Table {
  firstYear: number;
  lastYear: number;
  start: number; // day number of firstYear-01-01
  end: number; // day number of lastYear-12-31
  working: Uint8Array; // [day - start] -> 1 if working day
  // delta[i] = (official working days) - (Mon–Fri days) over [start, start + i)
  delta: Int32Array;
}

let table: Table | undefined;

// A year is covered iff chinese-days lists 1 January as New Year's Day
// (every State Council notice makes it a holiday; absent data it reports a
// plain weekday). Probed through the public API rather than package internals.
function yearCovered(y: number): boolean {
  return chineseDays.getDayDetail(`${y}-01-01`).name.includes('元旦');
}

function buildTable(): Table {
  const probeFrom = 1990;
  const probeTo = new Date().getUTCFullYear() + 10;
  let firstYear = 0;
  let lastYear = 0;
  for (let y = probeFrom; y <= probeTo; y++) {
    if (yearCovered(y)) {
      if (firstYear === 0) firstYear = y;
      lastYear = y;
    }
  }
  if (firstYear === 0) throw new Error('chinese-days carries no holiday data');
  for (let y = firstYear; y <= lastYear; y++) {
    if (!yearCovered(y)) throw new Error(`chinese-days holiday data has a gap at ${y}`);
  }
  const start = daysFromCivil(firstYear, 1, 1);
  const end = daysFromCivil(lastYear, 12, 31);
  const n = end - start + 1;
  const working = new Uint8Array(n);
  const delta = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const z = start + i;
    const w = chineseDays.isWorkday(formatDay(z)) ? 1 : 0;
    working[i] = w;
    delta[i + 1] = delta[i]! + w - (isMonToFri(z) ? 1 : 0);
  }
  return { firstYear, lastYear, start, end, working, delta };
}

function getTable(): Table {
  return (table ??= buildTable());
}

function workingAt(t: Table, z: number): boolean {
  return z >= t.start && z <= t.end ? t.working[z - t.start] === 1 : isMonToFri(z);
}

/** Number of working days with day number < z. Monotone non-decreasing, O(1). */
function workingBefore(t: Table, z: number): number {
  let corr: number;
  if (z <= t.start) corr = 0;
  else if (z > t.end) corr = t.delta[t.end - t.start + 1]!;
  else corr = t.delta[z - t.start]!;
  return monFriBefore(z) + corr;
}

function covered(t: Table, z: number): boolean {
  return z >= t.start && z <= t.end;
}

// ---------------------------------------------------------------------------
// Public API

/** True when `date` (YYYY-MM-DD) is a working day: statutory holidays off, 调休 weekends on. */
export function isWorkingDay(date: string): boolean {
  return workingAt(getTable(), parseDay(date));
}

/**
 * True when `date` lies outside the years chinese-days has notices for, so
 * Monday–Friday was assumed. Dates after the last covered year stay
 * provisional until the package ships that year's notice. Dates before the
 * first covered year are also reported provisional: they are computed, not
 * taken from a notice.
 */
export function isProvisional(date: string): boolean {
  return !covered(getTable(), parseDay(date));
}

/** The calendar years for which chinese-days carries State Council notices. */
export function calendarCoverage(): { firstYear: number; lastYear: number } {
  const t = getTable();
  return { firstYear: t.firstYear, lastYear: t.lastYear };
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return formatDay(parseDay(date) + n);
}

/**
 * The n-th working day after `date`.
 *
 * - n >= 1: counting starts the day after `date` (the day of `date` itself
 *   never counts, whether or not it is a working day).
 * - n = 0: `date` itself if it is a working day, otherwise the next working
 *   day (i.e. "the first working day on or after `date`").
 *
 * `provisional` is true when any day in the counted span (for n = 0:
 * `date`..result, else the day after `date`..result) lies outside the
 * chinese-days coverage, i.e. a Monday–Friday week was assumed for it.
 */
export function addWorkingDays(date: string, n: number): { date: string; provisional: boolean } {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  }
  const t = getTable();
  const z = parseDay(date);
  // Find the smallest day d with workingBefore(d + 1) >= target; such a d is
  // necessarily a working day (the count only steps up on working days).
  const target = n === 0 ? workingBefore(t, z) + 1 : workingBefore(t, z + 1) + n;
  let lo = n === 0 ? z : z + 1; // candidate lower bound (inclusive)
  // Gallop for an upper bound; the Mon–Fri estimate is nearly always enough.
  let step = Math.ceil((n * 7) / 5) + 16;
  let hi = lo + step;
  while (workingBefore(t, hi + 1) < target) {
    lo = hi + 1;
    step *= 2;
    hi = lo + step;
  }
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (workingBefore(t, mid + 1) >= target) hi = mid;
    else lo = mid + 1;
  }
  const spanStart = n === 0 ? z : z + 1;
  const provisional = spanStart < t.start || lo > t.end;
  return { date: formatDay(lo), provisional };
}

/**
 * Working days after `from` up to and including `to`. Negative (the count of
 * working days after `to` up to and including `from`, negated) when to < from.
 */
export function workingDaysBetween(from: string, to: string): number {
  const t = getTable();
  return workingBefore(t, parseDay(to) + 1) - workingBefore(t, parseDay(from) + 1);
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * The calendar date in Asia/Shanghai (UTC+8 all year; China has had no DST
 * since 1991) of an ISO 8601 / RFC 3339 instant. The instant must carry an
 * explicit offset (`Z` or `±HH:MM`) — a bare local time is ambiguous and
 * rejected.
 */
export function chinaDateOf(isoDateTime: string): string {
  const m = typeof isoDateTime === 'string' ? INSTANT_RE.exec(isoDateTime) : null;
  if (!m) {
    throw new RangeError(
      `invalid instant ${JSON.stringify(isoDateTime)}: expected ISO 8601 date-time with offset, e.g. 2025-09-30T16:00:00Z`,
    );
  }
  const day = parseDay(m[1]!);
  const hh = Number(m[2]);
  const mm = Number(m[3]);
  const ss = m[4] === undefined ? 0 : Number(m[4]);
  let offsetMin = 0;
  if (m[5] === undefined) {
    const oh = Number(m[7]);
    const om = Number(m[8]);
    if (oh > 23 || om > 59) throw new RangeError(`invalid UTC offset in ${JSON.stringify(isoDateTime)}`);
    offsetMin = (m[6] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (hh > 23 || mm > 59 || ss > 59) throw new RangeError(`invalid time of day in ${JSON.stringify(isoDateTime)}`);
  // Minutes since local midnight -> UTC -> UTC+8; seconds never move the day
  // because day boundaries fall on whole minutes.
  const shanghaiMin = hh * 60 + mm - offsetMin + 8 * 60;
  return formatDay(day + Math.floor(shanghaiMin / 1440));
}
