// The scale-out topology (`gongkai serve <service>`, one process each, one SQLite data folder): the
// projector, the notary and the Kafka relay killed with SIGKILL in the middle of their batches
// while the ingest process keeps taking events from a load generator.
//   - projector: after every kill the read model holds every event up to its checkpoint exactly
//     once and nothing beyond, its checkpoint never goes back, and once caught up it equals a
//     full rebuild;
//   - notary: after every kill the Merkle tree, the signed checkpoints and every chain verify
//     against the ledger, its tree never shrinks, and it ends with a checkpoint over the whole log;
//   - relay (only with KAFKA_BROKERS): every event reaches Kafka at least once, and the deduping
//     consumer sees each exactly once.
//
// RELIABILITY_SERVICE_KILLS (default 6) rounds, each killing the projector and the notary;
// RELIABILITY_RELAY_KILLS (default 4).
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@gongkai/event-store';
import { syntheticReplica } from '@gongkai/projector/synthetic';
import {
  addAgency,
  dumpReadModel,
  envNumber,
  LedgerLoad,
  ledgerProblems,
  listeningOn,
  randomBetween,
  readLedger,
  readModelProblems,
  readyz,
  rebuiltDump,
  serveGongkai,
  tempDir,
  verify,
  waitForCheck,
  type Proc,
} from './harness.ts';

const ROUNDS = envNumber('RELIABILITY_SERVICE_KILLS', 6);
const RELAY_KILLS = envNumber('RELIABILITY_RELAY_KILLS', 4);
const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '';
const scratch = tempDir('gongkai-reliability-services-', tmpdir());
const running: Proc[] = [];
afterAll(async () => {
  for (const p of running) await p.kill();
  rmSync(scratch, { recursive: true, force: true });
});

function serve(service: string, dataDir: string, env: Record<string, string> = {}): Proc {
  const p = serveGongkai(service, dataDir, env);
  running.push(p);
  return p;
}

