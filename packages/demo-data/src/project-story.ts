// A project's lifecycle in its stream (`project-{项目代码}`): 赋码 → 办理过程 and 批准结果 (建议书,
// 可研, 初设, 核准 or 备案, 用地, 规划, 环评, 节能, 涉水, 施工许可) → 施工图审查, 监督, 参建单位 → 开工,
// 进度, 质量安全检查与整改, 重大设计变更 → 专项验收, 竣工验收, 备案, 交付使用, 竣工决算 — plus the
// stories it sets off: tenders, a 征收 batch, penalties, equipment procurement, housing rounds.
//
// The lifecycle is written once with realistic gaps (days). A backlog project keeps them and
// ends months ago; a recent one is squeezed into the 20 working days before the anchor, each
// step no earlier than its own deadline allows (7 working days for 行政许可, 20 otherwise), so
// that posting it on the anchor day is on time.
import { APPROVAL_KINDS } from '@gongkai/catalog';
import type { ApprovalKind } from '@gongkai/catalog';
import { RETRACTION_BASIS } from './amendments.ts';
import { housingRoundStory } from './allocation/housing.ts';
import { landGrantStory } from './allocation/land-grants.ts';
import { procurementStory } from './allocation/procurement.ts';
import {
  applicationId,
  applicationStages,
  approvalDeadline,
  approvalDocumentNumber,
  approvingAuthority,
  REJECTION_REASONS,
} from './approvals.ts';
import type { Professional } from './cast.ts';
import { builder, chiefSupervisor, designLead } from './cast.ts';
import { plusDays, plusWorkdays, previousWorkday, zhDate } from './clock.ts';
import type { Team } from './construction.ts';
import {
  completionAccepted,
  completionFiled,
  constructionStarted,
  drawingReview,
  finalAccounts,
  handedOver,
  inspection,
  participants,
  progressReported,
  rectification,
  specialAcceptance,
  supervisionAssigned,
} from './construction.ts';
import type { Context } from './context.ts';
import { BACKLOG_MIN_WD } from './context.ts';
import { expropriationStory } from './land.ts';
import type { BatchStage } from './land.ts';
import type { Payload, Recorded } from './ledger.ts';
import { penaltyStory } from './penalties.ts';
import { CITY } from './places.ts';
import type { SpecialKind } from './project-kinds.ts';
import type { Project, Stage } from './project-plan.ts';
import { fundingSources, stageAtLeast } from './project-plan.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';
import type { TenderMilestone, TenderOutcome } from './tendering.ts';
import { tenderStory } from './tendering.ts';

/** Optional behaviours; the planner forces some on the first projects so every event type occurs. */
export type Feature =
  | 'prequalification'
  | 'complaint'
  | 'duplicate-performance'
  | 'design-change'
  | 'reject-first'
  | 'unqualified-first'
  | 'retract-inspection'
  | 'correct-progress'
  | 'correct-registration'
  | 'expropriation'
  | 'penalty'
  | 'procurement'
  | 'land-grant'
  | 'housing-round'
  | 'stop-work'
  | 'all-lots';

interface Step {
  key: string;
  type: string;
  /** realistic days after the previous step */
  gap: number;
  /** the step's deadline in working days (its latest position before the anchor in a recent layout) */
  limit: number;
  build: (date: string) => Payload;
  /** amendments: the step amended */
  amends?: { target: string; kind: 'correct' | 'retract' };
}

class Chain {
  readonly steps: Step[] = [];
  constructor(private readonly rng: Rng) {}

  add(key: string, type: string, gap: number | [number, number], build: (date: string) => Payload, limit = 20): void {
    const g = typeof gap === 'number' ? gap : this.rng.int(gap[0], gap[1]);
    this.steps.push({ key, type, gap: g, limit, build });
  }

