// Given/when/then specs of the request clock (条例 第30–34条), every path of a request, on the State
// Council calendar; and a property test: no request is ever both on time and overdue.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWorkingDays, isWorkingDay, addDays } from '@gongkai/calendar';
import { requestClock, type ClockEvent } from '@gongkai/requests';

let seq = 0;
function ev(type: string, date: string, fields: Record<string, unknown> = {}): ClockEvent {
  const datesBy: Record<string, string> = {
    RequestSubmitted: 'receivedDate',
    SupplementRequested: 'noticeDate',
    SupplementReceived: 'receivedDate',
    ThirdPartyConsulted: 'sentDate',
    ThirdPartyReplied: 'replyDate',
    ExtensionApproved: 'approvedDate',
    RequestAnswered: 'answerDate',
    FeeCharged: 'noticeDate',
  };
  return { eventId: `e${++seq}`, type, payload: { requestId: 'R1', region: '320500', [datesBy[type]!]: date, ...fields }, occurredAt: date, agency: 'a1' };
}
const submitted = (received: string) => ev('RequestSubmitted', received, { submittedDate: received });
const answered = (date: string, outcome = 'disclosed') => ev('RequestAnswered', date, { outcome });

describe('given a request received on Monday 2025-03-03', () => {
  const base = [submitted('2025-03-03')];

  it('when nothing else happens, then the answer is due 20 working days later (2025-03-31), the receipt day not counted', () => {
    const c = requestClock(base, '2025-03-10');
    expect(c).toMatchObject({ status: 'in-progress', receivedDate: '2025-03-03', clockStart: '2025-03-03', dueDate: '2025-03-31', onTime: false, overdue: false });
  });

  it('when the due date passes without an answer, then the request is overdue from the next day on, by working days', () => {
    expect(requestClock(base, '2025-03-31').overdue).toBe(false);
    const c = requestClock(base, '2025-04-02');
    expect(c).toMatchObject({ overdue: true, onTime: false, workingDaysOverdue: 2 });
  });

  it('when answered on the due date, then it is on time; one day later, answered late', () => {
    expect(requestClock([...base, answered('2025-03-31')], '2025-12-31')).toMatchObject({ status: 'answered', onTime: true, overdue: false });
    expect(requestClock([...base, answered('2025-04-01')], '2025-12-31')).toMatchObject({ status: 'answered', onTime: false, overdue: true, workingDaysOverdue: 1 });
  });

  it('when an answer is dated after the day the clock is read, then it is not yet known', () => {
    const c = requestClock([...base, answered('2025-03-20')], '2025-03-19');
    expect(c).toMatchObject({ status: 'in-progress', answer: null, onTime: false, overdue: false });
  });

  describe('when 补正 is asked for (art. 30)', () => {
    it('then the clock stands still while the completed request is awaited: no due date, never overdue', () => {
      const c = requestClock([...base, ev('SupplementRequested', '2025-03-05', { items: '…' })], '2025-06-30');
      expect(c).toMatchObject({ status: 'awaiting-supplement', dueDate: null, overdue: false, onTime: false });
      expect(c.supplement).toEqual({ noticeDate: '2025-03-05', noticeDueDate: '2025-03-12', noticeLate: false, receivedDate: null });
    });

    it('then the 20 working days restart in full from the day the completed request arrives', () => {
      const c = requestClock([...base, ev('SupplementRequested', '2025-03-05'), ev('SupplementReceived', '2025-03-14')], '2025-03-20');
      expect(c).toMatchObject({ status: 'in-progress', clockStart: '2025-03-14', dueDate: '2025-04-14' });
    });

    it('then a notice later than 7 working days after receipt is flagged late', () => {
      const c = requestClock([...base, ev('SupplementRequested', '2025-03-13')], '2025-03-20');
      expect(c.supplement).toMatchObject({ noticeDueDate: '2025-03-12', noticeLate: true });
    });

    it('then an answer given while the supplement is still awaited does not count the stopped days', () => {
      const c = requestClock([...base, ev('SupplementRequested', '2025-03-05'), answered('2025-05-30', 'not-processed')], '2025-12-31');
      expect(c).toMatchObject({ status: 'answered', onTime: true, overdue: false });
    });
  });

  describe('when a third party is consulted (art. 32–33)', () => {
    it('then the days until its reply are not counted', () => {
      const c = requestClock(
        [...base, ev('ThirdPartyConsulted', '2025-03-05', { consultationId: 'C1', kind: 'third-party' }), ev('ThirdPartyReplied', '2025-03-12', { consultationId: 'C1', position: 'consents' })],
        '2025-03-20',
      );
      expect(c.pausedWorkingDays).toBe(5);
      expect(c.dueDate).toBe(addWorkingDays('2025-03-03', 25).date);
    });

    it('then while the third party has not replied the clock is paused, at most for its 15 working days', () => {
      const consulted = [...base, ev('ThirdPartyConsulted', '2025-03-05', { consultationId: 'C1', kind: 'third-party' })];
      expect(requestClock(consulted, '2025-03-12')).toMatchObject({ pausedWorkingDays: 5, overdue: false });
      const later = requestClock(consulted, '2025-06-30');
      expect(later.pausedWorkingDays).toBe(15);
      expect(later).toMatchObject({ dueDate: '2025-04-22', overdue: true });
    });

    it('then a consultation sent before the 补正 arrived is absorbed by the restart', () => {
      const c = requestClock(
        [
          ...base,
          ev('ThirdPartyConsulted', '2025-03-04', { consultationId: 'C1', kind: 'agency' }),
          ev('ThirdPartyReplied', '2025-03-06', { consultationId: 'C1', position: 'consents' }),
          ev('SupplementRequested', '2025-03-05'),
          ev('SupplementReceived', '2025-03-14'),
        ],
        '2025-03-20',
      );
      expect(c).toMatchObject({ pausedWorkingDays: 0, dueDate: '2025-04-14' });
    });
  });

  describe('when an extension is approved (art. 33)', () => {
    it('then up to 20 more working days are added, across the Qingming holiday', () => {
      const c = requestClock([...base, ev('ExtensionApproved', '2025-03-28', { workingDays: 10 })], '2025-04-01');
      expect(c.extension).toEqual({ approvedDate: '2025-03-28', workingDays: 10, applied: true });
      expect(c.dueDate).toBe('2025-04-15');
      expect(requestClock([...base, ev('ExtensionApproved', '2025-03-28', { workingDays: 10 }), answered('2025-04-15')], '2025-12-31').onTime).toBe(true);
    });

    it('then an extension approved after the due date does not cure the delay', () => {
      const c = requestClock([...base, ev('ExtensionApproved', '2025-04-01', { workingDays: 20 }), answered('2025-04-10')], '2025-12-31');
      expect(c.extension).toMatchObject({ applied: false });
      expect(c).toMatchObject({ dueDate: '2025-03-31', overdue: true, onTime: false });
    });

    it('then pauses and the extension add up: 20 + 15 paused + 20 extended', () => {
      const c = requestClock(
        [...base, ev('ThirdPartyConsulted', '2025-03-04', { consultationId: 'C1', kind: 'third-party' }), ev('ExtensionApproved', '2025-03-31', { workingDays: 20 })],
        '2025-05-01',
      );
      expect(c.pausedWorkingDays).toBe(15);
      expect(c.dueDate).toBe(addWorkingDays('2025-03-03', 55).date);
    });
  });

  it('when a fee is charged, then the clock is unchanged', () => {
    expect(requestClock([...base, ev('FeeCharged', '2025-03-10', { amount: 100 })], '2025-03-10').dueDate).toBe('2025-03-31');
  });

  it('when the answer is retracted, then the request is open again', () => {
    const a = answered('2025-03-20');
    const retract: ClockEvent = { eventId: 'r1', type: 'DisclosureRetracted', payload: { targetEventId: a.eventId, targetType: 'RequestAnswered' }, occurredAt: '2025-03-21', agency: 'a1' };
    expect(requestClock([...base, a, retract], '2025-04-10')).toMatchObject({ status: 'in-progress', overdue: true });
  });
});

