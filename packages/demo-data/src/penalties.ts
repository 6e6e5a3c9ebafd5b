// 行政处罚 ("双公示", `penalty-{案件编号}`): decisions against contractors, suppliers, bidders and
// individuals, some still in their 公示期, some whose 公示期 has ended (posted late: they leave
// the public view while the ledger keeps them), some changed or revoked later (PenaltyAltered).
import type { Org, Person } from './cast.ts';
import { person, personName } from './cast.ts';
import { plusDays, zhDate } from './clock.ts';
import type { Context, Mode } from './context.ts';
import type { District } from './places.ts';
import { authorities, CITY, DISTRICTS, docPrefix, fullName, placeShort } from './places.ts';
import type { Authorities } from './places.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿'];

/** 50000 → 伍万元整, 32000 → 叁万贰仟元整, 1050 → 壹仟零伍拾元整 (whole yuan). */
export function yuanInWords(amount: number): string {
  let n = Math.round(amount);
  if (n === 0) return '零元整';
  const groups: number[] = [];
  while (n > 0) {
    groups.push(n % 10_000);
    n = Math.floor(n / 10_000);
  }
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!;
    if (group === 0) {
      zeroPending = out !== '';
      continue;
    }
    if (zeroPending || (out !== '' && group < 1000)) out += '零';
    zeroPending = false;
    let text = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const digit = Math.floor(group / 10 ** i) % 10;
      if (digit === 0) {
        zero = text !== '';
      } else {
        if (zero) text += '零';
        zero = false;
        text += DIGITS[digit]! + SMALL_UNITS[i]!;
      }
    }
    out += text + BIG_UNITS[g]!;
  }
  return `${out}元整`;
}

/** 罚款人民币伍万元整 */
function fineText(amount: number): string {
  return `罚款人民币${yuanInWords(amount)}`;
}

export type PenaltyVariant = 'active' | 'ended' | 'altered-recent' | 'altered-old' | 'corrected';

type Offence = {
  key: string;
  department: keyof Authorities;
  deptCode: string;
  party: 'organisation' | 'person';
  caseName: (who: string) => string;
  facts: (who: string, where: string, date: string) => string;
  basis: string;
  penalty: (rng: Rng, contractAmount?: number) => { types: string[]; fine?: number; confiscated?: number; result: string };
  publicityMonths: number;
};

