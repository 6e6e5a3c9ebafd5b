// The public proof endpoints over real HTTP, verified the way an outside client would.
import type { Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCanonicalBytes } from '@gongkai/integrity';
import {
  TILE_WIDTH,
  decodeEntryBundle,
  leafHash,
  openCheckpoint,
  parseTlogProof,
  parseVerifierKey,
  rootAt,
  inclusionProof,
  tileNodeReader,
  tilePath,
  entriesPath,
  tilesForSize,
  verifyConsistency,
  verifyInclusion,
  verifyTlogProof,
} from '@gongkai/notary';
import type { RecordedEvent } from '@gongkai/event-store';
import { createHttpApp, createMetrics } from '@gongkai/platform';
import { createProofRouter, startNotary, type Notary } from '@gongkai/notary-service';
import { fillLedger, openLedger, removeDir, silentLogger, tempDir } from '../../../test/audit/helpers.ts';

let dir: string;
let store: ReturnType<typeof openLedger>;
let notary: Notary;
let server: Server;
let base: string;
let events: RecordedEvent[];
const SIZE1 = 300;
const SIZE2 = 70_000;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8') };
}

beforeAll(async () => {
  dir = tempDir();
  store = openLedger(dir);
  await fillLedger(store, SIZE1, 6);
  const metrics = createMetrics();
  notary = await startNotary({ store, dataDir: dir, logger: silentLogger, metrics, intervalMs: 0, flushDelayMs: 5 });
  await notary.checkpointNow();
  // a second checkpoint past a full level-1 tile (65 536 leaves), appended in bulk
  const bulk = [];
  for (let i = SIZE1; i < SIZE2; i++) {
    bulk.push({ eventId: crypto.randomUUID(), type: 'ProjectMilestoneReported', schemaVersion: 1, occurredAt: '2025-03-04', payload: { n: i }, metadata: { agency: 'agency-bulk' } });
  }
  for (let i = 0; i < bulk.length; i += 5000) await store.append(`project-bulk-${i % 3}`, bulk.slice(i, i + 5000));
  await notary.checkpointNow();
  events = await store.readAll();
  const app = createHttpApp({ logger: silentLogger, metrics, routers: [createProofRouter(notary)] });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await notary?.close();
  await store?.close();
  removeDir(dir);
});

