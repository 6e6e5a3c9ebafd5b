// What every story shares: the clock, the ledger it writes to, the company pools, counters for
// document and case numbers, and the two ways a story can be laid out in time.
import { Companies } from './cast.ts';
import { Clock } from './clock.ts';
import { Ledger } from './ledger.ts';
import type { Rng } from './random.ts';

/**
 * recent  — laid out in the weeks before the anchor so that its disclosures, posted on the
 *           anchor day, meet their deadlines (lifecycles are compressed to fit);
 * backlog — a realistic lifecycle that ended months or years ago, posted late on the anchor day
 *           (the deliberate late share: formed well over 20 working days before the anchor).
 */
export type Mode = 'recent' | 'backlog';

/** Working days before the anchor at which backlog stories end: every deadline (≤ 30 wd) has passed. */
export const BACKLOG_MIN_WD = 35;

export class Context {
  readonly clock: Clock;
  readonly ledger = new Ledger();
  readonly companies: Companies;
  private readonly counters = new Map<string, number>();
  private readonly names = new Set<string>();

  constructor(
    anchorDate: string,
    /** number of projects: pools and counts of other stories grow with it */
    readonly scale: number,
  ) {
    this.clock = new Clock(anchorDate);
    this.companies = new Companies(scale);
  }

  get anchor(): string {
    return this.clock.anchor;
  }

  /** 1, 2, 3 … per key (document numbers, case numbers, stream ids). */
  serial(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  /** A name not used before: later ones get （二期）, （三期） … as real programmes do. */
  uniqueName(name: string, suffix = '期'): string {
    if (!this.names.has(name)) {
      this.names.add(name);
      return name;
    }
    for (let n = 2; ; n++) {
      const numbered = `${name}（${chineseNumber(n)}${suffix}）`;
      if (!this.names.has(numbered)) {
        this.names.add(numbered);
        return numbered;
      }
    }
  }

  /** A clock whose reference day is `minWd`…`maxWd` working days before the anchor. */
  backlogClock(rng: Rng, minWd = BACKLOG_MIN_WD, maxWd = 260): Clock {
    return this.clock.at(this.clock.wd(rng.int(Math.max(minWd, BACKLOG_MIN_WD), Math.max(minWd, maxWd, BACKLOG_MIN_WD))));
  }
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 35 → 三十五, 120 → 一百二十 (for 期, 号线, 第…人民医院). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]!}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]!}十${n % 10 === 0 ? '' : DIGITS[n % 10]!}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${DIGITS[Math.floor(n / 100)]!}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]!}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
  }
  return String(n);
}
