// The statutory clock of a request for disclosure (条例 第30–34条; regulation.md §8 REQ-30/32/33),
// computed from the request stream's events as of a China date. Pure: the same events and date
// always give the same clock.
//
//   - the answer is due 20 working days after the receipt date (art. 31 rules, carried by
//     RequestSubmitted.receivedDate); the start day is not counted;
//   - 补正 (art. 30): the notice is due within 7 working days of receipt; from the notice until the
//     completed request arrives the clock stands still (status awaiting-supplement), and it restarts
//     in full from the day the completed request is received;
//   - consulting a third party (art. 32) or another agency (art. 34) is not counted (art. 33): the
//     working days after the consultation was sent up to its reply — at most the 15 working days the
//     consultee has — are added to the period (only for consultations sent while the clock had
//     not yet run out);
//   - an extension (art. 33) adds at most 20 working days, and only when approved by the day the
//     answer is due (an extension approved after that day cannot cure a late answer);
//   - on time / overdue: an answer dated on or before the due date is on time, after it late; an
//     unanswered request is overdue once the date passes its due date. A request is never both.
import { addWorkingDays, workingDaysBetween } from '@gongkai/calendar';
import { effectiveHistory, type LifecycleEvent } from '@gongkai/catalog';

export const ANSWER_WORKING_DAYS = 20;
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 7;
export const CONSULTATION_WORKING_DAYS = 15;
export const MAX_EXTENSION_WORKING_DAYS = 20;

export type RequestStatus =
  /** not yet submitted in this stream (no RequestSubmitted) */
  | 'unknown'
  /** the clock runs */
  | 'in-progress'
  /** 补正 asked for and not received: the clock stands still */
  | 'awaiting-supplement'
  | 'answered';

export interface ClockPause {
  consultationId: string;
  kind: string;
  sentDate: string;
  /** the reply date, or null while the consultee has not answered */
  replyDate: string | null;
  /** working days not counted (≤ 15) */
  workingDays: number;
}

export interface RequestClock {
  requestId: string | null;
  status: RequestStatus;
  receivedDate: string | null;
  /** the day the 20 working days count from: the receipt date, or the day the 补正 arrived */
  clockStart: string | null;
  supplement: { noticeDate: string; noticeDueDate: string; noticeLate: boolean; receivedDate: string | null } | null;
  pauses: ClockPause[];
  pausedWorkingDays: number;
  extension: { approvedDate: string; workingDays: number; applied: boolean } | null;
  /** the day the answer is due as of `asOf`; null while the clock stands still or before submission */
  dueDate: string | null;
  /** the due date lies beyond the holiday calendar's data (Mon–Fri assumed) */
  provisional: boolean;
  answer: { answerDate: string; outcome: string; eventId: string } | null;
  /** answered on or before the due date */
  onTime: boolean;
  /** answered after the due date, or unanswered past it */
  overdue: boolean;
  /** working days past the due date (answer date or `asOf`), 0 when not overdue */
  workingDaysOverdue: number;
  asOf: string;
}

export interface ClockEvent extends LifecycleEvent {
  /** China date the event was recorded; events recorded after `asOf` are not yet known */
  recordedDate?: string;
}

