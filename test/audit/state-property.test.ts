// As-of reconstruction equals the state recorded at that moment: random histories of
// record-creating events, corrections (更正) and retractions (撤回) are appended to a real SQLite
// store; the state read back as of version k must equal a reference fold of the first k events,
// and the state as of a time must be the state at the last version recorded by then.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent, RecordedEvent } from '@gongkai/event-store';
import { StreamFolder, foldStream, versionAsOf, diffJson, diffStates } from '@gongkai/audit-api';
import { openLedger, removeDir, tempDir } from './helpers.ts';

// Real catalog types: one record per stream, one per reportDate, one per complaintNumber, and a
// type the catalog does not know (a record per event).
type Op =
  | { kind: 'create'; type: 'TenderNoticePublished' | 'ContractPerformanceReported' | 'ComplaintDecided' | 'LocalNoteAdded'; key: number; n: number }
  | { kind: 'correct'; target: number; field: 'n' | 'title' | 'items'; value: number }
  | { kind: 'retract'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('create' as const), type: fc.constantFrom('TenderNoticePublished' as const, 'ContractPerformanceReported' as const, 'ComplaintDecided' as const, 'LocalNoteAdded' as const), key: fc.integer({ min: 0, max: 2 }), n: fc.integer({ min: 0, max: 99 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('correct' as const), target: fc.nat(), field: fc.constantFrom('n' as const, 'title' as const, 'items' as const), value: fc.integer({ min: 0, max: 99 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), target: fc.nat() }) },
);

function payloadFor(op: Extract<Op, { kind: 'create' }>): Record<string, unknown> {
  const base = { n: op.n, title: `公告${op.n}`, items: [op.n, op.key] };
  switch (op.type) {
    case 'ContractPerformanceReported':
      return { ...base, reportDate: `2025-03-0${op.key + 1}` };
    case 'ComplaintDecided':
      return { ...base, complaintNumber: `TS-${op.key}` };
    default:
      return base;
  }
}

/** Turns ops into events (amendments target earlier ordinary events; dropped when there are none). */
function eventsFor(ops: Op[]): NewEvent[] {
  const out: NewEvent[] = [];
  const ordinary: { eventId: string; type: string }[] = [];
  for (const op of ops) {
    const eventId = uuidv7();
    const metadata = { agency: 'agency-prop' };
    if (op.kind === 'create') {
      out.push({ eventId, type: op.type, schemaVersion: 1, occurredAt: '2025-03-03', payload: payloadFor(op), metadata });
      ordinary.push({ eventId, type: op.type });
    } else if (ordinary.length > 0) {
      const target = ordinary[op.target % ordinary.length]!;
      if (op.kind === 'correct') {
        const value = op.field === 'title' ? `更正${op.value}` : op.field === 'items' ? [op.value] : op.value;
        const payload = { targetEventId: target.eventId, targetType: target.type, changes: { [op.field]: value }, reason: '笔误', discoveredDate: '2025-03-04' };
        out.push({ eventId, type: 'DisclosureCorrected', schemaVersion: 1, occurredAt: '2025-03-04', payload, metadata });
      } else {
        const payload = { targetEventId: target.eventId, targetType: target.type, reason: '依法撤回', legalBasis: '条例', retractedDate: '2025-03-05' };
        out.push({ eventId, type: 'DisclosureRetracted', schemaVersion: 1, occurredAt: '2025-03-05', payload, metadata });
      }
    }
  }
  return out;
}

