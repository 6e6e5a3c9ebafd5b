// @gongkai/public-api — the public, read-only disclosure API over the read store.
export { createPublicRouter, chinaToday, PUBLIC_CATEGORIES, CONSTRUCTION_CATEGORIES, ALLOCATION_CATEGORIES } from './router.ts';
export type { PartyTokenVerifier, PublicRouterOptions } from './router.ts';
export { openApiDocument } from './openapi.ts';
export { docsPage } from './docs.ts';
export { TokenBuckets } from './rate-limit.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export * as schemas from './schemas.ts';