  amend(key: string, target: string, kind: 'correct' | 'retract', gap: [number, number], build: (date: string) => Payload): void {
    this.steps.push({ key, type: kind === 'correct' ? 'DisclosureCorrected' : 'DisclosureRetracted', gap: this.rng.int(gap[0], gap[1]), limit: 20, build, amends: { target, kind } });
  }
}

/** Where a recent project's lifecycle starts and ends (working days before the anchor). */
function recentSpan(stage: Stage, rng: Rng): [number, number] {
  switch (stage) {
    case 'registered': {
      const start = rng.int(0, 19);
      return [start, Math.max(0, start - rng.int(1, 5))];
    }
    case 'approving':
      return [rng.int(8, 19), rng.int(0, 5)];
    case 'approved':
      return [rng.int(15, 19), rng.int(0, 2)];
    case 'construction':
      return [19, rng.int(0, 1)];
    case 'completed':
      return [19, 0];
  }
}

/** The date of every step: realistic and months ago (backlog), or squeezed before the anchor (recent). */
function layout(ctx: Context, p: Project, steps: readonly Step[], rng: Rng): string[] {
  const offsets: number[] = [];
  let total = 0;
  for (const s of steps) {
    total += s.gap;
    offsets.push(total);
  }
  if (p.mode === 'backlog') {
    const end = ctx.clock.wd(rng.int(BACKLOG_MIN_WD + 5, p.stage === 'completed' ? 420 : 160));
    return offsets.map((o) => previousWorkday(plusDays(end, o - total)));
  }
  // two segments: the steps before the first 行政许可 spread over the earlier working days, the
  // licences and everything after them over the last seven
  const [from, to] = recentSpan(p.stage, rng);
  const firstLicence = steps.findIndex((s) => s.limit < 20);
  const segments: Array<{ start: number; end: number; hi: number; lo: number }> =
    firstLicence <= 0
      ? [{ start: 0, end: steps.length, hi: firstLicence === 0 ? Math.min(from, 7) : from, lo: to }]
      : [
          { start: 0, end: firstLicence, hi: from, lo: Math.max(to, Math.min(from, 8)) },
          { start: firstLicence, end: steps.length, hi: Math.min(from, 7), lo: to },
        ];
  const ideal: number[] = [];
  for (const seg of segments) {
    const base = seg.start === 0 ? 0 : offsets[seg.start]!;
    const span = offsets[seg.end - 1]! - base;
    for (let i = seg.start; i < seg.end; i++) {
      ideal.push(span === 0 ? seg.hi : Math.round(seg.hi - ((seg.hi - seg.lo) * (offsets[i]! - base)) / span));
    }
  }
  let previous = Number.POSITIVE_INFINITY;
  return steps.map((s, i) => {
    const position = Math.max(0, Math.min(ideal[i]!, s.limit, previous));
    previous = position;
    return ctx.clock.wd(position);
  });
}

const PROGRESS_TEXT: Record<string, (date: string) => string> = {
  委托评估: (d) => `已委托第三方工程咨询机构开展评估，评估报告预计于${zhDate(plusDays(d, 10))}前完成。`,
  专家评审: (d) => `专家评审会于${zhDate(d)}召开，项目单位正按专家意见修改完善。`,
  审查: () => '评估（评审）意见已收到，正在进行审查。',
  受理审查: () => '申报材料齐全，已进入审查程序。',
  概算审核: () => '投资概算审核中，已对工程量及单价进行复核。',
  征求意见: () => '已书面征求规划、自然资源、生态环境等部门意见。',
  技术评估: () => '技术评估机构已完成现场踏勘，正在编制评估意见。',
  受理公示: () => '受理情况已在网站公示，公示期内未收到反馈意见。',
  技术审查: () => '技术审查中。',
  方案审查: () => '设计方案审查中，已组织专家论证。',
  批前公示: () => '规划许可批前公示中。',
};

export interface ProjectPlanOptions {
  features: ReadonlySet<Feature>;
}

