export type {
  AppendOptions,
  AppendResult,
  AppendedEvent,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from './port.ts';
export {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from './errors.ts';
export { openSqliteEventStore, SqliteEventStore } from './sqlite/sqlite-event-store.ts';
export type { SqliteEventStoreOptions, SqliteEventStoreStats } from './sqlite/sqlite-event-store.ts';
export { CatchUpSubscription } from './catch-up-subscription.ts';
export { consumeInBatches } from './batched-subscription.ts';
export type { BatchedSubscriptionOptions } from './batched-subscription.ts';
export type { CatchUpSource, CatchUpOptions } from './catch-up-subscription.ts';
export { envelopeText, eventFingerprint, expectedVersionMatches, prepareAppend } from './prepare.ts';
export type { PreparedEvent } from './prepare.ts';
// The contract suite imports vitest, so it lives at '@gongkai/event-store/contract' and is not
// re-exported here: production code importing this package must not load a test runner.
