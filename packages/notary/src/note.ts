/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 (type 0x01)
 * signatures, plus Ed25519 witness cosignatures (type 0x04,
 * https://c2sp.org/tlog-cosignature, `cosignature/v1`).
 *
 * A note is: text ending in "\n", a blank line, then one or more lines
 * "— <key name> base64(keyID[4] || signature)\n". The signed message is the
 * text including its final newline, excluding the blank separator line.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict } from './encoding.ts';

export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;

/** Upper bound on signature lines accepted when parsing (spec: at least 16). */
export const MAX_SIGNATURES = 100;

const EM_DASH_PREFIX = '\u2014 ';

export class NoteError extends Error {
  constructor(
    readonly code: 'malformed' | 'unverified' | 'invalid-signature' | 'bad-key',
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteSignature {
  /** Key name as written on the signature line. */
  name: string;
  /** Big-endian uint32 key ID (first 4 bytes of the decoded blob). */
  keyId: number;
  /** Signature bytes after the key ID. */
  signature: Buffer;
}

export interface Note {
  /** Signed text, ending in "\n". */
  text: string;
  signatures: NoteSignature[];
}

export interface Verifier {
  readonly name: string;
  readonly keyId: number;
  /** Verifies `sig` (without key ID) over the note text `msg`. */
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

export interface Signer {
  readonly name: string;
  readonly keyId: number;
  /** Signs the note text `msg`; returns the signature without key ID. */
  sign(msg: Uint8Array): Uint8Array;
}

// ---------------------------------------------------------------------------
// Keys

// DER prefixes turning raw Ed25519 key bytes into PKCS#8 / SPKI for node:crypto.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True if the JS string encodes to valid UTF-8 (no lone surrogates). */
function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE_RE.test(s);
}

export function isValidKeyName(name: string): boolean {
  // Non-empty, no Unicode white space (incl. U+0085 as in Go's unicode.IsSpace), no '+'.
  return name.length > 0 && !/[\s\u0085+]/.test(name) && isWellFormed(name);
}

/** key ID = SHA-256(name || 0x0A || type || public key)[:4], as a uint32. */
export function keyId(name: string, alg: number, publicKey: Uint8Array): number {
  const h = createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, alg])).update(publicKey).digest();
  return h.readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(priv: KeyObject): Buffer {
  const der = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** Formats a verifier key: `name+hex(keyID)+base64(type || public key)`. */
export function formatVerifierKey(name: string, alg: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError('bad-key', `invalid key name ${JSON.stringify(name)}`);
  return `${name}+${hex8(keyId(name, alg, publicKey))}+${Buffer.concat([Buffer.from([alg]), publicKey]).toString('base64')}`;
}

function splitKey(s: string, prefixParts: number): string[] | undefined {
  // The base64 tail may itself contain '+': split only on the first separators.
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < prefixParts; i++) {
    const j = rest.indexOf('+');
    if (j < 0) return undefined;
    parts.push(rest.slice(0, j));
    rest = rest.slice(j + 1);
  }
  parts.push(rest);
  return parts;
}

interface DecodedKey {
  name: string;
  id: number;
  alg: number;
  key: Buffer;
}

