// The agency ingest API over real HTTP, on a real SQLite ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogExamples, eventTypes, getEntry, personalDataOf, rolesFor, valuesAt, AGENCY_ROLES, type ExampleEvent } from '@gongkai/catalog';
import { v7 as uuidv7 } from 'uuid';
import { startTestHost, type TestHost } from '../support/test-host.ts';

const examples = catalogExamples();

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe(`/problems/${type}`);
  expect(res.body.status).toBe(status);
  expect(typeof res.body.title).toBe('string');
}

describe('ingest: the worked examples', () => {
  let t: TestHost;
  let key: string;
  beforeAll(async () => {
    t = await startTestHost();
    key = t.agency('all', examples.agency.regions);
  });
  afterAll(() => t.stop());

  it('accepts every example item in order, covering every catalog type', async () => {
    const seen = new Set<string>();
    for (const item of examples.items) {
      const res = await t.request('POST', item.path, { body: item.body, key });
      expect(res.status, `${item.title}: ${res.text}`).toBeLessThan(300);
      for (const ev of 'events' in item.body ? item.body.events : item.body.items.flatMap((i) => i.events)) seen.add(ev.type);
    }
    expect([...seen].sort()).toEqual([...eventTypes].sort());
  });

  it('returns the original result for a repeated post (idempotent by eventId) and writes nothing', async () => {
    const first = examples.items[0]!;
    const head = await t.host.store.headPosition();
    const again = await t.request('POST', first.path, { body: first.body, key });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.events[0].globalPosition).toBe('1');
    expect(await t.host.store.headPosition()).toBe(head);
  });

  it('rejects the same eventId with a different body as 409 and writes nothing', async () => {
    const first = examples.items[0]!;
    const body = structuredClone(first.body) as { events: ExampleEvent[] };
    const payload = body.events[0]!.payload;
    const field = Object.keys(payload).find((k) => typeof payload[k] === 'string' && k.endsWith('Name'))!;
    body.events[0]!.payload = { ...payload, [field]: `${payload[field] as string}（改）` };
    const head = await t.host.store.headPosition();
    const res = await t.request('POST', first.path, { body, key });
    expectProblem(res, 409, 'idempotency-conflict');
    expect(await t.host.store.headPosition()).toBe(head);
  });

  it('writes no personal data to the logs', async () => {
    const personal = new Set<string>();
    for (const item of examples.items) {
      for (const ev of 'events' in item.body ? item.body.events : item.body.items.flatMap((i) => i.events)) {
        const entry = getEntry(ev.type)!;
        for (const f of personalDataOf(entry, ev.payload)) for (const v of valuesAt(ev.payload, f.path)) if (typeof v.value === 'string' || typeof v.value === 'number') personal.add(String(v.value));
      }
    }
    expect(personal.size).toBeGreaterThan(10);
    const logText = t.logs.join('');
    expect(logText.length).toBeGreaterThan(0);
    for (const value of personal) if (value.length >= 2) expect(logText, value).not.toContain(value);
  });

  it('flags every appended event with its deadline', async () => {
    const item = examples.items[0]!;
    const res = await t.request('POST', item.path, { body: item.body, key });
    const ev = res.body.events[0];
    expect(ev.timeliness).toMatchObject({ rule: expect.any(String), dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), late: expect.any(Boolean) });
  });
});

/** The first example event of each type, with the stream it was posted to. */
function firstExampleOfEachType(): Map<string, { streamId: string; event: ExampleEvent }> {
  const out = new Map<string, { streamId: string; event: ExampleEvent }>();
  for (const item of examples.items) {
    const posts = 'events' in item.body ? [{ streamId: decodeURIComponent(item.path.split('/')[3]!), events: item.body.events }] : item.body.items;
    for (const p of posts) for (const e of p.events) if (!out.has(e.type)) out.set(e.type, { streamId: p.streamId, event: e });
  }
  return out;
}

