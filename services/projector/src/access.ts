// Compiled accessors for plain dotted paths (no `[]`): the catalog's valuesAt parses its path on
// every call, which the projection's hot loop cannot afford.
import { isRegionCode, regionOfProjectCode, valueAt, type CatalogEntry, type RecordKey } from '@gongkai/catalog';
import type { JsonObject } from '@gongkai/read-store';

export type Getter = (values: JsonObject) => unknown;
const getters = new Map<string, Getter>();

/** A compiled accessor for a dotted path: no parsing per call (paths with `[]` use the catalog's valueAt). */
export function getter(path: string): Getter {
  let g = getters.get(path);
  if (!g) {
    const keys = path.split('.');
    g = path.includes('[]')
      ? (v) => valueAt(v, path)
      : keys.length === 1
        ? (v) => v[keys[0]!]
        : (v) => {
            let node: unknown = v;
            for (const k of keys) {
              if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
              node = (node as JsonObject)[k];
            }
            return node;
          };
    getters.set(path, g);
  }
  return g;
}

export function stringField(values: JsonObject, path: string): string | undefined {
  const v = getter(path)(values);
  return typeof v === 'string' ? v : undefined;
}


// The catalog entry's derived helpers (recordKeyOf, projectCodes, regionOf) with compiled paths:
// same results, no path parsing per call.

interface EntryPlan {
  recordKey: (payload: JsonObject) => RecordKey | undefined;
  projectCodes: (payload: JsonObject) => string[];
  region: (payload: JsonObject) => string | undefined;
}

const plans = new WeakMap<CatalogEntry, EntryPlan>();

function compile(entry: CatalogEntry): EntryPlan {
  const rk = entry.recordKey;
  const recordKey: EntryPlan['recordKey'] =
    'amendsField' in rk
      ? (() => {
          const g = getter(rk.amendsField);
          return (p) => {
            const v = g(p);
            return typeof v === 'string' ? { kind: 'amends', eventId: v } : undefined;
          };
        })()
      : (() => {
          const gs = rk.fields.map((f) => getter(f));
          const prefix = rk.prefix;
          return (p) => {
            let key = prefix;
            for (const g of gs) {
              const v = g(p);
              if (typeof v !== 'string' && typeof v !== 'number') return undefined;
              key += `:${v}`;
            }
            return { kind: 'own', key };
          };
        })();
  const codeGetters = (entry.projectCodeFields ?? []).map((f) =>
    f.endsWith('[]') && !f.slice(0, -2).includes('[]') ? { each: true, g: getter(f.slice(0, -2)) } : { each: false, g: getter(f), path: f },
  );
  const projectCodes: EntryPlan['projectCodes'] =
    codeGetters.length === 0
      ? () => []
      : (p) => {
          const out: string[] = [];
          for (const c of codeGetters) {
            const v = c.g(p);
            if (c.each) {
              if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && !out.includes(x)) out.push(x);
            } else if (typeof v === 'string' && !out.includes(v)) out.push(v);
          }
          return out;
        };
  const r = entry.region;
  const region: EntryPlan['region'] =
    r === 'same-as-target'
      ? () => undefined
      : 'projectCodeField' in r
        ? (() => {
            const g = getter(r.projectCodeField);
            return (p) => {
              const code = g(p);
              return typeof code === 'string' ? regionOfProjectCode(code) : undefined;
            };
          })()
        : (() => {
            const g = getter(r.regionField);
            return (p) => {
              const v = g(p);
              return isRegionCode(v) ? v : undefined;
            };
          })();
  return { recordKey, projectCodes, region };
}

/** Compiled equivalents of entry.recordKeyOf / projectCodes / regionOf. */
export function entryPlan(entry: CatalogEntry): EntryPlan {
  let plan = plans.get(entry);
  if (!plan) plans.set(entry, (plan = compile(entry)));
  return plan;
}
