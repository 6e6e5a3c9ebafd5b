// @gongkai/portal — the public portal (server-rendered HTML at /), served next to the public API.
export { createPortalRouter } from './router.ts';
export type { PortalOptions } from './router.ts';
export { MESSAGES } from './i18n.ts';
export type { Lang } from './i18n.ts';
