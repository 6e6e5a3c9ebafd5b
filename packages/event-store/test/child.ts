// Runs a fixture script in a child Node process (TypeScript through tsx) and collects its lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface ChildRun {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** resolves with the exit code / signal */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves when a line starting with `prefix` has arrived */
  waitFor(prefix: string, timeoutMs: number): Promise<void>;
}

/** `shellPrefix` (e.g. `ulimit -f 4096;`) runs the child through bash. */
export function runFixture(name: string, args: string[], shellPrefix?: string): ChildRun {
  const nodeArgs = ['--import', 'tsx', fixture(name), ...args];
  const child = shellPrefix
    ? spawn('bash', ['-c', `${shellPrefix} exec "$0" "$@"`, process.execPath, ...nodeArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, nodeArgs, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: Array<{ prefix: string; resolve: () => void }> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) if (line.startsWith(w.prefix)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor(prefix, timeoutMs) {
      if (lines.some((l) => l.startsWith(prefix))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${prefix} line within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
        waiters.push({ prefix, resolve: () => { clearTimeout(t); resolve(); } });
        void exited.then(() => { clearTimeout(t); reject(new Error(`child exited before ${prefix}; stderr: ${err}`)); });
      });
    },
  };
}
