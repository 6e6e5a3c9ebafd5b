// The catalog: every entry, once, and the look-ups derived from it.
import { conditionHolds } from './conditions.ts';
import type { CatalogEntry, PersonalDataField } from './define.ts';
import { allocationEntries } from './entries/allocation.ts';
import { amendmentEntries } from './entries/amendments.ts';
import { approvalEntries } from './entries/approvals.ts';
import { completionEntries } from './entries/completion.ts';
import { constructionEntries } from './entries/construction.ts';
import { documentEntries } from './entries/documents.ts';
import { landEntries } from './entries/land.ts';
import { penaltyEntries } from './entries/penalties.ts';
import { projectEntries } from './entries/projects.ts';
import { requestEntries } from './entries/requests.ts';
import { tenderingEntries } from './entries/tendering.ts';
import { stringAt } from './paths.ts';
import type { AgencyRole, Audience, CategorySlug, Domain } from './vocabulary.ts';

/** Every entry (every schema version of every type), grouped by domain file. */
export const catalog: readonly CatalogEntry[] = Object.freeze([
  ...projectEntries,
  ...approvalEntries,
  ...tenderingEntries,
  ...landEntries,
  ...constructionEntries,
  ...completionEntries,
  ...penaltyEntries,
  ...allocationEntries,
  ...documentEntries,
  ...requestEntries,
  ...amendmentEntries,
] as CatalogEntry[]);

const byType = new Map<string, CatalogEntry[]>();
for (const entry of catalog) {
  const versions = byType.get(entry.type) ?? [];
  if (versions.some((e) => e.schemaVersion === entry.schemaVersion)) {
    throw new Error(`catalog: ${entry.type} v${entry.schemaVersion} is declared twice`);
  }
  versions.push(entry);
  versions.sort((a, b) => a.schemaVersion - b.schemaVersion);
  byType.set(entry.type, versions);
}

/** Every event type name, in catalog order. */
export const eventTypes: readonly string[] = Object.freeze([...byType.keys()]);

/** The entry of `type` at `schemaVersion` (default: the latest), or undefined. */
export function getEntry(type: string, schemaVersion?: number): CatalogEntry | undefined {
  const versions = byType.get(type);
  if (!versions) return undefined;
  return schemaVersion === undefined ? versions[versions.length - 1] : versions.find((e) => e.schemaVersion === schemaVersion);
}

export function latestSchemaVersion(type: string): number | undefined {
  return getEntry(type)?.schemaVersion;
}

function latestEntries(): CatalogEntry[] {
  return [...byType.values()].map((versions) => versions[versions.length - 1]!);
}

/**
 * The latest entries a write service for `domain` accepts: its own, plus the amendments
 * (DisclosureCorrected / DisclosureRetracted), which take the domain of the event they amend.
 */
export function entriesByDomain(domain: Domain): CatalogEntry[] {
  return latestEntries().filter((e) => e.domain === domain || e.domain === 'same-as-target');
}

/** The latest entries of a category (amendments, which belong to every category, are not listed). */
export function entriesByCategory(category: CategorySlug): CatalogEntry[] {
  return latestEntries().filter((e) => e.category === category);
}

/** For an amendment, the entry of the type it names as its target (never another amendment). */
export function targetEntryOf(entry: CatalogEntry, payload: unknown): CatalogEntry | undefined {
  if (!entry.amends) return undefined;
  const targetType = stringAt(payload, entry.amends.targetTypeField);
  const target = targetType === undefined ? undefined : getEntry(targetType);
  return target && !target.amends ? target : undefined;
}

/**
 * The agency roles that may post this payload: the entry's case matching the payload (approval
 * kind → approving department …), else its `roles`; for amendments the roles of the target type
 * (the lifecycle rule AMEND-SAME-AGENCY then requires the very agency that posted the target).
 */
export function rolesFor(entry: CatalogEntry, payload: unknown): readonly AgencyRole[] {
  if (entry.amends) {
    const target = targetEntryOf(entry, payload);
    return target ? rolesFor(target, undefined) : [];
  }
  if (payload !== undefined) {
    for (const c of entry.rolesWhen ?? []) if (conditionHolds(c.when, payload)) return c.roles;
  }
  return entry.roles;
}

/** The domain of a payload (amendments: the target type's). */
export function domainFor(entry: CatalogEntry, payload: unknown): Domain | undefined {
  if (entry.domain !== 'same-as-target') return entry.domain;
  const target = targetEntryOf(entry, payload);
  return target && target.domain !== 'same-as-target' ? target.domain : undefined;
}

/** The category of a payload (amendments: the target type's). */
export function categoryFor(entry: CatalogEntry, payload: unknown): CategorySlug | undefined {
  if (entry.category !== 'same-as-target') return entry.category;
  const target = targetEntryOf(entry, payload);
  return target && target.category !== 'same-as-target' ? target.category : undefined;
}

/** The audience of a payload (amendments: the target type's). */
export function audienceFor(entry: CatalogEntry, payload: unknown): Audience | undefined {
  if (entry.audience !== 'same-as-target') return entry.audience;
  const target = targetEntryOf(entry, payload);
  return target && target.audience !== 'same-as-target' ? target.audience : undefined;
}

/**
 * The personal-data declarations that apply to a payload: the entry's own, or for a correction
 * the target type's, relocated under `changes.`.
 */
export function personalDataOf(entry: CatalogEntry, payload: unknown): readonly PersonalDataField[] {
  if (!entry.amends) return entry.personalData ?? [];
  const target = targetEntryOf(entry, payload);
  const changesField = entry.amends.changesField;
  if (!target || changesField === undefined) return [];
  const prefix = (p: string) => `${changesField}.${p}`;
  return (target.personalData ?? []).map((f) => ({
    ...f,
    path: prefix(f.path),
    subject: prefix(f.subject),
    ...(f.when ? { when: { ...f.when, path: prefix(f.when.path) } } : {}),
  }));
}
