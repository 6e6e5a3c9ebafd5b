// The fictional cast: companies with valid 统一社会信用代码 (GB 32100 check character from the
// catalog's makeCreditCode), people with valid 身份证号码 (makeResidentId) and phones, and the
// professionals the rules name (项目负责人, 总监理工程师, 审查人员, 评审专家).
//
// A company is a pure function of (kind, index): the same index is the same company wherever it
// appears, so a contractor that wins a tender is the one named in the 参建单位 list and in a
// later penalty. Pools grow with the demo's size, so large demos reuse companies realistically.
import { CREDIT_CODE_CHARSET, makeCreditCode, makeResidentId } from '@gongkai/catalog';
import { DISTRICTS, mobile } from './places.ts';
import type { District } from './places.ts';
import { hash32 } from './random.ts';
import type { Rng } from './random.ts';

export interface Org {
  name: string;
  creditCode: string;
}

export interface Person {
  name: string;
  male: boolean;
  idNumber: string;
  birthDate: string;
  phone: string;
}

export interface Professional {
  name: string;
  position?: string;
  certificateNumber?: string;
}

// ---------------------------------------------------------------------------
// Companies

const COMPANY_SUFFIXES = {
  contractor: ['建设集团有限公司', '建设工程有限公司', '路桥工程有限公司', '市政工程有限公司', '建筑工程有限公司', '水利建设工程有限公司', '园林建设有限公司', '安装工程有限公司'],
  designer: ['建筑设计研究院有限公司', '市政设计研究院有限公司', '规划设计研究院有限公司', '工程设计咨询有限公司'],
  surveyor: ['岩土工程勘察有限公司', '勘察设计院有限公司', '工程勘察院有限公司'],
  supervisor: ['工程监理有限公司', '建设监理咨询有限公司', '工程项目管理有限公司'],
  agent: ['招标代理有限公司', '工程咨询有限公司', '项目管理咨询有限公司'],
  reviewer: ['施工图审查有限公司', '建设工程施工图审查中心有限公司'],
  auditor: ['会计师事务所（普通合伙）', '工程造价咨询有限公司', '会计师事务所有限公司'],
  developer: ['置业有限公司', '房地产开发有限公司', '地产发展有限公司'],
  manufacturer: ['精密机械有限公司', '新材料科技有限公司', '智能装备有限公司', '电子科技有限公司', '生物医药有限公司', '汽车零部件有限公司'],
  it: ['信息技术有限公司', '智能科技有限公司', '软件有限公司', '数据科技有限公司'],
  medical: ['医疗器械有限公司', '医疗设备有限公司', '医疗科技有限公司'],
  education: ['教学设备有限公司', '教育科技有限公司'],
  sanitation: ['环卫服务有限公司', '环境科技有限公司', '城市服务有限公司'],
  landscape: ['园林绿化有限公司', '园林工程有限公司', '生态景观有限公司'],
  maintenance: ['市政设施养护有限公司', '城市运营管理有限公司', '市政养护工程有限公司'],
  materials: ['建材贸易有限公司', '钢材销售有限公司', '金属材料有限公司'],
  quarry: ['石材有限公司', '建材有限公司', '矿业有限公司'],
  platform: ['城市建设投资发展有限公司', '交通投资建设有限公司', '城建开发集团有限公司', '水务投资发展有限公司', '文旅发展集团有限公司', '安居建设发展有限公司'],
  soe: ['资产经营有限公司', '国有资本投资有限公司', '城市发展集团有限公司'],
  property: ['物业服务有限公司', '商业管理有限公司', '酒店管理有限公司', '旅游发展有限公司'],
  utility: ['能源发展有限公司', '热电有限公司', '环保能源有限公司'],
} as const;

export type CompanyKind = keyof typeof COMPANY_SUFFIXES;

const KIND_CHAR: Record<CompanyKind, string> = Object.fromEntries(
  (Object.keys(COMPANY_SUFFIXES) as CompanyKind[]).map((k, i) => [k, CREDIT_CODE_CHARSET[(i + 1) % 31]!]),
) as Record<CompanyKind, string>;

