// @gongkai/public-api — the public, read-only disclosure API over the read store.
export { createPublicRouter, chinaToday, PUBLIC_CATEGORIES, CONSTRUCTION_CATEGORIES, ALLOCATION_CATEGORIES } from './router.ts';
export type { PartyTokenVerifier, PublicRouterOptions } from './router.ts';
export { openApiDocument } from './openapi.ts';
export { docsPage } from './docs.ts';
export { TokenBuckets } from './rate-limit.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export * as schemas from './schemas.ts';
// the response shapes, for the portal (services/portal) that renders the same data as HTML
export { agencyRef, allocationPath, categoryRef, medianOf, regionRef, renderAllocationSummary, renderDetail, renderRevoked, renderStages, renderSummary, renderTimeline } from './render.ts';
export type { AgencyName } from './render.ts';
export { rateLimit } from './rate-limit.ts';
