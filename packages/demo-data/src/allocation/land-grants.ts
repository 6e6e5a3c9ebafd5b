// 国有土地使用权出让 (`allocation-land-use-rights-{交易编号}`): the annual 供应计划, then per parcel
// 出让公告 (≥ 20 日 before bidding) → 出让结果 (LANDSALE-RES: 10 working days) → 出让合同.
import type { Org } from '../cast.ts';
import { plusDays, previousWorkday } from '../clock.ts';
import type { Context, Mode } from '../context.ts';
import type { District } from '../places.ts';
import { authorities, CITY, DISTRICTS, fullName, placeShort } from '../places.ts';
import { roundTo } from '../random.ts';
import type { Rng } from '../random.ts';

type Use = 'residential' | 'commercial' | 'industrial' | 'mixed';

const USE_TERMS: Record<Use, number> = { residential: 70, commercial: 40, industrial: 50, mixed: 50 };

/** 楼面价 (元/m² of floor area) for housing land by district; industrial land is priced per m² of land. */
const FLOOR_PRICE: Record<string, [number, number]> = {
  '320508': [28_000, 42_000],
  '320505': [18_000, 30_000],
  '320506': [15_000, 28_000],
  '320507': [13_000, 24_000],
  '320509': [9_000, 16_000],
  '320571': [25_000, 45_000],
  '320581': [8_000, 14_000],
  '320582': [7_000, 13_000],
  '320583': [10_000, 20_000],
  '320585': [8_000, 14_000],
};

export type GrantVariant = 'notice' | 'result' | 'contract' | 'full';

export interface GrantOptions {
  variant: GrantVariant;
  mode: Mode;
  d?: District;
  /** an enterprise buying industrial land for its project */
  transferee?: Org;
  use?: Use;
}

function parcelPrefix(d: District): string {
  return d.code === '320571' ? '苏园土挂' : d.countyCity ? `${d.name.slice(0, 2)}地挂` : '苏地';
}

export function landGrantStory(ctx: Context, rng: Rng, options: GrantOptions): void {
  const d = options.d ?? rng.pick(DISTRICTS);
  const use: Use = options.use ?? rng.weighted<Use>({ residential: 35, industrial: 40, commercial: 15, mixed: 10 });
  const c = options.mode === 'backlog' ? ctx.backlogClock(rng, 40, 400) : ctx.clock;
  const variant = options.mode === 'backlog' ? 'full' : options.variant;
  const today = ctx.anchor;

  // backwards from the step reached
  let transaction: string | undefined;
  let signed: string | undefined;
  let notice: string;
  let biddingStart: string;
  let biddingEnd: string;
  if (variant === 'notice') {
    notice = c.wd(rng.int(0, 15));
    biddingStart = plusDays(notice, rng.int(20, 24));
    biddingEnd = plusDays(biddingStart, rng.int(10, 14));
  } else {
    const p = variant === 'result' ? rng.int(0, 9) : rng.int(4, 9);
    transaction = c.wd(p);
    if (variant !== 'result') signed = c.wd(rng.int(0, p - 1));
    biddingEnd = transaction;
    biddingStart = previousWorkday(plusDays(biddingEnd, -rng.int(10, 14)));
    notice = previousWorkday(plusDays(biddingStart, -rng.int(20, 26)));
  }

  const year = notice.slice(0, 4);
  const n = ctx.serial(`parcel:${d.code}:${year}`);
  const transactionId = `TD${d.code}-${year}-${String(n).padStart(3, '0')}`;
  const streamId = `allocation-land-use-rights-${transactionId}`;
  const town = rng.pick(d.towns);
  const [road1, road2] = rng.sample(d.roads, 2);
  const area = roundTo(use === 'industrial' ? rng.real(12_000, 120_000) : rng.real(18_000, 95_000), 0.01);
  const far = use === 'industrial' ? rng.real(1.2, 2.5, 0.1) : use === 'residential' ? rng.real(1.6, 2.8, 0.1) : rng.real(2.0, 4.5, 0.1);
  const parcel = {
    parcelNumber: `${parcelPrefix(d)}${year}-WG-${String(n).padStart(2, '0')}号`,
    location: `${fullName(d)}${placeShort(town)}，${road1}东、${road2}南`,
    area,
    use,
    plotRatio: use === 'industrial' ? `1.2≤容积率≤${far.toFixed(1)}` : `1.0<容积率≤${far.toFixed(1)}`,
    buildingDensity: use === 'industrial' ? '≥40%' : `≤${rng.pick([25, 28, 30, 35])}%`,
    termYears: USE_TERMS[use],
  };
  const [low, high] = FLOOR_PRICE[d.code] ?? [10_000, 20_000];
  const startingPrice =
    use === 'industrial' ? roundTo(area * rng.int(500, 1_400), 10_000) : roundTo(area * far * rng.int(low, high) * (use === 'residential' ? 1 : 0.45), 10_000);
  const deposit = roundTo(startingPrice * 0.2, 10_000);
  const nrp = authorities(d.code).naturalResources;

  ctx.ledger.record(streamId, 'LandGrantNoticePublished', {
    transactionId,
    region: d.code,
    parcel,
    method: use === 'industrial' ? 'listing' : rng.pick(['listing', 'listing', 'auction'] as const),
    startingPrice,
    deposit,
    biddingStart,
    biddingEnd,
    bidderRequirements: use === 'industrial' ? '竞买人须为符合产业准入条件的企业，并承诺达到约定的投资强度和亩均税收标准。' : '中华人民共和国境内外的法人和其他组织均可申请参加，申请人应单独申请。',
    grantor: nrp,
    noticeDate: notice,
  });
  if (!transaction || transaction > today) return;

  const transferee = options.transferee ?? ctx.companies.pick(use === 'industrial' ? 'manufacturer' : 'developer', rng);
  const premium = use === 'residential' && rng.chance(0.6) ? rng.real(0.01, 0.25) : 0;
  const price = roundTo(startingPrice * (1 + premium), 10_000);
  ctx.ledger.record(streamId, 'LandGrantResultPublished', {
    transactionId,
    region: d.code,
    parcel,
    transferee,
    price,
    transactionDate: transaction,
    signingDate: plusDays(transaction, 10),
  });
  if (!signed) return;
  ctx.ledger.record(streamId, 'LandGrantContractSigned', {
    transactionId,
    region: d.code,
    contractNumber: `${d.code}${signed.slice(0, 4)}CR${String(ctx.serial(`land-contract:${d.code}`) + 10).padStart(4, '0')}`,
    parcelNumber: parcel.parcelNumber,
    transferee,
    price,
    signedDate: signed,
    deliveryDate: plusDays(signed, rng.int(30, 120)),
    agreedStartDate: plusDays(signed, rng.int(150, 365)),
    agreedCompletionDate: plusDays(signed, rng.int(720, 1460)),
  });
}

