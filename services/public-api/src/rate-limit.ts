// Per-IP token buckets: `capacity` requests at once, refilled at `refillPerSecond`. In memory (one
// process); idle full buckets are dropped so the map stays small. A client over its budget gets
// 429 problem+json with Retry-After.
import type { RequestHandler } from 'express';
import { ProblemError } from '@gongkai/platform';

export interface RateLimitOptions {
  /** burst size (default 120) */
  capacity?: number;
  /** sustained requests per second (default 20) */
  refillPerSecond?: number;
  /** most client addresses tracked (default 100000) */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly maxClients: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: RateLimitOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? 120);
    this.refillPerSecond = Math.max(0.001, options.refillPerSecond ?? 20);
    this.maxClients = Math.max(100, options.maxClients ?? 100_000);
    this.now = options.now ?? Date.now;
  }

  /** Takes a token for `key`: 0 when granted, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
      b = { tokens: this.capacity, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.refillPerSecond;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const full = (this.capacity / this.refillPerSecond) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at >= full) this.buckets.delete(k);
  }

  get size(): number {
    return this.buckets.size;
  }
}

export function rateLimit(buckets: TokenBuckets): RequestHandler {
  return (req, res, next) => {
    const wait = buckets.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (wait === 0) return next();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait))));
    throw new ProblemError('too-many-requests', `Too many requests from this address; retry in ${Math.max(1, Math.ceil(wait))} s`);
  };
}
