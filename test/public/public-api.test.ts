// The public read-only API over real HTTP: categories, records with filters, Chinese search,
// cursor pagination and sort, record pages with audit trails, projects, allocations, revoked
// documents, timeliness, ETag/304, problem+json for bad input, party tokens, rate limiting, the
// OpenAPI document and the docs page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, chinaDate, eventTypes } from '@gongkai/catalog';
import { PUBLIC_CATEGORIES, schemas } from '@gongkai/public-api';
import type { z } from 'zod';
import { examplePosts, startPublicHarness, type PublicHarness, type Response } from './harness.ts';
import { BATCH_STREAM, knownPersonalPosts, PROJECT, ROUND_STREAM } from './known-personal.ts';

let h: PublicHarness;
const today = chinaDate(new Date().toISOString());
const PROJECT_STREAM = `project-${PROJECT}`;

function valid<S extends z.ZodType>(schema: S, res: Response): z.output<S> {
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`response does not match its schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  return parsed.data;
}

function expectProblem(res: Response, status: number, type: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `/problems/${type}`, status });
}

/** Every item of a paged list, following `next` links. */
async function walk(path: string, headers: Record<string, string> = {}): Promise<any[]> {
  const items: any[] = [];
  let next: string | null = path;
  for (let pages = 0; next && pages < 500; pages++) {
    const res: Response = await h.get(next, headers);
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    next = res.body.next;
  }
  return items;
}

beforeAll(async () => {
  h = await startPublicHarness();
  await h.post(examplePosts());
  await h.post(knownPersonalPosts());
  // one publication on time (formed today), so that late=false has something to find
  await h.post([
    {
      streamId: PROJECT_STREAM,
      events: [
        {
          type: 'ProgressReported',
          payload: { projectCode: PROJECT, projectName: '苏州市春申湖路快速化改造工程', reportDate: today, period: '本期', progress: '道路养护工程按计划推进。' },
        },
      ],
    },
  ]);
  await h.settle();
});
afterAll(() => h.stop());

describe('categories', () => {
  it('lists every category with its English slug, Chinese name and visible record count', async () => {
    const body = valid(schemas.categoriesResponseSchema, await h.get('/v1/public/categories'));
    expect(body.categories.map((c) => c.slug)).toEqual([...PUBLIC_CATEGORIES]);
    expect(body.categories.slice(0, 9).map((c) => c.zh)).toEqual(['批准服务', '批准结果', '招标投标', '征收土地', '重大设计变更', '施工有关', '质量安全监督', '竣工有关', '行政处罚']);
    expect(body.categories.filter((c) => c.group === 'allocation').map((c) => c.slug)).toEqual([
      'government-procurement',
      'land-use-rights',
      'mining-rights',
      'state-property',
      'affordable-housing',
    ]);
    for (const c of body.categories) {
      const items = await walk(`${c.links.records}?limit=100`);
      expect(items.length, c.slug).toBe(c.records);
    }
    expect(body.categories.find((c) => c.slug === 'approval-results')!.records).toBe(14);
  });

  it('answers an unknown category with 404 problem+json', async () => {
    expectProblem(await h.get('/v1/public/categories/requests/records'), 404, 'not-found');
    expectProblem(await h.get('/v1/public/categories/nope/records'), 404, 'not-found');
  });
});

describe('records: pagination and sort', () => {
  it('walks every page in every sort order without duplicates or gaps', async () => {
    const all = await walk('/v1/public/categories/approval-results/records?limit=100');
    expect(all).toHaveLength(14);
    for (const sort of schemas.recordSorts) {
      const items = await walk(`/v1/public/categories/approval-results/records?limit=3&sort=${sort}`);
      expect(items.map((r) => r.id).sort(), sort).toEqual(all.map((r) => r.id).sort());
      const key = (r: any) => (sort.includes('formed') ? r.formedDate : r.firstRecordedAt);
      const keys = items.map(key);
      const sorted = [...keys].sort();
      expect(keys, sort).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
    }
  });

  it('carries an opaque cursor and a next link; the last page has neither', async () => {
    const first = valid(schemas.recordsResponseSchema, await h.get('/v1/public/categories/completion/records?limit=4&sort=formedDate'));
    expect(first.items).toHaveLength(4);
    expect(first.next).toBe(`/v1/public/categories/completion/records?limit=4&sort=formedDate&cursor=${first.cursor}`);
    const second = valid(schemas.recordsResponseSchema, await h.get(`/v1/public/categories/completion/records?limit=4&sort=formedDate&cursor=${first.cursor}`));
    expect(second.items[0]!.formedDate >= first.items[3]!.formedDate).toBe(true);
    const third = valid(schemas.recordsResponseSchema, await h.get(second.next!));
    expect(third.items).toHaveLength(1);
    expect(third.cursor).toBeNull();
    expect(third.next).toBeNull();
  });

  it('refuses a cursor that is garbage, or from another sort or list', async () => {
    const first = (await h.get('/v1/public/categories/completion/records?limit=2&sort=formedDate')).body;
    expectProblem(await h.get(`/v1/public/categories/completion/records?limit=2&sort=-formedDate&cursor=${first.cursor}`), 400, 'bad-request');
    expectProblem(await h.get(`/v1/public/categories/tendering/records?limit=2&sort=formedDate&cursor=${first.cursor}`), 400, 'bad-request');
    expectProblem(await h.get('/v1/public/categories/completion/records?cursor=bm90LWEtY3Vyc29y'), 400, 'bad-request');
    expectProblem(await h.get('/v1/public/categories/completion/records?cursor=%E4%B8%AD'), 400, 'bad-request');
  });
});

describe('records: filters', () => {
  const list = async (category: string, query: string) => walk(`/v1/public/categories/${category}/records?limit=100&${query}`);

  it('region (a district, or the city covering its districts)', async () => {
    const land = await list('land-expropriation', 'region=320506');
    expect(land.length).toBeGreaterThan(0);
    for (const r of land) expect(r.region.code).toBe('320506');
    expect(await list('land-expropriation', 'region=320508')).toHaveLength(0);
    expect((await list('land-expropriation', 'region=320500')).length).toBe(land.length);
    expect(land[0].region.zh).toBe('吴中区');
  });

  it('agency, project code, formed and recorded dates, lateness', async () => {
    expect((await list('approval-results', 'agency=agency-test-suzhou')).length).toBe(14);
    expect(await list('approval-results', 'agency=agency-other')).toHaveLength(0);
    const enterprise = await list('approval-results', 'projectCode=2023-320571-34-03-004217');
    expect(enterprise.map((r) => r.title)).toEqual(['星湖智能装备研发及生产基地项目：企业投资项目备案']);
    const formed = await list('approval-results', 'formedFrom=2019-07-01&formedTo=2019-09-30');
    expect(formed.length).toBeGreaterThan(0);
    for (const r of formed) expect(r.formedDate >= '2019-07-01' && r.formedDate <= '2019-09-30').toBe(true);
    expect((await list('approval-results', `recordedFrom=${today}`)).length).toBe(14);
    expect(await list('approval-results', 'recordedTo=2020-01-01')).toHaveLength(0);
    expect((await list('approval-results', `recordedFrom=2020-01-01T00:00:00%2B08:00&recordedTo=${today}`)).length).toBe(14);
    const onTime = await list('construction', 'late=false');
    expect(onTime.map((r) => r.formedDate)).toEqual([today]);
    const late = await list('construction', 'late=true');
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) expect(r.timeliness.late).toBe(true);
  });

  it('searches Chinese text: 3+ characters, 1–2 characters, several terms', async () => {
    expect((await list('approval-results', 'q=春申湖')).length).toBe(13);
    expect((await list('approval-results', `q=${encodeURIComponent('可行性研究报告')}`)).map((r) => r.title)).toEqual(['苏州市春申湖路快速化改造工程：政府投资项目可行性研究报告审批']);
    expect((await list('tendering', `q=${encodeURIComponent('驳回')}`)).map((r) => r.types[0])).toEqual(['ComplaintDecided']);
    const one = await list('approval-results', `q=${encodeURIComponent('园')}`);
    expect(one.map((r) => r.title)).toEqual(['星湖智能装备研发及生产基地项目：企业投资项目备案']);
    expect((await list('approval-results', `q=${encodeURIComponent('春申湖 节能')}`)).map((r) => r.title)).toEqual(['苏州市春申湖路快速化改造工程：节能审查']);
    expect(await list('approval-results', `q=${encodeURIComponent('不存在的内容')}`)).toHaveLength(0);
    // document numbers and full-width characters
    expect((await list('approval-results', `q=${encodeURIComponent('苏环建〔2019〕88号')}`)).length).toBe(1);
    expect((await list('approval-results', `q=${encodeURIComponent('ＳＵ')}`)).length).toBe(0);
  });

  it('pages through search results', async () => {
    const all = await walk(`/v1/public/categories/completion/records?limit=2&q=${encodeURIComponent('验收')}`);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.length).toBe(7);
  });
});

describe('bad input', () => {
  it('answers bad query parameters with 400 problem+json naming them, never 500', async () => {
    const base = '/v1/public/categories/tendering/records';
    for (const [query, parameter] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['sort=title', 'sort'],
      ['region=999999', 'region'],
      ['region=3205', 'region'],
      ['projectCode=2019-1', 'projectCode'],
      ['formedFrom=2024-13-01', 'formedFrom'],
      ['recordedTo=yesterday', 'recordedTo'],
      ['late=yes', 'late'],
      [`q=${'长'.repeat(101)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['agency=%20drop%20table', 'agency'],
      ['colour=red', '(query)'],
    ] as const) {
      const res = await h.get(`${base}?${query}`);
      expectProblem(res, 400, 'bad-request');
      expect(res.body.errors.map((e: { parameter: string }) => e.parameter), query).toContain(parameter);
    }
    expectProblem(await h.get('/v1/public/projects?limit=-1'), 400, 'bad-request');
    expectProblem(await h.get('/v1/public/allocations?kind=lottery'), 400, 'bad-request');
    expectProblem(await h.get('/v1/public/timeliness?category=nope'), 400, 'bad-request');
    expectProblem(await h.get('/v1/public/records/abc?x=1'), 400, 'bad-request');
  });

  it('answers unknown ids with 404 problem+json', async () => {
    for (const path of [
      '/v1/public/records/AAAAAAAAAAAAAAAAAAAAAA',
      '/v1/public/records/not-an-id',
      `/v1/public/records/${'x'.repeat(5000)}`,
      '/v1/public/projects/1999-320500-48-01-000000',
      '/v1/public/projects/not-a-code',
      '/v1/public/allocations/allocation-procurement-NOPE',
      '/v1/public/allocations/project-2019',
      '/v1/public/records/%E4%B8%AD%25',
      '/v1/public/nothing',
    ]) {
      expectProblem(await h.get(path), 404, 'not-found');
    }
  });
});

