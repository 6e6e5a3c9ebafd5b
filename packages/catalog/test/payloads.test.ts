// Table-driven over the whole catalog: one valid payload per entry (from the worked examples)
// and invalid variants generated from it, so a new entry is covered without writing a test.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { catalog, checkStreamId, getEntry, makeCreditCode, occurredAtOf, validatePayload } from '../src/index.ts';
import type { CatalogEntry, Issue } from '../src/index.ts';
import { exampleEvents, examplePayload } from './fixtures.ts';

function topLevelKeys(entry: CatalogEntry): { required: string[]; optional: string[] } {
  const shape = (entry.payload as z.ZodObject).shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  return {
    required: keys.filter((k) => !(shape[k] instanceof z.ZodOptional)),
    optional: keys.filter((k) => shape[k] instanceof z.ZodOptional),
  };
}

/** A value of a different JSON type than `value`. */
function wrongTypeFor(value: unknown): unknown {
  if (value === undefined) return [{ wrong: true }]; // an optional field the example leaves out
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  return 'not an object';
}

function issuesOf(type: string, payload: unknown): Issue[] {
  const result = validatePayload(type, 1, payload);
  return result.ok ? [] : result.issues;
}

/** Every (path, key) in a JSON value where an object has `key`. */
function keyLocations(value: unknown, key: string, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyLocations(v, key, [...at, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [[...at, k]] : []), ...keyLocations(v, key, [...at, k])]);
}

function setAt(root: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let node: any = root;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path[path.length - 1]!] = value;
}

function pathString(path: Array<string | number>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

const examples = exampleEvents();
const table = catalog.map((entry) => [entry.type, entry] as const);

describe.each(table)('%s payloads', (type, entry) => {
  const example = examples.find((e) => e.type === type)!;
  const valid = () => examplePayload(type);
  const { required, optional } = topLevelKeys(entry);

  it('has a worked example that validates and names its stream', () => {
    expect(example, `no worked example of ${type}`).toBeDefined();
    const result = validatePayload(type, 1, valid());
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(checkStreamId(type, example.streamId, valid())).toBeNull();
    expect(occurredAtOf(type, valid())).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(required)('reports a missing required field: %s', (key) => {
    const issues = issuesOf(type, examplePayload(type, { [key]: undefined }));
    expect(issues).toContainEqual({ path: key, message: '缺少必填字段 / required field is missing' });
  });

  it.each([...required, ...optional])('reports a wrong type: %s', (key) => {
    const issues = issuesOf(type, examplePayload(type, { [key]: wrongTypeFor(valid()[key]) }));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.path === key || i.path.startsWith(`${key}.`) || i.path.startsWith(`${key}[`)), JSON.stringify(issues)).toBe(true);
  });

  it('rejects unknown keys, at the top level and nested', () => {
    expect(issuesOf(type, { ...valid(), unexpectedField: 1 })).toEqual([
      { path: 'unexpectedField', message: '未知字段（不允许额外字段）/ unknown field (no extra fields allowed)' },
    ]);
    const nested = Object.entries(valid()).find(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v));
    if (nested && type !== 'DisclosureCorrected') {
      const payload = valid();
      (payload[nested[0]] as Record<string, unknown>).unexpectedField = 1;
      expect(issuesOf(type, payload).map((i) => i.path)).toContain(`${nested[0]}.unexpectedField`);
    }
  });

  it('rejects a date that does not exist', () => {
    const key = entry.formedDateField;
    expect(issuesOf(type, examplePayload(type, { [key]: '2023-02-29' })).map((i) => i.path)).toContain(key);
    expect(issuesOf(type, examplePayload(type, { [key]: '2023/03/01' })).map((i) => i.path)).toContain(key);
  });

  it('rejects bad identifiers wherever they appear', () => {
    for (const [key, bad] of [
      ['projectCode', '2019-990500-48-01-512345'],
      ['creditCode', null],
      ['region', '990000'],
    ] as const) {
      for (const location of keyLocations(valid(), key)) {
        const payload = valid();
        const current = location.reduce<any>((node, k) => node[k], payload) as string;
        // a credit code with its check character changed
        const replacement = bad ?? makeCreditCode(current.slice(0, 17)).slice(0, 17) + (current[17] === '0' ? '1' : '0');
        setAt(payload, location, replacement);
        expect(issuesOf(type, payload).map((i) => i.path), `${key} at ${pathString(location)}`).toContain(pathString(location));
      }
    }
  });

  it('rejects a payload in the wrong stream', () => {
    if (!('idField' in entry.stream)) {
      expect(checkStreamId(type, 'Not A Stream', valid())).not.toBeNull();
      expect(checkStreamId(type, 'project-2019-320500-48-01-512345', valid())).toBeNull();
      return;
    }
    const wrong = `${entry.stream.kind}-SOMETHING-ELSE`;
    expect(checkStreamId(type, wrong, valid())?.path).toBe('streamId');
    expect(checkStreamId(type, 'tender-x', examplePayload(type, { [entry.stream.idField]: undefined }))?.path).toBe(entry.stream.idField);
  });
});

