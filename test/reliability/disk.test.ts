// A full disk and a read-only filesystem under the real server, for real: the data folder lives on
// a small tmpfs in a private mount namespace (`unshare -rm`, fixtures/disk-host.ts), which really
// fills up and can really be remounted read-only. Writes are then refused with a clear 503
// problem+json that says why, reads keep working, the server does not crash, nothing acknowledged
// is lost, nothing is corrupted (integrity_check, verifyLedger, read models = full rebuild), and
// once there is room again the refused appends, posted again unchanged, land exactly once.
//
// Needs unprivileged user namespaces (`unshare -rm`); skipped with a message where they are not allowed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addAgency, appendBody, BIN, dumpReadModel, ledgerProblems, readLedger, readModelProblems, rebuiltDump, request, spawnProc, tempDir, verify, type Ack, type Proc } from './harness.ts';
import { syntheticReplica, type SyntheticAppend } from '@gongkai/projector/synthetic';

const scratch = tempDir('gongkai-reliability-disk-', tmpdir());
const fixture = join(import.meta.dirname, 'fixtures', 'disk-host.ts');
const canUnshare = (() => {
  const probe = join(scratch, 'probe');
  mkdirSync(probe);
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$0" && mount -o remount,ro "$0"', probe], { encoding: 'utf8' });
  return r.status === 0;
})();
if (!canUnshare) console.log('[reliability] full-disk and read-only tests skipped: `unshare -rm` (user + mount namespaces) is not allowed here');

const procs: Proc[] = [];
afterAll(async () => {
  // end of input makes the disk host stop its server before it exits (a SIGKILL would orphan the server)
  for (const p of procs) {
    p.child.stdin?.end();
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))]);
    await p.kill();
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** The disk host in its namespace, driven line by line. */
function diskHost(sizeMiB: number) {
  const mnt = join(scratch, `mnt-${procs.length}`);
  const seed = join(scratch, `seed-${procs.length}`);
  mkdirSync(mnt);
  const key = addAgency(seed);
  const p = spawnProc(
    'unshare',
    ['-rm', 'sh', '-c', `mount -t tmpfs -o size=${sizeMiB}m tmpfs "$0" && exec "$1" --import tsx "$2" "$0" "$3" "$4"`, mnt, process.execPath, fixture, seed, BIN],
    { ...process.env, LOG_LEVEL: 'warn' },
  );
  procs.push(p);
  let seen = 0;
  const next = async (pattern: RegExp, timeoutMs = 60_000): Promise<string> => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      while (seen < p.lines.length) {
        const line = p.lines[seen++]!;
        if (pattern.test(line)) return line;
        if (/^(FAILED|EXITED)/.test(line)) throw new Error(`disk host: ${line}`);
      }
      if (p.child.exitCode !== null) throw new Error(`disk host exited: ${p.stderr().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`disk host: timed out waiting for ${pattern}; stderr ${p.stderr().slice(-2000)}`);
  };
  const send = (line: string) => p.child.stdin!.write(line + '\n');
  return {
    key,
    async start(): Promise<string> {
      send('start');
      const line = await next(/^(URL|START-FAILED) /);
      return line;
    },
    async stop(): Promise<string> {
      send('stop');
      return (await next(/^STOPPED /)).slice('STOPPED '.length);
    },
    async remount(options: string): Promise<void> {
      send(`remount ${options}`);
      await next(/^REMOUNTED$/);
    },
    async copy(): Promise<string> {
      const out = join(scratch, `copy-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      send(`copy ${out}`);
      await next(/^COPIED$/);
      return out;
    },
    alive: () => p.child.exitCode === null,
    exit: () => send('exit'),
  };
}

interface Refusal {
  status: number;
  body: string;
}

/**
 * Posts each replica's appends in order, `clients` replicas at a time. A client stops at its first
 * refused append; what it has left (the refused append first) is returned for posting again.
 */
async function postReplicas(url: string, key: string, replicas: SyntheticAppend[][], acked: Map<string, Ack>, clients = 4): Promise<{ refusals: Refusal[]; left: SyntheticAppend[][] }> {
  const refusals: Refusal[] = [];
  const left: SyntheticAppend[][] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < replicas.length) {
        const appends = replicas[next++]!;
        for (let i = 0; i < appends.length; i++) {
          const a = appends[i]!;
          const r = await request(url, 'POST', `/v1/streams/${encodeURIComponent(a.streamId)}/events`, { key, body: appendBody(a) });
          if (r.status === 200 || r.status === 201) {
            const view = JSON.parse(r.body) as { streamId: string; events: Array<{ eventId: string; version: number; globalPosition: string }> };
            for (const e of view.events) acked.set(e.eventId, { streamId: view.streamId, version: e.version, globalPosition: e.globalPosition });
          } else {
            refusals.push({ status: r.status, body: r.body });
            left.push(appends.slice(i));
            return;
          }
        }
      }
    }),
  );
  left.push(...replicas.slice(next));
  return { refusals, left };
}

function integrityOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.db'))) {
    const db = new Database(join(dir, f), { readonly: true });
    out[f] = String(db.pragma('integrity_check', { simple: true }));
    db.close();
  }
  return out;
}

/** Every file passes integrity_check, nothing acknowledged is missing, every chain and proof verifies,
 *  the read model is consistent up to its checkpoint — and equal to a full rebuild once caught up. */
async function checkIntact(dir: string, acked: Map<string, Ack>, caughtUp = true): Promise<void> {
  for (const [file, result] of Object.entries(integrityOf(dir))) expect(result, file).toBe('ok');
  expect(ledgerProblems(await readLedger(dir), acked)).toEqual([]);
  const report = await verify(dir);
  expect(report.ok, JSON.stringify(report.problems)).toBe(true);
  const model = await dumpReadModel(join(dir, 'read.db'));
  expect(readModelProblems(model)).toEqual([]);
  if (caughtUp) expect(model).toEqual(await rebuiltDump(dir, scratch));
}

const replicasOf = (first: number, count: number) => Array.from({ length: count }, (_, k) => syntheticReplica(first + k));
const eventsIn = (replicas: SyntheticAppend[][]) => replicas.flat().reduce((n, a) => n + a.events.length, 0);

describe.skipIf(!canUnshare)('full disk and read-only filesystem (tmpfs in a private mount namespace)', () => {
  it('a full disk refuses writes with a clear 503, keeps serving reads, corrupts nothing, and recovers with room', async () => {
    const host = diskHost(5);
    const started = await host.start();
    expect(started).toMatch(/^URL /);
    const url = started.slice(4);
    const acked = new Map<string, Ack>();
    const replicas = replicasOf(5_000_000, 20);
    const first = await postReplicas(url, host.key, replicas, acked);
    expect(first.refusals.length, 'the 5 MiB disk filled up').toBeGreaterThan(0);
    for (const refused of first.refusals) {
      expect(refused.status).toBe(503);
      const problem = JSON.parse(refused.body) as { type: string; title: string; detail: string };
      expect(problem.type).toMatch(/\/problems\/store-unavailable$/);
      expect(problem.detail).toMatch(/disk or database full/);
      expect(problem.detail).toMatch(/retrying them with the same eventIds is safe|nothing was written/);
    }
    expect(acked.size).toBeGreaterThan(100);
    const ackedWhenFull = acked.size;
    // still up, still answering reads
    expect(host.alive()).toBe(true);
    expect((await request(url, 'GET', '/healthz')).status).toBe(200);
    expect((await request(url, 'GET', '/v1/public/categories')).status).toBe(200);
    // refused again while full, without harm
    const again = first.left[0]![0]!;
    expect((await request(url, 'POST', `/v1/streams/${encodeURIComponent(again.streamId)}/events`, { key: host.key, body: appendBody(again) })).status).toBe(503);

    // stopped while the disk is still full: a clean exit, and the files are intact (the projector
    // may be behind: it could not write its last batch)
    expect(await host.stop()).toBe('0');
    await checkIntact(await host.copy(), acked, false);

    // room again: the refused appends and the rest land exactly once, the followers catch up
    await host.remount('size=256m');
    const restarted = await host.start();
    expect(restarted).toMatch(/^URL /);
    expect((await postReplicas(restarted.slice(4), host.key, first.left, acked)).refusals).toEqual([]);
    expect(await host.stop()).toBe('0');
    const after = await host.copy();
    await checkIntact(after, acked);
    expect((await readLedger(after)).length).toBe(eventsIn(replicas));
    console.log(`[reliability] full disk: ${first.refusals.length} appends refused with 503 once ${ackedWhenFull} events filled 5 MiB; recovered to ${eventsIn(replicas)} events, each once`);
    host.exit();
  }, 180_000);

  it('a server cannot start on a read-only filesystem, says why, and changes nothing; with write access back it carries on', async () => {
    const host = diskHost(64);
    const url = (await host.start()).slice(4);
    const acked = new Map<string, Ack>();
    const replicas = replicasOf(6_000_000, 6);
    expect((await postReplicas(url, host.key, replicas.slice(0, 3), acked)).refusals).toEqual([]);
    expect(await host.stop()).toBe('0');
    const before = await host.copy();

    await host.remount('ro');
    const failed = await host.start();
    expect(failed).toMatch(/^START-FAILED [1-9]/);
    expect(failed).toMatch(/read-only/i);
    expect(failed).not.toMatch(/\\n\s+at /); // a message, not a stack trace
    const during = await host.copy();
    await checkIntact(during, acked);
    expect(await readLedger(during)).toEqual(await readLedger(before));

    await host.remount('rw');
    const restarted = await host.start();
    expect(restarted).toMatch(/^URL /);
    expect((await postReplicas(restarted.slice(4), host.key, replicas.slice(3), acked)).refusals).toEqual([]);
    expect(await host.stop()).toBe('0');
    await checkIntact(await host.copy(), acked);
    host.exit();
  }, 180_000);
});
