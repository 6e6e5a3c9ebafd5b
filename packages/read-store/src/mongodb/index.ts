// '@gongkai/read-store/mongodb': the MongoDB adapter, a subpath of its own so that processes on the
// embedded default never load the mongodb driver.
export { MongoReadStore, openMongoReadStore } from './mongo-read-store.ts';
export type { MongoReadStoreOptions } from './mongo-read-store.ts';
