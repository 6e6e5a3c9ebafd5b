// 项目赋码: the project's registration on the 投资项目在线审批监管平台; opens the project stream.
import { defineEvent } from '../define.ts';
import { z } from 'zod';
import { amount, date, labelledEnum, longText, orgRef, projectCode, region, text } from '../fields.ts';
import { once, ogi26 } from './shared.ts';

export const INVESTMENT_TYPES = {
  government: '政府投资（审批制）',
  ratification: '企业投资（核准制）',
  filing: '企业投资（备案制）',
} as const;

export const ProjectRegistered = defineEvent({
  type: 'ProjectRegistered',
  schemaVersion: 1,
  title: { zh: '项目赋码', en: 'Project registered' },
  domain: 'projects',
  category: 'projects',
  item: { zh: '项目基本信息', en: 'Project basic information' },
  stream: { kind: 'project', idField: 'projectCode' },
  payload: z.strictObject({
    projectCode: projectCode(),
    projectName: text('项目名称', { max: 200 }),
    projectUnit: orgRef('项目单位'),
    location: text('建设地点', { max: 300 }),
    region: region('建设地点行政区划代码'),
    industry: text('所属行业', { max: 100 }),
    investmentType: labelledEnum('项目类型（管理方式）', INVESTMENT_TYPES),
    totalInvestment: amount('总投资'),
    fundingSources: z
      .array(z.strictObject({ source: text('资金来源', { max: 100 }), amount: amount('金额').optional() }))
      .min(1)
      .meta({ title: '资金来源' }),
    scaleAndContent: longText('建设规模和内容'),
    plannedStartDate: date('拟开工时间').optional(),
    plannedCompletionDate: date('拟建成时间').optional(),
    registrationDate: date('赋码日期'),
  }),
  roles: ['development-reform'],
  audience: 'public',
  formedDateField: 'registrationDate',
  deadlines: [ogi26('registrationDate')],
  lifecycle: [once('PROJECT-ONCE', '项目已赋码登记，不能重复登记', 'the project is already registered in this stream')],
  region: { projectCodeField: 'projectCode' },
  projectCodeFields: ['projectCode'],
  recordKey: { prefix: 'project', fields: ['projectCode'] },
  standards: { oc4ids: 'identification (project, identifiers)' },
});

export const projectEntries = [ProjectRegistered] as const;
