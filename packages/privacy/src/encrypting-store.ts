// An EventStore that encrypts personal data on the way in and decrypts it on the way out, for the
// components that work on clear payloads (the append path's lifecycle checks, the projector, which
// masks before anything is stored). The ledger underneath holds only ciphertext, so its hashes —
// computed over the stored bytes — never change when a key is erased. Whatever verifies hashes or
// exports the ledger (notary, `gongkai verify`, audit export) must use the underlying store.
import type { AppendOptions, AppendResult, EventStore, JsonObject, NewEvent, RecordedEvent, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription, StreamInfo } from '@gongkai/event-store';
import type { ErasedValue, PayloadCipher } from './cipher.ts';

export interface EncryptingStoreOptions {
  /** what a value of an erased subject reads as (default null: projections then show nothing for it) */
  onErased?: (e: ErasedValue) => unknown;
}

export function encryptingEventStore(inner: EventStore, cipher: PayloadCipher, options: EncryptingStoreOptions = {}): EventStore {
  const onErased = options.onErased ?? (() => null);
  const open = (e: RecordedEvent): RecordedEvent => {
    const payload = cipher.decrypt(e.eventId, e.payload, onErased);
    return payload === e.payload ? e : { ...e, payload };
  };
  return {
    async append(streamId: string, events: NewEvent[], appendOptions?: AppendOptions): Promise<AppendResult> {
      const sealed = await Promise.all(
        events.map(async (e) => {
          const payload = (await cipher.encryptByType(e.type, e.schemaVersion, streamId, e.eventId, e.payload as Record<string, unknown>)) as JsonObject;
          return payload === e.payload ? e : { ...e, payload };
        }),
      );
      return inner.append(streamId, sealed, appendOptions);
    },
    async readStream(streamId: string, o?: ReadStreamOptions) {
      return (await inner.readStream(streamId, o)).map(open);
    },
    async readAll(o?: ReadAllOptions) {
      return (await inner.readAll(o)).map(open);
    },
    subscribeToAll(o?: SubscribeOptions): Subscription {
      const sub = inner.subscribeToAll(o);
      return {
        close: () => sub.close(),
        [Symbol.asyncIterator]() {
          const it = sub[Symbol.asyncIterator]();
          return {
            async next() {
              const r = await it.next();
              return r.done ? r : { done: false, value: open(r.value) };
            },
            async return(value?: unknown) {
              return it.return ? it.return(value) : { done: true as const, value: undefined };
            },
          } as AsyncIterator<RecordedEvent>;
        },
      };
    },
    streamVersion: (id: string) => inner.streamVersion(id),
    streamInfo: (id: string): Promise<StreamInfo | undefined> => inner.streamInfo(id),
    getStreamMetadata: (id: string) => inner.getStreamMetadata(id),
    setStreamMetadata: (id: string, m: JsonObject) => inner.setStreamMetadata(id, m),
    async getEvent(eventId: string) {
      const e = await inner.getEvent(eventId);
      return e ? open(e) : e;
    },
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  };
}

/**
 * `inner` seen through the subject keys of the installation in `dataDir` (keys.db + master key):
 * what a read-model rebuild or any other offline reader of clear payloads opens. close() closes
 * both the key store and `inner`.
 */
export async function clearEventStoreFor(inner: EventStore, dataDir: string, options: EncryptingStoreOptions = {}): Promise<EventStore> {
  const { SubjectKeyStore } = await import('./key-store.ts');
  const { PayloadCipher } = await import('./cipher.ts');
  const keys = SubjectKeyStore.open(dataDir);
  const store = encryptingEventStore(inner, new PayloadCipher(keys), options);
  return {
    ...store,
    async close() {
      keys.close();
      await inner.close();
    },
  };
}
