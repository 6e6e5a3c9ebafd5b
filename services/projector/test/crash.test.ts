// A projector killed with SIGKILL in the middle of projecting a large log resumes from its
// checkpoint with no double effect: after every kill the read model holds every event up to its
// checkpoint exactly once, its aggregates agree with its records, and once caught up it equals a
// rebuild from zero.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gongkai/event-store';
import { openSqliteReadStore, type ReadModelDump } from '@gongkai/read-store';
import { syntheticReplica } from '../src/synthetic.ts';
import { rebuildReadModels } from '../src/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/project-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gongkai-projector-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, lines, exited, stderr: () => stderr };
}

/** Invariants of a read model at any checkpoint (positions are contiguous from 1). */
function checkConsistent(d: ReadModelDump): void {
  const checkpoint = Number(d.checkpoint);
  const positions = d.records.flatMap((r) => r.versions.map((v) => Number(v.position))).sort((a, b) => a - b);
  // every event up to the checkpoint exactly once, nothing beyond it
  expect(positions).toEqual(Array.from({ length: checkpoint }, (_, i) => i + 1));
  // the aggregates agree with the records they summarise
  const counted = d.counts.reduce((n, c) => n + c.count, 0);
  expect(counted).toBe(d.records.length);
  const published = d.timeliness.reduce((n, t) => n + t.count, 0);
  const expected = d.records.reduce((n, r) => {
    const retracted = new Set(r.versions.filter((v) => v.amends?.kind === 'retraction').map((v) => v.amends!.target));
    return n + r.versions.filter((v) => v.timeliness && !retracted.has(v.eventId) && !(v.amends && retracted.has(v.amends.target))).length;
  }, 0);
  expect(published).toBe(expected);
}

async function dumpOf(path: string): Promise<ReadModelDump> {
  const rs = openSqliteReadStore({ path });
  try {
    return await rs.dump();
  } finally {
    await rs.close();
  }
}

describe('crash safety (SIGKILL while projecting)', () => {
  it('resumes from the checkpoint with no double effect', async () => {
    const ledger = join(dir, 'ledger.db');
    const store = openSqliteEventStore({ path: ledger });
    const replicas = Array.from({ length: 240 }, (_, k) => k);
    for (let i = 0; i < replicas.length; i += 40) {
      await Promise.all(replicas.slice(i, i + 40).flatMap((k) => syntheticReplica(k).map((a) => store.append(a.streamId, a.events))));
    }
    const head = await store.headPosition();
    await store.close();
    expect(head).toBeGreaterThan(20_000n);

    const readPath = join(dir, 'read.db');
    let kills = 0;
    let last = -1;
    for (let round = 0; round < 30; round++) {
      const run = runChild([ledger, readPath, String(50 + Math.floor(Math.random() * 400))]);
      // kill in the first rounds; then let a run finish, so a slow machine still reaches the head
      const killing = round < 12;
      const done = await Promise.race([
        (async () => {
          if (!killing) return new Promise<boolean>(() => undefined);
          while (!run.lines.some((l) => l.startsWith('READY'))) await sleep(5);
          await sleep(100 + Math.floor(Math.random() * 400));
          return false;
        })(),
        run.exited.then(() => true),
      ]);
      if (!done && run.child.exitCode === null) {
        run.child.kill('SIGKILL');
        const exit = await run.exited;
        if (exit.signal === 'SIGKILL') kills++;
      } else await run.exited;
      const d = await dumpOf(readPath);
      checkConsistent(d);
      const checkpoint = Number(d.checkpoint);
      expect(checkpoint).toBeGreaterThanOrEqual(last); // nothing committed is ever lost
      last = checkpoint;
      if (BigInt(checkpoint) === head) break;
      expect(run.stderr()).not.toMatch(/Error/);
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(BigInt(last)).toBe(head);

    const incremental = await dumpOf(readPath);
    const verify = openSqliteEventStore({ path: ledger, readonly: true });
    const other = mkdtempSync(join(dir, 'rebuild-'));
    await rebuildReadModels({ store: verify, dataDir: other });
    await verify.close();
    expect(incremental).toEqual(await dumpOf(join(other, 'read.db')));
  }, 180_000);
});
