// @gongkai/open-data — OCDS 1.1.5 and OC4IDS 0.9.5 exports, CSV, OCDS merging and OCDS intake.
export * from './merge.ts';
export { OCDS_1_1_5_RULES } from './merge-rules.ts';
export * from './ocds.ts';
export * from './oc4ids.ts';
export * from './export.ts';
export * from './intake.ts';
export { createOcdsIntakeRouter, createOpenDataRouter, parseSince, sendStream, EXTENSION_DIR } from './router.ts';
export type { OcdsIntakeRouterOptions, OpenDataRouterOptions } from './router.ts';
