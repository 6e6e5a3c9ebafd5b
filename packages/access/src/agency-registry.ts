// Agencies and their API keys. Kept in a database of its own (access.db), apart from the ledger:
// key hashes are secrets of the operator, not disclosure. Keys look like `gk_<keyId>_<secret>`; only
// SHA-256(secret) is stored (the secret has 256 bits of entropy, so a slow hash adds nothing), and
// comparison is constant-time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';

export interface Agency {
  id: string;
  name: string;
  roles: string[];
  /** GB/T 2260 region codes of its jurisdiction (hierarchical: 320500 covers its districts) */
  regions: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface Principal {
  kind: 'agency';
  agencyId: string;
  agencyName: string;
  roles: ReadonlySet<string>;
  regions: readonly string[];
  keyId: string;
}

export interface IssuedKey {
  agency: Agency;
  keyId: string;
  /** shown once; never stored */
  apiKey: string;
  expiresAt: string | null;
}

const KEY_PATTERN = /^gk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export class AgencyRegistry {
  private readonly db: Database.Database;
  /** verified keys, briefly cached so a hot ingest path does not hit the database per request */
  private readonly cache = new Map<string, { principal: Principal | null; secretHash: Buffer | null; until: number }>();
  private readonly cacheMs: number;

  constructor(path: string, options: { cacheMs?: number } = {}) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.cacheMs = options.cacheMs ?? 5_000;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS agencies (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, regions TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked_at TEXT
      );
      CREATE TABLE IF NOT EXISTS api_keys (
        key_id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), secret_hash BLOB NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT
      );
      CREATE INDEX IF NOT EXISTS api_keys_agency ON api_keys(agency_id);
    `);
  }

  addAgency(input: { name: string; roles: string[]; regions: string[]; expiresAt?: string | null }): IssuedKey {
    const agency: Agency = {
      id: `agency-${randomUUID()}`,
      name: input.name,
      roles: [...new Set(input.roles)].sort(),
      regions: [...new Set(input.regions)].sort(),
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    return this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO agencies (id, name, roles, regions, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(agency.id, agency.name, JSON.stringify(agency.roles), JSON.stringify(agency.regions), agency.createdAt);
      return this.issueKeyInTx(agency, input.expiresAt ?? null);
    })();
  }

  /** A new key for an existing agency; older keys stay valid until revoked or expired (rotation with overlap). */
  issueKey(agencyId: string, expiresAt: string | null = null): IssuedKey {
    const agency = this.getAgency(agencyId);
    if (!agency || agency.revokedAt) throw new Error(`no active agency ${agencyId}`);
    return this.issueKeyInTx(agency, expiresAt);
  }

  private issueKeyInTx(agency: Agency, expiresAt: string | null): IssuedKey {
    const keyId = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO api_keys (key_id, agency_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(keyId, agency.id, hashSecret(secret), new Date().toISOString(), expiresAt);
    return { agency, keyId, apiKey: `gk_${keyId}_${secret}`, expiresAt };
  }

  listAgencies(): Agency[] {
    const rows = this.db.prepare('SELECT * FROM agencies ORDER BY created_at, id').all() as AgencyRow[];
    return rows.map(toAgency);
  }

  /** prepared once: the public API looks an agency up for every record it renders */
  private getAgencyStmt: Database.Statement<[string]> | undefined;

  getAgency(id: string): Agency | undefined {
    const row = (this.getAgencyStmt ??= this.db.prepare('SELECT * FROM agencies WHERE id = ?')).get(id) as AgencyRow | undefined;
    return row ? toAgency(row) : undefined;
  }

  /** Revokes an agency and all its keys. */
  revokeAgency(id: string): boolean {
    const now = new Date().toISOString();
    const changed = this.db.transaction(() => {
      const r = this.db.prepare('UPDATE agencies SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE agency_id = ? AND revoked_at IS NULL').run(now, id);
      return r.changes > 0;
    })();
    this.cache.clear();
    return changed;
  }

  revokeKey(keyId: string): boolean {
    const r = this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), keyId);
    this.cache.clear();
    return r.changes > 0;
  }

  /** The principal for an `Authorization` header value, or null when missing, malformed, unknown, revoked or expired. */
  authenticate(authorization: string | undefined, now = Date.now()): Principal | null {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return null;
    const key = KEY_PATTERN.exec(m[1]!);
    if (!key) return null;
    const [, keyId, secret] = key as unknown as [string, string, string];
    const cached = this.cache.get(keyId);
    if (cached && cached.until > now) return cached.secretHash && timingSafeEqual(cached.secretHash, hashSecret(secret)) ? cached.principal : null;

    const row = this.db
      .prepare(
        `SELECT k.secret_hash, k.expires_at, k.revoked_at AS key_revoked, a.* FROM api_keys k JOIN agencies a ON a.id = k.agency_id WHERE k.key_id = ?`,
      )
      .get(keyId) as (AgencyRow & { secret_hash: Buffer; expires_at: string | null; key_revoked: string | null }) | undefined;
    let principal: Principal | null = null;
    let secretHash: Buffer | null = null;
    if (row && !row.key_revoked && !row.revoked_at && (!row.expires_at || Date.parse(row.expires_at) > now)) {
      const agency = toAgency(row);
      secretHash = row.secret_hash;
      principal = { kind: 'agency', agencyId: agency.id, agencyName: agency.name, roles: new Set(agency.roles), regions: agency.regions, keyId };
    }
    const until = Math.min(now + this.cacheMs, row?.expires_at ? Date.parse(row.expires_at) : Infinity);
    this.cache.set(keyId, { principal, secretHash, until });
    if (!secretHash || !timingSafeEqual(secretHash, hashSecret(secret))) return null;
    return principal;
  }

  private oidc: { verify(token: string, registry: AgencyRegistry): Promise<Principal | null> } | undefined;

  /** Accept bearer JWTs of an OpenID Connect provider too (see oidc.ts). */
  useOidc(verifier: { verify(token: string, registry: AgencyRegistry): Promise<Principal | null> } | undefined): void {
    this.oidc = verifier;
  }

  /**
   * The principal for an `Authorization` header: an API key (`gk_…`) or, when an OIDC provider is
   * configured, a JWT it signed. Null when missing, malformed, unknown, revoked or expired.
   */
  async authenticateRequest(authorization: string | undefined, now = Date.now()): Promise<Principal | null> {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return null;
    if (KEY_PATTERN.test(m[1]!)) return this.authenticate(authorization, now);
    return this.oidc ? this.oidc.verify(m[1]!, this) : null;
  }

  close(): void {
    this.db.close();
  }
}

interface AgencyRow {
  id: string;
  name: string;
  roles: string;
  regions: string;
  created_at: string;
  revoked_at: string | null;
}

function toAgency(row: AgencyRow): Agency {
  return { id: row.id, name: row.name, roles: JSON.parse(row.roles) as string[], regions: JSON.parse(row.regions) as string[], createdAt: row.created_at, revokedAt: row.revoked_at };
}
