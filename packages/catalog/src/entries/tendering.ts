// 工程建设项目招标投标 (招标投标法实施条例, 国家发展改革委令2017年第10号): one stream per tender
// (`tender-{招标项目编号}`), naming the project it belongs to.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { LifecycleRule } from '../define.ts';
import {
  amount,
  authorityRef,
  contact,
  creditCode,
  date,
  dateTime,
  documentNumber,
  flag,
  idPart,
  labelledEnum,
  longText,
  orgRef,
  partyWithContact,
  percent,
  positiveCount,
  projectCode,
  responsiblePerson,
  text,
  url,
} from '../fields.ts';
import { ogi26, window } from './shared.ts';

const tenderRef = {
  tenderId: idPart('招标项目编号', '交易平台赋予的招标项目（标段）编号，如 E3205000000012345001'),
  projectCode: projectCode(),
  tenderName: text('招标项目（标段）名称', { max: 200 }),
};

// 资格预审公告 and 招标公告 carry the same statutory content (10号令 第5条).
const noticeFields = {
  ...tenderRef,
  content: longText('招标内容'),
  scope: longText('招标范围'),
  scale: text('建设规模', { max: 1000 }),
  fundingSource: text('资金来源', { max: 300 }),
  controlPrice: amount('招标控制价（最高投标限价）').optional(),
  qualificationRequirements: longText('投标资格能力要求'),
  jointBidAccepted: flag('是否接受联合体投标'),
  documentsAvailableFrom: date('文件获取开始日期'),
  documentsAvailableUntil: date('文件获取截止日期'),
  documentsMethod: text('文件获取方式', { max: 500 }),
  submissionMethod: text('递交方式', { max: 500 }),
  tenderee: partyWithContact('招标人'),
  agent: partyWithContact('招标代理机构').optional(),
  platformUrl: url('电子招标投标交易平台网址'),
  noticeDate: date('公告发布日期'),
};

const documentsWindow = window('minimum', 'BID-DOC', 5, 'day', 'documentsAvailableFrom', 'documentsAvailableUntil', {
  zh: '资格预审文件或招标文件的发售期不得少于5日',
  en: 'documents must be available for at least 5 days',
});

const NEEDS_NOTICE: LifecycleRule = {
  kind: 'requires',
  id: 'TENDER-NEEDS-NOTICE',
  message: { zh: '该招标项目尚未发布招标公告或资格预审公告', en: 'no tender or prequalification notice has been published for this tender' },
  needs: { type: ['TenderNoticePublished', 'PrequalificationNoticePublished'] },
};

const common = {
  schemaVersion: 1,
  domain: 'tendering',
  category: 'tendering',
  stream: { kind: 'tender', idField: 'tenderId' },
  roles: ['trading-center'],
  audience: 'public',
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
} as const;

