/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles) helpers: resource paths,
 * tile bytes from a node store, a NodeReader over fetched tiles (so a client
 * can compute any proof from tiles), and entry bundles.
 *
 * A tile is 256 hashes (8 Merkle levels) wide: hash i of tile (L, N) is the
 * complete-subtree node at Merkle level 8L, index 256N + i.
 */
import { HASH_SIZE, nodeHash, type NodeReader } from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed "x" (1234067 -> x001/x234/067). */
export function encodeTileIndex(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tile index must be a non-negative safe integer, got ${n}`);
  let s = String(n % 1000).padStart(3, '0');
  for (n = Math.floor(n / 1000); n > 0; n = Math.floor(n / 1000)) s = `x${String(n % 1000).padStart(3, '0')}/${s}`;
  return s;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`tile width must be 1..${TILE_WIDTH}, got ${width}`);
}

/** `tile/<L>/<N>[.p/<W>]` (no leading slash, no prefix). */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  if (!Number.isInteger(level) || level < 0 || level > 63) throw new RangeError(`tile level must be 0..63, got ${level}`);
  checkWidth(width);
  return `tile/${level}/${encodeTileIndex(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** `tile/entries/<N>[.p/<W>]`. */
export function entriesPath(index: number, width: number = TILE_WIDTH): string {
  checkWidth(width);
  return `tile/entries/${encodeTileIndex(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

export type ParsedTilePath =
  | { kind: 'tile'; level: number; index: number; width: number }
  | { kind: 'entries'; index: number; width: number };

const TILE_PATH_RE = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a tile or entry-bundle path (as produced by tilePath/entriesPath); undefined if not canonical. */
export function parseTilePath(path: string): ParsedTilePath | undefined {
  const m = TILE_PATH_RE.exec(path);
  if (!m) return undefined;
  const segs = m[2]!.split('/');
  if (segs.length > 1 && segs[0] === 'x000') return undefined; // no leading zero groups
  let index = 0;
  for (const seg of segs) index = index * 1000 + Number(seg.replace('x', ''));
  if (!Number.isSafeInteger(index)) return undefined;
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (m[3] !== undefined && width >= TILE_WIDTH) return undefined; // partial tiles are 1..255 wide
  if (m[1] === 'entries') return { kind: 'entries', index, width };
  const level = Number(m[1]);
  if (level > 63) return undefined;
  return { kind: 'tile', level, index, width };
}

export interface TileRef {
  level: number;
  index: number;
  width: number;
}

/**
 * Every tile (full and partial) that represents a tree of `size` leaves, level
 * by level. The partial tile at level l has floor(size / 256^l) mod 256 hashes.
 */
export function tilesForSize(size: number): TileRef[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a non-negative safe integer, got ${size}`);
  const out: TileRef[] = [];
  for (let level = 0, count = size; count > 0; level++, count = Math.floor(count / TILE_WIDTH)) {
    const full = Math.floor(count / TILE_WIDTH);
    for (let n = 0; n < full; n++) out.push({ level, index: n, width: TILE_WIDTH });
    const partial = count % TILE_WIDTH;
    if (partial > 0) out.push({ level, index: full, width: partial });
  }
  return out;
}

/** The bytes of tile (level, index) with `width` hashes, read from stored nodes. */
export function tileBytes(level: number, index: number, width: number, store: NodeReader): Buffer {
  checkWidth(width);
  const out = Buffer.allocUnsafe(width * HASH_SIZE);
  const merkleLevel = level * TILE_HEIGHT;
  for (let i = 0; i < width; i++) {
    const h = store.getNode(merkleLevel, index * TILE_WIDTH + i);
    if (!h) throw new Error(`node store is missing node (${merkleLevel}, ${index * TILE_WIDTH + i}) for ${tilePath(level, index, width)}`);
    out.set(h, i * HASH_SIZE);
  }
  return out;
}

/** Fetches a tile's bytes (width hashes); undefined if unavailable. */
export type TileFetcher = (level: number, index: number, width: number) => Uint8Array | undefined;

/**
 * A NodeReader for a tree of `size` leaves backed by its tiles, e.g. fetched
 * from a tlog-tiles log. Nodes between tile levels are recomputed by hashing
 * inside the tile. Feed it to rootAt/inclusionProof/consistencyProof.
 */
export function tileNodeReader(size: number, fetchTile: TileFetcher): NodeReader {
  const cache = new Map<string, Uint8Array | undefined>();
  const getTile = (tl: number, idx: number, width: number): Uint8Array | undefined => {
    const key = `${tl}/${idx}/${width}`;
    if (!cache.has(key)) {
      const t = fetchTile(tl, idx, width);
      if (t !== undefined && t.length !== width * HASH_SIZE) {
        throw new Error(`${tilePath(tl, idx, width)} has ${t.length} bytes, expected ${width * HASH_SIZE}`);
      }
      cache.set(key, t);
    }
    return cache.get(key);
  };
  return {
    getNode(level: number, index: number): Uint8Array | undefined {
      const tl = Math.floor(level / TILE_HEIGHT);
      const span = 2 ** (level % TILE_HEIGHT);
      const first = index * span; // index among the hashes at tile level tl
      const count = Math.floor(size / TILE_WIDTH ** tl); // hashes that exist at tile level tl
      if (first + span > count) return undefined; // not a complete subtree of this tree
      const tileIndex = Math.floor(first / TILE_WIDTH);
      const width = Math.min(TILE_WIDTH, count - tileIndex * TILE_WIDTH);
      const tile = getTile(tl, tileIndex, width);
      if (!tile) return undefined;
      const off = first % TILE_WIDTH;
      let row: Uint8Array[] = [];
      for (let i = 0; i < span; i++) row.push(tile.subarray((off + i) * HASH_SIZE, (off + i + 1) * HASH_SIZE));
      while (row.length > 1) {
        const next: Uint8Array[] = [];
        for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
        row = next;
      }
      return Buffer.from(row[0]!);
    },
  };
}

// ---------------------------------------------------------------------------
// Entry bundles: big-endian uint16 length-prefixed entries.

export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  if (entries.length > TILE_WIDTH) throw new RangeError(`an entry bundle holds at most ${TILE_WIDTH} entries`);
  let total = 0;
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError('entries must be at most 65535 bytes');
    total += 2 + e.length;
  }
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (const e of entries) {
    out.writeUInt16BE(e.length, pos);
    out.set(e, pos + 2);
    pos += 2 + e.length;
  }
  return out;
}

export function decodeEntryBundle(bytes: Uint8Array): Buffer[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < b.length) {
    if (pos + 2 > b.length) throw new Error('truncated entry bundle: dangling length byte');
    const len = b.readUInt16BE(pos);
    if (pos + 2 + len > b.length) throw new Error('truncated entry bundle: entry runs past the end');
    out.push(Buffer.from(b.subarray(pos + 2, pos + 2 + len)));
    pos += 2 + len;
  }
  if (out.length > TILE_WIDTH) throw new Error(`entry bundle has ${out.length} entries, at most ${TILE_WIDTH} allowed`);
  return out;
}
