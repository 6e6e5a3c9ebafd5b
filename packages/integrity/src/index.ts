export { canonicalJson, canonicalBytes } from './canonical.ts';
export { sha256, sha256Hex } from './hash.ts';
export { GENESIS_HASH, eventCanonicalBytes, eventHash, verifyChain } from './chain.ts';
export type { HashedEnvelope, ChainBreak } from './chain.ts';