// Two-character 字号 (trade names), fictional.
const ROOTS = [
  '吴韵', '澄阳', '鹿城', '金鸡', '姑胥', '娄江', '虞城', '暨阳', '沙洲', '震泽', '松陵', '阳澄', '太湖', '东吴', '苏泰',
  '天顺', '瑞丰', '宏达', '盛泰', '华固', '中恒', '锦程', '鼎诚', '永坤', '协力', '金石', '润城', '恒信', '嘉禾', '新宇',
  '晨阳', '明德', '弘业', '安和', '联创', '博远', '汇通', '兴华', '长盛', '华源', '建业', '金诚', '信达', '众力', '银河',
  '海川', '江南', '吴越', '古城', '枫桥', '石湖', '天平', '灵岩', '穹窿', '横山', '胥江', '觅渡', '平江', '沧浪', '双塔',
  '葑门', '盘门', '阊门', '山塘', '木渎', '甪直', '同里', '周庄', '锦溪', '千灯', '浏河', '沙溪', '梅李', '古里', '琴川',
  '尚湖', '常福', '港城', '华昌', '东渡', '聚源', '宏图', '启明', '致远', '卓越', '恒泰', '金鼎', '瑞和', '丰源', '德润',
  '和信', '立诚', '铭远', '新科', '科达', '智汇', '云帆', '星湖', '月湖', '青山', '绿洲', '蓝天', '万通', '顺达', '佳和',
  '中嘉', '诚通', '吉泰', '恒达', '汇丰', '鑫源', '永盛', '天成', '泰和', '宏盛', '金桥', '盛世', '瑞祥', '德胜', '华瑞',
] as const;

/** Company-name prefixes and where such a company is registered. */
const PREFIXES: ReadonlyArray<{ prefix: string; region: string | undefined }> = [
  { prefix: '江苏', region: undefined },
  { prefix: '苏州', region: undefined },
  ...DISTRICTS.map((d) => ({
    prefix: d.code === '320571' ? '苏州工业园区' : d.code === '320505' ? '苏州高新区' : d.short,
    region: d.code as string,
  })),
];

const CITY_DISTRICT_CODES = DISTRICTS.map((d) => d.code as string);

/** Base-31 digits of n (GB 32100 charset), left-padded to `width`. */
function base31(n: number, width: number): string {
  let out = '';
  let v = n;
  for (let i = 0; i < width; i++) {
    out = CREDIT_CODE_CHARSET[v % 31]! + out;
    v = Math.floor(v / 31);
  }
  return out;
}

const BASE31_6 = 31 ** 6; // 887 503 681

/** A bijection on [0, 31^6) so consecutive indexes do not give consecutive codes. */
function scramble(n: number): number {
  return (n * 48_271 + 12_345) % BASE31_6;
}

const GENERATION_MARKS = ['', '新', '华', '盛', '联', '恒', '达', '丰'];

const companyCache = new Map<string, Org>();

/** Company number `index` of `kind`: unique name and credit code for index < 12 × 120 × 8. */
export function company(kind: CompanyKind, index: number): Org {
  const key = `${kind}:${index}`;
  const cached = companyCache.get(key);
  if (cached) return cached;
  const suffixes = COMPANY_SUFFIXES[kind];
  const p = PREFIXES[index % PREFIXES.length]!;
  const rest = Math.floor(index / PREFIXES.length);
  // (prefix, root, generation) is unique per index; the suffix only varies the line of business
  const root = ROOTS[(rest * 37 + KIND_CHAR[kind].charCodeAt(0)) % ROOTS.length]!;
  const generation = Math.floor(rest / ROOTS.length);
  const suffix = suffixes[hash32(index, kind) % suffixes.length]!;
  const name = `${p.prefix}${root}${GENERATION_MARKS[generation % GENERATION_MARKS.length]!}${suffix}`;
  const region = p.region ?? CITY_DISTRICT_CODES[hash32(index, kind) % CITY_DISTRICT_CODES.length]!;
  // 91 = 市场监管部门登记的企业; 主体标识码 MA + kind + six scrambled base-31 digits
  const creditCode = makeCreditCode(`91${region}MA${KIND_CHAR[kind]}${base31(scramble(index), 6)}`);
  const org = { name, creditCode };
  companyCache.set(key, org);
  return org;
}

/** A 机关 (11) or 事业单位 (12) with a credit code derived from its name. */
export function institution(name: string, region: string, type: '11' | '12'): Org {
  const h = hash32(7, name);
  const digits = String(h % 1_000_000_000).padStart(9, '0');
  return { name, creditCode: makeCreditCode(`${type}${region}${digits}`) };
}

/** The city- or district-owned company that builds public works there (项目单位). */
export function platformCompany(label: string, region: string, line: string): Org {
  const name = `${label}${line}`;
  const h = hash32(11, name);
  return { name, creditCode: makeCreditCode(`91${region}MA${KIND_CHAR.platform}${base31(h % BASE31_6, 6)}`) };
}

export { COMPANY_SUFFIXES };

/**
 * Picks companies of a kind from a pool whose size grows with the demo, so a few hundred projects
 * see repeat winners and a few thousand see hundreds of firms.
 */
export class Companies {
  constructor(private readonly scale: number) {}

