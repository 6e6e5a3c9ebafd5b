// 批准服务信息 (办事指南, 办理过程) and 批准结果信息 (each approval decision), plus 重大设计变更.
// "谁审批、谁公开": the approving department posts, so roles follow the approval kind.
import { z } from 'zod';
import type { Condition, DeadlineSpec, RoleCase } from '../define.ts';
import { defineEvent } from '../define.ts';
import {
  amount,
  authorityRef,
  contact,
  date,
  documentNumber,
  idPart,
  labelledEnum,
  longText,
  projectCode,
  region,
  text,
  textList,
  url,
} from '../fields.ts';
import type { AgencyRole } from '../vocabulary.ts';
import { NEEDS_REGISTRATION, ogi26, once, timely, xkcf7 } from './shared.ts';

/** The approvals of 批准结果信息: who decides each and whether it is a 行政许可 (7-working-day rule). */
export const APPROVAL_KINDS = {
  'project-proposal': { zh: '政府投资项目建议书审批', role: 'development-reform', licence: false },
  'feasibility-study': { zh: '政府投资项目可行性研究报告审批', role: 'development-reform', licence: false },
  'preliminary-design': { zh: '政府投资项目初步设计审批', role: 'development-reform', licence: false },
  ratification: { zh: '企业投资项目核准', role: 'development-reform', licence: true },
  filing: { zh: '企业投资项目备案', role: 'development-reform', licence: false },
  'energy-review': { zh: '节能审查', role: 'development-reform', licence: true },
  'tendering-scheme': { zh: '招标范围、招标方式和招标组织形式核准', role: 'development-reform', licence: false },
  'land-pre-review': { zh: '建设项目用地预审', role: 'natural-resources', licence: false },
  'site-selection': { zh: '建设项目选址意见书', role: 'natural-resources', licence: true },
  'land-use-planning-permit': { zh: '建设用地规划许可', role: 'natural-resources', licence: true },
  'engineering-planning-permit': { zh: '建设工程规划许可', role: 'natural-resources', licence: true },
  'rural-planning-permit': { zh: '乡村建设规划许可', role: 'natural-resources', licence: true },
  'construction-permit': { zh: '建筑工程施工许可', role: 'housing-construction', licence: true },
  'environmental-impact': { zh: '环境影响评价文件审批', role: 'ecology-environment', licence: true },
  'water-abstraction': { zh: '取水许可', role: 'water', licence: true },
  'soil-water-conservation': { zh: '水土保持方案审批', role: 'water', licence: true },
  'flood-impact': { zh: '洪水影响评价审批', role: 'water', licence: true },
} as const satisfies Record<string, { zh: string; role: AgencyRole; licence: boolean }>;

export type ApprovalKind = keyof typeof APPROVAL_KINDS;
const approvalKindSlugs = Object.keys(APPROVAL_KINDS) as ApprovalKind[];

const approvalKindLabels = Object.fromEntries(approvalKindSlugs.map((k) => [k, APPROVAL_KINDS[k].zh])) as Record<ApprovalKind, string>;
const approvalKind = (title: string) => labelledEnum(title, approvalKindLabels);

/** Approving roles: the roles that post service guides and process information. */
export const APPROVING_ROLES = [...new Set(approvalKindSlugs.map((k) => APPROVAL_KINDS[k].role))] as AgencyRole[];

const LICENCE_KINDS = approvalKindSlugs.filter((k) => APPROVAL_KINDS[k].licence);

/** Role cases keyed on the approval kind found at `path`. */
function rolesByApprovalKind<P extends string>(path: P): RoleCase<P>[] {
  return APPROVING_ROLES.map((role) => ({
    when: { path, in: approvalKindSlugs.filter((k) => APPROVAL_KINDS[k].role === role) },
    roles: [role],
  }));
}

/** 行政许可 decisions: XK-CF-7; everything else: OGI-26. */
function approvalDeadlines<P extends string>(kindPath: P, from: P): DeadlineSpec<P>[] {
  const licence: Condition<P> = { path: kindPath, in: LICENCE_KINDS };
  return [{ ...xkcf7(from), when: licence }, ogi26(from)];
}

