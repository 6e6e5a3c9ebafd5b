// `gongkai export`: the open-data bulk exports from the read models, to stdout or a file.
//
//   gongkai export --format ocds [--records] [--since POS|DATE] [--gzip] [--out FILE] [--data DIR]
//   gongkai export --format oc4ids [--since …] [--gzip] [--out FILE]
//   gongkai export --format penalties [--since …] [--gzip] [--out FILE]
//   gongkai export --format csv --category tendering [--since …] [--gzip] [--out FILE]
//
// Same documents as GET /v1/public/exports/… (public views only), streamed in constant memory.
// Prefixes: --ocid-prefix / GONGKAI_OCID_PREFIX, --project-prefix / GONGKAI_PROJECT_PREFIX.
import { createWriteStream, existsSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Command } from 'commander';
import { chinaDate } from '@gongkai/catalog';
import {
  CSV_CATEGORIES,
  DEFAULT_OCID_PREFIX,
  DEFAULT_PROJECT_PREFIX,
  categoryCsv,
  checkOcidPrefix,
  checkProjectPrefix,
  coalesce,
  oc4idsProjectPackage,
  ocdsRecordPackage,
  ocdsReleasePackage,
  parseSince,
  penaltyPackage,
  type ExportOptions,
} from '@gongkai/open-data';
import { openSqliteReadStore } from '@gongkai/read-store';
import { readModelPaths } from './read.ts';

function fail(message: string): never {
  process.stderr.write(`gongkai: ${message}\n`);
  process.exit(2);
}

interface ExportCliOptions {
  format: string;
  records?: boolean;
  category?: string;
  since?: string;
  gzip?: boolean;
  out?: string;
  data: string;
  ocidPrefix: string;
  projectPrefix: string;
  baseUrl: string;
  publisher: string;
}

export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('write an open-data bulk export (OCDS release/record package, OC4IDS project package, CSV per category)')
    .requiredOption('--format <format>', 'ocds | oc4ids | penalties | csv')
    .option('--records', 'ocds: a record package (compiled + versioned releases) instead of a release package')
    .option('--category <slug>', `csv: the category (${CSV_CATEGORIES.join(', ')})`)
    .option('--since <pos|date>', 'incremental: after this global position, or recorded at/after this ISO date or instant')
    .option('--gzip', 'gzip the output')
    .option('--out <file>', 'write to this file (default stdout)')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .option('--ocid-prefix <prefix>', 'OCDS ocid prefix', process.env['GONGKAI_OCID_PREFIX'] ?? DEFAULT_OCID_PREFIX)
    .option('--project-prefix <prefix>', 'OC4IDS project id prefix', process.env['GONGKAI_PROJECT_PREFIX'] ?? DEFAULT_PROJECT_PREFIX)
    .option('--base-url <url>', 'public base URL written into package URIs', process.env['GONGKAI_PUBLIC_URL'] ?? 'http://localhost:3000')
    .option('--publisher <name>', 'publisher name', '公开 Gongkai')
    .action(async (opts: ExportCliOptions) => {
      if (!['ocds', 'oc4ids', 'penalties', 'csv'].includes(opts.format)) fail(`--format is ocds, oc4ids, penalties or csv, not ${opts.format}`);
      if (opts.format === 'csv' && (!opts.category || !CSV_CATEGORIES.includes(opts.category))) fail(`--format csv needs --category, one of: ${CSV_CATEGORIES.join(', ')}`);
      if (opts.format !== 'csv' && opts.category) fail('--category only applies to --format csv');
      if (opts.format !== 'ocds' && opts.records) fail('--records only applies to --format ocds');
      let since: Pick<ExportOptions, 'afterPosition' | 'since'>;
      try {
        since = parseSince(opts.since);
        checkOcidPrefix(opts.ocidPrefix);
        checkProjectPrefix(opts.projectPrefix);
        if (!/^https?:\/\/[^\s]+$/.test(opts.baseUrl)) throw new Error('--base-url must be an http(s) URL');
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
      const paths = readModelPaths(opts.data);
      if (!existsSync(paths.readModel)) fail(`no read models at ${paths.readModel} (start gongkai, or run gongkai rebuild)`);
      const readStore = openSqliteReadStore({ path: paths.readModel });
      const o: ExportOptions = {
        ocidPrefix: opts.ocidPrefix,
        projectPrefix: opts.projectPrefix,
        baseUrl: opts.baseUrl.replace(/\/+$/, ''),
        publisherName: opts.publisher,
        today: chinaDate(new Date().toISOString()),
        ...since,
      };
      const chunks =
        opts.format === 'ocds'
          ? opts.records
            ? ocdsRecordPackage(readStore, o)
            : ocdsReleasePackage(readStore, o)
          : opts.format === 'oc4ids'
            ? oc4idsProjectPackage(readStore, o)
            : opts.format === 'penalties'
              ? penaltyPackage(readStore, o)
              : categoryCsv(readStore, opts.category!, o);
      const sink: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      try {
        const source = Readable.from(coalesce(chunks));
        if (opts.gzip) await pipeline(source, createGzip(), sink);
        else await pipeline(source, sink);
      } finally {
        await readStore.close();
      }
    });
}
