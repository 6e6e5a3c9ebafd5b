// Invariants of the declarations themselves, checked for every entry so a new entry is covered
// automatically: every path it declares exists in its payload schema, every referenced type
// exists, roles/categories/domains come from the vocabulary.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  AGENCY_ROLES,
  ALL_ROLES,
  AUDIENCES,
  CATEGORIES,
  catalog,
  DOMAINS,
  entriesByCategory,
  entriesByDomain,
  eventTypes,
  getEntry,
  latestSchemaVersion,
  rolesFor,
  schemasAt,
} from '../src/index.ts';
import type { CatalogEntry, Condition, EventMatcher } from '../src/index.ts';

const KNOWN_DEADLINE_RULES = new Set([
  'OGI-26',
  'XK-CF-7',
  'GUIDE-RT',
  'PROC-TIMELY',
  'BID-CAND',
  'BID-COMPLAINT',
  'LAND-POST',
  'LAND-SURVEY-LOCAL',
  'GP-RESULT',
  'GP-CONTRACT',
  'LANDSALE-RES',
  'PEN-WITHDRAW',
]);
const KNOWN_WINDOW_RULES = new Set([
  'BID-DOC',
  'BID-CAND',
  'LAND-PRE',
  'LAND-PLAN',
  'LAND-HEARING-LOCAL',
  'GP-INTENT',
  'GP-DOC',
  'GP-SOLE',
  'LANDSALE-ANN',
  'SOE-DISC',
  'SOE-RES',
  'PEN-CREDIT',
]);

function exists(entry: CatalogEntry, path: string): boolean {
  return schemasAt(entry.payload, path).length > 0;
}

function isOptional(entry: CatalogEntry, topLevelKey: string): boolean {
  const shape = (entry.payload as z.ZodObject).shape as Record<string, z.ZodType>;
  return shape[topLevelKey] instanceof z.ZodOptional;
}

function matcherTypes(m: EventMatcher): string[] {
  return typeof m.type === 'string' ? [m.type] : [...m.type];
}

const entries = catalog.map((e) => [e.type, e] as const);

describe('the catalog', () => {
  it('declares each type and version once, all at schema version 1 for now', () => {
    expect(new Set(catalog.map((e) => `${e.type}@${e.schemaVersion}`)).size).toBe(catalog.length);
    for (const e of catalog) expect(latestSchemaVersion(e.type)).toBe(1);
    expect(eventTypes.length).toBe(catalog.length);
    expect(getEntry('NoSuchType')).toBeUndefined();
    expect(getEntry('ProjectRegistered', 2)).toBeUndefined();
  });

  it('covers every domain and every category', () => {
    for (const d of Object.keys(DOMAINS) as (keyof typeof DOMAINS)[]) {
      expect(entriesByDomain(d).filter((e) => e.domain === d).length, d).toBeGreaterThan(0);
      expect(entriesByDomain(d).map((e) => e.type)).toContain('DisclosureCorrected');
    }
    for (const c of Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[]) {
      expect(entriesByCategory(c).length, c).toBeGreaterThan(0);
    }
  });

  it('has the roles of the brief', () => {
    expect(AGENCY_ROLES).toHaveLength(11);
    expect(ALL_ROLES).toEqual([...AGENCY_ROLES, 'auditor', 'admin']);
  });
});

