import type { Condition } from './define.ts';
import { valuesAt } from './paths.ts';

/** A condition holds when any value at its path satisfies it (paths with `[]` may yield several). */
export function conditionHolds(condition: Condition, payload: unknown): boolean {
  return valuesAt(payload, condition.path).some(({ value }) =>
    'equals' in condition
      ? value === condition.equals
      : (typeof value === 'string' || typeof value === 'number') && condition.in.includes(value),
  );
}

export function allHold(conditions: readonly Condition[] | undefined, payload: unknown): boolean {
  return (conditions ?? []).every((c) => conditionHolds(c, payload));
}
