// `gongkai` — run the ledger and administer it from the command line.
import { Command, InvalidArgumentError } from 'commander';
import { AgencyRegistry } from '@gongkai/access';
import { AGENCY_ROLES, ALL_ROLES, ROLES, isRegionCode } from '@gongkai/catalog';
import { dataPaths } from './data-dir.ts';
import { startHost } from './host.ts';
import { loadDemo } from './demo.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerReadCommands } from './commands/read.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerEraseCommand } from './commands/erase.ts';
import { registerReportCommands } from './commands/report.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return n;
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}


export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('gongkai').description('Gongkai 公开 — an event-sourced public-disclosure ledger').showHelpAfterError();

  program
    .command('start')
    .description('run every service in one process on the embedded SQLite default')
    .option('--port <port>', 'HTTP port', port, Number(process.env['PORT'] ?? 3000))
    .option('--host <host>', 'interface to listen on', process.env['HOST'] ?? '127.0.0.1')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .option('--no-demo', 'do not load the demo data into an empty ledger')
    .option('--demo-projects <n>', 'projects in the generated demo', (v) => Number(v), 36)
    .action(async (opts: { port: number; host: string; data: string; demo: boolean; demoProjects: number }) => {
      let host: Awaited<ReturnType<typeof startHost>>;
      try {
        host = await startHost({ dataDir: opts.data, port: opts.port, host: opts.host });
      } catch (e) {
        // a clear line, not a stack trace: a read-only or full data folder, a port in use, …
        process.stderr.write(`gongkai start: cannot start: ${(e as Error).message}\n`);
        process.exit(1);
      }
      if (opts.demo && (await host.store.headPosition()) === 0n) {
        const loaded = await loadDemo(host.appendService, { projects: opts.demoProjects });
        await host.notary.checkpointNow();
        host.logger.info('demo data loaded', { events: loaded.events, streams: loaded.streams });
      }
      host.logger.info('gongkai started', { url: host.url, data: dataPaths(opts.data).dir });
      process.stdout.write(`Gongkai is running at ${host.url}  (health: ${host.url}/healthz, catalog: ${host.url}/v1/catalog)\n`);
      const stop = async () => {
        await host.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('roles')
    .description('list the agency role ids')
    .action(() => {
      for (const r of ALL_ROLES) process.stdout.write(`${r.padEnd(22)} ${ROLES[r].zh}  ${ROLES[r].en}\n`);
    });

  const agency = program.command('agency').description('manage agencies and their API keys');
  agency
    .command('add')
    .description('register an agency and print its API key (shown once)')
    .requiredOption('--name <name>', 'agency name, e.g. 苏州市发展和改革委员会')
    .requiredOption('--roles <roles>', `comma-separated role ids, or "all" for every agency role (see \`gongkai roles\`)`, list)
    .requiredOption('--regions <codes>', 'comma-separated GB/T 2260 region codes of its jurisdiction, e.g. 320500', list)
    .option('--expires <iso>', 'key expiry (ISO 8601)')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action((opts: { name: string; roles: string[]; regions: string[]; expires?: string; data: string }) => {
      const roles: string[] = opts.roles.length === 1 && opts.roles[0] === 'all' ? [...AGENCY_ROLES] : opts.roles;
      const unknown = roles.filter((r) => !(ALL_ROLES as readonly string[]).includes(r));
      if (unknown.length) fail(`unknown role(s): ${unknown.join(', ')} — run \`gongkai roles\``);
      const badRegions = opts.regions.filter((r) => !isRegionCode(r));
      if (badRegions.length) fail(`not GB/T 2260 region codes: ${badRegions.join(', ')}`);
      if (opts.expires && Number.isNaN(Date.parse(opts.expires))) fail('--expires must be an ISO 8601 date-time');
      const registry = new AgencyRegistry(dataPaths(opts.data).access);
      try {
        const issued = registry.addAgency({ name: opts.name, roles, regions: opts.regions, expiresAt: opts.expires ?? null });
        process.stdout.write(`agency ${issued.agency.id}  ${issued.agency.name}\nroles   ${issued.agency.roles.join(',')}\nregions ${issued.agency.regions.join(',')}\n`);
        process.stdout.write(`API key (shown once, store it safely):\n${issued.apiKey}\n`);
      } finally {
        registry.close();
      }
    });
  agency
    .command('key')
    .description('issue another API key for an agency (rotation: the old key stays valid until revoked)')
    .argument('<agencyId>')
    .option('--expires <iso>', 'key expiry (ISO 8601)')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action((agencyId: string, opts: { expires?: string; data: string }) => {
      const registry = new AgencyRegistry(dataPaths(opts.data).access);
      try {
        const issued = registry.issueKey(agencyId, opts.expires ?? null);
        process.stdout.write(`API key (shown once):\n${issued.apiKey}\n`);
      } catch (err) {
        fail((err as Error).message);
      } finally {
        registry.close();
      }
    });
  agency
    .command('list')
    .description('list agencies')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .option('--json', 'print JSON')
    .action((opts: { data: string; json?: boolean }) => {
      const registry = new AgencyRegistry(dataPaths(opts.data).access);
      try {
        const agencies = registry.listAgencies();
        if (opts.json) process.stdout.write(JSON.stringify(agencies, null, 2) + '\n');
        else
          for (const a of agencies)
            process.stdout.write(`${a.id}  ${a.revokedAt ? 'REVOKED ' : ''}${a.name}  roles=${a.roles.join(',')}  regions=${a.regions.join(',')}\n`);
      } finally {
        registry.close();
      }
    });
  agency
    .command('revoke')
    .description('revoke an agency and all its keys, or one key with --key')
    .argument('<id>', 'agency id, or key id with --key')
    .option('--key', 'revoke a single API key by key id')
    .option('--data <dir>', 'data folder', process.env['GONGKAI_DATA'] ?? './data')
    .action((id: string, opts: { key?: boolean; data: string }) => {
      const registry = new AgencyRegistry(dataPaths(opts.data).access);
      try {
        const ok = opts.key ? registry.revokeKey(id) : registry.revokeAgency(id);
        if (!ok) fail(`nothing active with id ${id}`);
        process.stdout.write(`revoked ${id}\n`);
      } finally {
        registry.close();
      }
    });

  registerAuditCommands(program);
  registerReadCommands(program);
  registerServeCommands(program);
  registerExportCommands(program);
  registerEraseCommand(program);
  registerReportCommands(program);
  await program.parseAsync(argv);
}

function fail(message: string): never {
  process.stderr.write(`gongkai: ${message}\n`);
  process.exit(2);
}
