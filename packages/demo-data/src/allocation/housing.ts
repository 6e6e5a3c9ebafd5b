// 保障性住房分配 (`allocation-affordable-housing-…`): 分配政策 → 年度计划 → 房源及申请公告 → 审核结果
// 公示 (a named list: names masked publicly, ID numbers and incomes on request) → 配租配售 (摇号)
// → 退出, and the 黑名单 entries that follow from fraud.
import type { Person } from '../cast.ts';
import { person } from '../cast.ts';
import type { Clock } from '../clock.ts';
import { minDate, plusDays, previousWorkday } from '../clock.ts';
import type { Context } from '../context.ts';
import { revokeDocument } from '../documents.ts';
import { authorities, CITY, docPrefix, DISTRICTS, landline, placeShort, regionLabel, streetAddress } from '../places.ts';
import type { Project } from '../project-plan.ts';
import { roundTo } from '../random.ts';
import type { Rng } from '../random.ts';
import { blacklistEntry } from './blacklist.ts';
import { RETRACTION_BASIS } from '../amendments.ts';

type HousingType = 'public-rental' | 'affordable-rental' | 'shared-ownership' | 'allotment-sale';

const TYPE_TEXT: Record<HousingType, { code: string; zh: string; eligibility: string; rent: [number, number]; perM2: boolean }> = {
  'public-rental': {
    code: 'GZF',
    zh: '公共租赁住房',
    eligibility: '具有本地户籍，家庭人均年收入低于上年度城镇居民人均可支配收入的70%，且家庭人均住房建筑面积低于15平方米；或为符合条件的新就业无房职工、稳定就业外来务工人员。',
    rent: [450, 1200],
    perM2: false,
  },
  'affordable-rental': {
    code: 'BZF',
    zh: '保障性租赁住房',
    eligibility: '在本市就业的新市民、青年人，本人及配偶在本市无自有住房；租金不高于同地段同品质市场租赁住房租金的90%。',
    rent: [1500, 3600],
    perM2: false,
  },
  'shared-ownership': {
    code: 'GYCQ',
    zh: '共有产权住房',
    eligibility: '本市户籍家庭或符合条件的人才家庭，在本市无自有住房且五年内无住房转让记录；购房人产权份额不低于60%。',
    rent: [12_000, 24_000],
    perM2: true,
  },
  'allotment-sale': {
    code: 'PSF',
    zh: '配售型保障性住房',
    eligibility: '本市住房困难且收入不高的工薪收入群体及引进人才，家庭在本市无自有住房；按保本微利原则定价，封闭管理。',
    rent: [9_000, 18_000],
    perM2: true,
  },
};

const LAYOUTS = [
  { layout: '一室一厅', area: [38, 48] },
  { layout: '两室一厅', area: [55, 70] },
  { layout: '三室一厅', area: [75, 90] },
] as const;

export type RoundVariant = 'listing' | 'review' | 'allocated' | 'exits' | 'full';

export interface RoundOptions {
  variant: RoundVariant;
  project?: Project;
  type?: HousingType;
}

