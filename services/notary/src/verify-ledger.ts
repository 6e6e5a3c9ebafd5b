// `gongkai verify`: checks a data folder end to end without trusting whoever runs it.
//
//  1. every checkpoint in notary.db is a valid signed note by the trusted key, matches its stored
//     size and root, and is consistent with the previous one (RFC 6962 consistency proof);
//  2. one pass over the ledger in global order (a cursor; constant memory apart from one head per
//     stream) rebuilds each event's canonical bytes from the raw columns ONCE and uses them for
//     the stream hash chain (version, prevHash, hash) and for the Merkle leaf; the tree rebuilt from
//     the ledger is compared node by node with the notary's stored nodes, and its root at every
//     checkpoint size with the signed root;
//  3. the stream heads table matches the chains, the notary has no leaf the ledger lacks;
//  4. the checkpoint remembered from the previous run (verify-state.json) is still a prefix of
//     this tree: a rewritten history is caught even if notary.db was rebuilt from it.
//
// Trust: the verifier key is the one given, else the one pinned by the previous run, else (first
// run) the one in the data folder — trust on first use, reported as such.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '@gongkai/integrity';
import {
  EMPTY_ROOT,
  HASH_SIZE,
  TreeBuilder,
  consistencyProof,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  type NodeStore,
  type Verifier,
} from '@gongkai/notary';
import { PageHasher, type PageResult } from './verify-page.ts';
import { NotaryLog } from './notary-log.ts';
import { notaryPaths } from './paths.ts';
import { readVerifierKey } from './signer.ts';

export type VerifyProblemKind =
  | 'notary-missing'
  | 'key-missing'
  | 'key-changed'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch'
  | 'checkpoint-consistency'
  | 'checkpoint-root'
  | 'checkpoint-beyond-ledger'
  | 'position-gap'
  | 'chain-version'
  | 'chain-prev-hash'
  | 'chain-hash'
  | 'leaf-mismatch'
  | 'node-mismatch'
  | 'node-missing'
  | 'ledger-truncated'
  | 'stream-head'
  | 'remembered-checkpoint'
  | 'remembered-consistency';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  message: string;
  streamId?: string;
  version?: number;
  eventId?: string;
  globalPosition?: string;
  leafIndex?: number;
  checkpointSize?: number;
  expected?: string;
  found?: string;
}

export interface VerifyProgress {
  phase: 'checkpoints' | 'events' | 'streams' | 'done';
  done: number;
  total: number;
}

export interface VerifyLedgerOptions {
  dataDir: string;
  /** trusted verifier key (`origin+keyid+base64`); default: pinned by the last run, else the data folder's */
  verifierKey?: string;
  /** where the last verified checkpoint is remembered (default <dataDir>/verify-state.json); false: nowhere */
  statePath?: string | false;
  /** remember the latest checkpoint after a successful run (default true) */
  remember?: boolean;
  onProgress?: (p: VerifyProgress) => void;
  /** problems listed in the report (all are counted); default 100 */
  maxProblems?: number;
  ledgerPath?: string;
  notaryDbPath?: string;
  /** worker threads hashing the events (default: one per core, at most 4, from 50 000 events; 0 = inline) */
  workers?: number;
}

export interface VerifyReport {
  ok: boolean;
  dataDir: string;
  durationMs: number;
  /** worker threads that hashed the events (0 = inline) */
  workers: number;
  events: number;
  streams: number;
  /** leaves in notary.db when the run started */
  notarySize: number;
  /** Merkle nodes compared with the notary's */
  nodesCompared: number;
  /** leaves that differ from the notary's (only the first of each run is listed as a problem) */
  leafMismatches: number;
  /** checkpoints whose signed root differs from the rebuilt tree (only the first is listed) */
  checkpointRootMismatches: number;
  checkpoints: { count: number; valid: number; latest?: { size: number; root: string } };
  key?: { verifierKey: string; source: 'given' | 'pinned' | 'data-folder' };
  remembered?: { size: number; root: string; verifiedAt: string; ok: boolean };
  /** set when the latest checkpoint was written to the state file */
  rememberedNow?: { size: number; root: string };
  problemCount: number;
  /** in the order found: checkpoints first, then the ledger in global order */
  problems: VerifyProblem[];
  /** the first broken place, if any */
  firstProblem?: VerifyProblem;
}