  poolSize(kind: CompanyKind): number {
    const base: Record<CompanyKind, [number, number]> = {
      contractor: [24, 4],
      designer: [10, 20],
      surveyor: [6, 30],
      supervisor: [12, 12],
      agent: [8, 20],
      reviewer: [5, 60],
      auditor: [6, 40],
      developer: [12, 10],
      manufacturer: [16, 6],
      it: [10, 20],
      medical: [6, 30],
      education: [6, 30],
      sanitation: [6, 40],
      landscape: [6, 40],
      maintenance: [5, 60],
      materials: [6, 40],
      quarry: [4, 200],
      platform: [10, 10],
      soe: [6, 40],
      property: [8, 20],
      utility: [4, 80],
    };
    const [fixed, per] = base[kind];
    return fixed + Math.floor(this.scale / per);
  }

  pick(kind: CompanyKind, rng: Rng): Org {
    return company(kind, rng.int(0, this.poolSize(kind) - 1));
  }

  /** `count` different companies of a kind. */
  pickDistinct(kind: CompanyKind, rng: Rng, count: number): Org[] {
    const size = this.poolSize(kind);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, size)) chosen.add(rng.int(0, size - 1));
    return [...chosen].map((i) => company(kind, i));
  }
}

// ---------------------------------------------------------------------------
// People

// Common surnames, the ones frequent in Suzhou repeated to weigh them.
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '龙', '史',
  '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '武', '戴', '莫', '孔', '汤', '殷', '浦', '缪', '屠',
  '顾', '陆', '沈', '钱', '朱', '徐', '吴', '周', '张', '王', '顾', '陆', '沈', '钱', '姚', '蒋', '金', '朱',
] as const;

const MALE_CHARS = '国建明伟强军平志文杰斌俊涛磊鹏辉刚华勇峰超波宇浩然东海林立新忠卫兴德良春荣毅凯晨睿哲宏振雷剑宁翔'.split('');
const FEMALE_CHARS = '秀英华丽芳敏静燕玲红霞梅琴娟萍艳雪婷慧洁琳颖莉莹佳怡欣悦雯蓉丹倩晓月兰菊凤云虹薇瑶'.split('');

/** How notices name a contact: 陈工, 王女士 … */
export function contactName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(['工', '工', '经理', '女士', '先生']);
}

export function personName(rng: Rng, male: boolean): string {
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.3) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
  return rng.pick(SURNAMES) + given;
}

/**
 * A fictional resident: name, GB 11643 ID number (address code of `district`, real birth date,
 * sequence parity matching the sex, ISO 7064 check character), mobile phone.
 */
export function person(rng: Rng, d: District, options: { asOf: string; minAge?: number; maxAge?: number; male?: boolean }): Person {
  const male = options.male ?? rng.chance(0.5);
  const year = Number(options.asOf.slice(0, 4)) - rng.int(options.minAge ?? 25, options.maxAge ?? 70);
  const month = rng.int(1, 12);
  const day = rng.int(1, month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const k = rng.int(0, 498);
  const sequence = male ? 2 * k + 1 : 2 * k + 2; // 顺序码: odd for men, even for women
  const first17 = `${rng.pick(d.idRegions)}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return { name: personName(rng, male), male, idNumber: makeResidentId(first17), birthDate, phone: mobile(rng) };
}

// ---------------------------------------------------------------------------
// Professionals named by law (published, not personal data)

export function builder(rng: Rng, position = '项目经理'): Professional {
  const y1 = rng.int(2006, 2020);
  return { name: personName(rng, rng.chance(0.85)), position, certificateNumber: `苏1322${y1}${y1 + rng.int(0, 3)}${rng.digits(4)}` };
}

export function chiefSupervisor(rng: Rng): Professional {
  return { name: personName(rng, rng.chance(0.85)), position: '总监理工程师', certificateNumber: `32${rng.digits(6)}` };
}

export function designLead(rng: Rng): Professional {
  return rng.chance(0.5)
    ? { name: personName(rng, rng.chance(0.7)), position: '设计总负责人', certificateNumber: `一级注册建筑师${rng.digits(2)}${rng.digits(7)}` }
    : { name: personName(rng, rng.chance(0.7)), position: '设计总负责人', certificateNumber: `一级注册结构工程师S32${rng.digits(5)}` };
}

export function surveyLead(rng: Rng): Professional {
  return { name: personName(rng, rng.chance(0.8)), position: '勘察项目负责人', certificateNumber: `注册土木工程师（岩土）AY32${rng.digits(5)}` };
}

export function principal(rng: Rng, position: string): Professional {
  return { name: personName(rng, rng.chance(0.8)), position };
}

const REVIEW_SPECIALTIES = ['建筑专业审查人', '结构专业审查人', '给排水专业审查人', '暖通专业审查人', '电气专业审查人', '道路专业审查人', '桥梁专业审查人', '岩土专业审查人'];

export function reviewers(rng: Rng, count: number): Professional[] {
  return rng.sample(REVIEW_SPECIALTIES, count).map((position) => ({ name: personName(rng, rng.chance(0.7)), position }));
}

/** 评审专家名单 (政府采购法实施条例 第43条): names only. */
export function experts(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, () => personName(rng, rng.chance(0.6)));
}
