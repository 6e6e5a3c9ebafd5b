// 政府采购 (`allocation-procurement-{项目编号}`): 采购意向 (≥ 30 日 before) → 采购公告 or 单一来源公示
// → 中标（成交）结果 (GP-RESULT: 2 working days) → 合同 (GP-CONTRACT: 2 working days) → 履约验收,
// with complaints. Buyers are city and district bodies, schools and hospitals.
import type { Org } from '../cast.ts';
import { experts, institution } from '../cast.ts';
import { chinaTime, minDate, nextWorkday, plusDays, plusWorkdays, previousWorkday } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Context, Mode } from '../context.ts';
import type { District } from '../places.ts';
import { authorities, CITY, DISTRICTS, docPrefix, fullName, landline, streetAddress } from '../places.ts';
import type { Project } from '../project-plan.ts';
import { roundTo } from '../random.ts';
import type { Rng } from '../random.ts';
import { RETRACTION_BASIS } from '../amendments.ts';

export type ProcurementVariant = 'intention' | 'notice' | 'result' | 'contract' | 'complaint' | 'single-source' | 'full';

interface Item {
  name: string;
  specification?: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  serviceRequirements?: string;
}

interface Subject {
  title: string;
  buyer: 'police' | 'urban' | 'school' | 'hospital' | 'government' | 'garden';
  supplier: 'it' | 'medical' | 'education' | 'sanitation' | 'landscape';
  demand: string;
  items: Item[];
  period: string;
}

function subjects(rng: Rng, place: string): Subject[] {
  return [
    {
      title: '智慧交通信号控制系统升级项目',
      buyer: 'police',
      supplier: 'it',
      demand: '升级主干道路口信号控制机，建设区域自适应信号控制平台一套并提供三年运维。',
      items: [
        { name: '交通信号控制机', specification: 'ZH-SC600', quantity: rng.int(80, 600), unit: '台', unitPrice: rng.int(28, 36) * 1000 },
        { name: '区域自适应控制平台', quantity: 1, unit: '套', unitPrice: rng.int(180, 480) * 10_000, serviceRequirements: '三年免费运维' },
      ],
      period: '合同签订后180日内完成安装调试，运维期三年',
    },
    {
      title: '政务云资源租赁服务项目',
      buyer: 'government',
      supplier: 'it',
      demand: '租赁政务云计算、存储及安全资源，满足各部门业务系统部署需要，服务期一年。',
      items: [
        { name: '云主机（vCPU）', quantity: rng.int(800, 4000), unit: '核·年', unitPrice: rng.int(300, 600) },
        { name: '云存储', quantity: rng.int(200, 1200), unit: 'TB·年', unitPrice: rng.int(1200, 2400) },
      ],
      period: '服务期一年',
    },
    {
      title: `${place}片区道路保洁及垃圾清运服务项目`,
      buyer: 'urban',
      supplier: 'sanitation',
      demand: `${place}片区主次干道及背街小巷道路保洁、垃圾收集清运，服务期三年。`,
      items: [{ name: '道路保洁及清运服务', quantity: 36, unit: '月', unitPrice: rng.int(30, 120) * 10_000, serviceRequirements: '机械化清扫率不低于90%' }],
      period: '服务期三年',
    },
    {
      title: `${place}城区绿化养护服务项目`,
      buyer: 'garden',
      supplier: 'landscape',
      demand: `${place}城区公园绿地、道路绿化带养护，服务期两年。`,
      items: [{ name: '绿化养护服务', quantity: rng.int(40, 300), unit: '万平方米·年', unitPrice: rng.int(6, 15) * 1000 }],
      period: '服务期两年',
    },
    {
      title: '校园教学设备更新采购项目',
      buyer: 'school',
      supplier: 'education',
      demand: '采购交互式智能黑板、学生课桌椅及理化生实验室设备。',
      items: [
        { name: '交互式智能黑板', specification: '86英寸', quantity: rng.int(30, 200), unit: '台', unitPrice: rng.int(15, 26) * 1000 },
        { name: '学生课桌椅', quantity: rng.int(500, 3000), unit: '套', unitPrice: rng.int(4, 9) * 100 },
        { name: '理化生实验室设备', quantity: rng.int(2, 6), unit: '间', unitPrice: rng.int(35, 80) * 10_000 },
      ],
      period: '合同签订后60日内交货安装',
    },
    {
      title: '医疗设备采购项目',
      buyer: 'hospital',
      supplier: 'medical',
      demand: '采购64排及以上螺旋CT、彩色多普勒超声诊断仪及数字化X射线摄影系统。',
      items: [
        { name: '螺旋CT', specification: '128排', quantity: 1, unit: '台', unitPrice: rng.int(600, 1200) * 10_000 },
        { name: '彩色多普勒超声诊断仪', quantity: rng.int(2, 8), unit: '台', unitPrice: rng.int(80, 200) * 10_000 },
        { name: '数字化X射线摄影系统（DR）', quantity: rng.int(1, 4), unit: '套', unitPrice: rng.int(90, 180) * 10_000 },
      ],
      period: '合同签订后90日内交货安装调试',
    },
  ];
}

