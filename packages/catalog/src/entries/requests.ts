// 依申请公开 (条例 第27–45条): one stream per request, `request-{requestId}`. The requester submits
// (through the public API with a request token, or the agency registers a paper request); the agency
// addressed asks for 补正, consults third parties, extends, answers and charges fees. The clock
// (20 working days from the receipt date of art. 31, restarted by 补正, third-party time not
// counted, ≤ 20 more with approval) is computed from these events by services/requests.
//
// Every request event is 依申请 (audience 'request'): never in any public view. The requester's
// name, ID number and contacts are personal data, keyed by the request id (the per-subject key).
import { z } from 'zod';
import { defineEvent, type LifecycleRule } from '../define.ts';
import { amount, authorityRef, creditCode, date, documentNumber, idPart, labelledEnum, longText, personName, phone, positiveCount, region, residentId, text } from '../fields.ts';
import { AGENCY_ROLES } from '../vocabulary.ts';
import { once } from './shared.ts';

/** 答复类型 (条例第36条; 年度报告 table 3 of 国办公开办函〔2021〕30号). */
export const REQUEST_OUTCOMES = {
  disclosed: '予以公开',
  'partially-disclosed': '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  'not-processed': '不予处理',
  'other-channel': '告知其他途径',
} as const;
export type RequestOutcome = keyof typeof REQUEST_OUTCOMES;

/** 不予公开 / 部分公开 grounds (条例第14–16条). */
export const WITHHOLDING_GROUNDS = {
  'state-secret': '属于国家秘密',
  'law-prohibited': '其他法律行政法规禁止公开',
  'security-stability': '危及"三安全一稳定"',
  'third-party-rights': '保护第三方合法权益',
  'internal-affairs': '属于三类内部事务信息',
  'process-info': '属于四类过程性信息',
  'enforcement-files': '属于行政执法案卷',
  'inquiry-nature': '属于行政查询事项',
} as const;

export const UNAVAILABLE_REASONS = {
  'not-held': '本机关不掌握相关政府信息',
  'not-existing': '没有现成信息需要另行制作',
  'still-unclear': '补正后申请内容仍不明确',
} as const;

export const NOT_PROCESSED_REASONS = {
  petition: '信访举报投诉类申请',
  repeated: '重复申请',
  publication: '要求提供公开出版物',
  excessive: '无正当理由大量反复申请',
  confirmation: '要求行政机关确认或重新出具已获取信息',
} as const;

export const OTHER_CHANNELS = {
  'already-public': '已主动公开，告知获取途径',
  'other-agency': '非本机关负责，告知负责机关',
  'special-rules': '工商、不动产登记资料等，按有关规定办理',
} as const;

const ref = {
  requestId: idPart('申请编号', '受理机关给出的申请编号（ASCII），如 SZ-2026-0001'),
  region: region('受理机关所在行政区划代码'),
};

const common = {
  schemaVersion: 1,
  domain: 'requests',
  category: 'requests',
  stream: { kind: 'request', idField: 'requestId' },
  roles: AGENCY_ROLES,
  audience: 'request',
  region: { regionField: 'region' },
  recordKey: { prefix: 'request', fields: [] },
} as const;

const NEEDS_REQUEST: LifecycleRule = {
  kind: 'requires',
  id: 'REQUEST-SUBMITTED',
  message: { zh: '该申请尚未登记（需先有 RequestSubmitted）', en: 'no request was submitted in this stream (RequestSubmitted first)' },
  needs: { type: 'RequestSubmitted' },
};

