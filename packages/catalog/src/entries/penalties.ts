// 行政处罚信息 ("双公示"): one stream per case (`penalty-{案件编号}`). A natural-person party is
// personal data (name masked, ID number never public); an organisation is identified by its
// 统一社会信用代码 and published in full.
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import type { PersonalDataField } from '../define.ts';
import {
  amount,
  authorityRef,
  creditCode,
  date,
  documentNumber,
  idPart,
  labelledEnum,
  longText,
  personName,
  projectCodes,
  region,
  residentId,
  text,
} from '../fields.ts';
import type { AgencyRole } from '../vocabulary.ts';
import { once, window, xkcf7 } from './shared.ts';

/** 行政相对人: an organisation (法人、非法人组织、个体工商户) or a natural person. */
export function partySchema(title: string) {
  return z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('organisation').meta({ title: '法人、非法人组织或个体工商户' }),
        name: text('名称', { max: 200 }),
        creditCode: creditCode(),
        legalRepresentative: text('法定代表人（负责人）', { max: 50 }).optional(),
      }),
      z.strictObject({
        type: z.literal('natural-person').meta({ title: '自然人' }),
        name: personName('姓名'),
        idNumber: residentId('身份证号码').optional(),
      }),
    ])
    .meta({ title, description: 'type=organisation（法人、非法人组织、个体工商户）或 natural-person（自然人）' });
}

/** The personal data of a `party` (see partySchema) when it is a natural person, keyed to `subject`. */
export function naturalPersonParty<P extends string>(subject: P): PersonalDataField<'party.name' | 'party.idNumber' | 'party.type' | P>[] {
  const when = { path: 'party.type', equals: 'natural-person' } as const;
  return [
    { path: 'party.name', kind: 'name', subject, when },
    { path: 'party.idNumber', kind: 'idNumber', subject, when },
  ];
}

export const PENALTY_TYPES = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  'qualification-reduction': '降低资质等级',
  'licence-suspension': '暂扣许可证件',
  'licence-revocation': '吊销许可证件',
  'production-suspension': '责令停产停业、责令关闭',
  'business-restriction': '限制开展生产经营活动',
  'employment-restriction': '限制从业',
  detention: '行政拘留',
  other: '其他',
} as const;

/** The departments that impose penalties in these fields. */
export const PENALTY_ROLES: AgencyRole[] = [
  'enforcement',
  'housing-construction',
  'market-regulation',
  'natural-resources',
  'ecology-environment',
  'water',
  'development-reform',
  'finance',
];

const penaltyId = idPart('处罚案件编号', '执法系统案件编号（ASCII），如 SZ-ZF-2024-0156');

export const PenaltyDecided = defineEvent({
  type: 'PenaltyDecided',
  schemaVersion: 1,
  title: { zh: '行政处罚决定', en: 'Administrative penalty decided' },
  domain: 'enforcement',
  category: 'penalties',
  item: { zh: '行政处罚决定', en: 'Penalty decision' },
  stream: { kind: 'penalty', idField: 'penaltyId' },
  payload: z
    .strictObject({
      penaltyId,
      region: region('处罚机关所在行政区划代码'),
      decisionNumber: documentNumber('行政处罚决定书文号'),
      caseName: text('处罚名称（案件名称）', { max: 300 }),
      penaltyTypes: z.array(labelledEnum('处罚类别', PENALTY_TYPES)).min(1).meta({ title: '处罚类别' }),
      facts: longText('违法事实（处罚事由）'),
      basis: longText('处罚依据'),
      result: longText('处罚结果（内容）'),
      fineAmount: amount('罚款金额').optional(),
      confiscatedAmount: amount('没收金额').optional(),
      party: partySchema('行政相对人'),
      authority: authorityRef('处罚机关'),
      decisionDate: date('处罚决定日期'),
      publicityEnd: date('公示截止日期', '公示期限届满后从公开页面撤下（账本保留）'),
      relatedProjectCodes: projectCodes('相关项目代码').optional(),
      relatedTenderId: idPart('相关招标项目编号').optional(),
    })
    .superRefine((p, ctx) => {
      if (p.penaltyTypes.includes('fine') && p.fineAmount === undefined) {
        ctx.addIssue({ code: 'custom', path: ['fineAmount'], message: '处罚类别含罚款时须填写罚款金额 / fineAmount is required for a fine' });
      }
    }),
  roles: PENALTY_ROLES,
  audience: 'public',
  personalData: naturalPersonParty('penaltyId'),
  formedDateField: 'decisionDate',
  deadlines: [xkcf7('decisionDate')],
  windows: [
    // PEN-CREDIT: 一般 3个月–1年, 严重失信 6个月–3年; the longest permitted is the maximum
    window('maximum', 'PEN-CREDIT', 3, 'year', 'decisionDate', 'publicityEnd', {
      zh: '行政处罚信息公示期限最长三年，届满后撤下',
      en: 'penalty information is public for at most 3 years, then leaves the public view',
    }),
  ],
  lifecycle: [once('PENALTY-ONCE', '该案件已作出处罚决定', 'this case already has a penalty decision')],
  region: { regionField: 'region' },
  projectCodeFields: ['relatedProjectCodes[]'],
  recordKey: { prefix: 'decision', fields: [] },
});

export const PenaltyAltered = defineEvent({
  type: 'PenaltyAltered',
  schemaVersion: 1,
  title: { zh: '行政处罚决定变更、撤销', en: 'Administrative penalty altered' },
  domain: 'enforcement',
  category: 'penalties',
  item: { zh: '行政处罚决定', en: 'Penalty decision' },
  stream: { kind: 'penalty', idField: 'penaltyId' },
  payload: z
    .strictObject({
      penaltyId,
      region: region('处罚机关所在行政区划代码'),
      alteration: labelledEnum('变更类型', {
        changed: '变更',
        revoked: '撤销',
        'confirmed-illegal': '被确认违法',
        'confirmed-invalid': '被确认无效',
      }),
      alterationDate: date('变更（撤销、确认）决定日期'),
      decidingAuthority: authorityRef('作出变更决定的机关（原机关、复议机关或人民法院）'),
      documentNumber: documentNumber('决定书（判决书）文号'),
      reason: longText('理由'),
      newResult: longText('变更后的处罚结果').optional(),
    })
    .superRefine((p, ctx) => {
      if (p.alteration === 'changed' && !p.newResult) {
        ctx.addIssue({ code: 'custom', path: ['newResult'], message: '变更须填写变更后的处罚结果 / a change needs newResult' });
      }
    }),
  roles: PENALTY_ROLES,
  audience: 'public',
  formedDateField: 'alterationDate',
  // 行政处罚法 第48条: withdraw (or update) within 3 working days
  deadlines: [{ rule: 'PEN-WITHDRAW', duration: 3, unit: 'workday', from: 'alterationDate' }],
  lifecycle: [
    {
      kind: 'requires',
      id: 'ALTERATION-NEEDS-DECISION',
      message: { zh: '该案件尚无行政处罚决定', en: 'this case has no penalty decision' },
      needs: { type: 'PenaltyDecided' },
    },
  ],
  region: { regionField: 'region' },
  // the alteration belongs to the decision's record
  recordKey: { prefix: 'decision', fields: [] },
});

export const penaltyEntries = [PenaltyDecided, PenaltyAltered] as const;
