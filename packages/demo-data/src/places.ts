// A small gazetteer of Suzhou (苏州市) for the demo: its county-level divisions (SUZHOU_REGIONS in
// the catalog), their 街道/镇, roads and waters, the departments that publish, and the prefixes
// their 文号 carry. Place names are real; the addresses built from them are not.
import { SUZHOU_REGIONS } from '@gongkai/catalog';
import type { SuzhouRegion } from '@gongkai/catalog';
import type { Rng } from './random.ts';

export type DistrictCode = Exclude<SuzhouRegion, '320500'>;

export interface District {
  code: DistrictCode;
  /** 吴中区, 常熟市, 苏州工业园区 */
  name: string;
  /** 吴中, 常熟, 园区 — for names of things in the district */
  short: string;
  /** prefix of the district's 文号: 吴 (吴政发), 常 (常发改), 苏园 (苏园行审) */
  docPrefix: string;
  /** 县级市 (常熟, 张家港, 昆山, 太仓): departments are named 常熟市… */
  countyCity: boolean;
  towns: readonly string[];
  roads: readonly string[];
  waters: readonly string[];
  /** the first digits of 8-digit landlines (after 0512-) */
  phonePrefixes: readonly string[];
  /** GB 11643 address codes of people registered there (older residents carry historical codes) */
  idRegions: readonly string[];
}

export const CITY = { code: '320500', name: '苏州市', short: '苏州', docPrefix: '苏' } as const;