export const RequestSubmitted = defineEvent({
  ...common,
  type: 'RequestSubmitted',
  title: { zh: '政府信息公开申请', en: 'Disclosure request submitted' },
  item: { zh: '依申请公开申请', en: 'Request for disclosure' },
  payload: z
    .strictObject({
      ...ref,
      agency: authorityRef('受理机关'),
      requester: z
        .strictObject({
          type: labelledEnum('申请人类型', { citizen: '公民', company: '法人（企业）', organisation: '其他组织' }),
          name: personName('申请人姓名或名称'),
          idNumber: residentId('身份证号码').optional(),
          creditCode: creditCode().optional(),
          phone: phone('联系电话').optional(),
          email: z.email({ error: '邮箱格式无效 / invalid e-mail' }).meta({ title: '电子邮箱' }).optional(),
          address: text('通信地址', { max: 300 }).optional(),
        })
        .meta({ title: '申请人' }),
      channel: labelledEnum('申请方式', {
        'in-person': '当面提交',
        post: '邮寄（挂号、快递）',
        'ordinary-mail': '平信',
        online: '互联网（在线平台）',
        fax: '传真',
      }),
      submittedDate: date('提交（寄出）日期'),
      receivedDate: date('收到申请之日', '条例第31条：当面提交为提交之日；邮寄为签收之日；平信、互联网、传真为双方确认之日'),
      description: longText('所需政府信息的名称、文号或者便于查询的其他特征性描述'),
      form: labelledEnum('获取信息的方式', { paper: '纸质', electronic: '电子', either: '均可' }).optional(),
    })
    .superRefine((p, ctx) => {
      // 条例第31条: the receipt date follows the channel
      if (p.receivedDate < p.submittedDate) {
        ctx.addIssue({ code: 'custom', path: ['receivedDate'], message: '收到申请之日不得早于提交日期 / the receipt date cannot precede the submission' });
      }
      if (p.channel === 'in-person' && p.receivedDate !== p.submittedDate) {
        ctx.addIssue({ code: 'custom', path: ['receivedDate'], message: '当面提交的，提交之日即收到申请之日 / in person, the receipt date is the submission date' });
      }
      if (p.requester.type !== 'citizen' && p.requester.creditCode === undefined) {
        ctx.addIssue({ code: 'custom', path: ['requester', 'creditCode'], message: '法人或其他组织须提供统一社会信用代码 / organisations give their credit code' });
      }
      if (p.requester.type !== 'citizen' && p.requester.idNumber !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['requester', 'idNumber'], message: '身份证号码仅适用于公民 / ID numbers are for citizens' });
      }
    }),
  personalData: [
    { path: 'requester.name', kind: 'name', subject: 'requestId', when: { path: 'requester.type', equals: 'citizen' } },
    { path: 'requester.idNumber', kind: 'idNumber', subject: 'requestId' },
    { path: 'requester.phone', kind: 'phone', subject: 'requestId' },
    { path: 'requester.email', kind: 'other', subject: 'requestId' },
    { path: 'requester.address', kind: 'address', subject: 'requestId' },
  ],
  formedDateField: 'receivedDate',
  lifecycle: [once('REQUEST-ONCE', '该申请已登记', 'this request is already submitted')],
});

export const SupplementRequested = defineEvent({
  ...common,
  type: 'SupplementRequested',
  title: { zh: '补正通知', en: 'Supplement requested' },
  item: { zh: '一次性告知补正', en: 'Notice to complete the request' },
  payload: z.strictObject({
    ...ref,
    noticeDate: date('告知补正日期', '条例第30条：自收到申请之日起7个工作日内一次性告知'),
    items: longText('需要补正的事项'),
    dueDate: date('合理的补正期限').optional(),
  }),
  formedDateField: 'noticeDate',
  lifecycle: [NEEDS_REQUEST, once('SUPPLEMENT-ONCE', '补正应一次性告知', 'the supplement is asked for once (一次性告知)')],
});

export const SupplementReceived = defineEvent({
  ...common,
  type: 'SupplementReceived',
  title: { zh: '收到补正', en: 'Supplement received' },
  item: { zh: '补正后的申请', en: 'Completed request' },
  payload: z.strictObject({
    ...ref,
    receivedDate: date('收到补正的申请之日', '答复期限自此日起重新计算'),
    supplement: longText('补正内容'),
  }),
  personalData: [{ path: 'supplement', kind: 'other', subject: 'requestId' }],
  formedDateField: 'receivedDate',
  lifecycle: [
    { kind: 'requires', id: 'SUPPLEMENT-REQUESTED', message: { zh: '未告知补正', en: 'no supplement was requested' }, needs: { type: 'SupplementRequested' } },
    once('SUPPLEMENT-RECEIVED-ONCE', '已收到补正', 'the supplement was already received'),
  ],
});

