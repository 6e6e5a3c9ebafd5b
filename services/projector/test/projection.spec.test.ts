// Projection specs: given the recorded events of the catalog's worked example (every event type),
// then these records, views, audit trails, projects, allocations and aggregates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOCATION_KINDS, CATEGORIES, eventTypes } from '@gongkai/catalog';
import { auditTrail, currentValues, ownAudiences, PUBLIC_VIEWER, type ReadModelDump, type RecordState } from '@gongkai/read-store';
import { examplePosts, partyOf, projectAll, record, type Projected } from './helpers.ts';

const TODAY = '2025-06-01';
const PROJECT = '2019-320500-48-01-512345';
const PROJECT_STREAM = `project-${PROJECT}`;
const BATCH_STREAM = 'expropriation-320506-2019-007';

let p: Projected;
let dump: ReadModelDump;
const posts = examplePosts();
const events = record(posts);

beforeAll(async () => {
  p = await projectAll(events, { batchSize: 10 });
  dump = await p.store.dump();
});
afterAll(() => p.cleanup());

const byType = (type: string) => dump.records.filter((r) => r.types.includes(type));
const one = (type: string, pred: (r: RecordState) => boolean = () => true): RecordState => {
  const found = byType(type).filter(pred);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const publicValues = (r: RecordState) => currentValues(r, ownAudiences('public'));
const groupValues = (r: RecordState) => currentValues(r, ownAudiences('group'));
const inCategory = (c: string) => dump.records.filter((r) => r.category === c);

describe('given the worked example (every catalog type)', () => {
  it('projects every event into exactly one record, and every type appears', () => {
    expect(new Set(posts.map((x) => x.event.type))).toEqual(new Set(eventTypes));
    const versions = dump.records.flatMap((r) => r.versions.map((v) => v.eventId));
    expect(new Set(versions).size).toBe(events.length);
    expect(versions).toHaveLength(events.length);
    expect(dump.checkpoint).toBe(String(events.length));
    for (const r of dump.records) expect(r.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives every record a category of the vocabulary and a record key from the catalog', () => {
    for (const r of dump.records) {
      expect(Object.keys(CATEGORIES)).toContain(r.category);
      expect(r.key).toMatch(/^[a-z-]+(:|$)/);
    }
  });

  describe('批准服务 approval-services', () => {
    it('the service guide is public and due the same day (实时公开)', () => {
      const guide = one('ServiceGuidePublished');
      expect(guide).toMatchObject({ category: 'approval-services', audience: 'public', streamId: 'guide-320500-JSXM-FG-0003', dueDate: '2019-01-02', late: false, region: '320500' });
      expect(guide.versions[0]!.timeliness).toMatchObject({ rule: 'GUIDE-RT', dueDate: '2019-01-02' });
    });

    it('processing information is one record per application, for the 项目单位 only (特定群体)', () => {
      const app = one('ApplicationAccepted');
      expect(app.types).toEqual(['ApplicationAccepted', 'ApplicationProgressed', 'ApplicationConcluded']);
      expect(app).toMatchObject({ audience: 'group', streamId: PROJECT_STREAM, key: 'application:SZFG-2019-06-0117', formedDate: '2019-06-28', versionCount: 3 });
      expect(groupValues(app)).toMatchObject({ stage: '委托评估', outcome: 'approved', resultDocumentNumber: '苏发改投〔2019〕132号' });
      expect(publicValues(app)).toBeNull();
      expect(app.versions.map((v) => v.timeliness?.rule)).toEqual(['PROC-TIMELY', 'PROC-TIMELY', 'PROC-TIMELY']);
    });

    it('lists processing information only with a party token for the project stream', async () => {
      const q = { category: 'approval-services', today: TODAY, sort: 'formedDate' as const, limit: 50 };
      expect((await p.store.listRecords({ ...q, viewer: PUBLIC_VIEWER })).items.map((r) => r.types[0])).toEqual(['ServiceGuidePublished']);
      expect((await p.store.listRecords({ ...q, viewer: partyOf(PROJECT_STREAM) })).items).toHaveLength(2);
      expect((await p.store.listRecords({ ...q, viewer: partyOf(BATCH_STREAM) })).items).toHaveLength(1);
    });
  });

  describe('批准结果 approval-results', () => {
    it('is one record per approval (kind + 文号), titled with the approval kind', () => {
      const approvals = inCategory('approval-results');
      expect(approvals).toHaveLength(14);
      const fs = one('ApprovalDecided', (r) => r.key === 'approval:feasibility-study:苏发改投〔2019〕132号');
      expect(fs.title).toBe('苏州市春申湖路快速化改造工程：政府投资项目可行性研究报告审批');
      expect(fs.projectCodes).toEqual([PROJECT]);
      expect(fs.region).toBe('320500');
    });

    it('due in 7 working days for a 行政许可 (XK-CF-7), else 20 (OGI-26)', () => {
      const eia = one('ApprovalDecided', (r) => r.key.startsWith('approval:environmental-impact:'));
      expect(eia.versions[0]!.timeliness).toMatchObject({ rule: 'XK-CF-7', dueDate: '2019-08-29' });
      const proposal = one('ApprovalDecided', (r) => r.key.startsWith('approval:project-proposal:'));
      expect(proposal.versions[0]!.timeliness).toMatchObject({ rule: 'OGI-26', dueDate: '2019-05-09' });
      expect(proposal.dueDate).toBe('2019-05-09');
    });
  });

  describe('招标投标 tendering', () => {
    it('joins the tender streams to their project, one record per notice, publicity, award, contract …', () => {
      const tendering = inCategory('tendering');
      expect(tendering.map((r) => r.types[0]).sort()).toEqual(
        ['AwardPublicized', 'CandidatesPublicized', 'ComplaintDecided', 'ContractPerformanceReported', 'ContractSigned', 'PrequalificationNoticePublished', 'TenderNoticePublished'].sort(),
      );
      for (const r of tendering) expect(r.projectCodes).toEqual([PROJECT]);
    });

    it('the candidate publicity carries its minimum window (≥ 3 日) and its 3-日 deadline', () => {
      const c = one('CandidatesPublicized');
      expect(c.publicityClosesOn).toBe('2019-12-28');
      // 3 日 from 2019-12-25 ends on Saturday 12-28, so on the next working day (民法典 第203条)
      expect(c.dueDate).toBe('2019-12-30');
      expect(publicValues(c)!['candidates']).toHaveLength(3);
    });
  });

  describe('征收土地 land-expropriation', () => {
    it('public notices are public; the survey and the payments go to the batch only; registration is never shown', () => {
      const land = inCategory('land-expropriation');
      expect(land.filter((r) => r.audience === 'public').map((r) => r.types[0]).sort()).toEqual(
        ['CompensationFundsReported', 'CompensationPlanAnnounced', 'ExpropriationApproved', 'ExpropriationNoticePublished', 'HearingNoticed', 'PreAnnouncementPublished'].sort(),
      );
      expect(land.filter((r) => r.audience === 'group').map((r) => r.types[0]).sort()).toEqual(['CompensationPaid', 'StatusSurveyPublished']);
      expect(one('CompensationRegistered').audience).toBe('request');
    });

    it('masks the survey right holders for the village (张*明) and keeps household amounts for the households', () => {
      const survey = groupValues(one('StatusSurveyPublished'))!;
      expect((survey['households'] as Array<{ rightHolder: string }>).map((h) => h.rightHolder)).toEqual(['沈*国', '陆*英', '顾*明']);
      const paid = one('CompensationPaid');
      const households = groupValues(paid)!['households'] as Array<Record<string, unknown>>;
      expect(households.map((h) => h.name)).toEqual(['沈*国', '陆*英', '顾*明']);
      expect(households.map((h) => h.amount)).toEqual([1_865_320, 1_528_460.5, 2_106_880]);
      for (const h of households) expect(h).not.toHaveProperty('bankAccount');
      expect(paid.versions[0]!.redactions).toEqual(
        expect.arrayContaining([
          { path: 'households[].bankAccount', treatment: 'omitted', reason: 'audience:request' },
          { path: 'households[].name', treatment: 'masked', reason: 'name' },
        ]),
      );
    });

    it('keeps nothing personal of the request-only registration in the read model', () => {
      const reg = one('CompensationRegistered');
      const text = JSON.stringify(reg);
      for (const clear of ['沈建国', '13912345678', '尹山村东港组8号']) expect(text).not.toContain(clear);
      expect(reg.searchText).toBe('');
    });

    it('the hearing is one record (notice + held) and its 笔录 is request-only', () => {
      const hearing = one('HearingNoticed');
      expect(hearing.types).toEqual(['HearingNoticed', 'HearingHeld']);
      expect(hearing.title).toBe('听证（320506-2019-007）');
      const values = publicValues(hearing)!;
      expect(values).toMatchObject({ participantsCount: 11, hearingDate: '2019-07-25' });
      expect(values).not.toHaveProperty('transcript');
      expect(hearing.versions[1]!.redactions).toEqual([{ path: 'transcript', treatment: 'omitted', reason: 'audience:request' }]);
    });

    it('the pre-announcement window closes on its declared end (≥ 10 working days)', () => {
      expect(one('PreAnnouncementPublished').publicityClosesOn).toBe('2019-05-24');
      expect(one('CompensationPlanAnnounced').publicityClosesOn).toBe('2019-07-10');
    });
  });

  describe('重大设计变更 design-changes', () => {
    it('one record per change approval, titled with the change kind', () => {
      const change = one('DesignChangeApproved');
      expect(change).toMatchObject({ category: 'design-changes', title: '苏州市春申湖路快速化改造工程：概算调整' });
      expect(publicValues(change)).toMatchObject({ budgetBefore: 4_795_300_000, budgetAfter: 5_012_600_000 });
    });
  });

  describe('施工有关 construction', () => {
    it('a corrected progress report shows the corrected value and the correction in its trail', () => {
      const progress = one('ProgressReported');
      expect(publicValues(progress)!['progressPercent']).toBe(56.5);
      expect(progress.corrections).toBe(1);
      const trail = auditTrail(progress, ownAudiences('public'));
      expect(trail.map((t) => t.kind)).toEqual(['original', 'correction']);
      expect(trail[1]!.changes).toEqual([{ path: 'progressPercent', before: 58, after: 56.5 }]);
      expect(trail[1]!.version.type).toBe('DisclosureCorrected');
      expect(progress.versions[0]!.correctedBy).toEqual([trail[1]!.version.eventId]);
    });

    it('records participants, drawing review and start', () => {
      expect(inCategory('construction').map((r) => r.types[0]).sort()).toEqual(['ConstructionStarted', 'DrawingReviewCompleted', 'ParticipantsDisclosed', 'ProgressReported']);
    });
  });

  describe('质量安全监督 quality-safety', () => {
    it('an inspection and its rectification are one record', () => {
      const inspection = one('RectificationCompleted');
      expect(inspection.types).toEqual(['InspectionRecorded', 'RectificationCompleted']);
      expect(publicValues(inspection)).toMatchObject({ result: 'issues-found', verificationResult: 'passed' });
    });

    it('a retracted inspection stays listed as retracted, its content withheld', () => {
      const retracted = dump.records.find((r) => r.status === 'retracted')!;
      expect(retracted).toMatchObject({ category: 'quality-safety', title: '质量安全监督检查（已撤回）', searchText: '', summary: '' });
      expect(publicValues(retracted)).toBeNull();
      const trail = auditTrail(retracted, ownAudiences('public'));
      expect(trail.map((t) => [t.kind, t.withheld])).toEqual([
        ['original', true],
        ['retraction', true],
      ]);
      expect(trail.every((t) => t.changes === undefined)).toBe(true);
    });
  });

  describe('竣工有关 completion', () => {
    it('records acceptance, five special acceptances, filing, handover and final accounts', () => {
      expect(inCategory('completion')).toHaveLength(9);
      expect(byType('SpecialAcceptanceRecorded').map((r) => r.key).sort()).toEqual(
        ['special-acceptance:archives', 'special-acceptance:environmental', 'special-acceptance:fire', 'special-acceptance:land-resettlement', 'special-acceptance:soil-water'],
      );
    });
  });

  describe('行政处罚 penalties', () => {
    it('merges a decision and its alteration, and leaves the public view when the 公示期 ends', async () => {
      const penalty = one('PenaltyAltered');
      expect(publicValues(penalty)).toMatchObject({ result: '罚款人民币伍万元整', alteration: 'changed', newResult: '罚款人民币叁万元整' });
      expect(penalty.publicUntil).toBe('2022-08-11');
      expect(await p.store.getRecord(penalty.id, PUBLIC_VIEWER, '2022-08-11')).toBeDefined();
      expect(await p.store.getRecord(penalty.id, PUBLIC_VIEWER, '2022-08-12')).toBeUndefined();
      expect((await p.store.loadRecords([penalty.id])).size).toBe(1);
    });

    it('masks a natural-person party: name 张*明, ID number first 3 + last 4', () => {
      const party = publicValues(one('PenaltyDecided', (r) => r.streamId === 'penalty-GSZF-2022-0321'))!['party'] as Record<string, string>;
      expect(party['name']).toBe('徐*东');
      expect(party['idNumber']).toMatch(/^320\*{11}\d{3}[\dX]$/);
      const org = publicValues(one('PenaltyAltered'))!['party'] as Record<string, string>;
      expect(org['name']).toBe('江苏吴韵路桥工程有限公司');
    });
  });

  describe('公共资源配置 allocations', () => {
    it('tracks one process per allocation stream, of every kind', () => {
      expect(new Set(dump.allocations.map((a) => a.kind))).toEqual(new Set(Object.keys(ALLOCATION_KINDS)));
      const procurement = dump.allocations.find((a) => a.streamId === 'allocation-procurement-JSZC-320500-2024-G0042')!;
      expect(procurement).toMatchObject({ kind: 'procurement', category: 'government-procurement', title: '苏州市智慧交通信号控制系统升级项目', idField: 'procurementId' });
      expect(dump.allocations.find((a) => a.streamId === 'allocation-affordable-housing-SZGZF-2024-03')).toMatchObject({ idField: 'roundId', title: '尹山湖花园公共租赁住房' });
      expect(dump.allocations.find((a) => a.streamId === 'allocation-affordable-housing-SZZB-2023-12')).toMatchObject({ idField: 'policyId' });
    });

    it('government-procurement: intention → notice → result → contract → acceptance (+ complaint)', async () => {
      const records = await p.store.recordsOfStream('allocation-procurement-JSZC-320500-2024-G0042', PUBLIC_VIEWER, TODAY);
      expect(records.map((r) => r.types[0])).toEqual([
        'ProcurementIntentionPublished',
        'ProcurementNoticePublished',
        'ProcurementResultPublished',
        'ProcurementComplaintDecided',
        'ProcurementContractPublished',
        'ProcurementAcceptancePublished',
      ]);
      expect(one('ProcurementResultPublished', (r) => r.streamId.endsWith('G0042')).versions[0]!.timeliness).toMatchObject({ rule: 'GP-RESULT', dueDate: '2024-04-12' });
    });

    it('land-use-rights, mining-rights, state-property: notice → result → contract / licence', () => {
      expect(inCategory('land-use-rights').map((r) => r.types[0]).sort()).toEqual(['LandGrantContractSigned', 'LandGrantNoticePublished', 'LandGrantResultPublished', 'LandSupplyPlanPublished']);
      expect(inCategory('mining-rights').map((r) => r.types[0]).sort()).toEqual(['MiningGrantNoticePublished', 'MiningGrantResultPublished', 'MiningRightLicensed']);
      expect(inCategory('state-property').map((r) => r.types[0]).sort()).toEqual(['StatePropertyTransferDisclosed', 'StatePropertyTransferResultPublicized']);
      expect(one('StatePropertyTransferResultPublicized').publicityClosesOn).toBe('2023-09-12');
    });

    it('affordable-housing: review list with masked names, ID numbers and incomes request-only; allocations with street-level addresses', () => {
      const review = publicValues(one('HousingApplicationsReviewed'))!['applicants'] as Array<Record<string, unknown>>;
      expect(review.map((a) => a.name)).toEqual(['周*华', '吴*强', '钱*燕']);
      for (const a of review) {
        expect(a).not.toHaveProperty('idNumber');
        expect(a).not.toHaveProperty('householdIncome');
        expect(a).not.toHaveProperty('currentHousingArea');
      }
      const allocated = publicValues(one('HousingAllocated'))!['results'] as Array<Record<string, unknown>>;
      expect(allocated.map((a) => a.name)).toEqual(['周*华', '吴*强']);
      // a flat number has no street-level part: nothing of it is kept
      expect(allocated.map((a) => a.unit)).toEqual(['***', '***']);
    });
  });

  describe('失效文件 documents, 黑名单 blacklist, 项目 projects', () => {
    it('a revoked document is a public record of the documents category', () => {
      const doc = one('DocumentRevoked');
      expect(doc).toMatchObject({ category: 'documents', audience: 'public', title: '苏州市市区公共租赁住房管理办法：废止' });
    });

    it('a natural person on the blacklist is masked', () => {
      expect((publicValues(one('BlacklistEntryPublished'))!['party'] as Record<string, string>)['name']).toBe('吴*强');
    });

    it('projects take their name and region from the registration', () => {
      expect(dump.projects).toEqual([
        expect.objectContaining({ code: PROJECT, name: '苏州市春申湖路快速化改造工程', region: '320507', registrationRecordId: one('ProjectRegistered', (r) => r.streamId === PROJECT_STREAM).id }),
        expect.objectContaining({ code: '2023-320571-34-03-004217', name: '星湖智能装备研发及生产基地项目', region: '320571' }),
      ]);
    });
  });

  describe('aggregates', () => {
    it('counts every visible record per category', async () => {
      const counts = await p.store.categoryCounts(PUBLIC_VIEWER, TODAY);
      const visible = dump.records.filter((r) => r.audience === 'public' && (r.publicUntil === null || r.publicUntil >= TODAY));
      for (const [category, n] of counts) expect(n, category).toBe(visible.filter((r) => r.category === category).length);
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(visible.length);
    });

    it('counts every publication with a deadline once (retracted ones excluded), all on time here', async () => {
      const rows = await p.store.timeliness();
      const total = rows.reduce((n, r) => n + r.onTime + r.late, 0);
      const withDeadline = dump.records.flatMap((r) => {
        const retracted = new Set(r.versions.filter((v) => v.amends?.kind === 'retraction').map((v) => v.amends!.target));
        return r.versions.filter((v) => v.timeliness && !retracted.has(v.eventId));
      });
      expect(total).toBe(withDeadline.length);
      expect(rows.every((r) => r.late === 0)).toBe(true);
    });
  });
});