/** A backlog for the followers to chew on: `replicas` copies of the worked example, appended directly. */
async function backlog(dataDir: string, replicas: number, first: number): Promise<bigint> {
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteEventStore({ path: join(dataDir, 'ledger.db') });
  try {
    for (let k = first; k < first + replicas; k += 50) {
      const appends = [];
      for (let r = k; r < Math.min(first + replicas, k + 50); r++) for (const a of syntheticReplica(r)) appends.push(store.append(a.streamId, a.events));
      await Promise.all(appends);
    }
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

describe('SIGKILL of the projector and the notary mid-batch (gongkai serve, ingest under load)', () => {
  it(`each resumes from its own checkpoint with no loss and no double effect (${ROUNDS} rounds)`, async () => {
    const dataDir = join(scratch, 'followers');
    const key = addAgency(dataDir);
    const head0 = await backlog(dataDir, 120, 1_000_000);
    const ingest = serve('ingest', dataDir);
    const ingestUrl = await ingest.waitFor(listeningOn('ingest'));
    const load = new LedgerLoad(key, 1, 2_000_000);
    let stopLoad = false;
    const loading = (async () => {
      while (!stopLoad) {
        await load.run(ingestUrl, () => stopLoad);
        if (!stopLoad) await sleep(20);
      }
    })();

    let lastCheckpoint = -1n;
    let lastTree = -1;
    let projectorMidway = 0;
    let notaryMidway = 0;
    let kills = 0;
    const t0 = performance.now();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const projector = serve('projector', dataDir);
        const notary = serve('notary', dataDir, { GONGKAI_NOTARY_INTERVAL_MS: '100' });
        await Promise.all([projector.waitFor(listeningOn('projector')), notary.waitFor(listeningOn('notary'))]);
        await Promise.all(
          [projector, notary].map(async (p) => {
            await sleep(randomBetween(50, 700));
            const exit = await p.kill();
            expect(exit.signal, p.stderr()).toBe('SIGKILL');
            kills++;
          }),
        );
        const head = BigInt((await readLedger(dataDir)).length);

        const model = await dumpReadModel(join(dataDir, 'read.db'));
        expect(readModelProblems(model), `round ${round}`).toEqual([]);
        const checkpoint = BigInt(model.checkpoint);
        expect(checkpoint).toBeGreaterThanOrEqual(lastCheckpoint);
        if (checkpoint < head) projectorMidway++;
        lastCheckpoint = checkpoint;

        const report = await verify(dataDir);
        expect(report.problems, `round ${round}: verifyLedger`).toEqual([]);
        expect(report.notarySize).toBeGreaterThanOrEqual(lastTree);
        if (BigInt(report.notarySize) < head) notaryMidway++;
        lastTree = report.notarySize;
      }
    } finally {
      stopLoad = true;
      await loading;
    }
    expect(load.rejections).toEqual([]);
    await load.finish(ingestUrl);

    // both run to the end of the log
    const events = await readLedger(dataDir);
    expect(ledgerProblems(events, load.acked)).toEqual([]);
    const head = BigInt(events.length);
    const projector = serve('projector', dataDir);
    const notary = serve('notary', dataDir, { GONGKAI_NOTARY_INTERVAL_MS: '100' });
    const [projectorUrl, notaryUrl] = await Promise.all([projector.waitFor(listeningOn('projector')), notary.waitFor(listeningOn('notary'))]);
    await waitForCheck(projectorUrl, 'projection', 'checkpoint', head);
    await waitForCheck(notaryUrl, 'notary', 'checkpointSize', head);
    await Promise.all([projector.kill('SIGTERM'), notary.kill('SIGTERM'), ingest.kill('SIGTERM')]);
    const report = await verify(dataDir);
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    expect(report.checkpoints.latest?.size).toBe(events.length);
    expect(await dumpReadModel(join(dataDir, 'read.db'))).toEqual(await rebuiltDump(dataDir, scratch));
    expect(projectorMidway, 'kills that found the projector behind the log').toBeGreaterThanOrEqual(Math.ceil(ROUNDS / 2));
    expect(notaryMidway + projectorMidway).toBeGreaterThan(0);
    console.log(
      `[reliability] projector + notary SIGKILL: ${kills} kills in ${ROUNDS} rounds (projector behind the log at ${projectorMidway}, notary at ${notaryMidway}), ` +
        `backlog ${head0} + ${load.acked.size} events posted meanwhile, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 600_000);
});

describe.skipIf(!KAFKA_BROKERS)('SIGKILL of the Kafka relay mid-batch (needs KAFKA_BROKERS)', () => {
  it(`every event reaches Kafka at least once, and the deduping consumer sees each once (${RELAY_KILLS} kills)`, async () => {
    const { createDedupingConsumer, relayTopics } = await import('@gongkai/relay');
    const { createLogger } = await import('@gongkai/platform');
    const dataDir = join(scratch, 'relay');
    const head = await backlog(dataDir, 120, 3_000_000);
    const prefix = `reliability${Date.now().toString(36)}.`;
    const env = { BUS: 'kafka', KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix };
    let midway = 0;
    let last = -1n;
    for (let i = 0; i < RELAY_KILLS; i++) {
      const relay = serve('relay', dataDir, env);
      const url = await relay.waitFor(listeningOn('relay'));
      await sleep(randomBetween(100, 600));
      const at = (await readyz(url)).checks['relay']?.['checkpoint'];
      const exit = await relay.kill();
      expect(exit.signal, relay.stderr()).toBe('SIGKILL');
      const checkpoint = BigInt(String(at ?? '0'));
      expect(checkpoint).toBeGreaterThanOrEqual(last);
      last = checkpoint;
      if (checkpoint < head) midway++;
    }
    const relay = serve('relay', dataDir, env);
    await waitForCheck(await relay.waitFor(listeningOn('relay')), 'relay', 'checkpoint', head, 120_000);
    await relay.kill('SIGTERM');
    expect(midway).toBeGreaterThan(0);

    const seen = new Map<string, number>();
    const handled = new Set<string>();
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const consumer = createDedupingConsumer({
      brokers: KAFKA_BROKERS,
      groupId: `reliability-${Date.now()}`,
      seenPath: join(dataDir, 'seen.db'),
      topicPrefix: prefix,
      logger: createLogger({ silent: true }),
      handle: (e) => {
        seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1);
        handled.add(e.eventId);
        if (handled.size >= Number(head)) resolveDone();
      },
    });
    await consumer.start();
    await Promise.race([done, sleep(120_000)]);
    await consumer.close();
    const ids = new Set((await readLedger(dataDir)).map((e) => e.eventId));
    expect(handled.size).toBe(ids.size);
    for (const id of ids) expect(seen.get(id), id).toBe(1);
    expect(relayTopics(prefix).length).toBeGreaterThan(0);
    console.log(`[reliability] relay SIGKILL: ${RELAY_KILLS} kills (${midway} with the relay behind the log), ${ids.size} events, each handled once by the deduping consumer`);
  }, 600_000);
});