export const DISTRICTS: readonly District[] = [
  {
    code: '320508',
    name: '姑苏区',
    short: '姑苏',
    docPrefix: '姑苏',
    countyCity: false,
    towns: ['平江街道', '沧浪街道', '双塔街道', '金阊街道', '虎丘街道', '苏锦街道', '吴门桥街道', '白洋湾街道'],
    roads: ['人民路', '干将路', '十全街', '凤凰街', '养育巷', '白塔路', '平门路', '金门路', '西环路', '南环路', '东环路', '北环路', '竹辉路', '广济路'],
    waters: ['外城河', '山塘河', '平江河', '胥江', '护城河'],
    phonePrefixes: ['65', '67', '68'],
    idRegions: ['320508', '320502', '320503', '320504'],
  },
  {
    code: '320505',
    name: '虎丘区',
    short: '高新',
    docPrefix: '苏高新',
    countyCity: false,
    towns: ['狮山街道', '枫桥街道', '横塘街道', '浒墅关镇', '通安镇', '东渚街道', '镇湖街道', '阳山街道'],
    roads: ['狮山路', '长江路', '塔园路', '金山路', '竹园路', '滨河路', '玉山路', '珠江路', '太湖大道', '科普路', '鹿山路', '建林路'],
    waters: ['京杭运河', '太湖', '金墅港', '浒光运河', '大白荡'],
    phonePrefixes: ['66', '68', '69'],
    idRegions: ['320505', '320511', '320524'],
  },
  {
    code: '320506',
    name: '吴中区',
    short: '吴中',
    docPrefix: '吴',
    countyCity: false,
    towns: ['长桥街道', '郭巷街道', '越溪街道', '横泾街道', '香山街道', '木渎镇', '甪直镇', '胥口镇', '临湖镇', '东山镇', '光福镇', '金庭镇'],
    roads: ['东吴北路', '宝带西路', '石湖西路', '吴中大道', '太湖东路', '木东路', '苏福路', '郭苑路', '尹山湖路', '东方大道', '独墅湖大道', '蠡墅路'],
    waters: ['澹台湖', '尹山湖', '石湖', '太湖', '澄湖', '吴淞江'],
    phonePrefixes: ['65', '66', '68'],
    idRegions: ['320506', '320524', '320586'],
  },
  {
    code: '320507',
    name: '相城区',
    short: '相城',
    docPrefix: '相',
    countyCity: false,
    towns: ['元和街道', '太平街道', '北桥街道', '黄桥街道', '黄埭镇', '渭塘镇', '望亭镇', '阳澄湖镇', '北河泾街道', '漕湖街道'],
    roads: ['相城大道', '澄阳路', '阳澄湖西路', '华元路', '富元路', '御窑路', '春申湖路', '太阳路', '蠡塘路', '采莲路', '嘉元路'],
    waters: ['阳澄湖', '漕湖', '盛泽湖', '元和塘', '冶长泾'],
    phonePrefixes: ['65', '66', '85'],
    idRegions: ['320507', '320524'],
  },
  {
    code: '320509',
    name: '吴江区',
    short: '吴江',
    docPrefix: '吴江',
    countyCity: false,
    towns: ['松陵街道', '江陵街道', '横扇街道', '同里镇', '震泽镇', '盛泽镇', '平望镇', '七都镇', '桃源镇', '黎里镇', '八坼街道'],
    roads: ['中山路', '鲈乡路', '开平路', '流虹路', '笠泽路', '江兴路', '体育路', '长安路', '松陵大道', '云梨路', '采字路'],
    waters: ['太浦河', '东太湖', '汾湖', '同里湖', '元荡', '頔塘'],
    phonePrefixes: ['63', '82'],
    idRegions: ['320509', '320584', '320525'],
  },
  {
    code: '320571',
    name: '苏州工业园区',
    short: '园区',
    docPrefix: '苏园',
    countyCity: false,
    towns: ['娄葑街道', '斜塘街道', '唯亭街道', '胜浦街道', '金鸡湖街道'],
    roads: ['星湖街', '现代大道', '金鸡湖大道', '苏州大道东', '星港街', '旺墩路', '唯华路', '若水路', '仁爱路', '月亮湾路', '港田路', '通园路'],
    waters: ['金鸡湖', '独墅湖', '阳澄湖', '娄江', '青秋浦'],
    phonePrefixes: ['62', '66', '67'],
    idRegions: ['320524', '320506'],
  },
  {
    code: '320581',
    name: '常熟市',
    short: '常熟',
    docPrefix: '常',
    countyCity: true,
    towns: ['虞山街道', '琴川街道', '莫城街道', '碧溪街道', '梅李镇', '海虞镇', '古里镇', '沙家浜镇', '支塘镇', '董浜镇', '尚湖镇', '辛庄镇'],
    roads: ['海虞北路', '黄河路', '青墩塘路', '东南大道', '三环路', '虞山南路', '湖山路', '金沙江路', '世纪大道', '衡山路'],
    waters: ['尚湖', '昆承湖', '常浒河', '望虞河', '长江'],
    phonePrefixes: ['52', '51'],
    idRegions: ['320581', '320520'],
  },
  {
    code: '320582',
    name: '张家港市',
    short: '张家港',
    docPrefix: '张',
    countyCity: true,
    towns: ['杨舍镇', '塘桥镇', '金港街道', '锦丰镇', '乐余镇', '凤凰镇', '南丰镇', '大新镇', '后塍街道'],
    roads: ['人民路', '暨阳路', '沙洲路', '长安路', '杨舍路', '国泰路', '港城大道', '东二环路', '华昌路', '梁丰路'],
    waters: ['暨阳湖', '长江', '张家港河', '二干河', '东横河'],
    phonePrefixes: ['58', '56'],
    idRegions: ['320582', '320521'],
  },
  {
    code: '320583',
    name: '昆山市',
    short: '昆山',
    docPrefix: '昆',
    countyCity: true,
    towns: ['玉山镇', '巴城镇', '周市镇', '陆家镇', '花桥镇', '淀山湖镇', '张浦镇', '周庄镇', '千灯镇', '锦溪镇'],
    roads: ['前进路', '人民路', '马鞍山路', '柏庐路', '黄河路', '长江路', '萧林路', '中华园路', '景王路', '祖冲之路', '青阳路'],
    waters: ['阳澄湖', '淀山湖', '娄江', '吴淞江', '傀儡湖'],
    phonePrefixes: ['57', '55', '50'],
    idRegions: ['320583', '320522'],
  },
  {
    code: '320585',
    name: '太仓市',
    short: '太仓',
    docPrefix: '太',
    countyCity: true,
    towns: ['城厢镇', '沙溪镇', '浏河镇', '浮桥镇', '璜泾镇', '双凤镇', '娄东街道', '陆渡街道', '科教新城'],
    roads: ['上海东路', '太平路', '郑和路', '常胜路', '东仓路', '北京路', '半泾路', '新华路', '苏州东路', '府南街'],
    waters: ['浏河', '金仓湖', '长江', '杨林塘', '盐铁塘'],
    phonePrefixes: ['53', '82'],
    idRegions: ['320585', '320526'],
  },
];

