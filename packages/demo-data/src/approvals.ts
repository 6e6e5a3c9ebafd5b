// 批准服务 and 批准结果: the service guides agencies publish for each approval kind, and the
// pieces of an approval as a project's story uses them — who decides, the 文号 it carries, what
// the 办件 goes through.
import { APPROVAL_KINDS } from '@gongkai/catalog';
import type { ApprovalKind } from '@gongkai/catalog';
import type { Context } from './context.ts';
import { yearOf } from './clock.ts';
import type { Authorities, Authority } from './places.ts';
import { authorities, CITY, district, DISTRICTS, docPrefix, landline, streetAddress } from './places.ts';
import type { Rng } from './random.ts';

interface KindText {
  department: keyof Authorities;
  /** decided by the 行政审批局 in 园区 and the 县级市 */
  approvalBureau: boolean;
  code: string;
  basis: string[];
  materials: string[];
  statutory: string;
  promised: string;
  /** 办理环节 an application goes through before it concludes */
  stages: string[];
}

const KINDS: Record<ApprovalKind, KindText> = {
  'project-proposal': {
    department: 'developmentReform',
    approvalBureau: false,
    code: 'FG-0001',
    basis: ['《政府投资条例》第九条', '《江苏省政府投资管理办法》'],
    materials: ['项目建议书审批申请文件', '项目建议书（含电子文档）', '项目列入年度政府投资计划的证明'],
    statutory: '20个工作日',
    promised: '10个工作日',
    stages: ['受理审查', '委托评估'],
  },
  'feasibility-study': {
    department: 'developmentReform',
    approvalBureau: false,
    code: 'FG-0003',
    basis: ['《政府投资条例》第九条', '《江苏省政府投资管理办法》'],
    materials: ['项目可行性研究报告审批申请文件', '可行性研究报告（含电子文档）', '项目建议书批复文件', '用地预审与选址意见书', '社会稳定风险评估报告'],
    statutory: '20个工作日（不含评估时间）',
    promised: '10个工作日',
    stages: ['委托评估', '专家评审', '审查'],
  },
  'preliminary-design': {
    department: 'developmentReform',
    approvalBureau: false,
    code: 'FG-0004',
    basis: ['《政府投资条例》第十一条', '《苏州市政府投资项目管理办法》'],
    materials: ['初步设计审批申请文件', '初步设计文件及投资概算', '可行性研究报告批复文件'],
    statutory: '20个工作日（不含评估时间）',
    promised: '12个工作日',
    stages: ['委托评估', '概算审核'],
  },
  ratification: {
    department: 'developmentReform',
    approvalBureau: false,
    code: 'FG-0011',
    basis: ['《企业投资项目核准和备案管理条例》第六条', '《政府核准的投资项目目录（江苏省）》'],
    materials: ['项目申请报告', '城乡规划行政主管部门出具的选址意见书', '国土资源行政主管部门出具的用地预审意见', '法律、行政法规规定需要办理的其他相关手续'],
    statutory: '20个工作日（不含评估时间）',
    promised: '10个工作日',
    stages: ['委托评估', '征求意见'],
  },
  filing: {
    department: 'developmentReform',
    approvalBureau: true,
    code: 'FG-0012',
    basis: ['《企业投资项目核准和备案管理条例》第十三条', '《江苏省企业投资项目备案暂行办法》'],
    materials: ['项目备案信息表（在线填报）'],
    statutory: '即办',
    promised: '当场办结',
    stages: [],
  },
  'energy-review': {
    department: 'developmentReform',
    approvalBureau: true,
    code: 'FG-0021',
    basis: ['《固定资产投资项目节能审查办法》（国家发展改革委令2023年第2号）', '《江苏省固定资产投资项目节能审查实施办法》'],
    materials: ['节能审查申请文件', '节能报告', '项目审批、核准或备案文件'],
    statutory: '20个工作日（不含评审时间）',
    promised: '10个工作日',
    stages: ['专家评审'],
  },
  'tendering-scheme': {
    department: 'developmentReform',
    approvalBureau: false,
    code: 'FG-0031',
    basis: ['《中华人民共和国招标投标法实施条例》第七条', '《江苏省国家投资工程建设项目招标投标管理办法》'],
    materials: ['招标范围、招标方式和招标组织形式申请表'],
    statutory: '5个工作日',
    promised: '3个工作日',
    stages: [],
  },
  'land-pre-review': {
    department: 'naturalResources',
    approvalBureau: false,
    code: 'ZG-0002',
    basis: ['《中华人民共和国土地管理法实施条例》第二十四条', '《建设项目用地预审管理办法》'],
    materials: ['建设项目用地预审与选址意见书申请表', '建设项目用地与选址论证报告', '标注项目用地范围的土地利用现状图'],
    statutory: '20个工作日',
    promised: '10个工作日',
    stages: ['技术审查'],
  },
  'site-selection': {
    department: 'naturalResources',
    approvalBureau: false,
    code: 'ZG-0003',
    basis: ['《中华人民共和国城乡规划法》第三十六条'],
    materials: ['建设项目用地预审与选址意见书申请表', '项目建议书批复或核准、备案文件', '选址论证报告'],
    statutory: '20个工作日',
    promised: '10个工作日',
    stages: ['技术审查'],
  },
  'land-use-planning-permit': {
    department: 'naturalResources',
    approvalBureau: false,
    code: 'ZG-0005',
    basis: ['《中华人民共和国城乡规划法》第三十七条、第三十八条'],
    materials: ['建设用地规划许可证申请表', '建设项目批准、核准或备案文件', '国有土地使用权出让合同或划拨决定书', '用地红线图'],
    statutory: '20个工作日',
    promised: '5个工作日',
    stages: ['审查'],
  },
  'engineering-planning-permit': {
    department: 'naturalResources',
    approvalBureau: false,
    code: 'ZG-0006',
    basis: ['《中华人民共和国城乡规划法》第四十条', '《江苏省城乡规划条例》'],
    materials: ['建设工程规划许可证申请表', '使用土地的有关证明文件', '建设工程设计方案总平面图', '建筑设计方案'],
    statutory: '20个工作日',
    promised: '7个工作日',
    stages: ['方案审查', '批前公示'],
  },
  'rural-planning-permit': {
    department: 'naturalResources',
    approvalBureau: false,
    code: 'ZG-0007',
    basis: ['《中华人民共和国城乡规划法》第四十一条'],
    materials: ['乡村建设规划许可证申请表', '村民委员会书面意见', '建设工程设计方案'],
    statutory: '20个工作日',
    promised: '5个工作日',
    stages: [],
  },
  'construction-permit': {
    department: 'housingConstruction',
    approvalBureau: true,
    code: 'ZJ-0001',
    basis: ['《中华人民共和国建筑法》第七条、第八条', '《建筑工程施工许可管理办法》'],
    materials: ['建筑工程施工许可证申请表', '建设工程规划许可证', '中标通知书及施工合同', '施工图设计文件审查合格书', '质量安全监督手续', '建设资金已经落实承诺书'],
    statutory: '7个工作日',
    promised: '3个工作日',
    stages: ['审查'],
  },
  'environmental-impact': {
    department: 'ecologyEnvironment',
    approvalBureau: true,
    code: 'HB-0001',
    basis: ['《中华人民共和国环境影响评价法》第二十二条', '《建设项目环境保护管理条例》'],
    materials: ['建设项目环境影响评价文件审批申请表', '环境影响报告书（表）', '公众参与说明'],
    statutory: '报告书60日、报告表30日',
    promised: '报告书15个工作日、报告表10个工作日',
    stages: ['技术评估', '受理公示'],
  },
  'water-abstraction': {
    department: 'water',
    approvalBureau: true,
    code: 'SW-0001',
    basis: ['《中华人民共和国水法》第四十八条', '《取水许可和水资源费征收管理条例》'],
    materials: ['取水许可申请书', '建设项目水资源论证报告书', '取水工程或设施说明'],
    statutory: '45个工作日',
    promised: '15个工作日',
    stages: ['专家评审'],
  },
  'soil-water-conservation': {
    department: 'water',
    approvalBureau: true,
    code: 'SW-0002',
    basis: ['《中华人民共和国水土保持法》第二十五条'],
    materials: ['水土保持方案审批申请表', '水土保持方案报告书（表）'],
    statutory: '20个工作日',
    promised: '8个工作日',
    stages: ['技术审查'],
  },
  'flood-impact': {
    department: 'water',
    approvalBureau: true,
    code: 'SW-0003',
    basis: ['《中华人民共和国防洪法》第二十七条', '《江苏省河道管理条例》'],
    materials: ['洪水影响评价审批申请表', '洪水影响评价报告', '工程设计图纸'],
    statutory: '20个工作日',
    promised: '8个工作日',
    stages: ['技术审查'],
  },
};

