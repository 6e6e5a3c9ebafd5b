/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n...]
 *
 * signed as a signed-note by the log (and optionally cosigned by witnesses).
 */
import { decodeBase64Strict, parseDecimal } from './encoding.ts';
import { HASH_SIZE } from './merkle.ts';
import { NoteError, openNote, signNote, type NoteSignature, type Signer, type Verifier } from './note.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Opaque extension lines (NOT RECOMMENDED by the spec), without newlines. */
  extensions: string[];
}

export class CheckpointError extends Error {
  constructor(
    readonly code: 'malformed' | 'origin-mismatch' | 'unverified' | 'quorum',
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** The checkpoint's note text (what gets signed); always ends in "\n". */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) throw new CheckpointError('malformed', 'origin must be a non-empty single line');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new CheckpointError('malformed', 'size must be a non-negative safe integer');
  if (cp.rootHash.length !== HASH_SIZE) throw new CheckpointError('malformed', `root hash must be ${HASH_SIZE} bytes`);
  for (const e of cp.extensions) {
    if (e.length === 0 || e.includes('\n')) throw new CheckpointError('malformed', 'extension lines must be non-empty single lines');
  }
  return [cp.origin, String(cp.size), Buffer.from(cp.rootHash).toString('base64'), ...cp.extensions].join('\n') + '\n';
}

/** Parses a checkpoint's note text (not the signed note — see openCheckpoint). */
export function parseCheckpoint(text: string): Checkpoint {
  const bad = (why: string) => new CheckpointError('malformed', `malformed checkpoint: ${why}`);
  if (!text.endsWith('\n')) throw bad('text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('expected origin, size and root hash lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw bad('empty origin');
  const size = parseDecimal(sizeLine);
  if (size === undefined) throw bad(`invalid tree size ${JSON.stringify(sizeLine)}`);
  const rootHash = decodeBase64Strict(rootLine);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw bad('root hash must be base64 of 32 bytes');
  if (extensions.some((e) => e.length === 0)) throw bad('empty extension line');
  return { origin, size, rootHash, extensions };
}

/** Formats and signs a checkpoint; returns the signed note. */
export function signCheckpoint(cp: Checkpoint, signers: readonly Signer[]): string {
  return signNote(formatCheckpoint(cp), signers);
}

export interface OpenCheckpointOptions {
  /** Expected origin line; defaults to the log verifier's key name. */
  origin?: string;
  /** Witness (cosigner) verifiers; their signatures count towards `witnessQuorum`. */
  witnesses?: readonly Verifier[];
  /** Minimum number of distinct witnesses that must have cosigned (default 0). */
  witnessQuorum?: number;
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  /** The signed note text (checkpoint body). */
  text: string;
  /** Names of the witnesses whose cosignatures verified. */
  witnesses: string[];
  /** Signatures by keys not given (kept, e.g. for re-publishing). */
  unverified: NoteSignature[];
}

/**
 * Verifies a signed checkpoint: the log's signature must be present and
 * valid, the origin must match, any known witness signature must be valid,
 * and at least `witnessQuorum` witnesses must have cosigned.
 */
export function openCheckpoint(signedNote: string | Uint8Array, log: Verifier, opts: OpenCheckpointOptions = {}): OpenedCheckpoint {
  const witnesses = opts.witnesses ?? [];
  let opened;
  try {
    opened = openNote(signedNote, [log, ...witnesses]);
  } catch (e) {
    if (e instanceof NoteError && e.code === 'unverified') throw new CheckpointError('unverified', 'checkpoint is not signed by the log key');
    throw e;
  }
  if (!opened.verified.some((v) => v.verifier === log)) {
    throw new CheckpointError('unverified', 'checkpoint is not signed by the log key');
  }
  const checkpoint = parseCheckpoint(opened.text);
  const origin = opts.origin ?? log.name;
  if (checkpoint.origin !== origin) {
    throw new CheckpointError('origin-mismatch', `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(origin)}`);
  }
  const names = [...new Set(opened.verified.filter((v) => v.verifier !== log && witnesses.includes(v.verifier)).map((v) => v.verifier.name))];
  const quorum = opts.witnessQuorum ?? 0;
  if (names.length < quorum) {
    throw new CheckpointError('quorum', `checkpoint has ${names.length} of the ${quorum} required witness cosignatures`);
  }
  return { checkpoint, text: opened.text, witnesses: names, unverified: opened.unverified };
}
