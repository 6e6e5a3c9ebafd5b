// `npm run bench`: runs every `bench:*` script of the root package.json, one after the other, and
// writes BENCHMARKS.md from what they print — the machine's description first, then each figure
// beside its ceiling measured in the same run and, where a peer does the same workload, beside the
// peer as a ratio, with the command that made it.
//
// A script reports its tables as `BENCH-RESULT {json}` lines (bench/lib/report.ts); one that prints
// none still appears, with its output verbatim; `BENCH-SKIPPED <reason>` marks one that cannot run
// here (e.g. the relay without a Kafka broker). The peer (Emmett, bench/peer-emmett) is installed
// first with `npm install --prefix bench/peer-emmett`: it stays outside the npm workspaces.
//
//   npm run bench                               every bench:* script → BENCHMARKS.md
//   npm run bench -- --only ingest,peer         some of them (the others' sections are left out)
//   npm run bench -- --out /tmp/BENCH.md        somewhere else
//   npm run bench -- --rewrite                  write BENCHMARKS.md again from the last run (bench/out/last-run.json)
//
// Sections written by hand (no `<!-- generated: … -->` marker) are kept as they are, after the
// generated ones; a script not run this time (--only) or skipped keeps its sections of the last run
// that had it, marked with that run's date.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { RESULT_PREFIX, SKIPPED_PREFIX, fmt, type BenchResult, type BenchRow } from './lib/report.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: join(repo, 'BENCHMARKS.md') },
    'skip-install': { type: 'boolean', default: false },
    rewrite: { type: 'boolean', default: false },
  },
});
const lastRunPath = join(repo, 'bench', 'out', 'last-run.json');

const MARKER = /^<!-- generated: (bench:[\w:.-]+) @ ([^>]+) -->$/m;

interface Run {
  name: string;
  script: string;
  seconds: number;
  code: number | null;
  results: BenchResult[];
  skipped?: string;
  output: string;
  stderr: string;
}

// ------------------------------------------------------------------------------------- the machine