describe('validatePayload never throws', () => {
  it.each([
    ['unknown type', 'NoSuchEvent', 1, {}, 'type'],
    ['wrong schema version', 'ProjectRegistered', 2, {}, 'schemaVersion'],
    ['non-integer schema version', 'ProjectRegistered', 1.5, {}, 'schemaVersion'],
    ['null payload', 'ProjectRegistered', 1, null, ''],
    ['array payload', 'ProjectRegistered', 1, [], ''],
    ['string payload', 'ProjectRegistered', 1, 'payload', ''],
    ['class instance payload', 'ProjectRegistered', 1, new Date(), ''],
  ])('%s', (_why, type, version, payload, path) => {
    const result = validatePayload(type as string, version as number, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.path).toBe(path);
  });

  it('does not echo personal data in messages', () => {
    const payload = examplePayload('CompensationRegistered');
    const households = payload.households as Array<Record<string, unknown>>;
    households[0]!.idNumber = '32050619650312999X';
    households[0]!.phone = '1391234567';
    const result = validatePayload('CompensationRegistered', 1, payload);
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain('32050619650312999X');
    expect(text).not.toContain('1391234567');
  });

  it('keeps cross-field rules: a rejection needs a reason, a fine an amount', () => {
    const rejected = validatePayload('ApprovalDecided', 1, examplePayload('ApprovalDecided', { result: 'rejected' }));
    expect(rejected.ok ? [] : rejected.issues.map((i) => i.path)).toEqual(['rejectionReason']);
    const fine = validatePayload('PenaltyDecided', 1, examplePayload('PenaltyDecided', { fineAmount: undefined }));
    expect(fine.ok ? [] : fine.issues.map((i) => i.path)).toEqual(['fineAmount']);
    const ranks = examplePayload('CandidatesPublicized');
    (ranks.candidates as Array<{ rank: number }>)[2]!.rank = 5;
    const r = validatePayload('CandidatesPublicized', 1, ranks);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['candidates']);
  });

  it('checks amounts: yuan with at most two decimals, not negative', () => {
    expect(validatePayload('ProjectRegistered', 1, examplePayload('ProjectRegistered', { totalInvestment: 12.345 })).ok).toBe(false);
    expect(validatePayload('ProjectRegistered', 1, examplePayload('ProjectRegistered', { totalInvestment: -1 })).ok).toBe(false);
    expect(validatePayload('ProjectRegistered', 1, examplePayload('ProjectRegistered', { totalInvestment: 0.29 })).ok).toBe(true);
  });

  it('requires date-times with an offset', () => {
    const ok = validatePayload('TenderNoticePublished', 1, examplePayload('TenderNoticePublished'));
    expect(ok.ok).toBe(true);
    const bad = validatePayload('TenderNoticePublished', 1, examplePayload('TenderNoticePublished', { submissionDeadline: '2019-12-23 09:30' }));
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['submissionDeadline']);
  });
});

