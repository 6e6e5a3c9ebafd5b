// Party tokens: bearer tokens for affected parties (被征收人, 村集体成员, the 项目单位 of an
// application …) that unlock the 特定群体 items of ONE stream. Issued by the operator with
// `gongkai party-token --stream …`, kept in their own SQLite file (party-tokens.db) so a read-model
// rebuild never touches them. Tokens look like `gkp_<tokenId>_<secret>`; only SHA-256(secret) is
// stored (256-bit random secrets need no slow hash) and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';

export interface PartyToken {
  tokenId: string;
  streamId: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  note: string | null;
}

export interface IssuedPartyToken extends PartyToken {
  /** shown once, never stored */
  token: string;
}

export interface PartyPrincipal {
  tokenId: string;
  streams: ReadonlySet<string>;
}

const TOKEN_RE = /^gkp_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const STREAM_RE = /^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Whether a bearer credential has the party-token shape (does not verify it). */
export function looksLikePartyToken(value: string): boolean {
  return TOKEN_RE.test(value);
}

export class PartyTokenRegistry {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, { row: (PartyToken & { hash: Buffer }) | null; until: number }>();
  private readonly cacheMs: number;

  constructor(path: string, options: { cacheMs?: number } = {}) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.cacheMs = options.cacheMs ?? 5_000;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS party_tokens (
        token_id    TEXT PRIMARY KEY,
        stream_id   TEXT NOT NULL,
        secret_hash BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        expires_at  TEXT,
        revoked_at  TEXT,
        note        TEXT
      );
      CREATE INDEX IF NOT EXISTS party_tokens_by_stream ON party_tokens (stream_id);
    `);
  }

  /** Issues a token for `streamId`; `expiresAt` ISO 8601 or null (no expiry). */
  issue(streamId: string, options: { expiresAt?: string | null; note?: string | null } = {}): IssuedPartyToken {
    if (!STREAM_RE.test(streamId)) throw new RangeError(`not a stream id: ${JSON.stringify(streamId)} (e.g. expropriation-320506-2019-007)`);
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt !== null && Number.isNaN(Date.parse(expiresAt))) throw new RangeError('expiresAt must be an ISO 8601 date-time');
    const tokenId = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date().toISOString();
    const normalizedExpiry = expiresAt === null ? null : new Date(expiresAt).toISOString();
    this.db
      .prepare('INSERT INTO party_tokens (token_id, stream_id, secret_hash, created_at, expires_at, note) VALUES (?, ?, ?, ?, ?, ?)')
      .run(tokenId, streamId, hashSecret(secret), createdAt, normalizedExpiry, options.note ?? null);
    return { tokenId, streamId, createdAt, expiresAt: normalizedExpiry, revokedAt: null, note: options.note ?? null, token: `gkp_${tokenId}_${secret}` };
  }

  revoke(tokenId: string): boolean {
    const r = this.db.prepare('UPDATE party_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), tokenId);
    this.cache.delete(tokenId);
    return r.changes > 0;
  }

  list(streamId?: string): PartyToken[] {
    const rows = (
      streamId === undefined
        ? this.db.prepare('SELECT * FROM party_tokens ORDER BY created_at').all()
        : this.db.prepare('SELECT * FROM party_tokens WHERE stream_id = ? ORDER BY created_at').all(streamId)
    ) as Array<{ token_id: string; stream_id: string; created_at: string; expires_at: string | null; revoked_at: string | null; note: string | null }>;
    return rows.map((r) => ({ tokenId: r.token_id, streamId: r.stream_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, note: r.note }));
  }

  /**
   * The principal for an `Authorization` header value (`Bearer gkp_…`), or null when it is not a
   * valid, unexpired, unrevoked party token.
   */
  authenticate(authorization: string | undefined, now: Date = new Date()): PartyPrincipal | null {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = m ? TOKEN_RE.exec(m[1]!) : null;
    if (!token) return null;
    const [, tokenId, secret] = token as unknown as [string, string, string];
    const nowMs = now.getTime();
    let cached = this.cache.get(tokenId);
    if (!cached || cached.until <= nowMs) {
      const r = this.db.prepare('SELECT * FROM party_tokens WHERE token_id = ?').get(tokenId) as
        | { token_id: string; stream_id: string; secret_hash: Buffer; created_at: string; expires_at: string | null; revoked_at: string | null; note: string | null }
        | undefined;
      const row = r
        ? { tokenId: r.token_id, streamId: r.stream_id, hash: r.secret_hash, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, note: r.note }
        : null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(tokenId, (cached = { row, until: nowMs + this.cacheMs }));
    }
    const row = cached.row;
    if (!row || row.revokedAt !== null) return null;
    if (row.expiresAt !== null && Date.parse(row.expiresAt) <= nowMs) return null;
    if (!timingSafeEqual(row.hash, hashSecret(secret))) return null;
    return { tokenId: row.tokenId, streams: new Set([row.streamId]) };
  }

  close(): void {
    this.db.close();
  }
}
