// Shared pieces of the security tests: load the worked example plus the known personal values into
// a real all-in-one host over HTTP, run CLI commands through commander, and search raw bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { vi } from 'vitest';
import { registerAuditCommands } from '../../services/gongkai/src/commands/audit.ts';
import { registerEraseCommand } from '../../services/gongkai/src/commands/erase.ts';
import { examplePosts, type Post } from '../public/harness.ts';
import { clearValues, knownPersonalPosts, type ClearValue } from '../public/known-personal.ts';
import type { TestHost } from '../support/test-host.ts';

export { examplePosts, knownPersonalPosts, clearValues, type ClearValue, type Post };

/** Posts every stream append over HTTP as the given agency key; fails on any non-2xx. */
export async function postAll(t: TestHost, key: string, posts: readonly Post[]): Promise<void> {
  for (const p of posts) {
    const res = await t.request('POST', `/v1/streams/${encodeURIComponent(p.streamId)}/events`, { key, body: { events: p.events } });
    if (res.status >= 300) throw new Error(`${p.streamId}: ${res.status} ${res.text.slice(0, 400)}`);
  }
}

export async function settle(t: TestHost): Promise<void> {
  await t.host.projector.waitFor(await t.host.store.headPosition(), 20_000);
}

/** Runs `gongkai <args>` through commander (audit and erase commands); returns output and exit code. */
export async function gongkai(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const program = new Command().exitOverride();
  registerAuditCommands(program);
  registerEraseCommand(program);
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'gongkai', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}

/** Every byte of every file in the folder (SQLite files with their WAL), for raw searches. */
export function folderBytes(dir: string, match: (name: string) => boolean = () => true): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (!match(name)) continue;
    try {
      parts.push(readFileSync(join(dir, name)));
    } catch {
      /* a folder */
    }
  }
  return Buffer.concat(parts);
}

/** Clear values distinctive enough that finding one is a leak, not a coincidence. */
export function distinctiveStrings(values: readonly ClearValue[]): string[] {
  return [...new Set(values.map((v) => v.value).filter((v): v is string => typeof v === 'string' && [...v].length >= 3 && !/^\d{1,3}$/.test(v)))];
}
