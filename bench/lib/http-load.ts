// A small closed-loop HTTP load generator on node:http keep-alive sockets (loopback only, bounded
// by request count). Used by the ingest and public benchmarks.
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  statuses: Record<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Runs `total` requests from `concurrency` clients; `next(i)` builds request i. Requests are built
 * before the clock starts, so the load generator (on the same 2 cores) measures the server, not
 * its own JSON encoding.
 */
export async function runLoad(baseUrl: string, concurrency: number, total: number, next: (i: number) => RequestSpec, okStatus: (s: number) => boolean = (s) => s < 400): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const specs = Array.from({ length: total }, (_, i) => {
    const spec = next(i);
    return { ...spec, bodyBuffer: spec.body === undefined ? undefined : Buffer.from(spec.body) };
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  const one = (spec: (typeof specs)[number]) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: spec.method, path: spec.path, agent, headers: { ...(spec.bodyBuffer ? { 'content-type': 'application/json', 'content-length': spec.bodyBuffer.length } : {}), ...spec.headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      if (spec.bodyBuffer) req.end(spec.bodyBuffer);
      else req.end();
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        const i = issued++;
        const t0 = process.hrtime.bigint();
        const status = await one(specs[i]!);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (!okStatus(status)) errors++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: total, errors, seconds, perSecond: total / seconds, p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), statuses };
}