function buyerOf(subject: Subject, region: string, d: District, project: Project | undefined, rng: Rng): Org {
  const own = region === CITY.code ? '苏州市' : fullName(d);
  switch (subject.buyer) {
    case 'police':
      return institution(`${region === CITY.code ? '苏州市公安局' : `${own}公安局`}交通警察${region === CITY.code ? '支队' : '大队'}`, region, '11');
    case 'government':
      return institution(`${own}大数据管理局`, region, '11');
    case 'urban':
      return institution(`${own}城市管理局`, region, '11');
    case 'garden':
      return institution(`${own}园林和绿化管理局`, region, '11');
    case 'school':
      return project ? institution(project.name.replace(/（.*）$/, '').replace(/(新建|改扩建|扩建)?工程$/, ''), region, '12') : institution(`${own}${rng.pick(['实验小学', '第一中学', '外国语学校'])}`, region, '12');
    case 'hospital':
      return project ? institution(project.name.replace(/（.*）$/, '').replace(/(新院区建设|迁建|新建|扩建)工程$/, ''), region, '12') : institution(`${own}${rng.pick(['人民医院', '中医医院', '妇幼保健院'])}`, region, '12');
  }
}

function contact(org: Org, d: District, rng: Rng) {
  return { name: org.name, creditCode: org.creditCode, address: streetAddress(rng, d), contactPerson: `${rng.pick(['李', '王', '张', '陆', '顾', '沈'])}${rng.pick(['老师', '工', '科长', '女士'])}`, phone: landline(rng, d) };
}

export interface ProcurementOptions {
  variant: ProcurementVariant;
  mode: Mode;
  project?: Project;
  /** the subject kind to buy (a hospital project buys medical equipment …) */
  buyer?: Subject['buyer'];
  retractIntention?: boolean;
}

