// RFC 8785 (JSON Canonicalization Scheme). The `canonicalize` package is written by one of the
// RFC's authors; we wrap it so every hash in Gongkai goes through one function.
import canonicalizeImpl from 'canonicalize';

const canonicalizeFn = canonicalizeImpl as unknown as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON text of a JSON value. Throws on values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/** RFC 8785 canonical bytes (UTF-8). */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