const projectRef = {
  projectCode: projectCode('项目代码（项目统一代码）'),
  projectName: text('项目名称', { max: 200 }),
};

// ---------------------------------------------------------------------------
// 批准服务信息

export const ServiceGuidePublished = defineEvent({
  type: 'ServiceGuidePublished',
  schemaVersion: 1,
  title: { zh: '办事指南发布', en: 'Service guide published' },
  domain: 'approvals',
  category: 'approval-services',
  item: { zh: '办事指南', en: 'Service guide' },
  stream: { kind: 'guide', idField: 'itemCode' },
  payload: z.strictObject({
    itemCode: idPart('事项编码', '政务服务事项编码（ASCII），如 320500-XK-FG-0012'),
    itemName: text('事项名称', { max: 200 }),
    approvalKind: approvalKind('对应审批类型').optional(),
    region: region('适用行政区划代码'),
    handlingAuthority: authorityRef('受理机构'),
    basis: textList('设定依据', '依据', { max: 300 }).optional(),
    requirements: longText('申报要求'),
    materials: textList('申报材料清单', '材料名称', { max: 300 }),
    procedure: longText('批准流程'),
    statutoryTimeLimit: text('法定办理时限', { max: 100 }),
    promisedTimeLimit: text('承诺办理时限', { max: 100 }).optional(),
    fees: text('收费标准', { max: 500 }).optional(),
    acceptingContact: contact('受理机构联系方式'),
    supervisionContact: contact('监督举报方式'),
    onlineUrl: url('网上办理地址').optional(),
    effectiveDate: date('发布（更新）日期'),
  }),
  roles: APPROVING_ROLES,
  audience: 'public',
  formedDateField: 'effectiveDate',
  deadlines: [{ rule: 'GUIDE-RT', duration: 0, unit: 'realtime', from: 'effectiveDate' }],
  region: { regionField: 'region' },
  recordKey: { prefix: 'guide', fields: ['itemCode'] },
  standards: { oc4ids: 'none (service catalogue reference data)' },
});

const applicationBase = {
  ...projectRef,
  applicationId: idPart('办件编号'),
  approvalKind: approvalKind('审批类型'),
  itemName: text('事项名称', { max: 200 }),
  handlingAuthority: authorityRef('办理部门'),
};

const applicationAccepted = {
  kind: 'requires',
  id: 'APPLICATION-ACCEPTED',
  message: { zh: '该办件尚未受理（需先发布 ApplicationAccepted）', en: 'the application has not been accepted (ApplicationAccepted first)' },
  needs: { type: 'ApplicationAccepted', sameAs: [{ path: 'applicationId', candidatePath: 'applicationId' }] },
} as const;

export const ApplicationAccepted = defineEvent({
  type: 'ApplicationAccepted',
  schemaVersion: 1,
  title: { zh: '申请受理', en: 'Application accepted' },
  domain: 'approvals',
  category: 'approval-services',
  item: { zh: '办理过程信息', en: 'Processing information' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z.strictObject({
    ...applicationBase,
    acceptedDate: date('受理日期'),
    promisedCompletionDate: date('承诺办结日期').optional(),
  }),
  roles: APPROVING_ROLES,
  rolesWhen: rolesByApprovalKind('approvalKind'),
  // 办理过程信息: 公开对象 = 特定群体 (the 项目单位)
  audience: 'group',
  formedDateField: 'acceptedDate',
  deadlines: [timely('PROC-TIMELY', 'acceptedDate')],
  lifecycle: [
    NEEDS_REGISTRATION,
    once('APPLICATION-ONCE', '该办件编号已受理', 'an application with this id was already accepted', ['applicationId']),
  ],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'application', fields: ['applicationId'] },
});

