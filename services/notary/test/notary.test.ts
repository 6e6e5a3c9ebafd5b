import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventCanonicalBytes } from '@gongkai/integrity';
import { leafHash, openCheckpoint, parseVerifierKey, rootFromLeafHashes, verifyConsistency, verifyTlogProof } from '@gongkai/notary';
import { NotaryLog, notaryReadiness, openNotaryView, startNotary, verifyLedger, type Notary } from '@gongkai/notary-service';
import { createHttpApp, createMetrics } from '@gongkai/platform';
import { once } from 'node:events';
import { ev, fillLedger, freshMetrics, openLedger, removeDir, silentLogger, tempDir, waitFor } from '../../../test/audit/helpers.ts';

const dirs: string[] = [];
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) removeDir(d);
});

function dataDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

async function expectedRoot(store: ReturnType<typeof openLedger>, size?: number): Promise<Buffer> {
  const all = await store.readAll();
  return rootFromLeafHashes(all.slice(0, size ?? all.length).map((e) => leafHash(eventCanonicalBytes(e))));
}

async function start(dir: string, store: ReturnType<typeof openLedger>, extra: Partial<Parameters<typeof startNotary>[0]> = {}): Promise<Notary> {
  const n = await startNotary({ store, dataDir: dir, logger: silentLogger, metrics: freshMetrics(), intervalMs: 0, flushDelayMs: 5, ...extra });
  return n;
}