/** 年度建设用地供应计划 of the city and its districts (the current one, and last year's for the city). */
export function landSupplyPlansStory(ctx: Context, rng: Rng): void {
  const anchorYear = Number(ctx.anchor.slice(0, 4));
  // plans are published early in the year; from November the next year's plan is out
  const year = Number(ctx.anchor.slice(5, 7)) >= 11 ? anchorYear + 1 : anchorYear;
  const regions = [CITY.code as string, ...DISTRICTS.map((d) => d.code as string)];
  const plan = (region: string, y: number, publishedDate: string, r: Rng) => {
    const total = region === CITY.code ? r.int(900, 1600) * 10_000 : r.int(60, 260) * 10_000;
    const shares = { residential: r.real(0.15, 0.25), commercial: r.real(0.05, 0.1), industrial: r.real(0.35, 0.45), public: r.real(0.1, 0.15) };
    const structure = (Object.entries(shares) as Array<[string, number]>).map(([use, share]) => ({ use, area: roundTo(total * share, 100) }));
    const rest = roundTo(total - structure.reduce((s, x) => s + x.area, 0), 100);
    ctx.ledger.record(`allocation-land-use-rights-PLAN-${region}-${y}`, 'LandSupplyPlanPublished', {
      planId: `PLAN-${region}-${y}`,
      region,
      year: y,
      totalArea: total,
      structure: [...structure, { use: 'transport', area: rest }],
      timing: '一季度20%，二季度30%，三季度30%，四季度20%；重点保障重大基础设施、民生项目和先进制造业用地。',
      parcels: r.sample(['重点民生项目用地', '产业用地', '保障性住房用地', '基础设施用地'], 2).map((x) => `${x}（详见附表）`),
      publishedDate,
    });
  };
  for (const region of regions) {
    const r = rng.fork(`supply-plan:${region}`);
    plan(region, year, ctx.clock.wd(r.int(2, 19)), r);
  }
  // last year's city plan, published back then (posted late)
  const r = rng.fork('supply-plan:previous');
  plan(CITY.code, year - 1, ctx.clock.at(`${year - 1}-03-15`).wd(r.int(0, 30)), r);
}

export function landGrantsStory(ctx: Context, rng: Rng, count: number): void {
  const forced: GrantVariant[] = ['full', 'contract', 'result', 'notice'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`land-grant:${i}`);
    const variant = i < forced.length ? forced[i]! : r.weighted<GrantVariant>({ notice: 30, result: 25, contract: 35, full: 10 });
    landGrantStory(ctx, r, { variant, mode: variant === 'full' ? 'backlog' : 'recent' });
  }
}
