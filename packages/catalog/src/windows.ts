// Publicity windows (公示期, 公告期) declared by the entries: checking a payload's period against
// its minimum / maximum / lead time, and when a minimum period has run out.
import { addDays, addWorkingDays, workingDaysBetween } from '@gongkai/calendar';
import type { CatalogEntry, WindowSpec } from './define.ts';
import { stringAt } from './paths.ts';

export interface Issue {
  path: string;
  message: string;
}

function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February in a non-leap target year becomes 28 February
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}-${md}`;
}

/** Length of [start, end] counted inclusively, in the window's unit. */
function inclusiveLength(spec: WindowSpec, start: string, end: string): number {
  if (spec.unit === 'workday') return workingDaysBetween(addDays(start, -1), end);
  return calendarDaysBetween(start, end) + 1;
}

function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last day of the shortest lawful period starting on `start`. */
function minimumEnd(spec: WindowSpec, start: string): string {
  switch (spec.unit) {
    case 'day':
      return addDays(start, spec.duration - 1);
    case 'workday':
      return addWorkingDays(addDays(start, -1), spec.duration).date;
    case 'year':
      return addDays(addYears(start, spec.duration), -1);
  }
}

function unitLabel(spec: WindowSpec): { zh: string; en: string } {
  switch (spec.unit) {
    case 'day':
      return { zh: '日', en: 'days' };
    case 'workday':
      return { zh: '个工作日', en: 'working days' };
    case 'year':
      return { zh: '年', en: 'years' };
  }
}

/** Problems with the periods a payload declares; [] when they satisfy every window of the entry. */
export function windowIssues(entry: CatalogEntry, payload: unknown): Issue[] {
  const issues: Issue[] = [];
  for (const spec of entry.windows ?? []) {
    const start = stringAt(payload, spec.startField);
    const end = stringAt(payload, spec.endField);
    if (start === undefined || end === undefined) continue;
    const unit = unitLabel(spec);
    const fail = (zh: string, en: string) =>
      issues.push({ path: spec.endField, message: `${spec.title.zh}（${spec.rule}）：${zh} / ${spec.title.en} (${spec.rule}): ${en}` });
    if (spec.kind === 'lead') {
      const earliest = spec.unit === 'workday' ? addWorkingDays(start, spec.duration).date : spec.unit === 'day' ? addDays(start, spec.duration) : addYears(start, spec.duration);
      if (end < earliest) {
        fail(`${spec.endField} 最早应为 ${earliest}`, `${spec.endField} must be ${earliest} or later`);
      }
      continue;
    }
    if (end < start) {
      fail(`结束日期早于开始日期`, `${spec.endField} precedes ${spec.startField}`);
      continue;
    }
    if (spec.kind === 'minimum') {
      const lastDay = minimumEnd(spec, start);
      if (end < lastDay) {
        const length = inclusiveLength(spec, start, end);
        fail(
          `期限为 ${length}${unit.zh}，不得少于 ${spec.duration}${unit.zh}（最早截止 ${lastDay}）`,
          `the period lasts ${length} ${unit.en}, at least ${spec.duration} required (ending ${lastDay} or later)`,
        );
      }
    } else {
      const latest = spec.unit === 'year' ? addYears(start, spec.duration) : minimumEnd(spec, start);
      if (end > latest) {
        fail(`不得超过 ${spec.duration}${unit.zh}（最晚截止 ${latest}）`, `may last at most ${spec.duration} ${unit.en} (ending ${latest} at the latest)`);
      }
    }
  }
  return issues;
}

/**
 * The last day of the entry's minimum publicity period(s) for this payload: the later of the
 * declared end and the statutory minimum. Anything that must wait for the publicity (an award
 * after 中标候选人公示) may happen from the next day on. Undefined when the entry has none.
 */
export function publicityClosesOn(entry: CatalogEntry, payload: unknown): string | undefined {
  let closes: string | undefined;
  for (const spec of entry.windows ?? []) {
    if (spec.kind !== 'minimum') continue;
    const start = stringAt(payload, spec.startField);
    const end = stringAt(payload, spec.endField);
    if (start === undefined) continue;
    const lastDay = minimumEnd(spec, start);
    const candidate = end !== undefined && end > lastDay ? end : lastDay;
    if (closes === undefined || candidate > closes) closes = candidate;
  }
  return closes;
}

/**
 * For a maximum window (penalty 公示期限): the last day the item may stay in the public view.
 * Undefined when the entry has none; the ledger keeps the event regardless.
 */
export function publicViewEndsOn(entry: CatalogEntry, payload: unknown): string | undefined {
  const spec = (entry.windows ?? []).find((w) => w.kind === 'maximum');
  return spec ? stringAt(payload, spec.endField) : undefined;
}
