// Rendered responses, kept per (URL, read-model checkpoint, China date): a repeated page costs a
// map look-up, and its strong ETag (SHA-256 of the bytes) is computed once. A new checkpoint or a
// new day (penalties leave the public view by date) makes entries stale.
import { createHash } from 'node:crypto';

export interface CachedResponse {
  checkpoint: bigint;
  date: string;
  body: Buffer;
  etag: string;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

export class ResponseCache {
  private readonly map = new Map<string, CachedResponse>();
  constructor(private readonly max: number) {}

  get(key: string, checkpoint: bigint, date: string): CachedResponse | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.checkpoint !== checkpoint || hit.date !== date) {
      this.map.delete(key);
      return undefined;
    }
    return hit;
  }

  set(key: string, value: CachedResponse): void {
    if (this.max <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Whether an If-None-Match header matches the ETag (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}
