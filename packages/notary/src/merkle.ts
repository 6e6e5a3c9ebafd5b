/**
 * RFC 6962 / RFC 9162 §2.1 Merkle tree hashing, an incremental tree builder,
 * a node-store abstraction, proof construction and proof verification.
 *
 * Sizes and indexes are plain numbers (safe integers, < 2^53). Bit tricks
 * (`>>`, `&`) are avoided on them on purpose: JS bit operators truncate to
 * 32 bits, which would silently break trees beyond 2^32 leaves.
 */
import { hash as oneShotHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT: Buffer = oneShotHash('sha256', Buffer.alloc(0), 'buffer');

// Scratch buffers for the one-shot hash. `crypto.hash` (Node >= 20.12) avoids
// a Hash object per call and is ~1.5x faster than createHash for small
// inputs; the prefix byte is written in place rather than concatenated.
// Safe to share: hashing is synchronous.
let leafScratch = Buffer.allocUnsafe(4096);
const nodeScratch = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  const n = data.length + 1;
  if (n > leafScratch.length) leafScratch = Buffer.allocUnsafe(Math.max(n, leafScratch.length * 2));
  leafScratch[0] = 0x00;
  leafScratch.set(data, 1);
  return oneShotHash('sha256', leafScratch.subarray(0, n), 'buffer');
}

/** SHA-256(0x01 || left || right). Children are normally 32 bytes; other sizes are hashed as given. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_SIZE);
    return oneShotHash('sha256', nodeScratch, 'buffer');
  }
  const buf = Buffer.allocUnsafe(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return oneShotHash('sha256', buf, 'buffer');
}

// ---------------------------------------------------------------------------
// Node store

/**
 * Read access to stored Merkle nodes. `getNode(level, index)` returns the hash
 * of the *complete* subtree covering leaves [index * 2^level, (index+1) * 2^level),
 * i.e. MTH(D[index·2^level : (index+1)·2^level]); level 0 holds leaf hashes.
 * Nodes of incomplete (right-edge) subtrees are never stored: they change as
 * the log grows and are recomputed from complete ones.
 *
 * Synchronous on purpose (better-sqlite3 is synchronous). Maps one-to-one
 * onto a table
 *
 *   CREATE TABLE merkle_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL,
 *     hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
 *
 * which holds exactly what c2sp.org/tlog-tiles needs: tile (L, N) hash i is
 * node (8L, 256N + i).
 */
export interface NodeReader {
  getNode(level: number, index: number): Uint8Array | undefined;
}

/** A node store that can also be written; nodes are immutable once written. */
export interface NodeStore extends NodeReader {
  putNode(level: number, index: number, hash: Uint8Array): void;
}

/** In-memory NodeStore: one growable byte array per level, 32 bytes per node. */
export class MemoryNodeStore implements NodeStore {
  private levels: { bytes: Uint8Array; present: Uint8Array }[] = [];
  private count = 0;

  /** Number of nodes stored. */
  get nodeCount(): number {
    return this.count;
  }

  putNode(level: number, index: number, hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new RangeError(`node hash must be ${HASH_SIZE} bytes`);
    checkIndex(level, 'level');
    checkIndex(index, 'index');
    let l = this.levels[level];
    if (!l) {
      for (let i = this.levels.length; i <= level; i++) this.levels.push({ bytes: new Uint8Array(0), present: new Uint8Array(0) });
      l = this.levels[level]!;
    }
    if (index >= l.present.length) {
      const cap = Math.max(index + 1, l.present.length * 2, 64);
      const bytes = new Uint8Array(cap * HASH_SIZE);
      bytes.set(l.bytes);
      const present = new Uint8Array(cap);
      present.set(l.present);
      l.bytes = bytes;
      l.present = present;
    }
    if (l.present[index] === 0) this.count++;
    l.bytes.set(hash, index * HASH_SIZE);
    l.present[index] = 1;
  }

  getNode(level: number, index: number): Uint8Array | undefined {
    const l = this.levels[level];
    if (!l || index >= l.present.length || l.present[index] !== 1) return undefined;
    // Copy so callers cannot mutate the store.
    return Buffer.from(l.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE));
  }
}