function str(payload: unknown, key: string): string | undefined {
  const v = (payload as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : undefined;
}

function num(payload: unknown, key: string): number | undefined {
  const v = (payload as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** The clock of one request stream as of `asOf` (YYYY-MM-DD, China time). Events dated after `asOf` are ignored. */
export function requestClock(events: readonly ClockEvent[], asOf: string): RequestClock {
  const known = events.filter((e) => e.occurredAt.slice(0, 10) <= asOf && (e.recordedDate === undefined || e.recordedDate <= asOf));
  const effective = effectiveHistory(known);
  const clock: RequestClock = {
    requestId: null,
    status: 'unknown',
    receivedDate: null,
    clockStart: null,
    supplement: null,
    pauses: [],
    pausedWorkingDays: 0,
    extension: null,
    dueDate: null,
    provisional: false,
    answer: null,
    onTime: false,
    overdue: false,
    workingDaysOverdue: 0,
    asOf,
  };
  const submitted = effective.find((e) => e.event.type === 'RequestSubmitted');
  if (!submitted) return clock;
  const received = str(submitted.payload, 'receivedDate')!;
  clock.requestId = str(submitted.payload, 'requestId') ?? null;
  clock.receivedDate = received;
  clock.clockStart = received;
  clock.status = 'in-progress';

  const of = (type: string) => effective.filter((e) => e.event.type === type);
  const supplementNotice = of('SupplementRequested')[0];
  const supplementIn = of('SupplementReceived')[0];
  const answer = of('RequestAnswered')[0];
  const extension = of('ExtensionApproved')[0];

  if (supplementNotice) {
    const noticeDate = str(supplementNotice.payload, 'noticeDate')!;
    const noticeDueDate = addWorkingDays(received, SUPPLEMENT_NOTICE_WORKING_DAYS).date;
    const receivedSupplement = supplementIn ? str(supplementIn.payload, 'receivedDate')! : null;
    clock.supplement = { noticeDate, noticeDueDate, noticeLate: noticeDate > noticeDueDate, receivedDate: receivedSupplement };
    if (receivedSupplement === null) {
      // 视为放弃 unless completed: the clock stands still until the completed request arrives
      clock.status = 'awaiting-supplement';
    } else {
      clock.clockStart = receivedSupplement;
    }
  }

  // Consultations count from the clock start on: one sent before a restart is absorbed by it.
  const replies = new Map(of('ThirdPartyReplied').map((r) => [str(r.payload, 'consultationId'), str(r.payload, 'replyDate')!]));
  const answerDate = answer ? str(answer.payload, 'answerDate')! : null;
  const end = answerDate ?? asOf;
  // A consultation sent after the answer was already due does not stop a clock that has run out.
  const consultations = of('ThirdPartyConsulted').sort((x, y) => (str(x.payload, 'sentDate')! < str(y.payload, 'sentDate')! ? -1 : 1));
  for (const c of consultations) {
    const id = str(c.payload, 'consultationId')!;
    const sentDate = str(c.payload, 'sentDate')!;
    const replyDate = replies.get(id) ?? null;
    const from = sentDate > clock.clockStart! ? sentDate : clock.clockStart!;
    const until = replyDate !== null && replyDate < end ? replyDate : end;
    const dueSoFar = addWorkingDays(clock.clockStart!, ANSWER_WORKING_DAYS + clock.pausedWorkingDays).date;
    const days = until > from && sentDate <= dueSoFar ? Math.min(CONSULTATION_WORKING_DAYS, workingDaysBetween(from, until)) : 0;
    clock.pauses.push({ consultationId: id, kind: str(c.payload, 'kind') ?? 'third-party', sentDate, replyDate, workingDays: days });
    clock.pausedWorkingDays += days;
  }

  if (answer) {
    clock.answer = { answerDate: answerDate!, outcome: str(answer.payload, 'outcome')!, eventId: answer.event.eventId };
    clock.status = 'answered';
  }
  if (clock.status === 'awaiting-supplement' && !answer) return clock;

  // answered while the 补正 was still awaited (不予处理, 无法提供 …): the stopped days are not counted
  if (clock.supplement && clock.supplement.receivedDate === null && answerDate !== null) {
    const stopped = Math.max(0, workingDaysBetween(clock.supplement.noticeDate, answerDate));
    clock.pauses.push({ consultationId: 'supplement', kind: 'supplement', sentDate: clock.supplement.noticeDate, replyDate: null, workingDays: stopped });
    clock.pausedWorkingDays += stopped;
  }
  const base = ANSWER_WORKING_DAYS + clock.pausedWorkingDays;
  let due = addWorkingDays(clock.clockStart!, base);
  if (extension) {
    const approvedDate = str(extension.payload, 'approvedDate')!;
    const workingDays = Math.min(MAX_EXTENSION_WORKING_DAYS, num(extension.payload, 'workingDays') ?? 0);
    const applied = approvedDate <= due.date;
    clock.extension = { approvedDate, workingDays, applied };
    if (applied) due = addWorkingDays(clock.clockStart!, base + workingDays);
  }
  clock.dueDate = due.date;
  clock.provisional = due.provisional;
  const judgedOn = answerDate ?? asOf;
  if (judgedOn > due.date) {
    clock.overdue = true;
    clock.workingDaysOverdue = workingDaysBetween(due.date, judgedOn);
  } else if (answerDate !== null) {
    clock.onTime = true;
  }
  return clock;
}