function sh(cmd: string, argv: string[]): string {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function machine(): Array<[string, string]> {
  const cpus = os.cpus();
  const db = new Database(':memory:');
  const sqlite = String(db.prepare('select sqlite_version()').pluck().get());
  db.close();
  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  const tmp = os.tmpdir();
  const fsType = sh('stat', ['-f', '-c', '%T', tmp]) || '?';
  const device = sh('df', ['--output=source', tmp]).split('\n')[1]?.trim() ?? '?';
  const free = statfsSync(tmp);
  const virt = sh('systemd-detect-virt', []) || '';
  return [
    ['CPU', `${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}${virt && virt !== 'none' ? ` (virtualised: ${virt})` : ''}`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
    ['disk of the temp folder', `${tmp} on ${device} (${fsType}), ${((free.bavail * free.bsize) / 2 ** 30).toFixed(0)} GiB free`],
    ['Node', process.version],
    ['SQLite', `${sqlite} (better-sqlite3 ${pkg('better-sqlite3')}); every ledger in WAL mode with synchronous=FULL`],
    ['HTTP', `express ${pkg('express')}; load generator on the same machine (loopback), sharing its cores`],
    ['load average at start', os.loadavg().map((l) => l.toFixed(2)).join(' ')],
  ];
}

// ------------------------------------------------------------------------------------- running

function allBenchScripts(): Array<[string, string]> {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return Object.entries(pkg.scripts).filter(([name]) => name.startsWith('bench:'));
}

function benchScripts(): Array<[string, string]> {
  const all = allBenchScripts();
  if (!args.only) return all;
  const wanted = new Set(args.only.split(',').map((s) => (s.startsWith('bench:') ? s : `bench:${s}`)));
  return all.filter(([name]) => wanted.has(name));
}

function run(name: string, script: string): Promise<Run> {
  console.log(`\n=== npm run ${name}   (${script})`);
  const t0 = performance.now();
  const child = spawn('npm', ['run', '--silent', name], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let output = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
    for (const line of d.split('\n')) if (line && !line.startsWith(RESULT_PREFIX)) process.stdout.write(`  ${line}\n`);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    process.stderr.write(d);
  });
  return new Promise((resolve) =>
    child.once('close', (code) => {
      const lines = output.split('\n');
      const results = lines.filter((l) => l.startsWith(RESULT_PREFIX)).map((l) => JSON.parse(l.slice(RESULT_PREFIX.length)) as BenchResult);
      const skipped = lines.find((l) => l.startsWith(SKIPPED_PREFIX))?.slice(SKIPPED_PREFIX.length);
      resolve({ name, script, seconds: (performance.now() - t0) / 1000, code, results, ...(skipped ? { skipped } : {}), output: lines.filter((l) => !l.startsWith(RESULT_PREFIX)).join('\n'), stderr });
    }),
  );
}

// ------------------------------------------------------------------------------------- writing

const value = (v: number, unit: string) => fmt(v, unit);

function vsCeiling(r: BenchRow): string {
  if (!r.ceiling) return '—';
  if (r.lowerIsBetter && r.ceiling.lowerIsBetter !== false) return `${(r.value / r.ceiling.value).toFixed(2)}× its time`;
  return `${((r.value / r.ceiling.value) * 100).toFixed(0)} %`;
}

function vsPeer(r: BenchRow): string {
  if (!r.peer) return '—';
  const x = r.lowerIsBetter ? r.peer.value / r.value : r.value / r.peer.value;
  return `**${x.toFixed(2)}×**`;
}

function target(r: BenchRow): string {
  if (!r.target) return '—';
  return `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '— **missed**'}`.trim();
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: BenchRow[]): string[] {
  const peer = rows.some((r) => r.peer);
  const out = [
    `| figure | result | ceiling (same run) | vs ceiling |${peer ? ' peer (same run) | Gongkai ÷ peer |' : ''} target |`,
    `|---|---|---|---|${peer ? '---|---|' : ''}---|`,
  ];
  for (const r of rows) {
    const result = `${value(r.value, r.unit)}${r.detail ? ` (${r.detail})` : ''}`;
    const ceiling = r.ceiling ? `${r.ceiling.name}: ${value(r.ceiling.value, r.ceiling.unit)}` : '—';
    const peerCells = peer ? ` ${r.peer ? cell(`${r.peer.name}: ${value(r.peer.value, r.peer.unit)}`) : '—'} | ${vsPeer(r)} |` : '';
    out.push(`| ${cell(r.figure)} | ${cell(result)} | ${cell(ceiling)} | ${vsCeiling(r)} |${peerCells} ${cell(target(r))} |`);
  }
  return out;
}

interface Previous {
  /** generated sections of each script, with the date of the run that wrote them */
  generated: Map<string, { date: string; text: string[] }>;
  /** sections written by hand, in their order (one with the title of a generated section is replaced by it) */
  hand: Array<{ title: string; text: string }>;
  /** the peer summary of the last run that had the peer */
  peerSummary?: string;
}

function previous(path: string): Previous {
  const generated = new Map<string, { date: string; text: string[] }>();
  const hand: Previous['hand'] = [];
  let peerSummary: string | undefined;
  if (!existsSync(path)) return { generated, hand };
  const sections = readFileSync(path, 'utf8').split(/^(?=## )/m).slice(1);
  for (const section of sections) {
    const title = section.split('\n', 1)[0]!.slice(3).trim();
    const m = MARKER.exec(section);
    if (m) {
      if (m[1] === 'bench:run-all') {
        // the machine is always this run's; the peer summary is kept until the peer runs again
        if (title === 'Beside the peer') peerSummary = section.trimEnd();
        continue;
      }
      const g = generated.get(m[1]!) ?? { date: m[2]!, text: [] };
      g.text.push(section.trimEnd());
      generated.set(m[1]!, g);
    } else hand.push({ title, text: section.trimEnd() });
  }
  return { generated, hand, ...(peerSummary ? { peerSummary } : {}) };
}

function write(runs: Run[], facts: Array<[string, string]>, startedAt: Date, totalSeconds: number): void {
  const date = startedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const before = previous(args.out);
  const md: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`bench/run-all.ts\`): every \`bench:*\` script of package.json, one after the other, on the`,
    `machine below (last run ${date}, ${(totalSeconds / 60).toFixed(1)} min; \`--only\` re-runs some and keeps the others' sections, each with the date of`,
    'its run). Do not edit the generated sections by hand — run it again.',
    'Each figure sits beside its **ceiling**, the same work with the least machinery measured in the same run',
    '(raw better-sqlite3 inserts, an express hello-world route, node:crypto SHA-256, a plain Kafka producer), and, where a',
    "peer does the same workload, beside the **peer** — Emmett's SQLite event store — as a ratio (above 1: Gongkai is faster).",
    'Shared machines are noisy: expect ±15 % between runs. Each section names the command that made it; sections without',
    'one of those commands were recorded by hand and are kept as they are, at the end.',
    '',
    '## Machine',
    `<!-- generated: bench:run-all @ ${date} -->`,
    '',
    '| | |',
    '|---|---|',
    ...facts.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    `| load average at the end | ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} |`,
    '',
  ];
  const peered = runs.flatMap((r) => r.results.flatMap((res) => res.rows.filter((row) => row.peer).map((row) => ({ res, row }))));
  if (peered.length) {
    md.push('## Beside the peer', `<!-- generated: bench:run-all @ ${date} -->`, '', '| figure | Gongkai | Emmett SQLite | Gongkai ÷ peer | Gongkai vs its ceiling |', '|---|---|---|---|---|');
    for (const { row } of peered) md.push(`| ${cell(row.figure)} | ${value(row.value, row.unit)} | ${value(row.peer!.value, row.peer!.unit)} | ${vsPeer(row)} | ${vsCeiling(row)} |`);
    md.push('', 'Only the event store has a peer doing the same work; the HTTP, Merkle, verification, projection and relay figures are compared with their ceilings.', '');
  } else if (before.peerSummary) md.push(before.peerSummary, '');
  const ran = new Map(runs.map((r) => [r.name, r]));
  for (const [name, script] of allBenchScripts()) {
    const r = ran.get(name);
    const marker = `<!-- generated: ${name} @ ${date} -->`;
    const old = before.generated.get(name);
    if (!r) {
      if (old) md.push(...old.text, ''); // not run this time: the last run's sections
      continue;
    }
    const command = `\`npm run ${r.name}\` (= \`${script}\`), ${r.seconds.toFixed(0)} s, in the run of ${date}`;
    const failedOrSkipped = r.skipped !== undefined || r.code !== 0;
    if (failedOrSkipped && old && old.text.every((t) => !/^## \S+: (skipped|FAILED)/.test(t))) {
      const why = r.skipped ? `skipped in the run of ${date}: ${r.skipped}` : `FAILED in the run of ${date} (exit ${r.code})`;
      for (const t of old.text) md.push(t.replace(MARKER, (m) => `${m}\n\n*From the run of ${old.date}; ${why}.*`), '');
      continue;
    }
    if (r.skipped) {
      md.push(`## ${r.name}: skipped`, marker, '', `Command: ${command}. Not run here: ${r.skipped}.`, '');
    } else if (r.code !== 0) {
      const lines = (r.stderr || r.output).trim().split('\n');
      const first = lines.findIndex((l) => /Error\b|error:/.test(l));
      md.push(`## ${r.name}: FAILED (exit ${r.code})`, marker, '', `Command: ${command}. It failed in this run:`, '', '```', ...lines.slice(Math.max(0, first), Math.max(0, first) + 4), '```', '');
    } else if (r.results.length === 0) {
      md.push(`## ${r.name}`, marker, '', `Command: ${command}. Its output (it reports no table for this file):`, '', '```', ...r.output.trim().split('\n').slice(-60), '```', '');
    } else {
      for (const res of r.results) {
        md.push(`## ${res.title}`, marker, '', `Command: ${command}.`, '', res.workload, '', ...table(res.rows), '');
        for (const n of res.notes ?? []) md.push(n, '');
      }
    }
  }
  const written = new Set(md.filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim()));
  for (const h of before.hand) if (!written.has(h.title)) md.push(h.text, '');
  writeFileSync(args.out, md.join('\n').replace(/\n{3,}/g, '\n\n'));
}

// ------------------------------------------------------------------------------------- main

if (args.rewrite) {
  const last = JSON.parse(readFileSync(lastRunPath, 'utf8')) as { startedAt: string; seconds: number; facts: Array<[string, string]>; runs: Run[] };
  write(last.runs, last.facts, new Date(last.startedAt), last.seconds);
  console.log(`rewrote ${args.out} from ${lastRunPath}`);
  process.exit(0);
}
const startedAt = new Date();
const t0 = performance.now();
const facts = machine();
const scripts = benchScripts();
if (!args['skip-install'] && scripts.some(([, s]) => s.includes('bench/peer-emmett'))) {
  console.log('=== npm install --prefix bench/peer-emmett   (the peer, outside the workspaces)');
  const r = spawnSync('npm', ['install', '--prefix', join(repo, 'bench/peer-emmett'), '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) console.error('installing the peer failed; its section will show the failure');
}
const runs: Run[] = [];
for (const [name, script] of scripts) runs.push(await run(name, script));
const seconds = (performance.now() - t0) / 1000;
mkdirSync(dirname(lastRunPath), { recursive: true });
writeFileSync(lastRunPath, JSON.stringify({ startedAt: startedAt.toISOString(), seconds, facts, runs }));
write(runs, facts, startedAt, seconds);
console.log(`\nwrote ${args.out}: ${runs.length} scripts, ${runs.reduce((n, r) => n + r.results.reduce((m, x) => m + x.rows.length, 0), 0)} figures${runs.some((r) => r.code !== 0) ? `; FAILED: ${runs.filter((r) => r.code !== 0).map((r) => r.name).join(', ')}` : ''}`);
process.exitCode = runs.some((r) => r.code !== 0) ? 1 : 0;
