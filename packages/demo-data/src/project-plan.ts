// A project's identity: 项目代码 (GB/T 40058 shape), name, 项目单位, site, investment and funding —
// everything the stories about it (approvals, tenders, land, penalties …) need to agree on.
import type { Org } from './cast.ts';
import { company, contactName, institution, platformCompany } from './cast.ts';
import type { Context, Mode } from './context.ts';
import type { District } from './places.ts';
import { CITY, DISTRICTS, fullName, landline, streetAddress } from './places.ts';
import type { InvestmentType, ProjectKind, Site } from './project-kinds.ts';
import { pickSite } from './project-kinds.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';

export type Stage = 'registered' | 'approving' | 'approved' | 'construction' | 'completed';

export const STAGES: readonly Stage[] = ['registered', 'approving', 'approved', 'construction', 'completed'];

export function stageAtLeast(stage: Stage, min: Stage): boolean {
  return STAGES.indexOf(stage) >= STAGES.indexOf(min);
}

export interface Project {
  index: number;
  code: string;
  name: string;
  /** the 项目代码 region: 320500 for city-level projects, else the district */
  region: string;
  /** the district the works are in */
  d: District;
  site: Site;
  kind: ProjectKind;
  investmentType: InvestmentType;
  industry: string;
  unit: Org;
  unitAddress: string;
  unitContact: string;
  unitPhone: string;
  location: string;
  totalInvestment: number;
  stage: Stage;
  mode: Mode;
  /** the estate a housing project builds (保障房 rounds offer it) */
  estate?: string;
  rng: Rng;
}

/** What the enterprise (备案) projects make, by the line of business in the company's name. */
const PRODUCTS: ReadonlyArray<{ line: string; name: string; industry: string; sector: string }> = [
  { line: '精密机械', name: '精密模具生产线扩建项目', industry: '金属制品业', sector: '33' },
  { line: '新材料科技', name: '年产5万吨高性能复合材料项目', industry: '化学原料和化学制品制造业', sector: '26' },
  { line: '智能装备', name: '智能装备研发及生产基地项目', industry: '通用设备制造业', sector: '34' },
  { line: '电子科技', name: '集成电路封装测试项目', industry: '计算机、通信和其他电子设备制造业', sector: '39' },
  { line: '生物医药', name: '生物医药研发中心及产业化项目', industry: '医药制造业', sector: '27' },
  { line: '汽车零部件', name: '新能源汽车零部件生产项目', industry: '汽车制造业', sector: '36' },
];

const PROJECT_TYPE_CODE: Record<InvestmentType, string> = { government: '01', ratification: '02', filing: '03' };

/** Six digits unique per project (a bijection of the serial). */
function codeTail(serial: number): string {
  return String((serial * 7919 + 104_729) % 1_000_000).padStart(6, '0');
}

function ownerLabel(region: string, d: District): string {
  if (region === CITY.code) return '苏州市';
  if (d.code === '320571') return '苏州工业园区';
  return d.countyCity ? d.name : `苏州${d.short}`;
}

function ownDepartmentPrefix(region: string, d: District): string {
  return region === CITY.code ? '苏州市' : fullName(d);
}

function ownerOf(ctx: Context, kind: ProjectKind, region: string, site: Site, rng: Rng): Org {
  const label = ownerLabel(region, site.d);
  const dept = ownDepartmentPrefix(region, site.d);
  switch (kind.owner) {
    case 'transport':
      return platformCompany(label, region, '交通投资建设有限公司');
    case 'urban':
      return platformCompany(label, region, '城市建设投资发展有限公司');
    case 'water':
      return platformCompany(label, region, '水务投资发展有限公司');
    case 'housing':
      return platformCompany(label, region, '安居建设发展有限公司');
    case 'garden':
      return institution(`${dept}园林和绿化管理局`, region, '11');
    case 'education':
      return institution(`${dept}教育局`, region, '11');
    case 'health':
      return institution(`${dept}卫生健康委员会`, region, '11');
    case 'rail':
      return platformCompany('苏州市', CITY.code, '轨道交通建设有限公司');
    case 'town':
      return platformCompany(`${label}${site.place}`, region, '城乡发展有限公司');
    case 'enterprise':
      return company('manufacturer', 1000 + ctx.serial('enterprise-owner'));
    case 'utility':
      return ctx.companies.pick('utility', rng);
  }
}

/** The investment rounded the way budgets are (to 万元 or 百万元). */
function budget(rng: Rng, [min, max]: [number, number]): number {
  const raw = Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
  const unit = raw > 1e9 ? 1e6 : raw > 1e8 ? 1e5 : 1e4;
  return Math.round(raw / unit) * unit;
}

export function fundingSources(rng: Rng, type: InvestmentType, total: number, region: string): Array<{ source: string; amount: number }> {
  if (type !== 'government') {
    const own = roundTo(total * rng.real(0.35, 0.6), 10_000);
    return [
      { source: '企业自有资金', amount: own },
      { source: '银行贷款', amount: total - own },
    ];
  }
  const level = region === CITY.code ? '市级' : '区级';
  if (rng.chance(0.4)) return [{ source: `${level}财政资金`, amount: total }];
  const bond = roundTo(total * rng.real(0.15, 0.4), 10_000);
  const upper = region === CITY.code ? 0 : roundTo(total * rng.real(0, 0.2), 10_000);
  const own = total - bond - upper;
  return [
    { source: `${level}财政资金`, amount: own },
    ...(upper > 0 ? [{ source: '市级财政补助资金', amount: upper }] : []),
    { source: '地方政府专项债券', amount: bond },
  ];
}

/** The project's identity; its 项目代码 gets the year of 赋码 once the lifecycle is laid out. */
export function planProject(ctx: Context, index: number, kind: ProjectKind, stage: Stage, mode: Mode, rng: Rng): Project {
  // village works only where there are villages left
  const d = rng.pick(kind.rural ? DISTRICTS.filter((x) => x.code !== '320508' && x.code !== '320571') : DISTRICTS);
  const site = pickSite(rng, d);
  const region = rng.chance(kind.cityLevel) ? CITY.code : d.code;
  const unit = ownerOf(ctx, kind, region, site, rng);
  const product = kind.owner === 'enterprise' ? (PRODUCTS.find((x) => unit.name.includes(x.line)) ?? PRODUCTS[2]!) : undefined;
  // enterprise projects are named after the company: 苏州某某电子科技有限公司集成电路封装测试项目
  const baseName = product ? `${unit.name}${product.name}` : kind.name(site, rng);
  const name = ctx.uniqueName(baseName);
  const code = `0000-${region}-${product?.sector ?? kind.sector}-${PROJECT_TYPE_CODE[kind.investmentType]}-${codeTail(ctx.serial('project-code'))}`;
  const totalInvestment = budget(rng, kind.investment);
  const location = kind.rural
    ? `${fullName(d)}${site.town}${site.village}村`
    : `${fullName(d)}${site.town}，${site.road}${rng.pick(['以东', '以西', '以南', '以北', '沿线'])}`;
  return {
    index,
    code,
    name,
    region,
    d,
    site,
    kind,
    investmentType: kind.investmentType,
    industry: product?.industry ?? kind.industry,
    unit,
    unitAddress: streetAddress(rng, d),
    unitContact: contactName(rng),
    unitPhone: landline(rng, d),
    location,
    totalInvestment,
    stage,
    mode,
    ...(kind.key === 'housing' ? { estate: baseName.replace(/(保障性租赁住房项目|公共租赁住房项目|安置房工程)$/, '') + name.slice(baseName.length).replace(/[（）]/g, '') } : {}),
    rng,
  };
}
