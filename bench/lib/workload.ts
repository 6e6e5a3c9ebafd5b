// The ingest workload shared by the ingest benchmark and the peer comparison: the catalog's
// worked ProjectRegistered event, each with its own valid project code and a fresh UUID v7.
import { v7 as uuidv7 } from 'uuid';
import { catalogExamples } from '@gongkai/catalog';

export const registration = (() => {
  for (const item of catalogExamples().items)
    if ('events' in item.body) for (const e of item.body.events) if (e.type === 'ProjectRegistered') return e;
  throw new Error('no ProjectRegistered example');
})();

const DISTRICTS = ['320505', '320506', '320507', '320508', '320509', '320571', '320581', '320582', '320583', '320585'];

/** A distinct valid project code for every i < 7 × 10 × 1,000,000. */
export function projectCode(i: number): string {
  const year = 2020 + (Math.floor(i / 10_000_000) % 7);
  const region = DISTRICTS[Math.floor(i / 1_000_000) % 10]!;
  return `${year}-${region}-48-01-${String(i % 1_000_000).padStart(6, '0')}`;
}

/** Registration i: its stream and the event as an agency posts it. */
export function registrationEvent(i: number) {
  const code = projectCode(i);
  return { streamId: `project-${code}`, event: { eventId: uuidv7(), type: 'ProjectRegistered', schemaVersion: 1, payload: { ...registration.payload, projectCode: code } } };
}
