// Public proof endpoints (no authentication): anyone can fetch the signed checkpoints, the
// verifier key, inclusion and consistency proofs, and the whole log as C2SP tlog-tiles, and check
// them offline against the published key.
//
//   GET /v1/proofs/checkpoint                      latest signed checkpoint (text/plain signed note)
//   GET /v1/proofs/checkpoints?after=&limit=       list of checkpoints (JSON)
//   GET /v1/proofs/checkpoints/{size}              one checkpoint (immutable)
//   GET /v1/proofs/key                             verifier key
//   GET /v1/proofs/inclusion/{eventId}?size=N      c2sp.org/tlog-proof (or JSON with Accept: application/json)
//   GET /v1/proofs/consistency?from=M&to=N         consistency proof (JSON, or base64 lines as text/plain)
//   GET /tlog/checkpoint                           tlog-tiles checkpoint
//   GET /tlog/tile/{L}/{N}[.p/{W}]                 Merkle tiles
//   GET /tlog/tile/entries/{N}[.p/{W}]             entry bundles (the events' canonical bytes)
import express, { type Request, type Response, type Router } from 'express';
import { TILE_WIDTH, encodeEntryBundle, leafHash, parseTilePath, tileBytes } from '@gongkai/notary';
import { ProblemError } from '@gongkai/platform';
import { NotaryRequestError, type ProofSource } from './notary.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=60';
const LATEST = 'no-cache';
const TEXT = 'text/plain; charset=utf-8';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decimal(value: unknown, name: string, { min = 0 }: { min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(value)) {
    throw new ProblemError('bad-request', `${name} must be a decimal integer`, { parameter: name });
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new ProblemError('bad-request', `${name} must be an integer >= ${min}`, { parameter: name });
  return n;
}

function rethrow(err: unknown): never {
  if (err instanceof NotaryRequestError) {
    if (err.code === 'bad-request') throw new ProblemError('bad-request', err.message);
    if (err.code === 'not-yet-checkpointed') throw new ProblemError('not-found', err.message, { retryable: true });
    throw new ProblemError('not-found', err.message);
  }
  throw err;
}

function sendText(res: Response, body: string, cache: string): void {
  res.setHeader('Cache-Control', cache);
  res.type(TEXT).send(body);
}

function b64(h: Uint8Array): string {
  return Buffer.from(h).toString('base64');
}

export interface ProofRouterOptions {
  /** mount the tlog-tiles API under this prefix (default /tlog) */
  tilesPrefix?: string;
}

export function createProofRouter(notary: ProofSource, options: ProofRouterOptions = {}): Router {
  const router = express.Router();
  const tiles = options.tilesPrefix ?? '/tlog';

  const latestOr404 = () => {
    const cp = notary.latest();
    if (!cp) throw new ProblemError('not-found', 'no checkpoint has been made yet');
    return cp;
  };

  router.get('/v1/proofs/checkpoint', (_req, res) => {
    sendText(res, latestOr404().signedNote, LATEST);
  });

  router.get('/v1/proofs/checkpoints', (req, res) => {
    const after = decimal(req.query['after'], 'after') ?? -1;
    const limit = Math.min(decimal(req.query['limit'], 'limit', { min: 1 }) ?? 100, 1000);
    const page = notary.checkpoints(after, limit);
    res.setHeader('Cache-Control', LATEST);
    res.json({
      origin: notary.origin,
      checkpoints: page.map((c) => ({ size: c.size, root: b64(c.root), createdAt: c.createdAt, signedNote: c.signedNote })),
      ...(page.length === limit ? { next: `/v1/proofs/checkpoints?after=${page[page.length - 1]!.size}&limit=${limit}` } : {}),
    });
  });

  router.get('/v1/proofs/checkpoints/:size', (req, res) => {
    const size = decimal(req.params['size'], 'size')!;
    const cp = notary.checkpoint(size);
    if (!cp) throw new ProblemError('not-found', `there is no checkpoint of size ${size}`);
    sendText(res, cp.signedNote, IMMUTABLE);
  });

  router.get('/v1/proofs/key', (_req, res) => {
    sendText(res, `${notary.verifierKey}\n`, SHORT);
  });

  router.get('/v1/proofs/inclusion/:eventId', async (req: Request, res: Response) => {
    const eventId = req.params['eventId'] as string;
    if (!UUID_RE.test(eventId)) throw new ProblemError('bad-request', 'the event id must be a lower-case UUID', { parameter: 'eventId' });
    const size = decimal(req.query['size'], 'size');
    const kind = req.accepts([TEXT, 'text/plain', 'application/json']);
    if (!kind) throw new ProblemError('not-acceptable', 'inclusion proofs are served as text/plain (c2sp.org/tlog-proof) or application/json');
    let p;
    try {
      p = notary.tlogProof(eventId, size);
    } catch (err) {
      rethrow(err);
    }
    res.setHeader('Vary', 'Accept');
    // a proof against a fixed checkpoint never changes
    const cache = size === undefined ? LATEST : IMMUTABLE;
    if (kind !== 'application/json') return sendText(res, p.text, cache);
    const [data] = await notary.entries(p.leaf.index, 1);
    res.setHeader('Cache-Control', cache);
    res.json({
      eventId,
      leafIndex: p.leaf.index,
      globalPosition: p.leaf.globalPosition.toString(),
      leafData: b64(data!),
      leafHash: b64(leafHash(data!)),
      treeSize: p.checkpoint.size,
      rootHash: b64(p.checkpoint.root),
      proof: p.proof.map(b64),
      checkpoint: p.checkpoint.signedNote,
      tlogProof: p.text,
    });
  });

  router.get('/v1/proofs/consistency', (req, res) => {
    const from = decimal(req.query['from'], 'from');
    if (from === undefined) throw new ProblemError('bad-request', 'from is required', { parameter: 'from' });
    const latest = latestOr404();
    const to = decimal(req.query['to'], 'to') ?? latest.size;
    if (from < 1) throw new ProblemError('bad-request', 'from must be at least 1: a consistency proof from the empty tree is meaningless', { parameter: 'from' });
    if (from > to) throw new ProblemError('bad-request', `from (${from}) must not exceed to (${to})`, { parameter: 'from' });
    let proof: Buffer[];
    let root1: Buffer;
    let root2: Buffer;
    try {
      proof = notary.consistencyProof(from, to);
      root1 = notary.rootAt(from);
      root2 = notary.rootAt(to);
    } catch (err) {
      rethrow(err);
    }
    const cache = req.query['to'] === undefined ? LATEST : IMMUTABLE;
    res.setHeader('Vary', 'Accept');
    if (req.accepts(['application/json', TEXT, 'text/plain']) !== 'application/json') {
      return sendText(res, proof.map((h) => `${b64(h)}\n`).join(''), cache);
    }
    const cp1 = notary.checkpoint(from);
    const cp2 = notary.checkpoint(to);
    res.setHeader('Cache-Control', cache);
    res.json({
      from,
      to,
      proof: proof.map(b64),
      // unauthenticated conveniences: verify against the roots of signed checkpoints you hold
      fromRoot: b64(root1),
      toRoot: b64(root2),
      ...(cp1 ? { fromCheckpoint: cp1.signedNote } : {}),
      ...(cp2 ? { toCheckpoint: cp2.signedNote } : {}),
    });
  });

  // ------------------------------------------------------------------------- tlog-tiles

  router.get(`${tiles}/checkpoint`, (_req, res) => {
    sendText(res, latestOr404().signedNote, LATEST);
  });

  router.get(`${tiles}/tile/*rest`, async (req, res) => {
    const path = req.path.slice(tiles.length + 1);
    const t = parseTilePath(path);
    if (!t) throw new ProblemError('not-found', `${path} is not a tile path (tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])`);
    const size = notary.treeSize();
    const level = t.kind === 'tile' ? t.level : 0;
    // hashes that exist at this tile level for the stored tree
    const count = Math.floor(size / TILE_WIDTH ** level);
    const start = t.index * TILE_WIDTH;
    if (start + t.width > count) throw new ProblemError('not-found', `${path} is beyond the tree (size ${size})`);
    const cache = t.width === TILE_WIDTH ? IMMUTABLE : SHORT;
    let body: Buffer;
    if (t.kind === 'tile') {
      body = tileBytes(t.level, t.index, t.width, notary.nodes);
    } else {
      const entries = await notary.entries(start, t.width);
      if (entries.some((e) => e.length > 0xffff)) {
        throw new ProblemError('not-found', `${path} holds an entry longer than 65535 bytes, which an entry bundle cannot carry; fetch it with /v1/proofs/inclusion/{eventId} (Accept: application/json)`);
      }
      body = encodeEntryBundle(entries);
    }
    res.setHeader('Cache-Control', cache);
    res.type('application/octet-stream').send(body);
  });

  return router;
}