function checkIndex(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

// ---------------------------------------------------------------------------
// Incremental builder (compact range over [0, size))

/**
 * Appends leaf hashes one at a time keeping only the right frontier: the
 * roots of the perfect subtrees that make up [0, size) (one per set bit of
 * size), so memory is O(log n) and each append costs amortised ~1 node hash.
 * When given a store, every complete node formed is written to it (leaf,
 * then each parent completed by this append), which is all that proofs and
 * tiles need.
 */
export class TreeBuilder {
  private frontierHashes: Buffer[] = [];
  private n = 0;

  constructor(private readonly store?: NodeStore) {}

  /**
   * Rebuilds the frontier for a tree of `size` leaves from a store that holds
   * its complete nodes (e.g. after a restart), reading one node per set bit.
   */
  static resume(size: number, store: NodeStore): TreeBuilder {
    checkIndex(size, 'size');
    const b = new TreeBuilder(store);
    let start = 0;
    for (let level = 52; level >= 0; level--) {
      const w = 2 ** level;
      if (size - start >= w) {
        const h = store.getNode(level, start / w);
        if (!h) throw new Error(`node store is missing node (${level}, ${start / w}) for size ${size}`);
        b.frontierHashes.push(Buffer.from(h));
        start += w;
      }
    }
    b.n = size;
    return b;
  }

  get size(): number {
    return this.n;
  }

  /** Appends an RFC 6962 leaf hash; returns the leaf's index. */
  appendLeafHash(hash: Uint8Array): number {
    if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    const index = this.n;
    let h: Uint8Array = hash;
    const store = this.store;
    store?.putNode(0, index, h);
    // Merge with the frontier while the corresponding bit of `index` is set.
    let level = 0;
    let i = index;
    while (i % 2 === 1) {
      h = nodeHash(this.frontierHashes.pop()!, h);
      level++;
      i = (i - 1) / 2;
      store?.putNode(level, i, h);
    }
    // A leaf kept on the frontier unmerged is copied: the caller owns its buffer.
    this.frontierHashes.push(level === 0 ? Buffer.from(h) : (h as Buffer));
    this.n = index + 1;
    return index;
  }

  /** Hashes `data` as a leaf and appends it; returns the leaf's index. */
  appendLeaf(data: Uint8Array): number {
    return this.appendLeafHash(leafHash(data));
  }

  /** MTH(D[0:size]). */
  root(): Buffer {
    const f = this.frontierHashes;
    if (f.length === 0) return Buffer.from(EMPTY_ROOT);
    let r = f[f.length - 1]!;
    for (let i = f.length - 2; i >= 0; i--) r = nodeHash(f[i]!, r);
    return Buffer.from(r);
  }

  /** The perfect-subtree roots, largest (leftmost) first. */
  frontier(): Buffer[] {
    return this.frontierHashes.map((h) => Buffer.from(h));
  }
}

/** MTH of a list of leaf hashes (streams through a TreeBuilder). */
export function rootFromLeafHashes(hashes: Iterable<Uint8Array>): Buffer {
  const b = new TreeBuilder();
  for (const h of hashes) b.appendLeafHash(h);
  return b.root();
}

// ---------------------------------------------------------------------------
// Proof construction from a node store

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPow2(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** MTH(D[start:end]) from stored complete nodes; O(log n) lookups. */
export function subtreeHash(store: NodeReader, start: number, end: number): Buffer {
  const n = end - start;
  if (n <= 0) throw new RangeError(`empty range [${start}, ${end})`);
  if (isPow2(n) && start % n === 0) {
    const level = Math.round(Math.log2(n));
    const h = store.getNode(level, start / n);
    if (!h) throw new Error(`node store is missing node (${level}, ${start / n})`);
    return Buffer.from(h);
  }
  const k = splitPoint(n);
  return nodeHash(subtreeHash(store, start, start + k), subtreeHash(store, start + k, end));
}

/** Root of the tree of the first `size` leaves held in `store`. */
export function rootAt(size: number, store: NodeReader): Buffer {
  checkIndex(size, 'size');
  return size === 0 ? Buffer.from(EMPTY_ROOT) : subtreeHash(store, 0, size);
}

/** RFC 6962 §2.1.1 PATH(index, D[0:size]), leaf's sibling first. */
export function inclusionProof(index: number, size: number, store: NodeReader): Buffer[] {
  checkIndex(index, 'index');
  checkIndex(size, 'size');
  if (index >= size) throw new RangeError(`index ${index} is not below tree size ${size}`);
  const path: Buffer[] = [];
  let start = 0;
  let n = size;
  let m = index;
  // Walk down from the root, collecting the sibling subtree at each split.
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      path.push(subtreeHash(store, start + k, start + n));
      n = k;
    } else {
      path.push(subtreeHash(store, start, start + k));
      m -= k;
      start += k;
      n -= k;
    }
  }
  return path.reverse();
}

/** RFC 6962 §2.1.2 PROOF(m, D[0:n]) for 0 < m <= n (empty when m = n). */
export function consistencyProof(m: number, n: number, store: NodeReader): Buffer[] {
  checkIndex(m, 'size1');
  checkIndex(n, 'size2');
  if (m === 0) throw new RangeError('consistency proof from an empty tree is meaningless');
  if (m > n) throw new RangeError(`size1 ${m} exceeds size2 ${n}`);
  const out: Buffer[] = [];
  let start = 0;
  let size = n;
  let mm = m;
  let complete = true; // SUBPROOF's b flag: is the old tree this very subtree?
  while (mm !== size) {
    const k = splitPoint(size);
    if (mm <= k) {
      out.push(subtreeHash(store, start + k, start + size));
      size = k;
    } else {
      out.push(subtreeHash(store, start, start + k));
      mm -= k;
      start += k;
      size -= k;
      complete = false;
    }
  }
  if (!complete) out.push(subtreeHash(store, start, start + size));
  return out.reverse();
}

// ---------------------------------------------------------------------------
// Verification (RFC 9162 §2.1.3.2 and §2.1.4.2, with transparency-dev's edge
// rules: index < size, 32-byte hashes, no proof from size 0, exact lengths).

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Root implied by an inclusion proof, or undefined when the proof is
 * malformed for (index, size) — wrong length or a non-32-byte element.
 */
export function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (!isHash(leaf) || !proof.every(isHash)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return undefined; // proof too long
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return undefined; // proof too short
  return r;
}

/** RFC 9162 §2.1.3.2: does `proof` show `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const r = rootFromInclusionProof(leaf, index, size, proof);
  return r !== undefined && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree (size1, root1) is a prefix of
 * (size2, root2)? size1 = 0 is always rejected (nothing to prove), and
 * size1 = size2 needs an empty proof and equal roots.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 <= 0 || size2 < size1) return false;
  // Equal sizes: nothing to hash, the roots must simply match (any length, as
  // in transparency-dev; a probe checks this).
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash)) return false;
  if (proof.length === 0) return false;
  // Step 2: if size1 is a power of two, the old root is itself a node on the path.
  const path = isPow2(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false; // proof too long
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