export const ALL_APPROVAL_KINDS = Object.keys(APPROVAL_KINDS) as ApprovalKind[];

export function isLicence(kind: ApprovalKind): boolean {
  return APPROVAL_KINDS[kind].licence;
}

/** Working days within which the decision must be public: 7 for 行政许可, else 20. */
export function approvalDeadline(kind: ApprovalKind): number {
  return isLicence(kind) ? 7 : 20;
}

function usesApprovalBureau(kind: ApprovalKind, region: string): boolean {
  if (region === CITY.code || !KINDS[kind].approvalBureau) return false;
  return region === '320571' || district(region).countyCity;
}

/** The department that decides `kind` for a project registered in `region`. */
export function approvingAuthority(kind: ApprovalKind, region: string): Authority {
  const deps = authorities(region);
  return usesApprovalBureau(kind, region) ? deps.administrativeApproval : deps[KINDS[kind].department];
}

/** The next number in a 文号 series (〔2025〕12号, 〔2025〕15号 …). */
function nextNumber(ctx: Context, series: string, rng: Rng): number {
  return 8 + ctx.serial(series) * 3 + rng.int(0, 2);
}

/** The 文号 (批复文号, 许可证号, 备案号) of a decision of `kind` in `region` on `date`. */
export function approvalDocumentNumber(ctx: Context, rng: Rng, kind: ApprovalKind, region: string, date: string): string {
  const p = docPrefix(region);
  const y = yearOf(date);
  const bureau = usesApprovalBureau(kind, region);
  const numbered = (series: string) => `${series}〔${y}〕${nextNumber(ctx, `${series}:${y}`, rng)}号`;
  const permit = (letter: string) => `${letter}字第${region}${y}${String(nextNumber(ctx, `${letter}:${region}:${y}`, rng)).padStart(5, '0')}号`;
  switch (kind) {
    case 'project-proposal':
    case 'feasibility-study':
    case 'preliminary-design':
      return numbered(`${p}发改投`);
    case 'ratification':
      return numbered(`${p}发改核`);
    case 'filing':
      return numbered(bureau ? `${p}行审备` : `${p}发改备`);
    case 'energy-review':
      return numbered(bureau ? `${p}行审能审` : `${p}发改能审`);
    case 'tendering-scheme':
      return numbered(`${p}发改招`);
    case 'land-pre-review':
      return numbered(`${p}自然资预审`);
    case 'site-selection':
      return permit('用');
    case 'land-use-planning-permit':
      return permit('地');
    case 'engineering-planning-permit':
      return permit('建');
    case 'rural-planning-permit':
      return permit('乡');
    case 'construction-permit':
      return `${region}${date.replaceAll('-', '')}${String(ctx.serial(`permit:${region}:${date}`)).padStart(2, '0')}01`;
    case 'environmental-impact':
      return numbered(bureau ? `${p}行审环评` : `${p}环建`);
    case 'water-abstraction':
      return `取水（${p}）字〔${y}〕第${nextNumber(ctx, `${p}取水:${y}`, rng)}号`;
    case 'soil-water-conservation':
    case 'flood-impact':
      return numbered(bureau ? `${p}行审水许` : `${p}水许可`);
  }
}

