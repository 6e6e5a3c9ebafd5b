// Per-data-subject keys (crypto-shredding). Each subject (`<streamId>/<subjectId>`, e.g.
// `expropriation-JS2025-001/HH-003`) gets a random AES-256 data key, stored only wrapped
// (AES-256-GCM) by the master key, in a database of its own (keys.db), apart from the ledger.
// Erasing a subject overwrites its wrapped keys with nothing: the ciphertext in the ledger stays
// (its hashes never change) but can no longer be read by anyone, the operator included.
//
// The master key comes from GONGKAI_MASTER_KEY (base64 or hex of 32 bytes), a key file named by
// GONGKAI_MASTER_KEY_FILE, or <dataDir>/privacy/master.key (created 0600 on first use).
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export class MasterKeyError extends Error {}

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new MasterKeyError(`${where} must hold 32 bytes (base64 or 64 hex digits)`);
  return key;
}

/** The master key: from the environment, a named key file, or <dataDir>/privacy/master.key (created when missing). */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env['GONGKAI_MASTER_KEY'];
  if (fromEnv) return parseKey(fromEnv, 'GONGKAI_MASTER_KEY');
  const file = env['GONGKAI_MASTER_KEY_FILE'] || join(dataDir, 'privacy', 'master.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'), file);
  if (env['GONGKAI_MASTER_KEY_FILE']) throw new MasterKeyError(`master key file ${file} does not exist`);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a private temp file, then linked into place: link() fails if another process
  // (a second service starting on the same folder) got there first, and then its key is the key.
  const key = randomBytes(32);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return parseKey(readFileSync(file, 'utf8'), file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return key;
}

export function masterKeyId(master: Buffer): string {
  return createHash('sha256').update('gongkai-master-key-id').update(master).digest('hex').slice(0, 16);
}

export interface DataKey {
  keyId: string;
  key: Buffer;
}

export type KeyLookup = { state: 'active'; key: Buffer } | { state: 'erased'; erasedAt: string } | { state: 'unknown' };

export interface ErasureResult {
  subject: string;
  keyIds: string[];
  erasedAt: string;
  /** false when the subject had no key that was not already erased */
  changed: boolean;
}

interface KeyRow {
  key_id: string;
  subject: string;
  wrapped: Buffer | null;
  master_id: string;
  erased_at: string | null;
}

export class SubjectKeyStore {
  private readonly db: Database.Database;
  private readonly master: Buffer;
  private readonly masterId: string;
  // Unwrapped keys, by key id and by subject (active key). Valid while no other connection has
  // committed to keys.db (PRAGMA data_version): an erasure by `gongkai erase` in another process
  // empties them before the next payload is encrypted or decrypted.
  private readonly byKeyId = new Map<string, KeyLookup>();
  private readonly bySubject = new Map<string, DataKey>();
  private dataVersion = -1;
  private readonly dataVersionStmt;
  // subjects waiting for a key, created together in one transaction (one fsync) per tick
  private pending = new Map<string, Array<{ resolve: (k: DataKey) => void; reject: (e: unknown) => void }>>();
  private flushScheduled = false;