describe('record pages', () => {
  const byTitle = async (category: string, title: string) => {
    const items = await walk(`/v1/public/categories/${category}/records?limit=100`);
    const found = items.find((r) => r.title === title);
    expect(found, title).toBeDefined();
    return valid(schemas.recordResponseSchema, await h.get(found.links.self)).record;
  };

  it('shows current values and the audit trail with field-level changes of a correction', async () => {
    const items = await walk('/v1/public/categories/construction/records?limit=100&q=' + encodeURIComponent('墩柱'));
    const record = valid(schemas.recordResponseSchema, await h.get(items[0].links.self)).record;
    expect(record.values).toMatchObject({ progressPercent: 56.5 });
    expect(record.trail.map((v) => v.kind)).toEqual(['original', 'correction']);
    expect(record.trail[1]!.changes).toEqual([{ path: 'progressPercent', before: 58, after: 56.5 }]);
    expect(record.trail[1]!.amends).toBe(record.trail[0]!.eventId);
    for (const v of record.trail) {
      expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(v.agency).toEqual({ id: 'agency-test-suzhou', name: '苏州市政务公开测试机关' });
      expect(BigInt(v.globalPosition)).toBeGreaterThan(0n);
    }
    expect(record.links.projects).toEqual([`/v1/public/projects/${PROJECT}`]);
  });

  it('lists a retracted record with its content withheld', async () => {
    const record = await byTitle('quality-safety', '质量安全监督检查（已撤回）');
    expect(record.status).toBe('retracted');
    expect(record.values).toBeNull();
    expect(record.trail.map((v) => [v.kind, v.withheld])).toEqual([
      ['original', true],
      ['retraction', true],
    ]);
    expect(record.trail[0]!.retractedBy).toBe(record.trail[1]!.eventId);
    expect(record.trail.every((v) => v.changes === undefined)).toBe(true);
  });

  it('shows the hearing without its 笔录 and says what was withheld', async () => {
    const record = await byTitle('land-expropriation', '听证（320506-2019-007）');
    expect(record.values).not.toHaveProperty('transcript');
    expect(record.redactions).toEqual([{ path: 'transcript', treatment: 'omitted', reason: 'audience:request' }]);
  });

  it('leaves penalties out once their 公示期 has ended', async () => {
    const penalties = await walk('/v1/public/categories/penalties/records?limit=100');
    expect(penalties.map((r) => r.streamId)).toEqual(['penalty-LEAK-2026-0001']);
    expect(penalties[0].publicUntil).toBe('2027-05-31');
  });

  it('links allocation records to their process', async () => {
    const items = await walk('/v1/public/categories/mining-rights/records?limit=100');
    const record = valid(schemas.recordResponseSchema, await h.get(items[0].links.self)).record;
    expect(record.links.allocation).toBe('/v1/public/allocations/allocation-mining-rights-SZKQ-2023-003');
  });
});

