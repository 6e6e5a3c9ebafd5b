// 区分处理 (条例第37条): the fields a partial disclosure withholds are removed from the views the
// requester receives. Paths are the catalog's (`households[].phone`, `party.name`).
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function removeAt(value: Json, parts: string[]): Json {
  if (parts.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = parts as [string, ...string[]];
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (Array.isArray(value)) return value;
  if (!(key in value)) return value;
  const copy: { [k: string]: Json } = { ...value };
  if (rest.length === 0 && !isArray) {
    delete copy[key];
    return copy;
  }
  const child = copy[key]!;
  if (isArray) {
    if (!Array.isArray(child)) return copy;
    if (rest.length === 0) delete copy[key];
    else copy[key] = child.map((el) => removeAt(el, rest));
    return copy;
  }
  copy[key] = removeAt(child, rest);
  return copy;
}

/** A copy of `view` without the values at `paths`. */
export function removePaths<T>(view: T, paths: readonly string[]): T {
  let out = view as unknown as Json;
  for (const p of paths) out = removeAt(out, p.split('.').filter(Boolean));
  return out as unknown as T;
}
