import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../src/index.ts';
import { b64, jsonFilesUnder, readJson } from './helpers.ts';

// transparency-dev/merkle testdata: a probe passes when (rejected) === wantErr.
const inclusion = jsonFilesUnder('transparency-dev-merkle/inclusion');
const consistency = jsonFilesUnder('transparency-dev-merkle/consistency');

describe('transparency-dev/merkle golden probes', () => {
  it('all 196 probes are present', () => {
    expect(inclusion.length).toBe(98);
    expect(consistency.length).toBe(98);
  });

  it.each(inclusion)('inclusion %s', (f) => {
    const p = readJson(f);
    const ok = verifyInclusion(b64(p.leafHash), p.leafIdx, p.treeSize, (p.proof ?? []).map(b64), b64(p.root)); // Go writes nil slices as null
    expect(ok, p.desc).toBe(!p.wantErr);
  });

  it.each(consistency)('consistency %s', (f) => {
    const p = readJson(f);
    const ok = verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2));
    expect(ok, p.desc).toBe(!p.wantErr);
  });
});
