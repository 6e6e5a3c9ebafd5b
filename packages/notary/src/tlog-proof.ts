/**
 * C2SP tlog-proof (https://c2sp.org/tlog-proof, read at C2SP/C2SP commit
 * 0065ea5b716154a2dd48508e3f905012a16ce5e9): an offline-verifiable inclusion
 * proof bundled with its checkpoint.
 *
 *   c2sp.org/tlog-proof@v1
 *   [extra <base64>]
 *   index <decimal>
 *   <base64 hash>          (zero or more, leaf's sibling first)
 *   <empty line>
 *   <signed checkpoint, verbatim>
 */
import { openCheckpoint, type OpenCheckpointOptions, type Checkpoint } from './checkpoint.ts';
import { decodeBase64Strict, parseDecimal } from './encoding.ts';
import { HASH_SIZE, verifyInclusion } from './merkle.ts';
import type { Verifier } from './note.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque, unauthenticated application data. */
  extra?: Buffer;
  index: number;
  /** Inclusion proof hashes, leaf's sibling first. */
  proof: Buffer[];
  /** The signed checkpoint note, verbatim (ends in "\n"). */
  checkpoint: string;
}

export class TlogProofError extends Error {
  constructor(
    readonly code: 'malformed' | 'inclusion',
    message: string,
  ) {
    super(message);
    this.name = 'TlogProofError';
  }
}

export function formatTlogProof(p: TlogProof): string {
  if (!Number.isSafeInteger(p.index) || p.index < 0) throw new TlogProofError('malformed', 'index must be a non-negative safe integer');
  if (!p.checkpoint.endsWith('\n')) throw new TlogProofError('malformed', 'checkpoint must end in a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra !== undefined) lines.push(`extra ${p.extra.toString('base64')}`);
  lines.push(`index ${p.index}`);
  for (const h of p.proof) {
    if (h.length !== HASH_SIZE) throw new TlogProofError('malformed', `proof hashes must be ${HASH_SIZE} bytes`);
    lines.push(Buffer.from(h).toString('base64'));
  }
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

/** Parses the proof framing; the checkpoint is kept verbatim and not verified here. */
export function parseTlogProof(text: string): TlogProof {
  const bad = (why: string) => new TlogProofError('malformed', `malformed tlog-proof: ${why}`);
  let pos = 0;
  const nextLine = (): string => {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) throw bad('unexpected end of input');
    const line = text.slice(pos, nl);
    pos = nl + 1;
    return line;
  };
  if (nextLine() !== TLOG_PROOF_HEADER) throw bad(`first line must be ${TLOG_PROOF_HEADER}`);
  let line = nextLine();
  let extra: Buffer | undefined;
  if (line.startsWith('extra ')) {
    const b = decodeBase64Strict(line.slice('extra '.length));
    if (!b) throw bad('invalid extra data');
    extra = b;
    line = nextLine();
  }
  if (!line.startsWith('index ')) throw bad('expected "index N" line');
  const index = parseDecimal(line.slice('index '.length));
  if (index === undefined) throw bad('invalid index');
  const proof: Buffer[] = [];
  for (line = nextLine(); line !== ''; line = nextLine()) {
    const h = decodeBase64Strict(line);
    if (!h || h.length !== HASH_SIZE) throw bad('proof lines must be base64 of 32 bytes');
    proof.push(h);
  }
  const checkpoint = text.slice(pos);
  if (checkpoint.length === 0) throw bad('missing checkpoint');
  return extra === undefined ? { index, proof, checkpoint } : { extra, index, proof, checkpoint };
}

export interface VerifiedTlogProof {
  index: number;
  checkpoint: Checkpoint;
  extra?: Buffer;
  witnesses: string[];
}

/**
 * Verifies a tlog-proof offline for an entry whose RFC 6962 leaf hash the
 * caller computed (how an entry maps to a leaf is application-specific):
 * checkpoint signature and origin, witness quorum, then inclusion against
 * the size and root *from the signed checkpoint*.
 */
export function verifyTlogProof(
  text: string | TlogProof,
  leafHash: Uint8Array,
  log: Verifier,
  opts: OpenCheckpointOptions = {},
): VerifiedTlogProof {
  const p = typeof text === 'string' ? parseTlogProof(text) : text;
  const opened = openCheckpoint(p.checkpoint, log, opts);
  const { size, rootHash } = opened.checkpoint;
  if (!verifyInclusion(leafHash, p.index, size, p.proof, rootHash)) {
    throw new TlogProofError('inclusion', `inclusion proof for index ${p.index} does not verify against the checkpoint of size ${size}`);
  }
  const out: VerifiedTlogProof = { index: p.index, checkpoint: opened.checkpoint, witnesses: opened.witnesses };
  if (p.extra !== undefined) out.extra = p.extra;
  return out;
}
