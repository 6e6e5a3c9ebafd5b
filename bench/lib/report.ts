// The machine-readable result a benchmark prints for bench/run-all.ts, which writes BENCHMARKS.md:
// one line `BENCH-RESULT {json}` per table. A script that prints none still gets its output into
// BENCHMARKS.md verbatim (under its command), so a new `bench:*` script shows up without changes here.

export interface Figure {
  /** what was measured, e.g. "raw better-sqlite3 inserts, same rows, 5,000 rows/tx" */
  name: string;
  value: number;
  /** e.g. "events/s", "req/s", "s" */
  unit: string;
  /** set when smaller is better (durations, latencies) */
  lowerIsBetter?: boolean;
}

export interface BenchRow {
  /** what was measured */
  figure: string;
  value: number;
  unit: string;
  lowerIsBetter?: boolean;
  /** extra figures of the same measurement, e.g. "p50 8.9 ms, p99 21.7 ms, 0 errors" */
  detail?: string;
  /** the ceiling: the same work with the least machinery, measured in the same run */
  ceiling?: Figure;
  /** the same workload on a peer a user could pick instead, measured in the same run */
  peer?: Figure;
  /** the target from the issues, e.g. "≥ 20,000 events/s" */
  target?: string;
  /** whether the target is met (undefined: no target) */
  met?: boolean;
}

export interface BenchResult {
  /** section heading, e.g. "Ingest (issue 2)" */
  title: string;
  /** what the run did, one sentence or two */
  workload: string;
  rows: BenchRow[];
  /** analysis, profile notes (markdown paragraphs) */
  notes?: string[];
}

export const RESULT_PREFIX = 'BENCH-RESULT ';
/** printed (with the reason) by a benchmark that cannot run here, e.g. without a Kafka broker */
export const SKIPPED_PREFIX = 'BENCH-SKIPPED ';

export function emitResult(result: BenchResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** how many times better the figure is than `other` (> 1 = the figure is better) */
export function ratio(value: number, other: number, lowerIsBetter = false): number {
  return lowerIsBetter ? other / value : value / other;
}

export function fmt(n: number, unit = ''): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits === 0 ? 0 : Math.min(digits, 1) })}${unit ? ` ${unit}` : ''}`;
}
