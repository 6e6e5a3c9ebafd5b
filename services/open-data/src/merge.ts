// OCDS merging (compiled and versioned releases), following the normative merge routine and its
// reference implementation (open-contracting/ocds-merge): releases are flattened to ordered
// path → value maps, later releases overwrite earlier values, and the map is unflattened again.
// Merge rules (omitWhenMerged, wholeListMerge) come from a release schema; fields outside the
// schema follow the default rules by value shape. Checked against the ocdsmerge fixtures
// (test/open-data/merge.test.ts).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };
export type MergeRule = 'omitWhenMerged' | 'wholeListMerge';
export type RuleOverride = 'mergeByPosition' | 'append';

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** Raised (collected, not thrown) when two objects in one identifier-merged array share an id. */
export interface DuplicateIdWarning {
  path: string;
  id: string;
  message: string;
}

// ------------------------------------------------------------------------------ rules from a schema

function typesOf(schema: JsonMap): string[] {
  const t = schema['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function deref(root: JsonMap, node: Json | undefined, seen = 0): JsonMap {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return {};
  const ref = node['$ref'];
  if (typeof ref === 'string' && seen < 64) {
    if (!ref.startsWith('#/')) throw new MergeError(`only internal $ref is supported: ${ref}`);
    let target: Json | undefined = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = target && typeof target === 'object' && !Array.isArray(target) ? target[key] : undefined;
    }
    const { $ref: _drop, ...rest } = node;
    return { ...deref(root, target, seen + 1), ...rest };
  }
  return node;
}

/** The merge rules of a release schema, keyed by dotted property path (array items add no segment). */
export function mergeRulesOf(schema: JsonMap): Map<string, MergeRule> {
  const rules = new Map<string, MergeRule>();
  const walk = (properties: Json | undefined, path: string[], depth: number): void => {
    if (!properties || typeof properties !== 'object' || Array.isArray(properties) || depth > 32) return;
    for (const [key, raw] of Object.entries(properties)) {
      const value = deref(schema, raw);
      const p = [...path, key];
      const types = typesOf(value);
      if (value['omitWhenMerged'] === true || value['mergeStrategy'] === 'ocdsOmit') rules.set(p.join('.'), 'omitWhenMerged');
      else if (types.includes('array') && (value['wholeListMerge'] === true || value['mergeStrategy'] === 'ocdsVersion')) rules.set(p.join('.'), 'wholeListMerge');
      else if (types.includes('object') && value['properties']) walk(value['properties'], p, depth + 1);
      else if (types.includes('array') && value['items']) {
        const items = deref(schema, value['items']);
        const itemTypes = typesOf(items);
        if (itemTypes.some((t) => t !== 'object')) rules.set(p.join('.'), 'wholeListMerge');
        else if (itemTypes.includes('object') && items['properties'] && typeof items['properties'] === 'object') {
          if (!Object.prototype.hasOwnProperty.call(items['properties'], 'id')) rules.set(p.join('.'), 'wholeListMerge');
          else walk(items['properties'], p, depth + 1);
        }
      }
    }
  };
  walk(schema['properties'], [], 0);
  return rules;
}

// ------------------------------------------------------------------------------ flattening

/** A path segment: a property name, or an array item matched by identifier (or never matched). */
interface ItemKey {
  /** match key: JSON of the id, a position, or a unique token for objects that never match */
  match: string;
  /** the original `id` value to write back on creation (undefined: none) */
  id: Json | undefined;
}
type Segment = string | ItemKey;

interface Entry {
  segments: Segment[];
  value: Json;
}

const VERSION_KEYS = new Set(['releaseID', 'releaseDate', 'releaseTag', 'value']);
let uniqueCounter = 0;

function isObject(v: Json | undefined): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isVersionList(v: Json): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && Object.keys(x).every((k) => VERSION_KEYS.has(k)) && 'releaseID' in x);
}

function keyOf(segments: readonly Segment[]): string {
  let s = '';
  for (const seg of segments) s += typeof seg === 'string' ? `/${seg.replace(/~/g, '~0').replace(/\//g, '~1')}` : `[${seg.match}]`;
  return s;
}

export class Flattener {
  readonly warnings: DuplicateIdWarning[] = [];
  constructor(
    readonly rules: ReadonlyMap<string, MergeRule>,
    readonly overrides: ReadonlyMap<string, RuleOverride> = new Map(),
  ) {}

  flatten(obj: JsonMap, versioned: boolean): Entry[] {
    const out: Entry[] = [];
    this.walk(obj, [], [], versioned, out);
    return out;
  }

