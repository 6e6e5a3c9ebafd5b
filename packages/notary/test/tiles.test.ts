import { describe, expect, it } from 'vitest';
import {
  MemoryNodeStore,
  TreeBuilder,
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  entriesPath,
  inclusionProof,
  leafHash,
  parseTilePath,
  rootAt,
  tileBytes,
  tileNodeReader,
  tilePath,
  tilesForSize,
  consistencyProof,
} from '../src/index.ts';

describe('tile paths', () => {
  it('encodes indexes as x-prefixed 3-digit groups', () => {
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(67)).toBe('067');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(tilePath(0, 1234067)).toBe('tile/0/x001/x234/067');
    expect(tilePath(2, 5, 17)).toBe('tile/2/005.p/17');
    expect(entriesPath(1234067, 255)).toBe('tile/entries/x001/x234/067.p/255');
    expect(() => tilePath(64, 0)).toThrow(RangeError);
    expect(() => tilePath(0, 0, 0)).toThrow(RangeError);
    expect(() => tilePath(0, 0, 257)).toThrow(RangeError);
  });

  it('parses canonical paths and rejects the rest', () => {
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ kind: 'tile', level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('tile/12/005.p/17')).toEqual({ kind: 'tile', level: 12, index: 5, width: 17 });
    expect(parseTilePath('tile/entries/x001/000.p/1')).toEqual({ kind: 'entries', index: 1000, width: 1 });
    for (const bad of ['tile/00/000', 'tile/64/000', 'tile/0/67', 'tile/0/x000/067', 'tile/0/001/002', 'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/0/000.p/01', '/tile/0/000']) {
      expect(parseTilePath(bad), bad).toBeUndefined();
    }
    for (const [l, n, w] of [[0, 0, 256], [3, 999, 1], [0, 1000, 255], [1, 123456789, 256]] as const) {
      const p = tilePath(l, n, w);
      expect(parseTilePath(p)).toEqual({ kind: 'tile', level: l, index: n, width: w });
    }
  });

  it('tilesForSize matches the spec examples', () => {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of width 112,
    //  one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1"
    const t = tilesForSize(70_000);
    expect(t.filter((x) => x.level === 0 && x.width === 256)).toHaveLength(273);
    expect(t.filter((x) => x.level === 0 && x.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(t.filter((x) => x.level === 1)).toEqual([{ level: 1, index: 0, width: 256 }, { level: 1, index: 1, width: 17 }]);
    expect(t.filter((x) => x.level === 2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(t).toHaveLength(273 + 1 + 2 + 1);
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
    expect(tilesForSize(256)).toEqual([{ level: 0, index: 0, width: 256 }, { level: 1, index: 0, width: 1 }]);
    expect(tilesForSize(0)).toEqual([]);
  });
});

describe('tiles over a multi-level tree', () => {
  const size = 256 * 256 + 256 * 3 + 77; // 66381: full level-1 tile, partial level-1 and level-2 tiles
  const store = new MemoryNodeStore();
  const b = new TreeBuilder(store);
  for (let i = 0; i < size; i++) b.appendLeafHash(leafHash(Buffer.from(`e${i}`)));
  const tiles = new Map(tilesForSize(size).map((t) => [tilePath(t.level, t.index, t.width), tileBytes(t.level, t.index, t.width, store)]));

  it('level-1 tile hashes are roots of full level-0 tiles', () => {
    const l1 = tiles.get(tilePath(1, 0))!;
    expect(l1.subarray(0, 32).equals(rootAt(256, store))).toBe(true);
    const l2 = tiles.get(tilePath(2, 0, 1))!;
    expect(l2.equals(rootAt(65536, store))).toBe(true);
  });

  it('a tile-backed reader reproduces roots and proofs from the node store', () => {
    const reader = tileNodeReader(size, (l, n, w) => tiles.get(tilePath(l, n, w)));
    expect(rootAt(size, reader).equals(b.root())).toBe(true);
    for (const i of [0, 1, 255, 256, 65535, 65536, size - 1]) {
      expect(inclusionProof(i, size, reader)).toEqual(inclusionProof(i, size, store));
    }
    for (const m of [1, 256, 257, 65536, 66000]) {
      expect(consistencyProof(m, size, reader)).toEqual(consistencyProof(m, size, store));
    }
    // nodes beyond the tree are not served
    expect(reader.getNode(0, size)).toBeUndefined();
    expect(reader.getNode(16, 1)).toBeUndefined();
  });
});

describe('entry bundles', () => {
  it('round-trips and rejects truncation / oversize', () => {
    const entries = [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(65535, 7)];
    const bytes = encodeEntryBundle(entries);
    const decoded = decodeEntryBundle(bytes);
    expect(decoded).toHaveLength(3);
    decoded.forEach((d, i) => expect(d.equals(entries[i]!)).toBe(true));
    expect(() => decodeEntryBundle(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodeEntryBundle(Buffer.from([0]))).toThrow(/truncated/);
    expect(() => encodeEntryBundle([Buffer.alloc(65536)])).toThrow(RangeError);
  });
});