export const PrequalificationNoticePublished = defineEvent({
  ...common,
  type: 'PrequalificationNoticePublished',
  title: { zh: '资格预审公告', en: 'Prequalification notice published' },
  item: { zh: '资格预审公告', en: 'Prequalification notice' },
  payload: z.strictObject({
    ...noticeFields,
    applicationDeadline: dateTime('资格预审申请文件递交截止时间'),
  }),
  formedDateField: 'noticeDate',
  // "及时公开": the notice is formed when it is issued, so the 20-working-day bound is its outer limit
  deadlines: [ogi26('noticeDate')],
  windows: [documentsWindow],
  recordKey: { prefix: 'prequalification-notice', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const TenderNoticePublished = defineEvent({
  ...common,
  type: 'TenderNoticePublished',
  title: { zh: '招标公告', en: 'Tender notice published' },
  item: { zh: '招标公告', en: 'Tender notice' },
  payload: z.strictObject({
    ...noticeFields,
    submissionDeadline: dateTime('投标文件递交截止时间'),
    openingTime: dateTime('开标时间').optional(),
  }),
  formedDateField: 'noticeDate',
  deadlines: [ogi26('noticeDate')],
  windows: [documentsWindow],
  recordKey: { prefix: 'tender-notice', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const CandidatesPublicized = defineEvent({
  ...common,
  type: 'CandidatesPublicized',
  title: { zh: '中标候选人公示', en: 'Bid-winning candidates publicized' },
  item: { zh: '中标候选人公示', en: 'Candidate publicity' },
  payload: z
    .strictObject({
      ...tenderRef,
      reportReceivedDate: date('收到评标报告日期'),
      publicityStart: date('公示开始日期'),
      publicityEnd: date('公示结束日期'),
      candidates: z
        .array(
          z.strictObject({
            rank: positiveCount('排序'),
            name: text('中标候选人名称', { max: 200 }),
            creditCode: creditCode(),
            bidPrice: amount('投标报价'),
            quality: text('质量', { max: 200 }),
            duration: text('工期（交货期）', { max: 100 }),
            score: z.number().min(0).max(1000).meta({ title: '评标得分' }).optional(),
            projectManager: responsiblePerson('承诺的项目负责人'),
            qualifications: text('响应招标文件要求的资格能力条件', { max: 2000 }).optional(),
          }),
        )
        .min(1)
        .meta({ title: '中标候选人' }),
      evaluationSummary: longText('评标情况').optional(),
      objectionContact: contact('异议渠道和方式'),
    })
    .superRefine((p, ctx) => {
      const ranks = p.candidates.map((c) => c.rank).sort((a, b) => a - b);
      if (ranks.some((r, i) => r !== i + 1)) {
        ctx.addIssue({ code: 'custom', path: ['candidates'], message: '排序应为 1, 2, 3 … 且不重复 / ranks must be 1, 2, 3 … without gaps' });
      }
    }),
  formedDateField: 'reportReceivedDate',
  deadlines: [{ rule: 'BID-CAND', duration: 3, unit: 'day', from: 'reportReceivedDate' }],
  windows: [
    window('minimum', 'BID-CAND', 3, 'day', 'publicityStart', 'publicityEnd', {
      zh: '中标候选人公示期不得少于3日',
      en: 'candidates must be publicized for at least 3 days',
    }),
  ],
  lifecycle: [NEEDS_NOTICE],
  recordKey: { prefix: 'candidates', fields: [] },
  standards: { ocdsTag: 'award (status pending)' },
});

export const AwardPublicized = defineEvent({
  ...common,
  type: 'AwardPublicized',
  title: { zh: '中标结果公示', en: 'Award publicized' },
  item: { zh: '中标结果公示', en: 'Award result' },
  payload: z
    .strictObject({
      ...tenderRef,
      winner: orgRef('中标人'),
      winningPrice: amount('中标价'),
      duration: text('工期', { max: 100 }).optional(),
      projectManager: responsiblePerson('项目负责人').optional(),
      awardDate: date('确定中标人日期'),
      noticeDate: date('中标结果公示日期'),
    })
    .superRefine((p, ctx) => {
      if (p.noticeDate < p.awardDate) {
        ctx.addIssue({ code: 'custom', path: ['noticeDate'], message: '公示日期不能早于确定中标人日期 / noticeDate must not precede awardDate' });
      }
    }),
  formedDateField: 'awardDate',
  deadlines: [ogi26('awardDate')],
  lifecycle: [
    {
      kind: 'requires',
      id: 'AWARD-NEEDS-CLOSED-CANDIDATES',
      message: {
        zh: '中标人须为中标候选人之一，且中标候选人公示期（不少于3日）届满后方可确定',
        en: 'the winner must be a publicized candidate, and the award must follow the end of the candidate publicity (≥ 3 days)',
      },
      needs: {
        type: 'CandidatesPublicized',
        sameAs: [{ path: 'candidates[].creditCode', candidatePath: 'winner.creditCode' }],
        windowClosedBefore: 'awardDate',
      },
    },
  ],
  recordKey: { prefix: 'award', fields: [] },
  standards: { ocdsTag: 'award' },
});

export const ContractSigned = defineEvent({
  ...common,
  type: 'ContractSigned',
  title: { zh: '合同订立', en: 'Contract signed' },
  item: { zh: '合同订立及履行情况', en: 'Contract and performance' },
  payload: z.strictObject({
    ...tenderRef,
    contractNumber: text('合同编号', { max: 100 }).optional(),
    contractor: orgRef('中标人（承包人）'),
    contractAmount: amount('合同金额'),
    signedDate: date('签订日期'),
    duration: text('工期', { max: 100 }),
    plannedStartDate: date('计划开工日期').optional(),
    plannedCompletionDate: date('计划竣工日期').optional(),
  }),
  formedDateField: 'signedDate',
  deadlines: [ogi26('signedDate')],
  lifecycle: [
    {
      kind: 'requires',
      id: 'CONTRACT-NEEDS-AWARD',
      message: { zh: '合同须与中标人订立（先发布中标结果）', en: 'the contract must be signed with the publicized winner (AwardPublicized first)' },
      needs: { type: 'AwardPublicized', sameAs: [{ path: 'winner.creditCode', candidatePath: 'contractor.creditCode' }] },
    },
  ],
  recordKey: { prefix: 'contract', fields: [] },
  standards: { ocdsTag: 'contract' },
});

export const ContractPerformanceReported = defineEvent({
  ...common,
  type: 'ContractPerformanceReported',
  title: { zh: '合同履行情况', en: 'Contract performance reported' },
  item: { zh: '合同订立及履行情况', en: 'Contract and performance' },
  payload: z.strictObject({
    ...tenderRef,
    reportDate: date('报告日期'),
    period: text('报告期', { max: 100 }),
    performance: longText('履行情况'),
    amountPaid: amount('累计支付金额').optional(),
    completionPercent: percent('完成比例').optional(),
    changes: longText('合同变更情况').optional(),
  }),
  formedDateField: 'reportDate',
  deadlines: [ogi26('reportDate')],
  lifecycle: [
    {
      kind: 'requires',
      id: 'PERFORMANCE-NEEDS-CONTRACT',
      message: { zh: '合同尚未订立', en: 'no contract has been signed for this tender' },
      needs: { type: 'ContractSigned' },
    },
  ],
  recordKey: { prefix: 'performance', fields: ['reportDate'] },
  standards: { ocdsTag: 'implementation' },
});

export const ComplaintDecided = defineEvent({
  ...common,
  type: 'ComplaintDecided',
  title: { zh: '投诉处理决定', en: 'Complaint decided' },
  item: { zh: '投诉处理', en: 'Complaint handling' },
  // 行政监督部门 by sector: 发改, 住建, 水利 … or the integrated enforcement bureau
  roles: ['enforcement', 'development-reform', 'housing-construction', 'water'],
  payload: z
    .strictObject({
      ...tenderRef,
      complaintNumber: documentNumber('投诉编号'),
      complainant: orgRef('投诉人'),
      acceptedDate: date('受理日期'),
      decisionDate: date('处理决定日期'),
      decision: labelledEnum('处理决定', {
        upheld: '投诉成立',
        'partly-upheld': '投诉部分成立',
        rejected: '投诉不成立，驳回',
        withdrawn: '投诉人撤回，终止处理',
      }),
      reasons: longText('处理理由'),
      decisionNumber: documentNumber('处理决定书文号'),
      authority: authorityRef('处理机关'),
    })
    .superRefine((p, ctx) => {
      if (p.decisionDate < p.acceptedDate) {
        ctx.addIssue({ code: 'custom', path: ['decisionDate'], message: '处理决定日期不能早于受理日期 / decisionDate must not precede acceptedDate' });
      }
    }),
  formedDateField: 'decisionDate',
  deadlines: [{ rule: 'BID-COMPLAINT', duration: 30, unit: 'workday', from: 'acceptedDate' }],
  lifecycle: [NEEDS_NOTICE],
  recordKey: { prefix: 'complaint', fields: ['complaintNumber'] },
  standards: { ocdsTag: 'tenderUpdate (documents[complaints])' },
});

export const tenderingEntries = [
  PrequalificationNoticePublished,
  TenderNoticePublished,
  CandidatesPublicized,
  AwardPublicized,
  ContractSigned,
  ContractPerformanceReported,
  ComplaintDecided,
] as const;
