// 施工有关信息 and 质量安全监督信息 (project stream). Names of responsible persons (主要负责人,
// 项目负责人, 审查人员) are published by law as professional information and are not masked.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { LifecycleRule } from '../define.ts';
import {
  amount,
  authorityRef,
  contact,
  creditCode,
  date,
  documentNumber,
  idPart,
  labelledEnum,
  longText,
  orgRef,
  percent,
  projectCode,
  responsiblePerson,
  text,
  textList,
} from '../fields.ts';
import { NEEDS_REGISTRATION, ogi26, once } from './shared.ts';

const projectRef = { projectCode: projectCode(), projectName: text('项目名称', { max: 200 }) };

const common = {
  schemaVersion: 1,
  domain: 'construction',
  stream: { kind: 'project', idField: 'projectCode' },
  roles: ['housing-construction'],
  audience: 'public',
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
} as const;

export const NEEDS_CONSTRUCTION_STARTED: LifecycleRule = {
  kind: 'requires',
  id: 'NEEDS-CONSTRUCTION-STARTED',
  message: { zh: '项目尚未开工', en: 'construction has not started on this project' },
  needs: { type: 'ConstructionStarted' },
};

export const ParticipantsDisclosed = defineEvent({
  ...common,
  type: 'ParticipantsDisclosed',
  title: { zh: '参建单位及负责人', en: 'Project participants disclosed' },
  category: 'construction',
  item: { zh: '项目法人及参建单位信息', en: 'Project legal person and participants' },
  payload: z.strictObject({
    ...projectRef,
    disclosedDate: date('信息形成日期'),
    projectLegalPerson: z
      .strictObject({
        name: text('项目法人单位名称', { max: 200 }),
        creditCode: creditCode(),
        principal: responsiblePerson('主要负责人'),
      })
      .meta({ title: '项目法人单位及其主要负责人' }),
    participants: z
      .array(
        z.strictObject({
          role: labelledEnum('参建类别', { survey: '勘察单位', design: '设计单位', construction: '施工单位', supervision: '监理单位' }),
          name: text('单位名称', { max: 200 }),
          creditCode: creditCode(),
          principal: responsiblePerson('主要负责人'),
          projectLead: responsiblePerson('项目负责人（项目经理、总监理工程师）'),
          qualification: text('资质等级', { max: 300 }),
        }),
      )
      .min(1)
      .meta({ title: '设计、施工、监理等参建单位' }),
    managementStructure: longText('施工单位项目管理机构设置、工作职责、主要管理制度').optional(),
  }),
  formedDateField: 'disclosedDate',
  deadlines: [ogi26('disclosedDate')],
  lifecycle: [NEEDS_REGISTRATION],
  recordKey: { prefix: 'participants', fields: [] },
  standards: { oc4ids: 'parties[]' },
});

export const DrawingReviewCompleted = defineEvent({
  ...common,
  type: 'DrawingReviewCompleted',
  title: { zh: '施工图审查', en: 'Construction drawing review completed' },
  category: 'construction',
  item: { zh: '施工图审查信息', en: 'Construction drawing review' },
  payload: z.strictObject({
    ...projectRef,
    reviewAgency: orgRef('施工图审查机构'),
    reviewers: z.array(responsiblePerson('审查人员')).min(1).meta({ title: '审查人员' }),
    submittedDate: date('送审日期').optional(),
    completedDate: date('审查完成日期'),
    reviewTimeLimit: text('审查时限', { max: 100 }),
    result: labelledEnum('审查结果', { passed: '审查合格', failed: '审查不合格' }),
    certificateNumber: documentNumber('审查合格书编号').optional(),
  }),
  formedDateField: 'completedDate',
  deadlines: [ogi26('completedDate')],
  lifecycle: [NEEDS_REGISTRATION],
  recordKey: { prefix: 'drawing-review', fields: ['completedDate'] },
  standards: { oc4ids: 'documents[designReport]' },
});

export const SupervisionAssigned = defineEvent({
  ...common,
  type: 'SupervisionAssigned',
  title: { zh: '质量安全监督机构', en: 'Quality and safety supervision assigned' },
  category: 'quality-safety',
  item: { zh: '质量安全监督机构及其联系方式', en: 'Supervising body and contact' },
  payload: z.strictObject({
    ...projectRef,
    agency: authorityRef('质量安全监督机构'),
    contact: contact('联系方式'),
    supervisors: z.array(responsiblePerson('监督人员')).meta({ title: '监督人员' }).optional(),
    registrationNumber: documentNumber('监督登记号').optional(),
    assignedDate: date('监督手续办理日期'),
  }),
  formedDateField: 'assignedDate',
  deadlines: [ogi26('assignedDate')],
  lifecycle: [NEEDS_REGISTRATION],
  recordKey: { prefix: 'supervision', fields: [] },
  standards: { oc4ids: 'parties[role=independentMonitor]' },
});

