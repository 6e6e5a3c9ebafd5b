// 公共资源配置黑名单 (`blacklist-{记录编号}`): 骗取公共资源等不良行为, published by the department that
// manages each kind of allocation.
import type { Org, Person } from '../cast.ts';
import { plusDays } from '../clock.ts';
import type { Context } from '../context.ts';
import type { Authorities } from '../places.ts';
import { authorities, CITY, docPrefix, DISTRICTS } from '../places.ts';
import type { Rng } from '../random.ts';

export type BlacklistArea = 'tendering' | 'procurement' | 'land-use-rights' | 'mining-rights' | 'state-property' | 'affordable-housing';

const AREA_TEXT: Record<BlacklistArea, { department: keyof Authorities; conduct: string; basis: string; measures: string; series: string }> = {
  tendering: {
    department: 'developmentReform',
    conduct: '在依法必须进行招标的项目投标中，以他人名义投标并提供虚假业绩证明材料，骗取中标。',
    basis: '《中华人民共和国招标投标法》第五十四条；《江苏省招标投标条例》',
    measures: '取消其二年内参加依法必须进行招标的项目的投标资格，列入招标投标领域严重失信名单。',
    series: '发改招认',
  },
  procurement: {
    department: 'finance',
    conduct: '在政府采购活动中提供虚假材料谋取中标、成交。',
    basis: '《中华人民共和国政府采购法》第七十七条',
    measures: '列入不良行为记录名单，一至三年内禁止参加政府采购活动。',
    series: '财购认',
  },
  'land-use-rights': {
    department: 'naturalResources',
    conduct: '竞得国有建设用地使用权后未按出让合同约定缴纳土地出让价款，经催告后仍未缴纳。',
    basis: '《招标拍卖挂牌出让国有建设用地使用权规定》；国有建设用地使用权出让合同',
    measures: '取消其竞得资格，竞买保证金不予退还，在规定期限内不得参加本市国有建设用地使用权出让活动。',
    series: '自然资认',
  },
  'mining-rights': {
    department: 'naturalResources',
    conduct: '超越批准的矿区范围采矿，拒不停止开采。',
    basis: '《中华人民共和国矿产资源法》第四十条',
    measures: '列入矿业权人异常名录，限制参加矿业权出让活动。',
    series: '自然资矿认',
  },
  'state-property': {
    department: 'stateAssets',
    conduct: '在国有产权交易中恶意串通压低交易价格，扰乱交易秩序。',
    basis: '《企业国有资产交易监督管理办法》第六十七条',
    measures: '列入产权交易不良行为名单，三年内不得参与本市国有产权交易。',
    series: '国资认',
  },
  'affordable-housing': {
    department: 'housingSecurity',
    conduct: '承租保障性住房期间将住房转租他人，以隐瞒收入、住房等方式骗取保障资格。',
    basis: '《公共租赁住房管理办法》第三十五条、第三十六条',
    measures: '收回所承租住房，五年内不得再次申请住房保障。',
    series: '房保认',
  },
};

export interface BlacklistEntry {
  area: BlacklistArea;
  region: string;
  party: { org: Org } | { person: Person };
  decisionDate: string;
  years: number;
}

export function blacklistEntry(ctx: Context, e: BlacklistEntry): void {
  const text = AREA_TEXT[e.area];
  const year = e.decisionDate.slice(0, 4);
  const entryId = `${e.region}-HMD-${year}-${String(ctx.serial(`blacklist:${e.region}:${year}`)).padStart(4, '0')}`;
  const party =
    'org' in e.party
      ? { type: 'organisation', name: e.party.org.name, creditCode: e.party.org.creditCode }
      : { type: 'natural-person', name: e.party.person.name, idNumber: e.party.person.idNumber };
  const validUntil = plusDays(`${Number(year) + e.years}${e.decisionDate.slice(4).replace('-02-29', '-02-28')}`, -1);
  ctx.ledger.record(`blacklist-${entryId}`, 'BlacklistEntryPublished', {
    entryId,
    region: e.region,
    area: e.area,
    party,
    conduct: text.conduct,
    basis: text.basis,
    measures: text.measures,
    decidingAuthority: authorities(e.region)[text.department],
    documentNumber: `${docPrefix(e.region)}${text.series}〔${year}〕${ctx.serial(`blacklist-doc:${e.region}:${year}`) + 3}号`,
    decisionDate: e.decisionDate,
    validFrom: e.decisionDate,
    validUntil,
  });
}

/** Entries other than the housing ones (those follow from exits in the housing story). */
export function blacklistsStory(ctx: Context, rng: Rng, count: number): void {
  const areas: BlacklistArea[] = ['tendering', 'procurement', 'land-use-rights', 'state-property', 'mining-rights'];
  const kinds = { tendering: 'contractor', procurement: 'it', 'land-use-rights': 'developer', 'state-property': 'property', 'mining-rights': 'quarry' } as const;
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`blacklist:${i}`);
    const area = areas[i % areas.length]!;
    const region = area === 'mining-rights' || r.chance(0.4) ? CITY.code : r.pick(DISTRICTS).code;
    blacklistEntry(ctx, {
      area,
      region,
      party: { org: ctx.companies.pick(kinds[area as Exclude<BlacklistArea, 'affordable-housing'>], r) },
      decisionDate: r.chance(0.1) ? ctx.clock.wd(r.int(40, 200)) : ctx.clock.wd(r.int(0, 18)),
      years: r.int(1, 3),
    });
  }
}
