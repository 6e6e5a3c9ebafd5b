// 施工有关, 质量安全监督 and 竣工有关 payloads of a project: 参建单位, 施工图审查, 监督机构, 开工,
// 施工进度, 质量安全检查与整改, 专项验收, 竣工验收, 备案, 交付使用, 竣工决算.
import type { Org, Professional } from './cast.ts';
import { company, principal, reviewers, surveyLead } from './cast.ts';
import { plusDays, zhDate, zhMonth } from './clock.ts';
import type { Context } from './context.ts';
import type { Payload } from './ledger.ts';
import { authorities, CITY, docPrefix, landline, streetAddress } from './places.ts';
import type { SpecialKind } from './project-kinds.ts';
import type { Project } from './project-plan.ts';
import { roundTo } from './random.ts';
import type { Rng } from './random.ts';

export function projectRef(p: Project): { projectCode: string; projectName: string } {
  return { projectCode: p.code, projectName: p.name };
}

export interface Team {
  contractor: Org;
  contractorLead: Professional;
  supervisor: Org;
  supervisorLead: Professional;
  designer: Org;
  designerLead: Professional;
  surveyor?: Org;
  surveyorLead?: Professional;
}

export function participants(p: Project, team: Team, date: string, rng: Rng): Payload {
  const k = p.kind;
  return {
    ...projectRef(p),
    disclosedDate: date,
    projectLegalPerson: { name: p.unit.name, creditCode: p.unit.creditCode, principal: principal(rng, p.unit.name.endsWith('局') || p.unit.name.endsWith('委员会') ? '局长' : '董事长') },
    participants: [
      ...(team.surveyor ? [{ role: 'survey', name: team.surveyor.name, creditCode: team.surveyor.creditCode, principal: principal(rng, '总经理'), projectLead: team.surveyorLead ?? surveyLead(rng), qualification: '工程勘察专业类（岩土工程）甲级' }] : []),
      { role: 'design', name: team.designer.name, creditCode: team.designer.creditCode, principal: principal(rng, '院长'), projectLead: team.designerLead, qualification: k.designQualification },
      { role: 'construction', name: team.contractor.name, creditCode: team.contractor.creditCode, principal: principal(rng, '总经理'), projectLead: team.contractorLead, qualification: k.contractorQualification.replace(/及以上.*$/, '') },
      { role: 'supervision', name: team.supervisor.name, creditCode: team.supervisor.creditCode, principal: principal(rng, '总经理'), projectLead: team.supervisorLead, qualification: k.supervisionQualification.replace(/及以上.*$/, '') },
    ],
    managementStructure: `施工单位设项目经理部，下设工程、技术、安全、质量、物资、合约${rng.int(5, 7)}个部门，实行项目经理负责制；监理单位派驻项目监理机构，实行总监理工程师负责制。`,
  };
}

export function drawingReview(ctx: Context, p: Project, date: string, rng: Rng): Payload {
  return {
    ...projectRef(p),
    reviewAgency: ctx.companies.pick('reviewer', rng),
    reviewers: reviewers(rng, rng.int(2, 4)),
    submittedDate: plusDays(date, -rng.int(10, 25)),
    completedDate: date,
    reviewTimeLimit: p.totalInvestment > 5e8 ? '15个工作日' : '10个工作日',
    result: 'passed',
    certificateNumber: `${docPrefix(p.region)}施审〔${date.slice(0, 4)}〕${String(ctx.serial(`drawing:${p.region}:${date.slice(0, 4)}`) + 100).padStart(4, '0')}号`,
  };
}

export function supervisionAssigned(ctx: Context, p: Project, date: string, rng: Rng): Payload {
  const deps = authorities(p.region);
  return {
    ...projectRef(p),
    agency: deps.qualitySafety,
    contact: { name: p.region === CITY.code ? '市政监督科' : '监督一科', phone: landline(rng, p.d), address: streetAddress(rng, p.d) },
    supervisors: [
      { name: teamName(rng), position: '监督组长' },
      { name: teamName(rng), position: '监督员' },
    ],
    registrationNumber: `${docPrefix(p.region)}JD-${date.slice(0, 4)}-${String(ctx.serial(`supervision:${p.region}`)).padStart(4, '0')}`,
    assignedDate: date,
  };
}

