// @gongkai/demo-data — a deterministic, rule-abiding Suzhou demo for an empty ledger: a few dozen
// projects across the districts of 苏州市 at every stage, their tenders, 征收 batches, penalties,
// every kind of public resource allocation, revoked documents, corrections and retractions, as
// the appends an agency would post (AppendService.appendToStream).
import { addDays } from '@gongkai/calendar';
import { serviceGuidesStory } from './approvals.ts';
import { blacklistsStory } from './allocation/blacklist.ts';
import { housingPlansStory, housingPoliciesStory, housingRoundsStory } from './allocation/housing.ts';
import { landGrantsStory, landSupplyPlansStory } from './allocation/land-grants.ts';
import { miningsStory } from './allocation/mining.ts';
import { procurementsStory } from './allocation/procurement.ts';
import { statePropertiesStory } from './allocation/state-property.ts';
import { Context } from './context.ts';
import { documentsStory } from './documents.ts';
import { demoUuidV7 } from './ledger.ts';
import type { StreamPost } from './ledger.ts';
import { penaltiesStory } from './penalties.ts';
import { projectsStory } from './projects.ts';
import { requestsStory } from './requests.ts';
import { Rng } from './random.ts';

export type { DemoEvent, StreamPost } from './ledger.ts';
export { demoSummary, streamKindOf } from './summary.ts';
export type { DemoSummary } from './summary.ts';
export { demoUuidV7 } from './ledger.ts';

export interface DemoOptions {
  /** YYYY-MM-DD: the day the demo is loaded (China time); nothing is formed after it */
  anchorDate: string;
  /** number of projects (default 36); every other story grows with it */
  projects?: number;
  /** PRNG seed (default 1) */
  seed?: number;
}

export const DEFAULT_DEMO_PROJECTS = 36;
export const DEFAULT_DEMO_SEED = 1;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The demo as stream appends, in posting order: post each with
 * `appendToStream(principal, post.streamId, post.events, post.expectedVersion)` by an agency
 * holding every role for 320500. Same options → byte-identical output.
 */
export function generateDemo(options: DemoOptions): StreamPost[] {
  const { anchorDate } = options;
  if (typeof anchorDate !== 'string' || !ISO_DATE.test(anchorDate) || addDays(anchorDate, 0) !== anchorDate) {
    throw new RangeError(`generateDemo: anchorDate must be a real date YYYY-MM-DD, got ${JSON.stringify(anchorDate)}`);
  }
  const projects = options.projects ?? DEFAULT_DEMO_PROJECTS;
  if (!Number.isInteger(projects) || projects < 0 || projects > 1_000_000) throw new RangeError(`generateDemo: projects must be an integer 0…1000000, got ${projects}`);
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed)) throw new RangeError(`generateDemo: seed must be an integer, got ${seed}`);

  const ctx = new Context(anchorDate, projects);
  const rng = new Rng(seed);
  const scaled = (share: number, min: number) => Math.max(min, Math.ceil(projects * share));

  serviceGuidesStory(ctx, rng.fork('guides'));
  projectsStory(ctx, rng.fork('projects'), projects);
  penaltiesStory(ctx, rng.fork('penalties'), scaled(0.3, 5));
  procurementsStory(ctx, rng.fork('procurement'), scaled(0.3, 7));
  landSupplyPlansStory(ctx, rng.fork('land-plans'));
  landGrantsStory(ctx, rng.fork('land-grants'), scaled(0.12, 4));
  miningsStory(ctx, rng.fork('mining'), Math.min(12, scaled(0.05, 4)));
  statePropertiesStory(ctx, rng.fork('state-property'), scaled(0.06, 3));
  housingPoliciesStory(ctx, rng.fork('housing-policies'));
  housingPlansStory(ctx, rng.fork('housing-plans'));
  housingRoundsStory(ctx, rng.fork('housing-rounds'), scaled(0.1, 5));
  blacklistsStory(ctx, rng.fork('blacklist'), scaled(0.05, 5));
  documentsStory(ctx, rng.fork('documents'), scaled(0.05, 4));
  // after the land story: disclosures hand over its compensation registrations
  requestsStory(ctx, rng.fork('requests'), scaled(0.25, 9));

  // ids: UUID v7 from midnight (China time) of the anchor day, one millisecond per event — never
  // after the load on that day
  const baseMs = Date.parse(`${anchorDate}T00:00:00+08:00`);
  return ctx.ledger.finish((n) => demoUuidV7(seed, baseMs, n));
}
