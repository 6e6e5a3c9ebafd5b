// The relay checkpoint file, without a broker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayCheckpoint } from '../src/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongkai-relay-cp-'));
  dirs.push(d);
  return join(d, 'relay.db');
}

describe('RelayCheckpoint', () => {
  it('starts at 0 and survives reopening the file', () => {
    const path = file();
    const a = new RelayCheckpoint(path, 'gongkai.');
    expect(a.get()).toBe(0n);
    a.advance(41n);
    a.advance(18446744073709551615n); // beyond a double: kept exactly
    a.close();
    const b = new RelayCheckpoint(path, 'gongkai.');
    expect(b.get()).toBe(18446744073709551615n);
    b.close();
  });

  it('only moves forward', () => {
    const cp = new RelayCheckpoint(file(), 'gongkai.');
    cp.advance(10n);
    expect(() => cp.advance(10n)).toThrow(/only move forward/);
    expect(() => cp.advance(3n)).toThrow(/only move forward/);
    expect(cp.get()).toBe(10n);
    cp.close();
  });

  it('keeps one checkpoint per topic prefix', () => {
    const path = file();
    const a = new RelayCheckpoint(path, 'gongkai.');
    const b = new RelayCheckpoint(path, 'other.');
    a.advance(7n);
    expect(b.get()).toBe(0n);
    b.advance(2n);
    expect(a.get()).toBe(7n);
    a.close();
    b.close();
  });
});
