// Shared fixtures for the notary / audit tests: temp data folders, events, small ledgers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openSqliteEventStore, type NewEvent, type SqliteEventStore } from '@gongkai/event-store';
import { createLogger, createMetrics, type Logger } from '@gongkai/platform';

export function tempDir(prefix = 'gongkai-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const silentLogger: Logger = createLogger({ silent: true });

export function freshMetrics() {
  return createMetrics();
}

export function ev(type: string, payload: Record<string, unknown>, options: { occurredAt?: string; agency?: string; eventId?: string } = {}): NewEvent {
  return {
    eventId: options.eventId ?? uuidv7(),
    type,
    schemaVersion: 1,
    occurredAt: options.occurredAt ?? '2025-03-03',
    payload,
    metadata: { agency: options.agency ?? 'agency-test', user: 'tester' },
  };
}

export function openLedger(dataDir: string): SqliteEventStore {
  return openSqliteEventStore({ path: join(dataDir, 'ledger.db'), subscriptions: { pollIntervalMs: 20 } });
}

/** A realistic small payload for the n-th event of a project stream. */
export function projectPayload(code: string, n: number): Record<string, unknown> {
  return {
    projectCode: code,
    projectName: `苏州工业园区道路改造工程（第${n}标段）`,
    stage: ['approval', 'tender', 'construction', 'completion'][n % 4],
    amountYuan: 1_000_000 + n * 1234,
    contractor: { name: '苏州市政建设集团有限公司', creditCode: '91320500MA1X00000X' },
    documents: [{ title: `批复文件第${n}号`, url: `https://example.gov.cn/doc/${n}.pdf` }],
  };
}

/** Appends `count` events spread over `streams` project streams, one append per event. */
export async function fillLedger(store: SqliteEventStore, count: number, streams = 5, start = 0): Promise<void> {
  for (let i = start; i < start + count; i++) {
    const code = `2019-320500-48-01-${String(100000 + (i % streams)).padStart(6, '0')}`;
    await store.append(`project-${code}`, [ev('ProjectMilestoneReported', projectPayload(code, i), { occurredAt: '2025-03-03' })]);
  }
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