describe.each(entries)('%s declarations', (_type, entry) => {
  it('use the vocabulary', () => {
    expect(entry.domain === 'same-as-target' || entry.domain in DOMAINS).toBe(true);
    expect(entry.category === 'same-as-target' || entry.category in CATEGORIES).toBe(true);
    expect(entry.audience === 'same-as-target' || entry.audience in AUDIENCES).toBe(true);
    expect(entry.title.zh && entry.title.en && entry.item.zh && entry.item.en).toBeTruthy();
    for (const role of [...entry.roles, ...(entry.rolesWhen ?? []).flatMap((c) => c.roles)]) {
      expect(AGENCY_ROLES as readonly string[]).toContain(role);
    }
    for (const fa of entry.fieldAudiences ?? []) expect(fa.audience in AUDIENCES).toBe(true);
  });

  it('have an object payload schema', () => {
    expect(entry.payload).toBeInstanceOf(z.ZodObject);
  });

  it('name a required formed-date field that is an ISO date', () => {
    expect(exists(entry, entry.formedDateField)).toBe(true);
    expect(isOptional(entry, entry.formedDateField.split('.')[0]!)).toBe(false);
    expect(schemasAt(entry.payload, entry.formedDateField)[0]!.safeParse('2023-02-30').success).toBe(false);
    expect(schemasAt(entry.payload, entry.formedDateField)[0]!.safeParse('2024-02-29').success).toBe(true);
  });

  it('name a required stream id field', () => {
    if ('idField' in entry.stream) {
      expect(exists(entry, entry.stream.idField)).toBe(true);
      expect(isOptional(entry, entry.stream.idField)).toBe(false);
    } else {
      expect(entry.amends).toBeDefined();
    }
  });

  it('only declare paths that exist in the payload', () => {
    const paths: string[] = [];
    for (const pd of entry.personalData ?? []) paths.push(pd.path, pd.subject, ...(pd.when ? [pd.when.path] : []));
    for (const fa of entry.fieldAudiences ?? []) paths.push(fa.path);
    for (const d of entry.deadlines ?? []) paths.push(d.from, ...(d.when ? [d.when.path] : []));
    for (const w of entry.windows ?? []) paths.push(w.startField, w.endField);
    for (const c of entry.rolesWhen ?? []) paths.push(c.when.path);
    if (entry.region !== 'same-as-target') paths.push('projectCodeField' in entry.region ? entry.region.projectCodeField : entry.region.regionField);
    paths.push(...(entry.projectCodeFields ?? []));
    if ('fields' in entry.recordKey) paths.push(...entry.recordKey.fields);
    else paths.push(entry.recordKey.amendsField);
    if (entry.amends) paths.push(entry.amends.targetField, entry.amends.targetTypeField, ...(entry.amends.changesField ? [entry.amends.changesField] : []));
    for (const rule of entry.lifecycle ?? []) {
      if (rule.kind === 'requires') {
        paths.push(...(rule.when ?? []).map((c: Condition) => c.path));
        for (const s of rule.needs.sameAs ?? []) paths.push(s.candidatePath);
        if (rule.needs.windowClosedBefore) paths.push(rule.needs.windowClosedBefore);
      }
      if (rule.kind === 'once') paths.push(...(rule.sameAs ?? []));
    }
    for (const path of paths) expect(exists(entry, path), path).toBe(true);
  });

  it('put a personal-data subject beside the data it keys', () => {
    for (const pd of entry.personalData ?? []) {
      const parent = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('.')));
      // households[].name is keyed by households[].householdId (same element), or by a top-level id
      expect([parent(pd.path), ''], pd.path).toContain(parent(pd.subject));
    }
  });

  it('refer only to event types that exist, with paths that exist there', () => {
    for (const rule of entry.lifecycle ?? []) {
      if (rule.kind !== 'requires') continue;
      for (const matcher of [rule.needs, ...(rule.whenStream ? [rule.whenStream] : [])]) {
        for (const type of matcherTypes(matcher)) {
          const other = getEntry(type);
          expect(other, type).toBeDefined();
          for (const c of matcher.where ?? []) expect(exists(other!, c.path), `${type}.${c.path}`).toBe(true);
          for (const s of matcher.sameAs ?? []) expect(exists(other!, s.path), `${type}.${s.path}`).toBe(true);
          if (matcher.windowClosedBefore) expect((other!.windows ?? []).some((w) => w.kind === 'minimum'), type).toBe(true);
          // a requirement must be satisfiable in the same stream
          if ('idField' in entry.stream && 'idField' in other!.stream) expect(other!.stream.kind).toBe(entry.stream.kind);
        }
      }
    }
  });

  it('use rule ids from regulation.md §8 (or documented local ones) and sound windows', () => {
    for (const d of entry.deadlines ?? []) {
      expect(KNOWN_DEADLINE_RULES.has(d.rule), d.rule).toBe(true);
      expect(d.duration >= 0 && Number.isInteger(d.duration)).toBe(true);
    }
    for (const w of entry.windows ?? []) {
      expect(KNOWN_WINDOW_RULES.has(w.rule), w.rule).toBe(true);
      expect(w.duration).toBeGreaterThan(0);
      for (const f of [w.startField, w.endField]) expect(isOptional(entry, f)).toBe(false);
    }
    // only the last deadline may be unconditional (the first match wins)
    const deadlines = entry.deadlines ?? [];
    deadlines.slice(0, -1).forEach((d) => expect(d.when).toBeDefined());
  });

  it('give lifecycle rules a stable id and a bilingual message', () => {
    for (const rule of entry.lifecycle ?? []) {
      expect(rule.id).toMatch(/^[A-Z][A-Z0-9-]+$/);
      expect(rule.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.message.en).toMatch(/[a-z]/);
    }
  });

  it('let at least one agency role post it', () => {
    expect(entry.roles.length).toBeGreaterThan(0);
    // the coarse list covers every payload-specific one
    for (const c of entry.rolesWhen ?? []) for (const r of c.roles) expect(entry.roles).toContain(r);
    if (entry.amends) expect(rolesFor(entry, { targetType: 'ProjectRegistered' })).toEqual(['development-reform']);
  });
});

