// OCDS merging against the ocdsmerge reference fixtures (shared/reference/standards/ocds-merge-fixtures,
// see its README): 84 merge checks (1.1 twice: rules from the OCDS 1.1.5 and 1.1.4 release schemas;
// 1.0 with 1.0.3 rules; schema/ with the local schema.json), the incremental merge test, the rule
// overrides and duplicate-id warnings, and the error cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompiledRelease,
  MergeError,
  VersionedRelease,
  compileReleases,
  mergeRulesOf,
  versionReleases,
  type JsonMap,
  type MergeRule,
} from '@gongkai/open-data';

const STANDARDS = process.env['GONGKAI_STANDARDS'] ?? join(import.meta.dirname, '../../../shared/reference/standards');
const FIX = join(STANDARDS, 'ocds-merge-fixtures');
const load = (p: string): any => JSON.parse(readFileSync(p, 'utf8'));

const rules115 = mergeRulesOf(load(join(STANDARDS, 'ocds-1.1.5/release-schema.json')));
const rules114 = mergeRulesOf(load(join(FIX, 'release-schema-1__1__4.json')));
const rules103 = mergeRulesOf(load(join(FIX, 'release-schema-1__0__3.json')));
const rulesLocal = mergeRulesOf(load(join(FIX, 'schema.json')));

const sorted = (m: Map<string, MergeRule>, rule: MergeRule) => [...m].filter(([, r]) => r === rule).map(([p]) => p).sort();

describe('merge rules from schemas', () => {
  it('OCDS 1.1.4 and 1.1.5 give the 24 rules of the reference', () => {
    for (const rules of [rules114, rules115]) {
      expect(sorted(rules, 'omitWhenMerged')).toEqual(['date', 'id', 'tag']);
      expect(sorted(rules, 'wholeListMerge')).toEqual(
        [
          'awards.items.additionalClassifications',
          'contracts.items.additionalClassifications',
          'contracts.relatedProcesses.relationship',
          'parties.additionalIdentifiers',
          'parties.roles',
          'relatedProcesses.relationship',
          'tender.additionalProcurementCategories',
          'tender.items.additionalClassifications',
          'tender.submissionMethod',
          'awards.amendment.changes',
          'awards.amendments.changes',
          'awards.suppliers.additionalIdentifiers',
          'buyer.additionalIdentifiers',
          'contracts.amendment.changes',
          'contracts.amendments.changes',
          'contracts.implementation.transactions.payee.additionalIdentifiers',
          'contracts.implementation.transactions.payer.additionalIdentifiers',
          'tender.amendment.changes',
          'tender.amendments.changes',
          'tender.procuringEntity.additionalIdentifiers',
          'tender.tenderers.additionalIdentifiers',
        ].sort(),
      );
    }
  });
  it('OCDS 1.0.3 gives the 15 rules of the reference', () => {
    expect(sorted(rules103, 'omitWhenMerged')).toEqual(['date', 'id', 'ocid', 'tag']);
    expect(sorted(rules103, 'wholeListMerge')).toEqual(
      [
        'awards.amendment.changes',
        'awards.items.additionalClassifications',
        'awards.suppliers',
        'buyer.additionalIdentifiers',
        'contracts.amendment.changes',
        'contracts.items.additionalClassifications',
        'tender.amendment.changes',
        'tender.items.additionalClassifications',
        'tender.procuringEntity.additionalIdentifiers',
        'tender.submissionMethod',
        'tender.tenderers',
      ].sort(),
    );
  });
  it('the local schema.json gives its 10 rules', () => {
    expect(sorted(rulesLocal, 'omitWhenMerged')).toEqual(['date', 'id', 'identifierMerge.omitWhenMerged', 'omitWhenMerged', 'wholeListMergeObject.c'].sort());
    expect(sorted(rulesLocal, 'wholeListMerge')).toEqual(['arrayWithoutObjectId', 'identifierMerge.subarray.subsubarray', 'mixedArray', 'wholeListMergeOmitWhenMerged', 'wholeListMergeVersionId'].sort());
  });
});

const cases: Array<{ dir: string; label: string; rules: Map<string, MergeRule> }> = [
  { dir: '1.1', label: '1.1 with OCDS 1.1.5 rules', rules: rules115 },
  { dir: '1.1', label: '1.1 with OCDS 1.1.4 rules', rules: rules114 },
  { dir: '1.0', label: '1.0 with OCDS 1.0.3 rules', rules: rules103 },
  { dir: 'schema', label: 'schema/ with schema.json rules', rules: rulesLocal },
];

let checks = 0;
for (const c of cases) {
  describe(`merge fixtures: ${c.label}`, () => {
    const files = readdirSync(join(FIX, c.dir)).filter((f) => /-(compiled|versioned)\.json$/.test(f)).sort();
    for (const f of files) {
      checks++;
      it(f, () => {
        const input = load(join(FIX, c.dir, f.replace(/-(compiled|versioned)\.json$/, '.json')));
        const before = JSON.stringify(input);
        const expected = load(join(FIX, c.dir, f));
        const merger = f.endsWith('-compiled.json') ? new CompiledRelease({ rules: c.rules }) : new VersionedRelease({ rules: c.rules });
        const actual = merger.extend(input).asJson();
        expect(actual).toEqual(expected);
        expect(JSON.stringify(input)).toBe(before);
        if (f === 'identifier-merge-duplicate-id-compiled.json') expect(merger.warnings.length).toBe(2);
        else expect(merger.warnings).toEqual([]);
      });
    }
  });
}

