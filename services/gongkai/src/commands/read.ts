// `gongkai rebuild` and `gongkai party-token`: the read-model commands.
//
//   gongkai rebuild [--data DIR] [--batch N]
//       projects the whole ledger into a fresh read.db and switches to it atomically (rename);
//       a running host notices the new file and continues from it. Progress on stderr.
//   gongkai party-token --stream STREAMID [--expires ISO] [--note TEXT] [--data DIR]
//       issues a token (printed once) that unlocks the 特定群体 items of one stream on the public API
//   gongkai party-token --list [--stream STREAMID]  |  gongkai party-token --revoke TOKENID
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { openSqliteEventStore } from '@gongkai/event-store';
import { rebuildReadModels, type RebuildPhase } from '@gongkai/projector';
import { clearEventStoreFor } from '@gongkai/privacy';
import { PartyTokenRegistry } from '@gongkai/read-store';
import { dataPaths } from '../data-dir.ts';

const STREAM_RE = /^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

function fail(message: string): never {
  process.stderr.write(`gongkai: ${message}\n`);
  process.exit(2);
}

const PHASES: Record<RebuildPhase, string> = {
  projecting: 'projecting events',
  indexes: 'building indexes',
  'search-index': 'building the search index',
  analyze: 'analysing',
  switching: 'switching to the new read model',
  done: 'done',
};

export function readModelPaths(dir?: string): { dir: string; ledger: string; readModel: string; partyTokens: string } {
  const p = dataPaths(dir);
  return { dir: p.dir, ledger: p.ledger, readModel: join(p.dir, 'read.db'), partyTokens: join(p.dir, 'party-tokens.db') };
}

export function registerReadCommands(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild the disclosure read models from the ledger into a fresh file, then switch to it atomically')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .option('--batch <n>', 'events per batch', positiveInt, 5000)
    .option('--quiet', 'no progress bar')
    .action(async (opts: { data: string; batch: number; quiet?: boolean }) => {
      const paths = readModelPaths(opts.data);
      if (!existsSync(paths.ledger)) fail(`no ledger at ${paths.ledger}`);
      // personal data is read through the subject keys, so the rebuilt views mask it as the live projector does
      const store = await clearEventStoreFor(openSqliteEventStore({ path: paths.ledger, readonly: true }), paths.dir);
      const tty = !opts.quiet && process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '{phase} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | {duration_formatted}',
          hideCursor: true,
          noTTYOutput: !opts.quiet,
          notTTYSchedule: 2000,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      let phase: RebuildPhase | undefined;
      try {
        const result = await rebuildReadModels({
          store,
          dataDir: paths.dir,
          batchSize: opts.batch,
          onProgress: (p) => {
            const rate = p.elapsedMs > 0 ? Math.round((p.events / p.elapsedMs) * 1000) : 0;
            const payload = { phase: PHASES[p.phase].padEnd(32), rate: rate.toLocaleString('en') };
            if (opts.quiet) return;
            if (!started) {
              bar.start(Math.max(1, Number(p.head)), Number(p.position), payload);
              started = true;
            }
            bar.setTotal(Math.max(1, Number(p.head)));
            bar.update(Number(p.position), payload);
            if (!tty && p.phase !== phase) process.stderr.write(`${PHASES[p.phase]}\n`);
            phase = p.phase;
          },
        });
        if (started) bar.stop();
        process.stdout.write(
          `rebuilt ${result.path}: ${result.events.toLocaleString('en')} events → ${result.records.toLocaleString('en')} records ` +
            `in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s), checkpoint ${result.position}\n`,
        );
      } catch (err) {
        if (started) bar.stop();
        fail(`rebuild failed: ${(err as Error).message}`);
      } finally {
        await store.close();
      }
    });

  program
    .command('party-token')
    .description('issue a party token: an affected party (被征收人, 项目单位 …) sees the 特定群体 items of one stream')
    .option('--stream <streamId>', 'the stream, e.g. expropriation-320506-2019-007')
    .option('--expires <iso>', 'expiry (ISO 8601 date-time)')
    .option('--note <text>', 'who it was issued to (kept with the token)')
    .option('--list', 'list tokens (of --stream, or all)')
    .option('--revoke <tokenId>', 'revoke a token by its id')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action((opts: { stream?: string; expires?: string; note?: string; list?: boolean; revoke?: string; data: string }) => {
      const registry = new PartyTokenRegistry(readModelPaths(opts.data).partyTokens);
      try {
        if (opts.revoke !== undefined) {
          if (!registry.revoke(opts.revoke)) fail(`no active party token ${opts.revoke}`);
          process.stdout.write(`revoked ${opts.revoke}\n`);
          return;
        }
        if (opts.list) {
          for (const t of registry.list(opts.stream)) {
            process.stdout.write(`${t.tokenId}  ${t.streamId}  created ${t.createdAt}  ${t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry'}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}${t.note ? `  ${t.note}` : ''}\n`);
          }
          return;
        }
        if (opts.stream === undefined) fail('--stream is required (or --list / --revoke)');
        if (!STREAM_RE.test(opts.stream)) fail(`not a stream id: ${opts.stream} (e.g. expropriation-320506-2019-007)`);
        if (opts.expires !== undefined && Number.isNaN(Date.parse(opts.expires))) fail('--expires must be an ISO 8601 date-time');
        const issued = registry.issue(opts.stream, { expiresAt: opts.expires ?? null, note: opts.note ?? null });
        process.stdout.write(`party token ${issued.tokenId} for ${issued.streamId}${issued.expiresAt ? `, expires ${issued.expiresAt}` : ''}\n`);
        process.stdout.write(`token (shown once; send as "Authorization: Bearer <token>"):\n${issued.token}\n`);
      } finally {
        registry.close();
      }
    });
}