export const ApplicationProgressed = defineEvent({
  type: 'ApplicationProgressed',
  schemaVersion: 1,
  title: { zh: '办理进展', en: 'Application progressed' },
  domain: 'approvals',
  category: 'approval-services',
  item: { zh: '办理过程信息', en: 'Processing information' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z.strictObject({
    ...applicationBase,
    stage: text('办理环节', { max: 100 }),
    progress: longText('办理进展'),
    progressDate: date('进展日期'),
  }),
  roles: APPROVING_ROLES,
  rolesWhen: rolesByApprovalKind('approvalKind'),
  audience: 'group',
  formedDateField: 'progressDate',
  deadlines: [timely('PROC-TIMELY', 'progressDate')],
  lifecycle: [NEEDS_REGISTRATION, applicationAccepted],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'application', fields: ['applicationId'] },
});

export const ApplicationConcluded = defineEvent({
  type: 'ApplicationConcluded',
  schemaVersion: 1,
  title: { zh: '办结', en: 'Application concluded' },
  domain: 'approvals',
  category: 'approval-services',
  item: { zh: '办理过程信息', en: 'Processing information' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z.strictObject({
    ...applicationBase,
    outcome: labelledEnum('办结结果', {
      approved: '准予（批准）',
      rejected: '不予（不批准）',
      withdrawn: '申请人撤回',
      terminated: '终止办理',
    }),
    concludedDate: date('办结日期'),
    resultDocumentNumber: documentNumber('结果文书文号').optional(),
  }),
  roles: APPROVING_ROLES,
  rolesWhen: rolesByApprovalKind('approvalKind'),
  audience: 'group',
  formedDateField: 'concludedDate',
  deadlines: [timely('PROC-TIMELY', 'concludedDate')],
  lifecycle: [
    NEEDS_REGISTRATION,
    applicationAccepted,
    once('APPLICATION-CONCLUDED-ONCE', '该办件已办结', 'the application is already concluded', ['applicationId']),
  ],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'application', fields: ['applicationId'] },
});

// ---------------------------------------------------------------------------
// 批准结果信息

const approved = (kinds: readonly ApprovalKind[]) => ({
  type: 'ApprovalDecided',
  where: [{ path: 'kind', in: kinds }, { path: 'result', equals: 'approved' }],
});

const governmentInvestment = { type: 'ProjectRegistered', where: [{ path: 'investmentType', equals: 'government' }] };

export const ApprovalDecided = defineEvent({
  type: 'ApprovalDecided',
  schemaVersion: 1,
  title: { zh: '审批（核准、备案、许可）结果', en: 'Approval decided' },
  domain: 'approvals',
  category: 'approval-results',
  item: { zh: '批准结果信息', en: 'Approval result' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z
    .strictObject({
      ...projectRef,
      kind: approvalKind('审批类型'),
      result: labelledEnum('审批结果', { approved: '批准（准予、同意备案）', rejected: '不予批准' }),
      documentNumber: documentNumber('批复文号（备案号、许可证号）'),
      decisionDate: date('批复时间（备案时间、发证日期）'),
      approvingAuthority: authorityRef('批复单位（备案单位、发证机关）'),
      summary: longText('批复主要内容').optional(),
      approvedInvestment: amount('核定（批复）总投资').optional(),
      validUntil: date('有效期至').optional(),
      rejectionReason: longText('不予批准理由').optional(),
      applicationId: idPart('办件编号').optional(),
    })
    .superRefine((p, ctx) => {
      if (p.result === 'rejected' && !p.rejectionReason) {
        ctx.addIssue({ code: 'custom', path: ['rejectionReason'], message: '不予批准须说明理由 / a rejection needs rejectionReason' });
      }
    }),
  roles: APPROVING_ROLES,
  rolesWhen: rolesByApprovalKind('kind'),
  audience: 'public',
  formedDateField: 'decisionDate',
  deadlines: approvalDeadlines('kind', 'decisionDate'),
  lifecycle: [
    NEEDS_REGISTRATION,
    {
      kind: 'requires',
      id: 'APPROVAL-FS-NEEDS-PROPOSAL',
      message: {
        zh: '政府投资项目的可行性研究报告审批需先批复项目建议书',
        en: 'a government-investment feasibility study needs an approved project proposal',
      },
      when: [{ path: 'kind', equals: 'feasibility-study' }],
      whenStream: governmentInvestment,
      needs: approved(['project-proposal']),
    },
    {
      kind: 'requires',
      id: 'APPROVAL-PD-NEEDS-FS',
      message: {
        zh: '政府投资项目的初步设计审批需先批复可行性研究报告',
        en: 'a government-investment preliminary design needs an approved feasibility study',
      },
      when: [{ path: 'kind', equals: 'preliminary-design' }],
      whenStream: governmentInvestment,
      needs: approved(['feasibility-study']),
    },
    {
      kind: 'requires',
      id: 'APPROVAL-PERMIT-NEEDS-PLANNING',
      message: {
        zh: '施工许可需先取得建设工程（或乡村建设）规划许可',
        en: 'a construction permit needs an engineering (or rural) planning permit',
      },
      when: [{ path: 'kind', equals: 'construction-permit' }],
      needs: approved(['engineering-planning-permit', 'rural-planning-permit']),
    },
  ],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'approval', fields: ['kind', 'documentNumber'] },
  standards: { oc4ids: 'milestones[type=approval], documents', ocdsTag: 'planning' },
});