function teamName(rng: Rng): string {
  return principal(rng, '').name;
}

export function constructionStarted(p: Project, date: string, permitNumber: string, durationDays: number, rng: Rng): Payload {
  return {
    ...projectRef(p),
    startDate: date,
    permitNumber,
    plannedCompletionDate: plusDays(date, durationDays),
    environmentalMeasures: rng.pick([
      '施工现场设置连续围挡，裸土全覆盖，出入口设车辆冲洗设施；渣土车密闭运输；夜间施工依法办理许可并公示。',
      '落实扬尘防治“六个百分百”措施，安装扬尘在线监测及喷淋降尘设施；噪声敏感时段禁止高噪声作业。',
      '施工废水经沉淀处理后回用，泥浆外运至指定消纳场所；施工现场设置扬尘、噪声在线监测。',
    ]),
  };
}

function phaseText(p: Project, percent: number, rng: Rng): string {
  const works = p.kind.works;
  if (percent < 10) return `完成场地平整、临时设施搭建及测量放线，${works[0]}施工已开始。`;
  if (percent >= 95) return `${works[works.length - 1]}完成，正在进行收尾及竣工验收准备。`;
  // the works follow one another; the current one is partly done
  const position = (percent / 100) * works.length;
  const i = Math.min(works.length - 1, Math.floor(position));
  const done = works.slice(0, i);
  const current = Math.min(95, Math.max(5, Math.round((position - i) * 100 * rng.real(0.9, 1.1))));
  return `${done.length > 0 ? `${done.join('、')}已完成，` : ''}${works[i]}完成约${current}%。`;
}

export function progressReported(p: Project, date: string, percent: number, rng: Rng): Payload {
  return {
    ...projectRef(p),
    reportDate: date,
    period: zhMonth(date),
    progress: phaseText(p, percent, rng),
    progressPercent: percent,
    completedInvestment: roundTo(p.totalInvestment * (percent / 100) * rng.real(0.78, 0.92), 100),
    environmentalMeasures: `扬尘在线监测达标率${rng.real(96, 99.9, 0.1).toFixed(1)}%，未发生环境投诉。`,
  };
}

const SAFETY_ISSUES = ['高处作业临边防护不到位', '现场临时用电配电箱未上锁', '脚手架连墙件设置不足', '塔吊附着装置检查记录缺失', '基坑周边堆载超过设计限值', '特种作业人员未持证上岗'];
const QUALITY_ISSUES = ['钢筋保护层厚度抽检不合格', '混凝土试块留置数量不足', '防水卷材搭接宽度不足', '砌体灰缝饱满度不足', '隐蔽工程验收记录不完整'];
const SITE_ISSUES = ['施工现场裸土未全部覆盖', '渣土运输车辆未密闭', '出入口车辆冲洗设施未正常使用'];

export function inspection(p: Project, inspectionId: string, date: string, result: 'passed' | 'issues-found' | 'stop-work', rng: Rng): Payload {
  const scope = rng.pick(['quality', 'safety', 'both'] as const);
  const deps = authorities(p.region);
  const base = { ...projectRef(p), inspectionId, inspectionDate: date, inspectingBody: deps.qualitySafety, scope, result };
  if (result === 'passed') return base;
  const pool = scope === 'quality' ? QUALITY_ISSUES : scope === 'safety' ? SAFETY_ISSUES : [...SAFETY_ISSUES, ...QUALITY_ISSUES, ...SITE_ISSUES];
  const days = result === 'stop-work' ? 10 : rng.int(3, 7);
  return {
    ...base,
    issues: rng.sample(pool, rng.int(1, 3)),
    rectificationRequirement: result === 'stop-work' ? '责令立即停工整改，整改完成经复查合格后方可复工。' : `立即组织整改，${days}日内书面回复整改情况。`,
    rectificationDeadline: plusDays(date, days),
  };
}

