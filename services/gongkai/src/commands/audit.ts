// `gongkai verify | proof | replay | checkpoint` — audit the ledger from the command line. The work
// is done by library functions (verifyLedger, verifyBundle, the notary, the state fold); these
// commands parse options, draw progress on stderr and format results on stdout. Exit codes: 0 ok,
// 1 verification failed, 2 usage or environment error.
import { existsSync, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { openSqliteEventStore } from '@gongkai/event-store';
import { createLogger } from '@gongkai/platform';
import {
  NotaryRequestError,
  notaryPaths,
  openNotaryView,
  startNotary,
  verifyBundle,
  verifyLedger,
  type BundleReport,
  type VerifyProgress,
  type VerifyReport,
} from '@gongkai/notary-service';
import { StreamFolder, parseInstant, versionAsOf } from '@gongkai/audit-api';

const defaultData = () => process.env['GONGKAI_DATA'] ?? './data';

class UsageError extends Error {}

function nonNegative(value: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

function out(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

function ledgerOf(dataDir: string): string {
  const paths = notaryPaths(dataDir);
  if (!existsSync(paths.ledger)) throw new UsageError(`no ledger at ${paths.ledger} (use --data DIR)`);
  return paths.ledger;
}

/** Runs an action: usage errors exit 2 with a message; anything else propagates. */
function run<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof UsageError || err instanceof NotaryRequestError || (err as { name?: string })?.name === 'ProblemError') {
        process.stderr.write(`gongkai: ${(err as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      throw err;
    }
  };
}

function progressBar(enabled: boolean): { update(p: VerifyProgress): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: ' {phase} [{bar}] {percentage}% | {value}/{total} | {duration}s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update(p) {
      if (p.phase === 'done') return;
      const label = p.phase.padEnd(11);
      if (phase !== p.phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(Math.max(1, p.total), p.done, { phase: label });
      } else {
        bar.setTotal(Math.max(1, p.total));
        bar.update(p.done, { phase: label });
      }
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines: string[] = [];
  if (r.ok) {
    lines.push(`OK  ledger ${r.dataDir}`);
  } else {
    lines.push(`FAILED  ledger ${r.dataDir}: ${r.problemCount} problem(s)`);
  }
  lines.push(`    events      ${r.events} in ${r.streams} streams, hash chains re-hashed`);
  lines.push(`    merkle      tree rebuilt from the ledger; ${r.nodesCompared} nodes compared with the notary's ${r.notarySize} leaves`);
  lines.push(
    `    checkpoints ${r.checkpoints.valid} of ${r.checkpoints.count} valid` +
      (r.checkpoints.latest ? `, latest size ${r.checkpoints.latest.size} root ${r.checkpoints.latest.root}` : ''),
  );
  if (r.key) {
    const src = { given: 'given on the command line', pinned: 'pinned by an earlier verification', 'data-folder': 'from the data folder — trust on first use: compare it with the published key' }[r.key.source];
    lines.push(`    key         ${r.key.verifierKey} (${src})`);
  }
  if (r.remembered) {
    lines.push(
      `    remembered  checkpoint of size ${r.remembered.size} verified ${r.remembered.verifiedAt}: ${r.remembered.ok ? 'still a prefix of this log (consistent)' : 'NOT consistent with this log'}`,
    );
  }
  if (r.rememberedNow) lines.push(`    saved       checkpoint of size ${r.rememberedNow.size} as the starting point of the next verification`);
  lines.push(`    time        ${(r.durationMs / 1000).toFixed(2)} s${r.workers ? ` (${r.workers} hashing threads)` : ''}`);
  const first = r.firstProblem;
  if (first) {
    lines.push('', `First broken place: ${first.kind}`, `    ${first.message}`);
    const fields: [string, unknown][] = [
      ['stream', first.streamId],
      ['version', first.version],
      ['event', first.eventId],
      ['position', first.globalPosition],
      ['leaf', first.leafIndex],
      ['checkpoint', first.checkpointSize],
      ['expected', first.expected],
      ['found', first.found],
    ];
    for (const [k, v] of fields) if (v !== undefined) lines.push(`    ${k.padEnd(10)} ${String(v)}`);
    const rest = r.problems.slice(1, 20);
    if (rest.length > 0) {
      lines.push('', 'Further problems:');
      for (const p of rest) lines.push(`  - ${p.kind}: ${p.message}`);
      if (r.problemCount > 20) lines.push(`  … and ${r.problemCount - 20} more (--json lists up to 100)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatBundleReport(r: BundleReport, file: string): string {
  const lines = [
    `${r.ok ? 'OK' : 'FAILED'}  bundle ${file}${r.ok ? '' : `: ${r.problemCount} problem(s)`}`,
    `    origin      ${r.origin ?? '?'}, checkpoint size ${r.treeSize ?? '?'}`,
    `    checkpoints ${r.checkpoints} signed notes, ${r.consistencyProofs} consistency proofs`,
    `    events      ${r.events} in ${r.streams} streams, each hashed and proven included`,
  ];
  if (r.verifierKey) {
    lines.push(
      `    key         ${r.verifierKey} (${r.keySource === 'given' ? 'given on the command line' : 'taken from the bundle itself: compare it with the published key, or pass --key'})`,
    );
  }
  if (r.firstProblem) {
    const p = r.firstProblem;
    lines.push('', `First broken place: ${p.kind}`, `    ${p.message}`);
    for (const [k, v] of [['line', p.line], ['stream', p.streamId], ['version', p.version], ['event', p.eventId], ['expected', p.expected], ['found', p.found]] as const) {
      if (v !== undefined) lines.push(`    ${k.padEnd(10)} ${String(v)}`);
    }
    for (const q of r.problems.slice(1, 20)) lines.push(`  - ${q.kind}: ${q.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function trustedKey(opts: { key?: string; keyFile?: string }): string | undefined {
  if (opts.key && opts.keyFile) throw new UsageError('give --key or --key-file, not both');
  if (opts.keyFile) {
    try {
      return readFileSync(opts.keyFile, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read ${opts.keyFile}: ${(e as Error).message}`);
    }
  }
  return opts.key;
}

export function registerAuditCommands(program: Command): void {
  program
    .command('verify')
    .description('verify the whole ledger (hash chains, Merkle tree, signed checkpoints, consistency with the last verification), or an export bundle offline')
    .option('--data <dir>', 'data folder', defaultData())
    .option('--bundle <file>', 'verify an export bundle (GET /v1/audit/export) instead, without any database')
    .option('--key <vkey>', 'the trusted notary verifier key (as published at /v1/proofs/key)')
    .option('--key-file <file>', 'read the trusted verifier key from a file')
    .option('--state <file>', 'where the last verified checkpoint is remembered (default <data>/verify-state.json)')
    .option('--no-remember', 'do not save the latest checkpoint for the next run')
    .option('--workers <n>', 'hashing threads (default: one per core for large ledgers; 0 = none)', nonNegative)
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress bar on stderr')
    .action(
      run(async (opts: { data: string; bundle?: string; key?: string; keyFile?: string; state?: string; remember: boolean; workers?: number; json?: boolean; progress: boolean }) => {
        const verifierKey = trustedKey(opts);
        if (opts.bundle) {
          if (!existsSync(opts.bundle)) throw new UsageError(`no such file ${opts.bundle}`);
          const report = await verifyBundle(opts.bundle, verifierKey ? { verifierKey } : {});
          out(opts.json ? JSON.stringify(report, null, 2) : formatBundleReport(report, opts.bundle));
          if (!report.ok) process.exitCode = 1;
          return;
        }
        ledgerOf(opts.data);
        const bar = progressBar(opts.progress && !opts.json);
        let report: VerifyReport;
        try {
          report = await verifyLedger({
            dataDir: opts.data,
            onProgress: (p) => bar.update(p),
            remember: opts.remember,
            ...(verifierKey ? { verifierKey } : {}),
            ...(opts.state ? { statePath: opts.state } : {}),
            ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
          });
        } finally {
          bar.stop();
        }
        out(opts.json ? JSON.stringify(report, null, 2) : formatVerifyReport(report));
        if (!report.ok) process.exitCode = 1;
      }),
    );

  program
    .command('proof')
    .description('print the inclusion proof of an event (c2sp.org/tlog-proof) against the latest or a given checkpoint')
    .argument('<eventId>')
    .option('--data <dir>', 'data folder', defaultData())
    .option('--size <n>', 'prove against the checkpoint of this size', nonNegative)
    .option('--json', 'JSON with the leaf data (the event canonical bytes) and proof hashes')
    .action(
      run(async (eventId: string, opts: { data: string; size?: number; json?: boolean }) => {
        const ledger = ledgerOf(opts.data);
        const store = openSqliteEventStore({ path: ledger, readonly: true });
        let view;
        try {
          view = openNotaryView({ dataDir: opts.data, store });
        } catch (e) {
          await store.close();
          throw new UsageError((e as Error).message);
        }
        try {
          const p = view.tlogProof(eventId, opts.size);
          if (!opts.json) {
            out(p.text);
            return;
          }
          const [data] = await view.entries(p.leaf.index, 1);
          out(
            JSON.stringify(
              {
                eventId,
                leafIndex: p.leaf.index,
                globalPosition: p.leaf.globalPosition.toString(),
                leafData: data!.toString('base64'),
                treeSize: p.checkpoint.size,
                rootHash: p.checkpoint.root.toString('base64'),
                proof: p.proof.map((h) => h.toString('base64')),
                checkpoint: p.checkpoint.signedNote,
                verifierKey: view.verifierKey,
              },
              null,
              2,
            ),
          );
        } finally {
          view.close();
          await store.close();
        }
      }),
    );

  program
    .command('replay')
    .description("print a stream's state (its disclosure records after corrections and retractions) as of a time or a version")
    .argument('<stream>', 'stream id, e.g. project-2019-320500-48-01-512345')
    .option('--as-of <time>', 'ISO 8601 date (end of that day, China time) or date-time with offset')
    .option('--version <n>', 'stream version', nonNegative)
    .option('--data <dir>', 'data folder', defaultData())
    .action(
      run(async (streamId: string, opts: { asOf?: string; version?: number; data: string }) => {
        if (opts.asOf !== undefined && opts.version !== undefined) throw new UsageError('give --as-of or --version, not both');
        const store = openSqliteEventStore({ path: ledgerOf(opts.data), readonly: true });
        try {
          const events = await store.readStream(streamId);
          if (events.length === 0) throw new UsageError(`stream ${streamId} has no events`);
          let version = events.length;
          let asOf: string | undefined;
          if (opts.version !== undefined) {
            if (opts.version > events.length) throw new UsageError(`stream ${streamId} is at version ${events.length}`);
            version = opts.version;
          } else if (opts.asOf !== undefined) {
            const end = parseInstant(opts.asOf, '--as-of', true);
            const ms = /^\d{4}-\d{2}-\d{2}$/.test(opts.asOf) ? end - 1 : end;
            asOf = new Date(ms).toISOString();
            version = versionAsOf(events, ms);
          }
          const f = new StreamFolder(streamId);
          for (const e of events.slice(0, version)) f.apply(e);
          out(JSON.stringify({ ...f.state(), currentVersion: events.length, ...(asOf ? { asOf } : {}) }, null, 2));
        } finally {
          await store.close();
        }
      }),
    );

  program
    .command('checkpoint')
    .description('notarize everything committed so far and sign a checkpoint now; prints it and the verifier key')
    .option('--data <dir>', 'data folder', defaultData())
    .option('--origin <origin>', 'checkpoint origin for a new notary key (default gongkai.local/ledger)')
    .action(
      run(async (opts: { data: string; origin?: string }) => {
        const store = openSqliteEventStore({ path: ledgerOf(opts.data), readonly: true });
        const logger = createLogger({ level: 'warn', service: 'gongkai-checkpoint' });
        try {
          const notary = await startNotary({ store, dataDir: opts.data, logger, intervalMs: 0, ...(opts.origin ? { origin: opts.origin } : {}) });
          try {
            const cp = await notary.checkpointNow();
            out(cp.signedNote);
            process.stderr.write(`checkpoint of size ${cp.size}; verifier key: ${notary.verifierKey}\n`);
          } finally {
            await notary.close();
          }
        } finally {
          await store.close();
        }
      }),
    );
}
