// `gongkai rebuild` and `gongkai party-token` (registerReadCommands), run in-process on a temp
// data folder.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteEventStore } from '@gongkai/event-store';
import { syntheticReplica } from '@gongkai/projector/synthetic';
import { openSqliteReadStore, PartyTokenRegistry } from '@gongkai/read-store';
import { registerReadCommands } from '../../services/gongkai/src/commands/read.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  registerReadCommands(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'gongkai', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

describe('gongkai rebuild', () => {
  it('projects the ledger into read.db with progress on stderr', async () => {
    const store = openSqliteEventStore({ path: join(dir, 'ledger.db') });
    await Promise.all([0, 1, 2].flatMap((k) => syntheticReplica(k).map((a) => store.append(a.streamId, a.events))));
    const head = await store.headPosition();
    await store.close();
    const { stdout, stderr } = await run(['rebuild', '--data', dir, '--batch', '50']);
    expect(stdout).toMatch(new RegExp(`rebuilt .*read\\.db: ${head} events → [\\d,]+ records .* checkpoint ${head}`));
    expect(stderr).toMatch(/projecting events/);
    expect(stderr).toMatch(/building the search index/);
    expect(existsSync(join(dir, 'read.db'))).toBe(true);
    const rs = openSqliteReadStore({ path: join(dir, 'read.db') });
    expect(await rs.checkpoint()).toBe(head);
    await rs.close();
  });
});

describe('gongkai party-token', () => {
  it('issues, lists and revokes tokens, storing only hashes', async () => {
    const issued = await run(['party-token', '--stream', 'expropriation-320506-2019-007', '--expires', '2030-01-01T00:00:00Z', '--note', '尹山村村委会', '--data', dir]);
    const token = /^(gkp_[a-z0-9]{12}_[A-Za-z0-9_-]{43})$/m.exec(issued.stdout)![1]!;
    const tokenId = token.split('_')[1]!;
    expect(issued.stdout).toContain('expires 2030-01-01T00:00:00.000Z');
    const registry = new PartyTokenRegistry(join(dir, 'party-tokens.db'));
    expect(registry.authenticate(`Bearer ${token}`)?.streams).toEqual(new Set(['expropriation-320506-2019-007']));
    registry.close();
    const list = await run(['party-token', '--list', '--data', dir]);
    expect(list.stdout).toContain(tokenId);
    expect(list.stdout).toContain('尹山村村委会');
    expect(list.stdout).not.toContain(token);
    const raw = (await import('node:fs')).readFileSync(join(dir, 'party-tokens.db'));
    expect(raw.includes(Buffer.from(token.split('_')[2]!))).toBe(false);
    await run(['party-token', '--revoke', tokenId, '--data', dir]);
    const after = new PartyTokenRegistry(join(dir, 'party-tokens.db'), { cacheMs: 0 });
    expect(after.authenticate(`Bearer ${token}`)).toBeNull();
    after.close();
  });
});
