// 依申请公开 in the scale-out topology: `gongkai serve ingest` takes requesters' submissions (through
// its append path) and serves their items from the read models that `gongkai serve projector`
// writes in another process on the same SQLite data folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAppends } from '@gongkai/catalog';
import { GONGKAI_BIN, serveProcess, type ServedProcess } from '../support/serve.ts';

const bin = GONGKAI_BIN;
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-serve-requests-'));
const children: ServedProcess[] = [];

const serve = (service: string): Promise<string> => serveProcess(service, dataDir).then((p) => (children.push(p), p.url));

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('gongkai serve ingest + projector', () => {
  let ingest: string;
  let key: string;
  let agencyId: string;

  beforeAll(async () => {
    const out = execFileSync(process.execPath, [bin, 'agency', 'add', '--name', '苏州市人民政府办公室', '--roles', 'all', '--regions', '320500', '--data', dataDir], { encoding: 'utf8' });
    key = /(gk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(out)![1]!;
    [ingest] = await Promise.all([serve('ingest'), serve('projector')]);
    const agencies = (await (await fetch(`${ingest}/v1/public/requests/agencies`)).json()) as { agencies: Array<{ id: string }> };
    agencyId = agencies.agencies[0]!.id;
  });

  it('a requester submits to the ingest process and reads the answered items the projector process projected', async () => {
    let batch = '';
    for (const a of exampleAppends()) {
      const res = await fetch(`${ingest}/v1/streams/${encodeURIComponent(a.streamId)}/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: a.events }) });
      expect(res.status).toBe(201);
      if (a.events.some((e) => e.type === 'CompensationRegistered')) batch = a.streamId;
    }
    const sub = await fetch(`${ingest}/v1/public/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agencyId, requester: { type: 'citizen', name: '钱某' }, description: '申请公开补偿登记材料。' }) });
    expect(sub.status).toBe(201);
    const { requestId, token } = (await sub.json()) as { requestId: string; token: string };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const answer = await fetch(`${ingest}/v1/streams/request-${requestId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'RequestAnswered', payload: { requestId, region: '320500', answerDate: today, outcome: 'disclosed', items: [{ streamId: batch, recordKey: 'registration:2019-07-31' }] } }),
    });
    expect(answer.status).toBe(201);
    let items: { outcome: string; items: Array<{ available: boolean }> } = { outcome: '', items: [] };
    for (let i = 0; i < 100; i++) {
      items = (await (await fetch(`${ingest}/v1/public/requests/${requestId}/items`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof items;
      if (items.items[0]?.available) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(items.outcome).toBe('disclosed');
    expect(items.items[0]?.available).toBe(true);
  });
});
