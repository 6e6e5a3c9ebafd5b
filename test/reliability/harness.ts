// Shared by the reliability tests: the real `gongkai` processes (spawned, killed with SIGKILL,
// restarted), an agency key, a load generator that posts the catalog's worked example replicated
// with varied ids and remembers exactly which events the server acknowledged, and the checks run
// after every restart (every acknowledged event present exactly once, every chain verifies, the
// projections equal a full rebuild).
//
// Counts and durations are bounded and set by environment variables (see README "Reliability").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgencyRegistry } from '@gongkai/access';
import { AGENCY_ROLES } from '@gongkai/catalog';
import { openSqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import { verifyLedger, type VerifyReport } from '@gongkai/notary-service';
import { rebuildReadModels } from '@gongkai/projector';
import { clearEventStoreFor } from '@gongkai/privacy';
import { syntheticReplica, type SyntheticAppend } from '@gongkai/projector/synthetic';
import { openSqliteReadStore, type ReadModelDump } from '@gongkai/read-store';

export const REPO = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'services/gongkai/bin/gongkai.js');

export function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

// ------------------------------------------------------------------------------------- processes

export interface Proc {
  child: ChildProcess;
  /** stdout lines so far */
  lines: string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves with the first capture group of `pattern` once stdout matches it */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment a gongkai process sees: nothing inherited that could change its configuration. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['EVENT_STORE', 'EVENTSTORE_URL', 'READ_STORE', 'MONGODB_URL', 'MONGODB_DB', 'BUS', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'PORT', 'HOST', 'GONGKAI_DATA']) delete env[k];
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export function spawnProc(command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of [...watchers]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          for (const l of lines) {
            const m = pattern.exec(l);
            if (m) {
              cleanup();
              resolve(m[1] ?? l);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; stderr: ${err.slice(-2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        void exited.then((e) => {
          if (!watchers.has(check)) return;
          cleanup();
          reject(new Error(`process exited (${e.code ?? e.signal}) before ${pattern}: ${err.slice(-2000)}`));
        });
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `gongkai start` (every service in one process) on `dataDir`, on a free loopback port. */
export function startGongkai(dataDir: string, env: Record<string, string> = {}): Proc {
  return spawnProc(process.execPath, [BIN, 'start', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-demo'], cleanEnv({ GONGKAI_NOTARY_INTERVAL_MS: '300', ...env }));
}

/** `gongkai serve <service>` on `dataDir`, on a free loopback port. */
export function serveGongkai(service: string, dataDir: string, env: Record<string, string> = {}): Proc {
  return spawnProc(process.execPath, [BIN, 'serve', service], cleanEnv({ GONGKAI_DATA: dataDir, PORT: '0', HOST: '127.0.0.1', ...env }));
}

export const RUNNING_AT = /running at (http:\/\/\S+)/;
export const listeningOn = (service: string) => new RegExp(`gongkai ${service} listening on (http://\\S+)`);

export function tempDir(prefix: string, parent: string): string {
  return mkdtempSync(join(parent, prefix));
}

export function addAgency(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const registry = new AgencyRegistry(join(dataDir, 'access.db'));
  try {
    return registry.addAgency({ name: '苏州市可靠性测试机关', roles: [...AGENCY_ROLES], regions: ['320500'] }).apiKey;
  } finally {
    registry.close();
  }
}

// ------------------------------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

/** One request; a connection failure gives status 0 (never throws). */
export function request(url: string, method: string, path: string, options: { key?: string; body?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  const u = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {};
    if (options.key) headers['authorization'] = `Bearer ${options.key}`;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    req.end(options.body);
  });
}

// ------------------------------------------------------------------------------------- load

export interface Ack {
  streamId: string;
  version: number;
  globalPosition: string;
}

/** The request body of one synthetic append, as an agency would post it. */
export function appendBody(a: SyntheticAppend): string {
  return JSON.stringify({ events: a.events.map((e) => ({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload })) });
}

/**
 * Posts replicas of the worked example from `clients` concurrent clients, each working through its
 * replica's appends in order. Only a 200/201 answer is an acknowledgement; an append whose answer
 * was lost (the server died) stays pending and is posted again, with the same event ids, on the next
 * run. Any 4xx is a test failure (collected in `rejections`).
 */
export class LedgerLoad {
  readonly acked = new Map<string, Ack>();
  readonly rejections: string[] = [];
  /** answers that were not an acknowledgement: connection lost, 5xx */
  unanswered = 0;
  retriedDuplicates = 0;
  private nextReplica: number;
  private readonly queues: SyntheticAppend[][] = [];

  constructor(
    private readonly key: string,
    readonly clients: number,
    firstReplica = 0,
  ) {
    this.nextReplica = firstReplica;
  }

  /** Posts until `stop()` returns true or the server stops answering. */
  async run(url: string, stop: () => boolean): Promise<void> {
    await Promise.all(Array.from({ length: this.clients }, (_, c) => this.client(c, url, stop)));
  }

  /** Posts what each client has left of its current replica (the pending retries included), then stops. */
  async finish(url: string): Promise<void> {
    await Promise.all(Array.from({ length: this.clients }, (_, c) => this.client(c, url, () => (this.queues[c]?.length ?? 0) === 0, false)));
  }

  private async client(c: number, url: string, stop: () => boolean, takeMore = true): Promise<void> {
    while (!stop()) {
      let queue = this.queues[c];
      if (!queue || queue.length === 0) {
        if (!takeMore) return;
        queue = this.queues[c] = syntheticReplica(this.nextReplica++);
      }
      const append = queue[0]!;
      const r = await request(url, 'POST', `/v1/streams/${encodeURIComponent(append.streamId)}/events`, { key: this.key, body: appendBody(append) });
      if (r.status === 200 || r.status === 201) {
        const view = JSON.parse(r.body) as { streamId: string; duplicate: boolean; events: Array<{ eventId: string; version: number; globalPosition: string }> };
        if (view.duplicate) this.retriedDuplicates++;
        for (const e of view.events) this.acked.set(e.eventId, { streamId: view.streamId, version: e.version, globalPosition: e.globalPosition });
        queue.shift();
      } else if (r.status >= 400 && r.status < 500) {
        this.rejections.push(`${r.status} ${append.streamId}: ${r.body.slice(0, 500)}`);
        queue.shift();
      } else {
        // status 0 (connection lost) or 5xx: the outcome is unknown; retried after the restart
        this.unanswered++;
        return;
      }
    }
  }
}

// ------------------------------------------------------------------------------------- checks

export async function readLedger(dataDir: string): Promise<RecordedEvent[]> {
  const store = openSqliteEventStore({ path: join(dataDir, 'ledger.db'), readonly: true });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

/** Problems with the ledger against what was acknowledged (empty = fine). */
export function ledgerProblems(events: RecordedEvent[], acked: ReadonlyMap<string, Ack>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, RecordedEvent>();
  events.forEach((e, i) => {
    if (e.globalPosition !== BigInt(i + 1)) problems.push(`position ${i + 1} holds ${e.globalPosition}`);
    if (seen.has(e.eventId)) problems.push(`event ${e.eventId} recorded twice`);
    seen.set(e.eventId, e);
  });
  for (const [id, ack] of acked) {
    const e = seen.get(id);
    if (!e) problems.push(`acknowledged event ${id} (${ack.streamId} v${ack.version}) is missing`);
    else if (e.streamId !== ack.streamId || e.version !== ack.version || e.globalPosition.toString() !== ack.globalPosition) {
      problems.push(`acknowledged event ${id} moved: acked ${ack.streamId} v${ack.version} @${ack.globalPosition}, found ${e.streamId} v${e.version} @${e.globalPosition}`);
    }
  }
  return problems.slice(0, 20);
}

/** Re-hashes every chain, rebuilds the Merkle tree and checks every signed checkpoint. */
export async function verify(dataDir: string): Promise<VerifyReport> {
  return verifyLedger({ dataDir, statePath: false, remember: false, workers: 0 });
}

export async function readyz(url: string): Promise<{ status: number; checks: Record<string, Record<string, unknown>> }> {
  const r = await request(url, 'GET', '/readyz');
  return { status: r.status, checks: r.status ? ((JSON.parse(r.body) as { checks: Record<string, Record<string, unknown>> }).checks ?? {}) : {} };
}

/** Waits until a readiness field (e.g. projection.checkpoint) reaches `target`. */
export async function waitForCheck(url: string, check: string, field: string, target: bigint, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const r = await readyz(url);
    last = r.checks[check]?.[field];
    if (last !== undefined && last !== null && BigInt(String(last)) >= target) return;
    await sleep(50);
  }
  throw new Error(`${check}.${field} stuck at ${String(last)}, expected ${target}`);
}

/** Invariants of a read model at any checkpoint: every event up to it exactly once, nothing beyond. */
export function readModelProblems(d: ReadModelDump): string[] {
  const checkpoint = Number(d.checkpoint);
  const positions = d.records.flatMap((r) => r.versions.map((v) => Number(v.position))).sort((a, b) => a - b);
  const problems: string[] = [];
  if (positions.length !== checkpoint) problems.push(`${positions.length} versions for checkpoint ${checkpoint}`);
  for (let i = 0; i < positions.length && problems.length < 10; i++) if (positions[i] !== i + 1) problems.push(`version ${i + 1} holds position ${positions[i]}`);
  const counted = d.counts.reduce((n, c) => n + c.count, 0);
  if (counted !== d.records.length) problems.push(`category counts ${counted} ≠ ${d.records.length} records`);
  return problems;
}

export async function dumpReadModel(path: string): Promise<ReadModelDump> {
  const rs = openSqliteReadStore({ path });
  try {
    return await rs.dump();
  } finally {
    await rs.close();
  }
}

/** A full rebuild of the read models from the ledger into a fresh folder, dumped. */
export async function rebuiltDump(dataDir: string, scratch: string): Promise<ReadModelDump> {
  // through the subject keys (personal data is encrypted in the ledger), as the live projector reads it
  const store = await clearEventStoreFor(openSqliteEventStore({ path: join(dataDir, 'ledger.db'), readonly: true }), dataDir);
  const out = mkdtempSync(join(scratch, 'rebuild-'));
  try {
    await rebuildReadModels({ store, dataDir: out });
  } finally {
    await store.close();
  }
  return dumpReadModel(join(out, 'read.db'));
}

export function randomBetween(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min));
}
