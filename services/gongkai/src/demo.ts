// Demo data for a newcomer: posted through the same append path as agencies use, by a built-in
// demo agency holding every role for 苏州市 (320500).
import { AGENCY_ROLES, chinaDate } from '@gongkai/catalog';
import { generateDemo } from '@gongkai/demo-data';
import type { Principal } from '@gongkai/access';
import type { AppendService } from '@gongkai/ingest';

export const DEMO_AGENCY: Principal = {
  kind: 'agency',
  agencyId: 'agency-demo-suzhou',
  agencyName: '苏州市政务公开演示机关',
  roles: new Set<string>(AGENCY_ROLES),
  regions: ['320500'],
  keyId: 'demo',
};

export interface DemoLoadOptions {
  projects?: number;
  seed?: number;
  /** the day the demo is laid out around (default: today in China; the ingest rejects later formed dates) */
  anchorDate?: string;
}

/** Posts the generated Suzhou demo (see packages/demo-data) into an empty ledger. */
export async function loadDemo(appendService: AppendService, options: DemoLoadOptions = {}, principal: Principal = DEMO_AGENCY): Promise<{ events: number; streams: number }> {
  const anchorDate = options.anchorDate ?? chinaDate(new Date().toISOString());
  const posts = generateDemo({ anchorDate, ...(options.projects !== undefined ? { projects: options.projects } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const streams = new Set<string>();
  let events = 0;
  for (const p of posts) {
    const view = await appendService.appendToStream(principal, p.streamId, p.events, p.expectedVersion ?? 'any');
    events += view.events.length;
    streams.add(p.streamId);
  }
  return { events, streams: streams.size };
}
