// The open-data endpoints under /v1/public/exports/… (no auth: public views only) and the OCDS intake
// (POST /v1/ocds/release-packages, agency API key, through the ingest's one append path).
//
//   GET /v1/public/exports                               index of the exports
//   GET /v1/public/exports/ocds/releases.json[.gz]       OCDS release package
//   GET /v1/public/exports/ocds/records.json[.gz]        OCDS record package (compiled + versioned)
//   GET /v1/public/exports/oc4ids/projects.json[.gz]     OC4IDS project package (Gongkai extension)
//   GET /v1/public/exports/oc4ids/extension/…            the extension: extension.json, project-schema.json, codelists/*.csv
//   GET /v1/public/exports/penalties.json[.gz]           administrative penalties, a dataset of their own
//   GET /v1/public/exports/csv/{category}.csv[.gz]       one category, UTF-8 with BOM
//   ?since=<global position>|<date or instant>           incremental export
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import { chinaDate } from '@gongkai/catalog';
import { CSV_CONTENT_TYPE, ProblemError, type Logger } from '@gongkai/platform';
import type { ReadStore } from '@gongkai/read-store';
import type { AgencyRegistry, Principal } from '@gongkai/access';
import type { EventStore } from '@gongkai/event-store';
import type { AppendService } from '@gongkai/ingest';
import {
  CSV_CATEGORIES,
  OC4IDS_PROJECTS_PATH,
  OCDS_RECORDS_PATH,
  OCDS_RELEASES_PATH,
  categoryCsv,
  coalesce,
  PENALTIES_PATH,
  oc4idsProjectPackage,
  ocdsRecordPackage,
  penaltyPackage,
  ocdsReleasePackage,
  type ExportOptions,
} from './export.ts';
import { DEFAULT_OCID_PREFIX, checkOcidPrefix } from './ocds.ts';
import { DEFAULT_PROJECT_PREFIX, checkProjectPrefix } from './oc4ids.ts';
import { intakeReleasePackage } from './intake.ts';

export const EXTENSION_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'extension');

export interface OpenDataRouterOptions {
  readStore: ReadStore;
  logger: Logger;
  ocidPrefix?: string;
  projectPrefix?: string;
  publisherName?: string;
  /** absolute base URL used in package URIs; default: from the request's Host */
  baseUrl?: string;
  /** enables POST /v1/ocds/release-packages */
  intake?: { appendService: AppendService; registry: AgencyRegistry; store?: Pick<EventStore, 'readStream'> };
}