describe('given a request received before the National Day holiday (2025-09-22)', () => {
  it('then the golden week is not counted: due 2025-10-24', () => {
    expect(requestClock([submitted('2025-09-22')], '2025-09-30').dueDate).toBe('2025-10-24');
  });
});

describe('given no RequestSubmitted', () => {
  it('then the clock is unknown and neither on time nor overdue', () => {
    expect(requestClock([answered('2025-03-20')], '2025-12-31')).toMatchObject({ status: 'unknown', onTime: false, overdue: false, dueDate: null });
  });
});

// ---------------------------------------------------------------------------
// Property: for any sequence of request events and any day it is read, the request is never
// both on time and overdue; an answered request is exactly one of the two; due dates never come
// before 20 working days after the clock start; and an open request, once overdue, stays overdue
// on every later day until something is posted.

const DAY0 = '2025-01-02';
const day = (n: number) => addDays(DAY0, n);

const requestHistory = fc
  .record({
    received: fc.integer({ min: 0, max: 300 }),
    supplement: fc.option(fc.record({ notice: fc.integer({ min: 0, max: 15 }), back: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }), { nil: undefined }),
    consultations: fc.array(fc.record({ sent: fc.integer({ min: 0, max: 40 }), reply: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }) }), { maxLength: 3 }),
    extension: fc.option(fc.record({ at: fc.integer({ min: 0, max: 60 }), days: fc.integer({ min: 1, max: 20 }) }), { nil: undefined }),
    answer: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    readAfter: fc.integer({ min: 0, max: 200 }),
  })
  .map((h) => {
    const r = h.received;
    const events: ClockEvent[] = [submitted(day(r))];
    if (h.supplement) {
      events.push(ev('SupplementRequested', day(r + h.supplement.notice)));
      if (h.supplement.back !== undefined) events.push(ev('SupplementReceived', day(r + h.supplement.notice + h.supplement.back)));
    }
    h.consultations.forEach((c, i) => {
      events.push(ev('ThirdPartyConsulted', day(r + c.sent), { consultationId: `C${i}`, kind: 'third-party' }));
      if (c.reply !== undefined) events.push(ev('ThirdPartyReplied', day(r + c.sent + c.reply), { consultationId: `C${i}` }));
    });
    if (h.extension) events.push(ev('ExtensionApproved', day(r + h.extension.at), { workingDays: h.extension.days }));
    if (h.answer !== undefined) events.push(answered(day(r + h.answer)));
    return { events, asOf: day(r + h.readAfter) };
  });