export const ConstructionStarted = defineEvent({
  ...common,
  type: 'ConstructionStarted',
  title: { zh: '开工', en: 'Construction started' },
  category: 'construction',
  item: { zh: '开工信息', en: 'Commencement' },
  payload: z.strictObject({
    ...projectRef,
    startDate: date('开工日期'),
    permitNumber: documentNumber('施工许可证号'),
    plannedCompletionDate: date('计划竣工日期').optional(),
    environmentalMeasures: longText('施工期环境保护措施').optional(),
  }),
  formedDateField: 'startDate',
  deadlines: [ogi26('startDate')],
  lifecycle: [
    NEEDS_REGISTRATION,
    {
      kind: 'requires',
      id: 'CONSTRUCTION-NEEDS-PERMIT',
      message: { zh: '项目未取得施工许可（许可证号须一致）', en: 'the project has no construction permit with this number' },
      needs: {
        type: 'ApprovalDecided',
        where: [
          { path: 'kind', equals: 'construction-permit' },
          { path: 'result', equals: 'approved' },
        ],
        sameAs: [{ path: 'documentNumber', candidatePath: 'permitNumber' }],
      },
    },
    once('CONSTRUCTION-STARTED-ONCE', '项目已开工', 'construction has already started'),
  ],
  recordKey: { prefix: 'start', fields: [] },
  standards: { oc4ids: 'milestones[code=commencement]', ocdsTag: 'implementation' },
});

export const ProgressReported = defineEvent({
  ...common,
  type: 'ProgressReported',
  title: { zh: '施工进度', en: 'Construction progress reported' },
  category: 'construction',
  item: { zh: '施工进度', en: 'Construction progress' },
  payload: z.strictObject({
    ...projectRef,
    reportDate: date('报告日期'),
    period: text('报告期', { max: 100 }),
    progress: longText('形象进度'),
    progressPercent: percent('累计完成比例').optional(),
    completedInvestment: amount('累计完成投资').optional(),
    environmentalMeasures: longText('施工期环境保护措施落实情况').optional(),
  }),
  formedDateField: 'reportDate',
  deadlines: [ogi26('reportDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_CONSTRUCTION_STARTED],
  recordKey: { prefix: 'progress', fields: ['reportDate'] },
  standards: { oc4ids: 'metrics[physicalProgress], documents[physicalProgressReport]', ocdsTag: 'implementationUpdate' },
});

export const InspectionRecorded = defineEvent({
  ...common,
  type: 'InspectionRecorded',
  title: { zh: '质量安全检查', en: 'Quality and safety inspection recorded' },
  category: 'quality-safety',
  item: { zh: '质量安全监督检查', en: 'Quality and safety inspection' },
  payload: z
    .strictObject({
      ...projectRef,
      inspectionId: idPart('检查编号'),
      inspectionDate: date('检查日期'),
      inspectingBody: authorityRef('检查机构'),
      scope: labelledEnum('检查类别', { quality: '质量', safety: '安全生产', both: '质量和安全' }),
      result: labelledEnum('检查结果', { passed: '未发现问题', 'issues-found': '发现问题，责令整改', 'stop-work': '责令停工整改' }),
      issues: textList('存在问题', '问题', { max: 1000 }).optional(),
      rectificationRequirement: longText('整改要求').optional(),
      rectificationDeadline: date('整改期限').optional(),
    })
    .superRefine((p, ctx) => {
      if (p.result !== 'passed' && (!p.issues || !p.rectificationRequirement)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rectificationRequirement'],
          message: '发现问题时须列明问题和整改要求 / issues and rectificationRequirement are required unless the result is passed',
        });
      }
    }),
  formedDateField: 'inspectionDate',
  deadlines: [ogi26('inspectionDate')],
  lifecycle: [
    NEEDS_REGISTRATION,
    NEEDS_CONSTRUCTION_STARTED,
    once('INSPECTION-ONCE', '该检查编号已存在', 'an inspection with this id is already recorded', ['inspectionId']),
  ],
  recordKey: { prefix: 'inspection', fields: ['inspectionId'] },
  standards: { oc4ids: 'documents[buildingInspectionReport]' },
});

export const RectificationCompleted = defineEvent({
  ...common,
  type: 'RectificationCompleted',
  title: { zh: '整改完成', en: 'Rectification completed' },
  category: 'quality-safety',
  item: { zh: '质量安全监督检查', en: 'Quality and safety inspection' },
  payload: z.strictObject({
    ...projectRef,
    inspectionId: idPart('检查编号'),
    completedDate: date('整改完成日期'),
    measures: longText('整改情况'),
    verifiedBy: authorityRef('复查机构').optional(),
    verificationResult: labelledEnum('复查结果', { passed: '复查合格', failed: '复查不合格' }).optional(),
  }),
  formedDateField: 'completedDate',
  deadlines: [ogi26('completedDate')],
  lifecycle: [
    NEEDS_REGISTRATION,
    {
      kind: 'requires',
      id: 'RECTIFICATION-NEEDS-INSPECTION',
      message: { zh: '找不到要求整改的检查记录（检查编号须一致）', en: 'no inspection with this id required rectification' },
      needs: {
        type: 'InspectionRecorded',
        where: [{ path: 'result', in: ['issues-found', 'stop-work'] }],
        sameAs: [{ path: 'inspectionId', candidatePath: 'inspectionId' }],
      },
    },
  ],
  recordKey: { prefix: 'inspection', fields: ['inspectionId'] },
});

export const constructionEntries = [
  ParticipantsDisclosed,
  DrawingReviewCompleted,
  SupervisionAssigned,
  ConstructionStarted,
  ProgressReported,
  InspectionRecorded,
  RectificationCompleted,
] as const;
