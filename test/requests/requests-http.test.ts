// 依申请公开 end to end over real HTTP on the real all-in-one host (SQLite files in a temp dir):
// a citizen submits with no account, follows the request with its token, completes it (补正); the
// agency consults, answers (部分公开) with its API key; the requester then reads the items the answer
// gives — redacted as answered — and nothing of any other request. Overdue requests show to the
// agency and to auditors. Bad input is a 4xx that writes nothing; personal data stays out of logs,
// read models and public responses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '@gongkai/calendar';
import { chinaDate, exampleAppends, makeCreditCode, makeResidentId } from '@gongkai/catalog';
import { startTestHost, type TestHost } from '../support/test-host.ts';

let t: TestHost;
let agencyKey: string;
let agencyId: string;
let batchStream: string;
const today = chinaDate(new Date().toISOString());

const CITIZEN = { type: 'citizen', name: '钱申请人', idNumber: makeResidentId('32050619800101123'), phone: '13900001111', address: '苏州市姑苏区申请路1号' };

async function waitProjected(): Promise<void> {
  await t.host.projector.waitFor(await t.host.store.headPosition(), 20_000);
}

async function submit(requester: Record<string, unknown> = CITIZEN, extra: Record<string, unknown> = {}) {
  return t.request('POST', '/v1/public/requests', { body: { agencyId, requester, description: '申请公开征地补偿登记材料。', ...extra } });
}

async function agencyPost(requestId: string, type: string, payload: Record<string, unknown>, key = agencyKey) {
  return t.request('POST', `/v1/streams/request-${requestId}/events`, { key, body: { type, payload: { requestId, region: '320500', ...payload } } });
}