const OFFENCES: readonly Offence[] = [
  {
    key: 'safety',
    department: 'housingConstruction',
    deptCode: 'ZJ',
    party: 'organisation',
    caseName: (who) => `${who}未按规定设置安全防护设施案`,
    facts: (who, where, date) => `${zhDate(date)}监督检查发现，${who}承建的${where}高处作业临边防护不到位，施工现场安全警示标志设置不全。`,
    basis: '《建设工程安全生产管理条例》第六十二条第（四）项',
    penalty: (rng) => {
      const fine = rng.int(2, 10) * 10_000;
      return { types: ['fine'], fine, result: `责令限期改正，${fineText(fine)}` };
    },
    publicityMonths: 12,
  },
  {
    key: 'crane',
    department: 'housingConstruction',
    deptCode: 'ZJ',
    party: 'organisation',
    caseName: (who) => `${who}施工起重机械未经验收即投入使用案`,
    facts: (who, where, date) => `${zhDate(date)}检查发现，${who}在${where}施工现场使用的塔式起重机未经验收即投入使用。`,
    basis: '《建设工程安全生产管理条例》第六十五条第（四）项',
    penalty: (rng) => {
      const fine = rng.int(10, 30) * 5_000;
      return { types: ['fine'], fine, result: `责令限期改正，${fineText(fine)}` };
    },
    publicityMonths: 12,
  },
  {
    key: 'quality',
    department: 'housingConstruction',
    deptCode: 'ZJ',
    party: 'organisation',
    caseName: (who) => `${who}偷工减料案`,
    facts: (who, where, date) => `经${zhDate(date)}抽样检测，${who}在${where}施工中使用的部分钢筋保护层厚度不符合设计要求，存在偷工减料行为。`,
    basis: '《建设工程质量管理条例》第六十四条',
    penalty: (rng, contractAmount) => {
      const fine = roundTo((contractAmount ?? 2e7) * rng.real(0.02, 0.04), 1000);
      return { types: ['fine'], fine, result: `责令改正，${fineText(fine)}` };
    },
    publicityMonths: 12,
  },
  {
    key: 'dust',
    department: 'enforcement',
    deptCode: 'ZF',
    party: 'organisation',
    caseName: (who) => `${who}施工工地未采取扬尘防治措施案`,
    facts: (who, where, date) => `${zhDate(date)}执法人员检查发现，${who}在${where}施工现场裸露土方未覆盖，运输车辆未冲洗即驶出工地。`,
    basis: '《中华人民共和国大气污染防治法》第一百一十五条第一款',
    penalty: (rng) => {
      const fine = rng.int(1, 10) * 10_000;
      return { types: ['fine'], fine, result: `责令改正，${fineText(fine)}` };
    },
    publicityMonths: 6,
  },
  {
    key: 'steel',
    department: 'marketRegulation',
    deptCode: 'SJ',
    party: 'organisation',
    caseName: (who) => `${who}销售不合格钢筋案`,
    facts: (who, _where, date) => `${zhDate(date)}监督抽查发现，${who}销售的热轧带肋钢筋重量偏差不合格，货值金额经核定。`,
    basis: '《中华人民共和国产品质量法》第四十九条',
    penalty: (rng) => {
      const fine = rng.int(3, 20) * 10_000;
      const confiscated = rng.int(5, 80) * 1_000;
      return { types: ['fine', 'confiscation'], fine, confiscated, result: `没收违法所得人民币${yuanInWords(confiscated)}，${fineText(fine)}` };
    },
    publicityMonths: 12,
  },
  {
    key: 'collusion',
    department: 'developmentReform',
    deptCode: 'FG',
    party: 'organisation',
    caseName: (who) => `${who}串通投标案`,
    facts: (who, where) => `经查，${who}在${where}项目投标中与其他投标人协商投标报价，投标文件由同一单位编制，构成串通投标。`,
    basis: '《中华人民共和国招标投标法》第五十三条',
    penalty: (rng, contractAmount) => {
      const fine = roundTo((contractAmount ?? 3e7) * rng.real(0.005, 0.01), 100);
      return { types: ['fine', 'business-restriction'], fine, result: `中标无效，${fineText(fine)}，取消其一年内参加依法必须进行招标的项目的投标资格` };
    },
    publicityMonths: 36,
  },
  {
    key: 'building',
    department: 'enforcement',
    deptCode: 'ZF',
    party: 'person',
    caseName: () => '未取得建设工程规划许可证进行建设案',
    facts: (_who, where) => `当事人在${where}未经规划许可擅自搭建彩钢板房约${10 + (where.length % 30)}平方米。`,
    basis: '《中华人民共和国城乡规划法》第六十四条',
    penalty: (rng) => {
      const fine = rng.int(2, 20) * 1_000;
      return { types: ['fine'], fine, result: `限期拆除违法建设，并处${fineText(fine)}` };
    },
    publicityMonths: 3,
  },
  {
    key: 'street',
    department: 'enforcement',
    deptCode: 'ZF',
    party: 'person',
    caseName: () => '擅自占用城市道路从事经营活动案',
    facts: (_who, where) => `当事人在${where}人行道擅自设摊经营，经劝阻后仍未改正。`,
    basis: '《城市道路管理条例》第四十二条',
    penalty: (rng) => {
      if (rng.chance(0.4)) return { types: ['warning'], result: '警告' };
      const fine = rng.int(2, 10) * 100;
      return { types: ['fine'], fine, result: fineText(fine) };
    },
    publicityMonths: 3,
  },
];

