// The audit API over real HTTP: auditor-only access, the access log, history, state, diff,
// compliance and the export bundle (verified offline).
import type { Server } from 'node:http';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyRegistry } from '@gongkai/access';
import { assessTimeliness } from '@gongkai/catalog';
import type { RecordedEvent } from '@gongkai/event-store';
import { createHttpApp, createMetrics } from '@gongkai/platform';
import { createProofRouter, startNotary, verifyBundle, type Notary } from '@gongkai/notary-service';
import { createAuditRouter, type AuditRouter } from '@gongkai/audit-api';
import { ev, openLedger, removeDir, silentLogger, tempDir } from '../../../test/audit/helpers.ts';

let dir: string;
let store: ReturnType<typeof openLedger>;
let notary: Notary;
let registry: AgencyRegistry;
let audit: AuditRouter;
let server: Server;
let base: string;
let auditorKey: string;
let auditorId: string;
let otherKey: string;
const STREAM = 'penalty-SZ-2025-001';
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let history: RecordedEvent[];

async function call(path: string, key?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

beforeAll(async () => {
  dir = tempDir();
  store = openLedger(dir);
  registry = new AgencyRegistry(join(dir, 'access.db'));
  const auditor = registry.addAgency({ name: '苏州市审计局', roles: ['auditor'], regions: ['320500'] });
  auditorKey = auditor.apiKey;
  auditorId = auditor.agency.id;
  otherKey = registry.addAgency({ name: '苏州市发展和改革委员会', roles: ['development-reform'], regions: ['320500'] }).apiKey;
  notary = await startNotary({ store, dataDir: dir, logger: silentLogger, intervalMs: 0 });

  // a penalty decided long ago (published late), one decided today (on time), a correction and a retraction
  const late = ev('PenaltyDecided', { decisionNumber: '苏园综执罚〔2025〕1号', decisionDate: '2025-01-02', amountYuan: 5000, party: { name: '某建设公司' } }, { occurredAt: '2025-01-02', agency: 'agency-enforcement' });
  await store.append(STREAM, [late]);
  await new Promise((r) => setTimeout(r, 5));
  const corr = ev('DisclosureCorrected', { targetEventId: late.eventId, targetType: 'PenaltyDecided', changes: { amountYuan: 50000 }, reason: '金额笔误', discoveredDate: today }, { occurredAt: today, agency: 'agency-enforcement' });
  await store.append(STREAM, [corr]);
  await new Promise((r) => setTimeout(r, 5));
  const onTime = ev('PenaltyDecided', { decisionNumber: '苏园综执罚〔2025〕2号', decisionDate: today, amountYuan: 800, party: { name: '某监理公司' } }, { occurredAt: today, agency: 'agency-enforcement' });
  await store.append('penalty-SZ-2025-002', [onTime]);
  await store.append('project-note-1', [ev('LocalNoteAdded', { note: '无期限' }, { agency: 'agency-other' })]);
  await new Promise((r) => setTimeout(r, 5));
  const retr = ev('DisclosureRetracted', { targetEventId: late.eventId, targetType: 'PenaltyDecided', reason: '复议撤销', legalBasis: '行政复议法', retractedDate: today }, { occurredAt: today, agency: 'agency-enforcement' });
  await store.append(STREAM, [retr]);
  history = await store.readStream(STREAM);
  await notary.checkpointNow();

  const metrics = createMetrics();
  audit = createAuditRouter({ store, registry, notary, logger: silentLogger, dataDir: dir });
  const app = createHttpApp({ logger: silentLogger, metrics, routers: [createProofRouter(notary), audit] });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  audit?.close();
  await notary?.close();
  await store?.close();
  registry?.close();
  removeDir(dir);
});

describe('audit API access', () => {
  it('is for auditors only, and logs every attempt before serving', async () => {
    const before = audit.accessLog.list(0, 1000).length;
    const anon = await call(`/v1/audit/streams/${STREAM}/history`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(anon.headers.get('content-type')).toMatch(/problem\+json/);
    const bad = await call(`/v1/audit/streams/${STREAM}/history`, 'gk_000000000000_' + 'x'.repeat(43));
    expect(bad.status).toBe(401);
    const other = await call(`/v1/audit/streams/${STREAM}/history?asOf=2025-01-01`, otherKey);
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('/problems/forbidden');
    const ok = await call(`/v1/audit/streams/${STREAM}/history`, auditorKey);
    expect(ok.status).toBe(200);

    const entries = audit.accessLog.list(0, 1000).slice(before);
    expect(entries.map((e) => e.outcome)).toEqual(['unauthenticated', 'unauthenticated', 'forbidden', 'allowed']);
    expect(entries[2]).toMatchObject({ route: 'GET /v1/audit/streams/{streamId}/history', streamId: STREAM, params: { asOf: '2025-01-01' }, agencyName: '苏州市发展和改革委员会' });
    expect(entries[3]).toMatchObject({ agencyId: auditorId, method: 'GET', streamId: STREAM });
    expect(entries[3]!.correlationId).toBe(ok.headers.get('x-correlation-id'));
    // no payloads, no personal data in the log
    const all = JSON.stringify(audit.accessLog.list(0, 1000));
    expect(all).not.toContain('某建设公司');
    expect(all).not.toContain(auditorKey);
    expect(audit.accessLog.verify()).toMatchObject({ ok: true });
  });

  it('lets auditors read the access log, which logs that read too', async () => {
    const r = await call('/v1/audit/access-log?limit=1000', auditorKey);
    expect(r.status).toBe(200);
    const last = r.body.entries[r.body.entries.length - 1];
    expect(last).toMatchObject({ route: 'GET /v1/audit/access-log', outcome: 'allowed', agencyId: auditorId, params: { limit: '1000' } });
    expect(last.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call('/v1/audit/access-log', otherKey)).status).toBe(403);
  });

  it('keeps the access log append-only and tamper-evident', () => {
    const db = new Database(join(dir, 'audit.db'));
    expect(() => db.prepare('DELETE FROM access_log WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE access_log SET agency_id = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    db.close();
  });
});

describe('history, state and diff', () => {
  it('returns the full history with envelopes, hashes, chain check and leaf indexes', async () => {
    const r = await call(`/v1/audit/streams/${STREAM}/history`, auditorKey);
    expect(r.body.version).toBe(3);
    expect(r.headers.get('etag')).toBe('"3"');
    expect(r.body.chain).toEqual({ ok: true });
    expect(r.body.events.map((e: any) => e.type)).toEqual(['PenaltyDecided', 'DisclosureCorrected', 'DisclosureRetracted']);
    expect(r.body.events[0]).toMatchObject({ eventId: history[0]!.eventId, hash: history[0]!.hash, prevHash: '0'.repeat(64), globalPosition: '1', leafIndex: 0 });
    expect(r.body.events[0].payload.party.name).toBe('某建设公司');
    expect((await call('/v1/audit/streams/penalty-none/history', auditorKey)).status).toBe(404);
    expect((await call('/v1/audit/streams/%24all/history', auditorKey)).status).toBe(400);
  });

  it('reconstructs the state as of a version or a time', async () => {
    const v1 = await call(`/v1/audit/streams/${STREAM}/state?version=1`, auditorKey);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, currentVersion: 3 });
    expect(v1.body.records.decision).toMatchObject({ status: 'effective', payload: { amountYuan: 5000 } });
    const v2 = await call(`/v1/audit/streams/${STREAM}/state?version=2`, auditorKey);
    expect(v2.body.records.decision).toMatchObject({ status: 'effective', payload: { amountYuan: 50000 }, corrections: [history[1]!.eventId] });
    const now = await call(`/v1/audit/streams/${STREAM}/state`, auditorKey);
    expect(now.body.records.decision).toMatchObject({ status: 'retracted', retractions: [history[2]!.eventId] });
    // as of the moment the correction was recorded
    const t = await call(`/v1/audit/streams/${STREAM}/state?asOf=${encodeURIComponent(history[1]!.recordedAt)}`, auditorKey);
    expect(t.body.version).toBe(2);
    expect(t.body.records).toEqual(v2.body.records);
    const before = await call(`/v1/audit/streams/${STREAM}/state?asOf=2020-01-01`, auditorKey);
    expect(before.body).toMatchObject({ version: 0, records: {} });
    for (const q of ['version=4', 'version=-1', 'version=1&asOf=2025-01-01', 'asOf=yesterday', 'asOf=2025-01-01T10:00', 'version=1&version=2']) {
      const r = await call(`/v1/audit/streams/${STREAM}/state?${q}`, auditorKey);
      expect({ q, status: r.status < 500 && r.status >= 400 }).toEqual({ q, status: true });
    }
  });

  it('diffs two versions as JSON paths', async () => {
    const r = await call(`/v1/audit/streams/${STREAM}/diff?from=1&to=2`, auditorKey);
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: any) => e.type)).toEqual(['DisclosureCorrected']);
    expect(r.body.changes).toEqual(
      expect.arrayContaining([
        { op: 'changed', path: '/records/decision/payload/amountYuan', from: 5000, to: 50000 },
        { op: 'added', path: '/records/decision/corrections/0', to: history[1]!.eventId },
      ]),
    );
    const all = await call(`/v1/audit/streams/${STREAM}/diff?from=0`, auditorKey);
    expect(all.body.changes[0]).toMatchObject({ op: 'added', path: '/records/decision' });
    expect((await call(`/v1/audit/streams/${STREAM}/diff?from=3&to=1`, auditorKey)).status).toBe(400);
    expect((await call(`/v1/audit/streams/${STREAM}/diff`, auditorKey)).status).toBe(400);
    expect((await call(`/v1/audit/streams/${STREAM}/diff?from=1&to=9`, auditorKey)).status).toBe(404);
  });
});

