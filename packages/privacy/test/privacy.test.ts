import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getEntry } from '@gongkai/catalog';
import { MasterKeyError, PayloadCipher, SubjectKeyStore, isEncryptedValue, loadMasterKey } from '../src/index.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongkai-privacy-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entry = getEntry('CompensationPaid')!;
const payload = {
  batchId: 'B1',
  region: '320506',
  paymentDate: '2019-12-20',
  projectCodes: ['2019-320500-48-01-512345'],
  households: [
    { householdId: 'H1', name: '沈建国', amount: 1234.5, bankAccount: '622848040212345670', items: '补偿' },
    { householdId: 'H2', name: '陆秀英', amount: 99, bankAccount: '622848040212345671', items: '补偿' },
  ],
};

describe('master key', () => {
  it('is created 0600 on first use, then read back; env (base64 or hex) wins; bad lengths are refused', () => {
    const d = tmp();
    const k = loadMasterKey(d, {});
    expect(k).toHaveLength(32);
    expect(statSync(join(d, 'privacy', 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(d, {}).equals(k)).toBe(true);
    expect(readFileSync(join(d, 'privacy', 'master.key'), 'utf8').trim()).toBe(k.toString('base64'));
    const hex = 'ab'.repeat(32);
    expect(loadMasterKey(d, { GONGKAI_MASTER_KEY: hex }).toString('hex')).toBe(hex);
    expect(() => loadMasterKey(d, { GONGKAI_MASTER_KEY: 'c2hvcnQ=' })).toThrow(MasterKeyError);
    expect(() => loadMasterKey(d, { GONGKAI_MASTER_KEY_FILE: join(d, 'missing.key') })).toThrow(MasterKeyError);
  });

  it('a key store opened with another master key refuses to unwrap instead of returning garbage', async () => {
    const d = tmp();
    const a = new SubjectKeyStore(join(d, 'keys.db'), Buffer.alloc(32, 1));
    const { keyId } = (await a.activeKeys(['s']))!.get('s')!;
    a.close();
    const b = new SubjectKeyStore(join(d, 'keys.db'), Buffer.alloc(32, 2));
    expect(() => b.lookup(keyId)).toThrow(MasterKeyError);
    b.close();
  });
});

describe('PayloadCipher', () => {
  it('encrypts every declared personal value under its subject, deterministically, and decrypts it back', async () => {
    const keys = SubjectKeyStore.open(tmp(), { GONGKAI_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    const c = new PayloadCipher(keys);
    const sealed = await c.encrypt(entry, 'expropriation-B1', 'ev-1', payload);
    const text = JSON.stringify(sealed);
    for (const v of ['沈建国', '陆秀英', '622848040212345670', '1234.5']) expect(text).not.toContain(v);
    const h = (sealed['households'] as Array<Record<string, unknown>>)[0]!;
    expect(isEncryptedValue(h['name'])).toBe(true);
    expect((h['name'] as { subject: string }).subject).toBe('expropriation-B1/H1');
    expect(h['householdId']).toBe('H1');
    expect(h['items']).toBe('补偿');
    expect(JSON.stringify(await c.encrypt(entry, 'expropriation-B1', 'ev-1', payload))).toBe(text);
    expect(JSON.stringify(await c.encrypt(entry, 'expropriation-B1', 'ev-2', payload))).not.toBe(text);
    expect(c.decrypt('ev-1', sealed)).toEqual(payload);
    expect(payload.households[0]!.name).toBe('沈建国'); // input untouched
    keys.close();
  });

  it('detects a damaged envelope or one moved to another event', async () => {
    const keys = SubjectKeyStore.open(tmp(), { GONGKAI_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    const c = new PayloadCipher(keys);
    const sealed = await c.encrypt(entry, 'expropriation-B1', 'ev-1', payload);
    const moved = c.decrypt('ev-other', sealed) as typeof payload;
    expect(moved.households[0]!.name).toEqual({ status: 'undecryptable', subject: 'expropriation-B1/H1' });
    const h = (sealed['households'] as Array<Record<string, { data: string }>>)[0]!;
    const bytes = Buffer.from(h['name']!.data, 'base64url');
    bytes[14]! ^= 1;
    h['name']!.data = bytes.toString('base64url');
    expect((c.decrypt('ev-1', sealed) as typeof payload).households[0]!.name).toEqual({ status: 'undecryptable', subject: 'expropriation-B1/H1' });
    keys.close();
  });

  it('after erasure (also by another connection) the subject reads as erased, the others in clear; new data gets a new key', async () => {
    const dir = tmp();
    const env = { GONGKAI_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') };
    const keys = SubjectKeyStore.open(dir, env);
    const c = new PayloadCipher(keys);
    const sealed = await c.encrypt(entry, 'expropriation-B1', 'ev-1', payload);
    expect(c.decrypt('ev-1', sealed)).toEqual(payload); // warms the caches
    const other = SubjectKeyStore.open(dir, env);
    const r = other.erase('expropriation-B1/H1', 'test');
    expect(r.changed).toBe(true);
    other.close();
    const after = c.decrypt('ev-1', sealed) as { households: Array<Record<string, unknown>> };
    expect(after.households[0]!['name']).toMatchObject({ status: 'erased', subject: 'expropriation-B1/H1' });
    expect(after.households[0]!['amount']).toMatchObject({ status: 'erased' });
    expect(after.households[1]!['name']).toBe('陆秀英');
    expect((c.decrypt('ev-1', sealed, () => null) as typeof after).households[0]!['name']).toBeNull();
    const again = await c.encrypt(entry, 'expropriation-B1', 'ev-3', payload);
    expect(((again['households'] as Array<Record<string, { key: string }>>)[0]!['name']!.key)).not.toBe(((sealed['households'] as Array<Record<string, { key: string }>>)[0]!['name']!.key));
    expect((c.decrypt('ev-3', again) as typeof payload).households[0]!.name).toBe('沈建国');
    expect(keys.erase('expropriation-B1/nobody', 'x').changed).toBe(false);
    keys.close();
  });
});
