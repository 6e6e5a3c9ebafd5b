// Lifecycle rules: whether an event may follow the stream's history. The rules are declared as
// data on the entries (`lifecycle`); this file evaluates them.
//
// Requirements are checked against the *effective* history: retracted events are gone, corrected
// events carry their corrected payload, and amendment events themselves satisfy nothing.
import { allHold } from './conditions.ts';
import { getEntry } from './catalog.ts';
import type { CatalogEntry, EventMatcher, LifecycleRule } from './define.ts';
import { stringAt, valueAt, valuesAt } from './paths.ts';
import { validatePayload } from './validate.ts';
import { publicityClosesOn } from './windows.ts';

export interface LifecycleEvent {
  eventId: string;
  type: string;
  /** defaults to the type's latest schema version */
  schemaVersion?: number;
  payload: unknown;
  occurredAt: string;
  /** id of the posting agency */
  agency: string;
}

export interface LifecycleViolation {
  /** stable rule id, e.g. AWARD-NEEDS-CLOSED-CANDIDATES */
  rule: string;
  /** "中文 / English" */
  message: string;
  zh: string;
  en: string;
}

interface Effective {
  event: LifecycleEvent;
  entry: CatalogEntry;
  payload: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function amendmentTarget(entry: CatalogEntry, payload: unknown): string | undefined {
  return entry.amends ? stringAt(payload, entry.amends.targetField) : undefined;
}

/** The stream as it now reads: retractions applied, corrections merged, amendments themselves dropped. */
export function effectiveHistory(history: readonly LifecycleEvent[]): Effective[] {
  const retracted = new Set<string>();
  const corrections = new Map<string, Record<string, unknown>[]>();
  for (const event of history) {
    const entry = getEntry(event.type, event.schemaVersion);
    if (!entry?.amends) continue;
    const target = amendmentTarget(entry, event.payload);
    if (target === undefined) continue;
    const changesField = entry.amends.changesField;
    if (changesField === undefined) {
      retracted.add(target);
    } else {
      const changes = valueAt(event.payload, changesField);
      if (isObject(changes)) corrections.set(target, [...(corrections.get(target) ?? []), changes]);
    }
  }
  const effective: Effective[] = [];
  for (const event of history) {
    const entry = getEntry(event.type, event.schemaVersion);
    if (!entry || entry.amends || retracted.has(event.eventId)) continue;
    let payload = event.payload;
    for (const changes of corrections.get(event.eventId) ?? []) payload = { ...(payload as object), ...changes };
    effective.push({ event, entry, payload });
  }
  return effective;
}

/**
 * The event an amendment (更正 / 撤回) targets, found in the stream's history; undefined for other
 * types or when absent. Lets the ingest check the target's region: an amendment payload names its
 * target, not a region.
 */
export function amendedEvent(history: readonly LifecycleEvent[], type: string, payload: unknown): LifecycleEvent | undefined {
  const entry = getEntry(type);
  const targetId = entry ? amendmentTarget(entry, payload) : undefined;
  return targetId === undefined ? undefined : history.find((e) => e.eventId === targetId);
}

function violation(rule: LifecycleRule, detail?: string): LifecycleViolation {
  const zh = detail ? `${rule.message.zh}（${detail}）` : rule.message.zh;
  const en = detail ? `${rule.message.en} (${detail})` : rule.message.en;
  return { rule: rule.id, message: `${zh} / ${en}`, zh, en };
}

function matches(matcher: EventMatcher, candidatePayload: unknown, e: Effective): boolean {
  const types = typeof matcher.type === 'string' ? [matcher.type] : matcher.type;
  if (!types.includes(e.event.type)) return false;
  if (!allHold(matcher.where, e.payload)) return false;
  for (const { path, candidatePath } of matcher.sameAs ?? []) {
    const wanted = valueAt(candidatePayload, candidatePath);
    if (wanted === undefined || !valuesAt(e.payload, path).some((v) => v.value === wanted)) return false;
  }
  if (matcher.windowClosedBefore !== undefined) {
    const date = stringAt(candidatePayload, matcher.windowClosedBefore);
    const closes = publicityClosesOn(e.entry, e.payload);
    if (closes !== undefined && (date === undefined || date <= closes)) return false;
  }
  return true;
}

function checkAmendment(
  rule: Extract<LifecycleRule, { kind: 'amendment' }>,
  entry: CatalogEntry,
  history: readonly LifecycleEvent[],
  effective: readonly Effective[],
  candidate: LifecycleEvent,
): LifecycleViolation | null {
  const amends = entry.amends;
  if (!amends) return null;
  const targetId = stringAt(candidate.payload, amends.targetField);
  const target = history.find((e) => e.eventId === targetId);
  switch (rule.check) {
    case 'target-exists':
      return target ? null : violation(rule);
    case 'target-type': {
      if (!target) return violation(rule);
      const targetEntry = getEntry(target.type, target.schemaVersion);
      const named = stringAt(candidate.payload, amends.targetTypeField);
      return targetEntry && !targetEntry.amends && named === target.type ? null : violation(rule, `target is ${target.type}`);
    }
    case 'not-retracted':
      return effective.some((e) => e.event.eventId === targetId) ? null : violation(rule);
    case 'same-agency':
      return target && target.agency === candidate.agency ? null : violation(rule);
    case 'stream-key-unchanged': {
      const targetEntry = target ? getEntry(target.type, target.schemaVersion) : undefined;
      const changes = amends.changesField ? valueAt(candidate.payload, amends.changesField) : undefined;
      if (!targetEntry || !isObject(changes) || !('idField' in targetEntry.stream)) return null;
      // only the top-level key that names the stream (projectCode, tenderId …)
      const key = targetEntry.stream.idField.split('.')[0]!;
      return key in changes ? violation(rule, key) : null;
    }
    case 'changes-valid': {
      const current = effective.find((e) => e.event.eventId === targetId);
      const changes = amends.changesField ? valueAt(candidate.payload, amends.changesField) : undefined;
      if (!current || !isObject(changes)) return violation(rule);
      const merged = { ...(current.payload as object), ...changes };
      const result = validatePayload(current.event.type, current.entry.schemaVersion, merged);
      if (result.ok) return null;
      const first = result.issues[0]!;
      return violation(rule, `${first.path || '(payload)'}: ${first.message}`);
    }
  }
}

/**
 * Whether `candidate` may be appended after `history` (the stream so far, in order): null when
 * every lifecycle rule of its type holds, else the first rule that fails.
 */
export function checkLifecycle(history: readonly LifecycleEvent[], candidate: LifecycleEvent): LifecycleViolation | null {
  const entry = getEntry(candidate.type, candidate.schemaVersion);
  if (!entry) {
    const zh = `未知的事件类型 ${candidate.type}`;
    const en = `unknown event type ${candidate.type}`;
    return { rule: 'UNKNOWN-TYPE', message: `${zh} / ${en}`, zh, en };
  }
  const effective = effectiveHistory(history);
  for (const rule of entry.lifecycle ?? []) {
    switch (rule.kind) {
      case 'requires': {
        if (!allHold(rule.when, candidate.payload)) break;
        const whenStream = rule.whenStream;
        if (whenStream && !effective.some((e) => matches(whenStream, candidate.payload, e))) break;
        if (!effective.some((e) => matches(rule.needs, candidate.payload, e))) return violation(rule);
        break;
      }
      case 'once': {
        const same = effective.some(
          (e) =>
            e.event.type === candidate.type &&
            (rule.sameAs ?? []).every((path) => valueAt(e.payload, path) === valueAt(candidate.payload, path)),
        );
        if (same) return violation(rule);
        break;
      }
      case 'amendment': {
        const failed = checkAmendment(rule, entry, history, effective, candidate);
        if (failed) return failed;
        break;
      }
    }
  }
  return null;
}
