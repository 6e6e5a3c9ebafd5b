// Rate limits of the authenticated APIs (ingest, audit): one token bucket per client address and
// one per credential (the API key id, or a digest of a bearer JWT), on the public API's
// TokenBuckets. A client over either budget gets 429 problem+json with Retry-After, before the
// credential is even checked, so a flood of bad keys costs nothing. Generous defaults: these are a
// safety net against a runaway client, not a quota.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ProblemError } from '@gongkai/platform';
import { TokenBuckets, type RateLimitOptions } from '@gongkai/public-api';

export interface AuthenticatedRateLimits {
  perKey?: RateLimitOptions;
  perIp?: RateLimitOptions;
}

export const AUTHENTICATED_PATHS = ['/v1/streams', '/v1/events', '/v1/audit'];

function credentialOf(authorization: string | undefined): string | undefined {
  const m = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  if (!m) return undefined;
  const key = /^gk_([a-z0-9]{12})_/.exec(m[1]!);
  return key ? `key:${key[1]}` : `jwt:${createHash('sha256').update(m[1]!).digest('base64url').slice(0, 22)}`;
}

export function authenticatedRateLimit(options: AuthenticatedRateLimits = {}): RequestHandler {
  const perKey = new TokenBuckets({ capacity: 5_000, refillPerSecond: 2_000, ...options.perKey });
  const perIp = new TokenBuckets({ capacity: 10_000, refillPerSecond: 4_000, ...options.perIp });
  return (req, res, next) => {
    const ipWait = perIp.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const credential = credentialOf(req.get('authorization'));
    const keyWait = ipWait === 0 && credential ? perKey.take(credential) : 0;
    const wait = Math.max(ipWait, keyWait);
    if (wait === 0) return next();
    const seconds = Math.max(1, Math.ceil(wait));
    res.setHeader('Retry-After', String(seconds));
    throw new ProblemError('too-many-requests', `Too many requests ${ipWait ? 'from this address' : 'with this credential'}; retry in ${seconds} s`);
  };
}
