// 征收土地 (`expropriation-{批次}`): 预公告 → 现状调查 → 补偿安置方案公告 (≥ 30 日) → 听证 →
// 补偿登记 → 征地批准 → 征收土地公告 → 补偿支付, with per-household personal data (fictional
// names, ID numbers and phones with valid check characters).
import type { Person } from './cast.ts';
import { person } from './cast.ts';
import type { Clock } from './clock.ts';
import { maxDate, minDate, plusDays, plusWorkdays, previousWorkday, zhDate } from './clock.ts';
import type { Context, Mode } from './context.ts';
import type { District } from './places.ts';
import { authorities, docPrefix, fullName, placeShort, VILLAGE_GROUPS, VILLAGES } from './places.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';

/** How far the batch has got by the anchor day. */
export type BatchStage = 'pre' | 'survey' | 'plan' | 'hearing' | 'approved' | 'paid';

export interface BatchOptions {
  d: District;
  stage: BatchStage;
  mode: Mode;
  projectCode?: string;
  /** what the land is for */
  purpose: string;
}

interface Household {
  householdId: string;
  who: Person;
  village: string;
  address: string;
  parcelNumber: string;
  housingArea: number;
  attachments: string;
  crops?: string;
  amount: number;
}

/** The 征收 timeline, laid out backwards from the stage reached on `c.anchor`. */
function layout(c: Clock, stage: BatchStage, rng: Rng) {
  const t: {
    preStart: string;
    survey?: string;
    planStart?: string;
    hearingNotice?: string;
    hearing?: string;
    approval?: string;
    received?: string;
    notice?: string;
    payment?: string;
  } = { preStart: '' };
  switch (stage) {
    case 'pre':
      t.preStart = previousWorkday(c.day(-rng.int(0, 9)));
      return t;
    case 'survey':
      t.survey = c.wd(rng.int(0, 4));
      t.preStart = previousWorkday(plusDays(t.survey, -rng.int(15, 25)));
      return t;
    case 'plan': {
      const p = rng.int(0, 3);
      t.planStart = c.wd(p);
      t.survey = c.wd(p + rng.int(1, 2));
      t.preStart = previousWorkday(plusDays(t.survey, -rng.int(15, 25)));
      if (rng.chance(0.5)) t.hearingNotice = t.planStart;
      return t;
    }
    case 'hearing': {
      t.hearing = c.wd(rng.int(0, 4));
      t.hearingNotice = previousWorkday(plusDays(t.hearing, -rng.int(12, 16)));
      t.planStart = previousWorkday(plusDays(t.hearingNotice, -rng.int(5, 12)));
      t.survey = previousWorkday(plusDays(t.planStart, -rng.int(3, 10)));
      t.preStart = previousWorkday(plusDays(t.survey, -rng.int(15, 25)));
      return t;
    }
    case 'approved':
    case 'paid': {
      t.approval = c.wd(stage === 'paid' ? rng.int(10, 16) : rng.int(2, 12));
      t.hearing = previousWorkday(plusDays(t.approval, -rng.int(3, 8)));
      t.hearingNotice = previousWorkday(plusDays(t.hearing, -rng.int(12, 16)));
      t.planStart = previousWorkday(plusDays(t.approval, -rng.int(34, 45)));
      t.survey = previousWorkday(plusDays(t.planStart, -rng.int(3, 10)));
      t.preStart = previousWorkday(plusDays(t.survey, -rng.int(15, 25)));
      t.received = plusDays(t.approval, rng.int(1, 4));
      t.notice = plusDays(t.received, rng.int(2, 8));
      if (stage === 'paid') t.payment = plusDays(t.notice, rng.int(5, 12));
      return t;
    }
  }
}

