// Deadlines on the State Council holiday calendar (@gongkai/calendar, data from chinese-days).
import { describe, expect, it } from 'vitest';
import { assessTimeliness, catalog, chinaDate, dueDateOf, publicViewEndsOn, getEntry } from '../src/index.ts';
import { examplePayload as p, exampleWhere } from './fixtures.ts';

describe('dueDateOf', () => {
  it('OGI-26 across the 2026 National Day holiday: 2026-09-30 + 20 working days = 2026-11-03', () => {
    // Oct 1–7 off; Oct 10 (Saturday) is a 调休 working day
    const due = dueDateOf('ProgressReported', p('ProgressReported', { reportDate: '2026-09-30' }));
    expect(due).toMatchObject({ dueDate: '2026-11-03', rule: 'OGI-26', unit: 'workday', duration: 20, from: 'reportDate', provisional: false });
  });

  it('XK-CF-7 counts the 调休 working Saturday: 2026-09-30 + 7 working days = 2026-10-15', () => {
    // 8 (Thu), 9 (Fri), 10 (Sat, 调休), 12, 13, 14, 15 — without the 调休 it would be the 16th
    const permit = exampleWhere('ApprovalDecided', (x) => x.kind === 'construction-permit');
    expect(dueDateOf('ApprovalDecided', { ...permit, decisionDate: '2026-09-30' })).toMatchObject({ dueDate: '2026-10-15', rule: 'XK-CF-7' });
  });

  it('XK-CF-7 across 2025 National Day (Sep 28 and Oct 11 worked): 2025-09-26 + 7 = 2025-10-13', () => {
    expect(dueDateOf('PenaltyDecided', p('PenaltyDecided', { decisionDate: '2025-09-26' }))?.dueDate).toBe('2025-10-13');
  });

  it('picks the rule by payload: 许可 kinds XK-CF-7, other approvals OGI-26', () => {
    const base = exampleWhere('ApprovalDecided', (x) => x.kind === 'feasibility-study');
    expect(dueDateOf('ApprovalDecided', { ...base, decisionDate: '2025-03-03' })).toMatchObject({ rule: 'OGI-26', dueDate: '2025-03-31' });
    expect(dueDateOf('ApprovalDecided', { ...base, kind: 'engineering-planning-permit', decisionDate: '2025-03-03' })).toMatchObject({ rule: 'XK-CF-7', dueDate: '2025-03-12' });
    const change = p('DesignChangeApproved', { decisionDate: '2025-03-03' });
    expect(dueDateOf('DesignChangeApproved', change)?.rule).toBe('OGI-26');
    expect(dueDateOf('DesignChangeApproved', { ...change, changedApproval: { kind: 'construction-permit', documentNumber: 'x' } })?.rule).toBe('XK-CF-7');
  });

  it('BID-CAND counts 日, and a last day on a holiday moves to the next working day (民法典 第203条)', () => {
    expect(dueDateOf('CandidatesPublicized', p('CandidatesPublicized', { reportReceivedDate: '2025-03-03' }))).toMatchObject({ dueDate: '2025-03-06', unit: 'day' });
    // 2026-09-28 + 3 日 = 2026-10-01 (National Day) → 2026-10-08
    expect(dueDateOf('CandidatesPublicized', p('CandidatesPublicized', { reportReceivedDate: '2026-09-28' }))?.dueDate).toBe('2026-10-08');
    // a Saturday last day moves to Monday
    expect(dueDateOf('CandidatesPublicized', p('CandidatesPublicized', { reportReceivedDate: '2025-03-05' }))?.dueDate).toBe('2025-03-10');
  });

  it('sector rules: GP-RESULT 2, GP-CONTRACT 2, LAND-POST 15, LANDSALE-RES 10, PEN-WITHDRAW 3 working days; BID-COMPLAINT 30 from 受理', () => {
    expect(dueDateOf('ProcurementResultPublished', p('ProcurementResultPublished'))).toMatchObject({ rule: 'GP-RESULT', dueDate: '2024-04-12' });
    // signed 2024-04-25 (Thu): 26 (Fri), 28 (Sunday, a 调休 working day before 劳动节)
    expect(dueDateOf('ProcurementContractPublished', p('ProcurementContractPublished'))).toMatchObject({ rule: 'GP-CONTRACT', dueDate: '2024-04-28' });
    expect(dueDateOf('ExpropriationNoticePublished', p('ExpropriationNoticePublished'))).toMatchObject({ rule: 'LAND-POST', dueDate: '2019-12-16' });
    expect(dueDateOf('LandGrantResultPublished', p('LandGrantResultPublished'))).toMatchObject({ rule: 'LANDSALE-RES', dueDate: '2024-07-17' });
    expect(dueDateOf('PenaltyAltered', p('PenaltyAltered'))).toMatchObject({ rule: 'PEN-WITHDRAW', dueDate: '2021-11-08' });
    expect(dueDateOf('ComplaintDecided', p('ComplaintDecided'))).toMatchObject({ rule: 'BID-COMPLAINT', from: 'acceptedDate', fromDate: '2019-12-30' });
  });

  it('GUIDE-RT is due the same day; PROC-TIMELY is bounded by 20 working days', () => {
    expect(dueDateOf('ServiceGuidePublished', p('ServiceGuidePublished'))).toMatchObject({ rule: 'GUIDE-RT', unit: 'realtime', dueDate: '2019-01-02' });
    expect(dueDateOf('ApplicationAccepted', p('ApplicationAccepted', { acceptedDate: '2026-09-30' }))).toMatchObject({ rule: 'PROC-TIMELY', unit: 'timely', dueDate: '2026-11-03' });
  });

  it('is null where no deadline applies', () => {
    expect(dueDateOf('DisclosureRetracted', p('DisclosureRetracted'))).toBeNull();
    expect(dueDateOf('CompensationRegistered', p('CompensationRegistered'))).toBeNull();
    expect(dueDateOf('NoSuchEvent', {})).toBeNull();
    expect(dueDateOf('ProgressReported', { reportDate: 'soon' })).toBeNull();
  });

  it('is provisional beyond the years the holiday data carries', () => {
    const due = dueDateOf('ProgressReported', p('ProgressReported', { reportDate: '2035-09-28' }));
    expect(due?.provisional).toBe(true);
  });

  it('computes for every entry that declares a deadline, from its worked example', () => {
    for (const entry of catalog) {
      const due = dueDateOf(entry.type, p(entry.type));
      if (entry.deadlines?.length) expect(due?.dueDate, entry.type).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else expect(due, entry.type).toBeNull();
    }
  });
});