export function housingRoundStory(ctx: Context, rng: Rng, options: RoundOptions): void {
  const project = options.project;
  const d = project?.d ?? rng.pick(DISTRICTS);
  const region = project ? (project.region === CITY.code ? CITY.code : d.code) : rng.chance(0.4) ? CITY.code : d.code;
  const type: HousingType = options.type ?? rng.weighted<HousingType>({ 'public-rental': 35, 'affordable-rental': 40, 'shared-ownership': 15, 'allotment-sale': 10 });
  const t = TYPE_TEXT[type];
  const variant = options.variant;
  // 'exits': an old round (allocated long ago, posted late) whose exits are reported now
  const old = variant === 'full' || variant === 'exits';
  const c: Clock = old ? ctx.backlogClock(rng, 120, 700) : ctx.clock;
  const today = ctx.anchor;

  let listing: string;
  let reviewStart: string | undefined;
  let allocation: string | undefined;
  if (variant === 'listing') {
    listing = c.wd(rng.int(0, 12));
  } else if (variant === 'review') {
    const p = rng.int(0, 6);
    reviewStart = c.wd(p);
    listing = c.wd(p + rng.int(8, 13));
  } else {
    const p = old ? rng.int(0, 20) : rng.int(0, 2);
    const q = p + rng.int(6, 8);
    allocation = c.wd(p);
    reviewStart = c.wd(q);
    listing = c.wd(q + rng.int(7, 10));
  }
  const year = listing.slice(0, 4);
  const roundId = `${region}-${t.code}-${year}-${String(ctx.serial(`round:${region}:${year}`)).padStart(2, '0')}`;
  const streamId = `allocation-affordable-housing-${roundId}`;
  const ref = { roundId, region, housingType: type };
  const estate = project?.estate ?? `${placeShort(rng.pick(d.towns))}${rng.pick(['雅苑', '和园', '人才公寓', '安居苑', '新苑', '景苑'])}`;
  const address = project ? project.location.replace(/，.*$/, '') + rng.pick(d.roads) + `${rng.int(1, 300)}号` : streetAddress(rng, d);
  const hs = authorities(region).housingSecurity;
  const layouts = LAYOUTS.filter(() => rng.chance(0.7));
  if (layouts.length === 0) layouts.push(LAYOUTS[1]!);
  // one rent per m² (or price per m²) for the estate
  const level = rng.int(t.rent[0], t.rent[1]);
  const unitTypes = layouts.map((l) => {
    const area = rng.real(l.area[0], l.area[1], 0.1);
    return {
      layout: l.layout,
      area,
      count: rng.int(2, 30) * 10,
      rentOrPrice: t.perM2 ? Math.round(level / 100) * 100 : roundTo((level / 60) * area, 1),
    };
  });
  const units = unitTypes.reduce((s, u) => s + u.count, 0);
  const applicationUntil = plusDays(listing, rng.int(7, 10));
  const listingEvent = ctx.ledger.record(streamId, 'HousingListingPublished', {
    ...ref,
    estate,
    address,
    ...(project ? { relatedProjectCodes: [project.code] } : {}),
    units,
    unitTypes,
    eligibility: t.eligibility,
    procedure: '网上申请 → 街道（镇）初审 → 区（市）复核 → 住房保障部门审核 → 公示 → 公开摇号选房 → 签约入住',
    applicationFrom: listing,
    applicationUntil: variant === 'listing' ? plusDays(listing, rng.int(10, 20)) : applicationUntil,
    publishedDate: listing,
  });
  if (variant === 'listing' && rng.chance(0.2)) {
    // the number of units was short by one building: corrected
    ctx.ledger.correct(
      listingEvent,
      { units: units + unitTypes[0]!.count, unitTypes: [{ ...unitTypes[0]!, count: unitTypes[0]!.count * 2 }, ...unitTypes.slice(1)] },
      '房源套数漏计一幢，予以更正。',
      ctx.clock.clamp(plusDays(listing, rng.int(1, 3))),
    );
  }
  if (!reviewStart) return;

  const firstNumber = rng.int(1, 300);
  const applicants: Array<{ number: string; who: Person; approved: boolean }> = Array.from({ length: rng.int(6, 18) }, (_, i) => ({
    number: `${t.code}${listing.slice(0, 4)}${listing.slice(5, 7)}${String(firstNumber + i).padStart(4, '0')}`,
    who: person(rng, d, { asOf: listing, minAge: 22, maxAge: 62 }),
    approved: rng.chance(0.85),
  }));
  const reasons = ['家庭人均收入超过规定标准', '申请人家庭在本市拥有住房', '申报材料与核查结果不符'];
  ctx.ledger.record(streamId, 'HousingApplicationsReviewed', {
    ...ref,
    publicityStart: reviewStart,
    publicityEnd: plusDays(reviewStart, 6),
    applicants: applicants.map((a) => ({
      applicationNumber: a.number,
      name: a.who.name,
      idNumber: a.who.idNumber,
      householdSize: rng.int(1, 4),
      householdIncome: rng.int(24, 130) * 1_000,
      ...(rng.chance(0.7) ? { currentHousingArea: rng.chance(0.4) ? 0 : rng.real(8, 30, 0.1) } : {}),
      result: a.approved ? 'approved' : 'rejected',
      ...(a.approved ? {} : { reason: rng.pick(reasons) }),
    })),
    objectionContact: { name: hs.name, phone: landline(rng, d), address: streetAddress(rng, d) },
  });
  if (!allocation) return;

  const winners = applicants.filter((a) => a.approved).slice(0, Math.max(1, Math.min(units, 40)));
  if (winners.length === 0) return;
  const unitOf = () => `${estate}${rng.int(1, 24)}幢${rng.int(1, 3)}单元${rng.int(2, 18)}0${rng.int(1, 4)}室`;
  const results = winners.map((w, i) => ({ applicationNumber: w.number, name: w.who.name, sequenceNumber: i + 1, unit: unitOf() }));
  ctx.ledger.record(streamId, 'HousingAllocated', {
    ...ref,
    method: type === 'public-rental' && rng.chance(0.3) ? 'ranking' : 'lottery',
    allocationDate: allocation,
    notary: `江苏省苏州市${rng.pick(['姑苏', '吴中', '相城', '吴江', '虎丘'])}公证处`,
    results,
  });
  if (!old) return;

  // 退出: reported now for 'exits' (on time), back then for 'full'
  const reportDate = variant === 'exits' ? ctx.clock.wd(rng.int(0, 12)) : previousWorkday(plusDays(allocation, rng.int(120, 400)));
  if (reportDate > today) return;
  const leaving = rng.sample(results, Math.min(results.length, rng.int(1, 3)));
  const exits = leaving.map((r, i) => ({
    applicationNumber: r.applicationNumber,
    name: r.name,
    unit: r.unit,
    reason: i === 0 && variant === 'exits' ? ('violation' as const) : rng.pick(['voluntary', 'voluntary', 'ineligible'] as const),
    exitDate: plusDays(reportDate, -rng.int(3, 20)),
  }));
  const exited = ctx.ledger.record(streamId, 'HousingExited', { ...ref, reportDate, exits });
  for (const e of exits) {
    if (e.reason !== 'violation') continue;
    const who = winners.find((w) => w.number === e.applicationNumber)!.who;
    blacklistEntry(ctx, { area: 'affordable-housing', region, party: { person: who }, decisionDate: minDate(plusDays(reportDate, -rng.int(0, 2)), today), years: 5 });
  }
  if (variant === 'full' && rng.chance(0.2)) {
    // an exit listed under the wrong round: withdrawn
    ctx.ledger.retract(exited, '退出名单误发布至其他分配批次，予以撤回。', RETRACTION_BASIS, minDate(plusDays(reportDate, rng.int(1, 5)), today));
  }
}

