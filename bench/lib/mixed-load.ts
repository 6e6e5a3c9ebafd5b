// Sustained mixed load on the real server (`gongkai start` in a child process, loopback only):
// agencies posting events, the public reading category and project pages, and auditors reading
// stream histories and as-of states — all at once, for a bounded time. Reports throughput, p50 and
// p99 per kind, errors (anything but 2xx/304, or a lost connection) and the server's memory (RSS
// from /proc, sampled every second). Used by bench/mixed-load.ts and test/reliability/mixed-load.test.ts.
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgencyRegistry } from '@gongkai/access';
import { AGENCY_ROLES } from '@gongkai/catalog';
import { openSqliteEventStore } from '@gongkai/event-store';
import { syntheticReplica, type SyntheticAppend } from '@gongkai/projector/synthetic';
import { percentile } from './http-load.ts';
import { startServerProcess } from './server-process.ts';
import { startHelloServer } from './hello-server.ts';

export interface MixedLoadOptions {
  seconds: number;
  /** replicas of the worked example in the ledger before the clock starts */
  seedReplicas?: number;
  ingestClients?: number;
  publicClients?: number;
  auditClients?: number;
  /** how long the same clients run against an express hello-world afterwards (default seconds/4, at least 5; 0: not at all) */
  ceilingSeconds?: number;
}

export interface KindReport {
  requests: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  /** events acknowledged (ingest only) */
  events?: number;
  /** a few of the failed answers, for diagnosis */
  failures: string[];
  /** the same clients against an express hello-world on the same machine, right after (req/s) */
  ceilingPerSecond?: number;
}

export interface MixedLoadReport {
  seconds: number;
  seedEvents: number;
  ingest: KindReport;
  public: KindReport;
  audit: KindReport;
  /** server RSS in MiB, one sample per second */
  rssMiB: number[];
  errors: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

/**
 * Public readers come from many loopback addresses (127.1.x.y), each with its own keep-alive
 * connections: the public API limits requests per address, and a crowd of readers is many
 * addresses, each well within its budget — not one address asking thousands of times a second.
 */
const READER_ADDRESSES = 512;
const readerAgents = Array.from({ length: READER_ADDRESSES }, (_, i) => new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: `127.1.${i >> 7}.${(i & 127) + 1}` }));

function call(base: URL, method: string, path: string, headers: Record<string, string>, body?: Buffer, via: http.Agent = agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, agent: via, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
    req.end(body);
  });
}