beforeAll(async () => {
  t = await startTestHost({ requestSubmitRateLimit: false, publicRateLimit: false });
  const issued = t.host.registry.addAgency({ name: '苏州市人民政府办公室', roles: ['development-reform', 'natural-resources', 'housing-construction', 'ecology-environment', 'water', 'trading-center', 'finance', 'state-assets', 'housing-security', 'enforcement', 'market-regulation'], regions: ['320500'] });
  agencyKey = issued.apiKey;
  agencyId = issued.agency.id;
  // the worked examples: among them the 依申请 compensation registration of an expropriation batch
  for (const a of exampleAppends()) {
    const res = await t.request('POST', `/v1/streams/${encodeURIComponent(a.streamId)}/events`, { key: agencyKey, body: { events: a.events } });
    expect(res.status, a.streamId).toBe(201);
    if (a.events.some((e) => e.type === 'CompensationRegistered')) batchStream = a.streamId;
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('a citizen requests, completes, and receives the answered items', () => {
  let requestId: string;
  let token: string;

  it('submits with no account and gets a token and the due date (20 working days from today, art. 31: online = confirmed at once)', async () => {
    const listed = await t.request('GET', '/v1/public/requests/agencies');
    expect(listed.body.agencies).toContainEqual({ id: agencyId, name: '苏州市人民政府办公室', regions: ['320500'] });
    const res = await submit();
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^gkp_/);
    expect(res.body.receivedDate).toBe(today);
    expect(res.body.dueDate).toBe(addWorkingDays(today, 20).date);
    expect(res.body.agencyId).toBe(agencyId);
    requestId = res.body.requestId;
    token = res.body.token;
    // the event went through the one append path: catalog type, agency of the request, requester as user
    const events = await t.host.store.readStream(`request-${requestId}`);
    expect(events.map((e) => e.type)).toEqual(['RequestSubmitted']);
    expect(events[0]!.metadata).toMatchObject({ agency: agencyId, user: 'requester' });
  });

  it('follows it with the token only; no token is 401, a token of another request sees nothing', async () => {
    const ok = await t.request('GET', `/v1/public/requests/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body.clock).toMatchObject({ status: 'in-progress', receivedDate: today, dueDate: addWorkingDays(today, 20).date, overdue: false });
    expect(ok.text).not.toContain(CITIZEN.name);
    expect(ok.text).not.toContain(CITIZEN.idNumber);
    expect((await t.request('GET', `/v1/public/requests/${requestId}`)).status).toBe(401);
    expect((await t.request('GET', `/v1/public/requests/${requestId}`, { headers: { authorization: 'Bearer gkp_aaaaaaaaaaaa_' + 'A'.repeat(43) } })).status).toBe(401);
  });

  it('waits while 补正 is asked for (clock stopped), and restarts the clock when the requester completes it', async () => {
    expect((await agencyPost(requestId, 'SupplementRequested', { noticeDate: today, items: '请写明所在村民小组。' })).status).toBe(201);
    const waiting = await t.request('GET', `/v1/public/requests/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(waiting.body.clock).toMatchObject({ status: 'awaiting-supplement', dueDate: null });
    const done = await t.request('POST', `/v1/public/requests/${requestId}/supplement`, { headers: { authorization: `Bearer ${token}` }, body: { supplement: '木渎镇金星村第三村民小组。' } });
    expect(done.status).toBe(201);
    expect(done.body.clock).toMatchObject({ status: 'in-progress', clockStart: today, dueDate: addWorkingDays(today, 20).date });
    // once only: the lifecycle rule of the catalog applies to requesters too
    const again = await t.request('POST', `/v1/public/requests/${requestId}/supplement`, { headers: { authorization: `Bearer ${token}` }, body: { supplement: '再次补正' } });
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('SUPPLEMENT-RECEIVED-ONCE');
  });

  it('pauses while a third party is consulted, then gets a partial disclosure, redacted as answered', async () => {
    expect((await agencyPost(requestId, 'ThirdPartyConsulted', { consultationId: 'Q1', kind: 'third-party', consulteeType: 'natural-person', consultee: '周某', sentDate: today })).status).toBe(201);
    const paused = await t.request('GET', `/v1/public/requests/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(paused.body.clock.pauses).toHaveLength(1);
    expect(paused.text).not.toContain('周某');
    const answer = await agencyPost(requestId, 'RequestAnswered', {
      answerDate: today,
      outcome: 'partially-disclosed',
      items: [{ streamId: batchStream, recordKey: 'registration:2019-07-31' }],
      redactedPaths: ['households[].phone'],
      ground: 'third-party-rights',
    });
    expect(answer.status).toBe(201);
    await waitProjected();
    const items = await t.request('GET', `/v1/public/requests/${requestId}/items`, { headers: { authorization: `Bearer ${token}` } });
    expect(items.status).toBe(200);
    expect(items.body.outcome).toBe('partially-disclosed');
    expect(items.body.items).toHaveLength(1);
    const item = items.body.items[0];
    expect(item).toMatchObject({ available: true, streamId: batchStream, recordKey: 'registration:2019-07-31', category: 'land-expropriation' });
    const households = item.versions[0].view.households as Array<Record<string, unknown>>;
    expect(households.length).toBeGreaterThan(0);
    for (const h of households) {
      expect(h).not.toHaveProperty('phone');
      expect(h).toHaveProperty('parcelNumber');
    }
    // the record is 依申请: the public API never shows it
    const pub = await t.request('GET', `/v1/public/records/${item.id}`);
    expect(pub.status).toBe(404);
    const status = await t.request('GET', `/v1/public/requests/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.body.clock).toMatchObject({ status: 'answered', onTime: true, overdue: false });
  });

  it('another requester cannot see this request or its items, and gets only what its own answer gives', async () => {
    const b = await submit({ type: 'citizen', name: '孙另一人' }, { description: '申请公开另一份材料。' });
    expect(b.status).toBe(201);
    const bAuth = { authorization: `Bearer ${b.body.token}` };
    expect((await t.request('GET', `/v1/public/requests/${requestId}`, { headers: bAuth })).status).toBe(404);
    expect((await t.request('GET', `/v1/public/requests/${requestId}/items`, { headers: bAuth })).status).toBe(404);
    expect((await t.request('POST', `/v1/public/requests/${requestId}/supplement`, { headers: bAuth, body: { supplement: 'x' } })).status).toBe(404);
    // unanswered: nothing
    const none = await t.request('GET', `/v1/public/requests/${b.body.requestId}/items`, { headers: bAuth });
    expect(none.body).toEqual({ outcome: null, items: [] });
    // withheld: still nothing
    expect((await agencyPost(b.body.requestId, 'RequestAnswered', { answerDate: today, outcome: 'withheld', ground: 'third-party-rights' })).status).toBe(201);
    const withheld = await t.request('GET', `/v1/public/requests/${b.body.requestId}/items`, { headers: bAuth });
    expect(withheld.body).toEqual({ outcome: 'withheld', items: [] });
    // a request token is no party token: the public API does not open the 依申请 record with it
    const items = await t.request('GET', `/v1/public/requests/${requestId}/items`, { headers: { authorization: `Bearer ${token}` } });
    const viaPublic = await t.request('GET', `/v1/public/records/${items.body.items[0].id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(viaPublic.status).not.toBe(200);
  });
});

describe('bad input is a 4xx problem and writes nothing', () => {
  it.each([
    ['an unknown agency', { agencyId: 'no-such-agency', requester: CITIZEN, description: 'x' }, 404],
    ['no description', { requester: CITIZEN }, 422],
    ['an unknown field', { requester: CITIZEN, description: 'x', extra: 1 }, 422],
    ['an invalid ID number', { requester: { ...CITIZEN, idNumber: '320506198001011234' }, description: 'x' }, 422],
    ['an organisation without its credit code', { requester: { type: 'organisation', name: '某协会' }, description: 'x' }, 422],
    ['a region outside the agency', { requester: CITIZEN, description: 'x', region: '110000' }, 422],
    ['a requester that is not an object', { requester: 'me', description: 'x' }, 422],
  ])('%s', async (_name, body, status) => {
    const head = await t.host.store.headPosition();
    const res = await t.request('POST', '/v1/public/requests', { body: { agencyId, ...body } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await t.host.store.headPosition()).toBe(head);
  });

  it('malformed JSON and a bad supplement body', async () => {
    const head = await t.host.store.headPosition();
    const res = await t.request('POST', '/v1/public/requests', { rawBody: '{"agencyId":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    const a = await submit();
    const head2 = await t.host.store.headPosition();
    expect(head2).toBe(head + 1n);
    const bad = await t.request('POST', `/v1/public/requests/${a.body.requestId}/supplement`, { headers: { authorization: `Bearer ${a.body.token}` }, body: { supplement: '' } });
    expect(bad.status).toBe(422);
    // no 补正 was asked for: the catalog's lifecycle refuses it
    const early = await t.request('POST', `/v1/public/requests/${a.body.requestId}/supplement`, { headers: { authorization: `Bearer ${a.body.token}` }, body: { supplement: '补充' } });
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('SUPPLEMENT-REQUESTED');
    expect(await t.host.store.headPosition()).toBe(head2);
  });
});

describe('personal data of requesters', () => {
  it('never reaches the logs, the read models or public responses', async () => {
    const secretName = '钱独特名';
    const res = await submit({ ...CITIZEN, name: secretName });
    expect(res.status).toBe(201);
    await waitProjected();
    const logs = t.logs.join('\n');
    for (const v of [secretName, CITIZEN.idNumber, CITIZEN.phone, CITIZEN.address]) expect(logs).not.toContain(v);
    const readDb = readFileSync(join(t.dataDir, 'read.db')).toString('utf8') + (() => {
      try {
        return readFileSync(join(t.dataDir, 'read.db-wal')).toString('utf8');
      } catch {
        return '';
      }
    })();
    for (const v of [secretName, CITIZEN.idNumber, CITIZEN.phone]) expect(readDb).not.toContain(v);
    // in the ledger the requester's data is encrypted per request (crypto-shredding), never clear
    const ledger = ['ledger.db', 'ledger.db-wal'].map((f) => {
      try {
        return readFileSync(join(t.dataDir, f)).toString('utf8');
      } catch {
        return '';
      }
    }).join('');
    expect(ledger).toContain(res.body.requestId);
    for (const v of [secretName, CITIZEN.idNumber, CITIZEN.phone]) expect(ledger).not.toContain(v);
    const search = await t.request('GET', `/v1/public/search?q=${encodeURIComponent(secretName)}`);
    expect(search.text).not.toContain(secretName);
  });
});

describe('overdue requests', () => {
  it('are listed for the agency addressed and for auditors, not for other agencies or requesters', async () => {
    // a paper request registered by the agency, received long ago and never answered
    const paper = await agencyPost('PAPER-2026-001', 'RequestSubmitted', {
      agency: { name: '苏州市人民政府办公室' },
      requester: { type: 'company', name: '苏州某某有限公司', creditCode: makeCreditCode('91320500MA1X2Y3W4') },
      channel: 'post',
      submittedDate: '2026-08-28',
      receivedDate: '2026-09-01',
      description: '申请公开某项目批复文件。',
    });
    expect(paper.status).toBe(201);
    const mine = await t.request('GET', '/v1/requests?overdue=true', { key: agencyKey });
    expect(mine.status).toBe(200);
    const row = mine.body.requests.find((r: { requestId: string }) => r.requestId === 'PAPER-2026-001');
    expect(row.clock).toMatchObject({ status: 'in-progress', overdue: true, dueDate: addWorkingDays('2026-09-01', 20).date });
    expect(mine.body.requests.every((r: { clock: { overdue: boolean } }) => r.clock.overdue)).toBe(true);
    expect(mine.text).not.toContain('苏州某某有限公司');

    const otherKey = t.host.registry.addAgency({ name: '另一机关', roles: ['finance'], regions: ['320500'] }).apiKey;
    const other = await t.request('GET', '/v1/requests', { key: otherKey });
    expect(other.body.count).toBe(0);

    const auditorKey = t.host.registry.addAgency({ name: '审计', roles: ['auditor'], regions: ['320500'] }).apiKey;
    const audit = await t.request('GET', '/v1/requests?overdue=true', { key: auditorKey });
    expect(audit.body.requests.map((r: { requestId: string }) => r.requestId)).toContain('PAPER-2026-001');

    expect((await t.request('GET', '/v1/requests')).status).toBe(401);
    const submitted = await submit();
    expect((await t.request('GET', '/v1/requests', { headers: { authorization: `Bearer ${submitted.body.token}` } })).status).toBe(401);
  });
});
