// Crypto-shredding end to end on the real all-in-one host: personal data is stored encrypted per
// data subject (no clear value in any byte of the ledger), auditors read it in clear, and after
// `gongkai erase` the auditor sees "erased" where the subject's values were, other subjects are
// untouched, the public views are byte-for-byte the same, the erasure is an event in the ledger
// and `gongkai verify` still passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erasureStreamId, isEncryptedValue, SubjectKeyStore, type EncryptedValue } from '@gongkai/privacy';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { BATCH_STREAM } from '../public/known-personal.ts';
import { clearValues, distinctiveStrings, examplePosts, folderBytes, gongkai, knownPersonalPosts, postAll, settle, type Post } from './support.ts';

let t: TestHost;
let agencyKey: string;
let auditorKey: string;
let posts: Post[];

function envelopes(v: unknown, out: EncryptedValue[] = []): EncryptedValue[] {
  if (isEncryptedValue(v)) out.push(v);
  else if (Array.isArray(v)) for (const x of v) envelopes(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) envelopes(x, out);
  return out;
}

async function publicSnapshot(): Promise<string[]> {
  const out: string[] = [];
  const cats = (await t.request('GET', '/v1/public/categories')).body.categories as Array<{ links: { records: string } }>;
  for (const c of cats) {
    let next: string | null = `${c.links.records}?limit=50`;
    while (next) {
      const res = await t.request('GET', next);
      expect(res.status).toBe(200);
      for (const r of res.body.items) out.push(JSON.stringify((await t.request('GET', r.links.self)).body));
      next = res.body.next;
    }
  }
  for (const p of (await t.request('GET', '/v1/public/projects?limit=100')).body.items) out.push(JSON.stringify((await t.request('GET', p.links.self)).body));
  return out;
}

async function history(streamId: string) {
  const res = await t.request('GET', `/v1/audit/streams/${encodeURIComponent(streamId)}/history`, { key: auditorKey });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res;
}

beforeAll(async () => {
  t = await startTestHost({ publicRateLimit: false });
  agencyKey = t.agency('all');
  auditorKey = t.agency(['auditor'], ['320500'], '审计局');
  posts = [...examplePosts(), ...knownPersonalPosts()];
  await postAll(t, agencyKey, posts);
  await settle(t);
}, 60_000);
afterAll(() => t?.stop());

