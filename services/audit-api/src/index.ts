export { createAuditRouter, parseInstant } from './routes.ts';
export type { AuditRouter, AuditRouterOptions, PayloadForAuditor } from './routes.ts';
export { AccessLog } from './access-log.ts';
export type { AccessEntry, StoredAccessEntry } from './access-log.ts';
export { StreamFolder, foldStream, catalogFold, versionAsOf, diffJson, diffStates } from './state.ts';
export type { FoldCatalog, RecordState, StreamState, JsonChange } from './state.ts';
export { complianceReport, catalogCompliance } from './compliance.ts';
export type { ComplianceQuery, ComplianceReport, ComplianceCounts, ComplianceCatalog, LateEvent } from './compliance.ts';
