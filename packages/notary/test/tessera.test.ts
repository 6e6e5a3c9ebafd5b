import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  EMPTY_ROOT,
  MemoryNodeStore,
  TreeBuilder,
  consistencyProof,
  decodeEntryBundle,
  encodeEntryBundle,
  entriesPath,
  formatCheckpoint,
  inclusionProof,
  leafHash,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  rootAt,
  signCheckpoint,
  tileBytes,
  tileNodeReader,
  tilePath,
  verifyConsistency,
  verifyInclusion,
} from '../src/index.ts';
import { readBytes, readJson, readText } from './helpers.ts';

const keys = readJson('tessera-testlog/keys.json');
const entries: Buffer[] = keys.entries_utf8_in_order.map((s: string) => Buffer.from(s, 'utf8'));
const logVerifier = parseVerifierKey(keys.vkey);
const checkpoints = Array.from({ length: 16 }, (_, n) => readText(`tessera-testlog/checkpoint.${n}`));

const store = new MemoryNodeStore();
const builder = new TreeBuilder(store);
for (const e of entries) builder.appendLeaf(e);

describe('Tessera test log checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it.each(checkpoints.map((c, n) => [n, c]))('checkpoint.%i parses, verifies and matches the recomputed root', (n, signed) => {
    const { checkpoint, text } = openCheckpoint(signed, logVerifier, { origin: keys.origin });
    expect(checkpoint.origin).toBe('example.com/log/testdata');
    expect(checkpoint.size).toBe(n);
    expect(checkpoint.extensions).toEqual([]);
    expect(checkpoint.rootHash.equals(rootAt(n, store))).toBe(true);
    // Our formatter reproduces the note text byte for byte …
    expect(formatCheckpoint(checkpoint)).toBe(text);
    expect(parseCheckpoint(text)).toEqual(checkpoint);
  });

  it('re-signing with the published TEST key reproduces every file byte for byte', () => {
    const signer = parseSignerKey(keys.skey_TEST_ONLY_published_in_build_log_sh);
    expect(signer.verifierKey).toBe(keys.vkey);
    for (let n = 0; n <= 15; n++) {
      const cp = { origin: keys.origin, size: n, rootHash: rootAt(n, store), extensions: [] };
      expect(signCheckpoint(cp, [signer])).toBe(checkpoints[n]);
    }
    expect(readText('tessera-testlog/checkpoint')).toBe(checkpoints[15]);
  });

  it('size 0 carries SHA-256("")', () => {
    expect(openCheckpoint(checkpoints[0]!, logVerifier).checkpoint.rootHash.equals(EMPTY_ROOT)).toBe(true);
  });

  it('rejects a wrong origin, a missing log signature and tampering', () => {
    expect(() => openCheckpoint(checkpoints[3]!, logVerifier, { origin: 'example.com/other' })).toThrow(CheckpointError);
    const other = parseSignerKey(
      // any other key: the note is then "unverified" for the Tessera verifier
      'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
    );
    const foreign = signCheckpoint(parseCheckpoint(parseNote(checkpoints[3]!).text), [other]);
    expect(() => openCheckpoint(foreign, logVerifier)).toThrow(/not signed by the log key/);
    const tampered = checkpoints[3]!.replace('\n3\n', '\n4\n');
    expect(() => openCheckpoint(tampered, logVerifier)).toThrow(/invalid signature/);
  });

  it('parseCheckpoint rejects malformed bodies', () => {
    const root = EMPTY_ROOT.toString('base64');
    for (const bad of [
      `o\n01\n${root}\n`, // leading zero
      `o\n-1\n${root}\n`,
      `o\n1\n${root}`, // no final newline
      `\n1\n${root}\n`, // empty origin
      `o\n1\n${root.slice(0, -1)}\n`, // bad base64
      `o\n1\n${Buffer.alloc(31).toString('base64')}\n`, // 31-byte root
      `o\n1\n${root}\n\n`, // empty extension line
      `o\n1\n`,
    ]) {
      expect(() => parseCheckpoint(bad), JSON.stringify(bad)).toThrow(CheckpointError);
    }
  });

  it('extension lines round-trip and are signed', () => {
    const signer = parseSignerKey(keys.skey_TEST_ONLY_published_in_build_log_sh);
    const cp = { origin: keys.origin, size: 15, rootHash: rootAt(15, store), extensions: ['ext one', 'ext two'] };
    const signed = signCheckpoint(cp, [signer]);
    expect(signed.startsWith(`${keys.origin}\n15\n${cp.rootHash.toString('base64')}\next one\next two\n\n\u2014 `)).toBe(true);
    expect(openCheckpoint(signed, logVerifier).checkpoint).toEqual(cp);
  });
});

describe('Tessera test log tiles (c2sp.org/tlog-tiles)', () => {
  it('entry bundles decode to the entry list and re-encode identically', () => {
    for (let w = 1; w <= 15; w++) {
      const bytes = readBytes(`tessera-testlog/${entriesPath(0, w)}`);
      const decoded = decodeEntryBundle(bytes);
      expect(decoded.map((b) => b.toString('utf8'))).toEqual(keys.entries_utf8_in_order.slice(0, w));
      expect(encodeEntryBundle(decoded).equals(bytes)).toBe(true);
    }
  });

  it('level-0 tiles built from the node store equal the files', () => {
    for (let w = 1; w <= 15; w++) {
      expect(tilePath(0, 0, w)).toBe(`tile/0/000.p/${w}`);
      const file = readBytes(`tessera-testlog/${tilePath(0, 0, w)}`);
      expect(tileBytes(0, 0, w, store).equals(file)).toBe(true);
      // and the tile hashes are the leaf hashes of the entry bundle
      const fromBundle = Buffer.concat(decodeEntryBundle(readBytes(`tessera-testlog/${entriesPath(0, w)}`)).map(leafHash));
      expect(fromBundle.equals(file)).toBe(true);
    }
  });

  it('a tile-backed NodeReader recomputes every checkpoint root and serves proofs between any two checkpoints', () => {
    const fetch = (level: number, index: number, width: number) => readBytes(`tessera-testlog/${tilePath(level, index, width)}`);
    for (let n = 1; n <= 15; n++) {
      const reader = tileNodeReader(n, fetch);
      const cp = openCheckpoint(checkpoints[n]!, logVerifier).checkpoint;
      expect(rootAt(n, reader).equals(cp.rootHash)).toBe(true);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, reader);
        expect(verifyInclusion(leafHash(entries[i]!), i, n, proof, cp.rootHash)).toBe(true);
        expect(proof).toEqual(inclusionProof(i, n, store));
      }
      for (let m = 1; m <= n; m++) {
        const old = openCheckpoint(checkpoints[m]!, logVerifier).checkpoint;
        const proof = consistencyProof(m, n, reader);
        expect(verifyConsistency(m, n, proof, old.rootHash, cp.rootHash)).toBe(true);
      }
    }
  });
});