describe('notary', () => {
  it('turns the global log into an RFC 6962 tree and signs C2SP checkpoints', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    await fillLedger(store, 37, 4);
    const notary = await start(dir, store);
    closers.push(() => notary.close());

    const cp = await notary.checkpointNow();
    expect(cp.size).toBe(37);
    expect(cp.root.equals(await expectedRoot(store))).toBe(true);
    const verifier = parseVerifierKey(notary.verifierKey);
    const opened = openCheckpoint(cp.signedNote, verifier);
    expect(opened.checkpoint.origin).toBe('gongkai.local/ledger');
    expect(opened.checkpoint.size).toBe(37);

    // every event is a leaf, in commit order
    const all = await store.readAll();
    for (const e of all) {
      const leaf = notary.leafByEventId(e.eventId)!;
      expect(leaf.index).toBe(Number(e.globalPosition) - 1);
    }
    // live: new appends follow, the first checkpoint is kept
    await fillLedger(store, 10, 4, 37);
    const cp2 = await notary.checkpointNow();
    expect(cp2.size).toBe(47);
    expect(notary.checkpoint(37)?.signedNote).toBe(cp.signedNote);
    expect(verifyConsistency(37, 47, notary.consistencyProof(37, 47), cp.root, cp2.root)).toBe(true);
    const p = notary.tlogProof(all[5]!.eventId);
    expect(verifyTlogProof(p.text, leafHash(eventCanonicalBytes(all[5]!)), verifier).index).toBe(5);
    // the same size twice is one checkpoint
    expect((await notary.checkpointNow()).size).toBe(47);
    expect([...notary.allCheckpoints()].map((c) => c.size)).toEqual([0, 37, 47]);
    expect(await notary.lag()).toBe(0n);
  });

  it('keeps the signer key outside the database with 0600 and publishes the verifier key', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    const notary = await start(dir, store, { origin: 'ledger.example.gov.cn/suzhou' });
    await notary.close();
    const keyFile = join(dir, 'notary', 'signer.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^PRIVATE\+KEY\+ledger\.example\.gov\.cn\/suzhou\+[0-9a-f]{8}\+/);
    expect(readFileSync(join(dir, 'notary', 'verifier.key'), 'utf8').trim()).toBe(notary.verifierKey);
    const db = new Database(join(dir, 'notary.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    const text = JSON.stringify(db.prepare('SELECT * FROM checkpoints').all());
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['leaves', 'merkle_nodes', 'checkpoints', 'notary_state']));
    expect(text).not.toContain('PRIVATE');
    // the same key on restart; another origin is refused rather than silently re-keyed
    const again = await start(dir, store);
    expect(again.verifierKey).toBe(notary.verifierKey);
    expect(again.origin).toBe('ledger.example.gov.cn/suzhou');
    await again.close();
    await expect(start(dir, store, { origin: 'other.example/log' })).rejects.toThrow(/origin/);
  });

  it('resumes after a restart without a double leaf', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    await fillLedger(store, 25, 3);
    let notary = await start(dir, store, { batchSize: 7 });
    await notary.sync();
    await notary.close();
    await fillLedger(store, 30, 3, 25);
    notary = await start(dir, store, { batchSize: 7 });
    closers.push(() => notary.close());
    const cp = await notary.checkpointNow();
    expect(cp.size).toBe(55);
    expect(cp.root.equals(await expectedRoot(store))).toBe(true);
    const log = new NotaryLog(join(dir, 'notary.db'), { readonly: true });
    const leaves = log.leafRange(0, 1000);
    log.close();
    expect(leaves.map((l) => l.index)).toEqual([...Array(55).keys()]);
    expect(new Set(leaves.map((l) => l.eventId)).size).toBe(55);
  });

  it('survives a kill in the middle of catching up (SIGKILL of a real process)', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    const N = 20_000;
    const batch = [];
    for (let i = 0; i < N; i++) batch.push(ev('ProjectMilestoneReported', { n: i, text: '施工进度报告'.repeat(4) }));
    for (let i = 0; i < N; i += 1000) await store.append(`project-kill-${i % 7}`, batch.slice(i, i + 1000));

    const script = fileURLToPath(new URL('./run-notary.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, '50'], { stdio: ['ignore', 'pipe', 'inherit'] });
    // kill once some, but not all, batches are committed
    await waitFor(() => {
      try {
        const db = new Database(join(dir, 'notary.db'), { readonly: true, timeout: 1000 });
        try {
          const size = db.prepare('SELECT tree_size FROM notary_state').pluck().get() as number;
          return size > 0;
        } finally {
          db.close();
        }
      } catch {
        return false;
      }
    }, 30_000, 'the child notary to commit a batch');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const before = new NotaryLog(join(dir, 'notary.db'), { readonly: true });
    const killedAt = before.state().treeSize;
    before.close();
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(N);

    const notary = await start(dir, store);
    const cp = await notary.checkpointNow();
    await notary.close();
    expect(cp.size).toBe(N);
    expect(cp.root.equals(await expectedRoot(store))).toBe(true);
    const report = await verifyLedger({ dataDir: dir, statePath: false });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.events).toBe(N);
  }, 60_000);

  it('two notaries on one data folder (a CLI checkpoint beside the host) never double a leaf', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    await fillLedger(store, 20, 3);
    const a = await start(dir, store, { batchSize: 3 });
    const b = await start(dir, store, { batchSize: 5 });
    closers.push(() => a.close(), () => b.close());
    await fillLedger(store, 20, 3, 20);
    const [ca, cb] = await Promise.all([a.checkpointNow(), b.checkpointNow()]);
    expect(ca.size).toBe(40);
    expect(cb.size).toBe(40);
    expect(ca.signedNote).toBe(cb.signedNote);
    expect(ca.root.equals(await expectedRoot(store))).toBe(true);
    const report = await verifyLedger({ dataDir: dir, statePath: false });
    expect(report.ok).toBe(true);
  });

  it('refuses to notarize an event whose stored hash does not match its content', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    await fillLedger(store, 5, 2);
    await store.close();
    const db = new Database(join(dir, 'ledger.db'));
    db.prepare("UPDATE events SET payload = replace(payload, '道路', '桥梁') WHERE global_position = 3").run();
    db.close();
    const store2 = openLedger(dir);
    closers.push(() => store2.close());
    const notary = await start(dir, store2);
    closers.push(() => notary.close());
    await waitFor(() => !notary.health().ok, 5000, 'the notary to stop');
    expect(notary.health().error).toMatch(/refuses|stops rather than sign/);
    expect(notary.treeSize()).toBe(0);
    await expect(notary.checkpointNow()).rejects.toThrow(/hash/);
  });

  it('makes scheduled checkpoints only when the tree grew, and a read-only view serves proofs', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    const notary = await start(dir, store, { intervalMs: 50 });
    closers.push(() => notary.close());
    await fillLedger(store, 9, 2);
    await waitFor(() => notary.latest()?.size === 9, 5000, 'a scheduled checkpoint');
    await new Promise((r) => setTimeout(r, 200));
    expect([...notary.allCheckpoints()].map((c) => c.size)).toEqual([0, 9]);

    const view = openNotaryView({ dataDir: dir, store });
    closers.push(() => view.close());
    expect(view.verifierKey).toBe(notary.verifierKey);
    expect(view.latest()?.size).toBe(9);
    const [e] = await store.readAll({ maxCount: 1 });
    expect(view.tlogProof(e!.eventId).leaf.index).toBe(0);
    const entries = await view.entries(0, 9);
    expect(entries[0]!.equals(eventCanonicalBytes(e!))).toBe(true);
  });

  it('reports readiness and lag through createHttpApp', async () => {
    const dir = dataDir();
    const store = openLedger(dir);
    closers.push(() => store.close());
    await fillLedger(store, 12, 2);
    const metrics = createMetrics();
    const notary = await startNotary({ store, dataDir: dir, logger: silentLogger, metrics, intervalMs: 0 });
    closers.push(() => notary.close());
    await notary.sync();
    const app = createHttpApp({ logger: silentLogger, metrics, readiness: [notaryReadiness(notary, { maxLag: 1000 })], routers: [] });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', checks: { notary: { ok: true, following: true, treeSize: 12, lag: '0' } } });
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/gongkai_notary_lag_events 0/);
    expect(text).toMatch(/gongkai_notary_tree_size 12/);
  });
});
