// The audit export bundle: everything needed to verify a period of the ledger offline, as NDJSON
// (one JSON object per line, so it is written and read in constant memory).
//
//   {"kind":"header","format":"gongkai-audit-bundle/v1","origin","verifierKey","checkpoint",…}
//   {"kind":"checkpoint","size","signedNote"}                       every checkpoint, ascending
//   {"kind":"consistency","from","to","proof":[b64…]}               between successive checkpoints
//   {"kind":"event","leafIndex","event":{envelope},"canonical":b64,"proof":[b64…]}
//                                                                    inclusion in the header checkpoint
//   {"kind":"end","events","checkpoints","consistencyProofs"}        (a truncated file has no end line)
//
// verifyBundle checks it with nothing but the bundle and, ideally, a verifier key obtained
// independently (the key in the header is only a convenience).
import { createReadStream } from 'node:fs';
import { hash as oneShotHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { eventCanonicalBytes, type HashedEnvelope } from '@gongkai/integrity';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { decodeBase64Strict, leafHash, openCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion, type Verifier } from '@gongkai/notary';
import { leafData } from './leaf.ts';
import type { ProofSource } from './notary.ts';
import type { StoredCheckpoint } from './notary-log.ts';

export const BUNDLE_FORMAT = 'gongkai-audit-bundle/v1';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The smallest `after` such that every event after it was recorded at or after `ms` (binary search on the log). */
export async function positionBefore(store: EventStore, ms: number): Promise<bigint> {
  let lo = 0n;
  let hi = await store.headPosition();
  // invariant: the first event after `hi` (none) is at/after ms; we look for the smallest such `after`
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    const [e] = await store.readAll({ after: mid, maxCount: 1 });
    if (!e || Date.parse(e.recordedAt) >= ms) hi = mid;
    else lo = e.globalPosition > mid ? e.globalPosition : mid + 1n;
  }
  return lo;
}

export interface ExportBundleOptions {
  store: EventStore;
  notary: ProofSource;
  /** events recorded at or after (epoch ms) */
  from?: number;
  /** events recorded before (epoch ms) */
  to?: number;
  /** the checkpoint to prove against (default: the latest) */
  checkpoint?: StoredCheckpoint;
  pageSize?: number;
}

export interface EnvelopeJson {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  version: number;
  globalPosition: string;
  occurredAt: string;
  recordedAt: string;
  metadata: Record<string, unknown>;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export function envelopeJson(e: RecordedEvent): EnvelopeJson {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    version: e.version,
    globalPosition: e.globalPosition.toString(),
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    metadata: e.metadata,
    payload: e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** Lines of the bundle (each ends in "\n"); pull them at your pace (constant memory). */
export async function* exportBundle(options: ExportBundleOptions): AsyncGenerator<string> {
  const { store, notary } = options;
  const cp = options.checkpoint ?? notary.latest();
  if (!cp) throw new Error('no checkpoint to prove against');
  const pageSize = options.pageSize ?? 500;
  yield `${JSON.stringify({
    kind: 'header',
    format: BUNDLE_FORMAT,
    origin: notary.origin,
    verifierKey: notary.verifierKey,
    generatedAt: new Date().toISOString(),
    from: options.from === undefined ? null : new Date(options.from).toISOString(),
    to: options.to === undefined ? null : new Date(options.to).toISOString(),
    treeSize: cp.size,
    checkpoint: cp.signedNote,
  })}\n`;

  let checkpoints = 0;
  let consistencyProofs = 0;
  let prev: StoredCheckpoint | undefined;
  for (const c of notary.allCheckpoints()) {
    if (c.size > cp.size) break;
    checkpoints++;
    yield `${JSON.stringify({ kind: 'checkpoint', size: c.size, signedNote: c.signedNote })}\n`;
    if (prev && prev.size > 0 && prev.size < c.size) {
      consistencyProofs++;
      yield `${JSON.stringify({ kind: 'consistency', from: prev.size, to: c.size, proof: notary.consistencyProof(prev.size, c.size).map(b64) })}\n`;
    }
    prev = c;
  }

  let after = options.from === undefined ? 0n : await positionBefore(store, options.from);
  let events = 0;
  let expectIndex: number | undefined;
  outer: for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const e of page) {
      if (options.to !== undefined && Date.parse(e.recordedAt) >= options.to) break outer;
      let index = expectIndex;
      if (index === undefined) {
        const leaf = notary.leafByEventId(e.eventId);
        if (!leaf) break outer; // not notarized yet
        index = leaf.index;
      }
      if (index >= cp.size) break outer; // after the checkpoint: not provable by this bundle
      const leaf = notary.leafAt(index);
      if (!leaf || leaf.eventId !== e.eventId) throw new Error(`the notary's leaf ${index} is not event ${e.eventId}`);
      events++;
      yield `${JSON.stringify({
        kind: 'event',
        leafIndex: index,
        event: envelopeJson(e),
        canonical: b64(leafData(e)),
        proof: notary.inclusionProof(index, cp.size).map(b64),
      })}\n`;
      expectIndex = index + 1;
    }
    after = page[page.length - 1]!.globalPosition;
  }
  yield `${JSON.stringify({ kind: 'end', events, checkpoints, consistencyProofs })}\n`;
}

