// 征收土地信息 (土地管理法 第47条, 土地管理法实施条例 第26–32条): one stream per expropriation batch
// (`expropriation-{批次编号}`), naming the projects it serves. Household data is personal: the
// survey results go to the affected village (特定群体), registration and payment records are
// 依申请 / 特定群体 only.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { LifecycleRule } from '../define.ts';
import {
  amount,
  area,
  authorityRef,
  bankAccount,
  count,
  date,
  documentNumber,
  idPart,
  labelledEnum,
  longText,
  personName,
  phone,
  projectCodes,
  region,
  residentId,
  text,
} from '../fields.ts';
import { ogi26, once, window } from './shared.ts';

const batchRef = {
  batchId: idPart('征地批次编号', '如 320506-2024-007'),
  region: region('征收土地所在行政区划代码'),
  projectCodes: projectCodes('用地项目代码').optional(),
};

const householdId = idPart('户编号', '调查时赋予每户的编号，用于关联本户在各环节的信息');

const common = {
  schemaVersion: 1,
  domain: 'land',
  category: 'land-expropriation',
  stream: { kind: 'expropriation', idField: 'batchId' },
  roles: ['natural-resources'],
  region: { regionField: 'region' },
  projectCodeFields: ['projectCodes[]'],
} as const;

function needs(id: string, type: string, zh: string, en: string, extra: Partial<{ windowClosedBefore: string }> = {}): LifecycleRule {
  return { kind: 'requires', id, message: { zh, en }, needs: { type, ...extra } };
}

export const PreAnnouncementPublished = defineEvent({
  ...common,
  type: 'PreAnnouncementPublished',
  title: { zh: '征收土地预公告', en: 'Expropriation pre-announcement' },
  item: { zh: '征收土地预公告', en: 'Pre-announcement' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    announcementNumber: documentNumber('预公告文号').optional(),
    scope: longText('拟征收土地范围'),
    estimatedArea: area('拟征收土地面积').optional(),
    purpose: longText('征收目的'),
    surveyArrangements: longText('开展土地现状调查的安排'),
    issuingAuthority: authorityRef('发布机关'),
    publicityStart: date('预公告开始日期'),
    publicityEnd: date('预公告结束日期'),
  }),
  formedDateField: 'publicityStart',
  windows: [
    window('minimum', 'LAND-PRE', 10, 'workday', 'publicityStart', 'publicityEnd', {
      zh: '预公告时间不少于十个工作日',
      en: 'the pre-announcement must stay up for at least 10 working days',
    }),
  ],
  recordKey: { prefix: 'pre-announcement', fields: [] },
  standards: { oc4ids: 'documents[landAndSettlementImpact]' },
});

export const StatusSurveyPublished = defineEvent({
  ...common,
  type: 'StatusSurveyPublished',
  title: { zh: '土地现状调查结果', en: 'Land status survey published' },
  item: { zh: '土地现状调查结果', en: 'Status survey results' },
  // posted in the village notice board for members of the collective (村集体成员)
  audience: 'group',
  payload: z.strictObject({
    ...batchRef,
    completedDate: date('调查完成日期'),
    parcels: z
      .array(
        z.strictObject({
          parcelNumber: text('地块编号', { max: 100 }),
          location: text('位置', { max: 300 }),
          ownership: text('权属', { max: 200 }),
          landClass: text('地类', { max: 100 }),
          area: area('面积'),
        }),
      )
      .min(1)
      .meta({ title: '土地的位置、权属、地类、面积' }),
    households: z
      .array(
        z.strictObject({
          householdId,
          rightHolder: personName('权利人'),
          village: text('村（组）', { max: 100 }),
          housingArea: area('农村村民住宅面积').optional(),
          attachments: text('其他地上附着物（种类、数量）', { max: 1000 }).optional(),
          crops: text('青苗（种类、数量）', { max: 1000 }).optional(),
        }),
      )
      .meta({ title: '农村村民住宅、其他地上附着物和青苗等的权属、种类、数量' }),
  }),
  personalData: [{ path: 'households[].rightHolder', kind: 'name', subject: 'households[].householdId' }],
  formedDateField: 'completedDate',
  // local catalogs: results posted within 5 working days after the survey
  deadlines: [{ rule: 'LAND-SURVEY-LOCAL', duration: 5, unit: 'workday', from: 'completedDate' }],
  lifecycle: [needs('SURVEY-NEEDS-PRE-ANNOUNCEMENT', 'PreAnnouncementPublished', '尚未发布征收土地预公告', 'no pre-announcement has been published for this batch')],
  recordKey: { prefix: 'status-survey', fields: [] },
});

