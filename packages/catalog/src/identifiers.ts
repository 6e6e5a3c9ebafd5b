// Identifiers that appear in payloads and stream ids: GB/T 2260 region codes, GB/T 40058 project
// codes, GB 32100 统一社会信用代码 and GB 11643 居民身份证号码. Each has a predicate, a function
// returning a readable problem (or null), and a zod schema.
import { z } from 'zod';

// ---------------------------------------------------------------------------
// GB/T 2260 administrative division codes

/** Province-level prefixes in use (GB/T 2260): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82. */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** GB/T 2260 code of the whole country: a jurisdiction that covers every region. */
export const NATIONAL_REGION = '100000';

const REGION_RE = /^\d{6}$/;

export function regionCodeIssue(code: unknown): string | null {
  if (typeof code !== 'string' || !REGION_RE.test(code)) {
    return '行政区划代码应为6位数字 / region code must be 6 digits (GB/T 2260)';
  }
  if (code === NATIONAL_REGION) return null;
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) {
    return `行政区划代码 ${code} 的省级代码无效 / region code ${code} has no valid province prefix (GB/T 2260)`;
  }
  return null;
}

export function isRegionCode(code: unknown): code is string {
  return regionCodeIssue(code) === null;
}

/**
 * Whether an agency whose jurisdiction is `jurisdiction` may act for `region`. Jurisdictions are
 * hierarchical: 100000 covers everything, a province (320000) covers 32xxxx, a prefecture-level
 * city (320500) covers 3205xx, a county-level code (320571) covers only itself.
 */
export function regionCovers(jurisdiction: string, region: string): boolean {
  if (!isRegionCode(jurisdiction) || !isRegionCode(region)) return false;
  if (jurisdiction === NATIONAL_REGION) return true;
  if (jurisdiction.endsWith('0000')) return region.startsWith(jurisdiction.slice(0, 2));
  if (jurisdiction.endsWith('00')) return region.startsWith(jurisdiction.slice(0, 4));
  return region === jurisdiction;
}

/** Suzhou (苏州市) and its county-level divisions, for demo data and display. */
export const SUZHOU_REGIONS = {
  '320500': { zh: '苏州市', en: 'Suzhou' },
  '320505': { zh: '虎丘区', en: 'Huqiu District' },
  '320506': { zh: '吴中区', en: 'Wuzhong District' },
  '320507': { zh: '相城区', en: 'Xiangcheng District' },
  '320508': { zh: '姑苏区', en: 'Gusu District' },
  '320509': { zh: '吴江区', en: 'Wujiang District' },
  '320571': { zh: '苏州工业园区', en: 'Suzhou Industrial Park' },
  '320581': { zh: '常熟市', en: 'Changshu' },
  '320582': { zh: '张家港市', en: 'Zhangjiagang' },
  '320583': { zh: '昆山市', en: 'Kunshan' },
  '320585': { zh: '太仓市', en: 'Taicang' },
} as const;

export type SuzhouRegion = keyof typeof SUZHOU_REGIONS;

const REGION_NAMES: Record<string, { zh: string; en: string }> = {
  [NATIONAL_REGION]: { zh: '全国', en: 'China (national)' },
  '320000': { zh: '江苏省', en: 'Jiangsu Province' },
  ...SUZHOU_REGIONS,
};

/** Display name of a region code we carry a name for (Suzhou and its divisions, Jiangsu, national). */
export function regionName(code: string): { zh: string; en: string } | undefined {
  return REGION_NAMES[code];
}