// ---------------------------------------------------------------------------------------------

export interface BundleProblem {
  kind:
    | 'malformed'
    | 'format'
    | 'key'
    | 'checkpoint-signature'
    | 'checkpoint-order'
    | 'consistency'
    | 'consistency-missing'
    | 'canonical'
    | 'hash'
    | 'chain'
    | 'inclusion'
    | 'order'
    | 'truncated'
    | 'count';
  message: string;
  line?: number;
  eventId?: string;
  streamId?: string;
  version?: number;
  checkpointSize?: number;
  expected?: string;
  found?: string;
}

export interface BundleReport {
  ok: boolean;
  origin?: string;
  /** where the verifier key came from: given (trusted) or the bundle's header (check it against the published key) */
  keySource?: 'given' | 'bundle';
  verifierKey?: string;
  treeSize?: number;
  checkpoints: number;
  consistencyProofs: number;
  events: number;
  streams: number;
  problemCount: number;
  problems: BundleProblem[];
  firstProblem?: BundleProblem;
}

export interface VerifyBundleOptions {
  /** the trusted verifier key; without it the header's key is used and the report says so */
  verifierKey?: string;
  maxProblems?: number;
  onProgress?: (lines: number) => void;
}

async function* fileLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  yield* rl;
}

/** Verifies an export bundle offline (a file path, or its lines). */
export async function verifyBundle(input: string | AsyncIterable<string> | Iterable<string>, options: VerifyBundleOptions = {}): Promise<BundleReport> {
  const lines = typeof input === 'string' ? fileLines(input) : input;
  const maxProblems = options.maxProblems ?? 100;
  const report: BundleReport = { ok: false, checkpoints: 0, consistencyProofs: 0, events: 0, streams: 0, problemCount: 0, problems: [] };
  const problem = (p: BundleProblem) => {
    report.problemCount++;
    if (report.problems.length < maxProblems) report.problems.push(p);
  };

  let verifier: Verifier | undefined;
  let target: { size: number; root: Buffer } | undefined;
  const roots = new Map<number, Buffer>();
  let prevCp: number | undefined;
  const pairsNeeded = new Set<string>();
  let lastLeaf = -1;
  const heads = new Map<string, { v: number; h: string }>();
  let ended: { events: number; checkpoints: number; consistencyProofs: number } | undefined;
  let n = 0;

  for await (const raw of lines) {
    n++;
    if (options.onProgress && n % 10_000 === 0) options.onProgress(n);
    if (raw.length === 0) continue;
    let rec: Record<string, any>;
    try {
      rec = JSON.parse(raw) as Record<string, any>;
    } catch {
      problem({ kind: 'malformed', message: `line ${n} is not JSON`, line: n });
      continue;
    }
    if (ended) {
      problem({ kind: 'malformed', message: `line ${n} comes after the end line`, line: n });
      continue;
    }
    if (n === 1) {
      if (rec['kind'] !== 'header' || rec['format'] !== BUNDLE_FORMAT) {
        problem({ kind: 'format', message: `not a ${BUNDLE_FORMAT} bundle`, line: n });
        break;
      }
      try {
        const key = options.verifierKey ?? String(rec['verifierKey']);
        verifier = parseVerifierKey(key);
        report.verifierKey = key;
        report.keySource = options.verifierKey ? 'given' : 'bundle';
        if (options.verifierKey && rec['verifierKey'] !== options.verifierKey) {
          problem({ kind: 'key', message: 'the bundle names another verifier key than the trusted one', expected: options.verifierKey, found: String(rec['verifierKey']) });
        }
      } catch (e) {
        problem({ kind: 'key', message: `bad verifier key: ${(e as Error).message}`, line: n });
        break;
      }
      report.origin = String(rec['origin']);
      try {
        const opened = openCheckpoint(String(rec['checkpoint']), verifier);
        target = { size: opened.checkpoint.size, root: opened.checkpoint.rootHash };
        report.treeSize = target.size;
      } catch (e) {
        problem({ kind: 'checkpoint-signature', message: `the bundle's checkpoint does not verify: ${(e as Error).message}`, line: n });
        break;
      }
      continue;
    }
    switch (rec['kind']) {
      case 'checkpoint': {
        report.checkpoints++;
        let size: number;
        let root: Buffer;
        try {
          const opened = openCheckpoint(String(rec['signedNote']), verifier!);
          size = opened.checkpoint.size;
          root = opened.checkpoint.rootHash;
        } catch (e) {
          problem({ kind: 'checkpoint-signature', message: `checkpoint on line ${n} does not verify: ${(e as Error).message}`, line: n, checkpointSize: Number(rec['size']) });
          break;
        }
        if (prevCp !== undefined && size <= prevCp) {
          problem({ kind: 'checkpoint-order', message: `checkpoint of size ${size} follows size ${prevCp}`, line: n, checkpointSize: size });
          break;
        }
        roots.set(size, root);
        if (prevCp !== undefined && prevCp > 0) pairsNeeded.add(`${prevCp}:${size}`);
        prevCp = size;
        break;
      }
      case 'consistency': {
        report.consistencyProofs++;
        const from = Number(rec['from']);
        const to = Number(rec['to']);
        const r1 = roots.get(from);
        const r2 = roots.get(to);
        const proof = Array.isArray(rec['proof']) ? (rec['proof'] as unknown[]).map((p) => decodeBase64Strict(String(p))) : [];
        if (!r1 || !r2 || proof.some((p) => !p) || !verifyConsistency(from, to, proof as Buffer[], r1, r2)) {
          problem({ kind: 'consistency', message: `the consistency proof from ${from} to ${to} does not verify against the signed checkpoints`, line: n, checkpointSize: to });
        } else {
          pairsNeeded.delete(`${from}:${to}`);
        }
        break;
      }
      case 'event': {
        report.events++;
        const ev = rec['event'] as (HashedEnvelope & { hash: string; globalPosition: string }) | undefined;
        const leafIndex = Number(rec['leafIndex']);
        if (!ev || typeof ev !== 'object' || typeof ev.eventId !== 'string') {
          problem({ kind: 'malformed', message: `line ${n}: event without an envelope`, line: n });
          break;
        }
        const place = { line: n, eventId: ev.eventId, streamId: ev.streamId, version: ev.version };
        const canonical = decodeBase64Strict(String(rec['canonical']));
        let recomputed: Buffer | undefined;
        try {
          recomputed = eventCanonicalBytes(ev);
        } catch {
          recomputed = undefined;
        }
        if (!canonical || !recomputed || !canonical.equals(recomputed)) {
          problem({ kind: 'canonical', message: `event ${ev.eventId}: the canonical bytes do not encode the envelope`, ...place });
          break;
        }
        const computed = oneShotHash('sha256', canonical, 'hex');
        if (computed !== ev.hash) {
          problem({ kind: 'hash', message: `event ${ev.eventId} (stream ${ev.streamId} v${ev.version}) was altered: content hashes to ${computed}, recorded hash ${ev.hash}`, ...place, expected: computed, found: ev.hash });
        }
        const h = heads.get(ev.streamId);
        if (h && ev.version === h.v + 1 && ev.prevHash !== h.h) {
          problem({ kind: 'chain', message: `event ${ev.eventId} (stream ${ev.streamId} v${ev.version}) does not link to v${h.v}`, ...place, expected: h.h, found: ev.prevHash });
        } else if (h && ev.version <= h.v) {
          problem({ kind: 'order', message: `stream ${ev.streamId}: version ${ev.version} after version ${h.v}`, ...place });
        } else if (!h && ev.version === 1 && ev.prevHash !== '0'.repeat(64)) {
          problem({ kind: 'chain', message: `event ${ev.eventId} is version 1 of ${ev.streamId} but has a previous hash`, ...place });
        }
        heads.set(ev.streamId, { v: ev.version, h: ev.hash });
        if (!Number.isSafeInteger(leafIndex) || leafIndex <= lastLeaf) {
          problem({ kind: 'order', message: `leaf index ${leafIndex} after ${lastLeaf}`, ...place });
        }
        lastLeaf = leafIndex;
        const proof = Array.isArray(rec['proof']) ? (rec['proof'] as unknown[]).map((p) => decodeBase64Strict(String(p))) : [];
        if (!target || proof.some((p) => !p) || !verifyInclusion(leafHash(canonical), leafIndex, target.size, proof as Buffer[], target.root)) {
          problem({ kind: 'inclusion', message: `event ${ev.eventId} is not proven to be leaf ${leafIndex} of the checkpoint of size ${target?.size}`, ...place });
        }
        break;
      }
      case 'end':
        ended = { events: Number(rec['events']), checkpoints: Number(rec['checkpoints']), consistencyProofs: Number(rec['consistencyProofs']) };
        break;
      default:
        problem({ kind: 'malformed', message: `line ${n}: unknown kind ${JSON.stringify(rec['kind'])}`, line: n });
    }
  }
  if (n === 0) problem({ kind: 'format', message: 'the bundle is empty' });
  if (verifier && !ended) problem({ kind: 'truncated', message: 'the bundle has no end line: it was cut short' });
  if (ended && (ended.events !== report.events || ended.checkpoints !== report.checkpoints || ended.consistencyProofs !== report.consistencyProofs)) {
    problem({
      kind: 'count',
      message: 'the end line does not match the lines read',
      expected: `${ended.events} events, ${ended.checkpoints} checkpoints, ${ended.consistencyProofs} proofs`,
      found: `${report.events} events, ${report.checkpoints} checkpoints, ${report.consistencyProofs} proofs`,
    });
  }
  if (target && roots.size > 0 && !roots.get(target.size)?.equals(target.root)) {
    problem({ kind: 'checkpoint-order', message: `the header checkpoint (size ${target.size}) is not among the bundle's checkpoints`, checkpointSize: target.size });
  }
  for (const pair of pairsNeeded) {
    const [from, to] = pair.split(':');
    problem({ kind: 'consistency-missing', message: `no valid consistency proof between the checkpoints of size ${from} and ${to}`, checkpointSize: Number(to) });
  }
  report.streams = heads.size;
  report.ok = report.problemCount === 0;
  if (report.problems[0]) report.firstProblem = report.problems[0];
  return report;
}
