export {
  HASH_SIZE,
  EMPTY_ROOT,
  leafHash,
  nodeHash,
  MemoryNodeStore,
  TreeBuilder,
  rootFromLeafHashes,
  subtreeHash,
  rootAt,
  inclusionProof,
  consistencyProof,
  rootFromInclusionProof,
  verifyInclusion,
  verifyConsistency,
} from './merkle.ts';
export type { NodeReader, NodeStore } from './merkle.ts';

export {
  ALG_ED25519,
  ALG_COSIGNATURE_V1,
  MAX_SIGNATURES,
  NoteError,
  isValidKeyName,
  keyId,
  formatVerifierKey,
  parseVerifierKey,
  parseSignerKey,
  ed25519Verifier,
  cosignatureVerifier,
  cosignatureTimestamp,
  generateNoteKey,
  parseNote,
  formatNote,
  signNote,
  openNote,
} from './note.ts';
export type { Note, NoteSignature, Verifier, Signer, OpenedNote } from './note.ts';

export { CheckpointError, formatCheckpoint, parseCheckpoint, signCheckpoint, openCheckpoint } from './checkpoint.ts';
export type { Checkpoint, OpenCheckpointOptions, OpenedCheckpoint } from './checkpoint.ts';

export { TLOG_PROOF_HEADER, TlogProofError, formatTlogProof, parseTlogProof, verifyTlogProof } from './tlog-proof.ts';
export type { TlogProof, VerifiedTlogProof } from './tlog-proof.ts';

export {
  TILE_HEIGHT,
  TILE_WIDTH,
  encodeTileIndex,
  tilePath,
  entriesPath,
  parseTilePath,
  tilesForSize,
  tileBytes,
  tileNodeReader,
  encodeEntryBundle,
  decodeEntryBundle,
} from './tiles.ts';
export type { ParsedTilePath, TileRef, TileFetcher } from './tiles.ts';

export { decodeBase64Strict } from './encoding.ts';