export const ThirdPartyConsulted = defineEvent({
  ...common,
  type: 'ThirdPartyConsulted',
  title: { zh: '征求第三方意见', en: 'Third party consulted' },
  item: { zh: '书面征求第三方或其他机关意见', en: 'Consultation of a third party or agency' },
  payload: z.strictObject({
    ...ref,
    consultationId: idPart('征求意见编号'),
    kind: labelledEnum('征求对象', { 'third-party': '第三方（条例第32条）', agency: '其他机关（条例第34条）' }),
    consulteeType: labelledEnum('第三方类型', { 'natural-person': '自然人', organisation: '法人或其他组织', agency: '行政机关' }),
    consultee: text('第三方名称或姓名', { max: 200 }),
    sentDate: date('发出征求意见书日期', '征求意见所需时间不计算在答复期限内（第33条）'),
  }),
  personalData: [{ path: 'consultee', kind: 'name', subject: 'consultationId', when: { path: 'consulteeType', equals: 'natural-person' } }],
  formedDateField: 'sentDate',
  lifecycle: [NEEDS_REQUEST, once('CONSULTATION-ONCE', '该征求意见编号已使用', 'this consultation id is already used', ['consultationId'])],
});

export const ThirdPartyReplied = defineEvent({
  ...common,
  type: 'ThirdPartyReplied',
  title: { zh: '第三方答复意见', en: 'Third party replied' },
  item: { zh: '第三方意见', en: 'Third-party reply' },
  payload: z.strictObject({
    ...ref,
    consultationId: idPart('征求意见编号'),
    replyDate: date('收到答复日期（逾期未答复的，期限届满之日）'),
    position: labelledEnum('意见', { consents: '同意公开', objects: '不同意公开（有合理理由）', 'no-reply': '逾期未提出意见' }),
  }),
  formedDateField: 'replyDate',
  lifecycle: [
    {
      kind: 'requires',
      id: 'REPLY-NEEDS-CONSULTATION',
      message: { zh: '没有对应的征求意见', en: 'no consultation with this id' },
      needs: { type: 'ThirdPartyConsulted', sameAs: [{ path: 'consultationId', candidatePath: 'consultationId' }] },
    },
    once('REPLY-ONCE', '该征求意见已答复', 'this consultation is already answered', ['consultationId']),
  ],
});

export const ExtensionApproved = defineEvent({
  ...common,
  type: 'ExtensionApproved',
  title: { zh: '延长答复期限', en: 'Extension approved' },
  item: { zh: '延期答复告知', en: 'Extension of the answer period' },
  payload: z.strictObject({
    ...ref,
    approvedDate: date('批准日期'),
    workingDays: positiveCount('延长的工作日数').max(20, { error: '延长的期限最长不得超过20个工作日 / at most 20 working days' }),
    approvedBy: text('批准人（政府信息公开工作机构负责人）', { max: 100 }),
    notifiedDate: date('告知申请人日期'),
    reason: text('延期理由', { max: 1000 }),
  }),
  formedDateField: 'approvedDate',
  lifecycle: [NEEDS_REQUEST, once('EXTENSION-ONCE', '答复期限只能延长一次（最长20个工作日）', 'the period is extended once (at most 20 working days)')],
});