export function expropriationStory(ctx: Context, rng: Rng, options: BatchOptions): string {
  const { d } = options;
  const c = options.mode === 'backlog' ? ctx.backlogClock(rng, 40, 500) : ctx.clock;
  const stage = options.mode === 'backlog' ? 'paid' : options.stage;
  const t = layout(c, stage, rng);
  const year = t.preStart.slice(0, 4);
  const batchId = `${d.code}-${year}-${String(ctx.serial(`batch:${d.code}:${year}`)).padStart(3, '0')}`;
  const streamId = `expropriation-${batchId}`;
  const ref = { batchId, region: d.code, ...(options.projectCode ? { projectCodes: [options.projectCode] } : {}) };
  const deps = authorities(d.code);
  const government = deps.government;
  const prefix = docPrefix(d.code);
  const town = rng.pick(d.towns);
  const place = placeShort(town);
  const [village] = rng.sample(VILLAGES, 1);
  const groups = rng.sample(VILLAGE_GROUPS, rng.int(1, 2));
  const villageName = `${village}村`;
  const parcels = groups.map((g, i) => ({
    parcelNumber: `${prefix === '苏园' ? 'YQ' : d.code.slice(4)}-${batchId.slice(-3)}-${String(i + 1).padStart(2, '0')}`,
    location: `${town}${villageName}${g}`,
    ownership: `${villageName}${g.replace(/组$/, '村民小组')}集体所有`,
    landClass: rng.pick(['水浇地', '旱地', '农村宅基地', '坑塘水面', '设施农用地']),
    area: rng.real(8_000, 60_000, 0.1),
  }));
  const totalArea = roundTo(parcels.reduce((s, p) => s + p.area, 0), 0.1);
  const agricultural = roundTo(parcels.filter((p) => p.landClass !== '农村宅基地').reduce((s, p) => s + p.area, 0), 0.1);
  const scope = `${town}${villageName}${groups.join('、')}集体土地约${(totalArea / 10_000).toFixed(4)}公顷，具体以勘测定界图为准。`;

  const households: Household[] = Array.from({ length: rng.int(3, 9) }, (_, i) => {
    const group = groups[i % groups.length]!;
    const housingArea = rng.real(110, 280, 0.1);
    const attachmentsValue = rng.int(20, 90) * 1_000;
    const crops = rng.chance(0.4) ? `${rng.pick(['青菜', '水稻', '茭白', '果树'])}约${rng.real(0.3, 2.5, 0.1).toFixed(1)}亩` : undefined;
    return {
      householdId: `${batchId}-H${String(i + 1).padStart(3, '0')}`,
      who: person(rng, d, { asOf: t.preStart, minAge: 35, maxAge: 82 }),
      village: `${villageName}${group}`,
      address: `${fullName(d)}${town}${villageName}${group}${rng.int(1, 60)}号`,
      parcelNumber: parcels[i % parcels.length]!.parcelNumber,
      housingArea,
      attachments: `${rng.pick(['围墙', '水井', '附房', '晒场'])}、${rng.pick(['围墙', '水井', '附房', '化粪池'])}各1处`,
      ...(crops ? { crops } : {}),
      amount: roundTo(housingArea * rng.int(8_000, 12_500) + attachmentsValue + (crops ? rng.int(2, 8) * 1000 : 0), 0.01),
    };
  });
  const totalBudget = roundTo(households.reduce((s, h) => s + h.amount, 0) * rng.real(1.4, 2.2) + totalArea * rng.int(120, 260), 10_000);

  ctx.ledger.record(streamId, 'PreAnnouncementPublished', {
    ...ref,
    announcementNumber: `${prefix}政地预〔${year}〕${ctx.serial(`pre:${d.code}:${year}`) + 2}号`,
    scope,
    estimatedArea: totalArea,
    purpose: `${options.purpose}，属于《中华人民共和国土地管理法》第四十五条第一款规定的公共利益需要。`,
    surveyArrangements: `自预公告发布之日起开展土地现状调查，请相关权利人予以配合；预公告发布后在拟征收范围内抢栽抢建的，不予补偿。`,
    issuingAuthority: government,
    publicityStart: t.preStart,
    publicityEnd: plusWorkdays(t.preStart, rng.int(10, 14)),
  });
  if (!t.survey) return batchId;

  ctx.ledger.record(streamId, 'StatusSurveyPublished', {
    ...ref,
    completedDate: t.survey,
    parcels,
    households: households.map((h) => ({
      householdId: h.householdId,
      rightHolder: h.who.name,
      village: h.village,
      housingArea: h.housingArea,
      attachments: h.attachments,
      ...(h.crops ? { crops: h.crops } : {}),
    })),
  });
  if (!t.planStart) return batchId;

  const planEnd = plusDays(t.planStart, rng.int(30, 33));
  const registrationDeadline = plusDays(planEnd, rng.int(0, 10));
  ctx.ledger.record(streamId, 'CompensationPlanAnnounced', {
    ...ref,
    announcementNumber: `${prefix}政地方案〔${t.planStart.slice(0, 4)}〕${ctx.serial(`plan:${d.code}`) + 3}号`,
    scope,
    landStatus: parcels.map((p) => `${p.landClass}${(p.area / 10_000).toFixed(4)}公顷`).join('，') + `；涉及农户${households.length}户。`,
    purpose: options.purpose,
    compensationStandards: '土地补偿费和安置补助费按苏州市区片综合地价标准执行；农村村民住宅按重置价格结合区位评估补偿；青苗和地上附着物按现行标准补偿。',
    resettlementTargets: '被征收土地的农村集体经济组织成员。',
    resettlementMethods: `货币补偿或产权调换安置（安置房源位于${place}新苑）。`,
    socialSecurity: '符合条件的被征地农民纳入城乡居民基本养老保险，按规定给予社会保障补贴。',
    registrationMethod: `持不动产权属证明材料到${town}征地办公室办理补偿登记`,
    registrationDeadline,
    objectionChannel: `对方案有异议的，可在公告期内向${government.name}书面提出`,
    issuingAuthority: government,
    publicityStart: t.planStart,
    publicityEnd: planEnd,
  });

  const today = ctx.anchor;
  const hearingNumber = `${d.code}-TZ-${batchId.slice(7)}`;
  // LAND-HEARING-LOCAL: noticed at least 7 working days ahead
  const hearingDate = t.hearingNotice ? maxDate(t.hearing ?? plusWorkdays(t.hearingNotice, rng.int(7, 10)), plusWorkdays(t.hearingNotice, 7)) : undefined;
  if (t.hearingNotice && hearingDate && t.hearingNotice <= today) {
    ctx.ledger.record(streamId, 'HearingNoticed', {
      ...ref,
      hearingNumber,
      noticeDate: t.hearingNotice,
      hearingDate,
      hearingTime: '09:30',
      location: `${town}办事处会议室`,
      matters: '征地补偿安置方案中农村村民住宅补偿标准及安置方式',
      participation: '被征地农户或其委托代理人凭身份证明参加',
      organiser: government,
    });
  }
  // registration opens with the plan: the households' personal data, on request only
  const registrationDate = minDate(plusDays(t.planStart, rng.int(3, 12)), today);
  ctx.ledger.record(streamId, 'CompensationRegistered', {
    ...ref,
    registrationDate,
    households: households.map((h, i) => ({
      householdId: h.householdId,
      name: h.who.name,
      idNumber: h.who.idNumber,
      phone: h.who.phone,
      address: h.address,
      parcelNumber: h.parcelNumber,
      propertyCertificate: `苏（${Number(year) - rng.int(2, 8)}）${fullName(d)}不动产权第${String(rng.int(1000, 99999) + i).padStart(7, '0')}号`,
      registeredContent: `宅基地使用权及房屋所有权，房屋建筑面积${h.housingArea}平方米；附属设施：${h.attachments}。`,
    })),
  });

  if (t.hearing && hearingDate && hearingDate <= today && t.hearingNotice && t.hearingNotice <= today) {
    ctx.ledger.record(streamId, 'HearingHeld', {
      ...ref,
      hearingNumber,
      heldDate: hearingDate,
      location: `${town}办事处会议室`,
      participantsCount: households.length + rng.int(3, 8),
      summary: '听证会听取了被征地农户对住宅补偿标准和安置方式的意见，征地实施单位作了说明。',
      outcome: rng.pick(['采纳关于提高附属设施补偿标准的意见，方案相应调整后报批。', '经复核，补偿标准符合规定，维持原方案并向陈述人书面说明理由。']),
      transcript: `听证笔录（依申请公开）：主持人宣布听证开始……${households[0]!.who.name}：希望提高附属设施补偿标准……`,
    });
  }

  const fundsDate = t.approval ? minDate(plusDays(t.approval, rng.int(3, 10)), today) : undefined;
  if (!t.approval) {
    // the money is in the 征地补偿专户 before the plan is approved
    if (stage === 'hearing' || rng.chance(0.5)) {
      ctx.ledger.record(streamId, 'CompensationFundsReported', {
        ...ref,
        reportDate: minDate(plusDays(t.planStart, rng.int(1, 10)), today),
        totalBudget,
        fundsReceived: totalBudget,
        fundsSpent: 0,
        householdsPaid: 0,
        notes: '征地补偿费用已足额存入征地补偿专户。',
      });
    }
    return batchId;
  }

  const approvalNumber = `苏政地〔${t.approval.slice(0, 4)}〕${ctx.serial(`province-approval:${t.approval.slice(0, 4)}`) * 4 + 100}号`;
  ctx.ledger.record(streamId, 'ExpropriationApproved', {
    ...ref,
    approvingAuthority: { name: '江苏省人民政府' },
    documentNumber: approvalNumber,
    approvalDate: t.approval,
    totalArea,
    agriculturalArea: agricultural,
    cultivatedArea: roundTo(agricultural * rng.real(0.5, 0.95), 0.1),
    approvedDocuments: ['explanatory-statement', 'farmland-conversion', 'supplementary-farmland', 'expropriation-scheme', 'supply-scheme'],
  });
  ctx.ledger.record(streamId, 'CompensationFundsReported', {
    ...ref,
    reportDate: fundsDate!,
    period: `截至${zhDate(fundsDate!)}`,
    totalBudget,
    fundsReceived: totalBudget,
    fundsSpent: 0,
    householdsPaid: 0,
    notes: '征地补偿费用已足额到位。',
  });
  if (t.notice && t.received && t.notice <= today) {
    ctx.ledger.record(streamId, 'ExpropriationNoticePublished', {
      ...ref,
      approvalDocumentNumber: approvalNumber,
      approvalReceivedDate: t.received,
      noticeNumber: `${prefix}政征告〔${t.notice.slice(0, 4)}〕${ctx.serial(`notice:${d.code}`) + 4}号`,
      noticeDate: t.notice,
      scope,
      schedule: `自公告之日起${rng.pick([30, 45, 60])}日内完成补偿费用支付和交地，逾期未签订协议的依法作出征地补偿安置决定。`,
      issuingAuthority: government,
    });
  }
  if (t.payment && t.payment <= today) {
    const paid = households.map((h, i) => ({
      householdId: h.householdId,
      name: h.who.name,
      items: h.crops ? '住宅及附属设施补偿、青苗补偿' : '住宅及附属设施补偿',
      amount: h.amount,
      bankAccount: `6228${rng.digits(11)}${String(i).padStart(4, '0')}`,
    }));
    ctx.ledger.record(streamId, 'CompensationPaid', { ...ref, paymentDate: t.payment, households: paid });
    const spent = roundTo(paid.reduce((s, h) => s + h.amount, 0), 0.01);
    const reportDate = minDate(plusDays(t.payment, rng.int(1, 5)), today);
    const typo = rng.chance(0.15);
    const report = ctx.ledger.record(streamId, 'CompensationFundsReported', {
      ...ref,
      reportDate,
      period: `截至${zhDate(reportDate)}`,
      totalBudget,
      fundsReceived: totalBudget,
      // a figure posted with a slipped digit and then corrected
      fundsSpent: typo ? roundTo(spent * 10, 0.01) : spent,
      householdsPaid: paid.length,
      notes: '分户补偿费用已支付至被征地农户个人账户。',
    });
    if (typo) ctx.ledger.correct(report, { fundsSpent: spent }, '已支出资金金额录入时多录一位，予以更正。', minDate(plusDays(reportDate, rng.int(1, 6)), today));
  }
  return batchId;
}