describe('compliance', () => {
  it('counts on-time, late and no-deadline events per agency and category', async () => {
    const r = await call(`/v1/audit/compliance?from=2020-01-01&to=${today}`, auditorKey);
    expect(r.status).toBe(200);
    const lateDelay = assessTimeliness('PenaltyDecided', { decisionDate: '2025-01-02' }, history[0]!.recordedAt)!.delayWorkingDays!;
    expect(lateDelay).toBeGreaterThan(100);
    expect(r.body.totals).toMatchObject({ events: 5, late: 1, onTime: 2, noDeadline: 2, medianDelayWorkingDays: lateDelay });
    const enf = r.body.byAgencyCategory.find((g: any) => g.agency === 'agency-enforcement' && g.category === 'penalties');
    // the penalties, the correction (categorised as its target), the retraction (no deadline)
    expect(enf).toMatchObject({ events: 4, late: 1, onTime: 2, noDeadline: 1 });
    expect(r.body.byCategory.find((g: any) => g.category === 'unknown')).toMatchObject({ events: 1, noDeadline: 1 });
    expect(r.body.late).toEqual([expect.objectContaining({ eventId: history[0]!.eventId, rule: 'XK-CF-7', delayWorkingDays: lateDelay })]);
    const filtered = await call(`/v1/audit/compliance?from=2020-01-01&agency=agency-other`, auditorKey);
    expect(filtered.body.totals).toMatchObject({ events: 1, noDeadline: 1 });
    const cat = await call(`/v1/audit/compliance?from=2020-01-01&category=penalties`, auditorKey);
    expect(cat.body.totals.events).toBe(4);
    expect((await call('/v1/audit/compliance?category=nonsense', auditorKey)).status).toBe(400);
    expect((await call('/v1/audit/compliance?from=2025-02-01&to=2025-01-01', auditorKey)).status).toBe(400);
    const empty = await call('/v1/audit/compliance?from=2020-01-01&to=2020-12-31', auditorKey);
    expect(empty.body.totals).toMatchObject({ events: 0, lateRate: null, medianDelayWorkingDays: null });
  });
});

