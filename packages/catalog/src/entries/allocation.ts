// 公共资源配置 (国办发〔2017〕97号): each allocation is disclosed along its whole lifecycle, one
// stream per transaction (`allocation-{kind}-{id}`). Type names carry the kind as a prefix
// (ProcurementResultPublished, LandGrantNoticePublished …). The 黑名单 entry has its own stream.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { EventMatcher, LifecycleRule, RoleCase } from '../define.ts';
import {
  amount,
  area,
  authorityRef,
  contact,
  count,
  creditCode,
  date,
  dateTime,
  documentNumber,
  idPart,
  labelledEnum,
  longText,
  orgRef,
  partyWithContact,
  personName,
  positiveCount,
  projectCodes,
  region,
  residentId,
  text,
  textList,
  url,
} from '../fields.ts';
import { naturalPersonParty, partySchema } from './penalties.ts';
import { ogi26, once, window, xkcf7 } from './shared.ts';

function requires(id: string, zh: string, en: string, needs: EventMatcher): LifecycleRule {
  return { kind: 'requires', id, message: { zh, en }, needs };
}

const streamsFor = <K extends string>(kind: K) =>
  ({ stream: { kind: `allocation-${kind}`, idField: 'transactionId' } }) as const;

// ---------------------------------------------------------------------------
// 政府采购 (政府采购法实施条例; 财库〔2020〕10号 采购意向)

const procurementRef = {
  procurementId: idPart('采购项目编号', '如 JSZC-320500-2025-G0042'),
  projectName: text('采购项目名称', { max: 200 }),
  region: region('采购人所在行政区划代码'),
  purchaser: partyWithContact('采购人'),
  agent: partyWithContact('采购代理机构').optional(),
  relatedProjectCodes: projectCodes('相关建设项目代码').optional(),
};

const procurement = {
  schemaVersion: 1,
  domain: 'allocation',
  category: 'government-procurement',
  stream: { kind: 'allocation-procurement', idField: 'procurementId' },
  roles: ['finance'],
  audience: 'public',
  region: { regionField: 'region' },
  projectCodeFields: ['relatedProjectCodes[]'],
} as const;

const PROCUREMENT_METHODS = {
  'open-tender': '公开招标',
  'invited-tender': '邀请招标',
  'competitive-negotiation': '竞争性谈判',
  'competitive-consultation': '竞争性磋商',
  inquiry: '询价',
  'single-source': '单一来源',
} as const;

const procurementStarted = requires(
  'PROCUREMENT-NEEDS-NOTICE',
  '尚未发布采购公告（或单一来源公示）',
  'no procurement notice (or single-source publicity) has been published',
  { type: ['ProcurementNoticePublished', 'ProcurementSingleSourcePublicized'] },
);

export const ProcurementIntentionPublished = defineEvent({
  ...procurement,
  type: 'ProcurementIntentionPublished',
  title: { zh: '政府采购意向公开', en: 'Procurement intention published' },
  item: { zh: '采购意向', en: 'Procurement intention' },
  payload: z.strictObject({
    ...procurementRef,
    demandSummary: longText('采购需求概况'),
    budget: amount('预算金额'),
    expectedStartDate: date('预计采购时间'),
    publishedDate: date('意向公开日期'),
  }),
  formedDateField: 'publishedDate',
  windows: [
    window('lead', 'GP-INTENT', 30, 'day', 'publishedDate', 'expectedStartDate', {
      zh: '采购意向原则上不得晚于采购活动开始前30日公开',
      en: 'the intention must be published at least 30 days before procurement starts',
    }),
  ],
  recordKey: { prefix: 'intention', fields: [] },
  standards: { ocdsTag: 'planning' },
});

