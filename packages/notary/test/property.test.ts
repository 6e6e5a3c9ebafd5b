import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MemoryNodeStore,
  TreeBuilder,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from '../src/index.ts';
import { EMPTY_ROOT } from '../src/merkle.ts';

// Straight transcription of RFC 6962 §2.1 MTH, as an independent reference.
function mth(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  if (hashes.length === 1) return hashes[0]!;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

const MAX = 300;
const leafHashes = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from(`leaf-${i}`)));
const store = new MemoryNodeStore();
const builder = new TreeBuilder(store);
const roots: Buffer[] = [EMPTY_ROOT];
for (const h of leafHashes) {
  builder.appendLeafHash(h);
  roots.push(builder.root());
}

function flipBit(bufs: Buffer[], which: number, bit: number): Buffer[] {
  return bufs.map((b, i) => {
    if (i !== which) return b;
    const c = Buffer.from(b);
    c[bit >> 3]! ^= 1 << (bit & 7);
    return c;
  });
}

describe('property: random trees', () => {
  it('incremental roots equal the recursive MTH', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (n) => {
        expect(roots[n]!.equals(mth(leafHashes.slice(0, n)))).toBe(true);
        expect(rootAt(n, store).equals(roots[n]!)).toBe(true);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it('inclusion proofs verify; any single-bit mutation fails', () => {
    const arb = fc
      .integer({ min: 1, max: MAX })
      .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), fc.nat(), fc.integer({ min: 0, max: 255 })));
    fc.assert(
      fc.property(arb, ([size, index, pick, bit]) => {
        const proof = inclusionProof(index, size, store);
        const leaf = leafHashes[index]!;
        const root = roots[size]!;
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
        // Mutate one bit of: the leaf, the root, or one proof element.
        const targets = proof.length + 2;
        const t = pick % targets;
        if (t === 0) expect(verifyInclusion(flipBit([leaf], 0, bit)[0]!, index, size, proof, root)).toBe(false);
        else if (t === 1) expect(verifyInclusion(leaf, index, size, proof, flipBit([root], 0, bit)[0]!)).toBe(false);
        else expect(verifyInclusion(leaf, index, size, flipBit(proof, t - 2, bit), root)).toBe(false);
        // Wrong index, truncated and extended proofs fail too. (A wrong size is
        // not always detectable from the path alone — e.g. index 0 has the
        // same path shape in trees of 5 and 6 — which is why size and root must
        // come from the same signed checkpoint.)
        if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('consistency proofs verify; any single-bit mutation fails', () => {
    const arb = fc
      .integer({ min: 1, max: MAX })
      .chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2), fc.nat(), fc.integer({ min: 0, max: 255 })));
    fc.assert(
      fc.property(arb, ([size1, size2, pick, bit]) => {
        const proof = consistencyProof(size1, size2, store);
        const r1 = roots[size1]!;
        const r2 = roots[size2]!;
        expect(verifyConsistency(size1, size2, proof, r1, r2)).toBe(true);
        const targets = proof.length + 2;
        const t = pick % targets;
        if (t === 0) expect(verifyConsistency(size1, size2, proof, flipBit([r1], 0, bit)[0]!, r2)).toBe(false);
        else if (t === 1) expect(verifyConsistency(size1, size2, proof, r1, flipBit([r2], 0, bit)[0]!)).toBe(false);
        else expect(verifyConsistency(size1, size2, flipBit(proof, t - 2, bit), r1, r2)).toBe(false);
        if (size1 < size2) {
          expect(verifyConsistency(size1, size2, proof.slice(0, -1), r1, r2)).toBe(false);
          expect(verifyConsistency(size1, size2, [...proof, r2], r1, r2)).toBe(false);
        }
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
