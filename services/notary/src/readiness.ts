// A readiness check for createHttpApp: the notary is following and not too far behind.
import type { ReadinessCheck } from '@gongkai/platform';
import type { Notary } from './notary.ts';

export function notaryReadiness(notary: Notary, options: { maxLag?: number } = {}): ReadinessCheck {
  const maxLag = BigInt(options.maxLag ?? 100_000);
  return {
    name: 'notary',
    async check() {
      const h = notary.health();
      const lag = await notary.lag();
      const latest = notary.latest();
      return {
        ok: h.ok && lag <= maxLag,
        detail: {
          following: h.following,
          treeSize: notary.treeSize(),
          lag: lag.toString(),
          checkpointSize: latest?.size ?? null,
          ...(h.error ? { error: h.error } : {}),
        },
      };
    },
  };
}