export const ProcurementNoticePublished = defineEvent({
  ...procurement,
  type: 'ProcurementNoticePublished',
  title: { zh: '政府采购公告', en: 'Procurement notice published' },
  item: { zh: '采购公告', en: 'Procurement notice' },
  payload: z.strictObject({
    ...procurementRef,
    method: labelledEnum('采购方式', PROCUREMENT_METHODS),
    demand: longText('采购需求'),
    budget: amount('预算金额'),
    maxPrice: amount('最高限价').optional(),
    supplierQualifications: longText('供应商资格要求'),
    documentsAvailableFrom: date('采购文件提供开始日期'),
    documentsAvailableUntil: date('采购文件提供截止日期'),
    submissionDeadline: dateTime('响应文件递交截止时间'),
    openingTime: dateTime('开标（开启）时间').optional(),
    noticeDate: date('公告日期'),
  }),
  formedDateField: 'noticeDate',
  deadlines: [ogi26('noticeDate')],
  windows: [
    // 政府采购法实施条例 第31条 (regulation.md §4.3)
    window('minimum', 'GP-DOC', 5, 'workday', 'documentsAvailableFrom', 'documentsAvailableUntil', {
      zh: '招标文件提供期限不得少于5个工作日',
      en: 'documents must be available for at least 5 working days',
    }),
  ],
  recordKey: { prefix: 'notice', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const ProcurementSingleSourcePublicized = defineEvent({
  ...procurement,
  type: 'ProcurementSingleSourcePublicized',
  title: { zh: '单一来源采购公示', en: 'Single-source procurement publicized' },
  item: { zh: '单一来源公示', en: 'Single-source publicity' },
  payload: z.strictObject({
    ...procurementRef,
    budget: amount('预算金额'),
    supplier: orgRef('拟定的唯一供应商'),
    supplierAddress: text('供应商地址', { max: 300 }),
    reasons: longText('采用单一来源采购方式的原因及相关说明'),
    expertOpinions: longText('专业人员论证意见').optional(),
    publicityStart: date('公示开始日期'),
    publicityEnd: date('公示结束日期'),
  }),
  formedDateField: 'publicityStart',
  windows: [
    window('minimum', 'GP-SOLE', 5, 'workday', 'publicityStart', 'publicityEnd', {
      zh: '单一来源公示期不得少于5个工作日',
      en: 'single-source publicity lasts at least 5 working days',
    }),
  ],
  recordKey: { prefix: 'single-source', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const ProcurementResultPublished = defineEvent({
  ...procurement,
  type: 'ProcurementResultPublished',
  title: { zh: '中标（成交）结果公告', en: 'Procurement result published' },
  item: { zh: '中标（成交）结果', en: 'Procurement result' },
  payload: z.strictObject({
    ...procurementRef,
    method: labelledEnum('采购方式', PROCUREMENT_METHODS),
    suppliers: z
      .array(
        z.strictObject({
          name: text('供应商名称', { max: 200 }),
          creditCode: creditCode(),
          address: text('供应商地址', { max: 300 }),
          amount: amount('中标（成交）金额'),
        }),
      )
      .min(1)
      .meta({ title: '中标（成交）供应商' }),
    items: z
      .array(
        z.strictObject({
          name: text('标的名称', { max: 200 }),
          specification: text('规格型号', { max: 500 }).optional(),
          quantity: text('数量', { max: 100 }),
          unitPrice: amount('单价').optional(),
          serviceRequirements: text('服务要求', { max: 2000 }).optional(),
        }),
      )
      .min(1)
      .meta({ title: '主要标的' }),
    // 政府采购法实施条例 第43条 requires the list of experts: published by law, not masked
    experts: z.array(personName('评审专家')).min(1).meta({ title: '评审专家名单' }),
    determinedDate: date('中标（成交）供应商确定日期'),
    noticeDate: date('公告日期'),
    noticePeriodDays: positiveCount('中标公告期限（工作日）').optional(),
  }),
  formedDateField: 'determinedDate',
  deadlines: [{ rule: 'GP-RESULT', duration: 2, unit: 'workday', from: 'determinedDate' }],
  lifecycle: [
    requires(
      'PROCUREMENT-RESULT-NEEDS-NOTICE',
      '须先发布采购公告或单一来源公示，且公示期届满后方可确定成交供应商',
      'the result needs a procurement notice or a single-source publicity whose period has ended',
      { type: ['ProcurementNoticePublished', 'ProcurementSingleSourcePublicized'], windowClosedBefore: 'determinedDate' },
    ),
  ],
  recordKey: { prefix: 'result', fields: [] },
  standards: { ocdsTag: 'award' },
});

export const ProcurementContractPublished = defineEvent({
  ...procurement,
  type: 'ProcurementContractPublished',
  title: { zh: '政府采购合同公告', en: 'Procurement contract published' },
  item: { zh: '采购合同', en: 'Procurement contract' },
  payload: z.strictObject({
    ...procurementRef,
    contractNumber: idPart('合同编号'),
    supplier: orgRef('供应商'),
    contractSubject: text('合同标的', { max: 1000 }),
    contractAmount: amount('合同金额'),
    performancePeriod: text('履约期限', { max: 200 }),
    signedDate: date('合同签订日期'),
    contractUrl: url('合同文本链接').optional(),
  }),
  formedDateField: 'signedDate',
  deadlines: [{ rule: 'GP-CONTRACT', duration: 2, unit: 'workday', from: 'signedDate' }],
  lifecycle: [
    requires('PROCUREMENT-CONTRACT-NEEDS-RESULT', '合同供应商须为已公告的中标（成交）供应商', 'the supplier must be a published winner of this procurement', {
      type: 'ProcurementResultPublished',
      sameAs: [{ path: 'suppliers[].creditCode', candidatePath: 'supplier.creditCode' }],
    }),
  ],
  recordKey: { prefix: 'contract', fields: ['contractNumber'] },
  standards: { ocdsTag: 'contract' },
});

export const ProcurementAcceptancePublished = defineEvent({
  ...procurement,
  type: 'ProcurementAcceptancePublished',
  title: { zh: '履约验收结果公告', en: 'Procurement acceptance published' },
  item: { zh: '履约验收', en: 'Acceptance' },
  payload: z.strictObject({
    ...procurementRef,
    contractNumber: idPart('合同编号'),
    acceptanceDate: date('验收日期'),
    result: labelledEnum('验收结果', { passed: '验收合格', failed: '验收不合格' }),
    summary: longText('验收情况'),
  }),
  formedDateField: 'acceptanceDate',
  deadlines: [ogi26('acceptanceDate')],
  lifecycle: [
    requires('PROCUREMENT-ACCEPTANCE-NEEDS-CONTRACT', '找不到该合同（合同编号须一致）', 'no contract with this number was published', {
      type: 'ProcurementContractPublished',
      sameAs: [{ path: 'contractNumber', candidatePath: 'contractNumber' }],
    }),
  ],
  recordKey: { prefix: 'acceptance', fields: ['contractNumber'] },
  standards: { ocdsTag: 'implementation' },
});

export const ProcurementComplaintDecided = defineEvent({
  ...procurement,
  type: 'ProcurementComplaintDecided',
  title: { zh: '政府采购投诉处理决定', en: 'Procurement complaint decided' },
  item: { zh: '投诉处理', en: 'Complaint handling' },
  payload: z.strictObject({
    ...procurementRef,
    complaintNumber: documentNumber('投诉编号'),
    complainant: orgRef('投诉人'),
    acceptedDate: date('受理日期'),
    decisionDate: date('处理决定日期'),
    decision: labelledEnum('处理决定', {
      upheld: '投诉事项成立',
      'partly-upheld': '投诉事项部分成立',
      rejected: '投诉事项不成立，驳回',
      withdrawn: '投诉人撤回，终止处理',
    }),
    reasons: longText('处理理由'),
    decisionNumber: documentNumber('处理决定书文号'),
    authority: authorityRef('处理机关（财政部门）'),
  }),
  formedDateField: 'decisionDate',
  deadlines: [ogi26('decisionDate')],
  lifecycle: [procurementStarted],
  recordKey: { prefix: 'complaint', fields: ['complaintNumber'] },
  standards: { ocdsTag: 'tenderUpdate (documents[complaints])' },
});

// ---------------------------------------------------------------------------
// 国有土地使用权出让 (土地管理法实施条例 第16–18条; 国土资源部令第39号)

const LAND_USES = {
  residential: '住宅用地',
  commercial: '商服用地',
  industrial: '工矿仓储用地',
  public: '公共管理与公共服务用地',
  transport: '交通运输用地',
  mixed: '混合用地',
  other: '其他',
} as const;

const landGrant = {
  schemaVersion: 1,
  domain: 'allocation',
  category: 'land-use-rights',
  roles: ['natural-resources', 'trading-center'],
  audience: 'public',
  region: { regionField: 'region' },
  ...streamsFor('land-use-rights'),
} as const;

const landTransactionRef = {
  transactionId: idPart('交易编号', '交易平台的出让交易编号，如 SZTD-2025-018'),
  region: region('地块所在行政区划代码'),
};

const parcel = z
  .strictObject({
    parcelNumber: text('地块编号', { max: 100 }),
    location: text('土地位置', { max: 300 }),
    area: area('土地面积'),
    use: labelledEnum('规划用途', LAND_USES),
    plotRatio: text('容积率', { max: 100 }),
    buildingDensity: text('建筑密度', { max: 100 }).optional(),
    termYears: positiveCount('出让年限（年）'),
  })
  .meta({ title: '宗地' });

export const LandSupplyPlanPublished = defineEvent({
  ...landGrant,
  type: 'LandSupplyPlanPublished',
  title: { zh: '年度建设用地供应计划', en: 'Annual land supply plan published' },
  item: { zh: '年度建设用地供应计划', en: 'Annual land supply plan' },
  roles: ['natural-resources'],
  stream: { kind: 'allocation-land-use-rights', idField: 'planId' },
  payload: z.strictObject({
    planId: idPart('计划编号', '如 PLAN-320500-2025'),
    region: region('行政区划代码'),
    year: z.number().int().min(1990).max(2100).meta({ title: '年度' }),
    totalArea: area('供应总量'),
    structure: z
      .array(z.strictObject({ use: labelledEnum('用途', LAND_USES), area: area('面积') }))
      .min(1)
      .meta({ title: '供应结构' }),
    timing: longText('供应时序'),
    parcels: textList('计划供应地块', '地块', { max: 300 }).optional(),
    publishedDate: date('发布日期'),
  }),
  formedDateField: 'publishedDate',
  deadlines: [ogi26('publishedDate')],
  recordKey: { prefix: 'supply-plan', fields: ['year'] },
  standards: { ocdsTag: 'planning' },
});

export const LandGrantNoticePublished = defineEvent({
  ...landGrant,
  type: 'LandGrantNoticePublished',
  title: { zh: '国有建设用地使用权出让公告', en: 'Land use rights grant notice published' },
  item: { zh: '出让公告', en: 'Grant notice' },
  payload: z.strictObject({
    ...landTransactionRef,
    parcel,
    method: labelledEnum('出让方式', { auction: '拍卖', listing: '挂牌', tender: '招标' }),
    startingPrice: amount('起始价'),
    deposit: amount('竞买保证金'),
    biddingStart: date('竞价（挂牌）开始日期'),
    biddingEnd: date('竞价（挂牌）截止日期'),
    bidderRequirements: longText('竞买人资格').optional(),
    grantor: authorityRef('出让人'),
    noticeDate: date('公告日期'),
  }),
  formedDateField: 'noticeDate',
  windows: [
    window('lead', 'LANDSALE-ANN', 20, 'day', 'noticeDate', 'biddingStart', {
      zh: '出让公告应当至少在投标、拍卖或者挂牌开始日前20日发布',
      en: 'the notice must precede the start of bidding by at least 20 days',
    }),
  ],
  recordKey: { prefix: 'notice', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const LandGrantResultPublished = defineEvent({
  ...landGrant,
  type: 'LandGrantResultPublished',
  title: { zh: '国有建设用地使用权出让结果', en: 'Land use rights grant result published' },
  item: { zh: '出让结果', en: 'Grant result' },
  payload: z.strictObject({
    ...landTransactionRef,
    parcel,
    transferee: orgRef('受让方（竞得人）'),
    price: amount('成交价'),
    transactionDate: date('成交日期'),
    signingDate: date('约定签约时间').optional(),
  }),
  formedDateField: 'transactionDate',
  deadlines: [{ rule: 'LANDSALE-RES', duration: 10, unit: 'workday', from: 'transactionDate' }],
  lifecycle: [
    requires('LAND-RESULT-NEEDS-NOTICE', '该地块尚未发布出让公告', 'no grant notice for this parcel', {
      type: 'LandGrantNoticePublished',
      sameAs: [{ path: 'parcel.parcelNumber', candidatePath: 'parcel.parcelNumber' }],
    }),
  ],
  recordKey: { prefix: 'result', fields: [] },
  standards: { ocdsTag: 'award' },
});

export const LandGrantContractSigned = defineEvent({
  ...landGrant,
  type: 'LandGrantContractSigned',
  title: { zh: '国有建设用地使用权出让合同', en: 'Land use rights grant contract signed' },
  item: { zh: '出让合同', en: 'Grant contract' },
  payload: z.strictObject({
    ...landTransactionRef,
    contractNumber: text('出让合同编号', { max: 100 }),
    parcelNumber: text('地块编号', { max: 100 }),
    transferee: orgRef('受让人'),
    price: amount('出让价款'),
    signedDate: date('签订日期'),
    deliveryDate: date('约定交地时间').optional(),
    agreedStartDate: date('约定开工时间').optional(),
    agreedCompletionDate: date('约定竣工时间').optional(),
  }),
  formedDateField: 'signedDate',
  deadlines: [ogi26('signedDate')],
  lifecycle: [
    requires('LAND-CONTRACT-NEEDS-RESULT', '受让人须为公布的竞得人', 'the transferee must be the published winner', {
      type: 'LandGrantResultPublished',
      sameAs: [{ path: 'transferee.creditCode', candidatePath: 'transferee.creditCode' }],
    }),
  ],
  recordKey: { prefix: 'contract', fields: [] },
  standards: { ocdsTag: 'contract' },
});

// ---------------------------------------------------------------------------
// 矿业权出让 (announcement and result periods not found: OGI-26 applies)

const mining = {
  schemaVersion: 1,
  domain: 'allocation',
  category: 'mining-rights',
  roles: ['natural-resources'],
  audience: 'public',
  region: { regionField: 'region' },
  ...streamsFor('mining-rights'),
} as const;

const miningRef = {
  transactionId: idPart('交易编号', '如 SZKQ-2025-003'),
  region: region('矿区所在行政区划代码'),
  rightType: labelledEnum('矿业权类型', { exploration: '探矿权', mining: '采矿权' }),
  areaName: text('矿区（勘查区）名称', { max: 200 }),
  mineral: text('矿种', { max: 100 }),
};

export const MiningGrantNoticePublished = defineEvent({
  ...mining,
  type: 'MiningGrantNoticePublished',
  title: { zh: '矿业权出让公告', en: 'Mining rights grant notice published' },
  item: { zh: '矿业权出让公告', en: 'Mining rights grant notice' },
  payload: z.strictObject({
    ...miningRef,
    areaKm2: z.number().positive().meta({ title: '面积（平方千米）' }),
    cornerCoordinates: textList('拐点坐标（CGCS2000）', '拐点', { max: 200 }),
    method: labelledEnum('出让方式', { auction: '拍卖', listing: '挂牌', tender: '招标', agreement: '协议' }),
    deposit: amount('竞买保证金'),
    startingPrice: amount('起拍价（出让收益起始价）'),
    biddingStart: date('竞价开始日期'),
    biddingEnd: date('竞价截止日期'),
    grantor: authorityRef('出让机关'),
    noticeDate: date('公告日期'),
  }),
  formedDateField: 'noticeDate',
  deadlines: [ogi26('noticeDate')],
  recordKey: { prefix: 'notice', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const MiningGrantResultPublished = defineEvent({
  ...mining,
  type: 'MiningGrantResultPublished',
  title: { zh: '矿业权出让结果', en: 'Mining rights grant result published' },
  item: { zh: '矿业权出让结果', en: 'Mining rights grant result' },
  payload: z.strictObject({
    ...miningRef,
    transferee: orgRef('竞得人'),
    price: amount('成交价（出让收益）'),
    transactionDate: date('成交日期'),
  }),
  formedDateField: 'transactionDate',
  deadlines: [ogi26('transactionDate')],
  lifecycle: [requires('MINING-RESULT-NEEDS-NOTICE', '尚未发布矿业权出让公告', 'no grant notice has been published', { type: 'MiningGrantNoticePublished' })],
  recordKey: { prefix: 'result', fields: [] },
  standards: { ocdsTag: 'award' },
});

export const MiningRightLicensed = defineEvent({
  ...mining,
  type: 'MiningRightLicensed',
  title: { zh: '矿业权登记发证', en: 'Mining right licensed' },
  item: { zh: '矿业权基本信息', en: 'Mining right' },
  payload: z.strictObject({
    ...miningRef,
    licenceNumber: documentNumber('许可证号'),
    holder: orgRef('矿业权人'),
    mineName: text('矿山（勘查项目）名称', { max: 200 }),
    validFrom: date('有效期起'),
    validUntil: date('有效期止'),
    issuingAuthority: authorityRef('发证机关'),
    issuedDate: date('发证日期'),
  }),
  formedDateField: 'issuedDate',
  // registration of a mining right is a 行政许可
  deadlines: [xkcf7('issuedDate')],
  lifecycle: [
    requires('MINING-LICENCE-NEEDS-RESULT', '矿业权人须为公布的竞得人', 'the holder must be the published winner', {
      type: 'MiningGrantResultPublished',
      sameAs: [{ path: 'transferee.creditCode', candidatePath: 'holder.creditCode' }],
    }),
  ],
  recordKey: { prefix: 'licence', fields: ['licenceNumber'] },
  standards: { ocdsTag: 'contract' },
});

// ---------------------------------------------------------------------------
// 国有产权交易 (企业国有资产交易监督管理办法, 国资委 财政部令第32号)

const stateProperty = {
  schemaVersion: 1,
  domain: 'allocation',
  category: 'state-property',
  roles: ['state-assets', 'trading-center'],
  audience: 'public',
  region: { regionField: 'region' },
  ...streamsFor('state-property'),
} as const;

const statePropertyRef = {
  transactionId: idPart('项目编号', '产权交易机构的项目编号，如 SZCQ-G32025SZ1000018'),
  region: region('转让方所在行政区划代码'),
  target: text('转让标的', { max: 300 }),
};

export const StatePropertyTransferDisclosed = defineEvent({
  ...stateProperty,
  type: 'StatePropertyTransferDisclosed',
  title: { zh: '产权转让信息披露', en: 'State property transfer disclosed' },
  item: { zh: '产权转让信息披露', en: 'Transfer disclosure' },
  payload: z.strictObject({
    ...statePropertyRef,
    transferor: orgRef('转让方'),
    targetCompany: orgRef('标的企业').optional(),
    reservePrice: amount('转让底价'),
    valuation: amount('评估值').optional(),
    transfereeRequirements: longText('受让方资格条件'),
    approval: text('批准情况（批准单位、文号）', { max: 500 }),
    exchange: orgRef('产权交易机构'),
    publicityStart: date('披露开始日期'),
    publicityEnd: date('披露截止日期'),
  }),
  formedDateField: 'publicityStart',
  windows: [
    window('minimum', 'SOE-DISC', 20, 'workday', 'publicityStart', 'publicityEnd', {
      zh: '产权转让信息披露期不少于20个工作日',
      en: 'the transfer must be disclosed for at least 20 working days',
    }),
  ],
  recordKey: { prefix: 'disclosure', fields: [] },
  standards: { ocdsTag: 'tender' },
});

export const StatePropertyTransferResultPublicized = defineEvent({
  ...stateProperty,
  type: 'StatePropertyTransferResultPublicized',
  title: { zh: '产权交易结果公示', en: 'State property transfer result publicized' },
  item: { zh: '交易结果公示', en: 'Transfer result' },
  payload: z.strictObject({
    ...statePropertyRef,
    transferee: orgRef('受让方'),
    price: amount('成交价'),
    transactionDate: date('成交日期'),
    publicityStart: date('公示开始日期'),
    publicityEnd: date('公示结束日期'),
  }),
  formedDateField: 'transactionDate',
  deadlines: [ogi26('transactionDate')],
  windows: [
    window('minimum', 'SOE-RES', 5, 'workday', 'publicityStart', 'publicityEnd', {
      zh: '交易结果公示期不少于5个工作日',
      en: 'the result must be publicized for at least 5 working days',
    }),
  ],
  lifecycle: [
    requires('SOE-RESULT-NEEDS-CLOSED-DISCLOSURE', '信息披露期届满后方可成交', 'the transaction must follow the end of the disclosure period', {
      type: 'StatePropertyTransferDisclosed',
      windowClosedBefore: 'transactionDate',
    }),
  ],
  recordKey: { prefix: 'result', fields: [] },
  standards: { ocdsTag: 'award' },
});

// ---------------------------------------------------------------------------
// 保障性住房分配: 分配政策 → 年度计划 → 房源 → 审核结果公示 → 配租配售 → 退出

const HOUSING_TYPES = {
  'public-rental': '公共租赁住房',
  'affordable-rental': '保障性租赁住房',
  'shared-ownership': '共有产权住房',
  'allotment-sale': '配售型保障性住房',
} as const;

const housing = {
  schemaVersion: 1,
  domain: 'allocation',
  category: 'affordable-housing',
  roles: ['housing-security'],
  audience: 'public',
  region: { regionField: 'region' },
} as const;

const housingRound = {
  roundId: idPart('分配批次编号', '如 SZGZF-2025-03'),
  region: region('行政区划代码'),
  housingType: labelledEnum('保障房类型', HOUSING_TYPES),
};

const roundStream = { stream: { kind: 'allocation-affordable-housing', idField: 'roundId' } } as const;
const applicationNumber = idPart('申请编号');

export const HousingPolicyPublished = defineEvent({
  ...housing,
  type: 'HousingPolicyPublished',
  title: { zh: '住房保障政策文件', en: 'Housing policy published' },
  item: { zh: '分配政策', en: 'Allocation policy' },
  stream: { kind: 'allocation-affordable-housing', idField: 'policyId' },
  payload: z.strictObject({
    policyId: idPart('政策编号'),
    region: region('行政区划代码'),
    documentTitle: text('文件名称', { max: 300 }),
    documentNumber: documentNumber('文号'),
    issuingAuthority: authorityRef('发布部门'),
    issuedDate: date('发布日期'),
    effectiveDate: date('实施日期'),
    content: longText('正文'),
    url: url('原文链接').optional(),
  }),
  formedDateField: 'issuedDate',
  deadlines: [ogi26('issuedDate')],
  recordKey: { prefix: 'policy', fields: [] },
});

export const HousingAnnualPlanPublished = defineEvent({
  ...housing,
  type: 'HousingAnnualPlanPublished',
  title: { zh: '保障性住房年度计划', en: 'Housing annual plan published' },
  item: { zh: '年度建设（分配）计划', en: 'Annual plan' },
  stream: { kind: 'allocation-affordable-housing', idField: 'planId' },
  payload: z.strictObject({
    planId: idPart('计划编号'),
    region: region('行政区划代码'),
    year: z.number().int().min(1990).max(2100).meta({ title: '年度' }),
    items: z
      .array(
        z.strictObject({
          housingType: labelledEnum('保障房类型', HOUSING_TYPES),
          plannedStarts: count('计划开工套数'),
          plannedCompletions: count('计划基本建成套数'),
          plannedAllocations: count('计划分配套数').optional(),
        }),
      )
      .min(1)
      .meta({ title: '年度计划任务量' }),
    publishedDate: date('发布日期'),
  }),
  formedDateField: 'publishedDate',
  deadlines: [ogi26('publishedDate')],
  recordKey: { prefix: 'annual-plan', fields: ['year'] },
});

export const HousingListingPublished = defineEvent({
  ...housing,
  ...roundStream,
  type: 'HousingListingPublished',
  title: { zh: '保障性住房房源及申请公告', en: 'Housing listing published' },
  item: { zh: '分配房源', en: 'Housing listing' },
  payload: z.strictObject({
    ...housingRound,
    estate: text('项目（小区）名称', { max: 200 }),
    address: text('项目地址', { max: 300 }),
    relatedProjectCodes: projectCodes('建设项目代码').optional(),
    units: positiveCount('房源套数'),
    unitTypes: z
      .array(
        z.strictObject({
          layout: text('户型', { max: 100 }),
          area: area('建筑面积'),
          count: positiveCount('套数'),
          rentOrPrice: amount('租金（元/月）或售价（元/平方米）').optional(),
        }),
      )
      .min(1)
      .meta({ title: '房源信息' }),
    eligibility: longText('申请条件'),
    procedure: longText('分配程序'),
    applicationFrom: date('申请受理开始日期'),
    applicationUntil: date('申请受理截止日期'),
    publishedDate: date('发布日期'),
  }),
  projectCodeFields: ['relatedProjectCodes[]'],
  formedDateField: 'publishedDate',
  deadlines: [ogi26('publishedDate')],
  recordKey: { prefix: 'listing', fields: [] },
});

export const HousingApplicationsReviewed = defineEvent({
  ...housing,
  ...roundStream,
  type: 'HousingApplicationsReviewed',
  title: { zh: '保障性住房申请审核结果公示', en: 'Housing applications reviewed' },
  item: { zh: '分配对象（审核结果公示）', en: 'Review results' },
  // The named list is public (公示 lets the public check who qualifies); names are masked
  // (张*明) in the public view, ID numbers, incomes and housing areas only on request.
  fieldAudiences: [
    { path: 'applicants[].idNumber', audience: 'request' },
    { path: 'applicants[].householdIncome', audience: 'request' },
    { path: 'applicants[].currentHousingArea', audience: 'request' },
  ],
  payload: z.strictObject({
    ...housingRound,
    publicityStart: date('公示开始日期'),
    publicityEnd: date('公示结束日期'),
    applicants: z
      .array(
        z.strictObject({
          applicationNumber,
          name: personName('申请人'),
          idNumber: residentId('身份证号码'),
          householdSize: positiveCount('家庭人口'),
          householdIncome: amount('家庭年收入').optional(),
          currentHousingArea: area('现住房面积').optional(),
          result: labelledEnum('审核结果', { approved: '审核通过', rejected: '审核未通过' }),
          reason: text('未通过原因', { max: 300 }).optional(),
        }),
      )
      .min(1)
      .meta({ title: '申请人审核结果' }),
    objectionContact: contact('异议反映渠道'),
  }),
  personalData: [
    { path: 'applicants[].name', kind: 'name', subject: 'applicants[].applicationNumber' },
    { path: 'applicants[].idNumber', kind: 'idNumber', subject: 'applicants[].applicationNumber' },
    { path: 'applicants[].householdIncome', kind: 'amount', subject: 'applicants[].applicationNumber' },
    { path: 'applicants[].currentHousingArea', kind: 'other', subject: 'applicants[].applicationNumber' },
  ],
  formedDateField: 'publicityStart',
  deadlines: [ogi26('publicityStart')],
  lifecycle: [requires('REVIEW-NEEDS-LISTING', '该批次尚未发布房源及申请公告', 'no listing has been published for this round', { type: 'HousingListingPublished' })],
  recordKey: { prefix: 'review', fields: ['publicityStart'] },
});

export const HousingAllocated = defineEvent({
  ...housing,
  ...roundStream,
  type: 'HousingAllocated',
  title: { zh: '保障性住房配租配售结果', en: 'Housing allocated' },
  item: { zh: '分配结果', en: 'Allocation results' },
  payload: z.strictObject({
    ...housingRound,
    method: labelledEnum('分配方式', { lottery: '公开摇号', ranking: '轮候排序', direct: '直接配租' }),
    allocationDate: date('分配（摇号）日期'),
    notary: text('公证（监督）机构', { max: 200 }).optional(),
    results: z
      .array(
        z.strictObject({
          applicationNumber,
          name: personName('承租（购）人'),
          sequenceNumber: positiveCount('摇号顺序号').optional(),
          unit: text('配租（售）房号', { max: 100 }),
        }),
      )
      .min(1)
      .meta({ title: '配租配售结果' }),
  }),
  personalData: [
    { path: 'results[].name', kind: 'name', subject: 'results[].applicationNumber' },
    // a flat number next to a name is a home address
    { path: 'results[].unit', kind: 'address', subject: 'results[].applicationNumber' },
  ],
  formedDateField: 'allocationDate',
  deadlines: [ogi26('allocationDate')],
  lifecycle: [
    requires('ALLOCATION-NEEDS-REVIEW', '须先公示申请审核结果', 'the review results must be publicized first', {
      type: 'HousingApplicationsReviewed',
    }),
  ],
  recordKey: { prefix: 'allocation', fields: ['allocationDate'] },
});

export const HousingExited = defineEvent({
  ...housing,
  ...roundStream,
  type: 'HousingExited',
  title: { zh: '保障性住房退出', en: 'Housing exits' },
  item: { zh: '退出管理', en: 'Exits' },
  payload: z.strictObject({
    ...housingRound,
    reportDate: date('公布日期'),
    exits: z
      .array(
        z.strictObject({
          applicationNumber,
          name: personName('承租（购）人'),
          unit: text('房号', { max: 100 }),
          reason: labelledEnum('退出原因', {
            voluntary: '自愿退出',
            ineligible: '不再符合保障条件',
            violation: '违规使用（转租、转借、空置等）',
          }),
          exitDate: date('退出日期'),
        }),
      )
      .min(1)
      .meta({ title: '退出情况' }),
  }),
  personalData: [
    { path: 'exits[].name', kind: 'name', subject: 'exits[].applicationNumber' },
    { path: 'exits[].unit', kind: 'address', subject: 'exits[].applicationNumber' },
  ],
  formedDateField: 'reportDate',
  deadlines: [ogi26('reportDate')],
  lifecycle: [requires('EXIT-NEEDS-ALLOCATION', '该批次尚无分配结果', 'no allocation in this round yet', { type: 'HousingAllocated' })],
  recordKey: { prefix: 'exits', fields: ['reportDate'] },
});

// ---------------------------------------------------------------------------
// 公共资源配置黑名单: "骗取公共资源等不良行为 … 由负责管理的部门分别公开"

export const BLACKLIST_AREAS = {
  tendering: { zh: '工程建设项目招标投标', roles: ['development-reform', 'housing-construction', 'water', 'enforcement'] },
  procurement: { zh: '政府采购', roles: ['finance'] },
  'land-use-rights': { zh: '国有土地使用权出让', roles: ['natural-resources'] },
  'mining-rights': { zh: '矿业权出让', roles: ['natural-resources'] },
  'state-property': { zh: '国有产权交易', roles: ['state-assets'] },
  'affordable-housing': { zh: '保障性住房分配', roles: ['housing-security'] },
} as const;

type BlacklistArea = keyof typeof BLACKLIST_AREAS;
const blacklistAreas = Object.keys(BLACKLIST_AREAS) as BlacklistArea[];

export const BlacklistEntryPublished = defineEvent({
  type: 'BlacklistEntryPublished',
  schemaVersion: 1,
  title: { zh: '公共资源配置黑名单', en: 'Blacklist entry published' },
  domain: 'allocation',
  category: 'blacklist',
  item: { zh: '不良行为（黑名单）信息', en: 'Blacklist entry' },
  stream: { kind: 'blacklist', idField: 'entryId' },
  payload: z.strictObject({
    entryId: idPart('黑名单记录编号'),
    region: region('行政区划代码'),
    area: labelledEnum('领域', Object.fromEntries(blacklistAreas.map((a) => [a, BLACKLIST_AREAS[a].zh])) as Record<BlacklistArea, string>),
    party: partySchema('列入对象'),
    conduct: longText('不良行为（骗取公共资源等）'),
    basis: longText('认定依据'),
    measures: longText('惩戒措施'),
    decidingAuthority: authorityRef('认定部门'),
    documentNumber: documentNumber('认定文书文号').optional(),
    decisionDate: date('认定日期'),
    validFrom: date('列入日期'),
    validUntil: date('移出日期（有效期至）'),
  }),
  roles: [...new Set(blacklistAreas.flatMap((a) => BLACKLIST_AREAS[a].roles))],
  rolesWhen: blacklistAreas.map((a): RoleCase<'area'> => ({ when: { path: 'area', equals: a }, roles: BLACKLIST_AREAS[a].roles })),
  audience: 'public',
  personalData: naturalPersonParty('entryId'),
  formedDateField: 'decisionDate',
  deadlines: [ogi26('decisionDate')],
  lifecycle: [once('BLACKLIST-ONCE', '该黑名单记录已发布', 'this blacklist entry is already published')],
  region: { regionField: 'region' },
  recordKey: { prefix: 'entry', fields: [] },
  standards: { oc4ids: 'documents[debarments]' },
});

export const allocationEntries = [
  ProcurementIntentionPublished,
  ProcurementNoticePublished,
  ProcurementSingleSourcePublicized,
  ProcurementResultPublished,
  ProcurementContractPublished,
  ProcurementAcceptancePublished,
  ProcurementComplaintDecided,
  LandSupplyPlanPublished,
  LandGrantNoticePublished,
  LandGrantResultPublished,
  LandGrantContractSigned,
  MiningGrantNoticePublished,
  MiningGrantResultPublished,
  MiningRightLicensed,
  StatePropertyTransferDisclosed,
  StatePropertyTransferResultPublicized,
  HousingPolicyPublished,
  HousingAnnualPlanPublished,
  HousingListingPublished,
  HousingApplicationsReviewed,
  HousingAllocated,
  HousingExited,
  BlacklistEntryPublished,
] as const;