export interface VerifyState {
  format: 'gongkai-verify-state/v1';
  origin: string;
  verifierKey: string;
  size: number;
  root: string;
  signedNote: string;
  verifiedAt: string;
}

export function readVerifyState(path: string): VerifyState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const s = JSON.parse(text) as VerifyState;
  if (s.format !== 'gongkai-verify-state/v1') throw new Error(`${path}: not a gongkai verify state file`);
  return s;
}

function writeVerifyState(path: string, s: VerifyState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, path);
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface ValidCheckpoint {
  size: number;
  root: Buffer;
  signedNote: string;
}

/**
 * The notary's stored nodes of each level, read in chunks of 4096 as ONE blob per chunk (SQLite
 * concatenates the 32-byte hashes in index order): no row or Buffer per node. A chunk with a
 * missing node is re-read row by row so the gap is found exactly.
 */
class LevelChunks {
  private readonly concat: Database.Statement;
  private readonly rows: Database.Statement;
  private readonly chunks: ({ start: number; end: number; blob: Buffer; present?: Uint8Array } | undefined)[] = [];
  constructor(db: Database.Database, private readonly chunk = 4096) {
    this.concat = db
      .prepare("SELECT CAST(group_concat(hash, '' ORDER BY idx) AS BLOB) FROM merkle_nodes WHERE level = ? AND idx >= ? AND idx < ?")
      .pluck();
    this.rows = db.prepare('SELECT idx, hash FROM merkle_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx').raw(true);
  }
  private load(level: number, idx: number, limit: number) {
    const start = idx;
    const end = Math.min(idx + this.chunk, limit);
    let blob = (this.concat.get(level, start, end) as Buffer | null) ?? Buffer.alloc(0);
    let present: Uint8Array | undefined;
    if (blob.length !== (end - start) * HASH_SIZE) {
      blob = Buffer.alloc((end - start) * HASH_SIZE);
      present = new Uint8Array(end - start);
      for (const [i, h] of this.rows.all(level, start, end) as [number, Buffer][]) {
        if (h.length !== HASH_SIZE) continue;
        h.copy(blob, (i - start) * HASH_SIZE);
        present[i - start] = 1;
      }
    }
    const c = present ? { start, end, blob, present } : { start, end, blob };
    this.chunks[level] = c;
    return c;
  }
  /**
   * Compares node (level, idx) with `h`: 0 equal, 1 different, -1 missing. `limit` = number of
   * complete nodes of this level in the notary's tree (chunks never read beyond it).
   */
  compare(level: number, idx: number, h: Uint8Array, limit: number): 0 | 1 | -1 {
    let c = this.chunks[level];
    if (!c || idx < c.start || idx >= c.end) c = this.load(level, idx, limit);
    const i = idx - c.start;
    if (c.present && c.present[i] !== 1) return -1;
    return c.blob.compare(h, 0, HASH_SIZE, i * HASH_SIZE, (i + 1) * HASH_SIZE) === 0 ? 0 : 1;
  }
  stored(level: number, idx: number, limit: number): Buffer | undefined {
    let c = this.chunks[level];
    if (!c || idx < c.start || idx >= c.end) c = this.load(level, idx, limit);
    const i = idx - c.start;
    if (c.present && c.present[i] !== 1) return undefined;
    return Buffer.from(c.blob.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  }
}

/** Runs PageHasher over ranges: in worker threads, or inline when there are none. */
interface Hashers {
  workers: number;
  run(start: number, end: number): Promise<PageResult>;
  close(): Promise<void>;
}

/** One worker per core (at most 4) for ledgers big enough to repay starting them. */
function defaultWorkers(events: number): number {
  if (events < 50_000) return 0;
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : 1;
  return Math.min(4, Math.max(1, cores));
}

async function openHashers(ledgerPath: string, events: number, requested?: number): Promise<Hashers> {
  const n = requested ?? defaultWorkers(events);
  if (n > 0) {
    try {
      return await workerHashers(ledgerPath, n);
    } catch {
      // no worker threads here (e.g. no tsx loader to give them): hash inline
    }
  }
  const h = new PageHasher(ledgerPath);
  return {
    workers: 0,
    run: async (start, end) => h.run(start, end),
    close: async () => h.close(),
  };
}

/** The worker is TypeScript like everything else: it registers the tsx loader, then loads verify-worker.ts. */
function workerBootstrap(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import!.default!)).href;
  const worker = new URL('./verify-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
}

