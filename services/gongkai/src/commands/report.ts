// `gongkai report annual --year 2026 --agency <id> [--format json|html] [--out FILE] [--data DIR]`:
// the 政府信息公开年度报告 statistics of one agency, built from the ledger (same document as
// GET /v1/public/reports/annual). Every figure lists the ids of the events it counts.
import { existsSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { AgencyRegistry } from '@gongkai/access';
import { openSqliteEventStore } from '@gongkai/event-store';
import { annualReport, renderAnnualReportHtml } from '@gongkai/requests';
import { DEMO_AGENCY } from '../demo.ts';
import { dataPaths } from '../data-dir.ts';

function year(value: string): number {
  const n = Number(value);
  if (!/^\d{4}$/.test(value) || n < 2008) throw new InvalidArgumentError('a calendar year such as 2026');
  return n;
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('reports built from the ledger');
  report
    .command('annual')
    .description('the 政府信息公开年度报告 statistics tables of one agency for one year (JSON or printable HTML)')
    .requiredOption('--year <yyyy>', 'calendar year', year)
    .requiredOption('--agency <id>', 'agency id (see `gongkai agency list`)')
    .option('--format <format>', 'json or html', 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action(async (opts: { year: number; agency: string; format: string; out?: string; data: string }) => {
      if (opts.format !== 'json' && opts.format !== 'html') {
        process.stderr.write('gongkai report annual: --format is json or html\n');
        process.exit(2);
      }
      const paths = dataPaths(opts.data);
      if (!existsSync(paths.ledger)) {
        process.stderr.write(`gongkai report annual: no ledger at ${paths.ledger}\n`);
        process.exit(2);
      }
      const registry = new AgencyRegistry(paths.access);
      const store = await openSqliteEventStore({ path: paths.ledger });
      try {
        const result = await annualReport(store, { year: opts.year, agencyId: opts.agency, agencyName: registry.getAgency(opts.agency)?.name ?? (opts.agency === DEMO_AGENCY.agencyId ? DEMO_AGENCY.agencyName : null) });
        const text = opts.format === 'html' ? renderAnnualReportHtml(result) : JSON.stringify(result, null, 2) + '\n';
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } finally {
        await store.close();
        registry.close();
      }
    });
}