export const CompensationPlanAnnounced = defineEvent({
  ...common,
  type: 'CompensationPlanAnnounced',
  title: { zh: '征地补偿安置方案公告', en: 'Compensation and resettlement plan announced' },
  item: { zh: '征地补偿安置方案公告', en: 'Compensation and resettlement plan' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    announcementNumber: documentNumber('公告文号').optional(),
    scope: longText('征收范围'),
    landStatus: longText('土地现状'),
    purpose: longText('征收目的'),
    compensationStandards: longText('补偿方式和标准'),
    resettlementTargets: longText('安置对象'),
    resettlementMethods: longText('安置方式'),
    socialSecurity: longText('社会保障'),
    registrationMethod: text('办理补偿登记的方式', { max: 1000 }),
    registrationDeadline: date('补偿登记截止日期'),
    objectionChannel: text('异议反馈渠道', { max: 1000 }),
    issuingAuthority: authorityRef('发布机关'),
    publicityStart: date('公告开始日期'),
    publicityEnd: date('公告结束日期'),
  }),
  formedDateField: 'publicityStart',
  windows: [
    window('minimum', 'LAND-PLAN', 30, 'day', 'publicityStart', 'publicityEnd', {
      zh: '征地补偿安置方案公告时间不少于三十日',
      en: 'the plan must stay up for at least 30 days',
    }),
  ],
  lifecycle: [needs('PLAN-NEEDS-SURVEY', 'StatusSurveyPublished', '尚未公布土地现状调查结果', 'the status survey has not been published for this batch')],
  recordKey: { prefix: 'compensation-plan', fields: [] },
  standards: { oc4ids: 'documents[resettlementPlan]' },
});

const hearingNumber = idPart('听证编号');

export const HearingNoticed = defineEvent({
  ...common,
  type: 'HearingNoticed',
  title: { zh: '听证通知', en: 'Hearing noticed' },
  item: { zh: '听证', en: 'Hearing' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    hearingNumber,
    noticeDate: date('通知发布日期'),
    hearingDate: date('听证日期'),
    hearingTime: text('听证时间', { max: 50 }).optional(),
    location: text('听证地点', { max: 300 }),
    matters: longText('听证事项'),
    participation: text('参加方式', { max: 1000 }).optional(),
    organiser: authorityRef('组织机关'),
  }),
  formedDateField: 'noticeDate',
  windows: [
    window('lead', 'LAND-HEARING-LOCAL', 7, 'workday', 'noticeDate', 'hearingDate', {
      zh: '听证通知书应在听证七个工作日前发布',
      en: 'the hearing must be noticed at least 7 working days ahead',
    }),
  ],
  lifecycle: [needs('HEARING-NEEDS-PLAN', 'CompensationPlanAnnounced', '尚未发布征地补偿安置方案公告', 'the compensation plan has not been announced for this batch')],
  recordKey: { prefix: 'hearing', fields: ['hearingNumber'] },
  standards: { oc4ids: 'social.consultationMeetings, documents[consultationMeetingInvitation]' },
});

export const HearingHeld = defineEvent({
  ...common,
  type: 'HearingHeld',
  title: { zh: '听证举行', en: 'Hearing held' },
  item: { zh: '听证', en: 'Hearing' },
  // The record of the hearing is public; its 笔录 is 依申请 only: modelled as a field-level
  // audience on `transcript` rather than a separate event, so the hearing stays one record.
  audience: 'public',
  fieldAudiences: [{ path: 'transcript', audience: 'request' }],
  payload: z.strictObject({
    ...batchRef,
    hearingNumber,
    heldDate: date('听证日期'),
    location: text('听证地点', { max: 300 }),
    participantsCount: count('参加人数'),
    summary: longText('听证情况概要'),
    outcome: longText('听证意见处理情况'),
    transcript: longText('听证笔录').optional(),
  }),
  formedDateField: 'heldDate',
  deadlines: [ogi26('heldDate')],
  lifecycle: [
    {
      kind: 'requires',
      id: 'HEARING-HELD-NEEDS-NOTICE',
      message: { zh: '该听证未发布听证通知', en: 'this hearing was not noticed (HearingNoticed with the same number first)' },
      needs: { type: 'HearingNoticed', sameAs: [{ path: 'hearingNumber', candidatePath: 'hearingNumber' }] },
    },
  ],
  recordKey: { prefix: 'hearing', fields: ['hearingNumber'] },
  standards: { oc4ids: 'social.consultationMeetings, documents[minutes.consultationMeeting]' },
});

