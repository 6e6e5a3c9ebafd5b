// 矿业权出让 (`allocation-mining-rights-{交易编号}`): 出让公告 → 出让结果 → 登记发证 (a 行政许可:
// XK-CF-7). Suzhou grants few: building stone in 吴中, geothermal and mineral water exploration.
import { plusDays, previousWorkday } from '../clock.ts';
import type { Context, Mode } from '../context.ts';
import { authorities, district } from '../places.ts';
import type { Rng } from '../random.ts';

export type MiningVariant = 'notice' | 'result' | 'licensed' | 'full';

const AREAS = [
  { region: '320506', name: '吴中区金山建筑用花岗岩矿', mineral: '建筑用花岗岩', type: 'mining' as const, km2: [0.1, 0.6], price: [4e7, 1.2e8] },
  { region: '320506', name: '吴中区藏书建筑用凝灰岩矿', mineral: '建筑用凝灰岩', type: 'mining' as const, km2: [0.1, 0.5], price: [3e7, 9e7] },
  { region: '320509', name: '吴江区松陵地热资源勘查', mineral: '地热', type: 'exploration' as const, km2: [2, 12], price: [2e6, 8e6] },
  { region: '320583', name: '昆山市千灯地热资源勘查', mineral: '地热', type: 'exploration' as const, km2: [2, 10], price: [2e6, 6e6] },
  { region: '320581', name: '常熟市虞山饮用天然矿泉水', mineral: '饮用天然矿泉水', type: 'mining' as const, km2: [0.02, 0.2], price: [3e6, 1.2e7] },
  { region: '320582', name: '张家港市长江段江砂开采', mineral: '建筑用砂', type: 'mining' as const, km2: [0.5, 3], price: [2e7, 8e7] },
];

export function miningStory(ctx: Context, rng: Rng, variant: MiningVariant, mode: Mode, index: number): void {
  const area = AREAS[index % AREAS.length]!;
  const c = mode === 'backlog' ? ctx.backlogClock(rng, 40, 500) : ctx.clock;
  const v = mode === 'backlog' ? 'full' : variant;
  let notice: string;
  let transaction: string | undefined;
  let licensed: string | undefined;
  if (v === 'notice') {
    notice = c.wd(rng.int(0, 15));
  } else if (v === 'result') {
    transaction = c.wd(rng.int(0, 6));
    notice = previousWorkday(plusDays(transaction, -rng.int(10, 16)));
  } else {
    const p = rng.int(0, 4);
    licensed = c.wd(p);
    transaction = c.wd(p + rng.int(1, 3));
    notice = previousWorkday(plusDays(transaction, -rng.int(10, 13)));
  }
  const biddingStart = transaction ? plusDays(transaction, -rng.int(5, 8)) : plusDays(notice, rng.int(10, 20));
  const biddingEnd = transaction ?? plusDays(biddingStart, rng.int(5, 8));
  const year = notice.slice(0, 4);
  const transactionId = `KQ${area.region}-${year}-${String(ctx.serial(`mining:${year}`)).padStart(3, '0')}`;
  const streamId = `allocation-mining-rights-${transactionId}`;
  const d = district(area.region);
  const nrp = authorities(area.region).naturalResources;
  const ref = { transactionId, region: area.region, rightType: area.type, areaName: area.name, mineral: area.mineral };
  const x = 3_460_000 + rng.int(-40_000, 60_000);
  const y = 40_520_000 + rng.int(-60_000, 80_000);
  const w = rng.int(300, 900);
  const h = rng.int(300, 900);
  const startingPrice = Math.round((area.price[0]! + rng.next() * (area.price[1]! - area.price[0]!)) / 10_000) * 10_000;
  ctx.ledger.record(streamId, 'MiningGrantNoticePublished', {
    ...ref,
    areaKm2: Number((area.km2[0]! + rng.next() * (area.km2[1]! - area.km2[0]!)).toFixed(4)),
    cornerCoordinates: [
      `1, ${x}.${rng.digits(2)}, ${y}.${rng.digits(2)}`,
      `2, ${x}.${rng.digits(2)}, ${y + w}.${rng.digits(2)}`,
      `3, ${x - h}.${rng.digits(2)}, ${y + w}.${rng.digits(2)}`,
      `4, ${x - h}.${rng.digits(2)}, ${y}.${rng.digits(2)}`,
    ],
    method: area.type === 'exploration' ? 'tender' : 'listing',
    deposit: Math.round((startingPrice * 0.2) / 10_000) * 10_000,
    startingPrice,
    biddingStart,
    biddingEnd,
    grantor: nrp,
    noticeDate: notice,
  });
  if (!transaction) return;
  const holder = ctx.companies.pick(area.type === 'exploration' ? 'utility' : 'quarry', rng);
  ctx.ledger.record(streamId, 'MiningGrantResultPublished', {
    ...ref,
    transferee: holder,
    price: Math.round((startingPrice * (1 + rng.real(0, 0.3))) / 10_000) * 10_000,
    transactionDate: transaction,
  });
  if (!licensed) return;
  const validYears = area.type === 'exploration' ? 5 : rng.pick([5, 10]);
  ctx.ledger.record(streamId, 'MiningRightLicensed', {
    ...ref,
    licenceNumber: `${area.type === 'exploration' ? 'T' : 'C'}32${d.code.slice(2, 4)}00${licensed.slice(0, 4)}${licensed.slice(5, 7)}${rng.digits(11)}`,
    holder,
    mineName: `${holder.name}${area.name.replace(/^.{2,3}[区市]/, '')}`,
    validFrom: licensed,
    validUntil: plusDays(`${Number(licensed.slice(0, 4)) + validYears}${licensed.slice(4).replace('-02-29', '-02-28')}`, -1),
    issuingAuthority: nrp,
    issuedDate: licensed,
  });
}

export function miningsStory(ctx: Context, rng: Rng, count: number): void {
  const forced: MiningVariant[] = ['licensed', 'full', 'notice', 'result'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`mining:${i}`);
    const variant = i < forced.length ? forced[i]! : r.pick<MiningVariant>(['notice', 'result', 'licensed', 'full']);
    miningStory(ctx, r, variant, variant === 'full' ? 'backlog' : 'recent', i);
  }
}
