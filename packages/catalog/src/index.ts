// @gongkai/catalog — the one place every disclosure event type is declared.
export * from './vocabulary.ts';
export * from './identifiers.ts';
export {
  ALLOCATION_KINDS,
  STREAM_ID_RE,
  defineEvent,
  streamPrefix,
} from './define.ts';
export type {
  AllocationKind,
  CatalogEntry,
  Condition,
  DeadlineSpec,
  DeadlineUnit,
  EventDefinition,
  EventMatcher,
  FieldAudience,
  LifecycleRule,
  PathsOf,
  PayloadOf,
  PersonalDataField,
  PersonalDataKind,
  RecordKey,
  RecordKeyDecl,
  RegionDecl,
  RoleCase,
  StandardsMapping,
  StreamDecl,
  StreamKind,
  WindowSpec,
  WindowUnit,
} from './define.ts';
export { declaredPathOf, schemasAt, stringAt, subjectFor, valueAt, valueAtLocation, valuesAt } from './paths.ts';
export type { PathValue } from './paths.ts';
export { conditionHolds } from './conditions.ts';
export {
  audienceFor,
  catalog,
  categoryFor,
  domainFor,
  entriesByCategory,
  entriesByDomain,
  eventTypes,
  getEntry,
  latestSchemaVersion,
  personalDataOf,
  rolesFor,
  targetEntryOf,
} from './catalog.ts';
export { APPROVAL_KINDS, APPROVING_ROLES } from './entries/approvals.ts';
export type { ApprovalKind } from './entries/approvals.ts';
export { INVESTMENT_TYPES } from './entries/projects.ts';
export { SPECIAL_ACCEPTANCE_KINDS } from './entries/completion.ts';
export { PENALTY_ROLES, PENALTY_TYPES } from './entries/penalties.ts';
export { BLACKLIST_AREAS } from './entries/allocation.ts';
export { NOT_PROCESSED_REASONS, OTHER_CHANNELS, REQUEST_OUTCOMES, UNAVAILABLE_REASONS, WITHHOLDING_GROUNDS } from './entries/requests.ts';
export type { RequestOutcome } from './entries/requests.ts';
export { checkStreamId, formatPath, occurredAtOf, validatePayload } from './validate.ts';
export type { Issue, ValidationResult } from './validate.ts';
export { publicityClosesOn, publicViewEndsOn, windowIssues } from './windows.ts';
export { amendedEvent, checkLifecycle, effectiveHistory } from './lifecycle.ts';
export type { LifecycleEvent, LifecycleViolation } from './lifecycle.ts';
export { assessTimeliness, chinaDate, deadlineSpecFor, dueDateOf } from './deadlines.ts';
export type { DueDate, Timeliness } from './deadlines.ts';
export { catalogDocument, entryJsonSchema } from './json-schema.ts';
export type { CatalogDocument, CatalogDocumentEntry } from './json-schema.ts';
export { catalogExamples, exampleAppends, exampleUuidV7 } from './examples.ts';
export type { BatchAppendBody, CatalogExamples, ExampleAppend, ExampleEvent, ExampleExpectedVersion, ExampleItem, StreamAppendBody } from './examples.ts';