  private walk(obj: JsonMap | Json[], path: Segment[], rulePath: string[], versioned: boolean, out: Entry[]): void {
    const pairs: Array<[Segment, Json]> = Array.isArray(obj) ? this.enumerate(obj, rulePath) : Object.entries(obj);
    for (const [key, value] of pairs) {
      const newPath = [...path, key];
      const newRulePath = typeof key === 'string' ? [...rulePath, key] : rulePath;
      const rule = this.rules.get(newRulePath.join('.'));
      if (rule === 'omitWhenMerged') continue;
      // a release's own tag is never merged as a field
      if (path.length === 0 && key === 'tag') continue;
      if (
        rule === 'wholeListMerge' ||
        typeof value !== 'object' ||
        value === null ||
        (Array.isArray(value) && value.some((item) => !isObject(item))) ||
        (versioned && isVersionList(value))
      ) {
        out.push({ segments: newPath, value });
      } else if (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0) {
        this.walk(value, newPath, newRulePath, versioned, out);
      }
    }
  }

  private enumerate(items: Json[], rulePath: string[]): Array<[Segment, Json]> {
    const override = this.overrides.get(rulePath.join('.'));
    const seen = new Set<string>();
    const out: Array<[Segment, Json]> = [];
    items.forEach((item, index) => {
      const obj = item as JsonMap;
      const hasId = Object.prototype.hasOwnProperty.call(obj, 'id');
      if (hasId) {
        const match = JSON.stringify(obj['id']);
        if (seen.has(match)) {
          const id = typeof obj['id'] === 'string' ? obj['id'] : JSON.stringify(obj['id']);
          const p = rulePath.join('.');
          this.warnings.push({ path: p, id, message: `Multiple objects have the \`id\` value '${id}' in the \`${p}\` array` });
        }
        seen.add(match);
      }
      if (override === 'mergeByPosition') out.push([{ match: `#${index}`, id: hasId ? obj['id']! : undefined }, item]);
      else if (override === 'append' || !hasId) out.push([{ match: `!${++uniqueCounter}`, id: hasId ? obj['id']! : undefined }, item]);
      else out.push([{ match: JSON.stringify(obj['id']), id: obj['id']! }, item]);
    });
    return out;
  }
}

/** An ordered path → value map (insertion order kept; updates keep the first position). */
class FlatMap {
  readonly map = new Map<string, Entry>();
  set(segments: Segment[], value: Json): void {
    const k = keyOf(segments);
    const existing = this.map.get(k);
    if (existing) existing.value = value;
    else this.map.set(k, { segments, value });
  }
  get(segments: Segment[]): Entry | undefined {
    return this.map.get(keyOf(segments));
  }
}

function unflatten(entries: Iterable<Entry>): JsonMap {
  const root: JsonMap = {};
  for (const { segments, value } of entries) {
    let node: JsonMap | Json[] = root;
    for (let i = 0; i < segments.length; i++) {
      const part = segments[i]!;
      if (typeof part !== 'string') {
        const list = node as Json[];
        let found: JsonMap | undefined;
        for (const candidate of list) if (ITEM_MATCH.get(candidate as JsonMap) === part.match) found = candidate as JsonMap;
        if (!found) {
          found = {};
          ITEM_MATCH.set(found, part.match);
          if (part.id !== undefined) found['id'] = part.id;
          list.push(found);
        }
        node = found;
        continue;
      }
      const obj = node as JsonMap;
      if (i === segments.length - 1) {
        obj[part] = value;
        break;
      }
      let next = obj[part];
      if (next === undefined) {
        next = typeof segments[i + 1] === 'string' ? {} : [];
        obj[part] = next;
      }
      node = next as JsonMap | Json[];
    }
  }
  return root;
}
const ITEM_MATCH = new WeakMap<JsonMap, string>();

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]!));
  }
  const ak = Object.keys(a);
  const bo = b as JsonMap;
  return ak.length === Object.keys(bo).length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual((a as JsonMap)[k]!, bo[k]!));
}

// ------------------------------------------------------------------------------ releases

function checkRelease(r: unknown): asserts r is JsonMap {
  if (!isObject(r as Json)) throw new MergeError('each release must be a JSON object');
  const date = (r as JsonMap)['date'];
  if (date === undefined) throw new MergeError('a release has no date');
  if (date === null) throw new MergeError('a release has a null date');
  if (typeof date !== 'string') throw new MergeError('a release date must be a string');
}