const BY_CODE = new Map<string, District>(DISTRICTS.map((d) => [d.code, d]));

export function district(code: string): District {
  const d = BY_CODE.get(code);
  if (!d) throw new RangeError(`not a Suzhou district: ${code}`);
  return d;
}

// Every district of the catalog's table is in the gazetteer (and nothing else).
for (const code of Object.keys(SUZHOU_REGIONS)) {
  if (code !== CITY.code && !BY_CODE.has(code)) throw new Error(`places: missing district ${code}`);
}

/** 郭巷街道 → 郭巷, 木渎镇 → 木渎 */
export function placeShort(town: string): string {
  return town.replace(/(街道|镇|新城)$/, '');
}

/** Village stems for 征收 batches and addresses: {stem}村, {stem}组. */
export const VILLAGES = [
  '尹山', '红庄', '东港', '西港', '南庄', '北庄', '陆巷', '张桥', '沈浜', '姚家', '金湖', '新民', '永联', '光明', '长浜',
  '新塘', '荷花', '湖滨', '大庄', '前进', '联合', '庄基', '蒋墩', '上林', '横泾', '渔洋', '花园', '旺山', '东渚', '金桥',
  '石湖', '浦庄', '泾上', '凤凰', '沙湖', '港口', '新港', '周巷', '朱家', '钱家', '顾家', '陈墓', '湘城', '三里', '太平',
] as const;

export const VILLAGE_GROUPS = ['东港组', '西港组', '南湾组', '北浜组', '中心组', '河西组', '河东组', '前庄组', '后庄组', '新建组'] as const;

// ---------------------------------------------------------------------------
// Departments

export interface Authority {
  name: string;
}

export interface Authorities {
  government: Authority;
  developmentReform: Authority;
  naturalResources: Authority;
  housingConstruction: Authority;
  ecologyEnvironment: Authority;
  water: Authority;
  finance: Authority;
  enforcement: Authority;
  marketRegulation: Authority;
  housingSecurity: Authority;
  stateAssets: Authority;
  tradingCenter: Authority;
  administrativeApproval: Authority;
  qualitySafety: Authority;
  archives: Authority;
}

const a = (name: string): Authority => ({ name });

const CITY_AUTHORITIES: Authorities = {
  government: a('苏州市人民政府'),
  developmentReform: a('苏州市发展和改革委员会'),
  naturalResources: a('苏州市自然资源和规划局'),
  housingConstruction: a('苏州市住房和城乡建设局'),
  ecologyEnvironment: a('苏州市生态环境局'),
  water: a('苏州市水务局'),
  finance: a('苏州市财政局'),
  enforcement: a('苏州市综合行政执法局'),
  marketRegulation: a('苏州市市场监督管理局'),
  housingSecurity: a('苏州市住房保障和房产管理中心'),
  stateAssets: a('苏州市人民政府国有资产监督管理委员会'),
  tradingCenter: a('苏州市公共资源交易中心'),
  administrativeApproval: a('苏州市行政审批局'),
  qualitySafety: a('苏州市建设工程质量安全监督站'),
  archives: a('苏州市城建档案馆'),
};

