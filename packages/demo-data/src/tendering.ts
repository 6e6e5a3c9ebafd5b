// 招标投标 (`tender-{招标项目编号}`): 招标公告 or 资格预审公告 → 中标候选人公示 → (投诉处理) →
// 中标结果公示 → 合同订立 → 合同履行. The timeline is laid out backwards from the milestone the
// tender has reached by the anchor day, keeping the periods the rules check: documents on sale
// for at least 5 days, candidates publicized for at least 3 days, the award after that.
import type { Org, Professional } from './cast.ts';
import { builder, chiefSupervisor, designLead, surveyLead } from './cast.ts';
import { chinaTime, plusDays, previousWorkday, zhMonth } from './clock.ts';
import type { Context } from './context.ts';
import { RETRACTION_BASIS } from './amendments.ts';
import type { Recorded } from './ledger.ts';
import { authorities, docPrefix, landline, streetAddress } from './places.ts';
import type { LotKind } from './project-kinds.ts';
import type { Project } from './project-plan.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';

export type TenderMilestone = 'notice' | 'candidates' | 'award' | 'contract';

export interface TenderPlan {
  project: Project;
  lot: LotKind;
  /** the milestone reached and the day it happened (≤ anchor) */
  until: TenderMilestone;
  date: string;
  /** short periods (a recent story squeezed into the weeks before the anchor) */
  compressed: boolean;
  controlPrice: number;
  prequalification?: boolean;
  complaint?: boolean;
  /** 合同履行情况 reports: dates and completion */
  performance?: ReadonlyArray<{ date: string; percent: number }>;
  /** post one performance report twice by mistake and retract the duplicate */
  duplicatePerformance?: boolean;
  /** post the notice, then correct its deadline (更正公告) */
  correctDeadline?: boolean;
}

export interface TenderOutcome {
  tenderId: string;
  tenderName: string;
  winner: Org;
  /** 项目负责人 (项目经理 / 总监理工程师 / 设计负责人) the winner committed */
  lead: Professional;
  contractAmount: number;
  signedDate?: string;
  awarded: boolean;
}

const LOT_LABEL: Record<LotKind, { zh: string; code: string; company: 'contractor' | 'supervisor' | 'designer' | 'surveyor' }> = {
  construction: { zh: '施工', code: '01', company: 'contractor' },
  supervision: { zh: '监理', code: '02', company: 'supervisor' },
  design: { zh: '设计', code: '03', company: 'designer' },
  survey: { zh: '勘察', code: '04', company: 'surveyor' },
};

function leadFor(lot: LotKind, rng: Rng): Professional {
  switch (lot) {
    case 'construction':
      return builder(rng);
    case 'supervision':
      return chiefSupervisor(rng);
    case 'design':
      return designLead(rng);
    case 'survey':
      return surveyLead(rng);
  }
}

function durationDays(plan: TenderPlan, rng: Rng): number {
  const [min, max] = plan.project.kind.constructionDays;
  switch (plan.lot) {
    case 'construction':
    case 'supervision':
      return Math.round(rng.int(min, max) / 10) * 10;
    case 'design':
      return rng.pick([60, 90, 120]);
    case 'survey':
      return rng.pick([30, 45, 60]);
  }
}

/** The dates of every step, laid out backwards from the milestone reached. */
function layout(plan: TenderPlan, rng: Rng, complaint: boolean) {
  const c = plan.compressed;
  let contract: string | undefined;
  let award: string | undefined;
  let report: string;
  if (plan.until === 'contract') {
    contract = plan.date;
    award = plusDays(contract, -(c ? rng.int(1, 3) : rng.int(7, 25)));
  } else if (plan.until === 'award') {
    award = plan.date;
  }
  let publicityStart: string;
  let publicityEnd: string;
  let complaintDates: { accepted: string; decided: string } | undefined;
  if (award !== undefined) {
    let beforeAward = plusDays(award, -(c ? 1 : rng.int(1, 5)));
    if (complaint) {
      const decided = beforeAward;
      const accepted = plusDays(decided, -(c ? rng.int(2, 4) : rng.int(10, 25)));
      complaintDates = { accepted, decided };
      beforeAward = plusDays(accepted, -1);
    }
    publicityEnd = beforeAward;
    publicityStart = plusDays(publicityEnd, -(c ? 2 : rng.int(2, 4)));
    report = plusDays(publicityStart, -(c ? 0 : rng.int(0, 2)));
  } else if (plan.until === 'candidates') {
    report = plan.date;
    publicityStart = plusDays(report, rng.int(0, 1));
    publicityEnd = plusDays(publicityStart, rng.int(2, 4));
  } else {
    const notice = plan.date;
    return { notice, submission: plusDays(notice, c ? rng.int(8, 10) : rng.int(20, 28)) };
  }
  const opening = previousWorkday(plusDays(report, -(c ? rng.int(0, 1) : rng.int(1, 4))));
  const notice = previousWorkday(plusDays(opening, -(c ? rng.int(7, 9) : rng.int(20, 26))));
  return { notice, submission: opening, report, publicityStart, publicityEnd, complaintDates, award, contract };
}

