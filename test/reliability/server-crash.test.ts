// The real server (`gongkai start`: ingest, projector, notary, public and audit APIs in one process)
// killed with SIGKILL at random moments while a load generator posts events, at least 20 times.
// After every restart:
//   - every event the server acknowledged (HTTP 200/201) is in the ledger exactly once, at the
//     position and version it was acknowledged with; positions have no gap;
//   - every hash chain verifies, and the notary's Merkle tree and signed checkpoints match the
//     ledger (verifyLedger);
//   - the projections catch up, and then equal a full rebuild from the ledger.
// Appends whose answer was lost are posted again with the same event ids: each lands once.
//
// RELIABILITY_KILLS (default 20) sets the number of kills under load; RELIABILITY_REBUILD_EVERY
// (default 1) how often the read models are compared with a full rebuild.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { addAgency, dumpReadModel, envNumber, LedgerLoad, ledgerProblems, randomBetween, readLedger, rebuiltDump, RUNNING_AT, startGongkai, tempDir, verify, waitForCheck, type Proc } from './harness.ts';

const KILLS = envNumber('RELIABILITY_KILLS', 20);
const REBUILD_EVERY = envNumber('RELIABILITY_REBUILD_EVERY', 1);
const scratch = tempDir('gongkai-reliability-', tmpdir());
const running: Proc[] = [];
afterAll(async () => {
  for (const p of running) await p.kill();
  rmSync(scratch, { recursive: true, force: true });
});

describe('SIGKILL of the whole server under load', () => {
  it(`loses no acknowledged event, duplicates none, and recovers its projections and proofs (${KILLS} kills)`, async () => {
    const dataDir = join(scratch, 'data');
    // the first start creates the data folder; the agency key is added while nothing runs
    const first = startGongkai(dataDir);
    running.push(first);
    await first.waitFor(RUNNING_AT);
    await first.kill('SIGTERM');
    const key = addAgency(dataDir);
    const load = new LedgerLoad(key, 6);

    let killsUnderLoad = 0;
    let killsAtStart = 0;
    let rounds = 0;
    const t0 = performance.now();
    while (killsUnderLoad < KILLS) {
      rounds++;
      const server = startGongkai(dataDir);
      running.push(server);
      // now and then, kill it while it is still starting (opening files, resuming the projector/notary)
      if (rounds % 7 === 3) {
        await sleep(randomBetween(150, 900));
        const exit = await server.kill();
        if (exit.signal === 'SIGKILL') killsAtStart++;
        continue;
      }
      const url = await server.waitFor(RUNNING_AT);

      // the state the crash left behind, as the restarted server sees it
      const events = await readLedger(dataDir);
      expect(ledgerProblems(events, load.acked), `round ${rounds}`).toEqual([]);
      const report = await verify(dataDir);
      expect(report.problems, `round ${rounds}: verifyLedger`).toEqual([]);
      expect(report.ok).toBe(true);
      const head = BigInt(events.length);
      await waitForCheck(url, 'projection', 'checkpoint', head);
      if (rounds % REBUILD_EVERY === 0 && head > 0n) {
        expect(await dumpReadModel(join(dataDir, 'read.db')), `round ${rounds}: read models = full rebuild`).toEqual(await rebuiltDump(dataDir, scratch));
      }

      // load, and a kill at a random moment in it
      let killed = false;
      const loading = load.run(url, () => killed);
      await sleep(randomBetween(150, 1200));
      killed = true;
      const exit = await server.kill();
      await loading;
      expect(exit.signal, server.stderr()).toBe('SIGKILL');
      killsUnderLoad++;
      expect(load.rejections).toEqual([]);
    }

    // a last clean run: everything acknowledged, verified, projected and notarised
    const last = startGongkai(dataDir);
    running.push(last);
    const url = await last.waitFor(RUNNING_AT);
    await load.finish(url);
    const events = await readLedger(dataDir);
    expect(ledgerProblems(events, load.acked)).toEqual([]);
    const head = BigInt(events.length);
    await waitForCheck(url, 'projection', 'checkpoint', head);
    await waitForCheck(url, 'notary', 'checkpointSize', head);
    await last.kill('SIGTERM');
    const report = await verify(dataDir);
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    expect(report.checkpoints.latest?.size).toBe(events.length);
    expect(await dumpReadModel(join(dataDir, 'read.db'))).toEqual(await rebuiltDump(dataDir, scratch));
    expect(load.rejections).toEqual([]);
    expect(killsUnderLoad).toBeGreaterThanOrEqual(KILLS);
    expect(load.acked.size).toBeGreaterThan(KILLS * 10);
    console.log(
      `[reliability] server SIGKILL: ${killsUnderLoad} kills under load + ${killsAtStart} while starting, ${events.length} events in the ledger, ` +
        `${load.acked.size} acknowledged (all present once), ${load.unanswered} answers lost and retried (${load.retriedDuplicates} were already committed), ` +
        `${(report.streams)} chains verified, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 600_000);
});
