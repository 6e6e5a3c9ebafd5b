// Events with known personal values, on top of the worked example (which has households and
// applicants already): a natural person fined — then corrected to another person —, another
// household paid, a request-only registration with phone and address, another review list —
// corrected too —, another allocation with a flat number, another survey household. And the
// collector of every clear personal value that was posted, which the leak test scans for.
import {
  conditionHolds,
  getEntry,
  makeResidentId,
  personalDataOf,
  targetEntryOf,
  valuesAt,
  type PersonalDataKind,
} from '@gongkai/catalog';
import { v7 as uuidv7 } from 'uuid';
import type { Post } from './harness.ts';

export const PROJECT = '2019-320500-48-01-512345';
export const BATCH_STREAM = 'expropriation-320506-2019-007';
export const ROUND_STREAM = 'allocation-affordable-housing-SZGZF-2024-03';
export const LEAK_PENALTY_STREAM = 'penalty-LEAK-2026-0001';

export function knownPersonalPosts(): Post[] {
  const penaltyId = uuidv7();
  const reviewId = uuidv7();
  const batchRef = { batchId: '320506-2019-007', region: '320506', projectCodes: [PROJECT] };
  const round = { roundId: 'SZGZF-2024-03', region: '320500', housingType: 'public-rental' };
  return [
    {
      streamId: LEAK_PENALTY_STREAM,
      events: [
        {
          eventId: penaltyId,
          type: 'PenaltyDecided',
          payload: {
            penaltyId: 'LEAK-2026-0001',
            region: '320508',
            decisionNumber: '姑综执罚决字〔2026〕第88号',
            caseName: '擅自占用城市道路堆放物料案',
            penaltyTypes: ['fine'],
            facts: '当事人擅自占用城市道路堆放建筑物料约30平方米。',
            basis: '《城市道路管理条例》第四十二条',
            result: '罚款人民币壹仟元整',
            fineAmount: 1000,
            party: { type: 'natural-person', name: '欧阳小明', idNumber: makeResidentId('32050819900101123') },
            authority: { name: '苏州市姑苏区综合行政执法局' },
            decisionDate: '2026-06-01',
            publicityEnd: '2027-05-31',
            relatedProjectCodes: [PROJECT],
          },
        },
      ],
    },
    {
      streamId: LEAK_PENALTY_STREAM,
      events: [
        {
          type: 'DisclosureCorrected',
          payload: {
            targetEventId: penaltyId,
            targetType: 'PenaltyDecided',
            changes: { party: { type: 'natural-person', name: '司马光华', idNumber: makeResidentId('32050819850202234') } },
            reason: '当事人信息录入错误，予以更正。',
            discoveredDate: '2026-06-05',
          },
        },
      ],
    },
    {
      streamId: BATCH_STREAM,
      events: [
        {
          type: 'StatusSurveyPublished',
          payload: {
            ...batchRef,
            completedDate: '2019-06-03',
            parcels: [{ parcelNumber: 'WZ-GX-07-09', location: '郭巷街道尹山村东港组', ownership: '尹山村东港村民小组集体所有', landClass: '水浇地', area: 1200.5 }],
            households: [{ householdId: 'WZ-2019-007-011', rightHolder: '公孙大娘', village: '尹山村东港组', housingArea: 98.7 }],
          },
        },
        {
          type: 'CompensationRegistered',
          payload: {
            ...batchRef,
            registrationDate: '2019-07-30',
            households: [
              {
                householdId: 'WZ-2019-007-010',
                name: '端木秀兰',
                idNumber: makeResidentId('32050619700315456'),
                phone: '13700001111',
                address: '苏州市吴中区郭巷街道测试村99号',
                parcelNumber: 'WZ-GX-07-09',
                propertyCertificate: '苏(2018)苏州市吴中区不动产权第0099999号',
                registeredContent: '宅基地使用权（测试登记，含家庭成员情况）',
              },
            ],
          },
        },
        {
          type: 'CompensationPaid',
          payload: {
            ...batchRef,
            paymentDate: '2020-01-15',
            households: [{ householdId: 'WZ-2019-007-009', name: '诸葛明亮', items: '青苗补偿', amount: 777_777.77, bankAccount: '6222021234567890123' }],
          },
        },
      ],
    },
    {
      streamId: ROUND_STREAM,
      events: [
        {
          eventId: reviewId,
          type: 'HousingApplicationsReviewed',
          payload: {
            ...round,
            publicityStart: '2024-06-03',
            publicityEnd: '2024-06-09',
            applicants: [
              { applicationNumber: 'GZF2024060001', name: '上官婉儿', idNumber: makeResidentId('32050519951111262'), householdSize: 2, householdIncome: 45_678.9, currentHousingArea: 12.34, result: 'approved' },
            ],
            objectionContact: { name: '苏州市住房保障和房产管理中心', phone: '0512-68721234' },
          },
        },
        {
          type: 'DisclosureCorrected',
          payload: {
            targetEventId: reviewId,
            targetType: 'HousingApplicationsReviewed',
            changes: {
              applicants: [
                { applicationNumber: 'GZF2024060001', name: '慕容雪', idNumber: makeResidentId('32050519960606283'), householdSize: 2, householdIncome: 56_789.01, currentHousingArea: 23.45, result: 'approved' },
              ],
            },
            reason: '申请人信息录入错误。',
            discoveredDate: '2024-06-05',
          },
        },
        {
          type: 'HousingAllocated',
          payload: {
            ...round,
            method: 'lottery',
            allocationDate: '2024-06-20',
            results: [{ applicationNumber: 'GZF2024060001', name: '慕容雪', sequenceNumber: 3, unit: '尹山湖花园3幢2单元1101室' }],
          },
        },
      ],
    },
  ];
}

export interface ClearValue {
  value: string | number;
  kind: PersonalDataKind | 'narrower-audience';
  type: string;
  path: string;
}

/**
 * Every clear value that must never appear on a public endpoint: each declared personal-data value
 * (when its condition holds) and each value of a field whose audience is narrower than the event's.
 */
export function clearValues(posts: readonly Post[]): ClearValue[] {
  const out: ClearValue[] = [];
  for (const p of posts) {
    for (const e of p.events) {
      const entry = getEntry(e.type);
      if (!entry) continue;
      for (const f of personalDataOf(entry, e.payload)) {
        if (f.when && !conditionHolds(f.when, e.payload)) continue;
        for (const v of valuesAt(e.payload, f.path)) {
          if (typeof v.value === 'string' || typeof v.value === 'number') out.push({ value: v.value, kind: f.kind, type: e.type, path: v.path });
        }
      }
      const target = entry.amends ? targetEntryOf(entry, e.payload) : entry;
      const prefix = entry.amends ? `${entry.amends.changesField}.` : '';
      for (const fa of target?.fieldAudiences ?? []) {
        if (fa.audience === 'public') continue;
        for (const v of valuesAt(e.payload, prefix + fa.path)) {
          if (typeof v.value === 'string' || typeof v.value === 'number') out.push({ value: v.value, kind: 'narrower-audience', type: e.type, path: v.path });
        }
      }
    }
  }
  return out;
}
