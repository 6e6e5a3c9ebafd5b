// @gongkai/projector — builds the disclosure read models from the global log: the projection
// (events → read-model changes, derived from the catalog), its checkpointed runner, the rebuild
// with atomic switch, and the redaction of payloads per audience.
export { DisclosureProjection, recordIdOf } from './projection.ts';
export type { BatchResult, ProjectableEvent, ProjectionOptions, ProjectionSource, SkipReason } from './projection.ts';
export { startProjector } from './runner.ts';
export type { ProjectorOptions, ProjectorStatus, RunningProjector } from './runner.ts';
export { rebuildReadModels } from './rebuild.ts';
export type { RebuildOptions, RebuildPhase, RebuildProgress, RebuildResult } from './rebuild.ts';
export { levelFor, maskAddress, maskIdNumber, maskName, maskPhone, redactPayload } from './redact.ts';
export type { RedactedView, ViewLevel } from './redact.ts';
export { allocationTitle, describeRecord, kindLabel, labelsOf } from './describe.ts';
export type { RecordDescription } from './describe.ts';
