// Access control over real HTTP on the all-in-one host: bearer JWTs of an external OpenID Connect
// provider (a real JWKS endpoint on a local server) map to the same agencies, roles and regions
// as API keys; API key rotation with overlap, revocation and expiry; CORS only on the public
// endpoints; security headers everywhere.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { examplePosts } from './support.ts';

let t: TestHost;
let jwks: Server;
let issuer: string;
let signer: CryptoKey;
let stranger: CryptoKey;
let agencyId: string;
let auditorId: string;
const AUDIENCE = 'gongkai-ingest';
const posts = examplePosts();
const first = posts[0]!;

async function token(claims: Record<string, unknown>, o: { key?: CryptoKey; exp?: string | number; aud?: string; iss?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: 'k1' })
    .setIssuer(o.iss ?? issuer)
    .setAudience(o.aud ?? AUDIENCE)
    .setSubject('clerk-0042')
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '5m')
    .sign(o.key ?? signer);
}

function post(authorization: string) {
  return t.request('POST', `/v1/streams/${encodeURIComponent(first.streamId)}/events`, { headers: { authorization }, body: { events: first.events } });
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signer = pair.privateKey;
  stranger = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  }).listen(0, '127.0.0.1');
  await once(jwks, 'listening');
  const port = (jwks.address() as { port: number }).port;
  issuer = `http://127.0.0.1:${port}`;
  process.env['GONGKAI_OIDC_ISSUER'] = issuer;
  process.env['GONGKAI_OIDC_AUDIENCE'] = AUDIENCE;
  process.env['GONGKAI_OIDC_JWKS_URL'] = `${issuer}/jwks`;
  try {
    t = await startTestHost({ publicRateLimit: false });
  } finally {
    delete process.env['GONGKAI_OIDC_ISSUER'];
    delete process.env['GONGKAI_OIDC_AUDIENCE'];
    delete process.env['GONGKAI_OIDC_JWKS_URL'];
  }
  const { AGENCY_ROLES } = await import('@gongkai/catalog');
  agencyId = t.host.registry.addAgency({ name: '苏州市测试机关', roles: [...AGENCY_ROLES], regions: ['320500'] }).agency.id;
  auditorId = t.host.registry.addAgency({ name: '审计局', roles: ['auditor'], regions: ['320500'] }).agency.id;
}, 30_000);
afterAll(async () => {
  await t?.stop();
  jwks?.close();
});

describe('OpenID Connect bearer tokens', () => {
  it('refuses tokens that are expired, for another audience or issuer, signed by another key, unsigned, or for no active agency', async () => {
    const bad = [
      await token({ gongkai_agency: agencyId }, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      await token({ gongkai_agency: agencyId }, { aud: 'someone-else' }),
      await token({ gongkai_agency: agencyId }, { iss: 'https://evil.example' }),
      await token({ gongkai_agency: agencyId }, { key: stranger }),
      await token({ gongkai_agency: 'agency-does-not-exist' }),
      await token({}),
      // alg "none": header and claims of a valid token, no signature
      (await token({ gongkai_agency: agencyId })).split('.').slice(0, 2).join('.').replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString('base64url')) + '.',
    ];
    for (const b of bad) {
      const r = await post(`Bearer ${b}`);
      expect(r.status, r.text.slice(0, 200)).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await t.host.store.headPosition()).toBe(0n);
  });

  it("accepts a valid token with the agency's roles and regions; a roles claim only narrows them", async () => {
    const narrowed = await post(`Bearer ${await token({ gongkai_agency: agencyId, gongkai_roles: ['auditor'] })}`);
    expect(narrowed.status, narrowed.text.slice(0, 200)).toBe(403);
    const ok = await post(`Bearer ${await token({ gongkai_agency: agencyId })}`);
    expect(ok.status, ok.text.slice(0, 300)).toBe(201);
    expect((await t.host.store.getEvent(first.events[0]!.eventId!))?.metadata['user']).toBe('oidc:clerk-0042');
  });

  it('gives an auditor token the audit API, and the access is logged under the token subject', async () => {
    const auditor = `Bearer ${await token({ gongkai_agency: auditorId })}`;
    const r = await t.request('GET', `/v1/audit/streams/${encodeURIComponent(first.streamId)}/history`, { headers: { authorization: auditor } });
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    const log = await t.request('GET', '/v1/audit/access-log', { headers: { authorization: auditor } });
    expect(JSON.stringify(log.body)).toContain('oidc:clerk-0042');
    const agencyToken = `Bearer ${await token({ gongkai_agency: agencyId })}`;
    expect((await t.request('GET', `/v1/audit/streams/${encodeURIComponent(first.streamId)}/history`, { headers: { authorization: agencyToken } })).status).toBe(403);
  });

  it('stops accepting tokens of a revoked agency', async () => {
    const id = t.host.registry.addAgency({ name: '将撤销机关', roles: ['auditor'], regions: ['320500'] }).agency.id;
    const b = `Bearer ${await token({ gongkai_agency: id })}`;
    expect((await t.request('GET', '/v1/audit/access-log', { headers: { authorization: b } })).status).toBe(200);
    t.host.registry.revokeAgency(id);
    expect((await t.request('GET', '/v1/audit/access-log', { headers: { authorization: b } })).status).toBe(401);
  });
});

