// Hostile input against the real all-in-one host (real HTTP, real SQLite files). fast-check drives:
//  - every catalog type: its worked example is accepted; mutations that break the catalog schema
//    (a required field dropped, a value of a JSON type the schema does not allow — huge numbers,
//    NoSQL operator objects, arrays, null —, unknown keys including __proto__/constructor, bad
//    envelope fields) get 4xx problem+json and write nothing;
//  - hostile strings (SQL/NoSQL injection, control characters, lone surrogates, path traversal,
//    very long text) in every string field: never a 5xx; rejected ones write nothing;
//  - hostile values in every path id and query filter of every GET route the OpenAPI document
//    lists (so routes other services add are covered too), the audit API and the ingest reads;
//  - raw bodies: oversized, deeply nested, invalid UTF-8, raw control characters, huge numbers.
// The totals are printed at the end (the closing note reports them).
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDocument } from '@gongkai/catalog';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { examplePosts, postAll } from './support.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
}

let t: TestHost;
let agencyKey: string;
let auditorKey: string;
const stats = { generated: 0, accepted: 0, rejected4xx: 0, server5xx: 0 };
const fiveHundreds: string[] = [];

const schemas = new Map<string, JsonSchema>();
for (const e of (catalogDocument() as unknown as { entries: Array<{ type: string; jsonSchema: JsonSchema }> }).entries) schemas.set(e.type, e.jsonSchema);
const examples = examplePosts().flatMap((p) => p.events.map((e) => ({ streamId: p.streamId, event: e })));

export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE events;--",
  "x' UNION SELECT secret_hash FROM api_keys--",
  '") OR 1=1 --',
  "%' AND 1=0 UNION SELECT sqlite_version()--",
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '$ne',
  'db.events.drop()',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..\\..\\windows\\win.ini',
  '/v1/audit/export',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\r\nSet-Cookie: x=1',
  '\ud800',
  'x\udfffy',
  '\u202e\u200b\ufeff',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '9'.repeat(400),
  '-1e999',
  'NaN',
  'x'.repeat(70_000),
  '张'.repeat(5_000),
];

function jsonTypesOf(s: JsonSchema | undefined): Set<string> | undefined {
  if (!s) return undefined;
  const out = new Set<string>();
  const add = (x: JsonSchema): boolean => {
    if (x.type) for (const ty of Array.isArray(x.type) ? x.type : [x.type]) out.add(ty === 'integer' ? 'number' : ty);
    else if (x.anyOf || x.oneOf) {
      for (const y of x.anyOf ?? x.oneOf ?? []) if (!add(y)) return false;
    } else if (x.enum || x.const !== undefined) {
      for (const v of x.enum ?? [x.const]) out.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
    } else return false;
    return true;
  };
  return add(s) ? out : undefined;
}

function jsonTypeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Values of each JSON type, chosen to be hostile. */
const wrongValues: Record<string, fc.Arbitrary<Json>> = {
  string: fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)),
  number: fc.constantFrom(1e308, -1e308, 9007199254740993, 5e-324, -0, 1.7976931348623157e308, 123456789012345678901234567890),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.constantFrom<Json>([], [null], [{ $gt: '' }], ['x'.repeat(10)]),
  object: fc.constantFrom<Json>({}, { $gt: '' }, { $where: '1==1' }, { $ne: null }, { constructor: { prototype: { polluted: true } } }),
};

async function head(): Promise<bigint> {
  return t.host.store.headPosition();
}

