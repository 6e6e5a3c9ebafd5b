// 依申请公开 (`request-{申请编号}`): citizens, companies and organisations asking the agencies for
// information, answered every way the 条例 allows — 予以公开, 部分公开, 不予公开, 无法提供, 不予处理,
// 告知其他途径 — some after a 补正 notice, a third-party consultation or an extension, a few with a
// fee, a few late, and the most recent still open. Disclosures hand over the households'
// compensation registrations (on request only) recorded by the land story.
import { getEntry } from '@gongkai/catalog';
import { company, person } from './cast.ts';
import type { Context } from './context.ts';
import type { Payload } from './ledger.ts';
import { authorities, CITY, DISTRICTS, docPrefix } from './places.ts';
import type { Rng } from './random.ts';

type Outcome = 'disclosed' | 'partially-disclosed' | 'withheld' | 'unavailable' | 'not-processed' | 'other-channel' | 'open';

/** The outcomes in turn, so even a small demo shows each of them. */
const OUTCOMES: readonly Outcome[] = ['partially-disclosed', 'unavailable', 'disclosed', 'other-channel', 'withheld', 'open', 'not-processed', 'disclosed', 'open'];

const ASKS = [
  '本村征地补偿登记材料（本户）',
  '某建设项目环境影响评价批复全文',
  '本街道旧城改造项目房屋征收补偿方案的制定依据',
  '某地块国有建设用地使用权出让合同',
  '某道路工程施工许可证及附件',
  '2023年度本区保障性住房分配名单的审核材料',
];

