// Two ingest processes on one ledger: each has its own cache of stream histories for the lifecycle
// rules. An append judged on a stale cache (the other process added the award the contract needs)
// must be re-judged on the stream as stored, not refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENCY_ROLES, exampleAppends } from '@gongkai/catalog';
import type { Principal } from '@gongkai/access';
import { openSqliteEventStore, type EventStore } from '@gongkai/event-store';
import { AppendService } from '@gongkai/ingest';
import { createMetrics } from '@gongkai/platform';

const AGENCY: Principal = { kind: 'agency', agencyId: 'agency-two-writers', agencyName: '测试机关', roles: new Set<string>(AGENCY_ROLES), regions: ['320500'], keyId: 'k' };

describe('two ingest writers on one ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-two-writers-'));
  const stores: EventStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts each append whichever writer it reaches, judging lifecycle rules on the stored stream', async () => {
    const path = join(dir, 'ledger.db');
    const [a, b] = [await openSqliteEventStore({ path }), await openSqliteEventStore({ path })];
    stores.push(a, b);
    const writers = [new AppendService({ store: a, metrics: createMetrics() }), new AppendService({ store: b, metrics: createMetrics() })];
    const appends = exampleAppends().flatMap(({ streamId, events }) => events.map((e) => ({ streamId, event: e })));
    // both writers first see every stream, so each holds a cached history that the other then outdates
    for (const { streamId } of appends) for (const w of writers) await w.appendToStream(AGENCY, streamId, [], 'any').catch(() => undefined);
    for (const [i, { streamId, event }] of appends.entries()) await writers[i % 2]!.appendToStream(AGENCY, streamId, [event], 'any');
    expect(await a.headPosition()).toBe(BigInt(appends.length));

  });
});
