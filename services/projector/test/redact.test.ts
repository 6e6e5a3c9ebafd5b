// Masks and views per audience, from the catalog's declarations.
import { describe, expect, it } from 'vitest';
import { getEntry } from '@gongkai/catalog';
import { maskAddress, maskIdNumber, maskName, maskPhone, redactPayload } from '../src/index.ts';

describe('masks', () => {
  it('names keep the first and last character (two characters: the first)', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('*');
  });

  it('ID numbers keep the first 3 and last 4, phones 138****1234', () => {
    expect(maskIdNumber('320506196503121234')).toBe('320***********1234');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('addresses keep up to and including the first 街道/镇/乡/路/街', () => {
    expect(maskAddress('苏州市吴中区郭巷街道尹山村东港组8号')).toBe('苏州市吴中区郭巷街道');
    expect(maskAddress('苏州市姑苏区干将西路1208号')).toBe('苏州市姑苏区干将西路');
    expect(maskAddress('昆山市周市镇青阳北路2号')).toBe('昆山市周市镇');
    expect(maskAddress('尹山湖花园12幢1单元502室')).toBe('***');
  });

  it('every mask is idempotent', () => {
    for (const [mask, value] of [
      [maskName, '欧阳小明'],
      [maskIdNumber, '320506196503121234'],
      [maskPhone, '13812341234'],
      [maskAddress, '苏州市吴中区郭巷街道尹山村东港组8号'],
    ] as const) {
      expect(mask(mask(value))).toBe(mask(value));
    }
  });
});

describe('views', () => {
  const paid = {
    batchId: 'B1',
    region: '320506',
    paymentDate: '2020-01-01',
    households: [{ householdId: 'H1', name: '沈建国', items: '青苗补偿', amount: 1000.5, bankAccount: '6222021234567890' }],
  };

  it('omits personal amounts for the public, keeps them for the group, never bank accounts', () => {
    const entry = getEntry('CompensationPaid')!;
    const pub = redactPayload(entry, paid, 'public').view as typeof paid;
    expect(pub.households[0]).toEqual({ householdId: 'H1', name: '沈*国', items: '青苗补偿' });
    const group = redactPayload(entry, paid, 'group').view as typeof paid;
    expect(group.households[0]).toEqual({ householdId: 'H1', name: '沈*国', items: '青苗补偿', amount: 1000.5 });
    expect(paid.households[0]!.name).toBe('沈建国'); // the payload itself is untouched
  });

  it('masks a natural-person party only', () => {
    const entry = getEntry('PenaltyDecided')!;
    const org = { party: { type: 'organisation', name: '某某有限公司', creditCode: 'X' } };
    expect(redactPayload(entry, org, 'public')).toEqual({ view: org, redactions: [] });
    const guide = getEntry('ServiceGuidePublished')!;
    const payload = { itemCode: 'X' };
    expect(redactPayload(guide, payload, 'public').view).toBe(payload); // nothing declared: no copy
    const person = { party: { type: 'natural-person', name: '徐卫东', idNumber: '320508197802143610' } };
    expect(redactPayload(entry, person, 'public').view).toEqual({ party: { type: 'natural-person', name: '徐*东', idNumber: '320***********3610' } });
  });

  it('masks the changes of a correction with the target type\'s declarations', () => {
    const entry = getEntry('DisclosureCorrected')!;
    const payload = {
      targetEventId: '0190c000-0000-7000-8000-000000000001',
      targetType: 'HousingApplicationsReviewed',
      changes: { applicants: [{ applicationNumber: 'A1', name: '上官婉儿', idNumber: '320505199511112621', householdSize: 2, householdIncome: 45678.9, result: 'approved' }] },
      reason: 'r',
      discoveredDate: '2024-06-05',
    };
    const { view, redactions } = redactPayload(entry, payload, 'public');
    expect((view as typeof payload).changes.applicants[0]).toEqual({ applicationNumber: 'A1', name: '上**儿', householdSize: 2, result: 'approved' });
    expect(redactions.map((r) => r.path)).toEqual(expect.arrayContaining(['changes.applicants[].idNumber', 'changes.applicants[].name']));
  });
});