describe('property: on time and overdue', () => {
  it('no request is ever both on time and overdue, and an answered one is exactly one of them', () => {
    fc.assert(
      fc.property(requestHistory, ({ events, asOf }) => {
        const c = requestClock(events, asOf);
        expect(c.onTime && c.overdue).toBe(false);
        if (c.status === 'answered') expect(c.onTime !== c.overdue).toBe(true);
        if (c.status === 'awaiting-supplement') expect(c.overdue).toBe(false);
        if (c.dueDate !== null) expect(c.dueDate >= addWorkingDays(c.clockStart!, 20).date).toBe(true);
        if (c.dueDate !== null) expect(isWorkingDay(c.dueDate)).toBe(true);
        // overdue from the calendar day after the due date (a weekend day counts 0 working days late)
        if (c.workingDaysOverdue > 0) expect(c.overdue).toBe(true);
        if (!c.overdue) expect(c.workingDaysOverdue).toBe(0);
      }),
      { numRuns: 600 },
    );
  });

  it('an open request that is overdue stays overdue on later days while nothing more is posted', () => {
    fc.assert(
      fc.property(requestHistory, fc.integer({ min: 1, max: 100 }), ({ events, asOf }, more) => {
        const lastDate = events.map((e) => e.occurredAt).sort().at(-1)!;
        if (asOf < lastDate) return;
        const now = requestClock(events, asOf);
        if (now.status !== 'in-progress' || !now.overdue) return;
        const later = requestClock(events, addDays(asOf, more));
        expect(later.overdue).toBe(true);
        expect(later.onTime).toBe(false);
        expect(later.workingDaysOverdue).toBeGreaterThanOrEqual(now.workingDaysOverdue);
      }),
      { numRuns: 1500 },
    );
  });
});
