// The kinds of project the demo builds — 道路、桥梁、学校、医院、污水处理厂、轨道交通站点、保障房、
// 公园 … — with how each is named, sized, funded and approved, and what its construction involves.
import type { ApprovalKind } from '@gongkai/catalog';
import { chineseNumber } from './context.ts';
import type { District } from './places.ts';
import { placeShort, VILLAGES } from './places.ts';
import type { Rng } from './random.ts';

export type InvestmentType = 'government' | 'ratification' | 'filing';

/** Who owns (项目单位) projects of a kind. */
export type OwnerKind = 'transport' | 'urban' | 'water' | 'housing' | 'garden' | 'education' | 'health' | 'rail' | 'town' | 'enterprise' | 'utility';

export type SpecialKind = 'fire' | 'environmental' | 'soil-water' | 'archives' | 'land-resettlement';

export type LotKind = 'construction' | 'supervision' | 'design' | 'survey';

export interface Site {
  d: District;
  town: string;
  place: string;
  place2: string;
  road: string;
  road2: string;
  road3: string;
  water: string;
  village: string;
}

export interface ProjectKind {
  key: string;
  /** 所属行业 */
  industry: string;
  /** 中央业务指导部门 segment of the 项目代码 */
  sector: string;
  weight: number;
  /** 总投资, 元 */
  investment: [number, number];
  investmentType: InvestmentType;
  owner: OwnerKind;
  /** share of projects of this kind registered at city level (320500) */
  cityLevel: number;
  /** short works that can run from 赋码 to 竣工 within the weeks before the anchor */
  small: boolean;
  /** new land: 用地预审, 选址意见书, 建设用地规划许可 (else works on existing land) */
  newLand: boolean;
  /** village works: 乡村建设规划许可 instead of the urban planning permits (not in 姑苏区 or 园区) */
  rural: boolean;
  environmental: boolean;
  water: readonly ApprovalKind[];
  /** chance that a 征收土地 batch serves the project */
  expropriation: number;
  constructionDays: [number, number];
  lots: readonly LotKind[];
  specials: readonly SpecialKind[];
  name(site: Site, rng: Rng): string;
  scale(rng: Rng, investment: number): string;
  /** 施工 qualification asked of bidders and held by the contractor */
  contractorQualification: string;
  designQualification: string;
  supervisionQualification: string;
  /** words for 形象进度 */
  works: readonly string[];
}

const n1 = (rng: Rng, min: number, max: number) => rng.real(min, max, 0.1).toFixed(1);