describe('export bundle', () => {
  it('streams NDJSON that verifies offline with the published key', async () => {
    const r = await call('/v1/audit/export', auditorKey);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = r.text.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'header', treeSize: 5 });
    const key = (await call('/v1/proofs/key')).text.trim();
    const report = await verifyBundle(lines, { verifierKey: key });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, events: 5, keySource: 'given' });

    // from a file, after tampering with a payload: caught, with the place
    const file = join(dir, 'bundle.ndjson');
    writeFileSync(file, r.text.replace('"amountYuan":5000', '"amountYuan":500'));
    const bad = await verifyBundle(file, { verifierKey: key });
    expect(bad.ok).toBe(false);
    expect(bad.firstProblem).toMatchObject({ kind: 'canonical', eventId: history[0]!.eventId });
    // truncated
    const cut = await verifyBundle(lines.slice(0, -2), { verifierKey: key });
    expect(cut.problems.map((p) => p.kind)).toContain('truncated');
  });

  it('exports a period, still proving against the latest checkpoint', async () => {
    const r = await call(`/v1/audit/export?from=${encodeURIComponent(history[2]!.recordedAt)}`, auditorKey);
    const report = await verifyBundle(r.text.trim().split('\n'), { verifierKey: notary.verifierKey });
    expect(report).toMatchObject({ ok: true, events: 1 });
    expect((await call('/v1/audit/export?from=nope', auditorKey)).status).toBe(400);
    expect((await call('/v1/audit/export', otherKey)).status).toBe(403);
  });
});
