// @gongkai/privacy — crypto-shredding of personal data: per-subject data keys wrapped by a master
// key (key-store.ts), field-level AES-256-GCM of the catalog's personal-data paths (cipher.ts), an
// EventStore that encrypts on append and decrypts on read (encrypting-store.ts), and erasure (erase.ts).
export { SubjectKeyStore, MasterKeyError, loadMasterKey, masterKeyId } from './key-store.ts';
export type { DataKey, KeyLookup, ErasureResult } from './key-store.ts';
export { PayloadCipher, ENVELOPE_ALG, isEncryptedValue, subjectRef } from './cipher.ts';
export type { EncryptedValue, ErasedValue } from './cipher.ts';
export { encryptingEventStore, clearEventStoreFor } from './encrypting-store.ts';
export type { EncryptingStoreOptions } from './encrypting-store.ts';
export { eraseSubject, erasureStreamId, ERASURE_EVENT_TYPE, UnknownSubjectError } from './erase.ts';
export type { EraseInput, EraseOutcome } from './erase.ts';
