import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../src/index.ts';

/** A fresh temporary directory and a function removing it. */
export function tempDir(prefix = 'gongkai-es-'): { dir: string; file(name?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name = 'events.db') => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'TenderAnnounced',
    schemaVersion: 1,
    occurredAt: '2024-07-01',
    payload: { tenderId: 'JSZC-2024-001', title: '苏州市某道路改造工程施工招标公告', budget: 1_250_000 },
    metadata: { agency: 'sz-ggzyjy', user: 'clerk-7' },
    ...overrides,
  };
}

export function batch(n: number, extra: Record<string, unknown> = {}): NewEvent[] {
  return Array.from({ length: n }, (_, i) => newEvent({ payload: { i, 说明: `第${i}条`, ...extra } }));
}

export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