export interface PenaltyTarget {
  org?: Org;
  /** where it happened: a project or tender name */
  where?: string;
  projectCode?: string;
  tenderId?: string;
  contractAmount?: number;
  /** nothing before this date (e.g. the start of construction) */
  notBefore?: string;
}

export interface PenaltyOptions {
  region: string;
  variant: PenaltyVariant;
  offence?: string;
  target?: PenaltyTarget;
}

function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const dim = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  const day = Math.min(Number(date.slice(8, 10)), dim);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function penaltyStory(ctx: Context, rng: Rng, options: PenaltyOptions): { mode: Mode } {
  const region = options.region;
  const d: District = region === CITY.code ? rng.pick(DISTRICTS) : DISTRICTS.find((x) => x.code === region)!;
  const target = options.target ?? {};
  const candidates = OFFENCES.filter((o) => (options.offence ? o.key === options.offence : target.org ? o.party === 'organisation' && o.key !== 'steel' : true));
  const offence = rng.pick(candidates);
  const deps = authorities(region);
  const authority = deps[offence.department];
  const variant = options.variant;
  const mode: Mode = variant === 'ended' || variant === 'altered-old' ? 'backlog' : 'recent';

  // decision date: recent ones within the 7 working days of XK-CF-7, others long before
  let decisionDate: string;
  if (variant === 'ended') decisionDate = ctx.clock.wd(rng.int(90, 420));
  else if (variant === 'altered-old') decisionDate = ctx.clock.wd(rng.int(40, 160));
  else if (variant === 'altered-recent') decisionDate = ctx.clock.wd(rng.int(4, 7));
  else decisionDate = ctx.clock.wd(rng.int(0, 7));
  if (target.notBefore && decisionDate < target.notBefore && mode === 'recent') decisionDate = ctx.clock.clamp(target.notBefore);

  // 公示期限: 3 months for individuals, up to 1 year (3 years for serious cases) for organisations
  let publicityEnd = plusDays(addMonths(decisionDate, offence.publicityMonths), -1);
  if (variant === 'ended' && publicityEnd >= ctx.anchor) publicityEnd = plusDays(ctx.anchor, -rng.int(5, 40));
  if (publicityEnd < decisionDate) publicityEnd = decisionDate;

  let partyName: string;
  let party: Record<string, unknown>;
  if (offence.party === 'organisation') {
    const org = target.org ?? ctx.companies.pick(offence.key === 'steel' ? 'materials' : 'contractor', rng);
    partyName = org.name;
    party = { type: 'organisation', name: org.name, creditCode: org.creditCode, legalRepresentative: personName(rng, rng.chance(0.85)) };
  } else {
    const who: Person = person(rng, d, { asOf: decisionDate, minAge: 25, maxAge: 70 });
    partyName = who.name;
    party = { type: 'natural-person', name: who.name, ...(rng.chance(0.8) ? { idNumber: who.idNumber } : {}) };
  }
  const place = target.where ?? `${fullName(d)}${placeShort(rng.pick(d.towns))}${rng.pick(d.roads)}`;
  const penalty = offence.penalty(rng, target.contractAmount);
  const year = decisionDate.slice(0, 4);
  const serial = ctx.serial(`penalty:${region}:${offence.deptCode}:${year}`) + rng.int(0, 3);
  const penaltyId = `${region}-${offence.deptCode}-${year}-${String(ctx.serial(`penalty-id:${region}:${offence.deptCode}:${year}`)).padStart(4, '0')}`;
  const prefix = docPrefix(region);
  const deptWord = { ZJ: '住建', ZF: '综执', SJ: '市监', FG: '发改', HB: '环' }[offence.deptCode] ?? '';
  const streamId = `penalty-${penaltyId}`;
  const decision = ctx.ledger.record(streamId, 'PenaltyDecided', {
    penaltyId,
    region,
    decisionNumber: `${prefix}${deptWord}罚决字〔${year}〕第${serial * 7 + 11}号`,
    caseName: offence.caseName(partyName),
    penaltyTypes: penalty.types,
    facts: offence.facts(partyName, place, plusDays(decisionDate, -rng.int(20, 60))),
    basis: offence.basis,
    result: penalty.result,
    ...(penalty.fine !== undefined ? { fineAmount: penalty.fine } : {}),
    ...(penalty.confiscated !== undefined ? { confiscatedAmount: penalty.confiscated } : {}),
    party,
    authority,
    decisionDate,
    publicityEnd,
    ...(target.projectCode ? { relatedProjectCodes: [target.projectCode] } : {}),
    ...(target.tenderId ? { relatedTenderId: target.tenderId } : {}),
  });

  if (variant === 'corrected') {
    // a typo in the 处罚依据 corrected a few days later
    ctx.ledger.correct(decision, { basis: `${offence.basis}（依据条款表述更正）` }, '原公示的处罚依据条款表述有误，予以更正。', ctx.clock.clamp(plusDays(decisionDate, rng.int(1, 4))));
  }

  if (variant === 'altered-recent' || variant === 'altered-old') {
    // PEN-WITHDRAW: the change is public within 3 working days
    const alterationDate = ctx.clock.wd(rng.int(0, 3));
    const byCourt = variant === 'altered-old' && rng.chance(0.3);
    const alteration = byCourt ? 'confirmed-illegal' : variant === 'altered-old' && rng.chance(0.4) ? 'revoked' : 'changed';
    const reduced = penalty.fine !== undefined ? roundTo(penalty.fine * rng.real(0.4, 0.7), 100) : undefined;
    ctx.ledger.record(streamId, 'PenaltyAltered', {
      penaltyId,
      region,
      alteration,
      alterationDate,
      decidingAuthority: byCourt ? { name: `${fullName(d)}人民法院` } : variant === 'altered-old' ? authorities(CITY.code).government : authority,
      documentNumber: byCourt
        ? `（${alterationDate.slice(0, 4)}）苏05${rng.pick(['行初', '行终'])}${rng.int(10, 900)}号`
        : variant === 'altered-old'
          ? `苏府复决字〔${alterationDate.slice(0, 4)}〕第${rng.int(20, 400)}号`
          : `${prefix}${deptWord}罚变字〔${alterationDate.slice(0, 4)}〕第${rng.int(1, 40)}号`,
      reason:
        alteration === 'confirmed-illegal'
          ? '人民法院判决确认该行政处罚决定程序违法。'
          : alteration === 'revoked'
            ? '复议机关认为原处罚决定认定事实不清、证据不足，决定撤销。'
            : variant === 'altered-old'
              ? '当事人已主动消除违法行为危害后果，复议机关决定变更罚款数额。'
              : '原处罚机关复核发现罚款数额适用裁量基准有误，依法自行纠正。',
      ...(alteration === 'changed' ? { newResult: reduced !== undefined ? fineText(reduced) : '警告' } : {}),
    });
  }
  return { mode };
}

/** Penalties not tied to a project: individuals, suppliers, a few bidders. */
export function penaltiesStory(ctx: Context, rng: Rng, count: number): void {
  const variants: PenaltyVariant[] = ['active', 'ended', 'altered-recent', 'altered-old', 'corrected'];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`penalty:${i}`);
    // the first five cover every variant; then mostly active, about a tenth ended
    const variant = i < variants.length ? variants[i]! : r.weighted({ active: 70, ended: 12, 'altered-recent': 6, 'altered-old': 5, corrected: 7 });
    const region = r.chance(0.25) ? CITY.code : r.pick(DISTRICTS).code;
    penaltyStory(ctx, r, { region, variant, ...(i === 0 ? { offence: 'building' } : i === 1 ? { offence: 'steel' } : {}) });
  }
}
