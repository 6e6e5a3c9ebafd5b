// Demo data for a newcomer: posted through the same append path as agencies use, by a built-in
// demo agency holding every role for 苏州市 (320500).
import { AGENCY_ROLES, catalogExamples } from '@gongkai/catalog';
import type { Principal } from '@gongkai/access';
import type { AppendService, EventInput } from '@gongkai/ingest';
import type { ExpectedVersion } from '@gongkai/event-store';

export const DEMO_AGENCY: Principal = {
  kind: 'agency',
  agencyId: 'agency-demo-suzhou',
  agencyName: '苏州市政务公开演示机关',
  roles: new Set<string>(AGENCY_ROLES),
  regions: ['320500'],
  keyId: 'demo',
};

export interface StreamPost {
  streamId: string;
  expectedVersion?: ExpectedVersion;
  events: EventInput[];
}

/** Turns worked-example request items (the /v1/catalog/examples format) into stream posts. */
export function postsFromExampleItems(items: ReadonlyArray<{ path: string; body: unknown }>): StreamPost[] {
  const posts: StreamPost[] = [];
  for (const item of items) {
    const body = item.body as { events?: EventInput[]; items?: StreamPost[] };
    const m = /^\/v1\/streams\/([^/]+)\/events$/.exec(item.path);
    if (m) posts.push({ streamId: decodeURIComponent(m[1]!), events: body.events ?? [body as unknown as EventInput] });
    else if (item.path === '/v1/events' && body.items) posts.push(...body.items);
    else throw new Error(`unexpected example path ${item.path}`);
  }
  return posts;
}

export async function loadDemo(appendService: AppendService, principal: Principal = DEMO_AGENCY): Promise<{ events: number; streams: number }> {
  const posts = postsFromExampleItems(catalogExamples().items);
  const streams = new Set<string>();
  let events = 0;
  for (const p of posts) {
    const view = await appendService.appendToStream(principal, p.streamId, p.events, p.expectedVersion ?? 'any');
    events += view.events.length;
    streams.add(p.streamId);
  }
  return { events, streams: streams.size };
}