/** 办件编号 (ASCII), e.g. 320506-FG-20250512-0117. */
export function applicationId(ctx: Context, kind: ApprovalKind, region: string, date: string): string {
  return `${region}-${KINDS[kind].code.slice(0, 2)}-${date.replaceAll('-', '')}-${String(ctx.serial(`application:${region}`)).padStart(4, '0')}`;
}

export function applicationStages(kind: ApprovalKind): readonly string[] {
  return KINDS[kind].stages;
}

export const REJECTION_REASONS: Partial<Record<ApprovalKind, string>> = {
  'energy-review': '项目单位产品综合能耗高于本市固定资产投资项目能效准入要求，节能措施论证不充分，请修改节能报告后重新申报。',
  'environmental-impact': '环境影响报告书对施工期噪声及周边敏感目标的影响评价不充分，污染防治措施可行性论证不足，请补充论证后重新报批。',
  'site-selection': '拟选址位置与国土空间总体规划确定的用途管制要求不符，请调整选址后重新申请。',
  'water-abstraction': '水资源论证报告取水量核定依据不足，请补充后重新申请。',
};

// ---------------------------------------------------------------------------
// 办事指南 (ServiceGuidePublished): one per approval kind for 苏州市, and the district versions of
// the ones districts handle themselves. GUIDE-RT: a guide is public the day it takes effect, so
// the current guides take effect on the anchor day; a few carry the superseded version too.

