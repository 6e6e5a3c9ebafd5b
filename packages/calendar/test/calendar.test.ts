import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import {
  addDays,
  addWorkingDays,
  calendarCoverage,
  chinaDateOf,
  isProvisional,
  isWorkingDay,
  workingDaysBetween,
} from '../src/index.ts';

describe('State Council notices as carried by chinese-days', () => {
  // 国办发明电〔2024〕12号 (2025 arrangement)
  it('2025 Spring Festival: 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) worked', () => {
    for (let d = 28; d <= 31; d++) expect(isWorkingDay(`2025-01-${d}`)).toBe(false);
    for (let d = 1; d <= 4; d++) expect(isWorkingDay(`2025-02-0${d}`)).toBe(false);
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-01-27')).toBe(true);
    expect(isWorkingDay('2025-02-05')).toBe(true);
  });

  it('2025 National Day + Mid-Autumn: 10/1–10/8 off, 9/28 (Sun) and 10/11 (Sat) worked', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
  });

  // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
  it('2026 arrangement matches the notice', () => {
    const off = [
      '2026-01-01', '2026-01-02', '2026-01-03',
      ...Array.from({ length: 9 }, (_, i) => addDays('2026-02-15', i)),
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      ...Array.from({ length: 7 }, (_, i) => addDays('2026-10-01', i)),
    ];
    for (const d of off) expect(isWorkingDay(d), d).toBe(false);
    // 调休 make-up weekends
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(isWorkingDay(d), d).toBe(true);
    }
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday inside Spring Festival
    expect(isWorkingDay('2026-10-08')).toBe(true);
  });

  it('agrees with chinese-days day by day over the whole coverage', () => {
    const { firstYear, lastYear } = calendarCoverage();
    let d = `${firstYear}-01-01`;
    const end = `${lastYear + 1}-01-01`;
    let days = 0;
    while (d !== end) {
      expect(isWorkingDay(d)).toBe(chineseDays.isWorkday(d));
      d = addDays(d, 1);
      days++;
    }
    expect(days).toBeGreaterThan(365 * 20);
  });
});

