// Field-level encryption of the catalog's personal-data paths. Each personal value is replaced, in
// the payload the ledger stores, by an envelope
//   { "$encrypted": "aes-256-gcm/v1", "subject": "<streamId>/<subjectId>", "key": "<keyId>", "data": "<base64url iv|ciphertext|tag>" }
// holding JSON.stringify(value) encrypted under the subject's data key, bound (AAD) to the key id and
// the event id. The IV is derived from the key, the event id, the location and the value (as in
// SIV constructions), so a retried append of the same event produces the same bytes and the store
// recognises it as a duplicate; an IV repeats only for the same value at the same place of the same
// event, which reveals nothing.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { conditionHolds, getEntry, personalDataOf, subjectFor, valuesAt, type CatalogEntry } from '@gongkai/catalog';
import type { DataKey, SubjectKeyStore } from './key-store.ts';

export const ENVELOPE_ALG = 'aes-256-gcm/v1';

export interface EncryptedValue {
  $encrypted: typeof ENVELOPE_ALG;
  subject: string;
  key: string;
  data: string;
}

/** What an auditor sees in place of a value whose subject was erased. */
export interface ErasedValue {
  status: 'erased';
  subject: string;
  erasedAt: string;
}

export function isEncryptedValue(v: unknown): v is EncryptedValue {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return o['$encrypted'] === ENVELOPE_ALG && typeof o['subject'] === 'string' && typeof o['key'] === 'string' && typeof o['data'] === 'string';
}

/** `<streamId>/<subjectId>`: subject ids (household numbers, application numbers) are unique within a stream. */
export function subjectRef(streamId: string, subjectId: string): string {
  return `${streamId}/${subjectId}`;
}

function stepsOf(location: string): Array<string | number> | undefined {
  const steps: Array<string | number> = [];
  for (const part of location.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    steps.push(m[1]!);
    for (const index of m[2]!.match(/\d+/g) ?? []) steps.push(Number(index));
  }
  return steps;
}

function setAt(root: Record<string, unknown>, location: string, value: unknown): void {
  const steps = stepsOf(location);
  if (!steps) return;
  let node: unknown = root;
  for (let i = 0; i < steps.length - 1; i++) {
    node = (node as Record<string | number, unknown>)[steps[i]!];
    if (node === null || typeof node !== 'object') return;
  }
  const parent = node as Record<string | number, unknown>;
  const last = steps[steps.length - 1]!;
  if (Object.prototype.hasOwnProperty.call(parent, last)) parent[last] = value;
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class PayloadCipher {
  constructor(private readonly keys: SubjectKeyStore) {}

  /** The payload with every personal value of the entry encrypted; the input is not modified. */
  async encrypt(entry: CatalogEntry, streamId: string, eventId: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const fields = personalDataOf(entry, payload);
    if (fields.length === 0) return payload;
    const found: Array<{ subject: string; location: string; value: unknown }> = [];
    for (const f of fields) {
      if (f.when && !conditionHolds(f.when, payload)) continue;
      for (const v of valuesAt(payload, f.path)) {
        if (v.value === undefined || v.value === null || isEncryptedValue(v.value)) continue;
        const sid = subjectFor(payload, f.subject, v.path);
        // a value without its subject id still gets a key of its own (one per event), so it can be erased
        found.push({ subject: subjectRef(streamId, typeof sid === 'string' || typeof sid === 'number' ? String(sid) : `event:${eventId}`), location: v.path, value: v.value });
      }
    }
    if (found.length === 0) return payload;
    const keys = await this.keys.activeKeys(found.map((f) => f.subject));
    const out = cloneJson(payload);
    for (const f of found) setAt(out, f.location, this.encryptValue(keys.get(f.subject)!, f.subject, eventId, f.location, f.value));
    return out;
  }

  encryptValue(dataKey: DataKey, subject: string, eventId: string, location: string, value: unknown): EncryptedValue {
    const { keyId, key } = dataKey;
    const plain = Buffer.from(JSON.stringify(value), 'utf8');
    const iv = createHmac('sha256', key).update(`iv\u0000${eventId}\u0000${location}\u0000`).update(plain).digest().subarray(0, 12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(`${keyId}\u0000${eventId}`, 'utf8'));
    const data = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]).toString('base64url');
    return { $encrypted: ENVELOPE_ALG, subject, key: keyId, data };
  }

  /** The clear value, or the erasure when the subject's key was destroyed. Throws on a forged or damaged envelope. */
  decryptValue(eventId: string, env: EncryptedValue): { value: unknown } | { erased: ErasedValue } {
    const found = this.keys.lookup(env.key);
    if (found.state === 'erased') return { erased: { status: 'erased', subject: env.subject, erasedAt: found.erasedAt } };
    if (found.state === 'unknown') throw new Error(`unknown data key ${env.key}`);
    const raw = Buffer.from(env.data, 'base64url');
    const d = createDecipheriv('aes-256-gcm', found.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(`${env.key}\u0000${eventId}`, 'utf8'));
    d.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
    return { value: JSON.parse(plain.toString('utf8')) as unknown };
  }

  /**
   * The payload with every envelope replaced: by the clear value while the key exists, otherwise by
   * `onErased(erasedValue)` (auditors: the ErasedValue itself; projections: null).
   */
  decrypt<T>(eventId: string, payload: T, onErased: (e: ErasedValue) => unknown = (e) => e): T {
    this.keys.freshen();
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) {
        let changed = false;
        const out = v.map((x) => {
          const y = walk(x);
          if (y !== x) changed = true;
          return y;
        });
        return changed ? out : v;
      }
      if (v === null || typeof v !== 'object') return v;
      if (isEncryptedValue(v)) {
        let clear: { value: unknown } | { erased: ErasedValue };
        try {
          clear = this.decryptValue(eventId, v);
        } catch {
          return { status: 'undecryptable', subject: v.subject };
        }
        return 'erased' in clear ? onErased(clear.erased) : clear.value;
      }
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        const y = walk(x);
        if (y !== x) changed = true;
        out[k] = y;
      }
      return changed ? out : v;
    };
    return walk(payload) as T;
  }

  /** Encrypts a payload of a catalog type by name (unknown types pass through). */
  async encryptByType(type: string, schemaVersion: number, streamId: string, eventId: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const entry = getEntry(type, schemaVersion) ?? getEntry(type);
    return entry ? this.encrypt(entry, streamId, eventId, payload) : payload;
  }
}