export const regionCodeSchema = z
  .string()
  .superRefine((value, ctx) => {
    const issue = regionCodeIssue(value);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .meta({ title: '行政区划代码', description: 'GB/T 2260 六位行政区划代码，如 320500（苏州市）、320571（苏州工业园区）', pattern: '^\\d{6}$' });

// ---------------------------------------------------------------------------
// GB/T 40058-2021 固定资产投资项目代码

// 4-digit year, 6-digit region, 2-digit 中央业务指导部门 code, 2-digit 项目类型 code, 5 random digits
// and 1 check digit: "2019-320500-48-01-512345". The check-digit algorithm (GB/T 40058 §4.7) is not
// public, so only the shape, the year and the region are validated; a wrong check digit passes.
const PROJECT_CODE_RE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;
export const PROJECT_CODE_PATTERN = '^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$';

export function projectCodeIssue(code: unknown): string | null {
  const m = typeof code === 'string' ? PROJECT_CODE_RE.exec(code) : null;
  if (!m) {
    return '项目代码格式应为 YYYY-RRRRRR-NN-NN-NNNNNN / project code must look like 2019-320500-48-01-512345 (GB/T 40058)';
  }
  const year = Number(m[1]);
  if (year < 1990 || year > 2100) {
    return `项目代码年份 ${m[1]} 超出 1990–2100 / project code year ${m[1]} is outside 1990–2100`;
  }
  const regionIssue = regionCodeIssue(m[2]);
  if (regionIssue) return `项目代码的地区段无效 / project code region segment is invalid: ${regionIssue}`;
  return null;
}

export function isProjectCode(code: unknown): code is string {
  return projectCodeIssue(code) === null;
}

/** The GB/T 2260 region segment of a project code, or undefined when the code is malformed. */
export function regionOfProjectCode(code: string): string | undefined {
  return isProjectCode(code) ? code.slice(5, 11) : undefined;
}

export const projectCodeSchema = z
  .string()
  .superRefine((value, ctx) => {
    const issue = projectCodeIssue(value);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .meta({
    title: '项目代码',
    description: '全国投资项目在线审批监管平台赋予的项目代码（GB/T 40058），如 2019-320500-48-01-512345',
    pattern: PROJECT_CODE_PATTERN,
  });

// ---------------------------------------------------------------------------
// GB 32100-2015 统一社会信用代码

/** The 31 characters a credit code may use (no I, O, S, V, Z); a character's value is its index. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** First character: 登记管理部门代码 (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 …). */
const REGISTRATION_AUTHORITY_CODES = '123456789ANY';
const CREDIT_CODE_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
export const CREDIT_CODE_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{18}$';

/** The GB 32100 check character for the first 17 characters: 31 − (Σ value·weight mod 31), 31 → 0. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs the first 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`character ${first17[i]} is not in the GB 32100 charset`);
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check]!;
}

/** Completes 17 characters with their check character (for demo data and tests). */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

export function creditCodeIssue(code: unknown): string | null {
  if (typeof code !== 'string' || !CREDIT_CODE_RE.test(code)) {
    return '统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）/ credit code must be 18 characters from 0-9 and A-Y without I, O, S, V, Z (GB 32100)';
  }
  if (!REGISTRATION_AUTHORITY_CODES.includes(code[0]!)) {
    return `统一社会信用代码首位登记管理部门代码 ${code[0]} 无效 / credit code registration-authority character ${code[0]} is not defined by GB 32100`;
  }
  // Characters 3–8 are the registering authority's region (100000 for national registrations).
  if (regionCodeIssue(code.slice(2, 8)) !== null) {
    return `统一社会信用代码第3–8位应为行政区划代码 / credit code characters 3–8 must be a GB/T 2260 region code`;
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return `统一社会信用代码校验位错误（应为 ${expected}）/ credit code check character is wrong (expected ${expected})`;
  }
  return null;
}

export function isCreditCode(code: unknown): code is string {
  return creditCodeIssue(code) === null;
}

/** Characters 9–17: the 主体标识码 (organisation code, GB 11714 shape). */
export function organisationCodeOf(creditCode: string): string {
  return creditCode.slice(8, 17);
}

export const creditCodeSchema = z
  .string()
  .superRefine((value, ctx) => {
    const issue = creditCodeIssue(value);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .meta({
    title: '统一社会信用代码',
    description: 'GB 32100 统一社会信用代码，18位，末位为校验码',
    pattern: CREDIT_CODE_PATTERN,
  });

// ---------------------------------------------------------------------------
// GB 11643 公民身份号码 (resident ID number) — personal data, validated so typos are caught at entry

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
const ID_RE = /^(\d{6})(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function makeResidentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

export function residentIdIssue(value: unknown): string | null {
  const m = typeof value === 'string' ? ID_RE.exec(value) : null;
  if (!m) return '身份证号码应为18位（末位可为X）/ ID number must be 18 characters, the last a digit or X';
  const [, , y, mo, d] = m;
  const birth = `${y}-${mo}-${d}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || Number(y) < 1900) {
    return '身份证号码中的出生日期无效 / ID number carries an invalid birth date';
  }
  if (residentIdCheckChar(value as string) !== (value as string)[17]) {
    return '身份证号码校验位错误 / ID number check character is wrong';
  }
  return null;
}

export const residentIdSchema = z
  .string()
  .superRefine((value, ctx) => {
    const issue = residentIdIssue(value);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .meta({ title: '身份证号码', description: 'GB 11643 公民身份号码（个人信息）', pattern: '^\\d{17}[\\dX]$' });