function guidePayload(kind: ApprovalKind, region: string, rng: Rng, effectiveDate: string, revision: number) {
  const text = KINDS[kind];
  const authority = approvingAuthority(kind, region);
  const d = region === CITY.code ? undefined : district(region);
  const itemCode = `${region}-JSXM-${text.code}`;
  return {
    itemCode,
    payload: {
      itemCode,
      itemName: APPROVAL_KINDS[kind].zh,
      approvalKind: kind,
      region,
      handlingAuthority: authority,
      basis: text.basis,
      requirements: `申请人通过江苏政务服务网或${region === CITY.code ? '苏州市' : d!.name}政务服务中心提出申请，申报材料齐全、符合法定形式的予以受理。${revision > 1 ? '本版根据最新规定修订了申报材料和办理时限。' : ''}`,
      materials: text.materials,
      procedure: text.stages.length > 0 ? `网上申报 → 受理 → ${text.stages.join(' → ')} → 决定 → 送达（可网上下载电子证照）。` : '网上申报 → 即时办结 → 结果送达。',
      statutoryTimeLimit: text.statutory,
      promisedTimeLimit: revision > 1 && text.promised.endsWith('个工作日') ? text.promised.replace(/\d+/, (n) => String(Math.max(1, Number(n) - 2))) : text.promised,
      fees: '不收费',
      acceptingContact: {
        name: `${region === CITY.code ? '苏州市' : d!.name}政务服务中心${authority.name.includes('行政审批') ? '综合窗口' : '投资项目窗口'}`,
        phone: landline(rng, d),
        address: d ? streetAddress(rng, d) : '苏州市姑苏区三香路998号',
      },
      supervisionContact: { name: '12345政务服务便民热线', phone: '12345' },
      onlineUrl: kind === 'filing' || kind === 'ratification' ? 'https://tzxm.jiangsu.gov.cn/' : 'https://www.jszwfw.gov.cn/',
      effectiveDate,
    },
  };
}

export function serviceGuidesStory(ctx: Context, rng: Rng): void {
  const today = ctx.anchor;
  const cityKinds = ALL_APPROVAL_KINDS;
  const districtKinds: ApprovalKind[] = ['filing', 'construction-permit', 'engineering-planning-permit', 'environmental-impact'];
  const guides: Array<{ kind: ApprovalKind; region: string }> = [
    ...cityKinds.map((kind) => ({ kind, region: CITY.code as string })),
    ...DISTRICTS.flatMap((d) => districtKinds.map((kind) => ({ kind, region: d.code as string }))),
  ];
  // a few guides were revised: the superseded version (published long ago, so late under
  // GUIDE-RT when posted now) precedes the current one in the stream
  const revised = new Set(rng.sample(guides.map((_, i) => i), 3));
  guides.forEach(({ kind, region }, i) => {
    const g = rng.fork(`guide:${region}:${kind}`);
    if (revised.has(i)) {
      const old = guidePayload(kind, region, g, ctx.clock.wd(g.int(120, 400)), 1);
      ctx.ledger.record(`guide-${old.itemCode}`, 'ServiceGuidePublished', old.payload);
      const current = guidePayload(kind, region, g, today, 2);
      ctx.ledger.record(`guide-${current.itemCode}`, 'ServiceGuidePublished', current.payload);
    } else {
      const current = guidePayload(kind, region, g, today, 1);
      ctx.ledger.record(`guide-${current.itemCode}`, 'ServiceGuidePublished', current.payload);
    }
  });
}