  constructor(path: string, master: Buffer) {
    if (master.length !== 32) throw new MasterKeyError('the master key must be 32 bytes');
    this.master = master;
    this.masterId = masterKeyId(master);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    // deleted content is zeroed on disk, so a destroyed key leaves no copy in free pages
    this.db.pragma('secure_delete = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subject_keys (
        key_id TEXT PRIMARY KEY, subject TEXT NOT NULL, wrapped BLOB, master_id TEXT NOT NULL,
        created_at TEXT NOT NULL, erased_at TEXT, erase_reason TEXT
      );
      CREATE INDEX IF NOT EXISTS subject_keys_subject ON subject_keys(subject, erased_at);
    `);
    this.dataVersionStmt = this.db.prepare('PRAGMA data_version').pluck();
    this.stmts = {
      active: this.db.prepare('SELECT * FROM subject_keys WHERE subject = ? AND erased_at IS NULL ORDER BY created_at LIMIT 1'),
      byId: this.db.prepare('SELECT * FROM subject_keys WHERE key_id = ?'),
      insert: this.db.prepare('INSERT INTO subject_keys (key_id, subject, wrapped, master_id, created_at) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  private readonly stmts: { active: Database.Statement; byId: Database.Statement; insert: Database.Statement };

  /** Drops the caches when another connection changed keys.db since the last look. */
  freshen(): void {
    const v = this.dataVersionStmt.get() as number;
    if (v !== this.dataVersion) {
      this.byKeyId.clear();
      this.bySubject.clear();
      this.dataVersion = v;
    }
  }

  /** The subject's active key if it has one (cached), else undefined. */
  private existingActive(subject: string): DataKey | undefined {
    const hit = this.bySubject.get(subject);
    if (hit) return hit;
    const row = this.stmts.active.get(subject) as KeyRow | undefined;
    if (!row) return undefined;
    const k = { keyId: row.key_id, key: this.unwrap(row) };
    this.bySubject.set(subject, k);
    this.byKeyId.set(k.keyId, { state: 'active', key: k.key });
    return k;
  }

  /**
   * The active keys of these subjects, creating the missing ones. Creations of concurrent callers
   * are committed together (one durable transaction per tick), before any caller gets its key — so
   * no ciphertext is ever written under a key that is not yet durable.
   */
  async activeKeys(subjects: Iterable<string>): Promise<Map<string, DataKey>> {
    this.freshen();
    const out = new Map<string, DataKey>();
    const waits: Array<Promise<void>> = [];
    for (const subject of new Set(subjects)) {
      const k = this.existingActive(subject);
      if (k) {
        out.set(subject, k);
        continue;
      }
      waits.push(
        new Promise<DataKey>((resolve, reject) => {
          const list = this.pending.get(subject) ?? [];
          list.push({ resolve, reject });
          this.pending.set(subject, list);
          if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => this.flush());
          }
        }).then((k) => void out.set(subject, k)),
      );
    }
    await Promise.all(waits);
    return out;
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.flushScheduled = false;
    let created: Map<string, DataKey>;
    try {
      created = this.db.transaction(() => {
        const m = new Map<string, DataKey>();
        for (const subject of batch.keys()) m.set(subject, this.activeKey(subject));
        return m;
      }).immediate();
    } catch (err) {
      for (const list of batch.values()) for (const w of list) w.reject(err);
      return;
    }
    for (const [subject, list] of batch) for (const w of list) w.resolve(created.get(subject)!);
  }

  /** Opens <dataDir>/keys.db with the master key from the environment or key file. */
  static open(dataDir: string, env: NodeJS.ProcessEnv = process.env): SubjectKeyStore {
    return new SubjectKeyStore(join(dataDir, 'keys.db'), loadMasterKey(dataDir, env));
  }

  private wrap(keyId: string, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.master, iv);
    c.setAAD(Buffer.from(keyId, 'utf8'));
    return Buffer.concat([iv, c.update(key), c.final(), c.getAuthTag()]);
  }

  private unwrap(row: KeyRow): Buffer {
    if (row.master_id !== this.masterId) throw new MasterKeyError(`data key ${row.key_id} is wrapped by another master key (${row.master_id}); set GONGKAI_MASTER_KEY to that key`);
    const w = row.wrapped!;
    const d = createDecipheriv('aes-256-gcm', this.master, w.subarray(0, 12));
    d.setAAD(Buffer.from(row.key_id, 'utf8'));
    d.setAuthTag(w.subarray(w.length - 16));
    return Buffer.concat([d.update(w.subarray(12, w.length - 16)), d.final()]);
  }

  /** The subject's active data key, created when it has none (or only erased ones). Synchronous: one transaction. */
  activeKey(subject: string): DataKey {
    const k = this.db.transaction((): DataKey => {
      const row = this.stmts.active.get(subject) as KeyRow | undefined;
      if (row) return { keyId: row.key_id, key: this.unwrap(row) };
      const keyId = randomUUID();
      const key = randomBytes(32);
      this.stmts.insert.run(keyId, subject, this.wrap(keyId, key), this.masterId, new Date().toISOString());
      return { keyId, key };
    }).immediate();
    this.bySubject.set(subject, k);
    this.byKeyId.set(k.keyId, { state: 'active', key: k.key });
    return k;
  }

  /** A data key by id (cached; call freshen() first to see erasures made by other processes). */
  lookup(keyId: string): KeyLookup {
    const hit = this.byKeyId.get(keyId);
    if (hit) return hit;
    const row = this.stmts.byId.get(keyId) as KeyRow | undefined;
    let found: KeyLookup;
    if (!row) return { state: 'unknown' };
    if (row.erased_at || !row.wrapped) found = { state: 'erased', erasedAt: row.erased_at ?? '' };
    else found = { state: 'active', key: this.unwrap(row) };
    this.byKeyId.set(keyId, found);
    return found;
  }

  /** Destroys every data key of the subject (the wrapped bytes are overwritten, then deleted from the row). */
  erase(subject: string, reason: string, at = new Date().toISOString()): ErasureResult {
    const keyIds = this.db.transaction(() => {
      const rows = this.db.prepare('SELECT key_id, wrapped FROM subject_keys WHERE subject = ? AND erased_at IS NULL').all(subject) as Array<{ key_id: string; wrapped: Buffer }>;
      for (const r of rows) {
        // overwrite in place first so the old bytes do not linger in a free page of the same row
        this.db.prepare('UPDATE subject_keys SET wrapped = ? WHERE key_id = ?').run(randomBytes(r.wrapped.length), r.key_id);
        this.db.prepare('UPDATE subject_keys SET wrapped = NULL, erased_at = ?, erase_reason = ? WHERE key_id = ?').run(at, reason, r.key_id);
      }
      return rows.map((r) => r.key_id);
    }).immediate();
    // no copy of the destroyed key may survive in the write-ahead log, nor in this process
    if (keyIds.length) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.byKeyId.clear();
    this.bySubject.clear();
    return { subject, keyIds, erasedAt: at, changed: keyIds.length > 0 };
  }

  /** Subjects known to the store, with their state (for `gongkai erase --list`). */
  subjects(): Array<{ subject: string; keys: number; erasedAt: string | null }> {
    const rows = this.db
      .prepare(`SELECT subject, COUNT(*) AS keys, MAX(CASE WHEN erased_at IS NULL THEN 1 ELSE 0 END) AS live, MAX(erased_at) AS erased_at FROM subject_keys GROUP BY subject ORDER BY subject`)
      .all() as Array<{ subject: string; keys: number; live: number; erased_at: string | null }>;
    return rows.map((r) => ({ subject: r.subject, keys: r.keys, erasedAt: r.live ? null : r.erased_at }));
  }

  close(): void {
    this.db.close();
  }
}
