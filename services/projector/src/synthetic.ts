// A synthetic ledger for crash tests and benchmarks: the catalog's worked example (every event type,
// one coherent Suzhou story) replicated with varied ids — project codes, tender, batch, case,
// procurement and transaction ids, event ids — so each replica is a distinct set of streams and
// records. Posting agencies vary across replicas. Payloads stay valid catalog payloads.
//
// Imported as '@gongkai/projector/synthetic' (tests and bench only).
import { exampleAppends, exampleUuidV7, getEntry, occurredAtOf, type ExampleEvent } from '@gongkai/catalog';
import type { NewEvent } from '@gongkai/event-store';

export interface SyntheticAppend {
  streamId: string;
  events: NewEvent[];
}

interface BaseAppend {
  streamId: string;
  events: ExampleEvent[];
}

const AGENCIES = [
  'agency-sz-fgw',
  'agency-sz-zrzy',
  'agency-sz-zjj',
  'agency-sz-sthj',
  'agency-sz-sw',
  'agency-sz-ggzy',
  'agency-sz-czj',
  'agency-sz-gzw',
  'agency-sz-zfbz',
  'agency-sz-zhzf',
  'agency-wz-gov',
  'agency-sip-xzsp',
];

function baseAppends(): BaseAppend[] {
  return exampleAppends();
}

let cache: { appends: BaseAppend[]; ids: Map<string, number>; projectCodes: string[]; perReplica: number } | undefined;

function base() {
  if (cache) return cache;
  const appends = baseAppends();
  // the values that name streams (and the ids they are referred to by elsewhere)
  const ids = new Map<string, number>();
  const projectCodes: string[] = [];
  for (const a of appends) {
    for (const e of a.events) {
      const entry = getEntry(e.type)!;
      if (!('idField' in entry.stream)) continue;
      const v = e.payload[entry.stream.idField];
      if (typeof v !== 'string' || ids.has(v)) continue;
      if (entry.stream.kind === 'project') projectCodes.push(v);
      ids.set(v, ids.size);
    }
  }
  const perReplica = appends.reduce((n, a) => n + a.events.length, 0);
  return (cache = { appends, ids, projectCodes, perReplica });
}

/** Events per replica of the worked example. */
export function eventsPerReplica(): number {
  return base().perReplica;
}

const idParts = new Map<string, string>();
function streamIdPart(streamId: string, ids: Map<string, number>): string {
  let id = idParts.get(streamId);
  if (id === undefined) {
    id = [...ids.keys()].filter((v) => streamId.endsWith(`-${v}`)).sort((a, b) => b.length - a.length)[0];
    if (id === undefined) throw new Error(`synthetic: no id names stream ${streamId}`);
    idParts.set(streamId, id);
  }
  return id;
}

function mapIds(value: unknown, map: Map<string, string>): unknown {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, map));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapIds(v, map);
    return out;
  }
  return value;
}

/**
 * The appends of replica `k` (0 = the worked example with fresh event ids). Within a replica,
 * appends to one stream are in lifecycle order; different replicas share no stream.
 */
export function syntheticReplica(k: number): SyntheticAppend[] {
  const { appends, ids, projectCodes } = base();
  const map = new Map<string, string>();
  for (const [id] of ids) {
    const j = projectCodes.indexOf(id);
    if (j >= 0) {
      const n = k * projectCodes.length + j;
      // keep year, region and codes; vary the 6-digit serial (and the year beyond a million)
      const year = Number(id.slice(0, 4)) + Math.floor(n / 1_000_000);
      map.set(id, `${year}${id.slice(4, 18)}${String(n % 1_000_000).padStart(6, '0')}`);
    } else map.set(id, `${id}-r${k}`);
  }
  const agency = AGENCIES[k % AGENCIES.length]!;
  let seq = k * base().perReplica;
  const out: SyntheticAppend[] = [];
  for (const a of appends) {
    const events: NewEvent[] = a.events.map((e) => {
      const eventId = exampleUuidV7(1_000_000 + ++seq);
      map.set(e.eventId, eventId);
      const payload = mapIds(e.payload, map) as Record<string, unknown>;
      return {
        eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        occurredAt: occurredAtOf(e.type, payload) ?? '2020-01-01',
        payload,
        metadata: { agency, user: 'synthetic' },
      };
    });
    // stream ids end with the id that names them
    const id = streamIdPart(a.streamId, ids);
    out.push({ streamId: `${a.streamId.slice(0, a.streamId.length - id.length)}${map.get(id)!}`, events });
  }
  return out;
}
