import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Copy of /work/shared/reference/merkle-vectors (see vectors/README.md for sources and licences).
export const VECTORS = fileURLToPath(new URL('./vectors/', import.meta.url));

export function readJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(VECTORS, rel), 'utf8')) as T;
}

export function readText(rel: string): string {
  return readFileSync(join(VECTORS, rel), 'utf8');
}

export function readBytes(rel: string): Buffer {
  return readFileSync(join(VECTORS, rel));
}

/** Relative paths of all *.json files under dir (names contain [ ] @ +, so no globbing). */
export function jsonFilesUnder(rel: string): string[] {
  return (readdirSync(join(VECTORS, rel), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(rel, f));
}

export const hex = (s: string): Buffer => Buffer.from(s, 'hex');
export const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