export const PROJECT_KINDS: readonly ProjectKind[] = [
  {
    key: 'road',
    industry: '城市道路交通设施',
    sector: '48',
    weight: 14,
    investment: [1.5e8, 4.8e9],
    investmentType: 'government',
    owner: 'transport',
    cityLevel: 0.3,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['soil-water-conservation', 'flood-impact'],
    expropriation: 0.5,
    constructionDays: [540, 1100],
    lots: ['construction', 'supervision', 'design', 'survey'],
    specials: ['environmental', 'soil-water'],
    name: (s, rng) =>
      rng.pick([
        `${s.road}（${s.road2}至${s.road3}段）快速化改造工程`,
        `${s.road}拓宽改造工程`,
        `${s.place}大道新建工程`,
        `${s.road}东延工程`,
        `${s.place}至${s.place2}快速通道工程`,
      ]),
    scale: (rng) =>
      `道路全长约${n1(rng, 1.5, 12)}公里，红线宽度${rng.pick([40, 50, 60, 70])}米，双向${rng.pick(['四', '六', '八'])}车道，设计速度${rng.pick([50, 60, 80])}公里/小时；同步建设排水、照明、交通工程及绿化。`,
    contractorQualification: '市政公用工程施工总承包一级及以上',
    designQualification: '市政行业（道路工程）专业甲级',
    supervisionQualification: '市政公用工程监理甲级',
    works: ['路基', '桩基', '墩柱', '盖梁', '箱梁架设', '路面摊铺'],
  },
  {
    key: 'bridge',
    industry: '城市道路交通设施',
    sector: '48',
    weight: 5,
    investment: [8e7, 2.5e9],
    investmentType: 'government',
    owner: 'transport',
    cityLevel: 0.2,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['flood-impact', 'soil-water-conservation'],
    expropriation: 0.3,
    constructionDays: [450, 1000],
    lots: ['construction', 'supervision', 'design'],
    specials: ['soil-water'],
    name: (s, rng) => rng.pick([`${s.water}大桥新建工程`, `${s.road}跨${s.water}桥梁改建工程`, `${s.place}${s.water}特大桥工程`]),
    scale: (rng) =>
      `主桥采用${rng.pick(['预应力混凝土连续箱梁', '钢箱梁', '系杆拱'])}结构，桥梁全长约${rng.int(180, 1600)}米，桥面宽${rng.pick([24, 32, 40])}米；同步实施引道、排水及照明工程。`,
    contractorQualification: '市政公用工程施工总承包一级及以上，或公路工程施工总承包一级及以上',
    designQualification: '市政行业（桥梁工程）专业甲级',
    supervisionQualification: '市政公用工程监理甲级',
    works: ['钻孔灌注桩', '承台', '墩身', '主梁', '桥面系'],
  },
  {
    key: 'school',
    industry: '教育',
    sector: '83',
    weight: 12,
    investment: [6e7, 6e8],
    investmentType: 'government',
    owner: 'education',
    cityLevel: 0.1,
    small: false,
    newLand: true,
    rural: false,
    environmental: false,
    water: [],
    expropriation: 0.15,
    constructionDays: [400, 720],
    lots: ['construction', 'supervision', 'design'],
    specials: [],
    name: (s, rng) =>
      rng.pick([
        `${s.place}实验小学新建工程`,
        `${s.d.short}${s.place}中学新建工程`,
        `${s.place}幼儿园新建工程`,
        `苏州市${s.place}高级中学新建工程`,
        `${s.place}九年一贯制学校新建工程`,
      ]),
    scale: (rng) =>
      `新建${rng.pick([24, 30, 36, 48, 54])}班，总建筑面积约${rng.int(18, 75) * 1000}平方米，建设教学楼、综合楼、体育馆、风雨操场及配套设施。`,
    contractorQualification: '建筑工程施工总承包一级及以上',
    designQualification: '建筑行业（建筑工程）甲级',
    supervisionQualification: '房屋建筑工程监理甲级',
    works: ['桩基', '地下室', '主体结构', '屋面', '幕墙', '室外总体'],
  },
  {
    key: 'hospital',
    industry: '卫生',
    sector: '84',
    weight: 6,
    investment: [3e8, 3.5e9],
    investmentType: 'government',
    owner: 'health',
    cityLevel: 0.2,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: [],
    expropriation: 0.2,
    constructionDays: [700, 1200],
    lots: ['construction', 'supervision', 'design', 'survey'],
    specials: ['environmental'],
    name: (s, rng) =>
      rng.pick([`${s.d.name}人民医院新院区建设工程`, `${s.place}社区卫生服务中心新建工程`, `苏州市${s.place}医院迁建工程`, `${s.d.short}中医医院扩建工程`]),
    scale: (rng) =>
      `设置床位${rng.pick([300, 500, 800, 1000, 1200])}张，总建筑面积约${rng.int(6, 32) * 10000}平方米，建设门急诊医技楼、住院楼、感染楼及地下车库。`,
    contractorQualification: '建筑工程施工总承包一级及以上',
    designQualification: '建筑行业（建筑工程）甲级',
    supervisionQualification: '房屋建筑工程监理甲级',
    works: ['桩基', '地下室', '主体结构', '机电安装', '净化工程', '装饰装修'],
  },
  {
    key: 'sewage',
    industry: '水的生产和供应业',
    sector: '46',
    weight: 5,
    investment: [1.2e8, 1.5e9],
    investmentType: 'government',
    owner: 'water',
    cityLevel: 0,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['flood-impact'],
    expropriation: 0.4,
    constructionDays: [400, 900],
    lots: ['construction', 'supervision', 'design'],
    specials: ['environmental'],
    name: (s, rng) => rng.pick([`${s.place}污水处理厂提标改造工程`, `${s.place}污水处理厂三期扩建工程`, `${s.d.short}${s.place}水质净化厂新建工程`]),
    scale: (rng) =>
      `新增污水处理规模${rng.pick([2, 3, 4, 5, 8, 10])}万立方米/日，出水执行《城镇污水处理厂污染物排放标准》一级A标准及苏州特别排放限值；配套建设进出水管网约${n1(rng, 2, 15)}公里。`,
    contractorQualification: '市政公用工程施工总承包一级及以上',
    designQualification: '市政行业（排水工程）专业甲级',
    supervisionQualification: '市政公用工程监理甲级',
    works: ['生化池', '二沉池', '深度处理车间', '设备安装', '管网'],
  },
  {
    key: 'rail',
    industry: '城市轨道交通',
    sector: '48',
    weight: 4,
    investment: [6e8, 4.5e9],
    investmentType: 'government',
    owner: 'rail',
    cityLevel: 1,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['flood-impact'],
    expropriation: 0.4,
    constructionDays: [900, 1500],
    lots: ['construction', 'supervision', 'survey'],
    specials: ['environmental'],
    name: (s, rng) =>
      rng.pick([
        `苏州市轨道交通${chineseNumber(rng.int(6, 13))}号线${s.place}站及区间工程`,
        `苏州市轨道交通${chineseNumber(rng.int(6, 13))}号线${s.road.replace(/[路街]$/, '')}站工程`,
        `苏州市轨道交通${chineseNumber(rng.int(6, 13))}号线${s.place}车辆段工程`,
      ]),
    scale: (rng) =>
      `车站为地下${rng.pick(['二', '三'])}层岛式车站，总长约${rng.int(180, 480)}米，设出入口${rng.int(3, 6)}个；区间采用盾构法施工，长约${n1(rng, 0.8, 3.5)}公里。`,
    contractorQualification: '市政公用工程施工总承包一级及以上，具备城市轨道交通车站及区间施工业绩',
    designQualification: '城市轨道交通专业甲级',
    supervisionQualification: '市政公用工程监理甲级',
    works: ['围护结构', '土方开挖', '主体结构', '盾构掘进', '附属结构'],
  },
  {
    key: 'housing',
    industry: '房屋建筑业',
    sector: '47',
    weight: 8,
    investment: [2.5e8, 2.2e9],
    investmentType: 'government',
    owner: 'housing',
    cityLevel: 0.1,
    small: false,
    newLand: true,
    rural: false,
    environmental: false,
    water: [],
    expropriation: 0.3,
    constructionDays: [600, 1000],
    lots: ['construction', 'supervision', 'design'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.place}人才公寓保障性租赁住房项目`, `${s.place}安居苑公共租赁住房项目`, `${s.place}和苑保障性租赁住房项目`, `${s.place}新苑安置房工程`]),
    scale: (rng) =>
      `总建筑面积约${rng.int(5, 25) * 10000}平方米，建设保障性租赁住房${rng.int(4, 30) * 100}套（户型${rng.pick([35, 40, 45])}—${rng.pick([70, 80, 90])}平方米），配套建设社区用房、地下车库等。`,
    contractorQualification: '建筑工程施工总承包一级及以上',
    designQualification: '建筑行业（建筑工程）甲级',
    supervisionQualification: '房屋建筑工程监理甲级',
    works: ['桩基', '地下室', '主体结构', '砌体', '外立面', '室外配套'],
  },
  {
    key: 'park',
    industry: '公共设施管理业',
    sector: '78',
    weight: 6,
    investment: [3e7, 6e8],
    investmentType: 'government',
    owner: 'garden',
    cityLevel: 0.1,
    small: false,
    newLand: true,
    rural: false,
    environmental: false,
    water: ['flood-impact'],
    expropriation: 0.4,
    constructionDays: [300, 700],
    lots: ['construction', 'supervision', 'design'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.water}生态公园建设工程`, `${s.water}湿地公园二期工程`, `${s.place}中央公园建设工程`]),
    scale: (rng) => `规划总面积约${rng.int(8, 120)}公顷，建设园路、驳岸、生态湿地、游客服务中心及配套设施。`,
    contractorQualification: '市政公用工程施工总承包二级及以上',
    designQualification: '风景园林工程设计专项甲级',
    supervisionQualification: '市政公用工程监理乙级及以上',
    works: ['地形整理', '驳岸', '园路铺装', '苗木种植', '配套建筑'],
  },
  {
    key: 'pocket-park',
    industry: '公共设施管理业',
    sector: '78',
    weight: 4,
    investment: [3e6, 4e7],
    investmentType: 'government',
    owner: 'garden',
    cityLevel: 0,
    small: true,
    newLand: false,
    rural: false,
    environmental: false,
    water: [],
    expropriation: 0,
    constructionDays: [60, 150],
    lots: ['construction'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.place}口袋公园提升工程`, `${s.road}沿线绿化景观提升工程`, `${s.place}街头绿地改造工程`]),
    scale: (rng) => `改造提升绿地约${rng.int(20, 300) * 100}平方米，新建健身步道、休憩设施及无障碍设施。`,
    contractorQualification: '市政公用工程施工总承包三级及以上',
    designQualification: '风景园林工程设计专项乙级及以上',
    supervisionQualification: '市政公用工程监理乙级及以上',
    works: ['场地清理', '铺装', '绿化种植', '设施安装'],
  },
  {
    key: 'pipeline',
    industry: '水的生产和供应业',
    sector: '46',
    weight: 5,
    investment: [1e7, 2e8],
    investmentType: 'government',
    owner: 'water',
    cityLevel: 0,
    small: true,
    newLand: false,
    rural: false,
    environmental: false,
    water: [],
    expropriation: 0,
    constructionDays: [90, 240],
    lots: ['construction', 'supervision'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.place}片区雨污分流改造工程`, `${s.road}供水管网更新改造工程`, `${s.place}老旧小区改造工程`]),
    scale: (rng) => `改造雨污水管网约${n1(rng, 1.5, 25)}公里，检查井${rng.int(60, 900)}座，同步恢复道路路面及绿化。`,
    contractorQualification: '市政公用工程施工总承包二级及以上',
    designQualification: '市政行业（给水、排水工程）专业乙级及以上',
    supervisionQualification: '市政公用工程监理乙级及以上',
    works: ['管道开挖', '管道铺设', '检查井砌筑', '路面恢复'],
  },
  {
    key: 'rural',
    industry: '公共设施管理业',
    sector: '78',
    weight: 4,
    investment: [5e6, 6e7],
    investmentType: 'government',
    owner: 'town',
    cityLevel: 0,
    small: true,
    newLand: false,
    rural: true,
    environmental: false,
    water: [],
    expropriation: 0,
    constructionDays: [90, 200],
    lots: ['construction'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.village}村农村公路提档升级工程`, `${s.village}村党群服务中心新建工程`, `${s.place}农村生活污水治理提标改造工程`]),
    scale: (rng) => `提档升级农村公路约${n1(rng, 1, 8)}公里，路面宽度${rng.pick([5, 6, 7])}米，同步完善排水、安全防护设施及村内公共服务设施。`,
    contractorQualification: '市政公用工程施工总承包三级及以上',
    designQualification: '市政行业（道路工程）专业乙级及以上',
    supervisionQualification: '市政公用工程监理乙级及以上',
    works: ['路基整修', '路面铺筑', '排水沟', '安全设施'],
  },
  {
    key: 'culture',
    industry: '文化艺术业',
    sector: '88',
    weight: 3,
    investment: [2e8, 1.5e9],
    investmentType: 'government',
    owner: 'urban',
    cityLevel: 0.2,
    small: false,
    newLand: true,
    rural: false,
    environmental: false,
    water: [],
    expropriation: 0.2,
    constructionDays: [600, 1000],
    lots: ['construction', 'supervision', 'design'],
    specials: [],
    name: (s, rng) => rng.pick([`${s.d.name}文体中心建设工程`, `${s.place}全民健身中心新建工程`, `${s.d.short}图书馆新馆建设工程`]),
    scale: (rng) => `总建筑面积约${rng.int(3, 15) * 10000}平方米，建设体育馆、游泳馆、图书馆及文化馆等。`,
    contractorQualification: '建筑工程施工总承包一级及以上',
    designQualification: '建筑行业（建筑工程）甲级',
    supervisionQualification: '房屋建筑工程监理甲级',
    works: ['桩基', '地下室', '主体结构', '钢结构屋盖', '幕墙', '装饰装修'],
  },
  {
    key: 'flood',
    industry: '水利管理业',
    sector: '76',
    weight: 3,
    investment: [5e7, 8e8],
    investmentType: 'government',
    owner: 'water',
    cityLevel: 0,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['flood-impact', 'soil-water-conservation', 'water-abstraction'],
    expropriation: 0.3,
    constructionDays: [300, 700],
    lots: ['construction', 'supervision'],
    specials: ['soil-water'],
    name: (s, rng) => rng.pick([`${s.water}堤防加固工程`, `${s.place}排涝站改造工程`, `${s.water}综合整治工程`]),
    scale: (rng) => `加固堤防约${n1(rng, 2, 20)}公里，新建（改造）排涝泵站${rng.int(1, 8)}座，总排涝流量${rng.int(10, 120)}立方米/秒。`,
    contractorQualification: '水利水电工程施工总承包二级及以上',
    designQualification: '水利行业（河道整治）专业乙级及以上',
    supervisionQualification: '水利工程施工监理乙级及以上',
    works: ['堤身填筑', '护坡', '泵站土建', '机电安装'],
  },
  {
    key: 'industrial',
    industry: '通用设备制造业',
    sector: '34',
    weight: 8,
    investment: [1e8, 2e9],
    investmentType: 'filing',
    owner: 'enterprise',
    cityLevel: 0,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: [],
    expropriation: 0,
    constructionDays: [300, 700],
    lots: [],
    specials: ['environmental'],
    name: (_s, rng) => rng.pick(['智能装备研发及生产基地项目', '新能源汽车零部件生产项目', '高端医疗器械产业化项目', '集成电路封装测试项目', '生物医药研发中心项目', '精密模具生产线扩建项目']),
    scale: (rng) =>
      `新建生产厂房及研发楼约${rng.int(2, 18) * 10000}平方米，购置${rng.pick(['数控加工中心', '自动化装配线', '洁净车间设备', '检测设备'])}等设备${rng.int(40, 400)}台（套），达产后年产值约${rng.int(3, 60)}亿元。`,
    contractorQualification: '建筑工程施工总承包二级及以上',
    designQualification: '建筑行业（建筑工程）甲级',
    supervisionQualification: '房屋建筑工程监理甲级',
    works: ['桩基', '主体结构', '钢结构', '设备基础', '机电安装'],
  },
  {
    key: 'energy',
    industry: '电力、热力生产和供应业',
    sector: '44',
    weight: 3,
    investment: [2e8, 2.5e9],
    investmentType: 'ratification',
    owner: 'utility',
    cityLevel: 0,
    small: false,
    newLand: true,
    rural: false,
    environmental: true,
    water: ['soil-water-conservation'],
    expropriation: 0.2,
    constructionDays: [400, 900],
    lots: ['construction', 'supervision'],
    specials: ['environmental', 'soil-water'],
    name: (s, rng) => rng.pick([`${s.place}220千伏输变电工程`, `${s.place}生活垃圾焚烧发电厂扩建项目`, `${s.d.short}${s.place}天然气热电联产项目`]),
    scale: (rng) => `新建${rng.pick(['主变压器2台，容量2×240兆伏安', '焚烧线2条，日处理生活垃圾1500吨', '燃气—蒸汽联合循环机组2套，装机容量2×130兆瓦'])}，配套建设送出线路及附属设施。`,
    contractorQualification: '电力工程施工总承包一级及以上',
    designQualification: '电力行业甲级',
    supervisionQualification: '电力工程监理甲级',
    works: ['桩基', '主厂房', '设备基础', '设备安装', '调试'],
  },
];

export const SMALL_KINDS = PROJECT_KINDS.filter((k) => k.small);

export function pickKind(rng: Rng, options: { small?: boolean; investmentType?: InvestmentType } = {}): ProjectKind {
  const candidates = PROJECT_KINDS.filter(
    (k) => (options.small === undefined || k.small === options.small) && (options.investmentType === undefined || k.investmentType === options.investmentType),
  );
  const total = candidates.reduce((s, k) => s + k.weight, 0);
  let r = rng.next() * total;
  for (const k of candidates) {
    r -= k.weight;
    if (r < 0) return k;
  }
  return candidates[candidates.length - 1]!;
}

/** A place inside `d` to build on and to name things after. */
export function pickSite(rng: Rng, d: District): Site {
  const [town, town2] = rng.sample(d.towns, 2);
  const [road, road2, road3] = rng.sample(d.roads, 3);
  return {
    d,
    town: town!,
    place: placeShort(town!),
    place2: placeShort(town2 ?? town!),
    road: road!,
    road2: road2!,
    road3: road3!,
    water: rng.pick(d.waters),
    village: rng.pick(VILLAGES),
  };
}