// ---------------------------------------------------------------------------
// 重大设计变更信息

export const DesignChangeApproved = defineEvent({
  type: 'DesignChangeApproved',
  schemaVersion: 1,
  title: { zh: '重大设计变更批复', en: 'Major design change approved' },
  domain: 'approvals',
  category: 'design-changes',
  item: { zh: '重大设计变更（设计变更、概算调整、可研变更）', en: 'Major design change' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z.strictObject({
    ...projectRef,
    changeKind: labelledEnum('变更类型', {
      design: '初步设计变更',
      budget: '概算调整',
      feasibility: '可行性研究报告变更',
      other: '其他重大变更',
    }),
    changedApproval: z
      .strictObject({ kind: approvalKind('原审批类型'), documentNumber: documentNumber('原批复文号') })
      .meta({ title: '被变更的原批复' }),
    changeReason: longText('变更原因'),
    changeContent: longText('主要变更内容'),
    changeBasis: text('变更依据', { max: 1000 }),
    budgetBefore: amount('调整前概算').optional(),
    budgetAfter: amount('调整后概算').optional(),
    approvingAuthority: authorityRef('批准单位'),
    documentNumber: documentNumber('批复文号'),
    decisionDate: date('批复时间'),
  }),
  roles: APPROVING_ROLES,
  // "谁审批、谁公开": the department that made the original approval
  rolesWhen: rolesByApprovalKind('changedApproval.kind'),
  audience: 'public',
  formedDateField: 'decisionDate',
  deadlines: approvalDeadlines('changedApproval.kind', 'decisionDate'),
  lifecycle: [
    NEEDS_REGISTRATION,
    {
      kind: 'requires',
      id: 'DESIGN-CHANGE-NEEDS-APPROVAL',
      message: { zh: '找不到被变更的原批复（类型和文号须一致）', en: 'the approval being changed (same kind and document number) is not in the stream' },
      needs: {
        type: 'ApprovalDecided',
        where: [{ path: 'result', equals: 'approved' }],
        sameAs: [
          { path: 'kind', candidatePath: 'changedApproval.kind' },
          { path: 'documentNumber', candidatePath: 'changedApproval.documentNumber' },
        ],
      },
    },
  ],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'design-change', fields: ['documentNumber'] },
  standards: { oc4ids: 'modifications / documents[budgetAmendmentApproval]', ocdsTag: 'planningUpdate' },
});

export const approvalEntries = [
  ServiceGuidePublished,
  ApplicationAccepted,
  ApplicationProgressed,
  ApplicationConcluded,
  ApprovalDecided,
  DesignChangeApproved,
] as const;
