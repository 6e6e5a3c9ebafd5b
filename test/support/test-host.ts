// Starts the real all-in-one host on a real SQLite file in a temp folder, on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '@gongkai/platform';
import { startHost, type RunningHost, type HostOptions } from '@gongkai/cli';

export interface TestHost {
  host: RunningHost;
  url: string;
  dataDir: string;
  /** every log line the host wrote */
  logs: string[];
  agency(roles: string[] | 'all', regions?: string[], name?: string): string;
  request(method: string, path: string, options?: { body?: unknown; rawBody?: string; key?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  stop(): Promise<void>;
}

export async function startTestHost(options: Omit<HostOptions, 'port' | 'dataDir' | 'logger'> = {}): Promise<TestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: sink })] });
  const host = await startHost({ ...options, dataDir, port: 0, logger });
  const { AGENCY_ROLES } = await import('@gongkai/catalog');
  return {
    host,
    url: host.url,
    dataDir,
    logs,
    agency(roles, regions = ['320500'], name = '测试机关') {
      const r = roles === 'all' ? [...AGENCY_ROLES] : roles;
      return host.registry.addAgency({ name, roles: r, regions }).apiKey;
    },
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.key) headers['authorization'] = `Bearer ${o.key}`;
      let body: string | undefined;
      if (o.rawBody !== undefined) body = o.rawBody;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(host.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async stop() {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