class Kind {
  readonly latencies: number[] = [];
  errors = 0;
  events = 0;
  readonly failures: string[] = [];
  record(ms: number, status: number, text: string, what: string): boolean {
    this.latencies.push(ms);
    const ok = (status >= 200 && status < 300) || status === 304;
    if (!ok) {
      this.errors++;
      if (this.failures.length < 5) this.failures.push(`${status} ${what}: ${text.slice(0, 300)}`);
    }
    return ok;
  }
  report(seconds: number, withEvents = false): KindReport {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      perSecond: sorted.length / seconds,
      p50ms: percentile(sorted, 50),
      p99ms: percentile(sorted, 99),
      errors: this.errors,
      ...(withEvents ? { events: this.events } : {}),
      failures: this.failures,
    };
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function runMixedLoad(options: MixedLoadOptions): Promise<MixedLoadReport> {
  const seedReplicas = options.seedReplicas ?? 100;
  const base = mkdtempSync(join(tmpdir(), 'gongkai-mixed-load-'));
  const dataDir = join(base, 'data');
  mkdirSync(dataDir);
  try {
    // the ledger the readers read: seeded directly, then projected and notarised by the server
    const store = openSqliteEventStore({ path: join(dataDir, 'ledger.db') });
    const projects: string[] = [];
    const streams: string[] = [];
    for (let k = 0; k < seedReplicas; k += 50) {
      const appends = [];
      for (let r = k; r < Math.min(seedReplicas, k + 50); r++) {
        for (const a of syntheticReplica(r)) {
          appends.push(store.append(a.streamId, a.events));
          if (a.streamId.startsWith('project-') && !projects.includes(a.streamId)) projects.push(a.streamId);
          streams.push(a.streamId);
        }
      }
      await Promise.all(appends);
    }
    const seedEvents = Number(await store.headPosition());
    await store.close();
    const registry = new AgencyRegistry(join(dataDir, 'access.db'));
    const agencyKey = registry.addAgency({ name: '苏州市负载测试机关', roles: [...AGENCY_ROLES], regions: ['320500'] }).apiKey;
    const auditorKey = registry.addAgency({ name: '苏州市审计局', roles: ['auditor'], regions: ['320500'] }).apiKey;
    registry.close();

    const server = await startServerProcess(dataDir, ['--no-demo'], { GONGKAI_NOTARY_INTERVAL_MS: '1000' });
    const url = new URL(server.url);
    try {
      // wait for the projector to catch up with the seed, so the public pages have content
      for (let i = 0; i < 600; i++) {
        const r = await call(url, 'GET', '/readyz', {});
        if (r.status === 200) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      const categories = ['approval-results', 'tendering', 'completion', 'land-expropriation', 'government-procurement', 'affordable-housing'];
      const publicPaths = [
        ...categories.map((c) => `/v1/public/categories/${c}/records?limit=20`),
        ...categories.map((c) => `/v1/public/categories/${c}/records?limit=20&sort=-formedDate`),
        '/v1/public/categories',
        ...projects.slice(0, 50).map((p) => `/v1/public/projects/${p.slice('project-'.length)}`),
      ];
      const auditStreams = [...new Set(streams)].slice(0, 200);
      const auditorHeaders = { authorization: `Bearer ${auditorKey}` };
      const auditPath = (i: number) => {
        const s = encodeURIComponent(auditStreams[i % auditStreams.length]!);
        return i % 2 === 0 ? `/v1/audit/streams/${s}/history` : `/v1/audit/streams/${s}/state?version=1`;
      };
      let nextReplica = 1_000_000;

      /** The same clients against `target` for `forSeconds`. */
      const drive = async (target: URL, forSeconds: number) => {
        const ingest = new Kind();
        const pub = new Kind();
        const audit = new Kind();
        const deadline = performance.now() + forSeconds * 1000;
        const ingestClient = async () => {
          const agencyHeaders = { authorization: `Bearer ${agencyKey}` };
          while (performance.now() < deadline) {
            const replica: SyntheticAppend[] = syntheticReplica(nextReplica++);
            for (const a of replica) {
              if (performance.now() >= deadline) return;
              const body = Buffer.from(JSON.stringify({ events: a.events.map((e) => ({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload })) }));
              const t0 = performance.now();
              const r = await call(target, 'POST', `/v1/streams/${encodeURIComponent(a.streamId)}/events`, agencyHeaders, body);
              if (ingest.record(performance.now() - t0, r.status, r.text, `POST ${a.streamId}`)) ingest.events += a.events.length;
              else break; // the rest of this replica depends on this append
            }
          }
        };
        const reader = (kind: Kind, next: (i: number) => string, headers: Record<string, string>, crowd: boolean) => async (_: unknown, c: number) => {
          let i = Math.floor(Math.random() * 1000);
          let n = 0;
          while (performance.now() < deadline) {
            const path = next(i++);
            const t0 = performance.now();
            const via = crowd ? readerAgents[(c + 16 * n++) % READER_ADDRESSES]! : agent;
            const r = await call(target, 'GET', path, headers, undefined, via);
            kind.record(performance.now() - t0, r.status, r.text, `GET ${path}`);
          }
        };
        const t0 = performance.now();
        await Promise.all([
          ...Array.from({ length: options.ingestClients ?? 4 }, ingestClient),
          ...Array.from({ length: options.publicClients ?? 16 }, reader(pub, (i) => publicPaths[i % publicPaths.length]!, {}, true)),
          ...Array.from({ length: options.auditClients ?? 2 }, reader(audit, auditPath, auditorHeaders, false)),
        ]);
        return { ingest, pub, audit, seconds: (performance.now() - t0) / 1000 };
      };

      const rss: number[] = [rssMiB(server.child.pid!)];
      const sampler = setInterval(() => rss.push(rssMiB(server.child.pid!)), 1000);
      const run = await drive(url, options.seconds);
      clearInterval(sampler);
      rss.push(rssMiB(server.child.pid!));
      await server.stop();

      // the ceiling: the same clients against an express hello-world that answers every request at once
      let ceiling: Awaited<ReturnType<typeof drive>> | undefined;
      if (options.ceilingSeconds !== 0) {
        const hello = await startHelloServer();
        try {
          ceiling = await drive(new URL(hello.url), options.ceilingSeconds ?? Math.max(5, options.seconds / 4));
        } finally {
          await hello.stop();
        }
      }
      const { seconds } = run;
      const withCeiling = (k: KindReport, c: Kind | undefined): KindReport => (ceiling && c ? { ...k, ceilingPerSecond: c.latencies.length / ceiling.seconds } : k);
      const report: MixedLoadReport = {
        seconds,
        seedEvents,
        ingest: withCeiling(run.ingest.report(seconds, true), ceiling?.ingest),
        public: withCeiling(run.pub.report(seconds), ceiling?.pub),
        audit: withCeiling(run.audit.report(seconds), ceiling?.audit),
        rssMiB: rss.map((v) => Math.round(v)),
        errors: run.ingest.errors + run.pub.errors + run.audit.errors,
      };
      return report;
    } finally {
      await server.stop();
    }
  } finally {
    agent.destroy();
    for (const a of readerAgents) a.destroy();
    rmSync(base, { recursive: true, force: true });
  }
}

/** Human-readable lines of a report. */
export function describeMixedLoad(r: MixedLoadReport): string[] {
  const line = (name: string, k: KindReport) =>
    `${name.padEnd(8)} ${Math.round(k.perSecond).toLocaleString('en').padStart(6)} req/s${k.events !== undefined ? ` (${Math.round(k.events / r.seconds).toLocaleString('en')} events/s)` : ''}   p50 ${k.p50ms.toFixed(1)} ms   p99 ${k.p99ms.toFixed(1)} ms   errors ${k.errors}` +
    (k.ceilingPerSecond !== undefined ? `   (hello-world ceiling ${Math.round(k.ceilingPerSecond).toLocaleString('en')} req/s)` : '');
  const rss = r.rssMiB;
  return [
    `mixed load for ${r.seconds.toFixed(1)} s over a ledger seeded with ${r.seedEvents.toLocaleString('en')} events:`,
    line('ingest', r.ingest),
    line('public', r.public),
    line('audit', r.audit),
    `server RSS (MiB, every second): ${rss.join(' ')}  (min ${Math.min(...rss)}, max ${Math.max(...rss)}, last ${rss[rss.length - 1]})`,
  ];
}
