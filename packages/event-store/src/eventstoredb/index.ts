// '@gongkai/event-store/eventstoredb': the EventStoreDB / KurrentDB adapter. A subpath of its own so
// that the embedded default does not load the gRPC client.
export {
  EventStoreDbEventStore,
  EventStoreDbSubscription,
  eventStoreUrlFromEnv,
  openEventStoreDbEventStore,
  withKeepAlive,
} from './eventstoredb-event-store.ts';
export type { EventStoreDbOptions } from './eventstoredb-event-store.ts';
export {
  EVENT_ID_INDEX_PREFIX,
  LEDGER_STREAM_REGEX,
  currentRevisionToVersion,
  fromExpectedRevision,
  fromRecordedEvent,
  indexStreamName,
  isLedgerEvent,
  readPositionAfter,
  revisionToVersion,
  toEventData,
  toExpectedRevision,
  translateError,
  versionToCurrentRevision,
  versionToRevision,
} from './mapping.ts';
