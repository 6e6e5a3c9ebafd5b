import { describe, expect, it } from 'vitest';
import {
  ALG_COSIGNATURE_V1,
  CheckpointError,
  MemoryNodeStore,
  TLOG_PROOF_HEADER,
  TlogProofError,
  TreeBuilder,
  formatTlogProof,
  generateNoteKey,
  inclusionProof,
  leafHash,
  openNote,
  parseSignerKey,
  parseTlogProof,
  parseVerifierKey,
  signNote,
  verifyTlogProof,
} from '../src/index.ts';
import { readJson, readText } from './helpers.ts';

const keys = readJson('tessera-testlog/keys.json');
const entries: Buffer[] = keys.entries_utf8_in_order.map((s: string) => Buffer.from(s, 'utf8'));
const logVerifier = parseVerifierKey(keys.vkey);
const store = new MemoryNodeStore();
const builder = new TreeBuilder(store);
for (const e of entries) builder.appendLeaf(e);

function proofFor(index: number, size: number, extra?: Buffer): string {
  const checkpoint = readText(`tessera-testlog/checkpoint.${size}`);
  return formatTlogProof({ index, proof: inclusionProof(index, size, store), checkpoint, ...(extra ? { extra } : {}) });
}

describe('c2sp.org/tlog-proof', () => {
  it('the spec example parses', () => {
    // From tlog-proof.md; the signatures are elided ("[...]") there, so only the framing is checked.
    const example = [
      'c2sp.org/tlog-proof@v1',
      'extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ',
      'index 73894',
      'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
      'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=',
      'EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=',
      'RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=',
      'AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=',
      '',
      'example.com/fancylog',
      '109482',
      'sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=',
      '',
      '— example.com/fancylog hI2DJw[...]1roloI=',
      '',
    ].join('\n');
    const p = parseTlogProof(example);
    expect(p.index).toBe(73894);
    expect(p.proof).toHaveLength(5);
    expect(p.extra!.toString('utf8').startsWith('age-v1.2.1-darwin-arm64.tar.gz')).toBe(true);
    expect(p.checkpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true);
    expect(formatTlogProof(p)).toBe(example);
  });

  it('every entry of the Tessera log, against every checkpoint that contains it, round-trips and verifies offline', () => {
    let n = 0;
    for (let size = 1; size <= 15; size++) {
      for (let i = 0; i < size; i++) {
        const text = proofFor(i, size);
        expect(text.startsWith(`${TLOG_PROOF_HEADER}\nindex ${i}\n`)).toBe(true);
        expect(formatTlogProof(parseTlogProof(text))).toBe(text);
        const v = verifyTlogProof(text, leafHash(entries[i]!), logVerifier, { origin: keys.origin });
        expect(v.index).toBe(i);
        expect(v.checkpoint.size).toBe(size);
        n++;
      }
    }
    expect(n).toBe(120);
  });

  it('size-1 proofs have no hash lines', () => {
    expect(proofFor(0, 1)).toBe(`${TLOG_PROOF_HEADER}\nindex 0\n\n${readText('tessera-testlog/checkpoint.1')}`);
  });

  it('extra data round-trips (and is not authenticated)', () => {
    const text = proofFor(3, 15, Buffer.from('context'));
    expect(text.split('\n')[1]).toBe(`extra ${Buffer.from('context').toString('base64')}`);
    expect(verifyTlogProof(text, leafHash(entries[3]!), logVerifier).extra!.toString()).toBe('context');
  });

  it('rejects a wrong leaf, a wrong index, a modified hash, or a forged checkpoint', () => {
    const text = proofFor(5, 13);
    expect(() => verifyTlogProof(text, leafHash(entries[6]!), logVerifier)).toThrow(TlogProofError);
    expect(() => verifyTlogProof(text.replace('index 5', 'index 4'), leafHash(entries[5]!), logVerifier)).toThrow(/does not verify/);
    const lines = text.split('\n');
    lines[2] = Buffer.alloc(32, 1).toString('base64');
    expect(() => verifyTlogProof(lines.join('\n'), leafHash(entries[5]!), logVerifier)).toThrow(/does not verify/);
    const forgedCp = text.replace('\n13\n', '\n14\n');
    expect(() => verifyTlogProof(forgedCp, leafHash(entries[5]!), logVerifier)).toThrow(/invalid signature/);
    // a proof made for a different (smaller) checkpoint spliced onto checkpoint 15
    const spliced = text.replace(readText('tessera-testlog/checkpoint.13'), readText('tessera-testlog/checkpoint.15'));
    expect(() => verifyTlogProof(spliced, leafHash(entries[5]!), logVerifier)).toThrow(/does not verify/);
  });

  it('rejects malformed framing', () => {
    const good = proofFor(2, 7);
    for (const bad of [
      good.replace(TLOG_PROOF_HEADER, 'c2sp.org/tlog-proof@v2'),
      good.replace('index 2', 'index 02'),
      good.replace('index 2', 'idx 2'),
      good.replace(/\n\n/, '\n'), // no blank line: the checkpoint origin is read as a hash
      good.split('\n').slice(0, 4).join('\n'),
      good.replace('index 2\n', 'index 2\nnot-base64\n'),
    ]) {
      expect(() => parseTlogProof(bad)).toThrow(TlogProofError);
    }
  });

  it('enforces a witness cosignature quorum', () => {
    const wKeys = generateNoteKey('witness.example/w1', ALG_COSIGNATURE_V1);
    const witness = parseSignerKey(wKeys.signerKey);
    const wv = parseVerifierKey(wKeys.verifierKey);
    const cp = readText('tessera-testlog/checkpoint.15');
    const opened = openNote(cp, [logVerifier]);
    const cosigned = signNote(opened.text, [witness], opened.signatures);
    const text = formatTlogProof({ index: 9, proof: inclusionProof(9, 15, store), checkpoint: cosigned });
    const v = verifyTlogProof(text, leafHash(entries[9]!), logVerifier, { witnesses: [wv], witnessQuorum: 1 });
    expect(v.witnesses).toEqual(['witness.example/w1']);
    const bare = proofFor(9, 15);
    expect(() => verifyTlogProof(bare, leafHash(entries[9]!), logVerifier, { witnesses: [wv], witnessQuorum: 1 })).toThrow(CheckpointError);
    // unknown witnesses are ignored when no quorum is required
    expect(verifyTlogProof(text, leafHash(entries[9]!), logVerifier).witnesses).toEqual([]);
  });
});
