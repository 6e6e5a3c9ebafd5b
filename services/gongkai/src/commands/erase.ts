// `gongkai erase --subject ID --reason TEXT` — forget a data subject's personal data
// (crypto-shredding): destroys the subject's data keys in <data>/keys.db and records a
// PersonalDataErased event in the ledger. The ledger's bytes and hashes do not change, so
// `gongkai verify` still passes; auditors see "erased" where the values were; the public views
// (which only ever held masked values) are unchanged. `gongkai erase --list` shows the subjects.
// Exit codes: 0 done, 1 nothing to erase (unknown or already erased subject), 2 usage error.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { openSqliteEventStore } from '@gongkai/event-store';
import { SubjectKeyStore, UnknownSubjectError, eraseSubject } from '@gongkai/privacy';

export interface EraseOptions {
  data: string;
  subject?: string;
  reason?: string;
  by?: string;
  list?: boolean;
  json?: boolean;
}

/** Runs the command; returns the exit code (stdout/stderr written through the given sinks). */
export async function runErase(opts: EraseOptions, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const dir = resolve(opts.data);
  const ledger = join(dir, 'ledger.db');
  if (!existsSync(ledger) || !existsSync(join(dir, 'keys.db'))) {
    io.err(`gongkai erase: no ledger with a key store in ${dir} (use --data DIR)\n`);
    return 2;
  }
  const keys = SubjectKeyStore.open(dir);
  try {
    if (opts.list) {
      const subjects = keys.subjects();
      if (opts.json) io.out(JSON.stringify(subjects, null, 2) + '\n');
      else io.out(subjects.map((s) => `${s.subject}  ${s.erasedAt ? `erased ${s.erasedAt}` : 'held'}\n`).join(''));
      return 0;
    }
    if (!opts.subject || !opts.reason?.trim()) {
      io.err('gongkai erase: --subject ID and --reason TEXT are required (or --list)\n');
      return 2;
    }
    const store = await openSqliteEventStore({ path: ledger });
    try {
      const outcome = await eraseSubject(keys, store, { subject: opts.subject, reason: opts.reason, ...(opts.by ? { requestedBy: opts.by } : {}) });
      if (opts.json) io.out(JSON.stringify(outcome, null, 2) + '\n');
      else
        io.out(
          `erased ${outcome.subject}: ${outcome.keyIds.length} data key(s) destroyed at ${outcome.erasedAt}\n` +
            `recorded as PersonalDataErased ${outcome.eventId} in ${outcome.streamId} (position ${outcome.globalPosition})\n`,
        );
      return 0;
    } catch (err) {
      if (err instanceof UnknownSubjectError) {
        io.err(`gongkai erase: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      await store.close();
    }
  } finally {
    keys.close();
  }
}

export function registerEraseCommand(program: Command): void {
  program
    .command('erase')
    .description("forget a data subject's personal data (destroys its key; recorded in the ledger)")
    .option('--subject <id>', 'subject reference <streamId>/<subjectId>, e.g. expropriation-JS2025-001/HH-003 (see --list)')
    .option('--reason <text>', 'why (recorded in the ledger: no personal data here)')
    .option('--by <who>', 'operator or ticket recorded with the erasure')
    .option('--list', 'list the data subjects and whether they are erased')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action(async (opts: EraseOptions) => {
      // `gongkai erase --list | head`: a closed pipe ends the listing quietly
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
      const code = await runErase(opts, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
      process.exitCode = code;
    });
}