/** Sorts by `date` (string order, stable); a single release is not sorted. */
export function sortedReleases(releases: readonly JsonMap[]): JsonMap[] {
  releases.forEach((r) => checkRelease(r));
  if (releases.length === 1) return [...releases];
  return [...releases].sort((a, b) => ((a['date'] as string) < (b['date'] as string) ? -1 : (a['date'] as string) > (b['date'] as string) ? 1 : 0));
}

function checkTypes(entries: Entry[], state: FlatMap): void {
  // a value that is an object in one release and a scalar or array in another cannot merge
  for (const e of entries) {
    for (let i = 1; i < e.segments.length; i++) {
      const prefix = state.get(e.segments.slice(0, i));
      if (prefix && prefix.value !== null && !(isVersionList(prefix.value) && (prefix.value as JsonMap[]).at(-1)!['value'] === null)) throw new MergeError(`inconsistent type at ${keyOf(e.segments.slice(0, i))}: a value in one release, an object or array in another`);
    }
  }
}

export interface MergerOptions {
  rules?: ReadonlyMap<string, MergeRule>;
  overrides?: ReadonlyMap<string, RuleOverride>;
}

/** A compiled release built incrementally: `extend` gives the same result as merging all releases. */
export class CompiledRelease {
  private readonly state = new FlatMap();
  private readonly flattener: Flattener;
  constructor(options: MergerOptions = {}, from?: JsonMap) {
    this.flattener = new Flattener(options.rules ?? new Map(), options.overrides);
    if (from) this.add(from, from['ocid'] ?? null, from['date'] ?? null);
  }
  get warnings(): DuplicateIdWarning[] {
    return this.flattener.warnings;
  }
  extend(releases: readonly JsonMap[]): this {
    for (const r of sortedReleases(releases)) this.add(r, r['ocid'] ?? null, r['date']!);
    return this;
  }
  append(release: JsonMap): this {
    return this.extend([release]);
  }
  private add(release: JsonMap, ocid: Json, date: Json): void {
    const flat = this.flattener.flatten(release, false);
    checkTypes(flat, this.state);
    this.state.set(['tag'], ['compiled']);
    this.state.set(['id'], `${ocid}-${date}`);
    this.state.set(['date'], date);
    this.state.set(['ocid'], ocid);
    for (const e of flat) this.state.set(e.segments, e.value);
  }
  asJson(): JsonMap {
    return unflatten([...this.state.map.values()].filter((e) => e.value !== null));
  }
}

/** A versioned release built incrementally. */
export class VersionedRelease {
  private readonly state = new FlatMap();
  private readonly flattener: Flattener;
  constructor(options: MergerOptions = {}, from?: JsonMap) {
    this.flattener = new Flattener(options.rules ?? new Map(), options.overrides);
    if (from) for (const e of this.flattener.flatten(from, true)) this.state.set(e.segments, e.value);
  }
  get warnings(): DuplicateIdWarning[] {
    return this.flattener.warnings;
  }
  extend(releases: readonly JsonMap[]): this {
    for (const r of sortedReleases(releases)) this.add(r);
    return this;
  }
  append(release: JsonMap): this {
    return this.extend([release]);
  }
  private add(release: JsonMap): void {
    const releaseID = release['id'] ?? null;
    const releaseDate = release['date']!;
    const releaseTag = release['tag'] ?? null;
    const flat = this.flattener.flatten(release, true).filter((e) => !(e.segments.length === 1 && e.segments[0] === 'ocid'));
    checkTypes(flat, this.state);
    this.state.set(['ocid'], release['ocid'] ?? null);
    for (const e of flat) {
      const n = e.segments.length;
      if (n >= 2 && e.segments[n - 1] === 'id' && typeof e.segments[n - 2] !== 'string') {
        this.state.set(e.segments, e.value);
        continue;
      }
      const existing = this.state.get(e.segments);
      const versions = (existing?.value as JsonMap[] | undefined) ?? [];
      const last = versions[versions.length - 1];
      if (!last || !deepEqual(last['value']!, e.value)) {
        const next = [...versions, { releaseID, releaseDate, releaseTag, value: e.value }];
        this.state.set(e.segments, next);
      }
    }
  }
  asJson(): JsonMap {
    return unflatten(this.state.map.values());
  }
}

export function compileReleases(releases: readonly JsonMap[], options: MergerOptions = {}): JsonMap {
  return new CompiledRelease(options).extend(releases).asJson();
}

export function versionReleases(releases: readonly JsonMap[], options: MergerOptions = {}): JsonMap {
  return new VersionedRelease(options).extend(releases).asJson();
}