export const ExpropriationApproved = defineEvent({
  ...common,
  type: 'ExpropriationApproved',
  title: { zh: '征地批准', en: 'Expropriation approved' },
  item: { zh: '征地批准文件（一书四方案）', en: 'Expropriation approval' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    approvingAuthority: authorityRef('批准机关'),
    documentNumber: documentNumber('批准文号'),
    approvalDate: date('批准日期'),
    totalArea: area('批准征收土地面积'),
    agriculturalArea: area('其中农用地面积').optional(),
    cultivatedArea: area('其中耕地面积').optional(),
    approvedDocuments: z
      .array(
        labelledEnum('报批材料', {
          'explanatory-statement': '建设用地项目呈报说明书',
          'farmland-conversion': '农用地转用方案',
          'supplementary-farmland': '补充耕地方案',
          'expropriation-scheme': '征收土地方案',
          'supply-scheme': '供地方案',
        }),
      )
      .min(1)
      .meta({ title: '一书四方案' }),
  }),
  formedDateField: 'approvalDate',
  deadlines: [ogi26('approvalDate')],
  lifecycle: [
    needs(
      'APPROVAL-NEEDS-CLOSED-PLAN',
      'CompensationPlanAnnounced',
      '征地补偿安置方案公告期（不少于30日）届满后方可批准征收',
      'expropriation can only be approved after the compensation plan has been up for its full period (≥ 30 days)',
      { windowClosedBefore: 'approvalDate' },
    ),
    once('EXPROPRIATION-APPROVED-ONCE', '该批次已批准征收', 'this batch is already approved'),
  ],
  recordKey: { prefix: 'approval', fields: [] },
  standards: { oc4ids: 'milestones[type=approval]' },
});

export const ExpropriationNoticePublished = defineEvent({
  ...common,
  type: 'ExpropriationNoticePublished',
  title: { zh: '征收土地公告', en: 'Expropriation notice published' },
  item: { zh: '征收土地公告', en: 'Expropriation notice' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    approvalDocumentNumber: documentNumber('征地批准文号'),
    approvalReceivedDate: date('收到批准文件日期'),
    noticeNumber: documentNumber('公告文号').optional(),
    noticeDate: date('公告日期'),
    scope: longText('征收范围'),
    schedule: longText('征收时间等具体工作安排'),
    issuingAuthority: authorityRef('发布机关'),
  }),
  formedDateField: 'approvalReceivedDate',
  deadlines: [{ rule: 'LAND-POST', duration: 15, unit: 'workday', from: 'approvalReceivedDate' }],
  lifecycle: [
    {
      kind: 'requires',
      id: 'NOTICE-NEEDS-APPROVAL',
      message: { zh: '征收土地公告须在征地批准之后（批准文号须一致）', en: 'the notice needs the expropriation approval it cites (same document number)' },
      needs: { type: 'ExpropriationApproved', sameAs: [{ path: 'documentNumber', candidatePath: 'approvalDocumentNumber' }] },
    },
  ],
  recordKey: { prefix: 'notice', fields: [] },
});

