// Test fixtures: example payloads taken from the worked examples, so every test starts from a
// payload the catalog accepts.
import { exampleAppends } from '../src/examples.ts';
import type { ExampleEvent } from '../src/examples.ts';

export interface PostedEvent extends ExampleEvent {
  streamId: string;
}

/** Every example event in posting order, with the stream it was posted to. */
export function exampleEvents(): PostedEvent[] {
  return exampleAppends().flatMap(({ streamId, events }) => events.map((e) => ({ ...e, streamId })));
}

/** A deep copy of the n-th example payload of `type`, with top-level overrides applied. */
export function examplePayload(type: string, overrides: Record<string, unknown> = {}, n = 0): Record<string, unknown> {
  const found = exampleEvents().filter((e) => e.type === type)[n];
  if (!found) throw new Error(`no example #${n} of ${type}`);
  const copy = structuredClone(found.payload);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete copy[k];
    else copy[k] = v;
  }
  return copy;
}

/** Example payloads keyed by `type#n` of the approval kinds etc. */
export function exampleWhere(type: string, predicate: (p: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = exampleEvents().find((e) => e.type === type && predicate(e.payload));
  if (!found) throw new Error(`no matching example of ${type}`);
  return structuredClone(found.payload);
}