describe('proof endpoints', () => {
  it('serves the latest checkpoint, every checkpoint and the verifier key', async () => {
    const key = await get('/v1/proofs/key');
    expect(key.status).toBe(200);
    const verifier = parseVerifierKey(key.text.trim());
    const latest = await get('/v1/proofs/checkpoint');
    expect(latest.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(openCheckpoint(latest.text, verifier).checkpoint.size).toBe(SIZE2);
    const first = await get(`/v1/proofs/checkpoints/${SIZE1}`);
    expect(first.headers.get('cache-control')).toMatch(/immutable/);
    expect(openCheckpoint(first.text, verifier).checkpoint.size).toBe(SIZE1);
    const list = await get('/v1/proofs/checkpoints');
    expect(JSON.parse(list.text).checkpoints.map((c: { size: number }) => c.size)).toEqual([0, SIZE1, SIZE2]);
    const tl = await get('/tlog/checkpoint');
    expect(tl.text).toBe(latest.text);
  });

  it('inclusion proofs verify with verifyTlogProof against the published key', async () => {
    const verifier = parseVerifierKey((await get('/v1/proofs/key')).text.trim());
    for (const i of [0, 1, 150, SIZE1 - 1, 65_535, 65_536, SIZE2 - 1]) {
      const e = events[i]!;
      const r = await get(`/v1/proofs/inclusion/${e.eventId}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      const v = verifyTlogProof(r.text, leafHash(eventCanonicalBytes(e)), verifier);
      expect(v.index).toBe(i);
      expect(v.checkpoint.size).toBe(SIZE2);
      // a wrong leaf does not verify
      expect(() => verifyTlogProof(r.text, leafHash(Buffer.from('forged')), verifier)).toThrow();
    }
    // against an older checkpoint
    const old = await get(`/v1/proofs/inclusion/${events[7]!.eventId}?size=${SIZE1}`);
    expect(verifyTlogProof(old.text, leafHash(eventCanonicalBytes(events[7]!)), verifier).checkpoint.size).toBe(SIZE1);
    expect(old.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('has a JSON variant with the leaf data', async () => {
    const verifier = parseVerifierKey(notary.verifierKey);
    const e = events[42]!;
    const r = await get(`/v1/proofs/inclusion/${e.eventId}`, { accept: 'application/json' });
    expect(r.status).toBe(200);
    const j = JSON.parse(r.text);
    expect(j.leafIndex).toBe(42);
    expect(j.globalPosition).toBe('43');
    const data = Buffer.from(j.leafData, 'base64');
    expect(data.equals(eventCanonicalBytes(e))).toBe(true);
    const opened = openCheckpoint(j.checkpoint, verifier).checkpoint;
    const proof = j.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyInclusion(leafHash(data), j.leafIndex, opened.size, proof, opened.rootHash)).toBe(true);
    expect(parseTlogProof(j.tlogProof).index).toBe(42);
  });

  it('consistency proofs verify between the signed checkpoints', async () => {
    const verifier = parseVerifierKey(notary.verifierKey);
    const r = await get(`/v1/proofs/consistency?from=${SIZE1}&to=${SIZE2}`, { accept: 'application/json' });
    expect(r.status).toBe(200);
    const j = JSON.parse(r.text);
    const c1 = openCheckpoint((await get(`/v1/proofs/checkpoints/${SIZE1}`)).text, verifier).checkpoint;
    const c2 = openCheckpoint((await get(`/v1/proofs/checkpoints/${SIZE2}`)).text, verifier).checkpoint;
    const proof = j.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyConsistency(SIZE1, SIZE2, proof, c1.rootHash, c2.rootHash)).toBe(true);
    expect(verifyConsistency(SIZE1, SIZE2, proof, c2.rootHash, c1.rootHash)).toBe(false);
    // text variant: one base64 hash per line
    const t = await get(`/v1/proofs/consistency?from=${SIZE1}&to=${SIZE2}`, { accept: 'text/plain' });
    expect(t.text.trim().split('\n')).toEqual(j.proof);
    // default `to` = latest checkpoint
    const d = JSON.parse((await get(`/v1/proofs/consistency?from=5`)).text);
    expect(d.to).toBe(SIZE2);
  });

  it('serves tlog-tiles that reproduce the signed root with tileNodeReader', async () => {
    const verifier = parseVerifierKey(notary.verifierKey);
    const cp = openCheckpoint((await get('/tlog/checkpoint')).text, verifier).checkpoint;
    const fetched = new Map<string, Buffer>();
    for (const t of tilesForSize(cp.size)) {
      const r = await get(`/tlog/${tilePath(t.level, t.index, t.width)}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toMatch(t.width === TILE_WIDTH ? /immutable/ : /max-age=60/);
      fetched.set(`${t.level}/${t.index}/${t.width}`, r.buf);
    }
    const reader = tileNodeReader(cp.size, (l, n, w) => fetched.get(`${l}/${n}/${w}`));
    expect(rootAt(cp.size, reader).equals(cp.rootHash)).toBe(true);
    // proofs computed from tiles alone verify
    const proof = inclusionProof(65_600, cp.size, reader);
    expect(verifyInclusion(leafHash(eventCanonicalBytes(events[65_600]!)), 65_600, cp.size, proof, cp.rootHash)).toBe(true);

    // entry bundles carry the canonical bytes whose leaf hashes are the level-0 tile
    for (const [n, w] of [[0, 256], [1, 44]] as const) {
      const r = await get(`/tlog/${entriesPath(n, w)}`);
      expect(r.status).toBe(200);
      const entries = decodeEntryBundle(r.buf);
      expect(entries.length).toBe(w);
      const tile = fetched.get(`0/${n}/256`) ?? (await get(`/tlog/${tilePath(0, n, w)}`)).buf;
      entries.forEach((entry, i) => {
        expect(entry.equals(eventCanonicalBytes(events[n * 256 + i]!))).toBe(true);
        expect(leafHash(entry).equals(tile.subarray(i * 32, (i + 1) * 32))).toBe(true);
      });
    }
  });

  it('answers bad sizes, ids and paths with 4xx problem+json, never 500', async () => {
    const cases: [string, number][] = [
      ['/v1/proofs/checkpoints/abc', 400],
      ['/v1/proofs/checkpoints/-1', 400],
      ['/v1/proofs/checkpoints/007', 400],
      ['/v1/proofs/checkpoints/99999999999999999999', 400],
      ['/v1/proofs/checkpoints/5', 404],
      ['/v1/proofs/inclusion/not-a-uuid', 400],
      [`/v1/proofs/inclusion/00000000-0000-7000-8000-000000000000`, 404],
      [`/v1/proofs/inclusion/${'x'.repeat(5000)}`, 400],
      [`/v1/proofs/inclusion/${events[0]!.eventId}?size=17`, 404],
      [`/v1/proofs/inclusion/${events[SIZE1 + 5]!.eventId}?size=${SIZE1}`, 404],
      [`/v1/proofs/inclusion/${events[0]!.eventId}?size=1e3`, 400],
      ['/v1/proofs/consistency', 400],
      ['/v1/proofs/consistency?from=0&to=5', 400],
      ['/v1/proofs/consistency?from=10&to=5', 400],
      [`/v1/proofs/consistency?from=1&to=${SIZE2 + 1}`, 404],
      ['/v1/proofs/consistency?from=x', 400],
      ['/v1/proofs/consistency?from=1&from=2', 400],
      ['/tlog/tile/0/999', 404],
      ['/tlog/tile/0/x001/000', 404],
      ['/tlog/tile/0/0000', 404],
      ['/tlog/tile/0/001.p/0', 404],
      ['/tlog/tile/0/001.p/256', 404],
      ['/tlog/tile/99/000', 404],
      ['/tlog/tile/entries/999', 404],
      ['/tlog/tile/3/000', 404],
      ['/tlog/tile/', 404],
    ];
    for (const [path, status] of cases) {
      const r = await get(path);
      expect({ path, status: r.status }).toEqual({ path, status });
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const na = await get(`/v1/proofs/inclusion/${events[0]!.eventId}`, { accept: 'image/png' });
    expect(na.status).toBe(406);
  });
});
