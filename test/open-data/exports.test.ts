// The open-data exports over real HTTP on the real all-in-one host (SQLite files in a temp folder):
// the generated Suzhou demo and the catalog's synthetic replicas are posted, projected, exported as
// OCDS release and record packages, an OC4IDS project package and CSV, and every export validates
// against the official schemas (ajv + ajv-draft-04 + ajv-formats, closed codelists enforced, open
// codelist extras reported). Incremental exports, gzip, stable order, bad input, and the OCDS intake.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@gongkai/access';
import { AGENCY_ROLES, chinaDate, exampleAppends } from '@gongkai/catalog';
import { generateDemo } from '@gongkai/demo-data';
import { CompiledRelease, OCDS_1_1_5_RULES, intakeEventId } from '@gongkai/open-data';
import { syntheticReplica } from '@gongkai/projector/synthetic';
import { serveProcess } from '../support/serve.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { Validators } from './validator.ts';
import { clearValues, knownPersonalPosts } from '../public/known-personal.ts';

const DEMO: Principal = {
  kind: 'agency',
  agencyId: 'agency-demo-suzhou',
  agencyName: '苏州市政务公开演示机关',
  roles: new Set<string>(AGENCY_ROLES),
  regions: ['320500'],
  keyId: 'demo',
};

let t: TestHost;
let v: Validators;
const personal: string[] = [];

async function caughtUp(): Promise<void> {
  await t.host.projector.waitFor(await t.host.store.headPosition(), 30_000);
}