export const RequestAnswered = defineEvent({
  ...common,
  type: 'RequestAnswered',
  title: { zh: '政府信息公开申请答复', en: 'Request answered' },
  item: { zh: '依申请公开答复', en: 'Answer to a request' },
  payload: z
    .strictObject({
      ...ref,
      answerDate: date('答复日期'),
      documentNumber: documentNumber('答复书文号').optional(),
      outcome: labelledEnum('答复类型', REQUEST_OUTCOMES),
      items: z
        .array(
          z.strictObject({
            streamId: text('信息所在流', { max: 160 }),
            recordKey: text('记录键', { max: 400 }),
          }),
        )
        .max(200)
        .meta({ title: '提供的政府信息' })
        .optional(),
      redactedPaths: z.array(text('不予公开的字段', { max: 200 })).max(100).meta({ title: '区分处理：不予公开的字段' }).optional(),
      ground: labelledEnum('不予公开的理由', WITHHOLDING_GROUNDS).optional(),
      unavailableReason: labelledEnum('无法提供的理由', UNAVAILABLE_REASONS).optional(),
      notProcessedReason: labelledEnum('不予处理的理由', NOT_PROCESSED_REASONS).optional(),
      otherChannel: labelledEnum('其他途径', OTHER_CHANNELS).optional(),
      otherAgency: authorityRef('负责该信息的机关').optional(),
      explanation: text('说明', { max: 2000 }).optional(),
    })
    .superRefine((p, ctx) => {
      const need = (ok: boolean, path: string, zh: string, en: string) => {
        if (!ok) ctx.addIssue({ code: 'custom', path: [path], message: `${zh} / ${en}` });
      };
      const gives = p.outcome === 'disclosed' || p.outcome === 'partially-disclosed';
      need(!gives || (p.items?.length ?? 0) > 0, 'items', '予以公开或部分公开须列出提供的信息', 'a disclosure lists the items given');
      need(gives || p.items === undefined, 'items', '只有予以公开或部分公开才提供信息', 'only a disclosure gives items');
      need(p.outcome !== 'partially-disclosed' || (p.redactedPaths?.length ?? 0) > 0, 'redactedPaths', '部分公开须说明区分处理的字段', 'a partial disclosure names what is withheld');
      need(p.outcome === 'partially-disclosed' || p.redactedPaths === undefined, 'redactedPaths', '只有部分公开才区分处理', 'only a partial disclosure redacts');
      need((p.outcome !== 'withheld' && p.outcome !== 'partially-disclosed') || p.ground !== undefined, 'ground', '不予公开须说明法律依据', 'withholding needs its legal ground');
      need(p.outcome !== 'unavailable' || p.unavailableReason !== undefined, 'unavailableReason', '无法提供须说明理由', 'unavailable needs its reason');
      need(p.outcome !== 'not-processed' || p.notProcessedReason !== undefined, 'notProcessedReason', '不予处理须说明理由', 'not processed needs its reason');
      need(p.outcome !== 'other-channel' || p.otherChannel !== undefined, 'otherChannel', '须告知其他途径', 'name the other channel');
      need(p.otherChannel !== 'other-agency' || p.otherAgency !== undefined, 'otherAgency', '非本机关负责的须告知负责机关', 'name the agency responsible');
    }),
  formedDateField: 'answerDate',
  lifecycle: [NEEDS_REQUEST, once('ANSWER-ONCE', '该申请已答复', 'this request is already answered')],
});

export const FeeCharged = defineEvent({
  ...common,
  type: 'FeeCharged',
  title: { zh: '信息处理费', en: 'Information processing fee' },
  item: { zh: '收取信息处理费', en: 'Fee charged' },
  payload: z.strictObject({
    ...ref,
    noticeDate: date('收费通知日期'),
    basis: labelledEnum('计收方式（国办函〔2020〕109号）', { count: '按件计收', volume: '按量计收' }),
    units: positiveCount('计费件数或页数'),
    amount: amount('金额（元）'),
  }),
  formedDateField: 'noticeDate',
  lifecycle: [NEEDS_REQUEST, once('FEE-ONCE', '该申请已收费', 'a fee was already charged for this request')],
});

export const requestEntries = [
  RequestSubmitted,
  SupplementRequested,
  SupplementReceived,
  ThirdPartyConsulted,
  ThirdPartyReplied,
  ExtensionApproved,
  RequestAnswered,
  FeeCharged,
] as const;