export function procurementStory(ctx: Context, rng: Rng, options: ProcurementOptions): void {
  const project = options.project;
  const d = project?.d ?? rng.pick(DISTRICTS);
  const region = project?.region ?? (rng.chance(0.35) ? CITY.code : d.code);
  const all = subjects(rng, project?.site.place ?? rng.pick(d.towns).replace(/(街道|镇)$/, ''));
  const pool = options.buyer ? all.filter((s) => s.buyer === options.buyer) : all;
  const subject = rng.pick(pool);
  const buyer = buyerOf(subject, region, d, project, rng);
  const budget = roundTo(subject.items.reduce((s, i) => s + i.quantity * i.unitPrice, 0) * rng.real(1.02, 1.12), 10_000);
  const c: Clock = options.mode === 'backlog' ? ctx.backlogClock(rng, 60, 400) : ctx.clock;
  const variant = options.mode === 'backlog' ? 'full' : options.variant;
  const today = ctx.anchor;

  // timeline, backwards from the step reached
  let determined: string | undefined;
  let signed: string | undefined;
  let accepted: string | undefined;
  let noticeDate: string | undefined;
  let intentionDate: string;
  let singleSource: { start: string; end: string } | undefined;
  let complaint: { accepted: string; decided: string } | undefined;
  switch (variant) {
    case 'intention':
      intentionDate = c.wd(rng.int(0, 15));
      break;
    case 'notice':
      noticeDate = c.wd(rng.int(0, 15));
      intentionDate = previousWorkday(plusDays(noticeDate, -rng.int(30, 45)));
      break;
    case 'complaint': {
      noticeDate = c.wd(rng.int(12, 18));
      const acc = plusDays(noticeDate, rng.int(5, 8));
      complaint = { accepted: acc, decided: minDate(plusDays(acc, rng.int(5, 10)), today) };
      intentionDate = previousWorkday(plusDays(noticeDate, -rng.int(30, 45)));
      break;
    }
    case 'result':
    case 'contract': {
      const p = variant === 'contract' ? rng.int(1, 2) : rng.int(0, 2);
      determined = c.wd(p);
      if (variant === 'contract') signed = c.wd(rng.int(0, p));
      noticeDate = previousWorkday(plusDays(determined, -rng.int(21, 24)));
      intentionDate = previousWorkday(plusDays(noticeDate, -rng.int(30, 45)));
      break;
    }
    case 'single-source': {
      const p = rng.int(0, 2);
      determined = c.wd(p);
      signed = rng.chance(0.6) ? c.wd(rng.int(0, p)) : undefined;
      const endP = p + rng.int(1, 2);
      singleSource = { start: c.wd(endP + 4 + rng.int(0, 2)), end: c.wd(endP) };
      intentionDate = previousWorkday(plusDays(singleSource.start, -rng.int(30, 40)));
      break;
    }
    case 'full': {
      accepted = c.wd(rng.int(0, 10));
      signed = previousWorkday(plusDays(accepted, -rng.int(60, 200)));
      determined = previousWorkday(plusDays(signed, -rng.int(3, 15)));
      noticeDate = previousWorkday(plusDays(determined, -rng.int(21, 28)));
      intentionDate = previousWorkday(plusDays(noticeDate, -rng.int(30, 60)));
      if (rng.chance(0.4)) {
        const acc = plusDays(determined, rng.int(3, 8));
        complaint = { accepted: acc, decided: plusDays(acc, rng.int(10, 25)) };
      }
      break;
    }
  }

  const year = intentionDate.slice(0, 4);
  const letter = options.variant === 'single-source' ? 'D' : subject.supplier === 'sanitation' || subject.supplier === 'landscape' ? 'F' : 'G';
  const procurementId = `JSZC-${region}-${year}-${letter}${String(ctx.serial(`procurement:${region}:${year}`)).padStart(4, '0')}`;
  const streamId = `allocation-procurement-${procurementId}`;
  const agent = ctx.companies.pick('agent', rng);
  const projectName = `${buyer.name}${subject.title}`;
  const ref = {
    procurementId,
    projectName: projectName.length > 200 ? subject.title : projectName,
    region,
    purchaser: contact(buyer, d, rng),
    ...(rng.chance(0.8) ? { agent: contact(agent, d, rng) } : {}),
    ...(project ? { relatedProjectCodes: [project.code] } : {}),
  };

  const intention = ctx.ledger.record(streamId, 'ProcurementIntentionPublished', {
    ...ref,
    demandSummary: subject.demand,
    budget,
    expectedStartDate: noticeDate ?? singleSource?.start ?? plusDays(intentionDate, rng.int(30, 60)),
    publishedDate: intentionDate,
  });
  if (variant === 'intention') {
    if (options.retractIntention) ctx.ledger.retract(intention, '因预算调整，该采购项目本年度不再实施，撤回采购意向。', RETRACTION_BASIS, c.wd(0));
    return;
  }

  const method = singleSource ? 'single-source' : budget >= 4_000_000 ? 'open-tender' : rng.pick(['competitive-consultation', 'competitive-negotiation', 'inquiry'] as const);
  if (singleSource) {
    const supplier = ctx.companies.pick(subject.supplier, rng);
    ctx.ledger.record(streamId, 'ProcurementSingleSourcePublicized', {
      ...ref,
      budget,
      supplier,
      supplierAddress: streetAddress(rng, d),
      reasons: '所需软件平台为该供应商自主知识产权，扩容及升级须与原有系统完全兼容，只能从原供应商处采购。',
      expertOpinions: `经${rng.pick([3, 5])}名专业人员论证，同意采用单一来源方式采购。`,
      publicityStart: singleSource.start,
      publicityEnd: singleSource.end,
    });
    recordResult(supplier);
    return;
  }

  const docsFrom = noticeDate!;
  // 自采购文件发出之日起至投标截止不得少于二十日
  let submissionDay = nextWorkday(plusDays(docsFrom, rng.int(20, 22)));
  if (determined && submissionDay >= determined) submissionDay = previousWorkday(plusDays(determined, -1));
  const submission = chinaTime(submissionDay);
  ctx.ledger.record(streamId, 'ProcurementNoticePublished', {
    ...ref,
    method,
    demand: `${subject.demand}具体详见采购文件。`,
    budget,
    maxPrice: budget,
    supplierQualifications: '满足《中华人民共和国政府采购法》第二十二条规定；本项目不接受联合体投标。',
    documentsAvailableFrom: docsFrom,
    documentsAvailableUntil: plusWorkdays(plusDays(docsFrom, -1), 5 + rng.int(0, 2)),
    submissionDeadline: submission,
    openingTime: submission,
    noticeDate: docsFrom,
  });
  if (complaint && complaint.decided <= today) {
    ctx.ledger.record(streamId, 'ProcurementComplaintDecided', {
      ...ref,
      complaintNumber: `${docPrefix(region)}财购投〔${complaint.accepted.slice(0, 4)}〕${ctx.serial(`gp-complaint:${region}`) + 2}号`,
      complainant: ctx.companies.pick(subject.supplier, rng),
      acceptedDate: complaint.accepted,
      decisionDate: complaint.decided,
      ...(rng.chance(0.3)
        ? { decision: 'partly-upheld', reasons: '采购文件部分评分因素设置与采购需求关联不紧密，责令修改采购文件后重新开展采购活动；其余投诉事项不成立。' }
        : { decision: 'rejected', reasons: '采购程序及评审标准符合采购文件规定，投诉事项缺乏事实依据。' }),
      decisionNumber: `${docPrefix(region)}财购决〔${complaint.decided.slice(0, 4)}〕${ctx.serial(`gp-decision:${region}`) + 2}号`,
      authority: authorities(region).finance,
    });
  }
  if (determined) recordResult(ctx.companies.pick(subject.supplier, rng));

  function recordResult(supplier: Org): void {
    const items = subject.items.map((i) => ({
      name: i.name,
      ...(i.specification ? { specification: i.specification } : {}),
      quantity: `${i.quantity}${i.unit}`,
      unitPrice: roundTo(i.unitPrice * rng.real(0.9, 0.99), 0.01),
      ...(i.serviceRequirements ? { serviceRequirements: i.serviceRequirements } : {}),
    }));
    const amount = roundTo(items.reduce((s, it, k) => s + it.unitPrice * subject.items[k]!.quantity, 0), 0.01);
    ctx.ledger.record(streamId, 'ProcurementResultPublished', {
      ...ref,
      method,
      suppliers: [{ name: supplier.name, creditCode: supplier.creditCode, address: streetAddress(rng, d), amount }],
      items,
      experts: experts(rng, method === 'single-source' ? 3 : rng.pick([5, 7])),
      determinedDate: determined!,
      noticeDate: minDate(plusDays(determined!, rng.int(0, 1)), today),
      noticePeriodDays: 1,
    });
    if (!signed) return;
    const contractNumber = `${procurementId}-HT01`;
    ctx.ledger.record(streamId, 'ProcurementContractPublished', {
      ...ref,
      contractNumber,
      supplier,
      contractSubject: subject.items.map((i) => i.name).join('、'),
      contractAmount: amount,
      performancePeriod: subject.period,
      signedDate: signed,
    });
    if (!accepted) return;
    ctx.ledger.record(streamId, 'ProcurementAcceptancePublished', {
      ...ref,
      contractNumber,
      acceptanceDate: accepted,
      result: 'passed',
      summary: `${subject.items.map((i) => i.name).join('、')}已按合同约定交付（履约），经验收小组验收合格。`,
    });
  }
}

/** Procurements not tied to a project; the first seven cover every step. */
export function procurementsStory(ctx: Context, rng: Rng, count: number): void {
  const forced: ProcurementVariant[] = ['full', 'single-source', 'complaint', 'contract', 'result', 'notice', 'intention'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`procurement:${i}`);
    const variant = i < forced.length ? forced[i]! : r.weighted<ProcurementVariant>({ intention: 12, notice: 22, result: 14, contract: 20, complaint: 6, 'single-source': 8, full: 10 });
    procurementStory(ctx, r, {
      variant,
      mode: variant === 'full' ? 'backlog' : 'recent',
      retractIntention: variant === 'intention' && (i === 6 || r.chance(0.15)),
    });
  }
}
