// The README's promise: `gongkai start` on an empty data folder serves the API with demo data,
// and `gongkai agency add` prints a key that can post.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventTypes } from '@gongkai/catalog';

const bin = join(import.meta.dirname, '../../services/gongkai/bin/gongkai.js');
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('gongkai CLI', () => {
  it('agency add prints a key once; agency list shows the agency; bad roles and regions are refused', () => {
    const out = execFileSync(process.execPath, [bin, 'agency', 'add', '--name', '苏州市发展和改革委员会', '--roles', 'development-reform', '--regions', '320500', '--data', dataDir], { encoding: 'utf8' });
    expect(out).toMatch(/gk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/);
    const list = execFileSync(process.execPath, [bin, 'agency', 'list', '--json', '--data', dataDir], { encoding: 'utf8' });
    expect(JSON.parse(list)[0]).toMatchObject({ name: '苏州市发展和改革委员会', roles: ['development-reform'], regions: ['320500'] });
    expect(list).not.toMatch(/gk_/);
    expect(() => execFileSync(process.execPath, [bin, 'agency', 'add', '--name', 'x', '--roles', 'pope', '--regions', '320500', '--data', dataDir], { stdio: 'pipe' })).toThrow(/unknown role/);
    expect(() => execFileSync(process.execPath, [bin, 'agency', 'add', '--name', 'x', '--roles', 'all', '--regions', '999999', '--data', dataDir], { stdio: 'pipe' })).toThrow(/region/);
  });

  it('start serves /healthz with the generated demo loaded through the append path', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--data', dataDir], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /running at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: { 'event-store': { headPosition: string } } };
      expect(Number(ready.checks['event-store'].headPosition)).toBeGreaterThan(900);
      const catalog = (await (await fetch(`${url}/v1/catalog`)).json()) as unknown;
      for (const type of eventTypes) expect(JSON.stringify(catalog)).toContain(type);
      // the projector has materialised the demo into the public read models
      let projection = { ok: false };
      for (let i = 0; i < 100 && !projection.ok; i++) {
        projection = ((await (await fetch(`${url}/readyz`)).json()) as { checks: { projection: { ok: boolean } } }).checks.projection;
        if (!projection.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(projection.ok).toBe(true);
      const categories = (await (await fetch(`${url}/v1/public/categories`)).json()) as { categories: { slug: string; records: number }[] };
      expect(categories.categories.filter((c) => c.records > 0).length).toBeGreaterThanOrEqual(9);
      const docs = await fetch(`${url}/docs`);
      expect(docs.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