async function get(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(t.url + path);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
async function getJson(path: string): Promise<any> {
  const r = await get(path);
  expect(r.status, path).toBe(200);
  return JSON.parse(r.bytes.toString('utf8'));
}
const withoutPublished = (pkg: any) => ({ ...pkg, publishedDate: undefined });

beforeAll(async () => {
  t = await startTestHost();
  v = new Validators();
  const anchorDate = chinaDate(new Date().toISOString());
  for (const p of generateDemo({ anchorDate, projects: 10, seed: 7 })) await t.host.appendService.appendToStream(DEMO, p.streamId, p.events, p.expectedVersion ?? 'any');
  // generated data: the worked example (every event type) replicated with varied ids
  for (let k = 0; k < 6; k++) for (const a of syntheticReplica(k)) await t.host.store.append(a.streamId, a.events);
  // the catalog's worked example with its known personal values (households, applicants, a natural person fined)
  const known = knownPersonalPosts();
  for (const a of exampleAppends()) await t.host.appendService.appendToStream(DEMO, a.streamId, a.events as never, 'any').catch(() => undefined);
  for (const p of known) await t.host.appendService.appendToStream(DEMO, p.streamId, p.events, 'any').catch(() => undefined);
  // a correction of a procurement notice: published as an OCDS amendment
  const notice = (await t.host.store.readStream('allocation-procurement-JSZC-320500-2024-G0042')).find((e) => e.type === 'ProcurementNoticePublished')!;
  await t.host.appendService.appendToStream(DEMO, notice.streamId, [
    { type: 'DisclosureCorrected', schemaVersion: 1, payload: { targetEventId: notice.eventId, targetType: 'ProcurementNoticePublished', changes: { maxPrice: 28500000 }, reason: '最高限价录入有误，更正为2850万元。', discoveredDate: chinaDate(notice.recordedAt) } },
  ]);
  for (const c of clearValues(known)) if (typeof c.value === 'string' && c.value.length >= 2) personal.push(c.value);
  await caughtUp();
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('OCDS release package', () => {
  let pkg: any;
  beforeAll(async () => {
    pkg = await getJson('/v1/public/exports/ocds/releases.json');
  });
  it('validates against the OCDS 1.1.5 release package schema, closed codelists included', () => {
    const report = v.releasePackageReport(pkg);
    expect(report.errors).toEqual([]);
    expect(report.closedCodelistViolations).toEqual([]);
    // reported, not an error: OCDS 1.1.5's documentType has no code for complaint decisions
    expect(report.openCodelistExtras).toEqual(['tender.documents.documentType: complaints']);
  });
  it('would fail on a code outside a closed codelist, and report one outside an open codelist', () => {
    const bad = structuredClone(pkg);
    bad.releases[0].tag = ['tenderAward'];
    bad.releases[0].parties[0].roles = ['buyer', 'landlord'];
    const report = v.releasePackageReport(bad);
    expect(report.errors.some((e) => e.instancePath === '/releases/0/tag/0' && e.keyword === 'enum')).toBe(true);
    expect(report.openCodelistExtras).toContain('parties.roles: landlord');
  });
  it('covers tenders, procurement, land use rights, mining rights and state property transfers', () => {
    expect(pkg.releases.length).toBeGreaterThan(50);
    const kinds = new Set(pkg.releases.map((r: any) => /^ocds-gkcn01-(tender|allocation-[a-z-]+?)-[A-Z0-9]/.exec(r.ocid)?.[1]));
    for (const k of ['tender', 'allocation-procurement', 'allocation-land-use-rights', 'allocation-mining-rights', 'allocation-state-property']) expect(kinds).toContain(k);
  });
  it('has one release per published event, ids unique per ocid, the first of a stage tagged plainly', async () => {
    const seen = new Set<string>();
    const stagesSeen = new Map<string, Set<string>>();
    for (const r of pkg.releases) {
      expect(seen.has(`${r.ocid}#${r.id}`)).toBe(false);
      seen.add(`${r.ocid}#${r.id}`);
      const ev = await t.host.store.getEvent(r.id);
      expect(ev, r.id).toBeDefined();
      expect(`ocds-gkcn01-${ev!.streamId}`).toBe(r.ocid);
      const tag = r.tag[0] as string;
      const stage = tag.replace(/(Update|Amendment)$/, '');
      const s = stagesSeen.get(r.ocid) ?? new Set<string>();
      if (tag === stage) expect(s.has(stage), `${r.ocid} ${tag}`).toBe(false);
      s.add(stage);
      stagesSeen.set(r.ocid, s);
    }
  });
  it('leaves no published event of a process out', async () => {
    for (const streamId of ['allocation-procurement-JSZC-320500-2024-G0042', 'tender-E3205000501001234001', 'allocation-land-use-rights-SZTD-2024-WG-018', 'allocation-mining-rights-SZKQ-2023-003']) {
      const events = await t.host.store.readStream(streamId);
      const ids = pkg.releases.filter((r: any) => r.ocid === `ocds-gkcn01-${streamId}`).map((r: any) => r.id);
      expect(ids, streamId).toEqual(events.map((e) => e.eventId));
    }
  });
  it('publishes corrections as amendments naming the release they amend', () => {
    const amended = pkg.releases.filter((r: any) => /Amendment|Update/.test(r.tag[0]) && (r.tender?.amendments || r.awards?.some((a: any) => a.amendments) || r.contracts?.some((c: any) => c.amendments)));
    expect(amended.length).toBeGreaterThan(0);
    for (const r of amended) {
      const a = r.tender?.amendments?.[0] ?? r.awards?.find((x: any) => x.amendments)?.amendments[0] ?? r.contracts.find((x: any) => x.amendments).amendments[0];
      expect(a.releaseID).toBe(r.id);
      expect(pkg.releases.some((x: any) => x.ocid === r.ocid && x.id === a.amendsReleaseID)).toBe(true);
    }
  });
  it('never carries a clear personal value that was posted', () => {
    const text = JSON.stringify(pkg);
    expect(personal.length).toBeGreaterThan(5);
    for (const p of personal) expect(text.includes(p), p).toBe(false);
  });
  it('is in a stable order, and gzip gives the same bytes', async () => {
    const again = await getJson('/v1/public/exports/ocds/releases.json');
    expect(withoutPublished(again)).toEqual(withoutPublished(pkg));
    const gz = await get('/v1/public/exports/ocds/releases.json.gz');
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(withoutPublished(JSON.parse(gunzipSync(gz.bytes).toString('utf8')))).toEqual(withoutPublished(pkg));
  });
  it('exports incrementally since a global position and since a date', async () => {
    const head = await t.host.store.headPosition();
    const mid = head / 2n;
    const inc = await getJson(`/v1/public/exports/ocds/releases.json?since=${mid}`);
    expect(v.releasePackageReport(inc).errors).toEqual([]);
    const expected: string[] = [];
    for (const r of pkg.releases) if ((await t.host.store.getEvent(r.id))!.globalPosition > mid) expected.push(`${r.ocid}#${r.id}`);
    expect(inc.releases.map((r: any) => `${r.ocid}#${r.id}`).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(pkg.releases.length);
    expect((await getJson(`/v1/public/exports/ocds/releases.json?since=${head}`)).releases).toEqual([]);
    const future = await getJson('/v1/public/exports/ocds/releases.json?since=2999-01-01');
    expect(future.releases).toEqual([]);
    const past = await getJson('/v1/public/exports/ocds/releases.json?since=2000-01-01T00:00:00Z');
    expect(past.releases.length).toBe(pkg.releases.length);
  });
});

describe('OCDS record package', () => {
  let pkg: any;
  let releases: any;
  beforeAll(async () => {
    pkg = await getJson('/v1/public/exports/ocds/records.json');
    releases = await getJson('/v1/public/exports/ocds/releases.json');
  });
  it('validates (records, compiled and versioned releases)', () => {
    const report = v.recordPackageReport(pkg);
    expect(report.errors).toEqual([]);
    expect(report.closedCodelistViolations).toEqual([]);
  });
  it('has one record per process, compiled by the OCDS merge rules from its releases', () => {
    const byOcid = new Map<string, any[]>();
    for (const r of releases.releases) byOcid.set(r.ocid, [...(byOcid.get(r.ocid) ?? []), r]);
    expect(pkg.records.map((r: any) => r.ocid)).toEqual([...byOcid.keys()]);
    for (const record of pkg.records) {
      const rs = byOcid.get(record.ocid)!;
      expect(record.releases.map((l: any) => l.url.split('#')[1])).toEqual(rs.map((r) => r.id));
      expect(record.compiledRelease).toEqual(new CompiledRelease({ rules: OCDS_1_1_5_RULES }).extend(rs).asJson());
      expect(record.compiledRelease.tag).toEqual(['compiled']);
      expect(record.versionedRelease.ocid).toBe(record.ocid);
    }
  });
});

describe('OC4IDS project package', () => {
  let pkg: any;
  beforeAll(async () => {
    pkg = await getJson('/v1/public/exports/oc4ids/projects.json');
  });
  it('validates against OC4IDS 0.9.5 with the Gongkai extension applied', () => {
    const report = v.projectPackageReport(pkg);
    expect(report.errors).toEqual([]);
    expect(report.closedCodelistViolations).toEqual([]);
    expect(report.openCodelistExtras).toEqual([]);
  });
  it('has a document per project with approvals, inspections, land aggregates and linked processes', () => {
    expect(pkg.projects.length).toBeGreaterThanOrEqual(10);
    for (const p of pkg.projects) expect(p.id).toMatch(/^oc4ids-gkcn01-\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/);
    expect(pkg.projects.some((p: any) => p.approvals?.length)).toBe(true);
    expect(pkg.projects.some((p: any) => p.inspections?.length)).toBe(true);
    expect(pkg.projects.some((p: any) => p.landExpropriation?.length)).toBe(true);
    expect(pkg.projects.some((p: any) => p.modifications?.length)).toBe(true);
    const withProcesses = pkg.projects.filter((p: any) => p.contractingProcesses?.length);
    expect(withProcesses.length).toBeGreaterThan(0);
    for (const p of withProcesses) for (const c of p.contractingProcesses) expect(c.releases.length).toBeGreaterThan(0);
    expect(pkg.extensions[0]).toMatch(/\/v1\/public\/exports\/oc4ids\/extension\/extension\.json$/);
  });
  it('carries land expropriation as aggregates only, never household data, and no penalties', () => {
    const text = JSON.stringify(pkg);
    for (const p of personal) expect(text.includes(p), p).toBe(false);
    expect(text).not.toMatch(/households"|householdId|PenaltyDecided|penaltyId/);
    for (const p of pkg.projects) for (const b of p.landExpropriation ?? []) for (const k of Object.keys(b)) expect(['id', 'region', 'documentNumber', 'approvalDate', 'totalArea', 'agriculturalArea', 'cultivatedArea', 'noticeNumber', 'noticeDate', 'scope', 'schedule', 'reportDate', 'totalBudget', 'fundsReceived', 'fundsSpent', 'householdsPaid']).toContain(k);
  });
  it('serves the extension files it links to', async () => {
    const ext = await getJson('/v1/public/exports/oc4ids/extension/extension.json');
    expect(ext.schemas).toEqual(['project-schema.json']);
    for (const f of ext.codelists) {
      const r = await get(`/v1/public/exports/oc4ids/extension/codelists/${encodeURIComponent(f)}`);
      expect(r.status, f).toBe(200);
      expect(r.bytes.toString('utf8')).toMatch(/^Code,Title,Description\n/);
    }
  });
});

describe('penalties, a dataset of their own', () => {
  it('validates against its schema, links projects and processes, masks natural persons', async () => {
    const pkg = await getJson('/v1/public/exports/penalties.json');
    expect(v.penaltyErrors(pkg)).toEqual([]);
    expect(pkg.penalties.length).toBeGreaterThan(0);
    // the worked example's decision ended its 公示期 in 2022: out of the public view (the ledger keeps it)
    expect(pkg.penalties.some((p: any) => p.id === 'penalty-SZZJ-2021-0156')).toBe(false);
    const projects = new Set((await getJson('/v1/public/exports/oc4ids/projects.json')).projects.map((p: any) => p.id));
    const linked = pkg.penalties.filter((p: any) => p.relatedProjects?.length);
    expect(linked.length).toBeGreaterThan(0);
    for (const p of linked) for (const id of p.relatedProjects) expect(projects.has(id), id).toBe(true);
    for (const p of pkg.penalties) expect(p.publicityEnd >= chinaDate(new Date().toISOString())).toBe(true);
    const text = JSON.stringify(pkg);
    for (const p of personal) expect(text.includes(p), p).toBe(false);
    expect((await getJson('/v1/public/exports/penalties/penalty-package-schema.json')).title).toMatch(/penalties/);
  });
});

describe('CSV per category', () => {
  it('streams each category with a BOM, a header and one row per public record', async () => {
    const index = await getJson('/v1/public/exports');
    const counts = await t.host.projector.readStore.categoryCounts({ streams: new Set() }, chinaDate(new Date().toISOString()));
    for (const [category, url] of Object.entries<string>(index.csv)) {
      const r = await get(new URL(url).pathname);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = r.bytes.toString('utf8');
      expect(text.startsWith('\uFEFFrecord_id,stream_id,')).toBe(true);
      const rows = text.split('\r\n').filter(Boolean).length - 1;
      // rows may span lines only inside quotes; count record ids instead
      expect(rows).toBeGreaterThanOrEqual(counts.get(category) ?? 0);
      for (const p of personal) expect(text.includes(p), `${category}: ${p}`).toBe(false);
    }
    const gz = await get('/v1/public/exports/csv/tendering.csv.gz');
    expect(gunzipSync(gz.bytes).toString('utf8').startsWith('\uFEFF')).toBe(true);
  });
});

describe('bad input', () => {
  it('answers 4xx problem+json', async () => {
    for (const [path, status] of [
      ['/v1/public/exports/ocds/releases.json?since=yesterday', 400],
      ['/v1/public/exports/ocds/releases.json?since=2024-02-30', 400],
      ['/v1/public/exports/ocds/records.json?since=1&since=2', 400],
      ['/v1/public/exports/ocds/releases.json?limit=5', 400],
      ['/v1/public/exports/csv/no-such.csv', 404],
      ['/v1/public/exports/oc4ids/extension/../../x', 404],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(status);
      expect(r.headers.get('content-type'), path).toMatch(/application\/problem\+json/);
    }
  });
});

describe('OCDS intake', () => {
  const ocid = 'ocds-abc123-JSZC-320500-2026-OCDS1';
  const buyer = { id: 'CN-USCC-11320500014164935G', name: '苏州市公安局交通警察支队', identifier: { id: '11320500014164935G', legalName: '苏州市公安局交通警察支队' }, address: { streetAddress: '苏州市姑苏区人民路1号', region: '320500' }, contactPoint: { name: '李警官', telephone: '0512-65221234' }, roles: ['buyer'] };
  const supplier = { id: 'CN-USCC-91320594MA1X8H3J5Y', name: '苏州智汇信息技术有限公司', identifier: { id: '91320594MA1X8H3J5Y' }, address: { streetAddress: '苏州工业园区若水路388号' }, roles: ['supplier'] };
  const d = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const pkg = () => ({
    uri: 'https://agency.example/ocds/1.json',
    version: '1.1',
    publishedDate: d(0),
    publisher: { name: '苏州市财政局' },
    releases: [
      {
        ocid, id: 'r1', date: d(30), tag: ['tender'], initiationType: 'tender', parties: [buyer], buyer: { id: buyer.id, name: buyer.name },
        planning: { budget: { amount: { amount: 500000, currency: 'CNY' } } },
        tender: { id: 'T1', title: '路口信号灯维护服务', description: '全市路口信号灯年度维护。', procurementMethod: 'open', eligibilityCriteria: '满足政府采购法第二十二条。', value: { amount: 480000, currency: 'CNY' }, tenderPeriod: { startDate: d(30), endDate: d(10) } },
      },
      { ocid, id: 'r2', date: d(25), tag: ['tenderAmendment'], tender: { id: 'T1', description: '全市路口信号灯年度维护（含应急抢修）。', amendments: [{ id: 'a1', rationale: '补充服务范围' }] } },
      {
        ocid, id: 'r3', date: d(5), tag: ['award'], parties: [supplier],
        awards: [{ id: 'A1', status: 'active', date: d(6), value: { amount: 456000, currency: 'CNY' }, suppliers: [{ id: supplier.id, name: supplier.name }], evaluationExperts: ['严明', '蒋文', '韩冬梅'], items: [{ id: '1', description: '信号灯维护', quantity: 1, unit: { name: '项', value: { amount: 456000, currency: 'CNY' } } }] }],
      },
      { ocid, id: 'r4', date: d(2), tag: ['contract'], contracts: [{ id: 'HT-2026-01', awardID: 'A1', title: '信号灯维护服务合同', value: { amount: 456000, currency: 'CNY' }, dateSigned: d(3), period: { startDate: d(3), endDate: d(-360) } }] },
    ],
  });

  it('maps releases to catalog events through the append path, idempotently by release id', async () => {
    const key = t.agency('all', ['320500'], '苏州市财政局');
    const r = await t.request('POST', '/v1/ocds/release-packages', { body: pkg(), key });
    expect(r.status, r.text).toBe(201);
    expect(r.body.appended).toBe(4);
    expect(r.body.releases.map((x: any) => x.type)).toEqual(['ProcurementNoticePublished', 'DisclosureCorrected', 'ProcurementResultPublished', 'ProcurementContractPublished']);
    const stream = await t.host.store.readStream('allocation-procurement-JSZC-320500-2026-OCDS1');
    expect(stream.map((e) => e.eventId)).toEqual(['r1', 'r2', 'r3', 'r4'].map((id) => intakeEventId(ocid, id)));
    expect(stream[1]!.payload).toMatchObject({ targetEventId: intakeEventId(ocid, 'r1'), changes: { demand: '全市路口信号灯年度维护（含应急抢修）。' }, reason: '补充服务范围' });
    expect(stream[2]!.payload).toMatchObject({ suppliers: [{ name: '苏州智汇信息技术有限公司', creditCode: '91320594MA1X8H3J5Y', amount: 456000 }], purchaser: { name: '苏州市公安局交通警察支队' } });

    const head = await t.host.store.headPosition();
    const again = await t.request('POST', '/v1/ocds/release-packages', { body: pkg(), key });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ appended: 0, duplicates: 4 });
    expect(await t.host.store.headPosition()).toBe(head);

    await caughtUp();
    const records = await getJson('/v1/public/exports/ocds/records.json');
    const rec = records.records.find((x: any) => x.ocid === 'ocds-gkcn01-allocation-procurement-JSZC-320500-2026-OCDS1');
    expect(rec.compiledRelease.tender.description).toBe('全市路口信号灯年度维护（含应急抢修）。');
    expect(rec.compiledRelease.contracts[0].id).toBe('HT-2026-01');
    expect(v.recordPackageReport(records).errors).toEqual([]);
  });

  it('continues a process across packages: earlier releases skipped, a later update corrects the stage', async () => {
    const key = t.agency('all', ['320500'], '苏州市财政局');
    const o2 = 'ocds-abc123-JSZC-320500-2026-OCDS2';
    const base = pkg().releases.map((r) => ({ ...r, ocid: o2 }));
    const first = await t.request('POST', '/v1/ocds/release-packages', { body: { ...pkg(), releases: base.slice(0, 1) }, key });
    expect(first.status, first.text).toBe(201);
    const second = await t.request('POST', '/v1/ocds/release-packages', { body: { ...pkg(), releases: base }, key });
    expect(second.status, second.text).toBe(201);
    expect(second.body).toMatchObject({ appended: 3, duplicates: 1 });
    const update = { ocid: o2, id: 'r5', date: d(1), tag: ['contractAmendment'], contracts: [{ id: 'HT-2026-01', value: { amount: 450000, currency: 'CNY' }, amendments: [{ id: 'a2', rationale: '核减合同金额' }] }] };
    const third = await t.request('POST', '/v1/ocds/release-packages', { body: { ...pkg(), releases: [update] }, key });
    expect(third.status, third.text).toBe(201);
    const stream = await t.host.store.readStream('allocation-procurement-JSZC-320500-2026-OCDS2');
    expect(stream.length).toBe(5);
    expect(stream[4]!.payload).toMatchObject({ targetEventId: intakeEventId(o2, 'r4'), targetType: 'ProcurementContractPublished', changes: { contractAmount: 450000 }, reason: '核减合同金额' });
  });

  it('refuses bad packages with 4xx and writes nothing', async () => {
    const key = t.agency('all', ['320500'], '苏州市财政局');
    const head = await t.host.store.headPosition();
    const noBudget = pkg();
    delete (noBudget.releases[0] as any).planning;
    delete (noBudget.releases[0] as any).tender.value;
    const cases: Array<[unknown, number, string | undefined]> = [
      [pkg(), 401, undefined],
      [{ releases: 'x' }, 422, key],
      [{ releases: [{ ocid, id: 'x#1', date: d(1), tag: ['tender'] }] }, 422, key],
      [{ releases: [{ ocid, id: 'x', date: d(1), tag: ['planning', 'tender'] }] }, 422, key],
      [{ ...noBudget, releases: noBudget.releases.map((r) => ({ ...r, ocid: 'ocds-abc123-NEW-1' })) }, 422, key],
    ];
    for (const [body, status, k] of cases) {
      const r = await t.request('POST', '/v1/ocds/release-packages', { body, ...(k ? { key: k } : {}) });
      expect(r.status, r.text).toBe(status);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const raw = await t.request('POST', '/v1/ocds/release-packages', { rawBody: '{"releases": [', key, headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    const outside = t.agency('all', ['320600'], '南通市财政局');
    const wrong = await t.request('POST', '/v1/ocds/release-packages', { body: { ...pkg(), releases: pkg().releases.map((r) => ({ ...r, ocid: 'ocds-abc123-NT-1' })) }, key: outside });
    expect(wrong.status).toBe(403);
    expect(await t.host.store.headPosition()).toBe(head);
  });
});

describe('gongkai export', () => {
  const bin = join(process.cwd(), 'services/gongkai/bin/gongkai.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, 'export', ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' });
  it('writes the same documents as the HTTP exports, gzip and incremental included', async () => {
    const viaHttp = await getJson('/v1/public/exports/ocds/records.json');
    const out = join(t.dataDir, 'records.json.gz');
    await run(['--format', 'ocds', '--records', '--gzip', '--out', out, '--data', t.dataDir, '--base-url', t.url]);
    expect(withoutPublished(JSON.parse(gunzipSync(readFileSync(out)).toString('utf8')))).toEqual(withoutPublished(viaHttp));
    const head = await t.host.store.headPosition();
    const inc = await run(['--format', 'ocds', '--since', String(head - 3n), '--data', t.dataDir, '--base-url', t.url]);
    const incHttp = await getJson(`/v1/public/exports/ocds/releases.json?since=${head - 3n}`);
    expect(withoutPublished(JSON.parse(inc.stdout.toString('utf8')))).toEqual(withoutPublished(incHttp));
    const projects = await run(['--format', 'oc4ids', '--data', t.dataDir, '--base-url', t.url]);
    expect(v.projectPackageReport(JSON.parse(projects.stdout.toString('utf8'))).errors).toEqual([]);
    const csv = await run(['--format', 'csv', '--category', 'tendering', '--data', t.dataDir]);
    expect(csv.stdout.toString('utf8')).toBe((await get('/v1/public/exports/csv/tendering.csv')).bytes.toString('utf8'));
  });
  it('refuses bad options with exit code 2', async () => {
    for (const args of [['--format', 'csv'], ['--format', 'ocds', '--since', 'soon']]) {
      const err = await run([...args, '--data', t.dataDir]).then(() => undefined, (e: { code?: number; stderr?: Buffer }) => e);
      expect(err?.code, args.join(' ')).toBe(2);
    }
  });
});

describe('gongkai serve public-api', () => {
  it('serves the same exports from the same data folder', async () => {
    const served = await serveProcess('public-api', t.dataDir);
    const url = served.url;
    try {
      const res = await fetch(`${url}/v1/public/exports/ocds/releases.json`);
      expect(res.status).toBe(200);
      const viaServe = (await res.json()) as any;
      expect(v.releasePackageReport(viaServe).errors).toEqual([]);
      const viaHost = await getJson('/v1/public/exports/ocds/releases.json');
      expect(viaServe.releases).toEqual(viaHost.releases);
    } finally {
      await served.stop();
    }
  });
});
