// Payload validation for the ingest path. Never throws on bad input: an unknown type, a wrong
// schema version, a non-object payload and every schema or window violation come back as issues.
// Messages are bilingual ("中文 / English") and never echo payload values (they may be personal).
import type { z } from 'zod';
import { getEntry } from './catalog.ts';
import { STREAM_ID_RE } from './define.ts';
import { stringAt } from './paths.ts';
import type { Issue } from './windows.ts';
import { windowIssues } from './windows.ts';

export type { Issue } from './windows.ts';

export type ValidationResult = { ok: true; payload: Record<string, unknown> } | { ok: false; issues: Issue[] };

/** `['households', 0, 'name']` → `households[0].name`; the payload root is ''. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  int: '整数',
};

// Our own messages are already bilingual ("… / …"); zod's defaults get a Chinese lead-in.
function bilingual(zh: string, message: string): string {
  return message.includes(' / ') ? message : `${zh} / ${message}`;
}

function toIssues(error: z.ZodError): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    // a missing key reaches us as whatever the field's first check says (enum, custom message …)
    if (issue.code !== 'custom' && issue.code !== 'unrecognized_keys' && 'input' in issue && issue.input === undefined) {
      issues.push({ path, message: '缺少必填字段 / required field is missing' });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          issues.push({ path: formatPath([...issue.path, key]), message: '未知字段（不允许额外字段）/ unknown field (no extra fields allowed)' });
        }
        break;
      case 'invalid_type':
        issues.push({
          path,
          message: bilingual(`类型错误，应为${TYPE_NAMES[issue.expected] ?? issue.expected}`, `expected ${issue.expected}`),
        });
        break;
      case 'too_small':
        issues.push({ path, message: bilingual(`过小或过短（最小 ${String(issue.minimum)}）`, issue.message) });
        break;
      case 'too_big':
        issues.push({ path, message: bilingual(`过大或过长（最大 ${String(issue.maximum)}）`, issue.message) });
        break;
      case 'invalid_value':
        issues.push({ path, message: bilingual('取值无效', issue.message) });
        break;
      case 'invalid_union':
        issues.push({ path, message: bilingual('不符合任何一种允许的结构', issue.message) });
        break;
      case 'invalid_format':
        issues.push({ path, message: bilingual('格式无效', issue.message) });
        break;
      default:
        issues.push({ path, message: bilingual('无效', issue.message) });
    }
  }
  return issues;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Validates a payload against its catalog entry: the zod schema (strict: unknown keys rejected)
 * and the entry's publicity windows (中标候选人公示 ≥ 3 日 …).
 */
export function validatePayload(type: string, schemaVersion: number, payload: unknown): ValidationResult {
  if (typeof type !== 'string' || getEntry(type) === undefined) {
    return { ok: false, issues: [{ path: 'type', message: `未知的事件类型 / unknown event type: ${String(type).slice(0, 100)}` }] };
  }
  const entry = Number.isInteger(schemaVersion) ? getEntry(type, schemaVersion) : undefined;
  if (!entry) {
    const latest = getEntry(type)!.schemaVersion;
    return {
      ok: false,
      issues: [{ path: 'schemaVersion', message: `${type} 没有该版本（最新为 ${latest}）/ ${type} has no schema version ${String(schemaVersion).slice(0, 20)} (latest is ${latest})` }],
    };
  }
  if (!isPlainObject(payload)) {
    return { ok: false, issues: [{ path: '', message: '载荷应为 JSON 对象 / payload must be a JSON object' }] };
  }
  let parsed: ReturnType<typeof entry.payload.safeParse>;
  try {
    parsed = entry.payload.safeParse(payload, { reportInput: true });
  } catch {
    // only reachable with values JSON cannot carry (getters that throw, exotic objects)
    return { ok: false, issues: [{ path: '', message: '载荷无法解析 / payload could not be read' }] };
  }
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const windows = windowIssues(entry, parsed.data);
  if (windows.length > 0) return { ok: false, issues: windows };
  return { ok: true, payload: parsed.data as Record<string, unknown> };
}

/**
 * Whether `streamId` is where an event of `type` with this payload belongs: `project-{projectCode}`,
 * `tender-{tenderId}`, `allocation-procurement-{procurementId}` … Amendments may go in any
 * well-formed stream (the lifecycle rules then require their target to be in it).
 */
export function checkStreamId(type: string, streamId: string, payload: unknown): Issue | null {
  if (typeof streamId !== 'string' || !STREAM_ID_RE.test(streamId)) {
    return { path: 'streamId', message: '流ID格式应为 {类型}-{编号}，如 project-2019-320500-48-01-512345 / stream id must look like {kind}-{id}' };
  }
  const entry = typeof type === 'string' ? getEntry(type) : undefined;
  if (!entry) return { path: 'type', message: `未知的事件类型 / unknown event type: ${String(type).slice(0, 100)}` };
  if (!('idField' in entry.stream)) return null;
  const expected = entry.streamIdFor(payload);
  if (expected === null) {
    return { path: entry.stream.idField, message: `缺少决定流ID的字段 ${entry.stream.idField} / the field naming the stream (${entry.stream.idField}) is missing` };
  }
  if (expected !== streamId) {
    return {
      path: 'streamId',
      message: `${type} 应发布在流 ${expected} / ${type} with this payload belongs in stream ${expected}, not ${streamId}`,
    };
  }
  return null;
}

/** The date the information was formed or changed (the envelope's occurredAt), or undefined. */
export function occurredAtOf(type: string, payload: unknown): string | undefined {
  const entry = getEntry(type);
  return entry ? stringAt(payload, entry.formedDateField) : undefined;
}
