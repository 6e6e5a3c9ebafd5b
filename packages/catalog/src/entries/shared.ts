// Pieces several entry files use: deadline rules of regulation.md §8 and common lifecycle rules.
import type { DeadlineSpec, LifecycleRule, WindowSpec, WindowUnit } from '../define.ts';
import type { Bilingual } from '../vocabulary.ts';

/** 条例第26条: 20 working days from the date the information was formed or changed. */
export function ogi26<P extends string>(from: P): DeadlineSpec<P> {
  return { rule: 'OGI-26', duration: 20, unit: 'workday', from };
}

/** 双公示: 行政许可 and 行政处罚 decisions within 7 working days of the decision. */
export function xkcf7<P extends string>(from: P): DeadlineSpec<P> {
  return { rule: 'XK-CF-7', duration: 7, unit: 'workday', from };
}

/** "及时公开" (办理过程信息): no fixed period; assessed against the 20-working-day outer bound of 条例第26条. */
export function timely<P extends string>(rule: string, from: P): DeadlineSpec<P> {
  return { rule, duration: 20, unit: 'timely', from };
}

export function window<P extends string>(
  kind: WindowSpec['kind'],
  rule: string,
  duration: number,
  unit: WindowUnit,
  startField: P,
  endField: P,
  title: Bilingual,
): WindowSpec<P> {
  return { kind, rule, duration, unit, startField, endField, title };
}

/** Every project-stream event other than ProjectRegistered needs the project registered first. */
export const NEEDS_REGISTRATION: LifecycleRule = {
  kind: 'requires',
  id: 'PROJECT-REGISTERED',
  message: { zh: '项目尚未赋码登记（需先发布 ProjectRegistered）', en: 'the project is not registered in this stream (ProjectRegistered first)' },
  needs: { type: 'ProjectRegistered' },
};

export function once(id: string, zh: string, en: string, sameAs?: readonly string[]): LifecycleRule {
  return { kind: 'once', id, message: { zh, en }, ...(sameAs ? { sameAs } : {}) };
}