// ---------------------------------------------------------------------------
// 分配政策 and 年度计划

interface Policy {
  title: string;
  series: string;
  replaces?: { title: string; year: number; number: number };
}

export function housingPoliciesStory(ctx: Context, rng: Rng): void {
  const city: Policy[] = [
    { title: '苏州市市区公共租赁住房保障实施细则', series: '住建规', replaces: { title: '苏州市市区公共租赁住房管理办法', year: 2016, number: 8 } },
    { title: '苏州市保障性租赁住房管理办法', series: '府规字', replaces: { title: '苏州市保障性租赁住房管理暂行办法', year: 2021, number: 14 } },
    { title: '苏州市共有产权住房管理办法（试行）', series: '府规字' },
    { title: '苏州市配售型保障性住房管理办法（试行）', series: '住建规' },
  ];
  const districts = rng.sample(DISTRICTS, 3);
  const policies: Array<{ region: string; policy: Policy }> = [
    ...city.map((policy) => ({ region: CITY.code as string, policy })),
    ...districts.map((d) => ({ region: d.code as string, policy: { title: `${d.name}公共租赁住房管理办法`, series: '政规', replaces: { title: `${d.name}公共租赁住房管理暂行办法`, year: 2015 + rng.int(0, 5), number: rng.int(2, 30) } } })),
  ];
  policies.forEach(({ region, policy }, i) => {
    const r = rng.fork(`policy:${region}:${i}`);
    // one policy was issued long ago (posted late); the rest are new
    const issued = i === 2 ? ctx.clock.wd(r.int(200, 500)) : ctx.clock.wd(r.int(3, 19));
    const y = issued.slice(0, 4);
    const p = docPrefix(region);
    const documentNumber = `${p}${policy.series}〔${y}〕${ctx.serial(`policy:${region}:${y}`) + r.int(3, 20)}号`;
    const effective = plusDays(issued, r.pick([15, 30, 45]));
    const policyId = `${region}-ZC-${y}-${String(ctx.serial(`policy-id:${region}`)).padStart(2, '0')}`;
    const issuer = authorities(region).housingSecurity;
    ctx.ledger.record(`allocation-affordable-housing-${policyId}`, 'HousingPolicyPublished', {
      policyId,
      region,
      documentTitle: policy.title,
      documentNumber,
      issuingAuthority: policy.series === '府规字' || policy.series === '政规' ? authorities(region).government : issuer,
      issuedDate: issued,
      effectiveDate: effective,
      content: `第一条 为规范${regionLabel(region)}住房保障工作，根据《国务院办公厅关于加快发展保障性租赁住房的意见》等规定，结合本地实际，制定本办法。……（全文略）`,
    });
    if (policy.replaces) {
      revokeDocument(ctx, {
        region,
        title: policy.replaces.title,
        documentNumber: `${p}${policy.series}〔${policy.replaces.year}〕${policy.replaces.number}号`,
        issuingAuthority: authorities(region).government,
        issuedDate: `${policy.replaces.year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
        action: 'repealed',
        decisionDate: issued,
        effectiveDate: effective,
        reason: 'superseded',
        reasonDetail: `已被《${policy.title}》（${documentNumber}）替代。`,
      });
    }
  });
}

export function housingPlansStory(ctx: Context, rng: Rng): void {
  const anchorYear = Number(ctx.anchor.slice(0, 4));
  const regions = [CITY.code as string, ...rng.sample(DISTRICTS, 4).map((d) => d.code as string)];
  for (const region of regions) {
    const r = rng.fork(`housing-plan:${region}`);
    // the city's plan came out in February (posted late unless the anchor is early in the year)
    const early = `${anchorYear}-02-20`;
    const published = region === CITY.code && early <= ctx.clock.wd(25) ? previousWorkday(early) : ctx.clock.wd(r.int(2, 19));
    const year = Number(published.slice(0, 4));
    const scale = region === CITY.code ? 10 : 1;
    ctx.ledger.record(`allocation-affordable-housing-PLAN-${region}-${year}`, 'HousingAnnualPlanPublished', {
      planId: `PLAN-${region}-${year}`,
      region,
      year,
      items: [
        { housingType: 'public-rental', plannedStarts: r.int(1, 12) * 10 * scale, plannedCompletions: r.int(1, 10) * 10 * scale, plannedAllocations: r.int(5, 30) * 10 * scale },
        { housingType: 'affordable-rental', plannedStarts: r.int(5, 30) * 100 * scale, plannedCompletions: r.int(4, 25) * 100 * scale },
        ...(region === CITY.code ? [{ housingType: 'allotment-sale', plannedStarts: r.int(5, 20) * 100, plannedCompletions: 0 }] : []),
      ],
      publishedDate: published,
    });
  }
}

export function housingRoundsStory(ctx: Context, rng: Rng, count: number): void {
  const forced: RoundVariant[] = ['exits', 'allocated', 'review', 'listing', 'full'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`housing-round:${i}`);
    const variant = i < forced.length ? forced[i]! : r.weighted<RoundVariant>({ listing: 25, review: 20, allocated: 30, exits: 12, full: 13 });
    housingRoundStory(ctx, r, { variant });
  }
}