export function requestsStory(ctx: Context, rng: Rng, count: number): void {
  const registrations = ctx.ledger.recordedOf('CompensationRegistered');
  const regions = [CITY.code as string, ...DISTRICTS.map((d) => d.code as string)];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`request:${i}`);
    const outcome = OUTCOMES[i % OUTCOMES.length]!;
    const gives = outcome === 'disclosed' || outcome === 'partially-disclosed';
    const registration = gives && registrations.length > 0 ? registrations[i % registrations.length]! : undefined;
    const region = registration ? String(registration.payload['region']) : r.pick(regions);
    const d = DISTRICTS.find((x) => x.code === region) ?? DISTRICTS[0]!;
    const year = ctx.clock.wd(0).slice(0, 4);
    const requestId = `${region}-YSQ-${year}-${String(ctx.serial(`request:${region}:${year}`) + 1).padStart(4, '0')}`;
    const streamId = `request-${requestId}`;
    const agency = registration ? authorities(region).naturalResources : r.pick([authorities(region).government, authorities(region).housingConstruction, authorities(region).naturalResources]);
    const ref = { requestId, region };

    // open requests arrived lately; answered ones within the last months
    const receivedAgo = outcome === 'open' ? r.int(2, 12) : r.int(30, 120);
    const receivedDate = ctx.clock.wd(receivedAgo);
    const kind = r.pick(['citizen', 'citizen', 'citizen', 'company', 'organisation'] as const);
    const who = person(r, d, { asOf: receivedDate });
    const requester: Payload =
      kind === 'citizen'
        ? { type: 'citizen', name: who.name, idNumber: who.idNumber, phone: who.phone }
        : (() => {
            const org = company(kind === 'company' ? 'developer' : 'agent', r.int(0, 40));
            return { type: kind, name: org.name, creditCode: org.creditCode, phone: who.phone };
          })();
    const channel = r.pick(['online', 'online', 'in-person', 'post'] as const);
    ctx.ledger.record(streamId, 'RequestSubmitted', {
      ...ref,
      agency,
      requester,
      channel,
      submittedDate: channel === 'in-person' || channel === 'online' ? receivedDate : ctx.clock.wd(receivedAgo + 2),
      receivedDate,
      description: `申请公开${registration ? ASKS[0] : ASKS[1 + (i % (ASKS.length - 1))]}。`,
      form: r.pick(['electronic', 'paper', 'either'] as const),
    });
    if (outcome === 'open') continue;

    // the answer: usually within 20 working days; one in six takes longer (late)
    let answerAgo = receivedAgo - r.int(6, 18);
    if (i % 6 === 4) {
      ctx.ledger.record(streamId, 'SupplementRequested', { ...ref, noticeDate: ctx.clock.wd(receivedAgo - 3), items: '请补充所需信息的文号或者其他特征性描述。' });
      ctx.ledger.record(streamId, 'SupplementReceived', { ...ref, receivedDate: ctx.clock.wd(receivedAgo - 6), supplement: '补充说明了所需信息的名称和形成时间。' });
      answerAgo = receivedAgo - 6 - r.int(5, 15);
    }
    if (outcome === 'partially-disclosed') {
      const consultationId = `ZQ-${requestId}`;
      ctx.ledger.record(streamId, 'ThirdPartyConsulted', { ...ref, consultationId, kind: 'third-party', consulteeType: 'organisation', consultee: company('contractor', i).name, sentDate: ctx.clock.wd(receivedAgo - 4) });
      ctx.ledger.record(streamId, 'ThirdPartyReplied', { ...ref, consultationId, replyDate: ctx.clock.wd(receivedAgo - 12), position: 'objects' });
      ctx.ledger.record(streamId, 'ExtensionApproved', {
        ...ref,
        approvedDate: ctx.clock.wd(receivedAgo - 18),
        workingDays: 10,
        approvedBy: '政府信息公开工作机构负责人',
        notifiedDate: ctx.clock.wd(receivedAgo - 18),
        reason: '涉及第三方权益，需要征求意见并区分处理。',
      });
      answerAgo = receivedAgo - 24;
    } else if (i % 6 === 5) answerAgo = receivedAgo - 24; // late: 24 working days, no extension
    if (gives && r.chance(0.3)) {
      ctx.ledger.record(streamId, 'FeeCharged', { ...ref, noticeDate: ctx.clock.wd(answerAgo + 1), basis: 'volume', units: r.int(31, 120), amount: 100 });
    }

    const items = registration ? [{ streamId: registration.streamId, recordKey: recordKeyOf(registration.type, registration.payload) }] : undefined;
    const year2 = ctx.clock.wd(answerAgo).slice(0, 4);
    const answer: Payload = {
      ...ref,
      answerDate: ctx.clock.wd(answerAgo),
      documentNumber: `${docPrefix(region)}信公开〔${year2}〕${ctx.serial(`request-answer:${region}:${year2}`) + 1}号`,
      outcome: gives && !registration ? 'unavailable' : outcome,
    };
    switch (answer['outcome']) {
      case 'disclosed':
        Object.assign(answer, { items });
        break;
      case 'partially-disclosed':
        Object.assign(answer, { items, redactedPaths: ['households[].phone', 'households[].idNumber'], ground: 'third-party-rights', explanation: '涉及其他农户的个人信息，区分处理后提供本户材料。' });
        break;
      case 'withheld':
        Object.assign(answer, { ground: 'process-info', explanation: '所申请信息属于内部研究过程中形成的讨论记录。' });
        break;
      case 'unavailable':
        Object.assign(answer, { unavailableReason: 'not-held', explanation: '经检索，本机关未制作或获取该信息。' });
        break;
      case 'not-processed':
        Object.assign(answer, { notProcessedReason: 'petition', explanation: '申请内容属于投诉举报，已转相关部门按信访程序办理。' });
        break;
      case 'other-channel':
        Object.assign(answer, { otherChannel: 'already-public', explanation: '该信息已在本机关门户网站“重大建设项目”专栏主动公开。' });
        break;
    }
    ctx.ledger.record(streamId, 'RequestAnswered', answer);
  }
}

function recordKeyOf(type: string, payload: Payload): string {
  const key = getEntry(type)?.recordKeyOf(payload);
  if (!key || key.kind !== 'own') throw new Error(`demo: ${type} has no record key of its own`);
  return key.key;
}
