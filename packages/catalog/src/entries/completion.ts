// 竣工有关信息 (project stream): acceptance, special acceptances, filing, handover, final accounts.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { LifecycleRule, RoleCase } from '../define.ts';
import { amount, authorityRef, date, documentNumber, labelledEnum, longText, orgRef, projectCode, text } from '../fields.ts';
import { NEEDS_REGISTRATION, ogi26, once } from './shared.ts';
import { NEEDS_CONSTRUCTION_STARTED } from './construction.ts';

const projectRef = { projectCode: projectCode(), projectName: text('项目名称', { max: 200 }) };

const common = {
  schemaVersion: 1,
  domain: 'completion',
  category: 'completion',
  stream: { kind: 'project', idField: 'projectCode' },
  roles: ['housing-construction'],
  audience: 'public',
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
} as const;

const NEEDS_ACCEPTANCE: LifecycleRule = {
  kind: 'requires',
  id: 'NEEDS-COMPLETION-ACCEPTANCE',
  message: { zh: '工程尚未竣工验收合格', en: 'the project has not passed completion acceptance' },
  needs: { type: 'CompletionAccepted', where: [{ path: 'result', equals: 'qualified' }] },
};

export const CompletionAccepted = defineEvent({
  ...common,
  type: 'CompletionAccepted',
  title: { zh: '竣工验收', en: 'Completion accepted' },
  item: { zh: '竣工验收时间及工程质量验收结果', en: 'Completion acceptance' },
  payload: z.strictObject({
    ...projectRef,
    acceptanceDate: date('竣工验收时间'),
    organiser: orgRef('验收组织单位（建设单位）'),
    result: labelledEnum('工程质量验收结果', { qualified: '合格', unqualified: '不合格' }),
    summary: longText('验收情况说明').optional(),
  }),
  formedDateField: 'acceptanceDate',
  deadlines: [ogi26('acceptanceDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_CONSTRUCTION_STARTED],
  recordKey: { prefix: 'completion-acceptance', fields: [] },
  standards: { oc4ids: 'completion.endDate, milestones[code=completion]', ocdsTag: 'implementation' },
});

export const SPECIAL_ACCEPTANCE_KINDS = {
  fire: '消防验收',
  environmental: '环境保护验收',
  'soil-water': '水土保持设施验收',
  archives: '档案验收',
  'land-resettlement': '征地补偿和移民安置验收',
} as const;

const specialAcceptanceRoles: RoleCase<'kind'>[] = [
  { when: { path: 'kind', in: ['fire', 'archives'] }, roles: ['housing-construction'] },
  { when: { path: 'kind', equals: 'environmental' }, roles: ['ecology-environment'] },
  { when: { path: 'kind', equals: 'soil-water' }, roles: ['water'] },
  { when: { path: 'kind', equals: 'land-resettlement' }, roles: ['natural-resources'] },
];

export const SpecialAcceptanceRecorded = defineEvent({
  ...common,
  type: 'SpecialAcceptanceRecorded',
  title: { zh: '专项验收', en: 'Special acceptance recorded' },
  item: { zh: '专项验收时间及结果', en: 'Special acceptance' },
  roles: ['housing-construction', 'ecology-environment', 'water', 'natural-resources'],
  rolesWhen: specialAcceptanceRoles,
  payload: z.strictObject({
    ...projectRef,
    kind: labelledEnum('专项验收类别', SPECIAL_ACCEPTANCE_KINDS),
    acceptanceDate: date('验收时间'),
    result: labelledEnum('验收结果', { passed: '合格（通过）', failed: '不合格（不通过）' }),
    authority: authorityRef('验收（备案）单位'),
    documentNumber: documentNumber('验收意见文号').optional(),
  }),
  formedDateField: 'acceptanceDate',
  deadlines: [ogi26('acceptanceDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_CONSTRUCTION_STARTED],
  recordKey: { prefix: 'special-acceptance', fields: ['kind'] },
});

export const CompletionFiled = defineEvent({
  ...common,
  type: 'CompletionFiled',
  title: { zh: '竣工验收备案', en: 'Completion filed' },
  item: { zh: '竣工验收备案', en: 'Completion filing' },
  payload: z.strictObject({
    ...projectRef,
    filingDate: date('备案时间'),
    filingNumber: documentNumber('备案编号'),
    filingAuthority: authorityRef('备案部门'),
  }),
  formedDateField: 'filingDate',
  deadlines: [ogi26('filingDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_ACCEPTANCE, once('COMPLETION-FILED-ONCE', '已办理竣工验收备案', 'completion is already filed')],
  recordKey: { prefix: 'completion-filing', fields: [] },
  standards: { oc4ids: 'documents[completionCertificate]' },
});

export const HandedOver = defineEvent({
  ...common,
  type: 'HandedOver',
  title: { zh: '交付使用', en: 'Handed over for use' },
  item: { zh: '交付使用时间', en: 'Handover' },
  payload: z.strictObject({
    ...projectRef,
    handoverDate: date('交付使用时间'),
    recipient: orgRef('接收（运营管养）单位').optional(),
    notes: longText('说明').optional(),
  }),
  formedDateField: 'handoverDate',
  deadlines: [ogi26('handoverDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_ACCEPTANCE],
  recordKey: { prefix: 'handover', fields: [] },
  standards: { oc4ids: 'status=completion, milestones[code=commissioning]' },
});

export const FinalAccountsApproved = defineEvent({
  ...common,
  type: 'FinalAccountsApproved',
  title: { zh: '竣工决算', en: 'Final accounts approved' },
  item: { zh: '竣工决算审计及财务决算批复', en: 'Final accounts' },
  roles: ['finance', 'development-reform'],
  payload: z.strictObject({
    ...projectRef,
    auditor: orgRef('审计单位'),
    auditConclusion: longText('审计结论'),
    auditedAmount: amount('审定金额').optional(),
    finalAmount: amount('竣工财务决算金额'),
    approvingAuthority: authorityRef('批复单位'),
    documentNumber: documentNumber('批复文号'),
    decisionDate: date('批复时间'),
  }),
  formedDateField: 'decisionDate',
  deadlines: [ogi26('decisionDate')],
  lifecycle: [NEEDS_REGISTRATION, NEEDS_ACCEPTANCE],
  recordKey: { prefix: 'final-accounts', fields: [] },
  standards: { oc4ids: 'completion.finalValue, documents[financialAuditReport]' },
});

export const completionEntries = [
  CompletionAccepted,
  SpecialAcceptanceRecorded,
  CompletionFiled,
  HandedOver,
  FinalAccountsApproved,
] as const;
