// Which projects the demo has: their kinds, how far each has got (stage) and whether its story is
// recent or backlog. The first few are fixed so that every event type and rule path occurs in any
// demo of six projects or more; the rest are drawn with the weights below.
import type { Context, Mode } from './context.ts';
import type { ProjectKind } from './project-kinds.ts';
import { PROJECT_KINDS, pickKind } from './project-kinds.ts';
import type { Stage } from './project-plan.ts';
import { planProject } from './project-plan.ts';
import type { Feature } from './project-story.ts';
import { projectStory } from './project-story.ts';
import type { Rng } from './random.ts';

interface Spec {
  kind: ProjectKind;
  stage: Stage;
  mode: Mode;
  features: Set<Feature>;
}

const kind = (key: string): ProjectKind => {
  const found = PROJECT_KINDS.find((k) => k.key === key);
  if (!found) throw new Error(`no project kind ${key}`);
  return found;
};

const FIXED: ReadonlyArray<{ kind: string; stage: Stage; mode: Mode; features: Feature[] }> = [
  // a city road from 赋码 to 竣工决算, with its tenders, 征收 batch and a penalty, long finished
  {
    kind: 'road',
    stage: 'completed',
    mode: 'backlog',
    features: ['prequalification', 'complaint', 'duplicate-performance', 'design-change', 'unqualified-first', 'expropriation', 'penalty', 'retract-inspection', 'all-lots'],
  },
  // an enterprise (备案) factory on land it bought, an 环评 refused once
  { kind: 'industrial', stage: 'construction', mode: 'recent', features: ['land-grant', 'reject-first', 'correct-progress'] },
  // a 核准 power project whose land is being taken and whose construction tender is open
  { kind: 'energy', stage: 'approved', mode: 'recent', features: ['expropriation', 'correct-registration'] },
  // village works under a 乡村建设规划许可, finished within the month
  { kind: 'rural', stage: 'completed', mode: 'recent', features: [] },
  // flood defences with 取水许可, a stop-work order and a penalty
  { kind: 'flood', stage: 'construction', mode: 'recent', features: ['penalty', 'stop-work'] },
  // a hospital buying its equipment
  { kind: 'hospital', stage: 'construction', mode: 'recent', features: ['procurement'] },
];

const STAGE_WEIGHTS: Record<Stage, number> = { registered: 14, approving: 22, approved: 16, construction: 30, completed: 18 };

/** Share of projects told as backlog (realistic lifecycles posted late). */
const BACKLOG_SHARE = 0.035;

function specs(count: number, rng: Rng): Spec[] {
  const out: Spec[] = FIXED.slice(0, count).map((f) => ({ kind: kind(f.kind), stage: f.stage, mode: f.mode, features: new Set(f.features) }));
  const drawn: Array<{ stage: Stage }> = [];
  for (let i = out.length; i < count; i++) drawn.push({ stage: rng.weighted(STAGE_WEIGHTS) });
  // backlog: the quota less the fixed ones, among the projects far enough along
  const fixedBacklog = out.filter((s) => s.mode === 'backlog').length;
  const quota = Math.max(0, Math.round(count * BACKLOG_SHARE) - fixedBacklog);
  const candidates = drawn.map((d, i) => ({ d, i })).filter(({ d }) => d.stage === 'construction' || d.stage === 'completed');
  const backlog = new Set(rng.sample(candidates, quota).map((c) => c.i));
  drawn.forEach((d, i) => {
    const mode: Mode = backlog.has(i) ? 'backlog' : 'recent';
    // a recent project can only have finished if it is small works
    const k = d.stage === 'completed' && mode === 'recent' ? pickKind(rng, { small: true }) : pickKind(rng, mode === 'backlog' ? { small: false } : {});
    out.push({ kind: k, stage: d.stage, mode, features: new Set() });
  });
  return out;
}

export function projectsStory(ctx: Context, rng: Rng, count: number): void {
  specs(count, rng.fork('specs')).forEach((spec, i) => {
    const r = rng.fork(`project:${i}`);
    const project = planProject(ctx, i, spec.kind, spec.stage, spec.mode, r);
    projectStory(ctx, project, { features: spec.features });
  });
}
