import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  creditCodeIssue,
  creditCodeSchema,
  isCreditCode,
  isProjectCode,
  isRegionCode,
  makeCreditCode,
  makeResidentId,
  organisationCodeOf,
  projectCodeIssue,
  projectCodeSchema,
  regionCovers,
  regionName,
  regionOfProjectCode,
  residentIdIssue,
  SUZHOU_REGIONS,
} from '../src/identifiers.ts';

describe('GB/T 40058 project codes', () => {
  it.each(['2019-320500-48-01-512345', '2023-320571-34-03-004217', '1990-110000-00-00-000000', '2100-820000-99-99-999999'])(
    'accepts %s',
    (code) => {
      expect(projectCodeIssue(code)).toBeNull();
      expect(projectCodeSchema.safeParse(code).success).toBe(true);
    },
  );

  it.each([
    ['wrong shape', '2019320500-48-01-512345'],
    ['short last segment', '2019-320500-48-01-51234'],
    ['letters', '2019-32050A-48-01-512345'],
    ['year before 1990', '1989-320500-48-01-512345'],
    ['year after 2100', '2101-320500-48-01-512345'],
    ['unknown province', '2019-990500-48-01-512345'],
    ['padding', ' 2019-320500-48-01-512345'],
  ])('rejects %s', (_why, code) => {
    expect(isProjectCode(code)).toBe(false);
    expect(projectCodeSchema.safeParse(code).success).toBe(false);
  });

  it('gives the region segment', () => {
    expect(regionOfProjectCode('2019-320500-48-01-512345')).toBe('320500');
    expect(regionOfProjectCode('2023-320571-34-03-004217')).toBe('320571');
    expect(regionOfProjectCode('nonsense')).toBeUndefined();
  });
});

describe('GB 32100 统一社会信用代码', () => {
  it('accepts real codes from public sources', () => {
    // 华为技术有限公司 (zh.wikipedia infobox, 機構代碼)
    expect(creditCodeIssue('914403001922038216')).toBeNull();
    // the example code used by GB 32100 validators (e.g. hutool CreditCodeUtilTest)
    expect(creditCodeIssue('91350100M000100Y43')).toBeNull();
  });

  it('computes the check character with weights 1,3,9,27,… modulo 31', () => {
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('maps a remainder of 31 to 0', () => {
    // search the last character so the weighted sum is divisible by 31
    const stem = '9132050000000000';
    const last = [...CREDIT_CODE_CHARSET].find((c) => {
      const code = stem + c;
      let sum = 0;
      const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
      for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(code[i]!) * weights[i]!;
      return sum % 31 === 0;
    });
    expect(last).toBeDefined();
    expect(creditCodeCheckChar(stem + last)).toBe('0');
    expect(isCreditCode(`${stem}${last}0`)).toBe(true);
  });

  it.each([
    ['wrong check character', '914403001922038217'],
    ['lower case', '91350100m000100y43'],
    ['forbidden letter I', '91350100I000100Y43'],
    ['forbidden letter Z', '91350100Z000100Y43'],
    ['17 characters', '91440300192203821'],
    ['19 characters', '9144030019220382160'],
    ['undefined registration authority', '014403001922038216'],
    ['region segment not a region', makeCreditCode('91990000192203821')],
  ])('rejects %s', (_why, code) => {
    expect(creditCodeIssue(code)).not.toBeNull();
    expect(creditCodeSchema.safeParse(code).success).toBe(false);
  });

  it('exposes the organisation code (characters 9–17)', () => {
    expect(organisationCodeOf('914403001922038216')).toBe('192203821');
  });

  // Any single substituted character is caught: the weights are non-zero modulo the prime 31.
  const body = fc.array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 9, maxLength: 9 }).map((cs) => cs.join(''));
  it('makeCreditCode always validates, and any single substitution is detected', () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...CREDIT_CODE_CHARSET), (org, position, replacement) => {
        const code = makeCreditCode(`91320500${org}`);
        expect(isCreditCode(code)).toBe(true);
        fc.pre(code[position] !== replacement);
        const changed = code.slice(0, position) + replacement + code.slice(position + 1);
        // a change in characters 1–8 may also break the prefix rules; either way it is rejected
        expect(isCreditCode(changed)).toBe(false);
      }),
    );
  });
});

describe('GB/T 2260 region codes', () => {
  it.each(['320500', '320571', '110000', '460000', '540000', '650000', '710000', '810000', '820000', '100000'])('accepts %s', (code) => {
    expect(isRegionCode(code)).toBe(true);
  });

  it.each(['160000', '000000', '240000', '830000', '32050', '3205000', 'abcdef', ''])('rejects %s', (code) => {
    expect(isRegionCode(code)).toBe(false);
  });

  it('covers hierarchically', () => {
    expect(regionCovers('320000', '320571')).toBe(true);
    expect(regionCovers('320000', '330100')).toBe(false);
    expect(regionCovers('320500', '320571')).toBe(true);
    expect(regionCovers('320500', '320500')).toBe(true);
    expect(regionCovers('320500', '320200')).toBe(false);
    expect(regionCovers('320571', '320571')).toBe(true);
    expect(regionCovers('320571', '320500')).toBe(false);
    expect(regionCovers('320571', '320572')).toBe(false);
    expect(regionCovers('100000', '820000')).toBe(true);
    expect(regionCovers('100000', '320571')).toBe(true);
    expect(regionCovers('320500', 'nonsense')).toBe(false);
  });

  it('names Suzhou and its divisions', () => {
    expect(Object.keys(SUZHOU_REGIONS)).toHaveLength(11);
    expect(regionName('320571')?.zh).toBe('苏州工业园区');
    expect(regionName('320500')?.zh).toBe('苏州市');
    for (const code of Object.keys(SUZHOU_REGIONS)) expect(regionCovers('320500', code)).toBe(true);
  });
});

describe('GB 11643 resident ID numbers', () => {
  it('builds and checks the MOD 11-2 check character', () => {
    // the GB 11643 worked example: 11010519491231002X
    expect(makeResidentId('11010519491231002')).toBe('11010519491231002X');
    expect(residentIdIssue('11010519491231002X')).toBeNull();
    expect(residentIdIssue('110105194912310021')).not.toBeNull();
    expect(residentIdIssue('110105194902300021')).not.toBeNull(); // 30 February
    expect(residentIdIssue('1101051949123100')).not.toBeNull();
  });
});
