import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  MemoryNodeStore,
  TreeBuilder,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rootAt,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../src/index.ts';
import { hex, readJson } from './helpers.ts';

const basic = readJson('rfc6962-basic.json');
const leaves: Buffer[] = basic.leafInputs.map(hex);

function buildStore(n: number) {
  const store = new MemoryNodeStore();
  const b = new TreeBuilder(store);
  for (const l of leaves.slice(0, n)) b.appendLeaf(l);
  return { store, builder: b };
}

describe('rfc6962-basic.json', () => {
  it('hasher vectors', () => {
    for (const v of basic.hasher) {
      if (v.fn === 'emptyRoot') expect(EMPTY_ROOT.toString('hex')).toBe(v.want);
      else if (v.fn === 'hashLeaf') expect(leafHash(hex(v.input)).toString('hex')).toBe(v.want);
      else if (v.fn === 'hashChildren') expect(nodeHash(hex(v.left), hex(v.right)).toString('hex')).toBe(v.want);
      else throw new Error(`unknown fn ${v.fn}`);
    }
    expect(basic.hasher).toHaveLength(4);
  });

  it('leaf hashes', () => {
    expect(leaves.map((l) => leafHash(l).toString('hex'))).toEqual(basic.leafHashes);
  });

  it('every complete node lands in the node store', () => {
    const { store } = buildStore(8);
    basic.nodeHashesByLevel.forEach((level: string[], l: number) => {
      level.forEach((h, i) => expect(Buffer.from(store.getNode(l, i)!).toString('hex'), `(${l}, ${i})`).toBe(h));
    });
    expect(store.nodeCount).toBe(8 + 4 + 2 + 1);
    expect(store.getNode(0, 8)).toBeUndefined();
  });

  it('roots for sizes 0–8: rootFromLeafHashes, builder, and from the store', () => {
    const { store } = buildStore(8);
    for (const { treeSize, root } of basic.rootsByTreeSize) {
      expect(rootFromLeafHashes(leaves.slice(0, treeSize).map(leafHash)).toString('hex')).toBe(root);
      expect(buildStore(treeSize).builder.root().toString('hex')).toBe(root);
      expect(rootAt(treeSize, store).toString('hex')).toBe(root);
    }
  });

  it('inclusion proofs are generated identically and verify', () => {
    const { store } = buildStore(8);
    const roots = new Map<number, string>(basic.rootsByTreeSize.map((r: any) => [r.treeSize, r.root]));
    for (const p of basic.inclusionProofs) {
      const got = inclusionProof(p.leafIndex, p.treeSize, store).map((h) => h.toString('hex'));
      expect(got).toEqual(p.proof);
      expect(verifyInclusion(leafHash(leaves[p.leafIndex]!), p.leafIndex, p.treeSize, p.proof.map(hex), hex(roots.get(p.treeSize)!))).toBe(true);
    }
    expect(basic.inclusionProofs).toHaveLength(5);
  });

  it('consistency proofs are generated identically and verify', () => {
    const { store } = buildStore(8);
    const roots = new Map<number, string>(basic.rootsByTreeSize.map((r: any) => [r.treeSize, r.root]));
    for (const p of basic.consistencyProofs) {
      const got = consistencyProof(p.size1, p.size2, store).map((h) => h.toString('hex'));
      expect(got).toEqual(p.proof);
      expect(verifyConsistency(p.size1, p.size2, p.proof.map(hex), hex(roots.get(p.size1)!), hex(roots.get(p.size2)!))).toBe(true);
    }
    expect(basic.consistencyProofs).toHaveLength(5);
  });
});

describe('TreeBuilder', () => {
  it('resumes from a node store at any size', () => {
    const store = new MemoryNodeStore();
    const full = new TreeBuilder(store);
    const hashes = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const roots: Buffer[] = [];
    for (const h of hashes) {
      full.appendLeafHash(h);
      roots.push(full.root());
    }
    for (const size of [0, 1, 2, 3, 7, 8, 255, 256, 257, 299]) {
      const b = TreeBuilder.resume(size, store);
      expect(b.size).toBe(size);
      expect(b.root().equals(size === 0 ? EMPTY_ROOT : roots[size - 1]!)).toBe(true);
      for (const h of hashes.slice(size)) b.appendLeafHash(h);
      expect(b.root().equals(roots[299]!)).toBe(true);
    }
  });

  it('does not alias caller buffers', () => {
    const b = new TreeBuilder();
    const h = leafHash(Buffer.from('a'));
    const copy = Buffer.from(h);
    b.appendLeafHash(h);
    h.fill(0);
    expect(b.root().equals(copy)).toBe(true);
  });

  it('rejects non-32-byte leaf hashes', () => {
    expect(() => new TreeBuilder().appendLeafHash(Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('proof construction edge cases', () => {
  const { store } = buildStore(8);
  it('index >= size and size1 = 0 throw', () => {
    expect(() => inclusionProof(8, 8, store)).toThrow(RangeError);
    expect(() => consistencyProof(0, 8, store)).toThrow(RangeError);
    expect(() => consistencyProof(5, 4, store)).toThrow(RangeError);
  });
  it('missing nodes are reported', () => {
    expect(() => inclusionProof(0, 9, store)).toThrow(/missing node/);
  });
  it('equal sizes give an empty consistency proof', () => {
    expect(consistencyProof(5, 5, store)).toEqual([]);
  });
});