export function tenderStory(ctx: Context, plan: TenderPlan, rng: Rng): TenderOutcome {
  const p = plan.project;
  const lot = LOT_LABEL[plan.lot];
  const serial = ctx.serial('tender');
  const tenderId = `E${p.region}${p.code.slice(2, 4)}${lot.code}${String(serial).padStart(5, '0')}001`;
  const tenderName = `${p.name}${lot.zh}${plan.lot === 'construction' && p.totalInvestment > 8e8 ? 'I标段' : ''}`;
  const streamId = `tender-${tenderId}`;
  const ref = { tenderId, projectCode: p.code, tenderName };
  const complaint = plan.complaint === true && (plan.until === 'award' || plan.until === 'contract');
  const t = layout(plan, rng, complaint);
  const days = durationDays(plan, rng);
  const deps = authorities(p.region);

  // the bidders: the winner ranks first after evaluation
  const bidders = ctx.companies.pickDistinct(lot.company, rng, 3);
  const winner = bidders[0]!;
  const leads = bidders.map(() => leadFor(plan.lot, rng));
  const prices = bidders.map((_, i) => roundTo(plan.controlPrice * (0.9 + i * 0.018 + rng.real(0, 0.03)), 0.01));
  const agent = ctx.companies.pick('agent', rng);
  const agentDistrict = p.d;

  const noticeFields = {
    ...ref,
    content: `${p.name}${lot.zh}，具体详见招标文件及工程量清单。`,
    scope: `招标范围为${p.name}${lot.zh}${plan.lot === 'construction' ? '施工图纸及工程量清单所列全部内容' : '合同约定的全部服务内容'}。`,
    scale: p.kind.scale(p.rng.fork('scale'), p.totalInvestment),
    fundingSource: p.investmentType === 'government' ? '财政资金，已落实' : '企业自筹，已落实',
    controlPrice: plan.controlPrice,
    qualificationRequirements:
      plan.lot === 'construction'
        ? `具备${p.kind.contractorQualification}资质，具有有效的安全生产许可证；拟派项目负责人具备相应专业一级注册建造师执业资格且无在建工程。`
        : plan.lot === 'supervision'
          ? `具备${p.kind.supervisionQualification}资质；拟派总监理工程师具备注册监理工程师执业资格。`
          : plan.lot === 'design'
            ? `具备${p.kind.designQualification}资质；设计负责人具备相应注册执业资格。`
            : '具备工程勘察专业类岩土工程甲级及以上资质。',
    jointBidAccepted: plan.lot === 'design' && rng.chance(0.5),
    documentsAvailableFrom: t.notice,
    documentsAvailableUntil: plusDays(t.notice, rng.int(4, 6)),
    documentsMethod: '登录苏州市公共资源交易平台，使用CA数字证书免费下载',
    submissionMethod: '通过苏州市公共资源交易平台递交电子投标文件',
    tenderee: { name: p.unit.name, creditCode: p.unit.creditCode, address: p.unitAddress, contactPerson: p.unitContact, phone: p.unitPhone },
    agent: { name: agent.name, creditCode: agent.creditCode, address: streetAddress(rng, agentDistrict), contactPerson: `${rng.pick(['王', '李', '张', '周', '徐'])}工`, phone: landline(rng, agentDistrict) },
    platformUrl: 'https://ggzy.suzhou.gov.cn/',
    noticeDate: t.notice,
  };
  let notice: Recorded;
  if (plan.prequalification) {
    notice = ctx.ledger.record(streamId, 'PrequalificationNoticePublished', {
      ...noticeFields,
      applicationDeadline: chinaTime(plusDays(noticeFields.documentsAvailableUntil, 2), '17:00'),
    });
  } else {
    notice = ctx.ledger.record(streamId, 'TenderNoticePublished', {
      ...noticeFields,
      submissionDeadline: chinaTime(t.submission),
      openingTime: chinaTime(t.submission),
    });
    // 更正公告: the deadline moved a few days (the correction is itself a disclosure)
    if (plan.correctDeadline && plan.until === 'notice' && t.notice < ctx.anchor) {
      const later = plusDays(t.submission, rng.int(3, 7));
      ctx.ledger.correct(notice, { submissionDeadline: chinaTime(later), openingTime: chinaTime(later) }, '因招标文件澄清修改，投标截止时间及开标时间相应顺延。', ctx.clock.clamp(plusDays(t.notice, rng.int(1, 3))));
    }
  }
  const outcome: TenderOutcome = { tenderId, tenderName, winner, lead: leads[0]!, contractAmount: prices[0]!, awarded: false };
  if (t.report === undefined || t.report > ctx.anchor) return outcome;

  const objection = { name: p.unit.name, phone: p.unitPhone, address: p.unitAddress };
  const durationText = `${days}日历天`;
  ctx.ledger.record(streamId, 'CandidatesPublicized', {
    ...ref,
    reportReceivedDate: t.report,
    publicityStart: t.publicityStart,
    publicityEnd: t.publicityEnd,
    candidates: bidders.map((b, i) => ({
      rank: i + 1,
      name: b.name,
      creditCode: b.creditCode,
      bidPrice: prices[i]!,
      quality: '合格',
      duration: durationText,
      score: Math.round((95 - i * rng.real(1.2, 2.6) - rng.real(0, 1)) * 100) / 100,
      projectManager: leads[i]!,
    })),
    evaluationSummary: `评标委员会由${rng.pick([5, 7, 9])}人组成，采用${plan.lot === 'construction' ? rng.pick(['综合评估法', '经评审的最低投标价法']) : '综合评估法'}，共有${rng.int(4, 18)}家投标人通过资格审查。`,
    objectionContact: objection,
  });

  if (t.complaintDates && t.complaintDates.decided <= ctx.anchor) {
    const complainant = bidders[1]!;
    ctx.ledger.record(streamId, 'ComplaintDecided', {
      ...ref,
      complaintNumber: `${docPrefix(p.region)}住建招投诉〔${t.complaintDates.accepted.slice(0, 4)}〕${ctx.serial(`complaint:${p.region}`) + 3}号`,
      complainant,
      acceptedDate: t.complaintDates.accepted,
      decisionDate: t.complaintDates.decided,
      ...(rng.chance(0.75)
        ? { decision: 'rejected', reasons: '经调查，第一中标候选人业绩及项目负责人证明材料真实有效，评标委员会评审程序符合招标文件规定，投诉事项缺乏事实依据。' }
        : { decision: 'withdrawn', reasons: '投诉人在处理期间书面申请撤回投诉，经审查撤回理由成立，终止投诉处理。' }),
      decisionNumber: `${docPrefix(p.region)}住建招决〔${t.complaintDates.decided.slice(0, 4)}〕${ctx.serial(`complaint-decision:${p.region}`) + 1}号`,
      authority: deps.housingConstruction,
    });
  }

  if (t.award === undefined || t.award > ctx.anchor) return outcome;
  ctx.ledger.record(streamId, 'AwardPublicized', {
    ...ref,
    winner,
    winningPrice: prices[0]!,
    duration: durationText,
    projectManager: leads[0]!,
    awardDate: t.award,
    noticeDate: ctx.clock.clamp(plusDays(t.award, rng.int(0, 1))),
  });
  outcome.awarded = true;

  if (t.contract === undefined || t.contract > ctx.anchor) return outcome;
  const contractNumber = `${p.code.slice(0, 4)}-${lot.code}-${String(serial).padStart(5, '0')}`;
  ctx.ledger.record(streamId, 'ContractSigned', {
    ...ref,
    contractNumber: `HT-${contractNumber}`,
    contractor: winner,
    contractAmount: prices[0]!,
    signedDate: t.contract,
    duration: durationText,
    plannedStartDate: plusDays(t.contract, rng.int(5, 20)),
    plannedCompletionDate: plusDays(t.contract, days + rng.int(5, 20)),
  });
  outcome.signedDate = t.contract;

  let first = true;
  for (const report of plan.performance ?? []) {
    if (report.date > ctx.anchor || report.date < t.contract) continue;
    const payload = {
      ...ref,
      reportDate: report.date,
      period: zhMonth(report.date),
      performance:
        report.percent >= 100
          ? '合同约定内容已全部完成并通过验收，合同价款按约定结算。'
          : `${plan.lot === 'construction' ? '施工单位项目经理及主要管理人员到岗履职，' : '项目负责人及主要人员到岗履职，'}工作进度符合合同约定，发包人按合同约定支付进度款。`,
      amountPaid: roundTo(prices[0]! * Math.min(0.97, (report.percent / 100) * 0.85), 0.01),
      completionPercent: report.percent,
    };
    const recorded = ctx.ledger.record(streamId, 'ContractPerformanceReported', payload);
    if (first && plan.duplicatePerformance) {
      // the same report submitted twice; the duplicate is withdrawn
      const duplicate = ctx.ledger.record(streamId, 'ContractPerformanceReported', { ...payload });
      ctx.ledger.retract(duplicate, '同一报告期的合同履行情况重复发布，撤回重复的一条。', RETRACTION_BASIS, recorded.date);
    }
    first = false;
  }
  outcome.contractAmount = prices[0]!;
  return outcome;
}
