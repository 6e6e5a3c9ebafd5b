// The small builders the stories share.
import { describe, expect, it } from 'vitest';
import { creditCodeIssue, residentIdIssue } from '@gongkai/catalog';
import { isWorkingDay, workingDaysBetween } from '@gongkai/calendar';
import { company, person } from '../src/cast.ts';
import { Clock } from '../src/clock.ts';
import { chineseNumber } from '../src/context.ts';
import { demoUuidV7 } from '../src/ledger.ts';
import { yuanInWords } from '../src/penalties.ts';
import { DISTRICTS } from '../src/places.ts';
import { Rng } from '../src/random.ts';

describe('Rng', () => {
  it('repeats for the same seed and label, differs otherwise', () => {
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(draw(new Rng(1).fork('a'))).toEqual(draw(new Rng(1).fork('a')));
    expect(draw(new Rng(1).fork('a'))).not.toEqual(draw(new Rng(1).fork('b')));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2)));
  });
});

describe('demoUuidV7', () => {
  it('is a UUID v7 whose timestamp is base + n, so ids sort by n', () => {
    const base = Date.parse('2025-06-18T02:00:00Z');
    const ids = [0, 1, 2, 4095, 4096, 123_456].map((n) => demoUuidV7(1, base, n));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(ids[5]!.replace(/-/g, '').slice(0, 12), 16)).toBe(base + 123_456);
    expect([...ids].sort()).toEqual(ids);
    expect(demoUuidV7(2, base, 0)).not.toBe(ids[0]);
  });
});

describe('Clock', () => {
  it('wd(p) is the p-th working day before the anchor', () => {
    const clock = new Clock('2025-10-09'); // the Thursday after the National Day holiday
    expect(clock.wd(0)).toBe('2025-10-09');
    for (const p of [1, 2, 5, 20]) {
      const day = clock.wd(p);
      expect(isWorkingDay(day)).toBe(true);
      expect(workingDaysBetween(day, '2025-10-09')).toBe(p);
    }
    expect(clock.wd(1)).toBe('2025-09-30'); // 10-01…10-08 are holidays
  });
});

describe('cast', () => {
  it('gives companies unique names and valid, unique credit codes', () => {
    const orgs = Array.from({ length: 1400 }, (_, i) => company('contractor', i));
    expect(new Set(orgs.map((o) => o.name)).size).toBe(orgs.length);
    expect(new Set(orgs.map((o) => o.creditCode)).size).toBe(orgs.length);
    for (const o of orgs) expect(creditCodeIssue(o.creditCode)).toBeNull();
    expect(company('contractor', 7)).toEqual(company('contractor', 7));
  });

  it('gives people valid ID numbers whose sequence parity matches their sex', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 500; i++) {
      const p = person(rng, DISTRICTS[i % DISTRICTS.length]!, { asOf: '2025-06-18' });
      expect(residentIdIssue(p.idNumber)).toBeNull();
      expect(Number(p.idNumber[16]) % 2 === 1).toBe(p.male);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
  });
});

describe('numbers in words', () => {
  it('writes 元 amounts in capital numerals', () => {
    expect(yuanInWords(50_000)).toBe('伍万元整');
    expect(yuanInWords(32_000)).toBe('叁万贰仟元整');
    expect(yuanInWords(1_050)).toBe('壹仟零伍拾元整');
    expect(yuanInWords(200)).toBe('贰佰元整');
    expect(yuanInWords(1_000_500)).toBe('壹佰万零伍佰元整');
    expect(yuanInWords(140_000)).toBe('壹拾肆万元整');
  });

  it('writes ordinals for 期 and 号线', () => {
    expect([1, 2, 10, 12, 20, 35, 101, 120].map(chineseNumber)).toEqual(['一', '二', '十', '十二', '二十', '三十五', '一百零一', '一百二十']);
  });
});
