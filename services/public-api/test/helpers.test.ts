// The public API's small parts: token buckets, ETag matching, medians, the China date.
import { describe, expect, it } from 'vitest';
import { noneMatch } from '../src/cache.ts';
import { TokenBuckets } from '../src/rate-limit.ts';
import { medianOf } from '../src/render.ts';
import { chinaToday } from '../src/router.ts';

describe('token buckets', () => {
  it('grant the burst, then refill at the sustained rate, per client', () => {
    let now = 0;
    const b = new TokenBuckets({ capacity: 3, refillPerSecond: 2, now: () => now });
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBeCloseTo(0.5);
    expect(b.take('b')).toBe(0);
    now += 500;
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBeGreaterThan(0);
  });
});

describe('If-None-Match', () => {
  it('matches strong and weak forms, lists and *', () => {
    expect(noneMatch('"abc"', '"abc"')).toBe(true);
    expect(noneMatch('W/"abc"', '"abc"')).toBe(true);
    expect(noneMatch('"x", "abc"', '"abc"')).toBe(true);
    expect(noneMatch('*', '"abc"')).toBe(true);
    expect(noneMatch('"abd"', '"abc"')).toBe(false);
    expect(noneMatch(undefined, '"abc"')).toBe(false);
  });
});

describe('medians and dates', () => {
  it('takes the median of a histogram', () => {
    expect(medianOf(new Map())).toBeNull();
    expect(medianOf(new Map([[3, 1]]))).toBe(3);
    expect(medianOf(new Map([[1, 2], [10, 1]]))).toBe(1);
    expect(medianOf(new Map([[1, 1], [10, 1]]))).toBe(5.5);
  });

  it('gives the date in China (UTC+8)', () => {
    expect(chinaToday(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(chinaToday(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
    expect(chinaToday(new Date('2025-09-30T15:00:00Z'))).toBe('2025-09-30');
  });
});