describe('ingest: authorization matrix (role × region × type)', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(() => t.stop());

  it('answers 403 exactly when the role or the jurisdiction does not allow the type, and writes nothing', async () => {
    const byType = firstExampleOfEachType();
    const inside = ['320500', '320571'];
    const outside = '320100'; // 南京市
    // one agency per role × jurisdiction
    const keys = new Map<string, string>();
    for (const role of AGENCY_ROLES) for (const region of [...inside, outside]) keys.set(`${role}@${region}`, t.agency([role], [region]));
    let checked = 0;
    for (const entry of catalog) {
      if (entry.amends) continue; // amendments are authorised against their target: covered below
      const ex = byType.get(entry.type)!;
      const allowedRoles = rolesFor(entry, ex.event.payload);
      const region = entry.regionOf(ex.event.payload)!;
      for (const role of AGENCY_ROLES) {
        for (const jurisdiction of [...inside, outside]) {
          const head = await t.host.store.headPosition();
          const res = await t.request('POST', `/v1/streams/${ex.streamId}/events`, {
            key: keys.get(`${role}@${jurisdiction}`)!,
            body: { events: [{ ...ex.event, eventId: uuidv7() }] },
          });
          const covers = jurisdiction === '320500' ? region.startsWith('3205') : region === jurisdiction;
          const allowed = allowedRoles.includes(role) && covers;
          if (!allowed) {
            expect(res.status, `${entry.type} by ${role}@${jurisdiction}`).toBe(403);
            expect(await t.host.store.headPosition()).toBe(head);
          } else {
            expect(res.status, `${entry.type} by ${role}@${jurisdiction}: ${res.text}`).not.toBe(403);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('lets only the posting agency correct or retract an event', async () => {
    const regA = t.agency(['development-reform'], ['320500'], 'A');
    const regB = t.agency(['development-reform'], ['320500'], 'B');
    const byType = firstExampleOfEachType();
    const reg = byType.get('ProjectRegistered')!;
    const code = '2026-320506-48-01-000042';
    const streamId = `project-${code}`;
    const posted = await t.request('POST', `/v1/streams/${streamId}/events`, { key: regA, body: { events: [{ ...reg.event, eventId: uuidv7(), payload: { ...reg.event.payload, projectCode: code } }] } });
    expect(posted.status, posted.text).toBe(201);
    const targetEventId = posted.body.events[0].eventId;
    const retract = { eventId: uuidv7(), type: 'DisclosureRetracted', payload: { ...byType.get('DisclosureRetracted')!.event.payload, targetEventId, targetType: 'ProjectRegistered' } };
    const byB = await t.request('POST', `/v1/streams/${streamId}/events`, { key: regB, body: { events: [retract] } });
    expect(byB.status).toBe(422);
    expect(byB.body.rule).toBe('AMEND-SAME-AGENCY');
    const byA = await t.request('POST', `/v1/streams/${streamId}/events`, { key: regA, body: { events: [retract] } });
    expect(byA.status, byA.text).toBe(201);
  });
});

describe('ingest: bad input gets problem+json and writes nothing', () => {
  let t: TestHost;
  let key: string;
  const reg = () => firstExampleOfEachType().get('ProjectRegistered')!;
  beforeAll(async () => {
    t = await startTestHost();
    key = t.agency('all');
  });
  afterAll(() => t.stop());

  const cases: Array<[string, () => { path: string; rawBody?: string; body?: unknown; headers?: Record<string, string>; noKey?: boolean }, number, string]> = [
    ['no API key', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [reg().event] }, noKey: true }), 401, 'unauthenticated'],
    ['a malformed key', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [reg().event] }, noKey: true, headers: { authorization: 'Bearer gk_nope' } }), 401, 'unauthenticated'],
    ['invalid JSON', () => ({ path: `/v1/streams/${reg().streamId}/events`, rawBody: '{"events": [', headers: { 'content-type': 'application/json' } }), 400, 'invalid-json'],
    ['not JSON', () => ({ path: `/v1/streams/${reg().streamId}/events`, rawBody: 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type'],
    ['a body that is not an event list', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: [1, 2, 3] }), 400, 'bad-request'],
    ['an unknown event type', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [{ ...reg().event, type: 'NoSuchEvent' }] } }), 422, 'unknown-event-type'],
    ['a payload missing a required field', () => {
      const { projectName: _omit, ...payload } = reg().event.payload;
      return { path: `/v1/streams/${reg().streamId}/events`, body: { events: [{ ...reg().event, payload }] } };
    }, 422, 'validation-failed'],
    ['a payload with an unknown field', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [{ ...reg().event, payload: { ...reg().event.payload, extra: 1 } }] } }), 422, 'validation-failed'],
    ['a formed date in the future', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [{ ...reg().event, payload: { ...reg().event.payload, registrationDate: '2099-01-05' } }] } }), 422, 'validation-failed'],
    ['a stream id that does not match the payload', () => ({ path: `/v1/streams/project-2019-320500-48-01-999999/events`, body: { events: [reg().event] } }), 422, 'invalid-stream-id'],
    ['a malformed stream id', () => ({ path: `/v1/streams/..%2F..%2Fetc/events`, body: { events: [reg().event] } }), 422, 'invalid-stream-id'],
    ['an eventId that is not a UUID v7', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [{ ...reg().event, eventId: 'abc' }] } }), 400, 'bad-request'],
    ['a malformed If-Match', () => ({ path: `/v1/streams/${reg().streamId}/events`, body: { events: [reg().event] }, headers: { 'if-match': 'yesterday' } }), 400, 'bad-request'],
    ['a body over the size limit', () => ({ path: `/v1/streams/${reg().streamId}/events`, rawBody: JSON.stringify({ events: [{ ...reg().event, payload: { pad: 'x'.repeat(5 * 1024 * 1024) } }] }), headers: { 'content-type': 'application/json' } }), 413, 'payload-too-large'],
  ];

  for (const [name, make, status, type] of cases) {
    it(`${name} → ${status} ${type}`, async () => {
      const c = make();
      const head = await t.host.store.headPosition();
      const res = await t.request('POST', c.path, { ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }), ...(c.noKey ? {} : { key }), headers: c.headers ?? {} });
      expectProblem(res, status, type);
      expect(await t.host.store.headPosition()).toBe(head);
    });
  }

  it('a lifecycle violation → 422 naming the rule', async () => {
    const byType = firstExampleOfEachType();
    const award = byType.get('AwardPublicized')!;
    const head = await t.host.store.headPosition();
    const res = await t.request('POST', `/v1/streams/${award.streamId}/events`, { key, body: { events: [award.event] } });
    expectProblem(res, 422, 'lifecycle-violation');
    expect(res.body.rule).toMatch(/^[A-Z0-9-]+$/);
    expect(await t.host.store.headPosition()).toBe(head);
  });

  it('an unknown route → 404 problem', async () => {
    expectProblem(await t.request('GET', '/v1/nothing-here'), 404, 'not-found');
  });
});