function districtAuthorities(d: District): Authorities {
  if (d.code === '320571') {
    return {
      government: a('苏州工业园区管理委员会'),
      developmentReform: a('苏州工业园区经济发展委员会'),
      naturalResources: a('苏州工业园区规划建设委员会'),
      housingConstruction: a('苏州工业园区规划建设委员会'),
      ecologyEnvironment: a('苏州工业园区生态环境局'),
      water: a('苏州工业园区水务局'),
      finance: a('苏州工业园区财政局'),
      enforcement: a('苏州工业园区综合行政执法局'),
      marketRegulation: a('苏州工业园区市场监督管理局'),
      housingSecurity: a('苏州工业园区住房保障中心'),
      stateAssets: a('苏州工业园区国有资产监督管理办公室'),
      tradingCenter: a('苏州工业园区公共资源交易中心'),
      administrativeApproval: a('苏州工业园区行政审批局'),
      qualitySafety: a('苏州工业园区建设工程质量安全监督站'),
      archives: a('苏州工业园区城建档案馆'),
    };
  }
  // 市辖区 departments are named 苏州市吴中区…; 县级市 ones 常熟市…
  const own = d.countyCity ? d.name : `苏州市${d.name}`;
  return {
    government: a(`${own}人民政府`),
    developmentReform: a(`${own}发展和改革委员会`),
    naturalResources: a(d.countyCity ? `${d.name}自然资源和规划局` : `苏州市自然资源和规划局${d.name.slice(0, 2)}分局`),
    housingConstruction: a(`${own}住房和城乡建设局`),
    ecologyEnvironment: a(`苏州市${d.name.replace(/[区市]$/, '')}生态环境局`),
    water: a(`${own}水务局`),
    finance: a(`${own}财政局`),
    enforcement: a(`${own}综合行政执法局`),
    marketRegulation: a(`${own}市场监督管理局`),
    housingSecurity: a(`${own}住房保障服务中心`),
    stateAssets: a(`${own}人民政府国有资产监督管理办公室`),
    tradingCenter: a(`${own}公共资源交易中心`),
    administrativeApproval: a(`${own}行政审批局`),
    qualitySafety: a(`${own}建设工程质量安全监督站`),
    archives: a(`${own}城建档案馆`),
  };
}

const AUTHORITIES = new Map<string, Authorities>([[CITY.code, CITY_AUTHORITIES], ...DISTRICTS.map((d) => [d.code, districtAuthorities(d)] as const)]);

/** The departments of 苏州市 (320500) or of one of its districts. */
export function authorities(region: string): Authorities {
  const found = AUTHORITIES.get(region);
  if (!found) throw new RangeError(`no departments for region ${region}`);
  return found;
}

/** The prefix of 文号 issued in `region`: 苏 (市), 吴 (吴中区), 苏园 (园区) … */
export function docPrefix(region: string): string {
  return region === CITY.code ? CITY.docPrefix : district(region).docPrefix;
}

/** 苏州市 or the district's name. */
export function regionLabel(region: string): string {
  return region === CITY.code ? CITY.name : district(region).name;
}

// ---------------------------------------------------------------------------
// Addresses and phones

export function landline(rng: Rng, d: District | undefined): string {
  const prefix = d ? rng.pick(d.phonePrefixes) : rng.pick(['65', '68', '69']);
  return `0512-${prefix}${rng.digits(6)}`;
}

const MOBILE_PREFIXES = ['139', '138', '137', '136', '135', '159', '158', '157', '150', '151', '152', '187', '188', '182', '183', '189', '180', '181', '177', '133', '153', '186', '185', '130', '131', '132', '155', '156', '199', '198', '166'];

export function mobile(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${rng.digits(8)}`;
}

/** How addresses name the district: 苏州市吴中区, 常熟市, 苏州工业园区. */
export function fullName(d: District): string {
  if (d.code === '320571') return d.name;
  return d.countyCity ? d.name : `苏州市${d.name}`;
}

/** 苏州市吴中区东吴北路128号 / 常熟市海虞北路56号 */
export function streetAddress(rng: Rng, d: District): string {
  return `${fullName(d)}${rng.pick(d.roads)}${rng.int(1, 1200)}号`;
}
