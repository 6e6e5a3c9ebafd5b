// Sustained mixed load on the real server: agencies posting, the public reading, auditors reading
// histories and as-of states, all at once for a bounded time (RELIABILITY_LOAD_SECONDS, default
// 15). Every answer must be a success — 0 errors of any kind — and the figures (throughput, p50/p99
// per kind, server memory every second) are printed. `npm run bench:load` runs it for longer.
import { describe, expect, it } from 'vitest';
import { describeMixedLoad, runMixedLoad } from '../../bench/lib/mixed-load.ts';
import { envNumber } from './harness.ts';

const SECONDS = envNumber('RELIABILITY_LOAD_SECONDS', 15);

describe('sustained mixed load (ingest + public reads + audit reads)', () => {
  it(`serves every request without an error for ${SECONDS} s`, async () => {
    const r = await runMixedLoad({ seconds: SECONDS, seedReplicas: 60, ceilingSeconds: 0 });
    console.log(describeMixedLoad(r).map((l) => `[reliability] ${l}`).join('\n'));
    expect([...r.ingest.failures, ...r.public.failures, ...r.audit.failures]).toEqual([]);
    expect(r.errors).toBe(0);
    // every kind really ran, side by side
    expect(r.ingest.events).toBeGreaterThan(0);
    expect(r.public.requests).toBeGreaterThan(0);
    expect(r.audit.requests).toBeGreaterThan(0);
    expect(r.rssMiB.length).toBeGreaterThanOrEqual(Math.floor(SECONDS));
  }, 600_000);
});
