// SQLite-specific behaviour: the deferred full-text index of a rebuild, the file switch, WAL.
import { mkdtempSync, renameSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRecord } from '../src/contract.ts';
import { emptyChanges, openSqliteReadStore, PUBLIC_VIEWER, normalizeSearchText } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-read-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (title: string) => fixtureRecord({ title, searchText: normalizeSearchText(title) });
const q = (text: string) => ({ category: 'approval-results', viewer: PUBLIC_VIEWER, today: '2025-06-01', sort: 'formedDate' as const, limit: 50, q: text });

describe('sqlite read store', () => {
  it('runs in WAL mode', async () => {
    const path = join(dir, 'wal.db');
    const store = openSqliteReadStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('builds a deferred search index in one pass when finalized, as one self-contained file', async () => {
    const path = join(dir, 'deferred.db');
    const store = openSqliteReadStore({ path, deferSearchIndex: true });
    const a = record('春申湖路快速化改造工程');
    const b = record('尹山湖花园公共租赁住房');
    store.applyBatchSync({ ...emptyChanges(), records: [{ state: a, created: true }] }, { from: 0n, to: 1n });
    // updating a record in deferred mode must not leave a stale index entry behind
    const a2 = { ...a, title: '春申湖路快速化改造工程（二期）', searchText: normalizeSearchText('春申湖路快速化改造工程（二期）') };
    store.applyBatchSync({ ...emptyChanges(), records: [{ state: a2, created: false }, { state: b, created: true }] }, { from: 1n, to: 2n });
    store.finalize();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = openSqliteReadStore({ path });
    expect(reopened.searchIndexConsistent()).toBe(true);
    expect((await reopened.listRecords(q('二期'))).items.map((r) => r.id)).toEqual([a.id]);
    expect((await reopened.listRecords(q('公共租赁'))).items.map((r) => r.id)).toEqual([b.id]);
    expect(await reopened.checkpoint()).toBe(2n);
    await reopened.close();
  });

  it('notices a rebuilt file renamed over its own and reopens it', async () => {
    const path = join(dir, 'read.db');
    const live = openSqliteReadStore({ path, replacementCheckMs: 0 });
    const old = record('旧的读模型记录');
    await live.applyBatch({ ...emptyChanges(), records: [{ state: old, created: true }], counts: [] }, { from: 0n, to: 5n });

    const fresh = openSqliteReadStore({ path: join(dir, 'read.db.rebuild'), deferSearchIndex: true });
    const rebuilt = record('重建后的读模型记录');
    fresh.applyBatchSync({ ...emptyChanges(), records: [{ state: rebuilt, created: true }] }, { from: 0n, to: 9n });
    fresh.finalize();
    renameSync(join(dir, 'read.db.rebuild'), path);

    expect(live.reopenIfReplaced()).toBe(true);
    expect(await live.checkpoint()).toBe(9n);
    expect((await live.loadRecords([old.id, rebuilt.id])).has(rebuilt.id)).toBe(true);
    expect((await live.loadRecords([old.id])).size).toBe(0);
    expect((await live.listRecords(q('重建后'))).items).toHaveLength(1);
    // and keeps working incrementally on the new file
    const next = record('重建之后新增的记录');
    await live.applyBatch({ ...emptyChanges(), records: [{ state: next, created: true }] }, { from: 9n, to: 10n });
    expect((await live.listRecords(q('新增的记录'))).items.map((r) => r.id)).toEqual([next.id]);
    expect(live.reopenIfReplaced()).toBe(false);
    await live.close();
  });

  it('refuses a file of another schema version', async () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteReadStore({ path })).toThrow(/schema version 99/);
  });
});
