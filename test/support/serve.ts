// `gongkai serve <service>` in a child process, for the tests that run services as separate
// processes: its environment holds nothing inherited that could change its configuration, and it
// resolves once the service prints the URL it listens on.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const GONGKAI_BIN = join(import.meta.dirname, '../../services/gongkai/bin/gongkai.js');

/** Variables `gongkai serve` reads: removed from the inherited environment, set only by the test. */
const CONFIG_VARIABLES = ['EVENT_STORE', 'EVENTSTORE_URL', 'READ_STORE', 'MONGODB_URL', 'MONGODB_DB', 'BUS', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'PORT', 'HOST'];

/** The environment of a service on `dataDir`, on a free loopback port, with `extra` on top. */
export function serviceEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of CONFIG_VARIABLES) delete env[k];
  return { ...env, GONGKAI_DATA: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
}

export interface ServedProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr(): string;
  /** SIGTERM, resolving with the exit code (0 for a clean shutdown) */
  stop(): Promise<number | null>;
}

/** Starts `gongkai serve <service>`; rejects with its stderr if it exits before listening. */
export function serveProcess(service: string, dataDir: string, extra: Record<string, string> = {}): Promise<ServedProcess> {
  const child = spawn(process.execPath, [GONGKAI_BIN, 'serve', service], { env: serviceEnv(dataDir, extra), stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise<ServedProcess>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = new RegExp(`gongkai ${service} listening on (http://\\S+)`).exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err, stop });
    });
    child.once('exit', (code) => reject(new Error(`serve ${service} exited ${code}: ${err}`)));
  });
}
