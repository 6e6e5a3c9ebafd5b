// The contract every ReadStore adapter passes. Call it from a test file:
//
//   readStoreContract('sqlite', async () => { const store = …; return { store, cleanup } });
//
// Each test opens its own, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllocationState, Audience, ProjectState, ReadModelChanges, RecordState, VersionState } from './model.ts';
import { emptyChanges } from './model.ts';
import { CheckpointConflictError, PUBLIC_VIEWER, type ReadStore, type RecordQuery, type Viewer } from './port.ts';
import { normalizeSearchText } from './search.ts';

type Opened = { store: ReadStore; cleanup(): Promise<void> };

export interface ReadStoreContractOptions {
  /** the adapter rejects a batch holding a record whose firstPosition is not an integer, writing nothing */
  rejectsMalformedPositions?: boolean;
}

const TODAY = '2025-06-01';

let seq = 0;
export function fixtureVersion(overrides: Partial<VersionState> = {}): VersionState {
  seq++;
  return {
    eventId: `0190c000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type: 'ApprovalDecided',
    schemaVersion: 1,
    position: String(seq),
    streamVersion: 1,
    recordedAt: '2025-01-02T03:04:05.000Z',
    agency: 'agency-a',
    hash: 'a'.repeat(64),
    audience: 'public',
    formedDate: '2025-01-01',
    view: { projectName: '苏州市春申湖路快速化改造工程', documentNumber: `苏发改投〔2025〕${seq}号` },
    timeliness: { dueDate: '2025-01-10', rule: 'OGI-26', late: false, publishedDate: '2025-01-02', provisional: false },
    ...overrides,
  };
}

export function fixtureRecord(overrides: Partial<RecordState> = {}): RecordState {
  const id = overrides.id ?? `r_${(++seq).toString(36).padStart(8, '0')}`;
  const versions = overrides.versions ?? [fixtureVersion()];
  const title = overrides.title ?? '苏州市春申湖路快速化改造工程：可行性研究报告审批';
  const summary = overrides.summary ?? '苏发改投〔2025〕1号';
  return {
    id,
    streamId: 'project-2019-320500-48-01-512345',
    key: `approval:${id}`,
    category: 'approval-results',
    audience: 'public',
    status: 'current',
    types: ['ApprovalDecided'],
    agency: 'agency-a',
    region: '320507',
    projectCodes: ['2019-320500-48-01-512345'],
    title,
    summary,
    searchText: normalizeSearchText(`${title} ${summary}`),
    formedDate: '2025-01-01',
    firstRecordedAt: '2025-01-02T03:04:05.000Z',
    lastRecordedAt: '2025-01-02T03:04:05.000Z',
    firstPosition: versions[0]!.position,
    lastPosition: versions[versions.length - 1]!.position,
    dueDate: '2025-01-10',
    late: false,
    delayWorkingDays: null,
    publicityClosesOn: null,
    publicUntil: null,
    versionCount: versions.length,
    corrections: 0,
    ...overrides,
    versions,
  };
}

function changesOf(records: RecordState[], extra: Partial<ReadModelChanges> = {}, created = true): ReadModelChanges {
  const counts = records.map((r) => ({
    category: r.category,
    audience: r.audience,
    streamId: r.audience === 'group' ? r.streamId : null,
    publicUntil: r.publicUntil,
    count: 1,
  }));
  return { ...emptyChanges(), records: records.map((state) => ({ state, created })), counts, ...extra };
}

function query(overrides: Partial<RecordQuery> = {}): RecordQuery {
  return { category: 'approval-results', viewer: PUBLIC_VIEWER, today: TODAY, sort: 'formedDate', limit: 100, ...overrides };
}

async function ids(store: ReadStore, overrides: Partial<RecordQuery> = {}): Promise<string[]> {
  return (await store.listRecords(query(overrides))).items.map((r) => r.id);
}

const viewerOf = (...streams: string[]): Viewer => ({ streams: new Set(streams) });

export function readStoreContract(name: string, open: () => Promise<Opened>, options: ReadStoreContractOptions = {}): void {
  describe(`read store contract: ${name}`, () => {
    let opened: Opened;
    let store: ReadStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    async function apply(changes: ReadModelChanges): Promise<void> {
      const from = await store.checkpoint();
      await store.applyBatch(changes, { from, to: from + 1n, events: 1 });
    }

    describe('checkpoint and batches', () => {
      it('starts empty at checkpoint 0', async () => {
        expect(await store.checkpoint()).toBe(0n);
        expect((await store.listRecords(query())).items).toEqual([]);
        expect((await store.categoryCounts(PUBLIC_VIEWER, TODAY)).size).toBe(0);
        expect(await store.timeliness()).toEqual([]);
      });

      it('applies a batch and its checkpoint together', async () => {
        const r = fixtureRecord();
        await store.applyBatch(changesOf([r]), { from: 0n, to: 42n, events: 42 });
        expect(await store.checkpoint()).toBe(42n);
        expect((await store.loadRecords([r.id])).get(r.id)).toEqual(r);
        expect((await store.stats()).eventsProjected).toBe(42);
      });

      it('moves the checkpoint with an empty batch (events that change nothing)', async () => {
        await store.applyBatch(emptyChanges(), { from: 0n, to: 7n });
        expect(await store.checkpoint()).toBe(7n);
      });

      it('rejects a batch whose starting checkpoint is stale, changing nothing', async () => {
        await store.applyBatch(changesOf([fixtureRecord()]), { from: 0n, to: 10n });
        const stale = fixtureRecord();
        const err = await store.applyBatch(changesOf([stale]), { from: 5n, to: 20n }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CheckpointConflictError);
        expect(await store.checkpoint()).toBe(10n);
        expect((await store.loadRecords([stale.id])).size).toBe(0);
        // the same batch applied twice: the second is refused (exactly once)
        const again = fixtureRecord();
        await store.applyBatch(changesOf([again]), { from: 10n, to: 11n });
        await expect(store.applyBatch(changesOf([again]), { from: 10n, to: 11n })).rejects.toBeInstanceOf(CheckpointConflictError);
        expect((await store.categoryCounts(PUBLIC_VIEWER, TODAY)).get('approval-results')).toBe(2);
      });

      if (options.rejectsMalformedPositions ?? true) {
        it('applies all of a batch or none of it', async () => {
          const good = fixtureRecord();
          const bad = fixtureRecord({ firstPosition: 'not a position' });
          await expect(store.applyBatch(changesOf([good, bad]), { from: 0n, to: 3n })).rejects.toThrow();
          expect(await store.checkpoint()).toBe(0n);
          expect((await store.loadRecords([good.id, bad.id])).size).toBe(0);
          expect((await store.categoryCounts(PUBLIC_VIEWER, TODAY)).size).toBe(0);
        });
      }

      it('replaces a record on update, with its project links and search text', async () => {
        const r = fixtureRecord({ projectCodes: ['2019-320500-48-01-512345'] });
        await apply(changesOf([r]));
        const updated: RecordState = {
          ...r,
          projectCodes: ['2020-320506-48-01-000001'],
          title: '吴中区郭巷街道道路工程',
          searchText: normalizeSearchText('吴中区郭巷街道道路工程'),
          versions: [...r.versions, fixtureVersion({ type: 'ApprovalDecided' })],
          versionCount: 2,
        };
        await apply({ ...emptyChanges(), records: [{ state: updated, created: false }] });
        expect((await store.loadRecords([r.id])).get(r.id)).toEqual(updated);
        expect(await store.recordsOfProject('2019-320500-48-01-512345', PUBLIC_VIEWER, TODAY)).toEqual([]);
        expect((await store.recordsOfProject('2020-320506-48-01-000001', PUBLIC_VIEWER, TODAY)).map((x) => x.id)).toEqual([r.id]);
        expect(await ids(store, { q: '春申湖' })).toEqual([]);
        expect(await ids(store, { q: '郭巷街道' })).toEqual([r.id]);
      });
    });

    describe('visibility', () => {
      const stream = 'expropriation-320506-2019-007';
      const other = 'expropriation-320506-2019-008';
      let pub: RecordState, group: RecordState, groupOther: RecordState, request: RecordState, expired: RecordState, current: RecordState;
      beforeEach(async () => {
        pub = fixtureRecord({ category: 'land-expropriation', streamId: stream });
        group = fixtureRecord({ category: 'land-expropriation', streamId: stream, audience: 'group' });
        groupOther = fixtureRecord({ category: 'land-expropriation', streamId: other, audience: 'group' });
        request = fixtureRecord({ category: 'land-expropriation', streamId: stream, audience: 'request' });
        expired = fixtureRecord({ category: 'penalties', streamId: 'penalty-X-1', publicUntil: '2025-05-31' });
        current = fixtureRecord({ category: 'penalties', streamId: 'penalty-X-2', publicUntil: '2025-06-01' });
        await apply(changesOf([pub, group, groupOther, request, expired, current]));
      });

      it('shows public records to everyone and group records only with a token for their stream', async () => {
        expect(await ids(store, { category: 'land-expropriation' })).toEqual([pub.id]);
        expect((await ids(store, { category: 'land-expropriation', viewer: viewerOf(stream) })).sort()).toEqual([pub.id, group.id].sort());
        expect((await ids(store, { category: 'land-expropriation', viewer: viewerOf(other) })).sort()).toEqual([pub.id, groupOther.id].sort());
        expect(await store.getRecord(group.id, PUBLIC_VIEWER, TODAY)).toBeUndefined();
        expect(await store.getRecord(group.id, viewerOf(other), TODAY)).toBeUndefined();
        expect((await store.getRecord(group.id, viewerOf(stream), TODAY))?.id).toBe(group.id);
      });

      it('never shows request-only records', async () => {
        expect(await store.getRecord(request.id, viewerOf(stream), TODAY)).toBeUndefined();
        expect(await ids(store, { category: 'land-expropriation', viewer: viewerOf(stream, other) })).not.toContain(request.id);
        expect((await store.recordsOfStream(stream, viewerOf(stream), TODAY)).map((r) => r.id)).not.toContain(request.id);
        expect((await store.categoryCounts(viewerOf(stream, other), TODAY)).get('land-expropriation')).toBe(3);
      });

      it('leaves records out after their public view ends, keeping them in the store', async () => {
        expect(await ids(store, { category: 'penalties' })).toEqual([current.id]);
        expect(await ids(store, { category: 'penalties', today: '2025-05-31' })).toEqual([expired.id, current.id].sort());
        expect(await store.getRecord(expired.id, PUBLIC_VIEWER, TODAY)).toBeUndefined();
        expect((await store.loadRecords([expired.id])).has(expired.id)).toBe(true);
        expect((await store.categoryCounts(PUBLIC_VIEWER, TODAY)).get('penalties')).toBe(1);
        expect((await store.categoryCounts(PUBLIC_VIEWER, '2025-05-01')).get('penalties')).toBe(2);
        expect((await store.categoryCounts(PUBLIC_VIEWER, '2025-06-02')).get('penalties')).toBeUndefined();
        expect((await store.dump()).records.map((r) => r.id)).toContain(expired.id);
      });

      it('counts visible records per category', async () => {
        const counts = await store.categoryCounts(PUBLIC_VIEWER, TODAY);
        expect(Object.fromEntries(counts)).toEqual({ 'land-expropriation': 1, penalties: 1 });
        expect((await store.categoryCounts(viewerOf(stream), TODAY)).get('land-expropriation')).toBe(2);
      });
    });

    describe('listing', () => {
      let all: RecordState[];
      beforeEach(async () => {
        const regions = ['320507', '320506', '320571', '320581', '320508'];
        all = Array.from({ length: 23 }, (_, i) =>
          fixtureRecord({
            id: `rec-${String(i).padStart(3, '0')}`,
            region: regions[i % regions.length]!,
            agency: i % 3 === 0 ? 'agency-b' : 'agency-a',
            projectCodes: i % 4 === 0 ? ['2020-320506-48-01-000004'] : ['2019-320500-48-01-512345'],
            formedDate: `2025-01-${String(1 + (i % 7)).padStart(2, '0')}`,
            firstRecordedAt: `2025-02-${String(1 + ((i * 5) % 11)).padStart(2, '0')}T00:00:00.000Z`,
            late: i % 5 === 0,
            title: i === 7 ? '春申湖路高架桥工程施工图审查' : i === 8 ? '苏州湾大道快速路' : `独墅湖隧道工程第${i}号`,
            searchText: normalizeSearchText(i === 7 ? '春申湖路高架桥工程施工图审查' : i === 8 ? '苏州湾大道快速路 ＡＢＣ１２３ 甲乙丙丁乙丙戊' : `独墅湖隧道工程第${i}号 湖·路`),
          }),
        );
        await apply(changesOf(all));
      });

      it('walks every page in each sort order without duplicates or gaps', async () => {
        for (const sort of ['formedDate', '-formedDate', 'recordedAt', '-recordedAt'] as const) {
          const seen: string[] = [];
          let after: RecordQuery['after'];
          for (let pages = 0; pages < 20; pages++) {
            const page = await store.listRecords(query({ sort, limit: 4, ...(after ? { after } : {}) }));
            seen.push(...page.items.map((r) => r.id));
            if (!page.next) break;
            after = page.next;
          }
          expect(new Set(seen).size, sort).toBe(all.length);
          expect(seen.length, sort).toBe(all.length);
          const key = (r: RecordState) => (sort.includes('formed') ? r.formedDate : r.firstRecordedAt);
          const expected = [...all].sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : 1) : key(a) < key(b) ? -1 : 1)).map((r) => r.id);
          expect(seen, sort).toEqual(sort.startsWith('-') ? expected.reverse() : expected);
        }
      });

      it('filters by region (hierarchical), agency, project, dates and lateness', async () => {
        const expect_ = (pred: (r: RecordState) => boolean) => all.filter(pred).map((r) => r.id).sort();
        expect((await ids(store, { region: '320506' })).sort()).toEqual(expect_((r) => r.region === '320506'));
        expect((await ids(store, { region: '320500' })).sort()).toEqual(expect_(() => true));
        expect((await ids(store, { region: '320000' })).sort()).toEqual(expect_(() => true));
        expect(await ids(store, { region: '310000' })).toEqual([]);
        expect((await ids(store, { agency: 'agency-b' })).sort()).toEqual(expect_((r) => r.agency === 'agency-b'));
        expect((await ids(store, { projectCode: '2020-320506-48-01-000004' })).sort()).toEqual(expect_((r) => r.projectCodes.includes('2020-320506-48-01-000004')));
        expect((await ids(store, { formedFrom: '2025-01-03', formedTo: '2025-01-04' })).sort()).toEqual(
          expect_((r) => r.formedDate >= '2025-01-03' && r.formedDate <= '2025-01-04'),
        );
        expect((await ids(store, { recordedFrom: '2025-02-05T00:00:00.000Z', recordedTo: '2025-02-07T00:00:00.000Z' })).sort()).toEqual(
          expect_((r) => r.firstRecordedAt >= '2025-02-05T00:00:00.000Z' && r.firstRecordedAt <= '2025-02-07T00:00:00.000Z'),
        );
        expect((await ids(store, { late: true })).sort()).toEqual(expect_((r) => r.late));
        expect((await ids(store, { late: false })).sort()).toEqual(expect_((r) => !r.late));
        expect((await ids(store, { late: true, agency: 'agency-b', region: '320507' })).sort()).toEqual(
          expect_((r) => r.late && r.agency === 'agency-b' && r.region === '320507'),
        );
      });

      it('searches Chinese text: substrings of 3+ characters, 1–2 characters, several terms, full-width', async () => {
        expect(await ids(store, { q: '施工图审查' })).toEqual(['rec-007']);
        expect(await ids(store, { q: '春申湖' })).toEqual(['rec-007']);
        expect(await ids(store, { q: '高架' })).toEqual(['rec-007']);
        expect(await ids(store, { q: '湾' })).toEqual(['rec-008']);
        expect((await ids(store, { q: '隧道' })).length).toBe(21);
        expect(await ids(store, { q: '春申湖 审查' })).toEqual(['rec-007']);
        expect(await ids(store, { q: '独墅湖 第12号' })).toEqual(['rec-012']);
        expect(await ids(store, { q: 'abc123' })).toEqual(['rec-008']);
        expect(await ids(store, { q: 'ＡＢＣ' })).toEqual(['rec-008']);
        // both trigrams of 甲乙丙戊 occur in rec-008 (甲乙丙丁乙丙戊), but the term itself does not
        expect(await ids(store, { q: '乙丙戊' })).toEqual(['rec-008']);
        expect(await ids(store, { q: '甲乙丙戊' })).toEqual([]);
        expect(await ids(store, { q: '不存在的词' })).toEqual([]);
        expect(await ids(store, { q: '%' })).toEqual([]);
        expect(await ids(store, { q: '"' })).toEqual([]);
        expect(await ids(store, { q: '湖·路' })).toHaveLength(21);
      });

      it('paginates search results', async () => {
        const seen: string[] = [];
        let after: RecordQuery['after'];
        for (;;) {
          const page = await store.listRecords(query({ q: '隧道工程', limit: 5, sort: '-recordedAt', ...(after ? { after } : {}) }));
          seen.push(...page.items.map((r) => r.id));
          if (!page.next) break;
          after = page.next;
        }
        expect(new Set(seen).size).toBe(21);
      });
    });

    describe('projects, allocations, timeliness', () => {
      const project = (code: string, name: string, region: string): ProjectState => ({
        code,
        name,
        region,
        registrationRecordId: null,
        firstRecordedAt: '2025-01-01T00:00:00.000Z',
        lastRecordedAt: '2025-01-02T00:00:00.000Z',
      });
      const allocation = (streamId: string, kind: string): AllocationState => ({
        streamId,
        kind,
        category: kind === 'procurement' ? 'government-procurement' : kind,
        title: `${kind} ${streamId}`,
        region: '320500',
        idField: 'transactionId',
        firstRecordedAt: '2025-01-01T00:00:00.000Z',
        lastRecordedAt: '2025-01-02T00:00:00.000Z',
      });

      it('lists projects that have visible records, filtered and paged', async () => {
        const p1 = project('2019-320500-48-01-512345', '春申湖路快速化改造工程', '320507');
        const p2 = project('2020-320506-48-01-000004', '尹山湖花园公共租赁住房', '320506');
        const p3 = project('2021-320571-48-01-000009', '只有依申请记录的项目', '320571');
        const r1 = fixtureRecord({ projectCodes: [p1.code], late: true });
        const r2 = fixtureRecord({ projectCodes: [p1.code] });
        const r3 = fixtureRecord({ projectCodes: [p2.code], category: 'construction' });
        const r4 = fixtureRecord({ projectCodes: [p3.code], audience: 'request' });
        await apply(changesOf([r1, r2, r3, r4], { projects: [p1, p2, p3] }));
        const page = await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10 });
        expect(page.items.map((p) => p.code)).toEqual([p1.code, p2.code]);
        expect(page.items[0]).toMatchObject({ ...p1, records: 2, late: 1 });
        expect((await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10, region: '320506' })).items.map((p) => p.code)).toEqual([p2.code]);
        expect((await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10, q: '春申湖' })).items.map((p) => p.code)).toEqual([p1.code]);
        expect((await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10, q: '2020-320506' })).items.map((p) => p.code)).toEqual([p2.code]);
        const first = await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 1 });
        expect(first.items).toHaveLength(1);
        expect(first.next).toBeDefined();
        const second = await store.listProjects({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 1, after: first.next!.id });
        expect(second.items.map((p) => p.code)).toEqual([p2.code]);
        expect(second.next).toBeUndefined();
        expect(await store.getProject(p3.code)).toEqual(p3);
        expect(await store.getProject('1999-320500-48-01-000000')).toBeUndefined();
        expect((await store.recordsOfProject(p1.code, PUBLIC_VIEWER, TODAY)).map((r) => r.id)).toEqual([r1.id, r2.id]);
      });

      it('lists allocation processes by kind, with visible records only', async () => {
        const a1 = allocation('allocation-procurement-A1', 'procurement');
        const a2 = allocation('allocation-land-use-rights-L1', 'land-use-rights');
        const a3 = allocation('allocation-procurement-A2', 'procurement');
        const r1 = fixtureRecord({ streamId: a1.streamId, category: 'government-procurement' });
        const r2 = fixtureRecord({ streamId: a2.streamId, category: 'land-use-rights' });
        const r3 = fixtureRecord({ streamId: a3.streamId, category: 'government-procurement', audience: 'group' });
        await apply(changesOf([r1, r2, r3], { allocations: [a1, a2, a3] }));
        const all = await store.listAllocations({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10 });
        expect(all.items.map((a) => a.streamId)).toEqual([a2.streamId, a1.streamId]);
        expect((await store.listAllocations({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 10, kind: 'procurement' })).items).toEqual([a1]);
        expect((await store.listAllocations({ viewer: viewerOf(a3.streamId), today: TODAY, limit: 10, kind: 'procurement' })).items).toEqual([a1, a3]);
        expect(await store.getAllocation(a2.streamId)).toEqual(a2);
        expect((await store.recordsOfStream(a1.streamId, PUBLIC_VIEWER, TODAY)).map((r) => r.id)).toEqual([r1.id]);
        const p1 = await store.listAllocations({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 1 });
        const p2 = await store.listAllocations({ viewer: PUBLIC_VIEWER, today: TODAY, limit: 1, after: p1.next!.id });
        expect([...p1.items, ...p2.items].map((a) => a.streamId)).toEqual([a2.streamId, a1.streamId]);
        expect(p2.next).toBeUndefined();
      });

      it('sums timeliness deltas per agency and category', async () => {
        await apply({
          ...emptyChanges(),
          timeliness: [
            { agency: 'a', category: 'tendering', late: false, delay: 0, count: 3 },
            { agency: 'a', category: 'tendering', late: true, delay: 2, count: 1 },
            { agency: 'a', category: 'tendering', late: true, delay: 5, count: 2 },
            { agency: 'b', category: 'penalties', late: true, delay: 1, count: 1 },
          ],
        });
        await apply({
          ...emptyChanges(),
          timeliness: [
            { agency: 'a', category: 'tendering', late: true, delay: 5, count: -1 },
            { agency: 'a', category: 'tendering', late: false, delay: 0, count: 1 },
            { agency: 'b', category: 'penalties', late: true, delay: 1, count: -1 },
          ],
        });
        const rows = await store.timeliness();
        expect(rows.map((r) => ({ ...r, delays: Object.fromEntries(r.delays) }))).toEqual([
          { agency: 'a', category: 'tendering', onTime: 4, late: 2, delays: { 2: 1, 5: 1 } },
        ]);
        expect(await store.timeliness({ agency: 'b' })).toEqual([]);
        expect((await store.timeliness({ category: 'tendering' }))).toHaveLength(1);
      });
    });

    describe('dump', () => {
      it('is the same whatever batches the changes came in', async () => {
        const recs = Array.from({ length: 6 }, (_, i) => fixtureRecord({ id: `d-${i}`, audience: (['public', 'group', 'request'] as Audience[])[i % 3]! }));
        await apply(changesOf(recs.slice(0, 2)));
        await apply(changesOf(recs.slice(2)));
        const a = await store.dump();
        expect(a.records.map((r) => r.id)).toEqual(recs.map((r) => r.id));
        expect(a.records).toEqual(recs);
        expect(a.counts.reduce((n, c) => n + c.count, 0)).toBe(6);
        expect(a.checkpoint).toBe('2');
      });
    });
  });
}