function decodeKey(s: string, prefixParts: number, what: string): DecodedKey {
  const parts = splitKey(s, prefixParts);
  const bad = (why: string) => new NoteError('bad-key', `malformed ${what}: ${why}`);
  if (!parts) throw bad('expected name+hash+base64');
  const [name, idHex, b64] = parts.slice(-3) as [string, string, string];
  if (!isValidKeyName(name)) throw bad('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw bad('key hash must be 8 lowercase hex digits');
  const bytes = decodeBase64Strict(b64);
  if (!bytes || bytes.length < 2) throw bad('invalid base64 key');
  return { name, id: parseInt(idHex, 16), alg: bytes[0]!, key: bytes.subarray(1) };
}

/** Parses a verifier key (`name+hash+base64(type||key)`); Ed25519 (0x01) and Ed25519 cosignature (0x04). */
export function parseVerifierKey(vkey: string): Verifier {
  const k = decodeKey(vkey, 2, 'verifier key');
  if (k.alg !== ALG_ED25519 && k.alg !== ALG_COSIGNATURE_V1) {
    throw new NoteError('bad-key', `unsupported verifier key type 0x${k.alg.toString(16).padStart(2, '0')}`);
  }
  if (k.key.length !== 32) throw new NoteError('bad-key', 'Ed25519 public key must be 32 bytes');
  if (keyId(k.name, k.alg, k.key) !== k.id) throw new NoteError('bad-key', 'verifier key hash does not match the key');
  return k.alg === ALG_ED25519 ? ed25519Verifier(k.name, k.key) : cosignatureVerifier(k.name, k.key);
}

/** An Ed25519 (type 0x01) note verifier from a raw 32-byte public key. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): Verifier & { publicKey: Buffer } {
  const pub = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: keyId(name, ALG_ED25519, publicKey),
    publicKey: Buffer.from(publicKey),
    verify: (msg, sig) => sig.length === 64 && verify(null, msg, pub, sig),
  };
}

/**
 * Parses a signer key `PRIVATE+KEY+name+hash+base64(type || 32-byte seed)`.
 * Type 0x01 signs notes; type 0x04 makes `cosignature/v1` witness
 * cosignatures stamped with `now()` (default Date.now).
 */
export function parseSignerKey(
  skey: string,
  opts: { now?: () => number } = {},
): Signer & { publicKey: Buffer; verifierKey: string } {
  if (!skey.startsWith('PRIVATE+KEY+')) throw new NoteError('bad-key', 'malformed signer key: missing PRIVATE+KEY+ prefix');
  const k = decodeKey(skey, 4, 'signer key');
  if (k.alg !== ALG_ED25519 && k.alg !== ALG_COSIGNATURE_V1) {
    throw new NoteError('bad-key', `unsupported signer key type 0x${k.alg.toString(16).padStart(2, '0')}`);
  }
  if (k.key.length !== 32) throw new NoteError('bad-key', 'Ed25519 seed must be 32 bytes');
  const priv = ed25519PrivateKeyObject(k.key);
  const pub = rawPublicKey(priv);
  if (keyId(k.name, k.alg, pub) !== k.id) throw new NoteError('bad-key', 'signer key hash does not match the key');
  const base = k.alg === ALG_ED25519 ? ed25519SignerFromKey(k.name, priv, pub) : cosignerFromKey(k.name, priv, pub, opts.now);
  return { ...base, publicKey: pub, verifierKey: formatVerifierKey(k.name, k.alg, pub) };
}

function ed25519SignerFromKey(name: string, priv: KeyObject, pub: Buffer): Signer {
  return { name, keyId: keyId(name, ALG_ED25519, pub), sign: (msg) => sign(null, msg, priv) };
}

/**
 * Generates a fresh Ed25519 key pair in note key formats. `alg` 0x04 makes
 * a witness cosigner key instead of a note-signing key.
 */
export function generateNoteKey(name: string, alg: number = ALG_ED25519): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new NoteError('bad-key', `invalid key name ${JSON.stringify(name)}`);
  if (alg !== ALG_ED25519 && alg !== ALG_COSIGNATURE_V1) throw new NoteError('bad-key', 'unsupported key type');
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(der.length - 32);
  const pub = rawPublicKey(privateKey);
  const id = hex8(keyId(name, alg, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([alg]), seed]).toString('base64')}`,
    verifierKey: formatVerifierKey(name, alg, pub),
  };
}

// ---------------------------------------------------------------------------
// Cosignatures (c2sp.org/tlog-cosignature, Ed25519 flavour)

function cosignedMessage(timestamp: bigint, msg: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${timestamp}\n`, 'utf8'), msg]);
}

/** Verifier for Ed25519 `cosignature/v1` witness signatures (blob = u64 timestamp || sig). */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): Verifier & { publicKey: Buffer } {
  const pub = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: keyId(name, ALG_COSIGNATURE_V1, publicKey),
    publicKey: Buffer.from(publicKey),
    verify: (msg, sig) => {
      if (sig.length !== 8 + 64) return false;
      const ts = Buffer.from(sig).readBigUInt64BE(0);
      if (ts >= 2n ** 63n) return false;
      return verify(null, cosignedMessage(ts, msg), pub, sig.subarray(8));
    },
  };
}

/** Timestamp carried in an Ed25519 cosignature blob (seconds since the epoch). */
export function cosignatureTimestamp(sig: Uint8Array): bigint | undefined {
  return sig.length === 72 ? Buffer.from(sig).readBigUInt64BE(0) : undefined;
}

function cosignerFromKey(name: string, priv: KeyObject, pub: Buffer, now: () => number = Date.now): Signer {
  return {
    name,
    keyId: keyId(name, ALG_COSIGNATURE_V1, pub),
    sign: (msg) => {
      const ts = BigInt(Math.floor(now() / 1000));
      const out = Buffer.alloc(72);
      out.writeBigUInt64BE(ts, 0);
      sign(null, cosignedMessage(ts, msg), priv).copy(out, 8);
      return out;
    },
  };
}