async function send(path: string, init: { method?: string; body?: string | Buffer; key?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.key) headers['authorization'] = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(t.url + path, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  stats.generated++;
  if (res.status >= 500) {
    stats.server5xx++;
    fiveHundreds.push(`${init.method ?? 'GET'} ${path.slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`);
  } else if (res.status >= 400) stats.rejected4xx++;
  else stats.accepted++;
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
}

/** Percent-encodes, sending a lone surrogate as the (invalid) UTF-8 bytes of its code unit. */
function enc(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    out += c >= 0xd800 && c <= 0xdfff ? `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase() : encodeURIComponent(ch);
  }
  return out;
}

function expectProblem(r: { status: number; contentType: string; text: string }, what: string): void {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.contentType, what).toContain('application/problem+json');
  const body = JSON.parse(r.text) as { type?: string; status?: number; title?: string };
  expect(body.status, what).toBe(r.status);
  expect(typeof body.type, what).toBe('string');
}

/** `{"key": value, ...rest}` as text, so keys such as __proto__ travel as own JSON keys. */
function withExtraKey(obj: Record<string, unknown>, key: string, value: Json): string {
  const rest = JSON.stringify(obj).slice(1);
  return `{${JSON.stringify(key)}:${JSON.stringify(value)}${rest === '}' ? '}' : ',' + rest}`;
}

function eventBody(event: Record<string, unknown>, payloadText: string): string {
  const { payload: _drop, ...envelope } = event;
  return `{"events":[${JSON.stringify(envelope).slice(0, -1)}${Object.keys(envelope).length ? ',' : ''}"payload":${payloadText}}]}`;
}

beforeAll(async () => {
  t = await startTestHost({ publicRateLimit: false });
  agencyKey = t.agency('all');
  auditorKey = t.agency(['auditor'], ['320500'], '审计局');
  await postAll(t, agencyKey, examplePosts());
  await t.host.projector.waitFor(await head(), 20_000);
}, 60_000);

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`hostile input: ${stats.generated} generated requests, ${stats.accepted} accepted, ${stats.rejected4xx} 4xx, ${stats.server5xx} 5xx`);
  await t?.stop();
});

describe('hostile input', () => {
  it('accepts the worked example of every catalog type', async () => {
    const types = new Set(examples.map((e) => e.event.type));
    expect(types.size).toBe(schemas.size);
    // (posted in beforeAll; every append returned 2xx) — each is in the ledger
    for (const e of examples) expect(await t.host.store.getEvent(e.event.eventId!), e.event.type).toBeDefined();
    stats.generated += examples.length;
    stats.accepted += examples.length;
  });

  it('rejects schema-breaking mutations of every catalog type with 4xx problem+json, writing nothing', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('wrong-type' as const), pick: fc.nat(), type: fc.constantFrom('string', 'number', 'boolean', 'null', 'array', 'object'), seed: fc.nat() }),
      fc.record({ kind: fc.constant('extra-key' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$gt', 'toString', ''), fc.string({ minLength: 1, maxLength: 12 })) }),
      fc.record({ kind: fc.constant('envelope' as const), field: fc.constantFrom('eventId', 'type', 'schemaVersion', 'correlationId', 'extra'), value: fc.constantFrom<Json>(...HOSTILE_STRINGS.slice(0, 16), 0, -1, 1e308, null, [], { $gt: '' }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: examples.length - 1 }), mutation, fc.nat(), async (i, m, seed) => {
        const { streamId, event } = examples[i]!;
        const schema = schemas.get(event.type)!;
        const payload = event.payload as Record<string, unknown>;
        const fresh = { ...event, eventId: uuidv7() } as Record<string, unknown>;
        let body: string;
        if (m.kind === 'drop') {
          const required = (schema.required ?? []).filter((k) => k in payload);
          fc.pre(required.length > 0);
          const { [required[m.pick % required.length]!]: _gone, ...rest } = payload;
          body = eventBody(fresh, JSON.stringify(rest));
        } else if (m.kind === 'wrong-type') {
          const keys = Object.keys(schema.properties ?? {});
          const key = keys[m.pick % keys.length]!;
          const allowed = jsonTypesOf(schema.properties![key]);
          fc.pre(allowed !== undefined && !allowed.has(m.type) && !(m.type === 'number' && allowed.has('integer')));
          const value = fc.sample(wrongValues[m.type]!, { numRuns: 1, seed: m.seed })[0]!;
          fc.pre(!allowed!.has(jsonTypeOf(value)));
          body = eventBody(fresh, JSON.stringify({ ...payload, [key]: value }));
        } else if (m.kind === 'extra-key') {
          fc.pre(schema.additionalProperties === false && !(m.key in (schema.properties ?? {})));
          body = eventBody(fresh, withExtraKey(payload, m.key, { polluted: seed }));
        } else {
          if (m.field === 'extra') body = `{"events":[${withExtraKey(fresh, '__proto__', m.value)}]}`;
          else {
            fc.pre(!(m.field === 'type' && typeof m.value === 'string' && schemas.has(m.value)));
            fc.pre(!(m.field === 'correlationId' && typeof m.value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(m.value)));
            body = JSON.stringify({ events: [{ ...fresh, [m.field]: m.value }] });
          }
        }
        const before = await head();
        const r = await send(`/v1/streams/${encodeURIComponent(streamId)}/events`, { body, key: agencyKey });
        expectProblem(r, `${event.type} ${JSON.stringify(m).slice(0, 120)}`);
        expect(await head()).toBe(before);
      }),
      { numRuns: 500, seed: 20261129 },
    );
  }, 120_000);

  it('never answers 5xx to hostile strings in any string field; what it rejects writes nothing', async () => {
    const stringFields = examples.flatMap(({ streamId, event }) =>
      Object.entries(event.payload as Record<string, unknown>)
        .filter(([, v]) => typeof v === 'string')
        .map(([k]) => ({ streamId, event, key: k })),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: stringFields.length - 1 }), fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 })), async (i, value) => {
        const { streamId, event, key } = stringFields[i]!;
        const before = await head();
        const r = await send(`/v1/streams/${encodeURIComponent(streamId)}/events`, {
          body: JSON.stringify({ events: [{ ...event, eventId: uuidv7(), payload: { ...(event.payload as object), [key]: value } }] }),
          key: agencyKey,
        });
        expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
        if (r.status >= 400) {
          expectProblem(r, `${event.type}.${key}`);
          expect(await head()).toBe(before);
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  }, 120_000);

  it('never answers 5xx to hostile ids and filters on any GET route (OpenAPI, audit, ingest)', async () => {
    const doc = JSON.parse((await send('/openapi.json')).text) as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
    const routes: Array<{ path: string; query: string[]; key?: string }> = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      const get = ops['get'];
      if (!get) continue;
      routes.push({ path: p, query: (get.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name) });
    }
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const auditQuery = ['asOf', 'version', 'from', 'to', 'agency', 'category', 'after', 'limit'];
    routes.push(
      { path: '/v1/audit/streams/{streamId}/history', query: auditQuery, key: auditorKey },
      { path: '/v1/audit/streams/{streamId}/state', query: auditQuery, key: auditorKey },
      { path: '/v1/audit/streams/{streamId}/diff', query: auditQuery, key: auditorKey },
      { path: '/v1/audit/compliance', query: auditQuery, key: auditorKey },
      { path: '/v1/audit/access-log', query: auditQuery, key: auditorKey },
      { path: '/v1/streams/{streamId}', query: [], key: agencyKey },
      { path: '/v1/proofs/inclusion/{eventId}', query: [], key: undefined },
      { path: '/v1/proofs/checkpoints/{size}', query: [], key: undefined },
    );
    const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 5000)), fc.string({ unit: 'binary', maxLength: 30 }));
    // Every route × every parameter gets every listed hostile string once …
    for (const route of routes) {
      for (const value of HOSTILE_STRINGS.filter((s) => s.length < 5000)) {
        const path = route.path.replace(/\{[^}]+\}/g, enc(value));
        const qs = route.query.map((q) => `${q}=${enc(value)}`).join('&');
        for (const url of [path, `${route.path.replace(/\{[^}]+\}/g, 'x')}?${qs}`]) {
          const r = await send(url, { ...(route.key ? { key: route.key } : {}) });
          expect(r.status, `${url.slice(0, 200)} ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400 && r.status !== 404) expect(r.contentType, url.slice(0, 200)).toMatch(/problem\+json|text\/html/);
        }
      }
    }
    // … and fast-check mixes them, one parameter at a time, with random strings.
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: routes.length - 1 }), fc.nat(), hostile, async (i, pick, value) => {
        const route = routes[i]!;
        const names = route.query.length ? route.query : ['q'];
        const url = `${route.path.replace(/\{[^}]+\}/g, enc(value))}?${names[pick % names.length]}=${enc(value)}`;
        const r = await send(url, { ...(route.key ? { key: route.key } : {}) });
        expect(r.status, `${url.slice(0, 200)} ${r.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 200, seed: 42 },
    );
  }, 120_000);

  it('rejects hostile raw bodies with 4xx problem+json and writes nothing', async () => {
    const { streamId, event } = examples.find((e) => e.event.type === 'PenaltyDecided') ?? examples[0]!;
    const good = JSON.stringify({ events: [{ ...event, eventId: uuidv7() }] });
    const nested = (n: number) => `{"events":[{"type":"PenaltyDecided","payload":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}]}`;
    const bodies: Array<{ name: string; body: string | Buffer; contentType?: string }> = [
      { name: 'oversized (5 MB)', body: `{"events":[{"type":"PenaltyDecided","payload":{"facts":"${'x'.repeat(5 * 1024 * 1024)}"}}]}` },
      { name: 'deeply nested objects (100k)', body: nested(100_000) },
      { name: 'deeply nested arrays (100k)', body: `{"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
      { name: 'nested 1000', body: nested(1000) },
      { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from(good.slice(0, 40)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(good.slice(40))]) },
      { name: 'raw control character in a string', body: good.replace('"payload":{', '"payload":{"\u0001":"\u0000\u0007",') },
      { name: 'huge number literal', body: good.replace('"payload":{', '"payload":{"fineAmount":1e999999,') },
      { name: 'number with 5000 digits', body: good.replace(/"fineAmount":\d+/, `"fineAmount":${'9'.repeat(5000)}`) },
      { name: 'top-level __proto__', body: `{"__proto__":{"polluted":true},"events":[]}` },
      { name: 'constructor.prototype', body: `{"constructor":{"prototype":{"polluted":true}}}` },
      { name: 'JSON null', body: 'null' },
      { name: 'JSON array', body: '[]' },
      { name: 'empty body', body: '' },
      { name: 'truncated JSON', body: good.slice(0, good.length - 7) },
      { name: 'duplicate keys', body: good.replace('"payload":{', '"payload":{"penaltyId":"A","penaltyId":{"$gt":""},') },
      { name: 'form-encoded', body: 'events=1', contentType: 'application/x-www-form-urlencoded' },
      { name: 'text/plain JSON', body: good, contentType: 'text/plain' },
      { name: 'JSON with BOM', body: '\ufeff' + good.replace(/"eventId":"[^"]+"/, '"eventId":"not-a-uuid"') },
    ];
    for (const b of bodies) {
      const before = await head();
      for (const path of [`/v1/streams/${encodeURIComponent(streamId)}/events`, '/v1/events']) {
        const r = await send(path, { body: b.body, key: agencyKey, ...(b.contentType ? { contentType: b.contentType } : {}) });
        expectProblem(r, `${b.name} → ${path}`);
      }
      expect(await head(), b.name).toBe(before);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 60_000);

  it('answered no request with a 5xx', () => {
    expect(fiveHundreds).toEqual([]);
    expect(stats.server5xx).toBe(0);
  });
});
