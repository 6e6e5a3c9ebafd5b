import { describe, expect, it } from 'vitest';
import {
  ALG_COSIGNATURE_V1,
  NoteError,
  cosignatureTimestamp,
  formatNote,
  generateNoteKey,
  keyId,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '../src/index.ts';
import { readJson } from './helpers.ts';

const vectors = readJson('signed-note/signed-note-vectors.json').vectors as any[];
const byId = (id: string) => vectors.find((v) => v.id === id)!;

describe('signed-note vectors', () => {
  it.each(vectors.map((v) => [v.id, v]))('%s', (_id, v: any) => {
    const verifier = parseVerifierKey(v.vkey);
    if (v.wantValid) {
      const opened = openNote(v.note, [verifier]);
      expect(opened.text).toBe(v.text);
      expect(opened.verified.map((x) => x.verifier.name)).toEqual([v.keyName]);
      expect(verifier.keyId.toString(16).padStart(8, '0')).toBe(v.keyIdHex);
    } else {
      expect(() => openNote(v.note, [verifier])).toThrow(NoteError);
      expect(() => openNote(v.note, [verifier])).toThrow(/invalid signature/);
    }
  });

  it('the published Go signing key reproduces the signature byte for byte', () => {
    const v = byId('go-sumdb-note-peterneumann');
    const signer = parseSignerKey(v.skey_TEST_ONLY_published_example);
    expect(signer.verifierKey).toBe(v.vkey);
    expect(signNote(v.text, [signer])).toBe(v.note);
  });

  it('key IDs recompute from name, type and public key', () => {
    for (const v of vectors.filter((x) => x.keyIdHex)) {
      const pub = Buffer.from(v.vkey.split('+').slice(2).join('+'), 'base64').subarray(1);
      expect(keyId(v.keyName, 0x01, pub).toString(16).padStart(8, '0')).toBe(v.keyIdHex);
    }
  });

  it('format(parse(note)) round-trips', () => {
    for (const v of vectors) expect(formatNote(parseNote(v.note))).toBe(v.note);
  });
});

describe('multiple signatures and unknown keys', () => {
  const a = parseSignerKey(generateNoteKey('example.com/a').signerKey);
  const b = parseSignerKey(generateNoteKey('example.com/b').signerKey);
  const c = parseSignerKey(generateNoteKey('example.com/c').signerKey);
  const va = parseVerifierKey(a.verifierKey);
  const vb = parseVerifierKey(b.verifierKey);
  const vc = parseVerifierKey(c.verifierKey);
  const text = 'hello\n\nworld with an empty line\n';
  const note = signNote(text, [a, b, c]);

  it('verifies all known signatures, ignores unknown ones', () => {
    const opened = openNote(note, [va, vc]);
    expect(opened.text).toBe(text);
    expect(opened.verified.map((x) => x.verifier.name)).toEqual(['example.com/a', 'example.com/c']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['example.com/b']);
  });

  it('a key sharing only the name (or only the ID) is unknown, not a failure', () => {
    const other = parseVerifierKey(generateNoteKey('example.com/b').verifierKey);
    expect(() => openNote(note, [other])).toThrow(/no signature from a known key/);
    expect(openNote(note, [other, va]).unverified).toHaveLength(2);
  });

  it('rejects the whole note if a known key fails', () => {
    const lines = note.split('\n');
    // Re-sign "b"'s line over different text and splice it in.
    const forged = signNote('other\n', [b]).split('\n')[2]!;
    const tampered = lines.map((l) => (l.startsWith('— example.com/b ') ? forged : l)).join('\n');
    expect(() => openNote(tampered, [va, vb])).toThrow(/invalid signature by example.com\/b/);
    expect(openNote(tampered, [va]).verified).toHaveLength(1);
  });

  it('no known key at all is rejected', () => {
    expect(() => openNote(note, [])).toThrow(/no signature from a known key/);
  });
});

describe('malformed notes', () => {
  const s = parseSignerKey(generateNoteKey('n').signerKey);
  const v = parseVerifierKey(s.verifierKey);
  const good = signNote('text\n', [s]);
  it.each([
    ['no blank line', good.replace('\n\n', '\n')],
    ['no trailing newline', good.slice(0, -1)],
    ['control char', good.replace('text', 'te\txt')],
    ['CR line ending', good.replace('text\n', 'text\r\n')],
    ['bad signature prefix', good.replace('\u2014', '-')],
    ['non-canonical base64', good.replace(/=\n$/, '\n')],
    ['no signatures', 'text\n\n'],
  ])('%s', (_name, note) => {
    expect(() => openNote(note, [v])).toThrow(NoteError);
  });
  it('invalid UTF-8 bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(good)]);
    expect(() => parseNote(bytes)).toThrow(/UTF-8/);
    expect(openNote(Buffer.from(good), [v]).text).toBe('text\n');
  });
  it('signing text without a final newline throws', () => {
    expect(() => signNote('text', [s])).toThrow(NoteError);
  });
});

describe('keys', () => {
  it('rejects malformed keys', () => {
    const vk = parseSignerKey(generateNoteKey('example.com/k').signerKey).verifierKey;
    expect(() => parseVerifierKey(vk.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/hash does not match/);
    expect(() => parseVerifierKey('nohash')).toThrow(NoteError);
    expect(() => parseVerifierKey('a b+12345678+AQ==')).toThrow(/key name/);
    expect(() => parseSignerKey(vk)).toThrow(/PRIVATE\+KEY/);
    expect(() => generateNoteKey('has+plus')).toThrow(NoteError);
  });
  it('verifier keys whose base64 contains "+" parse (split on the first two only)', () => {
    const v = byId('c2sp-signed-note-example');
    expect(parseVerifierKey(v.vkey).name).toBe('example.com/foo');
    const tessera = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
    expect(parseVerifierKey(tessera).name).toBe('example.com/log/testdata');
  });
});

describe('cosignatures (c2sp.org/tlog-cosignature, Ed25519)', () => {
  it('sign and verify with a timestamp; key type 0x04 has its own key ID', () => {
    const keys = generateNoteKey('witness.example/w1', ALG_COSIGNATURE_V1);
    const w = parseSignerKey(keys.signerKey, { now: () => 1_679_315_147_000 });
    const wv = parseVerifierKey(keys.verifierKey);
    expect(w.keyId).toBe(keyId('witness.example/w1', 0x04, w.publicKey));
    expect(w.keyId).not.toBe(keyId('witness.example/w1', 0x01, w.publicKey));
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const note = signNote(text, [w]);
    const opened = openNote(note, [wv]);
    expect(cosignatureTimestamp(opened.verified[0]!.signature.signature)).toBe(1_679_315_147n);
    // The cosigned message is "cosignature/v1\ntime T\n" + body, so a plain Ed25519 verifier of the same key must fail.
    const asPlain = parseVerifierKey(
      `witness.example/w1+${keyId('witness.example/w1', 0x01, w.publicKey).toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([1]), w.publicKey]).toString('base64')}`,
    );
    expect(() => openNote(note, [asPlain])).toThrow(/no signature from a known key/);
  });
});