// ---------------------------------------------------------------------------
// Parse / format

function malformed(why: string): NoteError {
  return new NoteError('malformed', `malformed note: ${why}`);
}

// Control characters other than "\n" are forbidden anywhere in a note.
const CONTROL_RE = /[\u0000-\u0009\u000b-\u001f]/;

/** Splits a signed note into text and signatures without verifying anything. */
export function parseNote(note: string | Uint8Array): Note {
  let s: string;
  if (typeof note === 'string') {
    if (!isWellFormed(note)) throw malformed('not valid UTF-8');
    s = note;
  } else {
    try {
      s = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw malformed('not valid UTF-8');
    }
  }
  if (CONTROL_RE.test(s)) throw malformed('contains control characters');
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before signatures');
  const text = s.slice(0, split + 1);
  const sigBlock = s.slice(split + 2);
  if (sigBlock.length === 0 || !sigBlock.endsWith('\n')) throw malformed('signature block must be non-empty and end in a newline');
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(EM_DASH_PREFIX)) throw malformed(`signature line must start with "— ": ${JSON.stringify(line)}`);
    const rest = line.slice(EM_DASH_PREFIX.length);
    const sp = rest.indexOf(' ');
    if (sp < 0) throw malformed('signature line missing signature');
    const name = rest.slice(0, sp);
    if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
    const blob = decodeBase64Strict(rest.slice(sp + 1));
    if (!blob || blob.length < 5) throw malformed('invalid signature encoding');
    signatures.push({ name, keyId: blob.readUInt32BE(0), signature: Buffer.from(blob.subarray(4)) });
  }
  return { text, signatures };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw malformed('text must end in a newline');
  if (!isWellFormed(text) || CONTROL_RE.test(text)) throw malformed('text must be UTF-8 without control characters');
}

/** Formats a note from its text and signatures. */
export function formatNote(note: Note): string {
  checkText(note.text);
  let out = `${note.text}\n`;
  for (const s of note.signatures) {
    if (!isValidKeyName(s.name)) throw malformed(`invalid key name ${JSON.stringify(s.name)}`);
    const blob = Buffer.alloc(4 + s.signature.length);
    blob.writeUInt32BE(s.keyId >>> 0, 0);
    Buffer.from(s.signature).copy(blob, 4);
    out += `${EM_DASH_PREFIX}${s.name} ${blob.toString('base64')}\n`;
  }
  return out;
}

/** Signs `text` with each signer and returns the formatted note. */
export function signNote(text: string, signers: readonly Signer[], existing: readonly NoteSignature[] = []): string {
  checkText(text);
  if (signers.length === 0 && existing.length === 0) throw malformed('a note needs at least one signature');
  const msg = Buffer.from(text, 'utf8');
  const signatures = [...existing, ...signers.map((s) => ({ name: s.name, keyId: s.keyId, signature: Buffer.from(s.sign(msg)) }))];
  return formatNote({ text, signatures });
}

export interface OpenedNote extends Note {
  /** Signatures made by known keys, all verified. */
  verified: { verifier: Verifier; signature: NoteSignature }[];
  /** Signatures by keys not in the verifier list (ignored, kept for re-publishing). */
  unverified: NoteSignature[];
}

/**
 * Parses and verifies a note. Signatures whose (name, key ID) matches no
 * verifier are ignored; a signature by a known key that fails to verify
 * rejects the whole note; a note with no verified signature is rejected.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  const parsed = parseNote(note);
  const byKey = new Map<string, Verifier>();
  for (const v of verifiers) byKey.set(`${v.name}\u0000${v.keyId}`, v);
  const msg = Buffer.from(parsed.text, 'utf8');
  const verified: OpenedNote['verified'] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of parsed.signatures) {
    const k = `${sig.name}\u0000${sig.keyId}`;
    const v = byKey.get(k);
    if (!v) {
      unverified.push(sig);
      continue;
    }
    if (!v.verify(msg, sig.signature)) {
      throw new NoteError('invalid-signature', `invalid signature by ${sig.name}+${hex8(sig.keyId)}`);
    }
    if (seen.has(k)) continue; // same key twice counts once
    seen.add(k);
    verified.push({ verifier: v, signature: sig });
  }
  if (verified.length === 0) throw new NoteError('unverified', 'note has no signature from a known key');
  return { ...parsed, verified, unverified };
}
