// Payload paths as the catalog writes them: dot-separated keys, `[]` after a key whose value is an
// array and whose every element is meant (`households[].name`, `party.name`). Used by the
// declarations (personal data, formed-date field, stream id field …), by masking/encryption
// downstream and by the tests that check every declared path exists in its schema.
import { z } from 'zod';

interface Segment {
  key: string;
  each: boolean;
}

function parse(path: string): Segment[] {
  return path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), each: true } : { key: part, each: false }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface PathValue {
  /** concrete location, e.g. `households[2].name` */
  path: string;
  value: unknown;
}

/** Every value found at `path` (none when a key is absent), with its concrete location. */
export function valuesAt(payload: unknown, path: string): PathValue[] {
  let current: PathValue[] = [{ path: '', value: payload }];
  for (const seg of parse(path)) {
    const next: PathValue[] = [];
    for (const { path: at, value } of current) {
      if (!isRecord(value) || !(seg.key in value)) continue;
      const child = value[seg.key];
      const childPath = at ? `${at}.${seg.key}` : seg.key;
      if (child === undefined) continue;
      if (seg.each) {
        if (!Array.isArray(child)) continue;
        child.forEach((element, i) => next.push({ path: `${childPath}[${i}]`, value: element }));
      } else {
        next.push({ path: childPath, value: child });
      }
    }
    current = next;
  }
  return current;
}

/** The first value at `path`, or undefined. */
export function valueAt(payload: unknown, path: string): unknown {
  return valuesAt(payload, path)[0]?.value;
}

/** Like valueAt but only a string result counts. */
export function stringAt(payload: unknown, path: string): string | undefined {
  const v = valueAt(payload, path);
  return typeof v === 'string' ? v : undefined;
}

/** `households[2].name` → `households[].name`: the declared path a concrete location belongs to. */
export function declaredPathOf(concretePath: string): string {
  return concretePath.replace(/\[\d+\]/g, '[]');
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

function objectShapes(schema: z.ZodType): Array<Record<string, z.ZodType>> {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return [s.shape as Record<string, z.ZodType>];
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap(objectShapes);
  return [];
}

/**
 * The schemas found at `path` inside an object schema (several when a union's options differ);
 * empty when the path does not exist. `[]` must be used exactly where the value is an array.
 */
export function schemasAt(schema: z.ZodType, path: string): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const seg of parse(path)) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      for (const shape of objectShapes(s)) {
        const child = shape[seg.key];
        if (!child) continue;
        if (seg.each) {
          const inner = unwrap(child);
          if (inner instanceof z.ZodArray) next.push(inner.element as z.ZodType);
        } else if (!(unwrap(child) instanceof z.ZodArray)) {
          next.push(child);
        }
      }
    }
    current = next;
  }
  return current;
}

/** The value at a concrete location such as `households[2].householdId`. */
export function valueAtLocation(payload: unknown, location: string): unknown {
  let node: unknown = payload;
  for (const part of location.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    node = isRecord(node) ? node[m[1]!] : undefined;
    for (const index of m[2]!.match(/\d+/g) ?? []) node = Array.isArray(node) ? node[Number(index)] : undefined;
  }
  return node;
}

/**
 * The data-subject id for a personal value: the declared subject path (`households[].householdId`)
 * resolved in the same array element as the value's location (`households[2].name`).
 */
export function subjectFor(payload: unknown, subjectPath: string, valueLocation: string): unknown {
  const indices = [...valueLocation.matchAll(/\[(\d+)\]/g)].map((m) => m[1]!);
  let i = 0;
  const location = subjectPath.replace(/\[\]/g, () => (i < indices.length ? `[${indices[i++]}]` : '[0]'));
  return valueAtLocation(payload, location);
}