describe('ingest: optimistic concurrency', () => {
  let t: TestHost;
  let key: string;
  beforeAll(async () => {
    t = await startTestHost();
    key = t.agency('all');
  });
  afterAll(() => t.stop());

  it('If-Match carries the expected version; a stale one is 412; ETag is the new version', async () => {
    const reg = firstExampleOfEachType().get('ProjectRegistered')!;
    const path = `/v1/streams/${reg.streamId}/events`;
    const created = await t.request('POST', path, { key, body: { events: [reg.event] }, headers: { 'if-match': '"0"' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const info = await t.request('GET', `/v1/streams/${reg.streamId}`, { key });
    expect(info.headers.get('etag')).toBe('"1"');
    const stale = await t.request('POST', path, { key, body: { events: [{ ...firstExampleOfEachType().get('ApprovalDecided')!.event, eventId: uuidv7() }] }, headers: { 'if-match': '"0"' } });
    expectProblem(stale, 412, 'version-conflict');
    expect(stale.body.currentVersion).toBe(1);
  });

  it('two concurrent writers with the same expected version: one wins, the other gets 412', async () => {
    const examplesByType = firstExampleOfEachType();
    const reg = examplesByType.get('ProjectRegistered')!;
    const code = '2024-320571-48-01-000123';
    const streamId = `project-${code}`;
    const payload = { ...reg.event.payload, projectCode: code };
    const first = await t.request('POST', `/v1/streams/${streamId}/events`, { key, body: { events: [{ ...reg.event, eventId: uuidv7(), payload }] } });
    expect(first.status, first.text).toBe(201);
    const progress = examplesByType.get('ApplicationAccepted')!;
    const post = () =>
      t.request('POST', `/v1/streams/${streamId}/events`, {
        key,
        headers: { 'if-match': '"1"' },
        body: { events: [{ ...progress.event, eventId: uuidv7(), payload: { ...progress.event.payload, projectCode: code } }] },
      });
    const results = await Promise.all([post(), post()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 412]);
    expect(await t.host.store.streamVersion(streamId)).toBe(2);
  });
});

describe('ingest: batches', () => {
  let t: TestHost;
  let key: string;
  beforeAll(async () => {
    t = await startTestHost();
    key = t.agency('all');
  });
  afterAll(() => t.stop());

  it('is atomic per stream with a result per item (207 when some fail)', async () => {
    const reg = firstExampleOfEachType().get('ProjectRegistered')!;
    const good = (n: number) => {
      const code = `2025-320505-48-01-00${String(n).padStart(4, '0')}`;
      return { streamId: `project-${code}`, events: [{ ...reg.event, eventId: uuidv7(), payload: { ...reg.event.payload, projectCode: code } }] };
    };
    const bad = { streamId: 'project-2025-320505-48-01-009999', events: [{ ...reg.event, eventId: uuidv7(), payload: { ...reg.event.payload, projectCode: '2025-320505-48-01-009999', totalInvestment: 'lots' } }] };
    const res = await t.request('POST', '/v1/events', { key, body: { items: [good(1), bad, good(2), { nonsense: true }] } });
    expect(res.status).toBe(207);
    expect(res.body.accepted).toBe(2);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422, 201, 400]);
    expect(res.body.results[1].problem.type).toBe('/problems/validation-failed');
    expect(await t.host.store.streamVersion(bad.streamId)).toBe(0);
  });
});

describe('ingest: operations', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(() => t.stop());

  it('serves /healthz, /readyz, /metrics and the catalog', async () => {
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz')).status).toBe(200);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toContain('gongkai_http_request_duration_seconds');
    const cat = await t.request('GET', '/v1/catalog');
    expect(cat.status).toBe(200);
    expect(JSON.stringify(cat.body)).toContain('ProjectRegistered');
    expect(getEntry('ProjectRegistered')).toBeDefined();
  });
});