describe('coverage and provisional dates', () => {
  it('covers at least 2004–2026', () => {
    const c = calendarCoverage();
    expect(c.firstYear).toBeLessThanOrEqual(2004);
    expect(c.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it('beyond coverage falls back to Monday–Friday and is provisional', () => {
    const { firstYear, lastYear } = calendarCoverage();
    const after = `${lastYear + 1}-01-01`;
    expect(isProvisional(after)).toBe(true);
    expect(isProvisional(`${lastYear}-12-31`)).toBe(false);
    expect(isProvisional(`${firstYear}-01-01`)).toBe(false);
    expect(isProvisional(`${firstYear - 1}-12-31`)).toBe(true);
    // Mon–Fri fallback in a year no notice exists for
    expect(isWorkingDay('2099-01-01')).toBe(true); // Thursday
    expect(isWorkingDay('2099-01-03')).toBe(false); // Saturday
    expect(isWorkingDay('2099-10-01')).toBe(true); // Thursday; National Day unknown yet
  });

  it('addWorkingDays flags results that leave the coverage', () => {
    const { lastYear } = calendarCoverage();
    const inside = addWorkingDays(`${lastYear}-06-01`, 5);
    expect(inside.provisional).toBe(false);
    const crossing = addWorkingDays(`${lastYear}-12-20`, 20);
    expect(crossing.provisional).toBe(true);
    expect(crossing.date > `${lastYear}-12-31`).toBe(true);
    // 2003-12-31 is counted, and 2003 has no notice
    expect(addWorkingDays('2003-12-30', 5).provisional).toBe(true);
    expect(addWorkingDays('2003-12-31', 5).provisional).toBe(false);
    expect(addWorkingDays('2003-12-30', 0).provisional).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('a disclosure formed 2025-09-30 + 20 working days lands after the National Day week', () => {
    // 10/1–8 off; 10/9, 10/10, 10/11 (Sat, 调休) are working days 1–3.
    expect(addWorkingDays('2025-09-30', 1)).toEqual({ date: '2025-10-09', provisional: false });
    expect(addWorkingDays('2025-09-30', 3).date).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-30', 4).date).toBe('2025-10-13');
    expect(addWorkingDays('2025-09-30', 20)).toEqual({ date: '2025-11-04', provisional: false });
    expect(workingDaysBetween('2025-09-30', '2025-11-04')).toBe(20);
  });

  it('n = 0 is the first working day on or after date', () => {
    expect(addWorkingDays('2025-09-30', 0).date).toBe('2025-09-30');
    expect(addWorkingDays('2025-10-01', 0).date).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-28', 0).date).toBe('2025-09-28'); // 调休 Sunday
    expect(addWorkingDays('2025-10-12', 0).date).toBe('2025-10-13');
  });

  it('counting starts the day after date even if date is a holiday', () => {
    expect(addWorkingDays('2025-10-01', 1).date).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-08', 1).date).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-09', 1).date).toBe('2025-10-10');
  });

  it('crosses year boundaries with the New Year arrangement', () => {
    // 2026-01-01..03 off, Sunday 01-04 worked
    expect(addWorkingDays('2025-12-31', 1).date).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-31', 2).date).toBe('2026-01-05');
    expect(workingDaysBetween('2025-12-31', '2026-01-04')).toBe(1);
    // the 2019 notice made Saturday 2018-12-29 a working day
    expect(isWorkingDay('2018-12-29')).toBe(true);
    expect(addWorkingDays('2018-12-28', 1).date).toBe('2018-12-29');
    expect(addWorkingDays('2018-12-29', 1).date).toBe('2019-01-02');
  });

  it('long spans (the 2026 Spring Festival 9-day break)', () => {
    expect(addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1).date).toBe('2026-02-24');
    expect(addWorkingDays('2025-01-01', 10_000).provisional).toBe(true);
  });

  it('matches chinese-days findWorkday on random inputs (including beyond coverage)', () => {
    const { firstYear, lastYear } = calendarCoverage();
    const start = Date.UTC(firstYear - 1, 0, 1) / 86_400_000;
    const span = Date.UTC(lastYear + 2, 0, 1) / 86_400_000 - start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span - 1 }), fc.integer({ min: 0, max: 300 }), (off, n) => {
        const date = new Date((start + off) * 86_400_000).toISOString().slice(0, 10);
        const got = addWorkingDays(date, n);
        expect(got.date).toBe(chineseDays.findWorkday(n, date));
        if (n > 0) expect(workingDaysBetween(date, got.date)).toBe(n);
      }),
      { numRuns: 400, seed: 20251001 },
    );
  });

  it('rejects negative or fractional n', () => {
    expect(() => addWorkingDays('2025-01-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts (from, to] and is antisymmetric', () => {
    expect(workingDaysBetween('2025-09-30', '2025-09-30')).toBe(0);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-09-29', '2025-10-11')).toBe(4); // 9/30, 10/9, 10/10, 10/11
    expect(workingDaysBetween('2025-10-11', '2025-09-29')).toBe(-4);
  });

  it('agrees with chinese-days getWorkdaysInRange', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 400 }), (off, len) => {
        const from = addDays('2004-01-01', off);
        const to = addDays(from, len);
        const expected = len === 0 ? 0 : chineseDays.getWorkdaysInRange(addDays(from, 1), to).length;
        expect(workingDaysBetween(from, to)).toBe(expected);
        expect(workingDaysBetween(to, from)).toBe(expected === 0 ? 0 : -expected);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('2025 has 248 working days', () => {
    // 261 Mon–Fri days − 18 holidays falling on weekdays + 5 调休 weekends
    expect(workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
  });
});

describe('addDays', () => {
  it('handles month, leap-year and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('2025-01-01', 365 * 400 + 97)).toBe('2425-01-01');
  });
});

describe('invalid input', () => {
  const bad = ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025/01/01', '25-01-01', '2025-1-01', '', ' 2025-01-01', '2025-01-01T00:00:00Z', '２０２５-01-01'];
  it.each(bad)('%j throws a RangeError', (s) => {
    expect(() => isWorkingDay(s)).toThrow(RangeError);
    expect(() => addDays(s, 1)).toThrow(/invalid date/);
    expect(() => addWorkingDays(s, 1)).toThrow(RangeError);
    expect(() => workingDaysBetween('2025-01-01', s)).toThrow(RangeError);
    expect(() => isProvisional(s)).toThrow(RangeError);
  });
  it('non-strings throw RangeError', () => {
    expect(() => isWorkingDay(undefined as unknown as string)).toThrow(RangeError);
    expect(() => isWorkingDay(20250101 as unknown as string)).toThrow(RangeError);
  });
});

describe('chinaDateOf', () => {
  it('maps instants to the Asia/Shanghai calendar date', () => {
    expect(chinaDateOf('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(chinaDateOf('2025-09-30T16:00:00Z')).toBe('2025-10-01');
    expect(chinaDateOf('2025-10-01T00:30:00+08:00')).toBe('2025-10-01');
    expect(chinaDateOf('2025-12-31T16:00:00Z')).toBe('2026-01-01');
    expect(chinaDateOf('2025-12-31T23:00:00-05:00')).toBe('2026-01-01');
    expect(chinaDateOf('2025-01-01T07:59+09:00')).toBe('2025-01-01');
    expect(chinaDateOf('2024-02-28T20:00:00Z')).toBe('2024-02-29');
  });
  it('agrees with Intl for random instants', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(chinaDateOf(new Date(ms).toISOString())).toBe(fmt.format(ms));
      }),
      { numRuns: 500, seed: 42 },
    );
  });
  it('rejects instants without an offset or with bad fields', () => {
    for (const s of ['2025-09-30T16:00:00', '2025-09-30', '2025-09-30T24:00:00Z', '2025-02-30T01:00:00Z', 'yesterday', '2025-09-30T10:00:00+25:00']) {
      expect(() => chinaDateOf(s), s).toThrow(RangeError);
    }
  });
});
