// Verifies one public record against the notary's latest signed checkpoint, with WebCrypto only
// (runs in the browser and in Node ≥ 20). What it checks, in order:
//   1. the checkpoint (C2SP signed note) is signed by the published verifier key (Ed25519), and the
//      key's name and id match the signature line;
//   2. for every version of the record (its event ids and hashes as the public API serves them):
//      the event bytes the notary logged hash (SHA-256) to the hash the public record shows, and the
//      RFC 6962 inclusion proof of that leaf leads to the checkpoint's root;
//   3. the record's current values (what the page shows) equal the logged payloads, after the
//      logged corrections, field by field (fields masked or withheld for privacy are named, skipped).
// Each step is reported, passed or not; `ok` is true only when every step passed.

const enc = new TextEncoder();
const dec = new TextDecoder();

function b64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
const hex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
async function sha256(u8) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', u8));
}

/** C2SP vkey: <name>+<hex key id>+<base64(0x01 || 32-byte Ed25519 key)> */
export function parseVerifierKey(text) {
  // the base64 key may itself hold '+': the name never does, the id is 8 hex digits
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!m) throw new Error('verifier key is not name+id+key');
  const [, name, id, key] = m;
  const raw = b64(key);
  if (raw.length !== 33 || raw[0] !== 1) throw new Error('verifier key is not an Ed25519 key');
  return { name, id, publicKey: raw.slice(1), keyHash: hexToBytes(id) };
}
function hexToBytes(h) {
  if (!/^[0-9a-f]{8}$/.test(h)) throw new Error('key id is not 8 hex digits');
  return Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
}

/** C2SP signed note + tlog-checkpoint body: origin, size, root. */
export function parseCheckpoint(note) {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('checkpoint has no signature block');
  const text = note.slice(0, split + 1);
  const lines = text.split('\n');
  const origin = lines[0];
  const size = Number(lines[1]);
  if (!origin || !/^\d+$/.test(lines[1] ?? '') || !Number.isSafeInteger(size)) throw new Error('checkpoint body is malformed');
  const root = b64(lines[2] ?? '');
  if (root.length !== 32) throw new Error('checkpoint root is not 32 bytes');
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(l);
      if (!m) throw new Error('signature line is malformed');
      const sig = b64(m[2]);
      return { name: m[1], keyHash: sig.slice(0, 4), signature: sig.slice(4) };
    });
  return { text, origin, size, root, signatures };
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to. */
export async function rootFromInclusionProof(index, size, leafHash, proof) {
  if (index >= size) throw new Error('leaf index beyond the tree');
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new Error('inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(concat(Uint8Array.of(1), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('inclusion proof is too short');
  return r;
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

export async function verifyRecord(recordId, options = {}) {
  const f = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.base ?? '';
  const steps = [];
  const step = (name, ok, detail = {}) => {
    steps.push({ name, ok, ...detail });
    return ok;
  };
  const get = async (path, accept) => {
    let res;
    // the public API rate-limits per address: wait out a 429 (Retry-After) a few times
    for (let attempt = 0; ; attempt++) {
      res = await f(base + path, { headers: accept ? { accept } : {}, cache: 'no-store' });
      if (res.status !== 429 || attempt === 3) break;
      await new Promise((r) => setTimeout(r, 1000 * Math.min(5, Number(res.headers.get('retry-after')) || 1)));
    }
    if (!res.ok) {
      let detail = '';
      try {
        detail = (await res.json()).detail ?? '';
      } catch {
        // not problem+json
      }
      const err = new Error(`${path}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}`);
      err.status = res.status;
      throw err;
    }
    return accept === 'application/json' ? res.json() : res.text();
  };
  let checkpoint;
  try {
    const { record } = await get(`/v1/public/records/${encodeURIComponent(recordId)}`, 'application/json');

    // 1. the signed checkpoint
    const vkey = parseVerifierKey(await get('/v1/proofs/key'));
    const cp = parseCheckpoint(await get('/v1/proofs/checkpoint'));
    checkpoint = { origin: cp.origin, size: cp.size, root: hex(cp.root), key: `${vkey.name}+${vkey.id}` };
    // the key id is the first 4 bytes of SHA-256(name || \n || 0x01 || key)
    const idOk = equalBytes((await sha256(concat(enc.encode(`${vkey.name}\n`), Uint8Array.of(1), vkey.publicKey))).slice(0, 4), vkey.keyHash);
    const sig = idOk ? cp.signatures.find((s) => s.name === vkey.name && equalBytes(s.keyHash, vkey.keyHash)) : undefined;
    let sigOk = false;
    if (sig) {
      const key = await crypto.subtle.importKey('raw', vkey.publicKey, { name: 'Ed25519' }, false, ['verify']);
      sigOk = await crypto.subtle.verify({ name: 'Ed25519' }, key, sig.signature, enc.encode(cp.text));
    }
    step('checkpoint-signature', sigOk, { origin: cp.origin, size: cp.size, key: `${vkey.name}+${vkey.id}` });

    // 2. every version: hash and inclusion
    const payloads = new Map();
    for (const t of record.trail) {
      let p;
      try {
        p = await get(`/v1/proofs/inclusion/${t.eventId}?size=${cp.size}`, 'application/json');
      } catch (e) {
        step('event-included', false, { eventId: t.eventId, error: e.status === 404 ? 'not-yet-notarized' : String(e.message ?? e) });
        continue;
      }
      const data = b64(p.leafData);
      const eventHash = hex(await sha256(data));
      step('event-hash', eventHash === t.hash, { eventId: t.eventId, expected: t.hash, found: eventHash });
      const leaf = await sha256(concat(Uint8Array.of(0), data));
      const root = await rootFromInclusionProof(p.leafIndex, cp.size, leaf, p.proof.map(b64));
      step('event-included', equalBytes(root, cp.root) && p.treeSize === cp.size, { eventId: t.eventId, leafIndex: p.leafIndex, treeSize: cp.size });
      try {
        const event = JSON.parse(dec.decode(data));
        if (event.eventId === t.eventId) payloads.set(t.eventId, event.payload);
      } catch {
        // a hash mismatch was reported above
      }
    }

    // 3. the values shown = the logged payloads after corrections
    if (record.values) {
      const skipped = new Set((record.redactions ?? []).map((x) => x.path.split(/[.[]/)[0]));
      const views = new Map();
      for (const t of record.trail) {
        if (t.withheld) continue;
        const payload = payloads.get(t.eventId);
        if (!payload) continue;
        if (t.kind === 'correction') {
          const target = views.get(t.amends);
          if (target && payload.changes && typeof payload.changes === 'object') views.set(t.amends, { ...target, ...payload.changes });
        } else if (t.kind !== 'retraction') {
          views.set(t.eventId, payload);
        }
      }
      const logged = Object.assign({}, ...views.values());
      const differ = [];
      let compared = 0;
      for (const [k, v] of Object.entries(record.values)) {
        if (skipped.has(k)) continue;
        compared++;
        if (canonical(v) !== canonical(logged[k])) differ.push(k);
      }
      step('values-match', differ.length === 0, { compared, skipped: [...skipped], differ });
    }
  } catch (e) {
    step('fetch', false, { error: String(e?.message ?? e) });
  }
  return { ok: steps.length > 0 && steps.every((s) => s.ok), checkpoint, steps };
}
