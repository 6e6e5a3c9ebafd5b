// OC4IDS 0.9.5 project documents from the public read model: one per project code, built from its
// public records (current values after corrections; retracted items gone). The standard lacks
// approvals, land expropriation, inspections and project-level design changes: Gongkai's extension
// (../extension/: extension.json, a JSON Merge Patch to project-schema.json, codelist CSVs) adds
// them. Land expropriation is published as batch aggregates only (areas, approval, notice) —
// household-level fields are never read here.
import { currentValues, ownAudiences, type ProjectState, type RecordState } from '@gongkai/read-store';
import type { JsonMap } from './merge.ts';
import { clean, dateTime, ocidOf, partyId, releasesOfStream } from './ocds.ts';
import { CompiledRelease } from './merge.ts';
import { OCDS_1_1_5_RULES } from './merge-rules.ts';

type Obj = Record<string, unknown>;
export const OC4IDS_VERSION = '0.9.5';
export const DEFAULT_PROJECT_PREFIX = 'oc4ids-gkcn01';
export const GONGKAI_EXTENSION_URL = (baseUrl: string) => `${baseUrl}/v1/public/exports/oc4ids/extension/extension.json`;

const PROJECT_PREFIX_RE = /^oc4ids-[a-z0-9]{6}$/;
export function checkProjectPrefix(prefix: string): string {
  if (!PROJECT_PREFIX_RE.test(prefix)) throw new RangeError(`a project-id prefix is "oc4ids-" and six lower-case letters or digits, not ${JSON.stringify(prefix)}`);
  return prefix;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const money = (amount: unknown): Obj | undefined => (num(amount) === undefined ? undefined : { amount: num(amount), currency: 'CNY' });
const PUBLIC = ownAudiences('public');

/** Expropriation batch fields that are aggregates (never a household's data). */
const EXPROPRIATION_AGGREGATES: Record<string, readonly string[]> = {
  ExpropriationApproved: ['documentNumber', 'approvalDate', 'totalArea', 'agriculturalArea', 'cultivatedArea'],
  ExpropriationNoticePublished: ['noticeNumber', 'noticeDate', 'scope', 'schedule'],
  CompensationFundsReported: ['reportDate', 'totalBudget', 'fundsReceived', 'fundsSpent', 'householdsPaid'],
};

export interface ProjectOptions {
  projectPrefix: string;
  ocidPrefix: string;
  baseUrl: string;
}

function orgParty(parties: Map<string, Obj>, org: unknown, role: string): Obj | undefined {
  const o = obj(org);
  const name = o && str(o['name']);
  const id = o && partyId(o);
  if (!o || !name || !id) return undefined;
  const existing = parties.get(id);
  if (existing) {
    const roles = existing['roles'] as string[];
    if (!roles.includes(role)) roles.push(role);
  } else {
    const code = str(o['creditCode']);
    parties.set(id, { id, name, ...(code ? { identifier: { id: code, legalName: name } } : {}), roles: [role] });
  }
  return { id, name };
}

/** The OC4IDS project document of one project code (undefined when nothing public is left). */
export function projectDocument(project: ProjectState, records: readonly RecordState[], o: ProjectOptions): JsonMap | undefined {
  const parties = new Map<string, Obj>();
  const doc: Obj = { id: `${o.projectPrefix}-${project.code}`, language: 'zh', identifiers: [{ id: project.code, scheme: 'CN-GBT40058' }] };
  const documents: Obj[] = [];
  const approvals: Obj[] = [];
  const inspections: Obj[] = [];
  const modifications: Obj[] = [];
  const expropriation = new Map<string, Obj>();
  const processes = new Map<string, RecordState[]>();
  let status: string = 'identification';
  const rank = ['identification', 'preparation', 'implementation', 'completion'];
  const raise = (s: string) => {
    if (rank.indexOf(s) > rank.indexOf(status)) status = s;
  };
  const completion: Obj = {};
  let updated = project.lastRecordedAt;

  for (const r of records) {
    if (r.lastRecordedAt > updated) updated = r.lastRecordedAt;
    if (r.streamId.startsWith('tender-')) {
      const list = processes.get(r.streamId) ?? [];
      list.push(r);
      processes.set(r.streamId, list);
      continue;
    }
    const values = currentValues(r, PUBLIC);
    if (!values) continue;
    const v = values as Obj;
    const type = r.types[0];
    switch (type) {
      case 'ProjectRegistered': {
        doc['title'] = str(v['projectName']);
        doc['description'] = str(v['scaleAndContent']);
        doc['purpose'] = str(v['industry']);
        doc['budget'] = clean({ amount: money(v['totalInvestment']), approvalDate: dateTime(v['registrationDate']) });
        doc['publicAuthority'] = orgParty(parties, v['projectUnit'], 'publicAuthority');
        doc['period'] = clean({ startDate: dateTime(v['plannedStartDate']), endDate: dateTime(v['plannedCompletionDate']) });
        doc['locations'] = clean([{ id: '1', description: str(v['location']) }]);
        doc['type'] = 'construction';
        break;
      }
      case 'ApprovalDecided':
        raise('preparation');
        approvals.push(
          clean({
            id: str(v['documentNumber']) ?? r.id,
            kind: str(v['kind']),
            result: str(v['result']),
            documentNumber: str(v['documentNumber']),
            date: dateTime(v['decisionDate']),
            approvingAuthority: orgParty(parties, v['approvingAuthority'], 'approvingAuthority'),
            summary: str(v['summary']),
          }) as Obj,
        );
        break;
      case 'DesignChangeApproved':
        modifications.push(
          clean({
            id: str(v['documentNumber']) ?? r.id,
            date: dateTime(v['decisionDate']),
            description: str(v['changeContent']),
            rationale: str(v['changeReason']),
            type: num(v['budgetAfter']) !== undefined ? 'value' : 'scope',
            oldContractValue: money(v['budgetBefore']),
            newContractValue: money(v['budgetAfter']),
          }) as Obj,
        );
        if (num(v['budgetAfter']) !== undefined) doc['budget'] = clean({ ...(obj(doc['budget']) ?? {}), amount: money(v['budgetAfter']) });
        break;
      case 'InspectionRecorded':
        raise('implementation');
        inspections.push(
          clean({
            id: str(v['inspectionId']) ?? r.id,
            date: dateTime(v['inspectionDate']),
            scope: str(v['scope']),
            result: str(v['result']),
            inspectingBody: orgParty(parties, v['inspectingBody'], 'inspectingBody'),
            issues: Array.isArray(v['issues']) ? (v['issues'] as unknown[]).filter((x) => typeof x === 'string') : undefined,
            rectificationDeadline: dateTime(v['rectificationDeadline']),
          }) as Obj,
        );
        break;
      case 'ConstructionStarted':
      case 'ProgressReported':
      case 'ParticipantsDisclosed':
      case 'SupervisionAssigned':
      case 'DrawingReviewCompleted':
        raise('implementation');
        if (type === 'ConstructionStarted') doc['implementationPeriod'] = clean({ startDate: dateTime(v['startDate']), endDate: dateTime(v['plannedCompletionDate']) });
        if (type === 'ProgressReported')
          documents.push(
            clean({
              id: `progress-${str(v['reportDate']) ?? r.id}`,
              documentType: 'physicalProgressReport',
              title: str(v['period']),
              description: num(v['progressPercent']) !== undefined ? `累计完成 ${num(v['progressPercent'])}%` : undefined,
              datePublished: dateTime(v['reportDate']),
            }) as Obj,
          );
        break;
      case 'CompletionAccepted':
        raise('completion');
        completion['endDate'] = dateTime(v['acceptanceDate']);
        completion['finalScope'] = str(v['summary']);
        break;
      case 'CompletionFiled':
        raise('completion');
        documents.push(clean({ id: `filing-${str(v['filingNumber']) ?? r.id}`, documentType: 'completionCertificate', title: str(v['filingNumber']), datePublished: dateTime(v['filingDate']) }) as Obj);
        break;
      case 'FinalAccountsApproved':
        raise('completion');
        completion['finalValue'] = money(v['finalAmount']);
        completion['finalValueDetails'] = str(v['auditConclusion']);
        break;
      default: {
        const fields = type ? EXPROPRIATION_AGGREGATES[type] : undefined;
        if (fields && r.streamId.startsWith('expropriation-')) {
          const batchId = r.streamId.slice('expropriation-'.length);
          const agg = expropriation.get(batchId) ?? { id: batchId, region: str(v['region']) };
          for (const f of fields) {
            const x = v[f];
            if (typeof x === 'number') agg[f] = x;
            else if (typeof x === 'string') agg[f] = /Date$/.test(f) ? dateTime(x) : x;
          }
          expropriation.set(batchId, agg);
        }
      }
    }
  }

  const contractingProcesses: Obj[] = [];
  for (const streamId of [...processes.keys()].sort()) {
    const releases = releasesOfStream(streamId, processes.get(streamId)!, { ocidPrefix: o.ocidPrefix });
    if (!releases.length) continue;
    raise('implementation');
    const c = new CompiledRelease({ rules: OCDS_1_1_5_RULES }).extend(releases).asJson() as Obj;
    const tender = obj(c['tender']) ?? {};
    const awards = Array.isArray(c['awards']) ? (c['awards'] as Obj[]) : [];
    const contracts = Array.isArray(c['contracts']) ? (c['contracts'] as Obj[]) : [];
    const suppliers = awards.flatMap((a) => (Array.isArray(a['suppliers']) ? (a['suppliers'] as Obj[]) : []));
    for (const s of suppliers) {
      const id = str(s['id']);
      if (id && parties.has(id)) {
        const roles = parties.get(id)!['roles'] as string[];
        if (!roles.includes('supplier')) roles.push('supplier');
      } else if (id) parties.set(id, { id, name: s['name'], roles: ['supplier'] });
    }
    const contract = contracts[0];
    const contractStatus = contract ? 'active' : awards.length ? 'active' : 'pre-award';
    contractingProcesses.push(
      clean({
        id: ocidOf(o.ocidPrefix, streamId),
        summary: {
          ocid: ocidOf(o.ocidPrefix, streamId),
          title: str(tender['title']),
          description: str(tender['description']),
          status: contractStatus,
          nature: ['construction'],
          tender: clean({
            procurementMethod: str(tender['procurementMethod']),
            procurementMethodDetails: str(tender['procurementMethodDetails']),
            costEstimate: obj(tender['value']),
            tenderers: Array.isArray(tender['tenderers']) ? tender['tenderers'] : undefined,
          }),
          suppliers: suppliers.length ? suppliers : undefined,
          contractValue: contract ? obj(contract['value']) : awards[0] ? obj(awards[0]['value']) : undefined,
          contractPeriod: contract ? obj(contract['period']) : undefined,
        },
        releases: releases.map((r) => ({ id: r['id'], tag: r['tag'], date: r['date'], url: `${o.baseUrl}/v1/public/exports/ocds/releases.json#${r['id'] as string}` })),
      }) as Obj,
    );
  }

  if (!doc['title'] && approvals.length === 0 && contractingProcesses.length === 0 && inspections.length === 0 && expropriation.size === 0) return undefined;
  doc['title'] ??= project.name ?? undefined;
  doc['updated'] = updated;
  doc['status'] = status;
  doc['parties'] = [...parties.values()];
  doc['documents'] = documents;
  doc['contractingProcesses'] = contractingProcesses;
  doc['completion'] = completion;
  doc['modifications'] = modifications;
  doc['approvals'] = approvals;
  doc['inspections'] = inspections;
  doc['landExpropriation'] = [...expropriation.values()];
  return clean(doc) as JsonMap;
}