describe('projects', () => {
  it('lists projects with filters and pages', async () => {
    const all = valid(schemas.projectsResponseSchema, await h.get('/v1/public/projects'));
    expect(all.items.map((p) => p.projectCode)).toEqual([PROJECT, '2023-320571-34-03-004217']);
    expect(all.items[0]).toMatchObject({ name: '苏州市春申湖路快速化改造工程', region: { code: '320507', zh: '相城区' } });
    expect((await h.get('/v1/public/projects?region=320571')).body.items.map((p: any) => p.projectCode)).toEqual(['2023-320571-34-03-004217']);
    expect((await h.get(`/v1/public/projects?q=${encodeURIComponent('春申湖')}`)).body.items.map((p: any) => p.projectCode)).toEqual([PROJECT]);
    expect(await walk('/v1/public/projects?limit=1')).toHaveLength(2);
  });

  it('shows a project overview: nine categories, the timeline from registration to completion, late markers, corrections', async () => {
    const { project } = valid(schemas.projectResponseSchema, await h.get(`/v1/public/projects/${PROJECT}`));
    expect(project.categories.slice(0, 9).map((c) => c.slug)).toEqual([...PUBLIC_CATEGORIES.slice(0, 9)]);
    const count = (slug: string) => project.categories.find((c) => c.slug === slug)!.records.length;
    expect(count('approval-results')).toBe(13);
    expect(count('tendering')).toBe(7);
    expect(count('land-expropriation')).toBe(6);
    expect(count('completion')).toBe(9);
    expect(count('penalties')).toBe(1); // the 2021 one has left the public view; the test one is linked
    expect(project.registration?.values).toMatchObject({ projectName: '苏州市春申湖路快速化改造工程', totalInvestment: 4_862_000_000 });
    const dates = project.timeline.map((t) => t.date ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(project.timeline[0]!.type.name).toBe('ProjectRegistered');
    expect(project.timeline.some((t) => t.kind === 'correction')).toBe(true);
    expect(project.timeline.some((t) => t.late)).toBe(true);
    expect(project.counts.corrections).toBe(2);
    expect(project.counts.retracted).toBe(1);
  });
});

describe('allocations', () => {
  it('lists the processes, by kind', async () => {
    const all = await walk('/v1/public/allocations?limit=3');
    expect(new Set(all.map((a) => a.kind.slug))).toEqual(new Set(schemas.allocationKinds));
    const procurement = valid(schemas.allocationsResponseSchema, await h.get('/v1/public/allocations?kind=procurement'));
    expect(procurement.items.map((a) => a.id)).toEqual(['allocation-procurement-JSZC-320500-2024-D0007', 'allocation-procurement-JSZC-320500-2024-G0042']);
  });

  it('shows each lifecycle: the catalog stages in order with their dates', async () => {
    const { allocation } = valid(schemas.allocationResponseSchema, await h.get('/v1/public/allocations/allocation-procurement-JSZC-320500-2024-G0042'));
    expect(allocation.stages.filter((s) => s.status === 'done').map((s) => [s.type, s.date])).toEqual([
      ['ProcurementIntentionPublished', '2024-02-01'],
      ['ProcurementNoticePublished', '2024-03-15'],
      ['ProcurementResultPublished', '2024-04-10'],
      ['ProcurementContractPublished', '2024-04-25'],
      ['ProcurementAcceptancePublished', '2024-10-15'],
      ['ProcurementComplaintDecided', '2024-05-20'],
    ]);
    const housing = valid(schemas.allocationResponseSchema, await h.get(`/v1/public/allocations/${ROUND_STREAM}`)).allocation;
    expect(housing.stages.map((s) => s.type)).toEqual(['HousingListingPublished', 'HousingApplicationsReviewed', 'HousingAllocated', 'HousingExited']);
    expect(housing.stages.every((s) => s.status === 'done')).toBe(true);
    for (const id of ['allocation-land-use-rights-SZTD-2024-WG-018', 'allocation-mining-rights-SZKQ-2023-003', 'allocation-state-property-G32023SZ1000018']) {
      const a = valid(schemas.allocationResponseSchema, await h.get(`/v1/public/allocations/${id}`)).allocation;
      expect(a.stages.filter((s) => s.status === 'done').length, id).toBe(a.stages.length);
    }
  });
});

describe('revoked documents and timeliness', () => {
  it('lists revoked documents with their 有效性 and reasons in Chinese', async () => {
    const body = valid(schemas.revokedResponseSchema, await h.get('/v1/public/revoked'));
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      documentTitle: '苏州市市区公共租赁住房管理办法',
      validity: '废止',
      action: { value: 'repealed', zh: '废止' },
      reason: { value: 'superseded', zh: '已被新规定涵盖或替代' },
      effectiveDate: '2024-01-01',
    });
  });

  it('summarises publications on time and late per agency and category', async () => {
    const body = valid(schemas.timelinessResponseSchema, await h.get('/v1/public/timeliness'));
    expect(body.totals.total).toBe(body.totals.onTime + body.totals.late);
    expect(body.totals.onTime).toBeGreaterThanOrEqual(1);
    expect(body.groups.reduce((n, g) => n + g.total, 0)).toBe(body.totals.total);
    expect(body.byCategory.reduce((n, g) => n + g.total, 0)).toBe(body.totals.total);
    for (const g of body.groups) {
      expect(g.agency.name).toBe('苏州市政务公开测试机关');
      if (g.late > 0) expect(g.medianDelayWorkingDays).toBeGreaterThan(0);
      else expect(g.medianDelayWorkingDays).toBeNull();
    }
    const construction = valid(schemas.timelinessResponseSchema, await h.get('/v1/public/timeliness?category=construction'));
    expect(construction.groups.map((g) => g.category.slug)).toEqual(['construction']);
    expect(construction.totals.onTime).toBe(1);
    const none = valid(schemas.timelinessResponseSchema, await h.get('/v1/public/timeliness?agency=agency-other'));
    expect(none.totals.total).toBe(0);
  });
});

