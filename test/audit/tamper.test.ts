// Tamper tests: build a real ledger with the SQLite store, notarize it, make checkpoints, then
// copy the files and edit them with raw SQL the way someone with access to the server could.
// verifyLedger must catch every edit and name the place.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { hash as sha256 } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNoteKey, parseSignerKey, signCheckpoint, parseCheckpoint, parseNote } from '@gongkai/notary';
import { canonicalEventText, startNotary, verifyLedger, type VerifyReport } from '@gongkai/notary-service';
import type { RecordedEvent } from '@gongkai/event-store';
import { fillLedger, openLedger, removeDir, silentLogger, tempDir } from './helpers.ts';

let original: string;
let events: RecordedEvent[];
let verifierKey: string;
const dirs: string[] = [];

beforeAll(async () => {
  original = tempDir();
  dirs.push(original);
  const store = openLedger(original);
  const notary = await startNotary({ store, dataDir: original, logger: silentLogger, intervalMs: 0 });
  await fillLedger(store, 40, 4);
  await notary.checkpointNow();
  await fillLedger(store, 35, 4, 40);
  await notary.checkpointNow();
  await fillLedger(store, 25, 4, 75);
  await notary.checkpointNow();
  verifierKey = notary.verifierKey;
  events = await store.readAll();
  await notary.close();
  await store.close();
});

afterAll(() => {
  for (const d of dirs) removeDir(d);
});

/** A copy of the data folder to tamper with. */
function copy(): string {
  const d = tempDir('gongkai-tamper-');
  dirs.push(d);
  cpSync(original, d, { recursive: true });
  rmSync(join(d, 'verify-state.json'), { force: true });
  return d;
}

function sql(dir: string, file: 'ledger.db' | 'notary.db', fn: (db: Database.Database) => void): void {
  const db = new Database(join(dir, file));
  try {
    fn(db);
  } finally {
    db.close();
  }
}

async function verify(dir: string, extra: Partial<Parameters<typeof verifyLedger>[0]> = {}): Promise<VerifyReport> {
  return verifyLedger({ dataDir: dir, statePath: false, ...extra });
}

function kinds(r: VerifyReport): string[] {
  return [...new Set(r.problems.map((p) => p.kind))];
}

describe('verifyLedger on an untampered ledger', () => {
  it('passes and reports what it checked', async () => {
    const d = copy();
    const r = await verify(d);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.events).toBe(100);
    expect(r.streams).toBe(4);
    expect(r.notarySize).toBe(100);
    expect(r.checkpoints).toMatchObject({ count: 4, valid: 4, latest: { size: 100 } });
    expect(r.nodesCompared).toBeGreaterThanOrEqual(199 - 7);
    expect(r.key).toEqual({ verifierKey, source: 'data-folder' });
  });

  it('remembers the checkpoint it verified and proves consistency from it next time', async () => {
    const d = copy();
    const statePath = join(d, 'verify-state.json');
    const first = await verify(d, { statePath });
    expect(first.ok).toBe(true);
    expect(first.rememberedNow).toMatchObject({ size: 100 });
    // the ledger grows, the notary signs again
    const store = openLedger(d);
    const notary = await startNotary({ store, dataDir: d, logger: silentLogger, intervalMs: 0 });
    await fillLedger(store, 10, 4, 100);
    await notary.checkpointNow();
    await notary.close();
    await store.close();
    const second = await verify(d, { statePath });
    expect(second.problems).toEqual([]);
    expect(second.key?.source).toBe('pinned');
    expect(second.remembered).toMatchObject({ size: 100, ok: true });
    expect(second.rememberedNow).toMatchObject({ size: 110 });
  });
});