describe('publicity windows', () => {
  const windowIssue = (type: string, overrides: Record<string, unknown>) => {
    const r = validatePayload(type, 1, examplePayload(type, overrides));
    return r.ok ? [] : r.issues;
  };

  it('中标候选人公示 lasts at least 3 days, counting both ends', () => {
    expect(windowIssue('CandidatesPublicized', { publicityStart: '2019-12-26', publicityEnd: '2019-12-28' })).toEqual([]);
    const issues = windowIssue('CandidatesPublicized', { publicityStart: '2019-12-26', publicityEnd: '2019-12-27' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('publicityEnd');
    expect(issues[0]!.message).toContain('BID-CAND');
  });

  it('征收土地预公告 lasts at least 10 working days across the National Day holiday', () => {
    // 2026-09-28 (Mon): 28, 29, 30 Sep; 8, 9, 10 (调休 Saturday), 12, 13, 14, 15 Oct
    expect(windowIssue('PreAnnouncementPublished', { publicityStart: '2026-09-28', publicityEnd: '2026-10-15' })).toEqual([]);
    expect(windowIssue('PreAnnouncementPublished', { publicityStart: '2026-09-28', publicityEnd: '2026-10-14' })).toHaveLength(1);
  });

  it('an end before the start is reported', () => {
    expect(windowIssue('CompensationPlanAnnounced', { publicityStart: '2019-06-10', publicityEnd: '2019-06-01' })[0]!.path).toBe('publicityEnd');
  });

  it('lead times: 出让公告 ≥ 20 日 before bidding, 听证通知 ≥ 7 working days before the hearing', () => {
    expect(windowIssue('LandGrantNoticePublished', { noticeDate: '2024-06-03', biddingStart: '2024-06-23' })).toEqual([]);
    expect(windowIssue('LandGrantNoticePublished', { noticeDate: '2024-06-03', biddingStart: '2024-06-22' })[0]!.path).toBe('biddingStart');
    expect(windowIssue('HearingNoticed', { noticeDate: '2019-07-12', hearingDate: '2019-07-23' })).toEqual([]);
    expect(windowIssue('HearingNoticed', { noticeDate: '2019-07-12', hearingDate: '2019-07-22' })).toHaveLength(1);
  });

  it('penalty publicity may last at most 3 years', () => {
    expect(windowIssue('PenaltyDecided', { decisionDate: '2021-08-12', publicityEnd: '2024-08-12' })).toEqual([]);
    expect(windowIssue('PenaltyDecided', { decisionDate: '2021-08-12', publicityEnd: '2024-08-13' })[0]!.path).toBe('publicityEnd');
  });

  it('单一来源 publicity ≥ 5 working days; 产权 disclosure ≥ 20 working days', () => {
    expect(windowIssue('ProcurementSingleSourcePublicized', { publicityStart: '2024-05-06', publicityEnd: '2024-05-09' })).toHaveLength(1);
    expect(windowIssue('StatePropertyTransferDisclosed', { publicityStart: '2023-08-07', publicityEnd: '2023-08-31' })).toHaveLength(1);
  });

  it('every declared window is checked by validatePayload', () => {
    for (const entry of catalog) {
      for (const w of entry.windows ?? []) {
        const payload = examplePayload(entry.type);
        // collapse the period: the end (or the announced event) on the start day
        payload[w.endField] = payload[w.startField];
        const result = validatePayload(entry.type, 1, payload);
        expect(result.ok, `${entry.type} ${w.rule}`).toBe(w.kind === 'maximum');
      }
    }
  });
});

describe('getEntry', () => {
  it('finds the entry a type names', () => {
    expect(getEntry('AwardPublicized')?.category).toBe('tendering');
  });
});