export const CompensationRegistered = defineEvent({
  ...common,
  type: 'CompensationRegistered',
  title: { zh: '征地补偿登记', en: 'Compensation registered' },
  item: { zh: '补偿登记材料', en: 'Compensation registration' },
  // 依申请公开 only (国土资源部办公厅 2014): never in the public projection
  audience: 'request',
  payload: z.strictObject({
    ...batchRef,
    registrationDate: date('登记日期'),
    households: z
      .array(
        z.strictObject({
          householdId,
          name: personName('权利人姓名'),
          idNumber: residentId('身份证号码'),
          phone: phone('联系电话'),
          address: text('住址', { max: 300 }),
          parcelNumber: text('地块编号', { max: 100 }),
          propertyCertificate: text('不动产权属证明编号', { max: 100 }).optional(),
          registeredContent: longText('登记内容（权属、面积、附着物等）'),
        }),
      )
      .min(1)
      .meta({ title: '登记户' }),
  }),
  personalData: [
    { path: 'households[].name', kind: 'name', subject: 'households[].householdId' },
    { path: 'households[].idNumber', kind: 'idNumber', subject: 'households[].householdId' },
    { path: 'households[].phone', kind: 'phone', subject: 'households[].householdId' },
    { path: 'households[].address', kind: 'address', subject: 'households[].householdId' },
    { path: 'households[].propertyCertificate', kind: 'other', subject: 'households[].householdId' },
    { path: 'households[].registeredContent', kind: 'other', subject: 'households[].householdId' },
  ],
  formedDateField: 'registrationDate',
  lifecycle: [needs('REGISTRATION-NEEDS-PLAN', 'CompensationPlanAnnounced', '尚未发布征地补偿安置方案公告', 'the compensation plan has not been announced for this batch')],
  recordKey: { prefix: 'registration', fields: ['registrationDate'] },
});

export const CompensationPaid = defineEvent({
  ...common,
  type: 'CompensationPaid',
  title: { zh: '补偿费用支付', en: 'Compensation paid' },
  item: { zh: '分户补偿情况', en: 'Compensation per household' },
  // 分户补偿情况 is published to the affected households (特定群体); bank accounts only on request
  audience: 'group',
  fieldAudiences: [{ path: 'households[].bankAccount', audience: 'request' }],
  payload: z.strictObject({
    ...batchRef,
    paymentDate: date('支付日期'),
    households: z
      .array(
        z.strictObject({
          householdId,
          name: personName('被补偿人姓名'),
          items: text('补偿项目', { max: 500 }),
          amount: amount('补偿金额'),
          bankAccount: bankAccount('收款账号').optional(),
        }),
      )
      .min(1)
      .meta({ title: '分户支付情况' }),
  }),
  personalData: [
    { path: 'households[].name', kind: 'name', subject: 'households[].householdId' },
    { path: 'households[].amount', kind: 'amount', subject: 'households[].householdId' },
    { path: 'households[].bankAccount', kind: 'bankAccount', subject: 'households[].householdId' },
  ],
  formedDateField: 'paymentDate',
  lifecycle: [needs('PAYMENT-NEEDS-APPROVAL', 'ExpropriationApproved', '征收尚未批准', 'the expropriation has not been approved')],
  recordKey: { prefix: 'payment', fields: ['paymentDate'] },
});

export const CompensationFundsReported = defineEvent({
  ...common,
  type: 'CompensationFundsReported',
  title: { zh: '补偿费用到位及收支情况', en: 'Compensation funds reported' },
  item: { zh: '补偿费用收支状况', en: 'Compensation funds' },
  audience: 'public',
  payload: z.strictObject({
    ...batchRef,
    reportDate: date('报告日期'),
    period: text('报告期', { max: 100 }).optional(),
    totalBudget: amount('应付补偿费用总额'),
    fundsReceived: amount('已到位资金'),
    fundsSpent: amount('已支出资金'),
    householdsPaid: count('已支付户数').optional(),
    notes: longText('说明').optional(),
  }),
  formedDateField: 'reportDate',
  deadlines: [ogi26('reportDate')],
  lifecycle: [needs('FUNDS-NEEDS-PLAN', 'CompensationPlanAnnounced', '尚未发布征地补偿安置方案公告', 'the compensation plan has not been announced for this batch')],
  recordKey: { prefix: 'funds', fields: ['reportDate'] },
  standards: { oc4ids: 'social.landCompensationBudget' },
});

export const landEntries = [
  PreAnnouncementPublished,
  StatusSurveyPublished,
  CompensationPlanAnnounced,
  HearingNoticed,
  HearingHeld,
  ExpropriationApproved,
  ExpropriationNoticePublished,
  CompensationRegistered,
  CompensationPaid,
  CompensationFundsReported,
] as const;
