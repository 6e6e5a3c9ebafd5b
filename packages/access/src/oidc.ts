// Bearer JWTs from an external OpenID Connect provider, as an alternative to API keys. The token
// must be signed by a key of the provider's JWKS (fetched and cached by jose), carry the
// configured issuer and audience, and be within its validity period. It names the agency it acts
// for in a claim (default `gongkai_agency`); the agency must be registered and not revoked, and
// its roles and regions — the same ones an API key of that agency carries — are the principal's.
// An optional roles claim can only narrow them (a token for a clerk who may post but not audit).
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AgencyRegistry, Principal } from './agency-registry.ts';

export interface OidcOptions {
  issuer: string;
  audience: string;
  /** the provider's JWKS URL (default `<issuer>/.well-known/jwks.json`) */
  jwksUrl?: string;
  /** a key resolver instead of a URL (tests, pinned keys) */
  keys?: JWTVerifyGetKey;
  agencyClaim?: string;
  /** a claim listing roles; when present the principal gets only the agency's roles it names */
  rolesClaim?: string;
  /** accepted signature algorithms (default RS256, ES256, EdDSA) */
  algorithms?: string[];
  clockToleranceSeconds?: number;
}

/** OIDC settings from GONGKAI_OIDC_ISSUER, GONGKAI_OIDC_AUDIENCE, GONGKAI_OIDC_JWKS_URL (undefined when not configured). */
export function oidcOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcOptions | undefined {
  const issuer = env['GONGKAI_OIDC_ISSUER'];
  const audience = env['GONGKAI_OIDC_AUDIENCE'];
  if (!issuer || !audience) return undefined;
  return { issuer, audience, ...(env['GONGKAI_OIDC_JWKS_URL'] ? { jwksUrl: env['GONGKAI_OIDC_JWKS_URL'] } : {}) };
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class OidcVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly options: OidcOptions;

  constructor(options: OidcOptions) {
    this.options = options;
    this.keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl ?? `${options.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  }

  static looksLikeJwt(token: string): boolean {
    return token.length < 16_384 && JWT_SHAPE.test(token);
  }

  /** The principal for a JWT, or null when it is invalid, expired, for another audience or for no active agency. */
  async verify(token: string, registry: AgencyRegistry): Promise<Principal | null> {
    if (!OidcVerifier.looksLikeJwt(token)) return null;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? ['RS256', 'ES256', 'EdDSA'],
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      return null;
    }
    const agencyId = payload[this.options.agencyClaim ?? 'gongkai_agency'];
    if (typeof agencyId !== 'string') return null;
    const agency = registry.getAgency(agencyId);
    if (!agency || agency.revokedAt) return null;
    let roles = agency.roles;
    const claimed = payload[this.options.rolesClaim ?? 'gongkai_roles'];
    if (claimed !== undefined) {
      if (!Array.isArray(claimed)) return null;
      roles = roles.filter((r) => claimed.includes(r));
    }
    return { kind: 'agency', agencyId: agency.id, agencyName: agency.name, roles: new Set(roles), regions: agency.regions, keyId: `oidc:${String(payload.sub).slice(0, 200)}` };
  }
}