async function workerHashers(ledgerPath: string, n: number): Promise<Hashers> {
  const code = workerBootstrap();
  const workers = Array.from({ length: n }, () => new Worker(code, { eval: true, workerData: { ledgerPath } }));
  const pending = new Map<number, { resolve: (r: PageResult) => void; reject: (e: unknown) => void }>();
  let failure: Error | undefined;
  let nextId = 0;
  const fail = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  for (const w of workers) {
    w.on('message', (m: { id: number; result?: PageResult; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result!);
    });
    w.on('error', (e) => fail(e));
  }
  // a first round trip proves the workers load
  const probe = (w: Worker, id: number) =>
    new Promise<PageResult>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, start: 0, end: 0 });
    });
  try {
    await Promise.all(workers.map((w) => probe(w, nextId++)));
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  let rr = 0;
  return {
    workers: n,
    run(start, end) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const w = workers[rr++ % n]!;
      return new Promise<PageResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, start, end });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export async function verifyLedger(options: VerifyLedgerOptions): Promise<VerifyReport> {
  const t0 = performance.now();
  const paths = notaryPaths(options.dataDir);
  const ledgerPath = options.ledgerPath ?? paths.ledger;
  const notaryPath = options.notaryDbPath ?? paths.notaryDb;
  const statePath = options.statePath === undefined ? paths.verifyState : options.statePath;
  const maxProblems = options.maxProblems ?? 100;
  const progress = options.onProgress ?? (() => undefined);

  const problems: VerifyProblem[] = [];
  let problemCount = 0;
  const problem = (p: VerifyProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };

  const report: VerifyReport = {
    ok: false,
    dataDir: paths.dir,
    durationMs: 0,
    workers: 0,
    events: 0,
    streams: 0,
    notarySize: 0,
    nodesCompared: 0,
    leafMismatches: 0,
    checkpointRootMismatches: 0,
    checkpoints: { count: 0, valid: 0 },
    problemCount: 0,
    problems,
  };

  // ------------------------------------------------------------------ trust
  const state = statePath ? readVerifyState(statePath) : undefined;
  const folderKey = readVerifierKey(paths.signerKey, paths.verifierKey);
  let verifier: Verifier | undefined;
  if (options.verifierKey) {
    verifier = parseVerifierKey(options.verifierKey);
    report.key = { verifierKey: options.verifierKey, source: 'given' };
  } else if (state) {
    verifier = parseVerifierKey(state.verifierKey);
    report.key = { verifierKey: state.verifierKey, source: 'pinned' };
  } else if (folderKey) {
    verifier = parseVerifierKey(folderKey);
    report.key = { verifierKey: folderKey, source: 'data-folder' };
  }
  if (report.key && folderKey && folderKey !== report.key.verifierKey) {
    problem({
      kind: 'key-changed',
      message: `the notary key in the data folder (${folderKey}) is not the trusted key (${report.key.verifierKey}, ${report.key.source})`,
      expected: report.key.verifierKey,
      found: folderKey,
    });
  }
  if (!verifier) problem({ kind: 'key-missing', message: `no notary verifier key: none given, none pinned, none in ${paths.keyDir}` });

  const ledger = new Database(ledgerPath, { readonly: true, fileMustExist: true });
  let notary: NotaryLog | undefined;
  try {
    notary = new NotaryLog(notaryPath, { readonly: true });
  } catch {
    problem({ kind: 'notary-missing', message: `no notary database at ${notaryPath}: the ledger was never notarized, only its hash chains can be checked` });
  }

  try {
    const notarySize = notary ? notary.state().treeSize : 0;
    report.notarySize = notarySize;

    // ---------------------------------------------------------------- 1. checkpoints
    const valid: ValidCheckpoint[] = [];
    if (notary) {
      const total = notary.checkpointCount();
      report.checkpoints.count = total;
      let done = 0;
      let prev: ValidCheckpoint | undefined;
      for (const cp of notary.allCheckpoints()) {
        done++;
        if (done % 1000 === 0) progress({ phase: 'checkpoints', done, total });
        if (!verifier) continue;
        let size: number;
        let root: Buffer;
        try {
          const opened = openCheckpoint(cp.signedNote, verifier);
          size = opened.checkpoint.size;
          root = opened.checkpoint.rootHash;
        } catch (e) {
          problem({
            kind: 'checkpoint-signature',
            message: `checkpoint of size ${cp.size} is not validly signed by ${verifier.name}+${verifier.keyId.toString(16).padStart(8, '0')}: ${(e as Error).message}`,
            checkpointSize: cp.size,
          });
          continue;
        }
        if (size !== cp.size || !root.equals(cp.root)) {
          problem({
            kind: 'checkpoint-mismatch',
            message: `checkpoint row of size ${cp.size} does not match its signed note (size ${size})`,
            checkpointSize: cp.size,
            expected: `${size} ${b64(root)}`,
            found: `${cp.size} ${b64(cp.root)}`,
          });
          continue;
        }
        if (size > notarySize) {
          problem({ kind: 'checkpoint-beyond-ledger', message: `checkpoint of size ${size} is beyond the notary's tree (${notarySize} leaves)`, checkpointSize: size });
          continue;
        }
        if (size === 0 && !root.equals(EMPTY_ROOT)) {
          problem({ kind: 'checkpoint-root', message: 'the size-0 checkpoint does not carry the empty-tree root', checkpointSize: 0, expected: b64(EMPTY_ROOT), found: b64(root) });
          continue;
        }
        if (prev && prev.size > 0) {
          let ok = false;
          try {
            ok = verifyConsistency(prev.size, size, consistencyProof(prev.size, size, notary.nodes), prev.root, root);
          } catch {
            ok = false;
          }
          if (!ok) {
            problem({
              kind: 'checkpoint-consistency',
              message: `checkpoint of size ${size} is not consistent with the checkpoint of size ${prev.size} (the notary's tree does not prove one extends the other)`,
              checkpointSize: size,
            });
          }
        }
        const v = { size, root, signedNote: cp.signedNote };
        valid.push(v);
        prev = v;
      }
      report.checkpoints.valid = valid.length;
      const last = valid[valid.length - 1];
      if (last) report.checkpoints.latest = { size: last.size, root: b64(last.root) };
      progress({ phase: 'checkpoints', done: total, total });
    }

    // the remembered checkpoint must be signed by the pinned key (it was when remembered)
    let remembered: ValidCheckpoint | undefined;
    if (state) {
      report.remembered = { size: state.size, root: state.root, verifiedAt: state.verifiedAt, ok: false };
      try {
        const opened = openCheckpoint(state.signedNote, parseVerifierKey(state.verifierKey));
        remembered = { size: opened.checkpoint.size, root: opened.checkpoint.rootHash, signedNote: state.signedNote };
      } catch (e) {
        problem({ kind: 'remembered-checkpoint', message: `the remembered checkpoint in ${statePath} does not verify: ${(e as Error).message}`, checkpointSize: state.size });
      }
    }

    // ---------------------------------------------------------------- 2. the ledger, one pass
    // one read transaction: the events and the stream heads come from the same snapshot
    ledger.exec('BEGIN');
    const head = Number(ledger.prepare('SELECT coalesce(max(global_position), 0) FROM events').pluck().get());
    const chunks = notary ? new LevelChunks(notary.db) : undefined;
    // checkpoints whose root to compare with the rebuilt tree, ascending; plus the remembered one
    const targets: { size: number; root: Buffer; what: 'checkpoint' | 'remembered' }[] = valid
      .filter((c) => c.size > 0)
      .map((c) => ({ size: c.size, root: c.root, what: 'checkpoint' as const }));
    if (remembered && remembered.size > 0) targets.push({ size: remembered.size, root: remembered.root, what: 'remembered' });
    targets.sort((a, b) => a.size - b.size);
    let nextTarget = 0;
    let rememberedOk = remembered !== undefined && remembered.size === 0 ? remembered.root.equals(EMPTY_ROOT) : false;

    let leafMismatches = 0;
    let inMismatchRun = false;
    let checkpointRootMismatches = 0;
    let nodesCompared = 0;
    const checking: NodeStore = {
      getNode: () => undefined,
      putNode(level: number, idx: number, h: Uint8Array): void {
        if (level === 0 || !chunks) return; // leaves are compared by the caller
        const limit = Math.floor(notarySize / 2 ** level);
        if (idx >= limit) return; // beyond the notary's tree
        nodesCompared++;
        const c = chunks.compare(level, idx, h, limit);
        if (c === 0 || leafMismatches > 0) return; // a leaf already reported explains it
        const stored = c === 1 ? chunks.stored(level, idx, limit) : undefined;
        problem(
          stored
            ? {
                kind: 'node-mismatch',
                message: `the notary's Merkle node (level ${level}, index ${idx}) differs from the tree rebuilt from the ledger`,
                leafIndex: idx * 2 ** level,
                expected: hexOf(h),
                found: hexOf(stored),
              }
            : { kind: 'node-missing', message: `the notary has no Merkle node (level ${level}, index ${idx})`, leafIndex: idx * 2 ** level },
        );
      },
    };
    const builder = new TreeBuilder(checking);
    // per stream: last version and its recorded hash (32 bytes, updated in place)
    const heads = new Map<string, { v: number; h: Buffer }>();
    let expectedPos = 1;
    let leafIndex = 0;

    // Hashing (canonical bytes → chain hash and leaf hash) runs in worker threads over ranges of
    // positions, a few ranges ahead; this thread does what depends on order: the stream chains,
    // the position sequence, the tree and the comparisons with the notary.
    const streamIdsOf = ledger.prepare('SELECT stream_id FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position').pluck();
    const rawAt = ledger.prepare('SELECT event_id, prev_hash, hash FROM events WHERE global_position = ?').raw(true);
    const idAt = (pos: number): string => (rawAt.get(pos) as [string, string, string])[0];
    const prevAt = (pos: number): string => (rawAt.get(pos) as [string, string, string])[1];
    const hashAt = (pos: number): string => (rawAt.get(pos) as [string, string, string])[2];
    const GENESIS = Buffer.from(GENESIS_HASH, 'hex');
    const PAGE = 8192;
    const pages = Math.ceil(head / PAGE);
    const hashers = await openHashers(ledgerPath, head, options.workers);
    report.workers = hashers.workers;
    const inflight = new Map<number, Promise<PageResult>>();
    const ahead = Math.max(2, hashers.workers * 3);
    let submitted = 0;
    progress({ phase: 'events', done: 0, total: head });
    try {
      for (let k = 0; k < pages; k++) {
        while (submitted < pages && submitted < k + ahead) {
          inflight.set(submitted, hashers.run(submitted * PAGE, Math.min(head, (submitted + 1) * PAGE)));
          submitted++;
        }
        const res = await inflight.get(k)!;
        inflight.delete(k);
        const n = res.positions.length;
        let sids = n === 0 ? [] : res.streamIds.split('\n');
        if (sids.length !== n) sids = streamIdsOf.all(k * PAGE, Math.min(head, (k + 1) * PAGE)) as string[];
        const prevs = Buffer.from(res.prevHashes.buffer, res.prevHashes.byteOffset, res.prevHashes.byteLength);
        const hashes = Buffer.from(res.hashes.buffer, res.hashes.byteOffset, res.hashes.byteLength);
        let mm = 0;
        for (let i = 0; i < n; i++) {
          const pos = res.positions[i]!;
          const version = res.versions[i]!;
          const streamId = sids[i]!;
          const off = i * HASH_SIZE;
          const mismatch = res.mismatches[mm]?.i === i ? res.mismatches[mm++]! : undefined;
          if (pos !== expectedPos) {
            // the SQLite adapter numbers the log 1, 2, 3 … with no gaps; a gap is a deleted event
            const missing = notary && leafIndex < notarySize && pos > expectedPos ? notary.leafAt(leafIndex) : undefined;
            const range = pos - 1 > expectedPos ? `global positions ${expectedPos}–${pos - 1} are` : `global position ${expectedPos} is`;
            problem({
              kind: 'position-gap',
              message:
                pos > expectedPos
                  ? `${range} missing: the log jumps to event ${idAt(pos)} (stream ${streamId} v${version}) at position ${pos}` +
                    (missing ? `; the notary recorded event ${missing.eventId} at position ${missing.globalPosition} (leaf ${leafIndex})` : '')
                  : `global position ${pos} comes after ${expectedPos - 1}`,
              ...(missing
                ? { eventId: missing.eventId, globalPosition: String(missing.globalPosition) }
                : { eventId: idAt(pos), streamId, version, globalPosition: String(pos) }),
              leafIndex,
              expected: String(expectedPos),
              found: String(pos),
            });
          }
          expectedPos = pos + 1;

          const h = heads.get(streamId);
          const expectedVersion = h ? h.v + 1 : 1;
          const expectedPrev = h ? h.h : GENESIS;
          if (version !== expectedVersion) {
            problem({
              kind: 'chain-version',
              message: `stream ${streamId}: event ${idAt(pos)} has version ${version}, expected ${expectedVersion}` + (version > expectedVersion ? ' (events are missing)' : ''),
              streamId,
              version,
              eventId: idAt(pos),
              globalPosition: String(pos),
              expected: String(expectedVersion),
              found: String(version),
            });
          } else if ((res.hexOk[i]! & 1) === 0 || prevs.compare(expectedPrev, 0, HASH_SIZE, off, off + HASH_SIZE) !== 0) {
            problem({
              kind: 'chain-prev-hash',
              message: `stream ${streamId} v${version}: event ${idAt(pos)} does not link to the previous event's hash`,
              streamId,
              version,
              eventId: idAt(pos),
              globalPosition: String(pos),
              expected: hexOf(expectedPrev),
              found: prevAt(pos),
            });
          }
          if (mismatch) {
            problem({
              kind: 'chain-hash',
              message: `stream ${streamId} v${version}: event ${idAt(pos)} was altered — its content hashes to ${mismatch.computed}, the recorded hash is ${hashAt(pos)}`,
              streamId,
              version,
              eventId: idAt(pos),
              globalPosition: String(pos),
              expected: mismatch.computed,
              found: hashAt(pos),
            });
          }
          // the next event links to the hash as recorded, so one altered event is reported once
          if (h) {
            h.v = version;
            hashes.copy(h.h, 0, off, off + HASH_SIZE);
          } else {
            heads.set(streamId, { v: version, h: Buffer.from(hashes.subarray(off, off + HASH_SIZE)) });
          }

          const lh = res.leafHashes.subarray(off, off + HASH_SIZE);
          if (chunks && leafIndex < notarySize) {
            nodesCompared++;
            const cmp = chunks.compare(0, leafIndex, lh, notarySize);
            if (cmp === 0) {
              inMismatchRun = false;
            } else if (inMismatchRun) {
              leafMismatches++;
            } else {
              leafMismatches++;
              inMismatchRun = true;
              const stored = cmp === 1 ? chunks.stored(0, leafIndex, notarySize) : undefined;
              const at = notary!.leafAt(leafIndex);
              problem({
                kind: 'leaf-mismatch',
                message:
                  at && at.eventId !== idAt(pos)
                    ? `leaf ${leafIndex}: the notary recorded event ${at.eventId} (position ${at.globalPosition}) there, the ledger now has event ${idAt(pos)} (position ${pos}) — events were removed, inserted or reordered`
                    : `leaf ${leafIndex}: event ${idAt(pos)} (stream ${streamId} v${version}) differs from what the notary recorded`,
                streamId,
                version,
                eventId: idAt(pos),
                globalPosition: String(pos),
                leafIndex,
                expected: stored ? hexOf(stored) : 'no leaf',
                found: hexOf(lh),
              });
            }
          }
          builder.appendLeafHash(lh);
          leafIndex++;

          while (nextTarget < targets.length && targets[nextTarget]!.size === leafIndex) {
            const t = targets[nextTarget++]!;
            const root = builder.root();
            if (t.what === 'remembered') {
              rememberedOk = root.equals(t.root);
              if (!rememberedOk) {
                problem({
                  kind: 'remembered-checkpoint',
                  message: `the ledger's first ${t.size} events no longer hash to the checkpoint verified on ${state!.verifiedAt}: history was rewritten`,
                  checkpointSize: t.size,
                  expected: b64(t.root),
                  found: b64(root),
                });
              }
            } else if (!root.equals(t.root) && checkpointRootMismatches++ === 0) {
              problem({
                kind: 'checkpoint-root',
                message: `the tree of the ledger's first ${t.size} events does not have the root signed in the checkpoint of size ${t.size}`,
                checkpointSize: t.size,
                expected: b64(t.root),
                found: b64(root),
              });
            }
          }
        }
        progress({ phase: 'events', done: Math.min(head, (k + 1) * PAGE), total: head });
      }
    } finally {
      await hashers.close();
    }
    report.events = leafIndex;
    report.nodesCompared = nodesCompared;
    report.leafMismatches = leafMismatches;
    report.checkpointRootMismatches = checkpointRootMismatches;
    progress({ phase: 'events', done: head, total: head });

    if (leafIndex < notarySize && notary) {
      const first = notary.leafAt(leafIndex);
      problem({
        kind: 'ledger-truncated',
        message: `the notary has ${notarySize} leaves but the ledger only ${leafIndex} events` + (first ? `; the first missing is event ${first.eventId} (position ${first.globalPosition})` : ''),
        leafIndex,
        ...(first ? { eventId: first.eventId, globalPosition: String(first.globalPosition) } : {}),
        expected: String(notarySize),
        found: String(leafIndex),
      });
    }
    for (; nextTarget < targets.length; nextTarget++) {
      const t = targets[nextTarget]!;
      if (t.what === 'remembered') {
        problem({
          kind: 'remembered-checkpoint',
          message: `the checkpoint of size ${t.size} verified on ${state!.verifiedAt} is larger than the ledger (${leafIndex} events): history was truncated`,
          checkpointSize: t.size,
        });
      } else if (t.size <= notarySize) {
        problem({ kind: 'checkpoint-beyond-ledger', message: `the checkpoint of size ${t.size} covers more events than the ledger holds (${leafIndex})`, checkpointSize: t.size });
      }
    }

    // ---------------------------------------------------------------- 3. stream heads
    progress({ phase: 'streams', done: 0, total: heads.size });
    const seen = new Set<string>();
    for (const [streamId, version, lastHash] of ledger
      .prepare('SELECT stream_id, version, last_hash FROM streams WHERE version > 0')
      .raw(true)
      .iterate() as IterableIterator<[string, number, string]>) {
      seen.add(streamId);
      const h = heads.get(streamId);
      if (!h || h.v !== version || h.h.toString('hex') !== lastHash) {
        problem({
          kind: 'stream-head',
          message: h
            ? `stream ${streamId}: the head says version ${version}, the events end at version ${h.v}` + (h.v === version ? ' with another hash' : '')
            : `stream ${streamId}: the head says version ${version}, but the stream has no events`,
          streamId,
          version,
          expected: h ? `${h.v} ${h.h.toString('hex')}` : '0',
          found: `${version} ${lastHash}`,
        });
      }
    }
    for (const [streamId, h] of heads) {
      if (!seen.has(streamId)) {
        problem({ kind: 'stream-head', message: `stream ${streamId} has events up to version ${h.v} but no head`, streamId, version: h.v, expected: `${h.v} ${h.h.toString('hex')}`, found: 'no head' });
      }
    }
    report.streams = heads.size;
    ledger.exec('COMMIT');
    progress({ phase: 'streams', done: heads.size, total: heads.size });

    // ---------------------------------------------------------------- 4. remembered checkpoint
    const latest = valid[valid.length - 1];
    if (remembered && report.remembered) {
      if (latest && latest.size < remembered.size) {
        rememberedOk = false;
        problem({
          kind: 'remembered-consistency',
          message: `the latest checkpoint (size ${latest.size}) is smaller than the one verified on ${state!.verifiedAt} (size ${remembered.size}): the log was rolled back`,
          checkpointSize: latest.size,
        });
      } else if (latest && notary && remembered.size > 0) {
        let ok = false;
        try {
          ok = verifyConsistency(remembered.size, latest.size, consistencyProof(remembered.size, latest.size, notary.nodes), remembered.root, latest.root);
        } catch {
          ok = false;
        }
        if (!ok) {
          rememberedOk = false;
          problem({
            kind: 'remembered-consistency',
            message: `the latest checkpoint (size ${latest.size}) is not consistent with the checkpoint verified on ${state!.verifiedAt} (size ${remembered.size})`,
            checkpointSize: latest.size,
          });
        }
      }
      report.remembered.ok = rememberedOk;
    }

    report.ok = problemCount === 0;
    if (report.ok && latest && statePath && options.remember !== false && report.key) {
      writeVerifyState(statePath, {
        format: 'gongkai-verify-state/v1',
        origin: verifier!.name,
        verifierKey: report.key.verifierKey,
        size: latest.size,
        root: b64(latest.root),
        signedNote: latest.signedNote,
        verifiedAt: new Date().toISOString(),
      });
      report.rememberedNow = { size: latest.size, root: b64(latest.root) };
    }
  } finally {
    if (ledger.inTransaction) ledger.exec('COMMIT');
    ledger.close();
    notary?.close();
  }
  report.problemCount = problemCount;
  if (problems[0]) report.firstProblem = problems[0];
  report.durationMs = Math.round(performance.now() - t0);
  progress({ phase: 'done', done: 1, total: 1 });
  return report;
}
