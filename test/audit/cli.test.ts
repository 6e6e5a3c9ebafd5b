// The audit commands, driven through commander as `gongkai …` would run them.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventCanonicalBytes } from '@gongkai/integrity';
import { leafHash, parseVerifierKey, verifyTlogProof } from '@gongkai/notary';
import { exportBundle, openNotaryView } from '@gongkai/notary-service';
import type { RecordedEvent } from '@gongkai/event-store';
import { registerAuditCommands } from '../../services/gongkai/src/commands/audit.ts';
import { ev, fillLedger, openLedger, removeDir, tempDir } from './helpers.ts';

let dir: string;
let events: RecordedEvent[];
const dirs: string[] = [];

async function gongkai(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const program = new Command().exitOverride();
  registerAuditCommands(program);
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

beforeAll(async () => {
  dir = tempDir();
  dirs.push(dir);
  const store = openLedger(dir);
  await fillLedger(store, 30, 3);
  const first = (await store.readAll({ maxCount: 1 }))[0]!;
  await store.append(first.streamId, [ev('DisclosureCorrected', { targetEventId: first.eventId, targetType: first.type, changes: { amountYuan: 1 }, reason: '更正', discoveredDate: '2025-03-05' })]);
  events = await store.readAll();
  await store.close();
});

afterAll(() => {
  for (const d of dirs) removeDir(d);
});

afterEach(() => {
  process.exitCode = undefined;
});

describe('gongkai checkpoint / proof / replay / verify', () => {
  it('checkpoint notarizes the ledger and prints a signed note', async () => {
    const r = await gongkai('checkpoint', '--data', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gongkai\.local\/ledger\n31\n[A-Za-z0-9+/=]{44}\n\n— gongkai\.local\/ledger /);
    expect(r.stderr).toMatch(/verifier key: gongkai\.local\/ledger\+[0-9a-f]{8}\+/);
  });

  it('proof prints a tlog-proof that verifies', async () => {
    const e = events[12]!;
    const r = await gongkai('proof', e.eventId, '--data', dir);
    expect(r.code).toBe(0);
    const view = openNotaryView({ dataDir: dir });
    const verifier = parseVerifierKey(view.verifierKey);
    view.close();
    expect(verifyTlogProof(r.stdout, leafHash(eventCanonicalBytes(e)), verifier).index).toBe(12);
    const j = await gongkai('proof', e.eventId, '--data', dir, '--json');
    expect(Buffer.from(JSON.parse(j.stdout).leafData, 'base64').equals(eventCanonicalBytes(e))).toBe(true);
    const missing = await gongkai('proof', '00000000-0000-7000-8000-000000000000', '--data', dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not in the notary's log/);
  });

  it('replay prints the state as of a version or a time', async () => {
    const first = events[0]!;
    const now = JSON.parse((await gongkai('replay', first.streamId, '--data', dir)).stdout);
    const key = Object.keys(now.records)[0]!;
    expect(now.records[key]).toMatchObject({ eventId: first.eventId, payload: { amountYuan: 1 } });
    const v1 = JSON.parse((await gongkai('replay', first.streamId, '--version', '1', '--data', dir)).stdout);
    expect(v1.records[key].payload.amountYuan).toBe((first.payload as { amountYuan: number }).amountYuan);
    const t = JSON.parse((await gongkai('replay', first.streamId, '--as-of', first.recordedAt, '--data', dir)).stdout);
    expect(t.version).toBeGreaterThanOrEqual(1);
    expect(t.asOf).toBe(first.recordedAt);
    const bad = await gongkai('replay', first.streamId, '--as-of', 'last tuesday', '--data', dir);
    expect(bad.code).toBe(2);
  });

  it('verify passes, remembers, and names the first broken place on a tampered copy', async () => {
    const ok = await gongkai('verify', '--data', dir, '--no-progress');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK {2}ledger/);
    expect(ok.stdout).toMatch(/saved +checkpoint of size 31/);
    const again = await gongkai('verify', '--data', dir, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, key: { source: 'pinned' }, remembered: { size: 31, ok: true } });

    const copy = tempDir();
    dirs.push(copy);
    cpSync(dir, copy, { recursive: true });
    const target = events[7]!;
    const db = new Database(join(copy, 'ledger.db'));
    db.prepare("UPDATE events SET payload = replace(payload, '工程', '工桯') WHERE event_id = ?").run(target.eventId);
    db.close();
    const bad = await gongkai('verify', '--data', copy, '--no-progress');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED/);
    expect(bad.stdout).toContain('First broken place: chain-hash');
    expect(bad.stdout).toContain(`stream     ${target.streamId}`);
    expect(bad.stdout).toContain(`version    ${target.version}`);
    expect(bad.stdout).toContain(`event      ${target.eventId}`);
    expect(bad.stdout).toContain(`found      ${target.hash}`);
  });

  it('verify --bundle checks an export offline', async () => {
    const { openSqliteEventStore } = await import('@gongkai/event-store');
    const store = openSqliteEventStore({ path: join(dir, 'ledger.db'), readonly: true });
    const view = openNotaryView({ dataDir: dir, store });
    let text = '';
    for await (const line of exportBundle({ store, notary: view })) text += line;
    const key = view.verifierKey;
    view.close();
    await store.close();
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, text);
    const ok = await gongkai('verify', '--bundle', file, '--key', key);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK {2}bundle/);
    expect(ok.stdout).toContain('events      31 in 3 streams');
    writeFileSync(file, text.replace(/"version":5,/, '"version":6,'));
    const bad = await gongkai('verify', '--bundle', file, '--key', key);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('First broken place');
    const missing = await gongkai('verify', '--bundle', join(dir, 'nope.ndjson'));
    expect(missing.code).toBe(2);
  });
});