describe('crypto-shredding', () => {
  it('stores no clear personal value anywhere in the ledger file', async () => {
    const clear = distinctiveStrings(clearValues(posts).filter((c) => c.kind !== 'narrower-audience'));
    expect(clear.length).toBeGreaterThan(30);
    const ledger = folderBytes(t.dataDir, (n) => n.startsWith('ledger.db'));
    expect(ledger.length).toBeGreaterThan(0);
    // a name quoted inside free text that the catalog does not declare personal (a hearing
    // transcript, request-only) is stored as posted: only declared paths are encrypted
    const undeclared = JSON.stringify((await t.host.store.readAll()).map((e) => e.payload));
    const found = clear.filter((v) => ledger.includes(Buffer.from(v, 'utf8')) && !undeclared.includes(v));
    expect(found).toEqual([]);
    // … and the stored payloads hold envelopes where the values were
    const raw = await t.host.store.readStream(BATCH_STREAM);
    expect(raw.flatMap((e) => envelopes(e.payload)).length).toBeGreaterThan(3);
  });

  it('a retried append of the same event is still recognised as a duplicate (deterministic ciphertext)', async () => {
    const p = posts.find((x) => x.streamId === BATCH_STREAM && x.events.every((e) => e.eventId))!;
    expect(p).toBeDefined();
    const res = await t.request('POST', `/v1/streams/${encodeURIComponent(p.streamId)}/events`, { key: agencyKey, body: { events: p.events } });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body.duplicate).toBe(true);
  });

  it('auditors read the clear values; erase destroys one subject only; public views and verify are unchanged', async () => {
    const before = await history(BATCH_STREAM);
    const rawEvents = await t.host.store.readStream(BATCH_STREAM);
    const all = rawEvents.flatMap((e) => envelopes(e.payload));
    const subject = all[0]!.subject;
    const others = new Set(all.filter((e) => e.subject !== subject).map((e) => e.subject));
    expect(others.size).toBeGreaterThan(0);
    expect(before.text).not.toContain('"$encrypted"');
    expect(before.text).not.toContain('"erased"');

    // the clear values of that subject, as the auditor saw them
    const subjectValues = new Set<string>();
    const otherValues = new Set<string>();
    rawEvents.forEach((e, i) => {
      const clearPayload = before.body.events[i].payload;
      const walk = (rawV: unknown, clearV: unknown) => {
        if (isEncryptedValue(rawV)) {
          if (typeof clearV === 'string') (rawV.subject === subject ? subjectValues : otherValues).add(clearV);
        } else if (rawV && typeof rawV === 'object') for (const k of Object.keys(rawV)) walk((rawV as any)[k], (clearV as any)?.[k]);
      };
      walk(e.payload, clearPayload);
    });
    // values also quoted in undeclared free text (see above) are not the subject's to erase
    const rawText = JSON.stringify(rawEvents.map((e) => e.payload));
    for (const v of [...subjectValues]) if (rawText.includes(v) || otherValues.has(v)) subjectValues.delete(v);
    expect(subjectValues.size).toBeGreaterThan(0);
    for (const v of subjectValues) expect(before.text).toContain(v);

    await t.host.notary.checkpointNow();
    const publicBefore = await publicSnapshot();
    const hashesBefore = rawEvents.map((e) => e.hash);

    const erased = await gongkai('erase', '--subject', subject, '--reason', '征收补偿已结清，保存期限届满 (test)', '--data', t.dataDir, '--json');
    expect(erased.code, erased.stderr).toBe(0);
    const outcome = JSON.parse(erased.stdout);
    expect(outcome.subject).toBe(subject);
    expect(outcome.keyIds.length).toBeGreaterThan(0);

    const after = await history(BATCH_STREAM);
    for (const v of subjectValues) expect(after.text, v).not.toContain(v);
    for (const v of otherValues) expect(after.text, v).toContain(v);
    const erasedMarks = JSON.stringify(after.body).match(/"status":"erased"/g) ?? [];
    expect(erasedMarks.length).toBe(all.filter((e) => e.subject === subject).length);
    // the stored bytes did not change
    expect((await t.host.store.readStream(BATCH_STREAM)).map((e) => e.hash)).toEqual(hashesBefore);

    // the erasure is an event of the ledger
    const erasure = await history(erasureStreamId(subject));
    expect(erasure.body.events).toHaveLength(1);
    expect(erasure.body.events[0].type).toBe('PersonalDataErased');
    expect(erasure.body.events[0].payload.subject).toBe(subject);

    await settle(t);
    expect(await publicSnapshot()).toEqual(publicBefore);

    await t.host.notary.checkpointNow();
    const verify = await gongkai('verify', '--data', t.dataDir);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const keys = SubjectKeyStore.open(t.dataDir);
    try {
      expect(keys.subjects().find((s) => s.subject === subject)?.erasedAt).toBeTruthy();
      for (const id of outcome.keyIds) expect(keys.lookup(id).state).toBe('erased');
    } finally {
      keys.close();
    }
  });

  it('refuses to erase twice or an unknown subject, and needs a reason', async () => {
    const list = await gongkai('erase', '--list', '--json', '--data', t.dataDir);
    const subjects = JSON.parse(list.stdout) as Array<{ subject: string; erasedAt: string | null }>;
    const done = subjects.find((s) => s.erasedAt)!;
    expect(done).toBeDefined();
    expect((await gongkai('erase', '--subject', done.subject, '--reason', 'again', '--data', t.dataDir)).code).toBe(1);
    expect((await gongkai('erase', '--subject', 'expropriation-nope/HH-0', '--reason', 'x', '--data', t.dataDir)).code).toBe(1);
    const live = subjects.find((s) => !s.erasedAt)!;
    expect((await gongkai('erase', '--subject', live.subject, '--data', t.dataDir)).code).toBe(2);
  });
});