/** Reference model: recomputed from scratch, declaratively, for the first k events. */
function model(events: readonly RecordedEvent[], k: number) {
  const prefix = events.slice(0, k);
  const isAmendment = (e: RecordedEvent) => e.type === 'DisclosureCorrected' || e.type === 'DisclosureRetracted';
  const keyOf = (e: RecordedEvent): string => {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'TenderNoticePublished') return 'tender-notice';
    if (e.type === 'ContractPerformanceReported') return `performance:${String(p['reportDate'])}`;
    if (e.type === 'ComplaintDecided') return `complaint:${String(p['complaintNumber'])}`;
    return `${e.type}:${e.eventId}`;
  };
  const ordinary = prefix.filter((e) => !isAmendment(e));
  const amendmentsOf = (id: string) => prefix.filter((a) => isAmendment(a) && (a.payload as { targetEventId: string }).targetEventId === id);
  const keys = [...new Set(ordinary.map(keyOf))];
  const records: Record<string, unknown> = {};
  for (const key of keys) {
    const own = ordinary.filter((e) => keyOf(e) === key);
    const retracted = (e: RecordedEvent) => amendmentsOf(e.eventId).some((a) => a.type === 'DisclosureRetracted');
    const shown = [...own].reverse().find((e) => !retracted(e)) ?? own[own.length - 1]!;
    const corrections = amendmentsOf(shown.eventId).filter((a) => a.type === 'DisclosureCorrected');
    const payload = corrections.reduce((p, c) => ({ ...p, ...(c.payload as { changes: object }).changes }), shown.payload);
    const touching = [...own, ...own.flatMap((e) => amendmentsOf(e.eventId))];
    records[key] = {
      key,
      status: retracted(shown) ? 'retracted' : 'effective',
      eventId: shown.eventId,
      type: shown.type,
      payload,
      occurredAt: shown.occurredAt,
      recordedAt: shown.recordedAt,
      updatedVersion: Math.max(...touching.map((e) => e.version)),
      events: own.map((e) => e.eventId),
      corrections: corrections.map((c) => c.eventId),
      retractions: own.flatMap((e) => amendmentsOf(e.eventId).filter((a) => a.type === 'DisclosureRetracted')).sort((a, b) => a.version - b.version).map((a) => a.eventId),
    };
  }
  return records;
}

const dir = tempDir();
const store = openLedger(dir);
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

let streamNo = 0;

describe('state as of a version or a time', () => {
  it('equals a fold of the first k events, for every k', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const streamId = `tender-prop-${streamNo++}`;
        const newEvents = eventsFor(ops);
        if (newEvents.length === 0) return;
        // one append per event, some pauses: distinct and equal recordedAt both occur
        for (const [i, e] of newEvents.entries()) {
          await store.append(streamId, [e]);
          if (i % 4 === 3) await new Promise((r) => setTimeout(r, 2));
        }
        const all = await store.readStream(streamId);
        for (let k = 0; k <= all.length; k++) {
          const read = k === 0 ? [] : await store.readStream(streamId, { maxCount: k });
          const state = foldStream(streamId, read);
          expect(state.version).toBe(k);
          expect(state.records).toEqual(model(all, k));
          expect(state.unresolved).toEqual([]);
        }
        // as of a time: the last version recorded at or before it
        const times = [...new Set(all.map((e) => Date.parse(e.recordedAt)))];
        for (const t of [Date.parse(all[0]!.recordedAt) - 1, ...times, ...times.map((x) => x + 1)]) {
          const expected = all.filter((e) => Date.parse(e.recordedAt) <= t).length;
          const v = versionAsOf(all, t);
          expect(v).toBe(expected);
          expect(foldStream(streamId, all.slice(0, v)).records).toEqual(model(all, expected));
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('the incremental folder agrees with folding from scratch at every step', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const evs = eventsFor(ops).map((e, i) => ({ ...e, streamId: 's', version: i + 1, globalPosition: BigInt(i + 1), recordedAt: new Date(1_700_000_000_000 + i).toISOString(), prevHash: '', hash: '' }));
        const f = new StreamFolder('s');
        evs.forEach((e, i) => {
          f.apply(e);
          expect(f.state()).toEqual(foldStream('s', evs.slice(0, i + 1)));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('diffs name the JSON paths added, removed and changed', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] }, 'x/y': 1 }, { a: 2, b: { c: [1] }, d: true, 'x/y': 1 })).toEqual([
      { op: 'changed', path: '/a', from: 1, to: 2 },
      { op: 'removed', path: '/b/c/1', from: 2 },
      { op: 'added', path: '/d', to: true },
    ]);
    const s0 = foldStream('s', []);
    const e = { eventId: 'e1', type: 'LocalNoteAdded', schemaVersion: 1, payload: { n: 1 }, occurredAt: '2025-01-01', recordedAt: '2025-01-01T00:00:00.000Z', version: 1 };
    const s1 = foldStream('s', [e]);
    expect(diffStates(s0, s1)).toEqual([{ op: 'added', path: '/records/LocalNoteAdded:e1', to: s1.records['LocalNoteAdded:e1'] }]);
  });
});
