// 国有产权交易 (`allocation-state-property-{项目编号}`): 信息披露 (≥ 20 working days) → 交易结果公示
// (≥ 5 working days), the transaction only after the disclosure period.
import { company, institution } from '../cast.ts';
import { nextWorkday, plusDays, plusWorkdays } from '../clock.ts';
import type { Context, Mode } from '../context.ts';
import { authorities, CITY, DISTRICTS, docPrefix, fullName } from '../places.ts';
import { roundTo } from '../random.ts';
import type { Rng } from '../random.ts';

export type StatePropertyVariant = 'disclosure' | 'result' | 'full';

export function statePropertyStory(ctx: Context, rng: Rng, variant: StatePropertyVariant, mode: Mode): void {
  const c = mode === 'backlog' ? ctx.backlogClock(rng, 40, 400) : ctx.clock;
  const v = mode === 'backlog' ? 'full' : variant;
  const d = rng.pick(DISTRICTS);
  const region = rng.chance(0.4) ? CITY.code : d.code;
  const today = ctx.anchor;

  let transaction: string | undefined;
  let disclosureStart: string;
  let disclosureEnd: string;
  if (v === 'disclosure') {
    disclosureStart = c.wd(rng.int(0, 15));
    disclosureEnd = plusWorkdays(plusDays(disclosureStart, -1), 20 + rng.int(0, 3));
  } else {
    const p = v === 'result' ? rng.int(1, 15) : rng.int(5, 15);
    const q = p + rng.int(1, 4);
    transaction = c.wd(p);
    disclosureEnd = c.wd(q);
    // SOE-DISC: at least 20 working days, counting both ends
    disclosureStart = c.wd(q + 19 + rng.int(0, 3));
  }
  const year = disclosureStart.slice(0, 4);
  const equity = rng.chance(0.7);
  const transactionId = `${equity ? 'G3' : 'G6'}${year}SZ${String(1_000_000 + ctx.serial(`soe:${year}`) * 7).padStart(7, '0')}`;
  const streamId = `allocation-state-property-${transactionId}`;
  const transferor = company('soe', rng.int(0, ctx.companies.poolSize('soe') - 1));
  const targetCompany = company('property', rng.int(0, ctx.companies.poolSize('property') - 1));
  const share = rng.pick([100, 100, 51, 35, 20]);
  const target = equity ? `${targetCompany.name}${share}%股权` : `${fullName(d)}${rng.pick(d.roads)}${rng.int(1, 300)}号${rng.pick(['商铺', '办公楼', '厂房'])}房产`;
  const valuation = roundTo(rng.real(3e6, 2.5e8), 10_000);
  const ref = { transactionId, region, target };
  const exchange = institution('苏州产权交易中心', CITY.code, '12');
  const sa = authorities(region).stateAssets;

  ctx.ledger.record(streamId, 'StatePropertyTransferDisclosed', {
    ...ref,
    transferor,
    ...(equity ? { targetCompany } : {}),
    reservePrice: valuation,
    valuation,
    transfereeRequirements: equity ? '意向受让方应为依法设立并有效存续的境内企业法人，具有相关行业经营经验，且未被列入失信被执行人名单。' : '意向受让方应为依法设立的企业法人或具有完全民事行为能力的自然人。',
    approval: `${sa.name} ${docPrefix(region)}国资产〔${year}〕${ctx.serial(`soe-approval:${region}:${year}`) + 10}号`,
    exchange,
    publicityStart: disclosureStart,
    publicityEnd: disclosureEnd,
  });
  if (!transaction || transaction > today) return;
  // 交易结果公示 from the next working day (or the same day when that is today)
  const next = nextWorkday(plusDays(transaction, 1));
  const start = next <= today ? next : transaction;
  ctx.ledger.record(streamId, 'StatePropertyTransferResultPublicized', {
    ...ref,
    transferee: equity ? company('soe', rng.int(0, 50) + 100) : ctx.companies.pick('property', rng),
    price: roundTo(valuation * (1 + (rng.chance(0.5) ? rng.real(0, 0.2) : 0)), 10_000),
    transactionDate: transaction,
    publicityStart: start,
    publicityEnd: plusWorkdays(plusDays(start, -1), 5 + rng.int(0, 2)),
  });
}

export function statePropertiesStory(ctx: Context, rng: Rng, count: number): void {
  const forced: StatePropertyVariant[] = ['result', 'full', 'disclosure'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`state-property:${i}`);
    const variant = i < forced.length ? forced[i]! : r.weighted<StatePropertyVariant>({ disclosure: 40, result: 45, full: 15 });
    statePropertyStory(ctx, r, variant, variant === 'full' ? 'backlog' : 'recent');
  }
}
