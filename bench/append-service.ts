// Where the ingest path spends its time without HTTP: AppendService over a real SQLite file.
//   npx tsx bench/append-service.ts [--events 50000] [--profile]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { AGENCY_ROLES, catalogExamples } from '@gongkai/catalog';
import { openSqliteEventStore } from '@gongkai/event-store';
import { AppendService } from '@gongkai/ingest';
import { createMetrics } from '@gongkai/platform';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '50000' } } });
const TOTAL = Number(args.events);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-append-'));
const store = openSqliteEventStore({ path: join(dir, 'ledger.db') });
const service = new AppendService({ store, metrics: createMetrics() });
const principal = { kind: 'agency' as const, agencyId: 'agency-bench', agencyName: 'bench', roles: new Set<string>(AGENCY_ROLES), regions: ['320500'], keyId: 'k' };
const reg = catalogExamples().items.flatMap((i) => ('events' in i.body ? i.body.events : [])).find((e) => e.type === 'ProjectRegistered')!;
const code = (i: number) => `2022-320571-48-01-${String(i).padStart(6, '0')}`;

const t0 = process.hrtime.bigint();
const inFlight: Promise<unknown>[] = [];
for (let i = 0; i < TOTAL; i++) {
  const c = code(i);
  inFlight.push(service.appendToStream(principal, `project-${c}`, [{ eventId: uuidv7(), type: 'ProjectRegistered', payload: { ...reg.payload, projectCode: c } }]));
  if (inFlight.length >= 256) await Promise.all(inFlight.splice(0));
}
await Promise.all(inFlight);
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`AppendService, single-event appends to new streams, 256 in flight: ${Math.round(TOTAL / s).toLocaleString('en')} events/s`);
await store.close();
rmSync(dir, { recursive: true, force: true });