/** Parses `since`: a global position (digits) or an ISO date / instant (China dates start at 00:00 +08:00). */
export function parseSince(since: unknown): Pick<ExportOptions, 'afterPosition' | 'since'> {
  if (since === undefined) return {};
  if (typeof since !== 'string' || since.length === 0 || since.length > 40) throw new ProblemError('bad-request', '`since` is a global position or an ISO 8601 date or instant');
  if (/^\d{1,19}$/.test(since)) return { afterPosition: BigInt(since) };
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00+08:00` : since;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(withZone)) throw new ProblemError('bad-request', '`since` is a global position or an ISO 8601 date or instant');
  const t = Date.parse(withZone);
  const [y, m, d] = withZone.slice(0, 10).split('-').map(Number) as [number, number, number];
  const real = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(t) || real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) throw new ProblemError('bad-request', '`since` is not a real date');
  return { since: new Date(t).toISOString() };
}

/** Pipes text chunks (optionally gzipped) to a response with backpressure; a failure mid-stream aborts it. */
export async function sendStream(res: Response, chunks: AsyncIterable<string>, contentType: string, gzip: boolean, filename: string): Promise<void> {
  res.status(200);
  res.set('content-type', gzip ? 'application/gzip' : contentType);
  res.set('content-disposition', `attachment; filename="${filename}"`);
  res.set('cache-control', 'no-cache');
  const source = Readable.from(coalesce(chunks), { objectMode: false });
  if (gzip) await pipeline(source, createGzip(), res);
  else await pipeline(source, res);
}

export function createOpenDataRouter(options: OpenDataRouterOptions): Router {
  const router = express.Router();
  const ocidPrefix = checkOcidPrefix(options.ocidPrefix ?? DEFAULT_OCID_PREFIX);
  const projectPrefix = checkProjectPrefix(options.projectPrefix ?? DEFAULT_PROJECT_PREFIX);
  const publisherName = options.publisherName ?? '公开 Gongkai';
  const exportOptions = (req: Request): ExportOptions => {
    const extra = Object.keys(req.query).filter((k) => k !== 'since');
    if (extra.length) throw new ProblemError('bad-request', `unknown query parameter: ${extra.join(', ')}`);
    return {
      ocidPrefix,
      projectPrefix,
      publisherName,
      baseUrl: options.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      today: chinaDate(new Date().toISOString()),
      ...parseSince(req.query['since']),
    };
  };
  const run = (req: Request, res: Response, chunks: AsyncIterable<string>, type: string, gzip: boolean, filename: string) => {
    const started = Date.now();
    sendStream(res, chunks, type, gzip, filename + (gzip ? '.gz' : '')).then(
      () => options.logger.info('export sent', { route: req.route?.path, ms: Date.now() - started, gzip }),
      (err: unknown) => {
        options.logger.error('export aborted', { route: req.route?.path, error: err instanceof Error ? err.name : 'error' });
        res.destroy();
      },
    );
  };

  router.get('/v1/public/exports', (req, res) => {
    const base = options.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.json({
      ocidPrefix,
      projectPrefix,
      incremental: 'add ?since=<global position> or ?since=<ISO 8601 date or instant>; append .gz for gzip',
      ocds: { releases: base + OCDS_RELEASES_PATH, records: base + OCDS_RECORDS_PATH, version: '1.1.5' },
      oc4ids: { projects: base + OC4IDS_PROJECTS_PATH, version: '0.9.5', extension: `${base}/v1/public/exports/oc4ids/extension/extension.json` },
      penalties: { items: base + PENALTIES_PATH, schema: `${base}/v1/public/exports/penalties/penalty-package-schema.json` },
      csv: Object.fromEntries(CSV_CATEGORIES.map((c) => [c, `${base}/v1/public/exports/csv/${c}.csv`])),
    });
  });

  for (const gz of [false, true]) {
    const suffix = gz ? '.gz' : '';
    router.get(OCDS_RELEASES_PATH + suffix, (req, res) => {
      const o = exportOptions(req);
      run(req, res, ocdsReleasePackage(options.readStore, o), 'application/json; charset=utf-8', gz, 'ocds-releases.json');
    });
    router.get(OCDS_RECORDS_PATH + suffix, (req, res) => {
      const o = exportOptions(req);
      run(req, res, ocdsRecordPackage(options.readStore, o), 'application/json; charset=utf-8', gz, 'ocds-records.json');
    });
    router.get(PENALTIES_PATH + suffix, (req, res) => {
      const o = exportOptions(req);
      run(req, res, penaltyPackage(options.readStore, o), 'application/json; charset=utf-8', gz, 'penalties.json');
    });
    router.get(OC4IDS_PROJECTS_PATH + suffix, (req, res) => {
      const o = exportOptions(req);
      run(req, res, oc4idsProjectPackage(options.readStore, o), 'application/json; charset=utf-8', gz, 'oc4ids-projects.json');
    });
  }
  router.get('/v1/public/exports/csv/:file', (req, res) => {
    const m = /^([a-z-]+)\.csv(\.gz)?$/.exec(String(req.params['file']));
    if (!m || !CSV_CATEGORIES.includes(m[1]!)) throw new ProblemError('not-found', `no CSV export named ${String(req.params['file']).slice(0, 80)}; categories: ${CSV_CATEGORIES.join(', ')}`);
    const o = exportOptions(req);
    run(req, res, categoryCsv(options.readStore, m[1]!, o), CSV_CONTENT_TYPE, Boolean(m[2]), `${m[1]}.csv`);
  });

  const extensionFiles = new Map<string, { body: string; type: string }>();
  for (const f of ['extension.json', 'project-schema.json']) extensionFiles.set(f, { body: readFileSync(join(EXTENSION_DIR, f), 'utf8'), type: 'application/json; charset=utf-8' });
  for (const f of ['approvalKind.csv', 'approvalResult.csv', 'inspectionScope.csv', 'inspectionResult.csv', '+partyRole.csv'])
    extensionFiles.set(`codelists/${f}`, { body: readFileSync(join(EXTENSION_DIR, 'codelists', f), 'utf8'), type: CSV_CONTENT_TYPE });
  const penaltySchema = readFileSync(join(EXTENSION_DIR, 'penalty-package-schema.json'), 'utf8');
  router.get('/v1/public/exports/penalties/penalty-package-schema.json', (_req, res) => {
    res.type('application/schema+json').send(penaltySchema);
  });
  router.get(/^\/v1\/public\/exports\/oc4ids\/extension\/(.+)$/, (req, res) => {
    const name = decodeURIComponent(String((req.params as Record<string, string>)[0] ?? ''));
    const file = extensionFiles.get(name);
    if (!file) throw new ProblemError('not-found', 'no such extension file');
    res.type(file.type).send(file.body);
  });

  if (options.intake) router.use(createOcdsIntakeRouter({ ...options.intake, logger: options.logger, ocidPrefix }));
  return router;
}

export interface OcdsIntakeRouterOptions {
  appendService: AppendService;
  /** the ledger, read to skip releases posted before and to correct stages posted in earlier packages */
  store?: Pick<EventStore, 'readStream'>;
  registry: AgencyRegistry;
  logger: Logger;
  ocidPrefix?: string;
}

/** POST /v1/ocds/release-packages: an agency's OCDS release package, through the one append path. */
export function createOcdsIntakeRouter(options: OcdsIntakeRouterOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '5mb', type: () => true });
  router.post(
    '/v1/ocds/release-packages',
    (req, res, next) => {
      const principal = options.registry.authenticate(req.get('authorization'));
      if (!principal) throw new ProblemError('unauthenticated', 'Send an agency API key as "Authorization: Bearer gk_…"');
      if (!req.is('application/json')) throw new ProblemError('unsupported-media-type', 'POST an OCDS release package as application/json');
      res.locals['principal'] = principal;
      next();
    },
    json,
    async (req, res) => {
      const result = await intakeReleasePackage(options.appendService, res.locals['principal'] as Principal, req.body, {
        ...(options.ocidPrefix ? { ocidPrefix: options.ocidPrefix } : {}),
        ...(options.store ? { store: options.store } : {}),
        logger: options.logger,
      });
      res.status(result.appended > 0 ? 201 : 200).json(result);
    },
  );
  return router;
}
