// @gongkai/read-store — the disclosure read model: its documents, the port every adapter
// implements, the embedded SQLite adapter, the replay of a record for a viewer, and party tokens.
// The contract suite imports vitest and lives at '@gongkai/read-store/contract'.
export * from './model.ts';
export * from './port.ts';
export * from './views.ts';
export { normalizeSearchText, searchPlan, trigramsOf } from './search.ts';
export type { SearchPlan } from './search.ts';
export { openSqliteReadStore, SqliteReadStore } from './sqlite/sqlite-read-store.ts';
export type { SqliteReadStoreOptions } from './sqlite/sqlite-read-store.ts';
export { READ_SCHEMA_VERSION } from './sqlite/schema.ts';
export { PartyTokenRegistry, looksLikePartyToken } from './party-tokens.ts';
export type { IssuedPartyToken, PartyPrincipal, PartyToken } from './party-tokens.ts';