describe('API keys', () => {
  it('rotate with overlap, and stop working when revoked or expired', async () => {
    const issued = t.host.registry.addAgency({ name: '轮换机关', roles: ['auditor'], regions: ['320500'] });
    const old = issued.apiKey;
    const fresh = t.host.registry.issueKey(issued.agency.id).apiKey;
    const get = (key: string) => t.request('GET', '/v1/audit/access-log', { key });
    expect((await get(old)).status).toBe(200);
    expect((await get(fresh)).status).toBe(200);
    t.host.registry.revokeKey(issued.keyId);
    expect((await get(old)).status).toBe(401);
    expect((await get(fresh)).status).toBe(200);
    const expired = t.host.registry.issueKey(issued.agency.id, new Date(Date.now() - 1000).toISOString()).apiKey;
    expect((await get(expired)).status).toBe(401);
  });
});

describe('rate limits of the authenticated APIs', () => {
  it('limit each credential and each address, with 429 problem+json and Retry-After', async () => {
    const small = await startTestHost({ authenticatedRateLimit: { perKey: { capacity: 3, refillPerSecond: 0.001 }, perIp: { capacity: 5, refillPerSecond: 0.001 } } });
    try {
      const a = small.agency(['auditor']);
      const b = small.agency(['auditor']);
      const get = (key: string) => small.request('GET', '/v1/audit/access-log', { key });
      for (let i = 0; i < 3; i++) expect((await get(a)).status).toBe(200);
      const limited = await get(a);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await get(b)).status).toBe(200); // another key has its own budget …
      expect((await get(b)).status).toBe(429); // … until the address runs out (5 requests)
      expect((await small.request('GET', '/v1/public/categories')).status).toBe(200); // public reads: their own per-IP limit
    } finally {
      await small.stop();
    }
  });
});

describe('HTTP headers', () => {
  const origin = { origin: 'https://mirror.example.org' };
  it('allows cross-origin reads of the public endpoints only', async () => {
    for (const p of ['/v1/public/categories', '/openapi.json', '/v1/catalog', '/v1/proofs/checkpoint']) {
      const r = await t.request('GET', p, { headers: origin });
      expect(r.headers.get('access-control-allow-origin'), p).toBe('*');
      expect(r.headers.get('access-control-allow-credentials'), p).toBeNull();
    }
    const pre = await fetch(`${t.url}/v1/public/categories`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    for (const [m, p] of [['GET', `/v1/streams/${first.streamId}`], ['GET', '/v1/audit/access-log'], ['POST', '/v1/events'], ['GET', '/metrics'], ['GET', '/']] as const) {
      const r = await t.request(m, p, { headers: origin, ...(m === 'POST' ? { body: {} } : {}) });
      expect(r.headers.get('access-control-allow-origin'), `${m} ${p}`).toBeNull();
    }
    const prePost = await fetch(`${t.url}/v1/events`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } });
    expect(prePost.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on every response', async () => {
    for (const p of ['/', '/v1/public/categories', '/v1/events', '/nope']) {
      const r = await t.request('GET', p);
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('content-security-policy'), p).toBeTruthy();
      expect(r.headers.get('x-frame-options') ?? r.headers.get('content-security-policy'), p).toBeTruthy();
      expect(r.headers.get('x-powered-by'), p).toBeNull();
    }
  });
});