export function projectStory(ctx: Context, p: Project, options: ProjectPlanOptions): void {
  const rng = p.rng;
  const has = (f: Feature, chance: number) => options.features.has(f) || rng.chance(chance);
  const chain = new Chain(rng);
  const k = p.kind;
  // read when a payload is built: the code's year is only known once the lifecycle is laid out
  const ref = {
    get projectCode() {
      return p.code;
    },
    get projectName() {
      return p.name;
    },
  };
  const region = p.region;
  const duration = rng.int(k.constructionDays[0], k.constructionDays[1]);
  const government = p.investmentType === 'government';
  /** days from the last construction event to the end of the works (completed projects) */
  let pendingGap = 0;

  // 征收土地 for the project's land: decided first, its 验收 depends on it
  const batch =
    p.investmentType !== 'filing' &&
    p.d.code !== '320508' && // 姑苏区 has no collective land left to take
    stageAtLeast(p.stage, 'approving') &&
    (options.features.has('expropriation') || rng.chance(k.expropriation * 0.6));
  const batchStage: BatchStage = stageAtLeast(p.stage, 'approved') ? rng.pick<BatchStage>(['approved', 'paid']) : rng.pick<BatchStage>(['pre', 'survey', 'plan', 'hearing']);

  // ---- decisions shared between steps (filled in as steps are built, in posting order) ----
  const documents: Partial<Record<ApprovalKind, string>> = {};
  const preassigned: Partial<Record<ApprovalKind, string>> = {};

  const approval = (kind: ApprovalKind, gap: number | [number, number], extra: (date: string) => Payload = () => ({}), rejectFirst = false): void => {
    if (rejectFirst) {
      chain.add(`${kind}:rejected`, 'ApprovalDecided', gap, (date) => ({
        ...ref,
        kind,
        result: 'rejected',
        documentNumber: approvalDocumentNumber(ctx, rng, kind, region, date),
        decisionDate: date,
        approvingAuthority: approvingAuthority(kind, region),
        rejectionReason: REJECTION_REASONS[kind] ?? '申报材料不符合法定要求，不予批准。',
      }), approvalDeadline(kind));
      gap = [15, 40];
    }
    chain.add(`${kind}`, 'ApprovalDecided', gap, (date) => {
      const documentNumber = preassigned[kind] ?? approvalDocumentNumber(ctx, rng, kind, region, date);
      documents[kind] = documentNumber;
      return { ...ref, kind, result: 'approved', documentNumber, decisionDate: date, approvingAuthority: approvingAuthority(kind, region), ...extra(date) };
    }, approvalDeadline(kind));
  };

  /** 办理过程: accepted, progressed through its stages, and (when `conclude`) concluded with the approval. */
  const application = (kind: ApprovalKind, gap: [number, number], conclude: boolean, extra: (date: string) => Payload = () => ({})): void => {
    let id = '';
    const base = () => ({ ...ref, applicationId: id, approvalKind: kind, itemName: APPROVAL_KINDS[kind].zh, handlingAuthority: approvingAuthority(kind, region) });
    chain.add(`${kind}:accepted`, 'ApplicationAccepted', gap, (date) => {
      id = applicationId(ctx, kind, region, date);
      return { ...base(), acceptedDate: date, promisedCompletionDate: plusWorkdays(date, kind === 'feasibility-study' ? 10 : 8) };
    });
    const stages = applicationStages(kind);
    const shown = conclude ? stages : stages.slice(0, rng.int(0, stages.length));
    for (const stage of shown) {
      chain.add(`${kind}:${stage}`, 'ApplicationProgressed', [4, 12], (date) => ({ ...base(), stage, progress: (PROGRESS_TEXT[stage] ?? (() => '办理中。'))(date), progressDate: date }));
    }
    if (!conclude) return;
    chain.add(`${kind}:concluded`, 'ApplicationConcluded', [3, 8], (date) => {
      preassigned[kind] = approvalDocumentNumber(ctx, rng, kind, region, date);
      return { ...base(), outcome: 'approved', concludedDate: date, resultDocumentNumber: preassigned[kind] };
    });
    approval(kind, 0, (date) => ({ ...extra(date), applicationId: id }));
  };

  // ---- 赋码 ----
  // a registration posted with a wrong 建设规模 is corrected to the text used everywhere else
  const correctRegistration = has('correct-registration', 0.03);
  const registration = (date: string): Payload => ({
    ...ref,
    projectUnit: p.unit,
    location: p.location,
    region: p.d.code,
    industry: p.industry,
    investmentType: p.investmentType,
    totalInvestment: p.totalInvestment,
    fundingSources: fundingSources(rng.fork('funding'), p.investmentType, p.totalInvestment, region),
    scaleAndContent: k.scale(rng.fork(correctRegistration ? 'scale-draft' : 'scale'), p.totalInvestment),
    ...planned(date),
    registrationDate: date,
  });
  /** 拟开工/拟建成: the start as it then happened (or is expected), plus the works' duration */
  const planned = (registered: string) => {
    const start = dateOf.get('started') ?? plusDays(registered, rng.int(120, 400));
    return { plannedStartDate: start, plannedCompletionDate: plusDays(start, duration) };
  };
  chain.add('registered', 'ProjectRegistered', 0, registration);
  if (correctRegistration) {
    chain.amend('registered:corrected', 'registered', 'correct', [1, 6], () => ({
      changes: { scaleAndContent: k.scale(rng.fork('scale'), p.totalInvestment) },
      reason: '建设规模和内容录入有误，按项目申报材料予以更正。',
    }));
  }

  // ---- 批准: units in order; a project still being approved stops part-way ----
  const water = k.water;
  const units: Array<(last: boolean) => void> = [];
  if (p.investmentType === 'government') {
    units.push(() => approval('project-proposal', [30, 75], () => ({ summary: `同意建设${p.name}。` })));
    if (k.newLand) units.push(() => approval('land-pre-review', [20, 50]));
    units.push((last) =>
      application('feasibility-study', [10, 30], !last || rng.chance(0.4), () => ({ approvedInvestment: p.totalInvestment, summary: `核定项目总投资${(p.totalInvestment / 1e4).toFixed(0)}万元。` })),
    );
    units.push(() => approval('tendering-scheme', [3, 15], () => ({ summary: '勘察、设计、施工、监理全部公开招标，委托招标。' })));
    units.push(() => approval('preliminary-design', [30, 80], () => ({ approvedInvestment: roundTo(p.totalInvestment * rng.real(0.95, 1.0), 10_000) })));
  } else if (p.investmentType === 'ratification') {
    units.push(() => approval('land-pre-review', [20, 50]));
    units.push(() => approval('site-selection', [3, 10]));
    units.push((last) => application('ratification', [10, 30], !last || rng.chance(0.4)));
  } else {
    units.push(() => approval('filing', [0, 3], () => ({ summary: '项目符合国家产业政策，予以备案。' })));
  }
  if (k.newLand && p.investmentType === 'government') units.push(() => approval('site-selection', [5, 20]));
  if (k.environmental) units.push(() => approval('environmental-impact', [5, 25], () => ({}), has('reject-first', 0.06)));
  if (p.totalInvestment >= 1e8) units.push(() => approval('energy-review', [3, 15], () => ({}), has('reject-first', 0.04) && !k.environmental));
  for (const w of water) units.push(() => approval(w, [3, 12], (date) => (w === 'water-abstraction' ? { validUntil: plusDays(date, 365 * 5) } : {})));
  if (k.rural) {
    units.push(() => approval('rural-planning-permit', [10, 30]));
  } else {
    if (k.newLand) units.push(() => approval('land-use-planning-permit', [10, 30]));
    units.push(() => approval('engineering-planning-permit', [15, 45]));
  }

  if (p.stage === 'registered') {
    if (rng.chance(0.5) && p.investmentType === 'government') application('project-proposal', [5, 15], false);
  } else if (p.stage === 'approving') {
    const cut = rng.int(1, Math.max(1, units.length - 2));
    units.slice(0, cut).forEach((u, i) => u(i === cut - 1));
  } else {
    units.forEach((u) => u(false));
  }

  // ---- the tenders, the 征收 batch and everything else that hangs off the project ----
  const tenders: Partial<Record<'construction' | 'supervision' | 'design' | 'survey', TenderOutcome>> = {};
  const team: Partial<Team> = {};

  if (stageAtLeast(p.stage, 'approved')) {
    chain.add('drawing-review', 'DrawingReviewCompleted', [15, 40], (date) => drawingReview(ctx, p, date, rng));
    chain.add('supervision-assigned', 'SupervisionAssigned', [3, 10], (date) => supervisionAssigned(ctx, p, date, rng));
  }
  const progress: Array<{ key: string; percent: number }> = [];
  if (stageAtLeast(p.stage, 'construction')) {
    chain.add('participants', 'ParticipantsDisclosed', [10, 30], (date) => participants(p, team as Team, date, rng));
    approval('construction-permit', [2, 8], () => ({
      summary: `建设规模：${k.scale(rng.fork('scale'), p.totalInvestment).split('；')[0]!.replace(/。$/, '')}；施工单位：${team.contractor!.name}。`,
    }));
    chain.add('started', 'ConstructionStarted', [3, 15], (date) => constructionStarted(p, date, documents['construction-permit']!, duration, rng));
    buildConstruction();
  }
  if (p.stage === 'completed') buildCompletion();

  const dates = layout(ctx, p, chain.steps, rng);
  const dateOf = new Map(chain.steps.map((s, i) => [s.key, dates[i]!]));
  // 项目代码 carry the year of 赋码
  p.code = `${dates[0]!.slice(0, 4)}${p.code.slice(4)}`;

  if (batch) expropriationStory(ctx, rng.fork('batch'), { d: p.d, stage: batchStage, mode: p.mode, projectCode: p.code, purpose: `${p.name}建设` });

  // tenders are laid out backwards from the step that needs their result
  const recent = p.mode === 'recent';
  const lots = government || p.investmentType === 'ratification' ? k.lots : [];
  const controlPrice = (lot: string) =>
    roundTo(
      lot === 'construction'
        ? p.totalInvestment * rng.real(0.45, 0.7)
        : lot === 'supervision'
          ? p.totalInvestment * rng.real(0.012, 0.02)
          : lot === 'design'
            ? p.totalInvestment * rng.real(0.02, 0.032)
            : p.totalInvestment * rng.real(0.004, 0.008),
      100,
    );
  const runTender = (lot: 'construction' | 'supervision' | 'design' | 'survey', until: TenderMilestone, date: string, extra: Partial<Parameters<typeof tenderStory>[1]> = {}) => {
    tenders[lot] = tenderStory(ctx, { project: p, lot, until, date, compressed: recent, controlPrice: controlPrice(lot), ...extra }, rng.fork(`tender:${lot}`));
  };
  if (p.stage === 'approved' && lots.includes('construction')) {
    // the construction tender is under way
    const until = rng.pick<TenderMilestone>(['notice', 'notice', 'candidates', 'award']);
    const date = until === 'notice' ? ctx.clock.wd(rng.int(0, 12)) : until === 'candidates' ? previousWorkday(ctx.clock.day(-rng.int(0, 2))) : ctx.anchor;
    runTender('construction', until, date, { prequalification: has('prequalification', 0.15), correctDeadline: until === 'notice' && rng.chance(0.3) });
    if (lots.includes('supervision') && rng.chance(0.5)) runTender('supervision', 'notice', ctx.clock.wd(rng.int(0, 10)));
  }
  if (stageAtLeast(p.stage, 'construction')) {
    const before = dateOf.get('participants')!;
    const performance = progress.map((x) => ({ date: dateOf.get(x.key)!, percent: x.percent }));
    if (lots.includes('construction')) {
      runTender('construction', 'contract', plusDays(before, -rng.int(0, 2)), {
        prequalification: options.features.has('prequalification') || (p.totalInvestment > 1e9 && rng.chance(0.3)),
        complaint: has('complaint', 0.1),
        performance,
        duplicatePerformance: options.features.has('duplicate-performance'),
      });
    }
    if (lots.includes('supervision')) runTender('supervision', 'contract', plusDays(before, -rng.int(0, 3)), { performance: performance.filter((_, i) => i % 2 === 1) });
    if (!recent && lots.includes('design') && has('all-lots', 0.5)) runTender('design', 'contract', plusDays(dateOf.get('preliminary-design') ?? dateOf.get('engineering-planning-permit')!, -rng.int(60, 120)));
    if (!recent && lots.includes('survey') && has('all-lots', 0.3)) runTender('survey', 'contract', plusDays(dateOf.get('preliminary-design') ?? dateOf.get('engineering-planning-permit')!, -rng.int(90, 150)));
  }
  const pickTeam = (lot: 'construction' | 'supervision' | 'design' | 'survey', kind: 'contractor' | 'supervisor' | 'designer' | 'surveyor', lead: (r: Rng) => Professional) => {
    const t = tenders[lot];
    return t?.awarded ? { org: t.winner, lead: t.lead } : { org: ctx.companies.pick(kind, rng), lead: lead(rng) };
  };
  const c = pickTeam('construction', 'contractor', (r) => builder(r));
  const s = pickTeam('supervision', 'supervisor', chiefSupervisor);
  const dz = pickTeam('design', 'designer', designLead);
  Object.assign(team, { contractor: c.org, contractorLead: c.lead, supervisor: s.org, supervisorLead: s.lead, designer: dz.org, designerLead: dz.lead });
  if (tenders.survey?.awarded) Object.assign(team, { surveyor: tenders.survey.winner, surveyorLead: tenders.survey.lead });

  // a penalty on the contractor once work is under way
  if (stageAtLeast(p.stage, 'construction') && has('penalty', 0.15)) {
    const tender = tenders.construction;
    penaltyStory(ctx, rng.fork('penalty'), {
      region: region === CITY.code ? CITY.code : p.d.code,
      variant: p.mode === 'backlog' ? 'ended' : 'active',
      target: {
        org: team.contractor!,
        where: p.name,
        projectCode: p.code,
        ...(tender?.awarded ? { tenderId: tender.tenderId } : {}),
        contractAmount: tender?.contractAmount ?? p.totalInvestment * 0.5,
        notBefore: dateOf.get('started')!,
      },
    });
  }
  // equipment for a new hospital or school
  if ((k.key === 'hospital' || k.key === 'school') && (options.features.has('procurement') || (stageAtLeast(p.stage, 'construction') && rng.chance(p.stage === 'completed' ? 0.7 : 0.3)))) {
    procurementStory(ctx, rng.fork('procurement'), {
      variant: rng.pick(['notice', 'result', 'contract'] as const),
      mode: p.mode,
      project: p,
      buyer: k.key === 'hospital' ? 'hospital' : 'school',
    });
  }
  // the land an enterprise bought for its works
  if (p.investmentType === 'filing' && (options.features.has('land-grant') || rng.chance(0.4))) {
    landGrantStory(ctx, rng.fork('land-grant'), { variant: 'contract', mode: p.mode, d: p.d, transferee: p.unit, use: 'industrial' });
  }
  // a finished 保障房 estate is allocated
  if (k.key === 'housing' && p.stage === 'completed' && (options.features.has('housing-round') || rng.chance(0.8))) {
    housingRoundStory(ctx, rng.fork('housing-round'), { variant: p.mode === 'backlog' ? 'exits' : rng.pick(['listing', 'review', 'allocated'] as const), project: p });
  }
  // ---- record the project stream, in order ----
  const recorded = new Map<string, Recorded>();
  chain.steps.forEach((step, i) => {
    const date = dates[i]!;
    if (step.amends) {
      const target = recorded.get(step.amends.target);
      if (!target) return;
      const fields = step.build(date);
      const when = date < target.date ? target.date : date;
      recorded.set(
        step.key,
        step.amends.kind === 'correct'
          ? ctx.ledger.correct(target, fields['changes'] as Payload, String(fields['reason']), when)
          : ctx.ledger.retract(target, String(fields['reason']), RETRACTION_BASIS, when),
      );
      return;
    }
    recorded.set(step.key, ctx.ledger.record(`project-${p.code}`, step.type, step.build(date)));
  });

  // ---------------------------------------------------------------------------

  function buildConstruction(): void {
    const stageEnd = p.stage === 'completed' ? duration : Math.round(duration * rng.real(0.15, 0.85));
    const maxReports = p.mode === 'recent' ? 2 : 4;
    const reports = Math.min(maxReports, Math.max(1, Math.floor(stageEnd / 90)));
    const items: Array<{ t: number; add: (gap: number) => void }> = [];
    for (let j = 0; j < reports; j++) {
      const t = Math.round((stageEnd * (j + 1)) / reports) - (p.stage === 'completed' ? 5 : 0);
      const percent = Math.min(p.stage === 'completed' ? 100 : 99, Math.max(1, Math.round((100 * t) / duration)));
      const key = `progress:${j}`;
      items.push({
        t,
        add: (gap) => {
          chain.add(key, 'ProgressReported', gap, (date) => progressReported(p, date, percent, rng));
          progress.push({ key, percent });
          if (j === 0 && has('correct-progress', 0.08)) {
            chain.amend(`${key}:corrected`, key, 'correct', [2, 7], () => ({
              changes: { progressPercent: Math.max(0, percent - rng.int(1, 3) - 0.5) },
              reason: '累计完成比例误按产值口径填报，按形象进度口径予以更正。',
            }));
          }
        },
      });
    }
    const inspections = p.mode === 'recent' ? rng.int(1, 2) : Math.min(3, 1 + Math.floor(stageEnd / 300));
    for (let j = 0; j < inspections; j++) {
      const t = rng.int(10, Math.max(11, stageEnd - 10));
      const result = j === 0 && options.features.has('stop-work') ? 'stop-work' : rng.weighted({ 'issues-found': 55, passed: 37, 'stop-work': 8 });
      const key = `inspection:${j}`;
      let inspectionId = '';
      items.push({
        t,
        add: (gap) => {
          chain.add(key, 'InspectionRecorded', gap, (date) => {
            inspectionId = nextInspectionId();
            return inspection(p, inspectionId, date, result as 'passed' | 'issues-found' | 'stop-work', rng);
          });
          if (result !== 'passed') chain.add(`${key}:rectified`, 'RectificationCompleted', [3, 10], (date) => rectification(p, inspectionId, date, rng));
        },
      });
    }
    if (options.features.has('retract-inspection') || rng.chance(0.05)) {
      // an inspection of another project posted here by mistake, withdrawn
      items.push({
        t: rng.int(5, Math.max(6, stageEnd - 5)),
        add: (gap) => {
          chain.add('inspection:mistaken', 'InspectionRecorded', gap, (date) => inspection(p, nextInspectionId(), date, 'passed', rng));
          chain.amend('inspection:mistaken:retracted', 'inspection:mistaken', 'retract', [1, 5], () => ({ reason: '该检查记录属于其他项目，误录入本项目。' }));
        },
      });
    }
    if (p.investmentType !== 'ratification' && (options.features.has('design-change') || (stageEnd > 200 && rng.chance(0.25)))) {
      items.push({
        t: Math.round(stageEnd * rng.real(0.3, 0.7)),
        add: (gap) => designChange(gap),
      });
    }
    items.sort((a, b) => a.t - b.t);
    let at = 0;
    for (const item of items) {
      item.add(Math.max(0, item.t - at));
      at = Math.max(at, item.t);
    }
    pendingGap = Math.max(0, stageEnd - at);
  }

  /** 检查编号 in posting order: 320506-JC-00012 */
  function nextInspectionId(): string {
    return `${region}-JC-${String(ctx.serial(`inspection:${region}`)).padStart(5, '0')}`;
  }

  function designChange(gap: number): void {
    const changed: ApprovalKind = government ? 'preliminary-design' : 'engineering-planning-permit';
    const budgetKind = government && rng.chance(0.6);
    const before = roundTo(p.totalInvestment * rng.real(0.95, 1.0), 10_000);
    chain.add(
      'design-change',
      'DesignChangeApproved',
      gap,
      (date) => ({
        ...ref,
        changeKind: budgetKind ? 'budget' : 'design',
        changedApproval: { kind: changed, documentNumber: documents[changed]! },
        changeReason: rng.pick(['地下管线迁改量超出初步设计预计，且局部地质条件与勘察报告存在差异。', '根据周边规划调整及交通组织优化要求，需调整部分设计方案。', '按消防及无障碍设计新规范要求调整部分建筑设计。']),
        changeContent: budgetKind ? '调整管线迁改方案并增加地基处理工程量，概算相应调增。' : '调整出入口布置及部分建筑平面，规划指标不变。',
        changeBasis: government ? '《政府投资条例》第二十一条；本市政府投资项目概算管理有关规定' : '《中华人民共和国城乡规划法》第五十条',
        ...(budgetKind ? { budgetBefore: before, budgetAfter: roundTo(before * rng.real(1.02, 1.1), 10_000) } : {}),
        approvingAuthority: approvingAuthority(changed, region),
        documentNumber: approvalDocumentNumber(ctx, rng, changed, region, date),
        decisionDate: date,
      }),
      approvalDeadline(changed),
    );
  }

  function buildCompletion(): void {
    const fireKinds = new Set(['school', 'hospital', 'housing', 'culture', 'industrial', 'energy', 'rail', 'sewage']);
    const kinds: SpecialKind[] = [];
    if (fireKinds.has(k.key)) kinds.push('fire');
    for (const x of k.specials) if (x !== 'soil-water' || water.includes('soil-water-conservation')) kinds.push(x);
    if (p.totalInvestment > 5e8 || region === CITY.code) kinds.push('archives');
    if (batch) kinds.push('land-resettlement');
    let gap = pendingGap;
    for (const kind of kinds) {
      chain.add(`special:${kind}`, 'SpecialAcceptanceRecorded', gap + rng.int(5, 20), (date) => specialAcceptance(ctx, p, kind, date));
      gap = 0;
    }
    if (has('unqualified-first', 0.05)) {
      chain.add('acceptance:unqualified', 'CompletionAccepted', gap + rng.int(5, 15), (date) => completionAccepted(p, date, false));
      gap = rng.int(20, 40);
    }
    chain.add('acceptance', 'CompletionAccepted', gap + rng.int(5, 15), (date) => completionAccepted(p, date, true));
    chain.add('filing', 'CompletionFiled', [5, 15], (date) => completionFiled(ctx, p, date));
    chain.add('handover', 'HandedOver', [1, 10], (date) => handedOver(p, date, rng));
    if (government && (p.mode === 'backlog' || rng.chance(0.5))) {
      chain.add('final-accounts', 'FinalAccountsApproved', p.mode === 'backlog' ? [120, 365] : [20, 60], (date) =>
        finalAccounts(ctx, p, date, tenders.construction?.contractAmount ?? p.totalInvestment * 0.6, rng),
      );
    }
  }
}