describe('the reference checks', () => {
  it('number 84', () => {
    expect(checks).toBe(84);
  });
});

describe('incremental merge (1.1/lists.json)', () => {
  const releases: JsonMap[] = load(join(FIX, '1.1/lists.json'));
  for (const mode of ['extend', 'append'] as const) {
    it(`compiled, ${mode}`, () => {
      const first = compileReleases(releases.slice(0, 1), { rules: rules114 });
      const stored = JSON.parse(JSON.stringify(first));
      const m = new CompiledRelease({ rules: rules114 }, stored);
      if (mode === 'extend') m.extend(releases.slice(1));
      else for (const r of releases.slice(1)) m.append(r);
      expect(m.asJson()).toEqual(load(join(FIX, '1.1/lists-compiled.json')));
    });
    it(`versioned, ${mode}`, () => {
      const first = versionReleases(releases.slice(0, 1), { rules: rules114 });
      const stored = JSON.parse(JSON.stringify(first));
      const m = new VersionedRelease({ rules: rules114 }, stored);
      if (mode === 'extend') m.extend(releases.slice(1));
      else for (const r of releases.slice(1)) m.append(r);
      expect(m.asJson()).toEqual(load(join(FIX, '1.1/lists-versioned.json')));
    });
  }
});

describe('rule overrides and duplicate-id warnings', () => {
  const dup: JsonMap[] = load(join(FIX, 'schema/identifier-merge-duplicate-id.json'));
  it('warns twice, in order, compiling the single release', () => {
    const m = new CompiledRelease({ rules: rules115 }).extend(dup);
    expect(m.warnings.map((w) => w.message)).toEqual([
      "Multiple objects have the `id` value '1' in the `nested.identifierMerge` array",
      "Multiple objects have the `id` value '1' in the `nested.array` array",
    ]);
  });
  it('mergeByPosition', () => {
    const m = new CompiledRelease({ rules: rules115, overrides: new Map([['nested.array', 'mergeByPosition']]) }).extend([...dup, ...dup]);
    expect(m.asJson()).toEqual(load(join(FIX, 'schema/identifier-merge-duplicate-id-by-position.json')));
    expect(m.warnings.length).toBe(4);
  });
  it('append', () => {
    const m = new CompiledRelease({ rules: rules115, overrides: new Map([['nested.array', 'append']]) }).extend([...dup, ...dup]);
    expect(m.asJson()).toEqual(load(join(FIX, 'schema/identifier-merge-duplicate-id-append.json')));
    expect(m.warnings.length).toBe(4);
  });
  it('append without ids, and the same without the override', () => {
    const noId: JsonMap[] = load(join(FIX, 'schema/identifier-merge-no-id.json'));
    const expected = load(join(FIX, 'schema/identifier-merge-no-id-append.json'));
    const a = new CompiledRelease({ rules: rules115, overrides: new Map([['nested.array', 'append']]) }).extend([...noId, ...noId]);
    expect(a.asJson()).toEqual(expected);
    expect(a.warnings).toEqual([]);
    expect(compileReleases([...noId, ...noId], { rules: rules115 })).toEqual(expected);
  });
});

describe('errors and edge cases', () => {
  it('rejects a missing, null or non-string date and a non-object release', () => {
    expect(() => compileReleases([{ ocid: 'x', id: '1' }])).toThrow(MergeError);
    expect(() => compileReleases([{ ocid: 'x', id: '1', date: null }])).toThrow(/null date/);
    expect(() => compileReleases([{ ocid: 'x', id: '1', date: 5 }])).toThrow(/string/);
    expect(() => compileReleases(['x' as unknown as JsonMap])).toThrow(/object/);
  });
  it('rejects an object in one release and a scalar in another', () => {
    const r = [
      { ocid: 'x', id: '1', date: '2020-01-01T00:00:00Z', tender: 'a' },
      { ocid: 'x', id: '2', date: '2020-01-02T00:00:00Z', tender: { id: 'b' } },
    ];
    expect(() => compileReleases(r, { rules: rules115 })).toThrow(/inconsistent/);
  });
  it('keeps the ids 1 and "1" apart', () => {
    const r = [
      { ocid: 'x', id: '1', date: '2020-01-01T00:00:00Z', awards: [{ id: 1, title: 'a' }] },
      { ocid: 'x', id: '2', date: '2020-01-02T00:00:00Z', awards: [{ id: '1', title: 'b' }] },
    ];
    expect((compileReleases(r, { rules: rules115 })['awards'] as unknown[]).length).toBe(2);
  });
  it('replaces a mixed array wholesale under schema.json', () => {
    const r = [
      { id: '1', date: '2020-01-01T00:00:00Z', mixedArray: [{ id: 1 }, 'a'] },
      { id: '2', date: '2020-01-02T00:00:00Z', mixedArray: [{ id: 2 }] },
    ];
    expect(compileReleases(r, { rules: rulesLocal })['mixedArray']).toEqual([{ id: 2 }]);
  });
});
