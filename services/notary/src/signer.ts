// The notary's Ed25519 key, kept outside the database in a C2SP signer-key file (0600):
//   PRIVATE+KEY+<origin>+<key id>+<base64(0x01 || seed)>
// Generated on first start. The key name is the checkpoint origin (tlog-checkpoint convention), so
// the verifier key `<origin>+<key id>+<base64>` is all a client needs. The verifier key is also
// written next to it (verifier.key) for publishing.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateNoteKey, parseSignerKey, parseVerifierKey, type Signer, type Verifier } from '@gongkai/notary';

export interface NotaryKey {
  origin: string;
  signer: Signer;
  verifier: Verifier;
  /** `<origin>+<key id>+<base64>`, the text to publish */
  verifierKey: string;
  keyFile: string;
  /** true when this call generated the key */
  created: boolean;
  /** set when the key file is readable by others than its owner */
  permissionWarning?: string;
}

export interface LoadKeyOptions {
  keyFile: string;
  /** expected origin; when omitted, the key's own name (or DEFAULT for a new key) */
  origin?: string;
  defaultOrigin: string;
  /** where to write the public verifier key (optional) */
  verifierKeyFile?: string;
  /** generate the key when the file is missing (default true) */
  create?: boolean;
}

function readKeyFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function loadOrCreateNotaryKey(options: LoadKeyOptions): NotaryKey {
  const { keyFile } = options;
  let text = readKeyFile(keyFile);
  let created = false;
  if (text === undefined) {
    if (options.create === false) throw new Error(`notary signer key ${keyFile} does not exist`);
    const origin = options.origin ?? options.defaultOrigin;
    const { signerKey } = generateNoteKey(origin);
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    try {
      // 'wx': never overwrite a key another process created meanwhile
      writeFileSync(keyFile, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    text = readKeyFile(keyFile)!;
  }
  const signer = parseSignerKey(text);
  if (options.origin !== undefined && options.origin !== signer.name) {
    throw new Error(
      `notary signer key ${keyFile} is for origin ${JSON.stringify(signer.name)}, but origin ${JSON.stringify(options.origin)} is configured; ` +
        'a checkpoint origin is the key name: keep the old origin, or move the key away to start a new log',
    );
  }
  const verifierKey = signer.verifierKey;
  const out: NotaryKey = { origin: signer.name, signer, verifier: parseVerifierKey(verifierKey), verifierKey, keyFile, created };
  const mode = statSync(keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    try {
      chmodSync(keyFile, 0o600);
    } catch {
      out.permissionWarning = `notary signer key ${keyFile} has mode ${mode.toString(8)}; it should be 600`;
    }
  }
  if (options.verifierKeyFile) {
    if (readKeyFile(options.verifierKeyFile) !== verifierKey) {
      mkdirSync(dirname(options.verifierKeyFile), { recursive: true, mode: 0o700 });
      writeFileSync(options.verifierKeyFile, `${verifierKey}\n`, { mode: 0o644 });
    }
  }
  return out;
}

/**
 * The verifier key of a data folder without touching the private key's use: from the signer key
 * file when readable, else from the published verifier.key.
 */
export function readVerifierKey(signerKeyFile: string, verifierKeyFile: string): string | undefined {
  const skey = readKeyFile(signerKeyFile);
  if (skey) return parseSignerKey(skey).verifierKey;
  const vkey = readKeyFile(verifierKeyFile);
  if (vkey) {
    parseVerifierKey(vkey);
    return vkey;
  }
  return undefined;
}