export function rectification(p: Project, inspectionId: string, date: string, rng: Rng): Payload {
  return {
    ...projectRef(p),
    inspectionId,
    completedDate: date,
    measures: rng.pick([
      '已按要求完成整改，补设防护设施并落实专人管理，整改资料已报监督机构。',
      '对问题部位返工处理并重新检测合格，完善了相关验收记录。',
      '已组织全员安全教育，完成隐患整改并建立整改台账。',
    ]),
    verifiedBy: authorities(p.region).qualitySafety,
    verificationResult: 'passed',
  };
}

const SPECIAL_AUTHORITY: Record<SpecialKind, (p: Project) => { name: string }> = {
  fire: (p) => authorities(p.region).housingConstruction,
  environmental: (p) => authorities(p.region).ecologyEnvironment,
  'soil-water': (p) => authorities(p.region).water,
  archives: (p) => authorities(p.region).archives,
  'land-resettlement': (p) => authorities(p.region).naturalResources,
};

export function specialAcceptance(ctx: Context, p: Project, kind: SpecialKind, date: string): Payload {
  const prefix = docPrefix(p.region);
  const numbers: Partial<Record<SpecialKind, string>> = {
    fire: `${prefix}住建消验字〔${date.slice(0, 4)}〕第${String(ctx.serial(`fire:${p.region}:${date.slice(0, 4)}`) + 200).padStart(4, '0')}号`,
    'soil-water': `${prefix}水保验〔${date.slice(0, 4)}〕${ctx.serial(`soil:${p.region}:${date.slice(0, 4)}`) + 10}号`,
  };
  return {
    ...projectRef(p),
    kind,
    acceptanceDate: date,
    result: 'passed',
    authority: SPECIAL_AUTHORITY[kind](p),
    ...(numbers[kind] ? { documentNumber: numbers[kind] } : {}),
  };
}

export function completionAccepted(p: Project, date: string, qualified: boolean): Payload {
  return {
    ...projectRef(p),
    acceptanceDate: date,
    organiser: p.unit,
    result: qualified ? 'qualified' : 'unqualified',
    summary: qualified
      ? '勘察、设计、施工、监理单位分别签署质量合格文件，验收组查验工程实体质量及档案资料，工程质量验收合格。'
      : '验收组发现部分分项工程观感质量及资料不符合要求，验收不通过，责令整改后重新组织验收。',
  };
}

export function completionFiled(ctx: Context, p: Project, date: string): Payload {
  return {
    ...projectRef(p),
    filingDate: date,
    filingNumber: `${docPrefix(p.region)}建竣备〔${date.slice(0, 4)}〕${String(ctx.serial(`filing:${p.region}:${date.slice(0, 4)}`) + 100).padStart(4, '0')}号`,
    filingAuthority: authorities(p.region).housingConstruction,
  };
}

export function handedOver(p: Project, date: string, rng: Rng): Payload {
  const recipient =
    p.kind.owner === 'transport' || p.kind.key === 'bridge'
      ? company('maintenance', p.index % 40)
      : p.kind.owner === 'housing'
        ? company('property', 300 + (p.index % 30))
        : undefined;
  return {
    ...projectRef(p),
    handoverDate: date,
    ...(recipient ? { recipient } : {}),
    notes: `${p.name}于${zhDate(date)}交付使用${rng.chance(0.5) ? '，运营管养单位已完成接收' : ''}。`,
  };
}

export function finalAccounts(ctx: Context, p: Project, date: string, contractAmount: number, rng: Rng): Payload {
  const audited = roundTo(Math.min(p.totalInvestment, contractAmount / rng.real(0.55, 0.75)) * rng.real(0.96, 1.0), 0.01);
  const deps = authorities(p.region);
  return {
    ...projectRef(p),
    auditor: ctx.companies.pick('auditor', rng),
    auditConclusion: `竣工财务决算报表真实反映项目建设成本，审定金额较送审金额核减${rng.real(0.5, 4.5).toFixed(2)}%。`,
    auditedAmount: audited,
    finalAmount: audited,
    approvingAuthority: deps.finance,
    documentNumber: `${docPrefix(p.region)}财建〔${date.slice(0, 4)}〕${ctx.serial(`final:${p.region}:${date.slice(0, 4)}`) + 10}号`,
    decisionDate: date,
  };
}
