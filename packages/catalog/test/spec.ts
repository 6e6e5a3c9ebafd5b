// Given/When/Then for lifecycle rules, after Emmett's DeciderSpecification:
//
//   given([registered, proposal]).when(feasibility).then('ok');
//   given([]).when(feasibility).then('PROJECT-REGISTERED');
//
// Events are built with `ev(type, payload, { agency })`; ids are generated in order.
import { expect } from 'vitest';
import { exampleUuidV7 } from '../src/examples.ts';
import type { LifecycleEvent } from '../src/lifecycle.ts';
import { checkLifecycle } from '../src/lifecycle.ts';
import { occurredAtOf } from '../src/validate.ts';

let counter = 100_000;

export const DEFAULT_AGENCY = 'agency-320500';

export function ev(type: string, payload: Record<string, unknown>, options: { agency?: string; eventId?: string } = {}): LifecycleEvent {
  return {
    eventId: options.eventId ?? exampleUuidV7(++counter),
    type,
    payload,
    occurredAt: occurredAtOf(type, payload) ?? '1970-01-01',
    agency: options.agency ?? DEFAULT_AGENCY,
  };
}

/** A retraction of `target` by the same agency (or another, to test AMEND-SAME-AGENCY). */
export function retract(target: LifecycleEvent, agency = target.agency): LifecycleEvent {
  return ev(
    'DisclosureRetracted',
    { targetEventId: target.eventId, targetType: target.type, reason: '误发', legalBasis: '信息发布审核纠错规定', retractedDate: '2025-01-06' },
    { agency },
  );
}

/** A correction of `target`'s top-level fields. */
export function correct(target: LifecycleEvent, changes: Record<string, unknown>, agency = target.agency): LifecycleEvent {
  return ev(
    'DisclosureCorrected',
    { targetEventId: target.eventId, targetType: target.type, changes, reason: '填报有误', discoveredDate: '2025-01-06' },
    { agency },
  );
}

export function given(history: readonly LifecycleEvent[]) {
  return {
    when(candidate: LifecycleEvent) {
      const result = checkLifecycle(history, candidate);
      return {
        /** 'ok' when the event is accepted, else the id of the rule it must break */
        then(expected: 'ok' | string): void {
          if (expected === 'ok') {
            expect(result, result ? `${result.rule}: ${result.message}` : '').toBeNull();
          } else {
            expect(result?.rule, `expected ${expected}, got ${result ? result.rule : 'acceptance'}`).toBe(expected);
            expect(result?.message).toMatch(/ \/ /);
          }
        },
      };
    },
  };
}