describe('assessTimeliness', () => {
  const progress = p('ProgressReported', { reportDate: '2026-09-30' }); // due 2026-11-03

  it('compares in China time: 23:59 in Beijing on the due date is on time', () => {
    expect(assessTimeliness('ProgressReported', progress, '2026-11-03T15:59:59Z')).toMatchObject({ late: false, dueDate: '2026-11-03', publishedDate: '2026-11-03' });
  });

  it('midnight in Beijing after the due date is late by one working day', () => {
    expect(assessTimeliness('ProgressReported', progress, '2026-11-03T16:00:00Z')).toMatchObject({
      late: true,
      publishedDate: '2026-11-04',
      delayWorkingDays: 1,
      delayDays: 1,
      rule: 'OGI-26',
    });
  });

  it('counts the delay in working days', () => {
    const r = assessTimeliness('ProgressReported', progress, '2026-11-10T02:00:00Z');
    expect(r).toMatchObject({ late: true, delayWorkingDays: 5, delayDays: 7 });
    expect(assessTimeliness('ProgressReported', progress, '2026-10-08T01:00:00.123+08:00')?.late).toBe(false);
  });

  it('is null without a deadline and rejects a recordedAt without an offset', () => {
    expect(assessTimeliness('DisclosureRetracted', p('DisclosureRetracted'), '2026-01-01T00:00:00Z')).toBeNull();
    expect(() => assessTimeliness('ProgressReported', progress, '2026-11-03 10:00')).toThrow(RangeError);
    expect(chinaDate('2025-12-31T16:00:00Z')).toBe('2026-01-01');
  });
});

describe('publicViewEndsOn', () => {
  it('gives the end of a penalty publicity, nothing for entries without a maximum window', () => {
    expect(publicViewEndsOn(getEntry('PenaltyDecided')!, p('PenaltyDecided'))).toBe('2022-08-11');
    expect(publicViewEndsOn(getEntry('ProgressReported')!, p('ProgressReported'))).toBeUndefined();
  });
});
