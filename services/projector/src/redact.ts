// Views of a payload for an audience, from the catalog's declarations: personal data masked or
// omitted by kind, fields with a narrower audience omitted. Every stored view goes through here,
// so the read model never holds clear-text personal data.
//
// Masks (public view):
//   name        张*明 — first and last character kept (two-character names: 张*)
//   idNumber    320***********1234 — first 3 and last 4 kept
//   phone       138****1234 — first 3 and last 4 kept
//   address     to street level: everything up to and including the first 街道 / 镇 / 乡 / 路 / 街
//               (苏州市吴中区郭巷街道尹山村东港组8号 → 苏州市吴中区郭巷街道); *** when none occurs
//   amount, bankAccount, other — omitted
// The group view (affected parties holding a party token for the stream) masks the same way but
// keeps personal amounts: 分户补偿情况 is published to the affected households precisely so they
// can see each household's compensation (国有土地上房屋征收与补偿条例 第29条). Bank accounts and
// 'other' data stay omitted; request-only fields (依申请) are never in any view.
//
// Every mask is idempotent (masking a masked value changes nothing).
import {
  conditionHolds,
  personalDataOf,
  targetEntryOf,
  valuesAt,
  type Audience,
  type CatalogEntry,
  type FieldAudience,
  type PersonalDataField,
  type PersonalDataKind,
} from '@gongkai/catalog';
import type { JsonObject, Redaction } from '@gongkai/read-store';

export type ViewLevel = 'public' | 'group';

const RANK: Record<Audience, number> = { public: 0, group: 1, request: 2 };

/** The view level an item of this audience is stored at ('request' items: the public one, never shown). */
export function levelFor(audience: Audience): ViewLevel {
  return audience === 'group' ? 'group' : 'public';
}

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return chars.length <= 2 ? '*'.repeat(chars.length) : `${'*'.repeat(chars.length - 2)}${chars.slice(-2).join('')}`;
  return `${chars.slice(0, head).join('')}${'*'.repeat(chars.length - head - tail)}${chars.slice(-tail).join('')}`;
}

export function maskIdNumber(id: string): string {
  return keepEnds(id, 3, 4);
}

export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4);
}

const STREET_LEVEL = /^.*?(?:街道|镇|乡|路|街)/u;

export function maskAddress(address: string): string {
  const m = STREET_LEVEL.exec(address);
  return m ? m[0] : '***';
}

type Treatment = { kind: 'mask'; fn: (s: string) => string } | { kind: 'omit' };

function treatmentOf(kind: PersonalDataKind, level: ViewLevel): Treatment {
  switch (kind) {
    case 'name':
      return { kind: 'mask', fn: maskName };
    case 'idNumber':
      return { kind: 'mask', fn: maskIdNumber };
    case 'phone':
      return { kind: 'mask', fn: maskPhone };
    case 'address':
      return { kind: 'mask', fn: maskAddress };
    case 'amount':
      return level === 'group' ? { kind: 'mask', fn: (s) => s } : { kind: 'omit' };
    case 'bankAccount':
    case 'other':
      return { kind: 'omit' };
  }
}

interface Plan {
  omitFields: Array<{ path: string; audience: Audience }>;
  personal: readonly PersonalDataField[];
}

const EMPTY: Plan = { omitFields: [], personal: [] };
const plans = new WeakMap<CatalogEntry, Map<string, Plan>>();

function fieldAudiencesOf(entry: CatalogEntry, payload: unknown): readonly FieldAudience[] {
  if (!entry.amends) return entry.fieldAudiences ?? [];
  const target = targetEntryOf(entry, payload);
  const changesField = entry.amends.changesField;
  if (!target || changesField === undefined) return [];
  return (target.fieldAudiences ?? []).map((f) => ({ ...f, path: `${changesField}.${f.path}` }));
}

/** What to redact for this entry (amendments: per target type), computed once. */
function planFor(entry: CatalogEntry, payload: unknown, level: ViewLevel): Plan {
  const targetType = entry.amends ? String(valuesAt(payload, entry.amends.targetTypeField)[0]?.value ?? '') : '';
  const key = `${level}\u0000${targetType}`;
  let byKey = plans.get(entry);
  if (!byKey) plans.set(entry, (byKey = new Map()));
  let plan = byKey.get(key);
  if (!plan) {
    const omitFields = fieldAudiencesOf(entry, payload)
      .filter((f) => RANK[f.audience] > RANK[level])
      .map((f) => ({ path: f.path, audience: f.audience }));
    const personal = personalDataOf(entry, payload);
    plan = omitFields.length === 0 && personal.length === 0 ? EMPTY : { omitFields, personal };
    byKey.set(key, plan);
  }
  return plan;
}

function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = cloneJson((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

/** Splits `households[2].name` into ['households', 2, 'name']. */
function stepsOf(location: string): Array<string | number> {
  const steps: Array<string | number> = [];
  for (const part of location.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    steps.push(m[1]!);
    for (const index of m[2]!.match(/\d+/g) ?? []) steps.push(Number(index));
  }
  return steps;
}

function update(root: unknown, location: string, fn: (value: unknown) => unknown | typeof OMIT): void {
  const steps = stepsOf(location);
  if (steps.length === 0) return;
  let node: unknown = root;
  for (let i = 0; i < steps.length - 1; i++) {
    node = (node as Record<string | number, unknown> | undefined)?.[steps[i]!];
    if (node === null || typeof node !== 'object') return;
  }
  const last = steps[steps.length - 1]!;
  const parent = node as Record<string | number, unknown>;
  if (!(last in parent)) return;
  const next = fn(parent[last]);
  if (next === OMIT) {
    if (Array.isArray(parent)) parent[last as number] = null;
    else delete parent[last];
  } else parent[last] = next;
}

const OMIT = Symbol('omit');

export interface RedactedView {
  view: JsonObject;
  redactions: Redaction[];
}

/**
 * The view of `payload` (an event of `entry`) for `level`. The payload is not modified; when nothing
 * needs redacting it is returned as is.
 */
export function redactPayload(entry: CatalogEntry, payload: JsonObject, level: ViewLevel): RedactedView {
  const plan = planFor(entry, payload, level);
  if (plan === EMPTY) return { view: payload, redactions: [] };
  const view = cloneJson(payload);
  const redactions: Redaction[] = [];
  for (const f of plan.omitFields) {
    const found = valuesAt(view, f.path);
    if (found.length === 0) continue;
    for (const v of found) update(view, v.path, () => OMIT);
    redactions.push({ path: f.path, treatment: 'omitted', reason: `audience:${f.audience}` });
  }
  for (const f of plan.personal) {
    if (f.when && !conditionHolds(f.when, view)) continue;
    const found = valuesAt(view, f.path);
    if (found.length === 0) continue;
    const t = treatmentOf(f.kind, level);
    for (const v of found) {
      if (t.kind === 'omit') update(view, v.path, () => OMIT);
      else update(view, v.path, (value) => (typeof value === 'string' ? t.fn(value) : value));
    }
    const kept = t.kind === 'mask' && f.kind === 'amount';
    if (!kept) redactions.push({ path: f.path, treatment: t.kind === 'omit' ? 'omitted' : 'masked', reason: f.kind });
  }
  return { view, redactions };
}
