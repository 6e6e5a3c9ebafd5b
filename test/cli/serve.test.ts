// `gongkai serve <service>`: each service in its own process. Ingest, projector and public API run
// as three processes on one SQLite data folder (SQLite in WAL mode is safe across processes); an
// event posted to the ingest process shows up in the public API process. Bad configuration stops a
// service before it opens anything, with a message naming the variable and a non-zero exit code.
import { execFileSync, spawn } from 'node:child_process';
import { serveProcess, serviceEnv as sharedServiceEnv, type ServedProcess } from '../support/serve.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogExamples } from '@gongkai/catalog';

const bin = join(import.meta.dirname, '../../services/gongkai/bin/gongkai.js');
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));

type Started = ServedProcess;

const children: ServedProcess[] = [];

const serviceEnv = (extra: Record<string, string> = {}) => sharedServiceEnv(dataDir, extra);
const serve = (service: string, extra: Record<string, string> = {}): Promise<Started> => serveProcess(service, dataDir, extra).then((p) => (children.push(p), p));

/** Runs `gongkai serve …` expecting it to fail; returns its exit code and stderr. */
function serveFails(service: string, extra: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [bin, 'serve', service], { env: serviceEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('gongkai serve: ingest, projector and public API as separate processes on one SQLite folder', () => {
  let key: string;
  let ingest: Started;
  let projector: Started;
  let publicApi: Started;

  beforeAll(async () => {
    const out = execFileSync(process.execPath, [bin, 'agency', 'add', '--name', '苏州市发展和改革委员会', '--roles', 'all', '--regions', '320500', '--data', dataDir], {
      encoding: 'utf8',
    });
    key = /(gk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(out)![1]!;
    [ingest, projector, publicApi] = await Promise.all([serve('ingest'), serve('projector'), serve('public-api')]);
  });

  it('each process is its own: distinct ports and pids, each with its own readiness checks', async () => {
    expect(new Set([ingest.url, projector.url, publicApi.url]).size).toBe(3);
    expect(new Set([ingest.child.pid, projector.child.pid, publicApi.child.pid]).size).toBe(3);
    const ready = async (s: Started) => (await (await fetch(`${s.url}/readyz`)).json()) as { checks: Record<string, unknown> };
    expect(Object.keys((await ready(ingest)).checks)).toEqual(['event-store']);
    expect(Object.keys((await ready(projector)).checks)).toEqual(['event-store', 'projection']);
    expect(Object.keys((await ready(publicApi)).checks)).toEqual(['read-store']);
    // a service serves only its own routes
    expect((await fetch(`${publicApi.url}/v1/catalog`)).status).toBe(404);
    expect((await fetch(`${ingest.url}/v1/public/categories`)).status).toBe(404);
    expect((await fetch(`${ingest.url}/v1/catalog`)).status).toBe(200);
  });

  it('an event posted to the ingest process appears in the public API process', async () => {
    const item = catalogExamples().items[0]!;
    const title = (item.body as unknown as { events: Array<{ payload: { itemName: string } }> }).events[0]!.payload.itemName;
    const before = await (await fetch(`${publicApi.url}/v1/public/categories`)).json() as { categories: { slug: string; records: number }[] };
    expect(before.categories.every((c) => c.records === 0)).toBe(true);

    const res = await fetch(`${ingest.url}${item.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(item.body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const posted = (await res.json()) as { events: Array<{ globalPosition: string }> };
    expect(posted.events[0]!.globalPosition).toBe('1');

    // the projector process picks it up from the shared ledger and writes the shared read model
    let category: { slug: string; records: number } | undefined;
    for (let i = 0; i < 150 && !category; i++) {
      const now = (await (await fetch(`${publicApi.url}/v1/public/categories`)).json()) as { categories: { slug: string; records: number }[] };
      category = now.categories.find((c) => c.records > 0);
      if (!category) await new Promise((r) => setTimeout(r, 100));
    }
    expect(category, 'the record reached the public API').toBeDefined();
    const records = await (await fetch(`${publicApi.url}/v1/public/categories/${category!.slug}/records`)).text();
    expect(records).toContain(title);
    const projection = (await (await fetch(`${projector.url}/readyz`)).json()) as { checks: { projection: { ok: boolean; checkpoint?: string } } };
    expect(projection.checks.projection.ok).toBe(true);
  });

  it('the notary process proves the event; the audit API process runs on the notary’s files', async () => {
    const eventId = (catalogExamples().items[0]!.body as unknown as { events: Array<{ eventId: string }> }).events[0]!.eventId;
    const notary = await serve('notary', { GONGKAI_NOTARY_INTERVAL_MS: '200' });
    let proof: Response | undefined;
    for (let i = 0; i < 100; i++) {
      proof = await fetch(`${notary.url}/v1/proofs/inclusion/${eventId}`, { headers: { accept: 'application/json' } });
      if (proof.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(proof!.status).toBe(200);
    expect(await proof!.json()).toMatchObject({ eventId, leafIndex: 0, globalPosition: '1', treeSize: 1 });
    const audit = await serve('audit-api');
    const denied = await fetch(`${audit.url}/v1/audit/compliance`);
    expect(denied.status).toBe(401); // mounted, and guarded: auditors only
    expect(denied.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Object.keys(((await (await fetch(`${notary.url}/readyz`)).json()) as { checks: object }).checks)).toEqual(['event-store', 'notary']);
    expect(await audit.stop()).toBe(0);
    expect(await notary.stop()).toBe(0);
  });

  it('SIGTERM shuts a service down cleanly (exit 0)', async () => {
    expect(await publicApi.stop()).toBe(0);
    expect(await projector.stop()).toBe(0);
    expect(await ingest.stop()).toBe(0);
  });
});

describe('gongkai serve: bad configuration', () => {
  it('names the variable, exits 2, and opens nothing', async () => {
    const fresh = join(dataDir, 'never-created');
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['ingest', { EVENT_STORE: 'eventstoredb' }, /EVENTSTORE_URL is required when EVENT_STORE=eventstoredb/],
      ['ingest', { EVENT_STORE: 'postgres' }, /EVENT_STORE must be one of 'sqlite', 'eventstoredb' \(got "postgres"\)/],
      ['ingest', { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://admin:secret@x:2113' }, /EVENTSTORE_URL must be an esdb:\/\/ or esdb\+discover:\/\/ connection string.*\(value not shown\)/],
      ['projector', { READ_STORE: 'mongodb' }, /MONGODB_URL is required when READ_STORE=mongodb/],
      ['public-api', { PORT: '70000' }, /PORT must be at most 65535 \(got "70000"\)/],
      ['public-api', { PORT: 'eighty' }, /PORT must be a whole number/],
      ['relay', {}, /BUS must be 'kafka' for the relay/],
      ['relay', { BUS: 'kafka' }, /KAFKA_BROKERS is required when BUS=kafka/],
      ['relay', { BUS: 'kafka', KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS must be host:port/],
    ];
    for (const [service, env, message] of cases) {
      const r = await serveFails(service, { ...env, GONGKAI_DATA: fresh });
      expect(r.code, `${service} ${JSON.stringify(env)}`).toBe(2);
      expect(r.stderr).toContain(`gongkai serve ${service}: bad configuration`);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).not.toMatch(/listening/);
    }
    expect((await serveFails('ingest', { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://admin:secret@x:2113' })).stderr).not.toContain('secret');
    expect(existsSync(fresh)).toBe(false); // nothing was opened or created
    // several problems are reported at once
    const both = await serveFails('ingest', { EVENT_STORE: 'eventstoredb', PORT: '-1' });
    expect(both.stderr).toMatch(/PORT/);
    expect(both.stderr).toMatch(/EVENTSTORE_URL/);
  });

  it('an unreachable EventStoreDB stops the service at start with exit 1', async () => {
    const r = await serveFails('ingest', { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', GONGKAI_DATA: join(dataDir, 'esdb') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gongkai serve ingest: cannot start: EventStoreDB .*unavailable/);
  });

  it('an unknown service is refused', async () => {
    const r = await serveFails('everything', {});
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Allowed choices are ingest, projector, public-api, audit-api, notary, relay/);
  });
});