describe('verifyLedger catches tampering', () => {
  it('one byte of a stored payload changed', async () => {
    const d = copy();
    const target = events[57]!;
    sql(d, 'ledger.db', (db) => {
      const payload = db.prepare('SELECT payload FROM events WHERE event_id = ?').pluck().get(target.eventId) as string;
      const i = payload.indexOf('"amountYuan":') + '"amountYuan":'.length;
      const changed = payload.slice(0, i) + (payload[i] === '9' ? '8' : '9') + payload.slice(i + 1);
      db.prepare('UPDATE events SET payload = ? WHERE event_id = ?').run(changed, target.eventId);
    });
    const r = await verify(d);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({
      kind: 'chain-hash',
      streamId: target.streamId,
      version: target.version,
      eventId: target.eventId,
      globalPosition: '58',
      found: target.hash,
    });
    expect(r.firstProblem!.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(r.firstProblem!.expected).not.toBe(target.hash);
    // the Merkle tree sees it too: leaf 57, and the checkpoints signed after it
    expect(kinds(r)).toEqual(expect.arrayContaining(['chain-hash', 'leaf-mismatch', 'checkpoint-root']));
    expect(r.problems.find((p) => p.kind === 'leaf-mismatch')).toMatchObject({ leafIndex: 57, eventId: target.eventId });
    expect(r.problems.find((p) => p.kind === 'checkpoint-root')).toMatchObject({ checkpointSize: 75 });
  });

  it('gives the same verdict when worker threads do the hashing', async () => {
    const d = copy();
    const target = events[88]!;
    sql(d, 'ledger.db', (db) => {
      db.prepare("UPDATE events SET payload = replace(payload, '道路', '道桥') WHERE event_id = ?").run(target.eventId);
    });
    const inline = await verify(d, { workers: 0 });
    const threaded = await verify(d, { workers: 2 });
    expect(threaded.workers).toBe(2);
    expect(inline.workers).toBe(0);
    expect(threaded.problems).toEqual(inline.problems);
    expect(threaded.firstProblem).toMatchObject({ kind: 'chain-hash', eventId: target.eventId, streamId: target.streamId, version: target.version });
    expect((await verify(original, { workers: 2 })).ok).toBe(true);
  });

  it('a stored hash or previous hash edited (even only upper-cased)', async () => {
    for (const workers of [0, 2]) {
      const d = copy();
      const a = events[44]!;
      const next = events.find((e) => e.streamId === a.streamId && e.version === a.version + 1)!;
      sql(d, 'ledger.db', (db) => db.prepare('UPDATE events SET hash = upper(hash) WHERE event_id = ?').run(a.eventId));
      const r = await verify(d, { workers });
      expect(r.firstProblem).toMatchObject({ kind: 'chain-hash', eventId: a.eventId, found: a.hash.toUpperCase() });
      expect(r.problems.find((p) => p.kind === 'chain-prev-hash')).toMatchObject({ eventId: next.eventId, found: a.hash });

      const d2 = copy();
      sql(d2, 'ledger.db', (db) => db.prepare("UPDATE events SET prev_hash = ? WHERE event_id = ?").run('f'.repeat(64), next.eventId));
      const r2 = await verify(d2, { workers });
      expect(r2.firstProblem).toMatchObject({ kind: 'chain-prev-hash', eventId: next.eventId, expected: a.hash, found: 'f'.repeat(64) });
    }
  });

  it('an event deleted', async () => {
    const d = copy();
    const target = events[30]!;
    sql(d, 'ledger.db', (db) => db.prepare('DELETE FROM events WHERE event_id = ?').run(target.eventId));
    const r = await verify(d);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'position-gap', eventId: target.eventId, globalPosition: '31', leafIndex: 30 });
    expect(r.firstProblem!.message).toContain(events[31]!.eventId);
    // the stream's chain skips a version, and the notary's leaf 30 names the missing event
    const next = events.find((e) => e.streamId === target.streamId && e.version === target.version + 1)!;
    expect(r.problems.find((p) => p.kind === 'chain-version')).toMatchObject({ streamId: target.streamId, eventId: next.eventId, expected: String(target.version), found: String(target.version + 1) });
    expect(r.problems.find((p) => p.kind === 'leaf-mismatch')!.message).toContain(target.eventId);
    expect(kinds(r)).toEqual(expect.arrayContaining(['ledger-truncated', 'checkpoint-root']));
  });

  it('the last event deleted (and its stream head rewound to hide it)', async () => {
    const d = copy();
    const last = events[99]!;
    const prev = events.filter((e) => e.streamId === last.streamId && e.version === last.version - 1)[0]!;
    sql(d, 'ledger.db', (db) => {
      db.prepare('DELETE FROM events WHERE event_id = ?').run(last.eventId);
      db.prepare('UPDATE streams SET version = ?, last_hash = ? WHERE stream_id = ?').run(prev.version, prev.hash, last.streamId);
    });
    const r = await verify(d);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'ledger-truncated', eventId: last.eventId, leafIndex: 99 });
  });

  it('two events reordered (global positions swapped across streams)', async () => {
    const d = copy();
    const a = events[20]!;
    const b = events[21]!;
    expect(a.streamId).not.toBe(b.streamId);
    sql(d, 'ledger.db', (db) => {
      db.transaction(() => {
        db.prepare('UPDATE events SET global_position = -1 WHERE global_position = 21').run();
        db.prepare('UPDATE events SET global_position = 21 WHERE global_position = 22').run();
        db.prepare('UPDATE events SET global_position = 22 WHERE global_position = -1').run();
      })();
    });
    const r = await verify(d);
    expect(r.ok).toBe(false);
    // both streams' chains are intact: only the Merkle tree over the global order sees it
    expect(kinds(r)).not.toContain('chain-hash');
    expect(r.firstProblem).toMatchObject({ kind: 'leaf-mismatch', leafIndex: 20, eventId: b.eventId });
    expect(r.firstProblem!.message).toContain(a.eventId);
    expect(r.problems.find((p) => p.kind === 'checkpoint-root')).toMatchObject({ checkpointSize: 40 });
  });

  it('two events of one stream reordered', async () => {
    const d = copy();
    const [x, y] = events.filter((e) => e.streamId === events[0]!.streamId).slice(3, 5) as [RecordedEvent, RecordedEvent];
    sql(d, 'ledger.db', (db) => {
      db.transaction(() => {
        db.prepare('UPDATE events SET global_position = -1 WHERE event_id = ?').run(x.eventId);
        db.prepare('UPDATE events SET global_position = ? WHERE event_id = ?').run(Number(x.globalPosition), y.eventId);
        db.prepare('UPDATE events SET global_position = ? WHERE event_id = ?').run(Number(y.globalPosition), x.eventId);
      })();
    });
    const r = await verify(d);
    expect(r.firstProblem).toMatchObject({ kind: 'chain-version', streamId: x.streamId, eventId: y.eventId, expected: String(x.version), found: String(y.version) });
  });

  it('a checkpoint replaced by one re-signed with another key', async () => {
    const d = copy();
    const other = parseSignerKey(generateNoteKey('gongkai.local/ledger').signerKey);
    sql(d, 'notary.db', (db) => {
      const row = db.prepare('SELECT size, signed_note FROM checkpoints WHERE size = 75').get() as { size: number; signed_note: string };
      const cp = parseCheckpoint(parseNote(row.signed_note).text);
      db.exec('DROP TRIGGER checkpoints_no_update');
      db.prepare('UPDATE checkpoints SET signed_note = ? WHERE size = 75').run(signCheckpoint(cp, [other]));
    });
    const r = await verify(d);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'checkpoint-signature', checkpointSize: 75 });
  });

  it('a checkpoint with a forged root (old signature kept)', async () => {
    const d = copy();
    sql(d, 'notary.db', (db) => {
      const note = db.prepare('SELECT signed_note FROM checkpoints WHERE size = 40').pluck().get() as string;
      const lines = note.split('\n');
      const forgedRoot = Buffer.alloc(32, 7);
      lines[2] = forgedRoot.toString('base64');
      db.exec('DROP TRIGGER checkpoints_no_update');
      db.prepare('UPDATE checkpoints SET signed_note = ?, root = ? WHERE size = 40').run(lines.join('\n'), forgedRoot);
    });
    const r = await verify(d);
    expect(r.firstProblem).toMatchObject({ kind: 'checkpoint-signature', checkpointSize: 40 });
  });

  it('the whole notary key replaced and a forged checkpoint re-signed: caught by the pinned key', async () => {
    const d = copy();
    const statePath = join(d, 'verify-state.json');
    expect((await verify(d, { statePath })).ok).toBe(true); // pins the key
    const { signerKey, verifierKey: newKey } = generateNoteKey('gongkai.local/ledger');
    const other = parseSignerKey(signerKey);
    writeFileSync(join(d, 'notary', 'signer.key'), `${signerKey}\n`, { mode: 0o600 });
    writeFileSync(join(d, 'notary', 'verifier.key'), `${newKey}\n`);
    sql(d, 'notary.db', (db) => {
      db.exec('DROP TRIGGER checkpoints_no_update');
      const forged = signCheckpoint({ origin: 'gongkai.local/ledger', size: 100, rootHash: Buffer.alloc(32, 1), extensions: [] }, [other]);
      db.prepare('UPDATE checkpoints SET signed_note = ?, root = ? WHERE size = 100').run(forged, Buffer.alloc(32, 1));
    });
    const r = await verify(d, { statePath });
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'key-changed', expected: verifierKey, found: newKey });
    expect(r.problems.find((p) => p.kind === 'checkpoint-signature')).toMatchObject({ checkpointSize: 100 });
    // an explicitly trusted (published) key gives the same verdict without any state
    const r2 = await verify(d, { verifierKey });
    expect(r2.problems.find((p) => p.kind === 'checkpoint-signature')).toMatchObject({ checkpointSize: 100 });
  });

  it('a stored Merkle node altered', async () => {
    const d = copy();
    sql(d, 'notary.db', (db) => {
      db.exec('DROP TRIGGER nodes_no_update');
      db.prepare('UPDATE merkle_nodes SET hash = ? WHERE level = 3 AND idx = 2').run(Buffer.alloc(32, 9));
    });
    const r = await verify(d);
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.kind === 'node-mismatch')).toMatchObject({ leafIndex: 16, found: '09'.repeat(32) });
  });

  it('a history rewritten consistently and the notary rebuilt: caught by the remembered checkpoint', async () => {
    const d = copy();
    const statePath = join(d, 'verify-state.json');
    expect((await verify(d, { statePath })).ok).toBe(true);

    // rewrite event 10's payload and re-hash its stream's chain, so every hash chain is intact
    const target = events[10]!;
    sql(d, 'ledger.db', (db) => {
      db.transaction(() => {
        const rows = db
          .prepare('SELECT global_position, event_id, stream_id, version, type, schema_version, occurred_at, recorded_at, metadata, payload, prev_hash FROM events WHERE stream_id = ? ORDER BY version')
          .all(target.streamId) as any[];
        let prev = '0'.repeat(64);
        for (const r of rows) {
          const payload = r.event_id === target.eventId ? r.payload.replace('"amountYuan":', '"amountYuan":9') : r.payload;
          const text = canonicalEventText(r.event_id, r.stream_id, r.version, r.type, r.schema_version, r.occurred_at, r.recorded_at, r.metadata, payload, prev);
          const h = sha256('sha256', text, 'hex');
          db.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE global_position = ?').run(payload, prev, h, r.global_position);
          prev = h;
        }
        db.prepare('UPDATE streams SET last_hash = ? WHERE stream_id = ?').run(prev, target.streamId);
      })();
    });
    // throw the notary's database away and let it rebuild from the rewritten ledger (same key)
    for (const f of ['notary.db', 'notary.db-wal', 'notary.db-shm']) rmSync(join(d, f), { force: true });
    const store = openLedger(d);
    const notary = await startNotary({ store, dataDir: d, logger: silentLogger, intervalMs: 0 });
    await notary.checkpointNow();
    await notary.close();
    await store.close();

    // on its own the rebuilt folder looks perfect …
    expect((await verify(d)).ok).toBe(true);
    // … but not to the auditor who verified it before
    const r = await verify(d, { statePath });
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'remembered-checkpoint', checkpointSize: 100 });
    expect(r.remembered).toMatchObject({ size: 100, ok: false });
  });
});