describe('ETag, 304 and caching', () => {
  it('answers If-None-Match with 304 and no body, and stays stable while nothing changes', async () => {
    const path = '/v1/public/categories/tendering/records?limit=5';
    const a = await h.get(path);
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(a.headers.get('cache-control')).toBe('public, max-age=10');
    expect(a.headers.get('gongkai-checkpoint')).toBe((await h.store.headPosition()).toString());
    const b = await h.get(path);
    expect(b.headers.get('etag')).toBe(etag);
    expect(b.text).toBe(a.text);
    const c = await h.get(path, { 'If-None-Match': etag });
    expect(c.status).toBe(304);
    expect(c.text).toBe('');
    expect((await h.get(path, { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);
    expect((await h.get(path, { 'If-None-Match': '"other"' })).status).toBe(200);
    for (const p of ['/v1/public/categories', `/v1/public/projects/${PROJECT}`, '/openapi.json', '/docs', '/v1/public/timeliness']) {
      const first = await h.get(p);
      expect((await h.get(p, { 'If-None-Match': first.headers.get('etag')! })).status, p).toBe(304);
    }
  });

  it('changes the ETag of a page when its content changes, and only then', async () => {
    const changed = '/v1/public/categories/construction/records?limit=100';
    const unchanged = '/v1/public/categories/tendering/records?limit=100';
    const before = [await h.get(changed), await h.get(unchanged)];
    await h.post([
      {
        streamId: PROJECT_STREAM,
        events: [{ type: 'ProgressReported', payload: { projectCode: PROJECT, projectName: '苏州市春申湖路快速化改造工程', reportDate: '2026-01-05', period: '2025年', progress: '附属工程完成。' } }],
      },
    ]);
    await h.settle();
    const after = [await h.get(changed), await h.get(unchanged)];
    expect(after[0]!.headers.get('etag')).not.toBe(before[0]!.headers.get('etag'));
    expect(after[0]!.body.items.length).toBe(before[0]!.body.items.length + 1);
    expect((await h.get(changed, { 'If-None-Match': before[0]!.headers.get('etag')! })).status).toBe(200);
    expect(after[1]!.headers.get('etag')).toBe(before[1]!.headers.get('etag'));
    expect(after[1]!.headers.get('gongkai-checkpoint')).not.toBe(before[1]!.headers.get('gongkai-checkpoint'));
  });
});

describe('party tokens (特定群体)', () => {
  it('shows the group items of their own stream only, with household amounts and without bank accounts', async () => {
    const batch = h.partyTokens.issue(BATCH_STREAM).token;
    const project = h.partyTokens.issue(PROJECT_STREAM).token;
    const publicLand = await walk('/v1/public/categories/land-expropriation/records?limit=100');
    const partyLand = await walk('/v1/public/categories/land-expropriation/records?limit=100', { authorization: `Bearer ${batch}` });
    const otherLand = await walk('/v1/public/categories/land-expropriation/records?limit=100', { authorization: `Bearer ${project}` });
    expect(publicLand.every((r) => r.audience === 'public')).toBe(true);
    expect(partyLand.filter((r) => r.audience === 'group').map((r) => r.types[0]).sort()).toEqual(['CompensationPaid', 'CompensationPaid', 'StatusSurveyPublished']);
    expect(otherLand.map((r) => r.id).sort()).toEqual(publicLand.map((r) => r.id).sort());
    const paid = partyLand.find((r) => r.types[0] === 'CompensationPaid' && r.formedDate === '2020-01-15');
    const res = await h.get(paid.links.self, { authorization: `Bearer ${batch}` });
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('vary')).toBe('Authorization');
    const record = valid(schemas.recordResponseSchema, res).record;
    expect(record.values!['households']).toEqual([{ householdId: 'WZ-2019-007-009', name: '诸**亮', items: '青苗补偿', amount: 777_777.77 }]);
    expectProblem(await h.get(paid.links.self), 404, 'not-found');
    expectProblem(await h.get(paid.links.self, { authorization: `Bearer ${project}` }), 404, 'not-found');
    // the project-stream token sees the processing information of its project
    const services = await walk('/v1/public/categories/approval-services/records?limit=100', { authorization: `Bearer ${project}` });
    expect(services.map((r) => r.audience).sort()).toEqual(['group', 'public']);
    // and the public view is not polluted by a party's request
    expect((await walk('/v1/public/categories/approval-services/records?limit=100')).map((r) => r.audience)).toEqual(['public']);
    const categories = (await h.get('/v1/public/categories', { authorization: `Bearer ${batch}` })).body;
    expect(categories.categories.find((c: any) => c.slug === 'land-expropriation').records).toBe(partyLand.length);
  });

  it('refuses an invalid, expired or revoked token with 401', async () => {
    const expired = h.partyTokens.issue(BATCH_STREAM, { expiresAt: '2020-01-01T00:00:00Z' });
    const revoked = h.partyTokens.issue(BATCH_STREAM);
    h.partyTokens.revoke(revoked.tokenId);
    const valid_ = h.partyTokens.issue(BATCH_STREAM);
    for (const auth of [
      `Bearer ${expired.token}`,
      `Bearer ${revoked.token}`,
      `Bearer ${valid_.token.slice(0, -1)}${valid_.token.endsWith('A') ? 'B' : 'A'}`,
      'Bearer gk_abcdefabcdef_' + 'a'.repeat(43),
      'Basic dXNlcjpwYXNz',
      'Bearer',
    ]) {
      const res = await h.get('/v1/public/categories', { authorization: auth });
      expectProblem(res, 401, 'unauthenticated');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await h.get('/v1/public/categories', { authorization: `Bearer ${valid_.token}` })).status).toBe(200);
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After past the per-address budget', async () => {
    const limited = await startPublicHarness({ router: { rateLimit: { capacity: 5, refillPerSecond: 0.5 } } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 8; i++) {
        last = await limited.get('/v1/public/categories');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expectProblem(last!, 429, 'too-many-requests');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.stop();
    }
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document with the public and ingest endpoints and every event payload', async () => {
    const res = await h.get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/public/categories',
      '/v1/public/categories/{category}/records',
      '/v1/public/records/{id}',
      '/v1/public/projects',
      '/v1/public/projects/{projectCode}',
      '/v1/public/allocations',
      '/v1/public/allocations/{id}',
      '/v1/public/revoked',
      '/v1/public/timeliness',
      '/v1/streams/{streamId}/events',
      '/v1/events',
      '/v1/catalog',
      '/v1/catalog/examples',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    for (const type of eventTypes) expect(doc.components.schemas[`Payload.${type}`], type).toBeDefined();
    expect(catalog.length).toBeGreaterThan(0);
    // every $ref resolves inside the document
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    expect(res.text).not.toContain('"$defs"');
    const params = doc.paths['/v1/public/categories/{category}/records'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['category', 'q', 'region', 'agency', 'projectCode', 'formedFrom', 'formedTo', 'recordedFrom', 'recordedTo', 'late', 'sort', 'limit', 'cursor']));
    expect(doc.components.schemas['StreamAppendBody']).toBeDefined();
    expect(doc.paths['/v1/streams/{streamId}/events'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/StreamAppendBody');
  });

  it('serves a self-contained docs page (no external resources)', async () => {
    const res = await h.get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('/openapi.json');
    expect(res.text).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(res.text).not.toMatch(/@import|url\(/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});

describe('operations', () => {
  it('reports projection readiness and lag', async () => {
    const ready = await h.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.projection).toMatchObject({ ok: true, lag: 0 });
    const metrics = await h.get('/metrics');
    expect(metrics.text).toMatch(/gongkai_projection_lag_events 0/);
  });
});
