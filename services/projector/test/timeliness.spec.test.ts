// Deadlines in records: working days on the State Council calendar (调休 weekends worked, the
// National Day week off), China-time publication dates, corrections that move a deadline, and the
// timeliness summary following all of it.
import { afterEach, describe, expect, it } from 'vitest';
import { exampleUuidV7 } from '@gongkai/catalog';
import { examplePosts, projectAll, record, type Posted, type Projected } from './helpers.ts';

const posts = examplePosts();
const template = (type: string, pred: (p: Posted) => boolean = () => true) => posts.find((p) => p.event.type === type && pred(p))!;

let seq = 900_000;
function post(type: string, payload: Record<string, unknown>, streamId: string, pred?: (p: Posted) => boolean): Posted {
  const base = template(type, pred);
  return { streamId, event: { eventId: exampleUuidV7(++seq), type, schemaVersion: base.event.schemaVersion, payload: { ...base.event.payload, ...payload } } };
}

const STREAM = 'project-2025-320500-48-01-000001';
const projectRef = { projectCode: '2025-320500-48-01-000001', projectName: '测试项目' };

/** A 行政许可 (environmental impact approval): XK-CF-7, 7 working days from the decision. */
function licence(decisionDate: string, documentNumber: string): Posted {
  return post('ApprovalDecided', { ...projectRef, kind: 'environmental-impact', documentNumber, decisionDate }, STREAM, (p) => p.event.payload['kind'] === 'environmental-impact');
}

let projected: Projected | undefined;
afterEach(async () => {
  await projected?.cleanup();
  projected = undefined;
});

async function run(given: Array<{ post: Posted; recordedAt: string }>) {
  const events = record(
    given.map((g) => g.post),
    { recordedAt: (_p, i) => given[i]!.recordedAt },
  );
  projected = await projectAll(events, { batchSize: 2 });
  return { dump: await projected.store.dump(), timeliness: await projected.store.timeliness() };
}

describe('working-day deadlines in records', () => {
  it('skips the National Day week and counts the 调休 Saturday after it (2025)', async () => {
    // decided Tue 2025-09-30: Oct 1–8 off; Oct 9, 10, Sat Oct 11 (调休), 13, 14, 15, 16
    const { dump } = await run([{ post: licence('2025-09-30', 'A-1'), recordedAt: '2025-10-16T15:59:59.000Z' }]);
    expect(dump.records[0]).toMatchObject({ dueDate: '2025-10-16', late: false, delayWorkingDays: null });
    expect(dump.records[0]!.versions[0]!.timeliness).toMatchObject({ rule: 'XK-CF-7', dueDate: '2025-10-16', publishedDate: '2025-10-16', late: false, provisional: false });
  });

  it('judges publication by the China date: one second later is the next day, one working day late', async () => {
    const { dump, timeliness } = await run([{ post: licence('2025-09-30', 'A-2'), recordedAt: '2025-10-16T16:00:00.000Z' }]);
    expect(dump.records[0]).toMatchObject({ dueDate: '2025-10-16', late: true, delayWorkingDays: 1 });
    expect(timeliness).toEqual([{ agency: 'agency-demo-suzhou', category: 'approval-results', onTime: 0, late: 1, delays: new Map([[1, 1]]) }]);
  });

  it('counts the 调休 Sunday before National Day as a working day', async () => {
    // decided Fri 2025-09-26: Sun 9-28 (调休), 29, 30, then Oct 9, 10, Sat 11 (调休), Mon 13
    const { dump } = await run([{ post: licence('2025-09-26', 'A-3'), recordedAt: '2025-10-14T02:00:00.000Z' }]);
    expect(dump.records[0]).toMatchObject({ dueDate: '2025-10-13', late: true, delayWorkingDays: 1 });
  });

  it('20 working days (OGI-26) across the National Day week', async () => {
    const proposal = post('ApprovalDecided', { ...projectRef, kind: 'project-proposal', documentNumber: 'P-1', decisionDate: '2025-09-26' }, STREAM, (p) => p.event.payload['kind'] === 'project-proposal');
    // a publication on Saturday 2025-10-11 (a 调休 working day) is 6 working days in: on time
    const { dump } = await run([{ post: proposal, recordedAt: '2025-10-11T01:00:00.000Z' }]);
    expect(dump.records[0]).toMatchObject({ dueDate: '2025-10-30', late: false });
  });

  it('2 working days for a procurement result across the 2024 调休 Sunday (GP-RESULT)', async () => {
    const result = post(
      'ProcurementResultPublished',
      { procurementId: 'T-GP-1', determinedDate: '2024-09-27', noticeDate: '2024-09-29' },
      'allocation-procurement-T-GP-1',
      (p) => p.streamId.endsWith('G0042'),
    );
    const { dump } = await run([{ post: result, recordedAt: '2024-10-08T02:00:00.000Z' }]);
    // Fri 9-27 → Sun 9-29 (调休) → Mon 9-30; published Tue 10-8 after the holiday: 1 working day late
    expect(dump.records[0]).toMatchObject({ dueDate: '2024-09-30', late: true, delayWorkingDays: 1 });
  });

  it('re-assesses a record when a correction changes its decision date, and updates the summary', async () => {
    const original = licence('2025-09-30', 'A-4');
    const correction = post(
      'DisclosureCorrected',
      { targetEventId: original.event.eventId, targetType: 'ApprovalDecided', changes: { decisionDate: '2025-10-10' }, discoveredDate: '2025-10-20', reason: '批复日期填报有误' },
      STREAM,
    );
    const { dump, timeliness } = await run([
      { post: original, recordedAt: '2025-10-17T02:00:00.000Z' }, // late against 09-30 (due 10-16)
      { post: correction, recordedAt: '2025-10-21T02:00:00.000Z' },
    ]);
    const r = dump.records[0]!;
    // from 2025-10-10 (Fri): Sat 10-11 (调休), 13, 14, 15, 16, 17, 20 → due 10-20: the original publication was on time
    expect(r.versions[0]!.timeliness).toMatchObject({ dueDate: '2025-10-20', late: false });
    expect(r).toMatchObject({ formedDate: '2025-10-10', dueDate: '2025-10-20', late: false, corrections: 1 });
    // the correction itself is due 20 working days after its discovery (OGI-26): on time
    expect(r.versions[1]!.timeliness).toMatchObject({ rule: 'OGI-26', late: false });
    expect(timeliness).toEqual([{ agency: 'agency-demo-suzhou', category: 'approval-results', onTime: 2, late: 0, delays: new Map() }]);
  });

  it('withdraws a retracted publication from the summary', async () => {
    const original = licence('2025-09-30', 'A-5');
    const retraction = post(
      'DisclosureRetracted',
      { targetEventId: original.event.eventId, targetType: 'ApprovalDecided', reason: '误录入', legalBasis: '—', retractedDate: '2025-11-03' },
      STREAM,
    );
    const late = await run([{ post: original, recordedAt: '2025-10-20T02:00:00.000Z' }]);
    expect(late.timeliness[0]).toMatchObject({ late: 1, delays: new Map([[2, 1]]) });
    await projected!.cleanup();
    const { dump, timeliness } = await run([
      { post: original, recordedAt: '2025-10-20T02:00:00.000Z' },
      { post: retraction, recordedAt: '2025-11-03T02:00:00.000Z' },
    ]);
    expect(dump.records[0]).toMatchObject({ status: 'retracted', late: false });
    expect(timeliness).toEqual([]);
  });
});