describe('rule ids', () => {
  it('mean the same thing wherever they appear', () => {
    const seen = new Map<string, string>();
    for (const e of catalog) {
      for (const rule of e.lifecycle ?? []) {
        const text = JSON.stringify(rule);
        if (seen.has(rule.id)) expect(text, rule.id).toBe(seen.get(rule.id));
        else seen.set(rule.id, text);
      }
    }
  });
});

describe('rolesFor', () => {
  const approval = getEntry('ApprovalDecided')!;
  it.each([
    ['feasibility-study', 'development-reform'],
    ['engineering-planning-permit', 'natural-resources'],
    ['construction-permit', 'housing-construction'],
    ['environmental-impact', 'ecology-environment'],
    ['flood-impact', 'water'],
  ])('routes ApprovalDecided %s to %s', (kind, role) => {
    expect(rolesFor(approval, { kind })).toEqual([role]);
  });

  it('routes special acceptances, design changes and blacklist entries by payload', () => {
    expect(rolesFor(getEntry('SpecialAcceptanceRecorded')!, { kind: 'soil-water' })).toEqual(['water']);
    expect(rolesFor(getEntry('SpecialAcceptanceRecorded')!, { kind: 'fire' })).toEqual(['housing-construction']);
    expect(rolesFor(getEntry('DesignChangeApproved')!, { changedApproval: { kind: 'preliminary-design' } })).toEqual(['development-reform']);
    expect(rolesFor(getEntry('BlacklistEntryPublished')!, { area: 'procurement' })).toEqual(['finance']);
  });

  it('gives amendments the roles of their target type, and none for an unknown or amendment target', () => {
    const corrected = getEntry('DisclosureCorrected')!;
    expect(rolesFor(corrected, { targetType: 'PenaltyDecided' })).toContain('enforcement');
    expect(rolesFor(corrected, { targetType: 'ApprovalDecided' })).toEqual(getEntry('ApprovalDecided')!.roles);
    expect(rolesFor(corrected, { targetType: 'Nope' })).toEqual([]);
    expect(rolesFor(corrected, { targetType: 'DisclosureRetracted' })).toEqual([]);
  });
});
