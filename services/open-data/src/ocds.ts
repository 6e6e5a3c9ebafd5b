// OCDS 1.1.5 releases from the public read model: one contracting process per stream (a tender, a
// government procurement, a land use rights grant, a mining rights grant, a state property
// transfer), one release per published event with the tag of the stage it changes; a correction
// (DisclosureCorrected) becomes a release re-stating the corrected stage, tagged as an amendment or
// update, with an Amendment object naming the release it amends. Retracted items are left out, as
// the public API leaves them out. Only the public view of each event (masked at projection time) is
// used: nothing here ever sees clear-text personal data.
import type { RecordState, VersionState } from '@gongkai/read-store';
import type { JsonMap } from './merge.ts';

type Obj = Record<string, unknown>;

export const OCDS_VERSION = '1.1';
export const DEFAULT_OCID_PREFIX = 'ocds-gkcn01';

/** Stream kinds that are OCDS contracting processes. */
export const PROCESS_STREAM_PREFIXES = [
  'tender-',
  'allocation-procurement-',
  'allocation-land-use-rights-',
  'allocation-mining-rights-',
  'allocation-state-property-',
] as const;
export const ALLOCATION_PROCESS_KINDS = ['procurement', 'land-use-rights', 'mining-rights', 'state-property'] as const;

export function isProcessStream(streamId: string): boolean {
  return PROCESS_STREAM_PREFIXES.some((p) => streamId.startsWith(p));
}

export function ocidOf(prefix: string, streamId: string): string {
  return `${prefix}-${streamId}`;
}

const OCID_PREFIX_RE = /^ocds-[a-z0-9]{6}$/;
export function checkOcidPrefix(prefix: string): string {
  if (!OCID_PREFIX_RE.test(prefix)) throw new RangeError(`an ocid prefix is "ocds-" and six lower-case letters or digits, not ${JSON.stringify(prefix)}`);
  return prefix;
}

// ------------------------------------------------------------------------------ small mappers

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** A calendar date (China) as an OCDS date-time; instants pass through. */
export function dateTime(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00+08:00`;
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return s;
  return undefined;
}

const money = (amount: unknown): Obj | undefined => (num(amount) === undefined ? undefined : { amount: num(amount), currency: 'CNY' });

/** Drops undefined members and empty objects/arrays (OCDS: do not publish empty values). */
export function clean<T>(v: T): T | undefined {
  if (Array.isArray(v)) {
    const a = v.map((x) => clean(x)).filter((x) => x !== undefined);
    return (a.length ? a : undefined) as T | undefined;
  }
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v as Obj)) {
      const c = clean(x);
      if (c !== undefined) out[k] = c;
    }
    return (Object.keys(out).length ? out : undefined) as T | undefined;
  }
  if (v === undefined || v === null || v === '') return undefined;
  return v;
}

/** Organisation id: the 统一社会信用代码 when published, else a stable id from the name. */
export function partyId(org: Obj): string | undefined {
  const code = str(org['creditCode']);
  if (code) return `CN-USCC-${code}`;
  const name = str(org['name']);
  return name ? `name-${name}` : undefined;
}

class Parties {
  private readonly byId = new Map<string, Obj>();
  /** Adds the organisation in these roles; returns its OrganizationReference. */
  add(org: unknown, ...roles: string[]): Obj | undefined {
    const o = obj(org);
    if (!o) return undefined;
    const id = partyId(o);
    const name = str(o['name']);
    if (!id || !name) return undefined;
    const existing = this.byId.get(id);
    if (existing) {
      const r = existing['roles'] as string[];
      for (const role of roles) if (!r.includes(role)) r.push(role);
    } else {
      const code = str(o['creditCode']);
      const address = str(o['address']);
      const contactName = str(o['contactPerson']);
      const phone = str(o['phone']);
      this.byId.set(id, {
        id,
        name,
        ...(code ? { identifier: { id: code, legalName: name } } : {}),
        ...(address ? { address: { streetAddress: address, countryName: '中国' } } : {}),
        ...(contactName || phone ? { contactPoint: clean({ name: contactName, telephone: phone }) } : {}),
        roles: [...roles],
      });
    }
    return { id, name };
  }
  list(): Obj[] {
    return [...this.byId.values()];
  }
}

// ------------------------------------------------------------------------------ per event type

type Stage = 'planning' | 'tender' | 'award' | 'contract' | 'implementation';

interface Mapped {
  stage: Stage;
  /** set when this release is the stage's first ('tender') vs. a later one ('tenderUpdate') */
  body: Obj;
}

/** Process-wide facts a later event needs (the contract id for performance reports …). */
interface ProcessContext {
  processId: string;
  contractId?: string;
  awardId?: string;
}

const PROCUREMENT_METHODS: Record<string, string> = {
  'open-tender': 'open',
  'invited-tender': 'selective',
  'competitive-negotiation': 'limited',
  'competitive-consultation': 'limited',
  consultation: 'limited',
  inquiry: 'limited',
  'single-source': 'direct',
  'framework-agreement': 'open',
};

function complaint(p: Obj, parties: Parties): Obj {
  parties.add(p['complainant'], 'interestedParty');
  parties.add(p['authority'], 'reviewBody');
  return {
    documents: [
      {
        id: `complaint-${str(p['complaintNumber']) ?? str(p['decisionNumber']) ?? 'decision'}`,
        documentType: 'complaints',
        title: str(p['decisionNumber']) ?? str(p['complaintNumber']),
        description: clean([str(p['decision']), str(p['reasons'])].filter(Boolean).join('：')),
        datePublished: dateTime(p['decisionDate']),
      },
    ],
  };
}

type Mapper = (p: Obj, parties: Parties, ctx: ProcessContext) => Mapped;

/**
 * The result of a grant or transfer (土地出让, 矿业权出让, 产权交易): the tender completes and the
 * transferee is awarded at the transaction price.
 */
function transferResult(p: Obj, parties: Parties, ctx: ProcessContext, title?: string): Mapped {
  const supplier = parties.add(p['transferee'], 'supplier');
  ctx.awardId = `${ctx.processId}-award`;
  return {
    stage: 'award',
    body: {
      tender: { id: ctx.processId, status: 'complete' },
      awards: [{ id: ctx.awardId, ...(title !== undefined ? { title } : {}), status: 'active', date: dateTime(p['transactionDate']), value: money(p['price']), suppliers: supplier ? [supplier] : undefined }],
    },
  };
}

const MAPPERS: Record<string, Mapper> = {
  // ---------------------------------------------------------------- 工程建设项目招标投标
  PrequalificationNoticePublished: (p, parties, ctx) => {
    const buyer = parties.add(p['tenderee'], 'buyer', 'procuringEntity');
    const agent = parties.add(p['agent'], 'procuringEntity');
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: str(p['tenderName']),
          description: str(p['content']),
          status: 'active',
          procuringEntity: agent ?? buyer,
          procurementMethod: 'selective',
          procurementMethodDetails: '资格预审',
          mainProcurementCategory: 'works',
          value: money(p['controlPrice']),
          eligibilityCriteria: str(p['qualificationRequirements']),
          submissionMethodDetails: str(p['submissionMethod']),
          tenderPeriod: { startDate: dateTime(p['documentsAvailableFrom']), endDate: dateTime(p['applicationDeadline']) },
          documents: [{ id: 'prequalification-notice', documentType: 'tenderNotice', title: str(p['tenderName']), url: str(p['platformUrl']), datePublished: dateTime(p['noticeDate']) }],
        },
      },
    };
  },
  TenderNoticePublished: (p, parties, ctx) => {
    const buyer = parties.add(p['tenderee'], 'buyer', 'procuringEntity');
    const agent = parties.add(p['agent'], 'procuringEntity');
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: str(p['tenderName']),
          description: str(p['content']),
          status: 'active',
          procuringEntity: agent ?? buyer,
          procurementMethod: 'open',
          mainProcurementCategory: 'works',
          value: money(p['controlPrice']),
          eligibilityCriteria: str(p['qualificationRequirements']),
          submissionMethodDetails: str(p['submissionMethod']),
          tenderPeriod: { startDate: dateTime(p['documentsAvailableFrom']), endDate: dateTime(p['submissionDeadline']) },
          documents: [{ id: 'tender-notice', documentType: 'tenderNotice', title: str(p['tenderName']), url: str(p['platformUrl']), datePublished: dateTime(p['noticeDate']) }],
        },
      },
    };
  },
  CandidatesPublicized: (p, parties, ctx) => {
    const candidates = Array.isArray(p['candidates']) ? (p['candidates'] as Obj[]) : [];
    const tenderers = candidates.map((c) => parties.add(c, 'tenderer')).filter(Boolean);
    return {
      stage: 'tender',
      body: {
        tender: {
          id: ctx.processId,
          tenderers,
          awardPeriod: { startDate: dateTime(p['publicityStart']), endDate: dateTime(p['publicityEnd']) },
          documents: [
            {
              id: 'candidates',
              documentType: 'evaluationReports',
              title: '中标候选人公示',
              description: clean(
                [str(p['evaluationSummary']), ...candidates.map((c) => `第${num(c['rank']) ?? ''}名 ${str(c['name']) ?? ''} 投标报价 ${num(c['bidPrice']) ?? ''} 元`)].filter(Boolean).join('\n'),
              ),
              datePublished: dateTime(p['publicityStart']),
            },
          ],
        },
      },
    };
  },
  ComplaintDecided: (p, parties, ctx) => ({ stage: 'tender', body: { tender: { id: ctx.processId, ...complaint(p, parties) } } }),
  AwardPublicized: (p, parties, ctx) => {
    const supplier = parties.add(p['winner'], 'supplier', 'tenderer');
    ctx.awardId = `${ctx.processId}-award`;
    return {
      stage: 'award',
      body: {
        tender: { id: ctx.processId, status: 'complete' },
        awards: [
          {
            id: ctx.awardId,
            title: str(p['tenderName']),
            status: 'active',
            date: dateTime(p['awardDate']),
            value: money(p['winningPrice']),
            suppliers: supplier ? [supplier] : undefined,
            description: str(p['duration']) ? `工期：${str(p['duration'])}` : undefined,
            documents: [{ id: 'award-notice', documentType: 'awardNotice', datePublished: dateTime(p['noticeDate']) }],
          },
        ],
      },
    };
  },
  ContractSigned: (p, parties, ctx) => {
    parties.add(p['contractor'], 'supplier');
    ctx.contractId = str(p['contractNumber']) ?? `${ctx.processId}-contract`;
    return {
      stage: 'contract',
      body: {
        contracts: [
          {
            id: ctx.contractId,
            awardID: ctx.awardId ?? `${ctx.processId}-award`,
            title: str(p['tenderName']),
            status: 'active',
            value: money(p['contractAmount']),
            dateSigned: dateTime(p['signedDate']),
            period: { startDate: dateTime(p['plannedStartDate']), endDate: dateTime(p['plannedCompletionDate']) },
            description: str(p['duration']) ? `工期：${str(p['duration'])}` : undefined,
          },
        ],
      },
    };
  },
  ContractPerformanceReported: (p, _parties, ctx) => ({
    stage: 'implementation',
    body: {
      contracts: [
        {
          id: ctx.contractId ?? `${ctx.processId}-contract`,
          awardID: ctx.awardId ?? `${ctx.processId}-award`,
          implementation: {
            documents: [
              {
                id: `performance-${str(p['reportDate']) ?? ''}`,
                documentType: 'physicalProgressReport',
                title: str(p['period']),
                description: clean(
                  [str(p['performance']), num(p['amountPaid']) !== undefined ? `累计支付 ${num(p['amountPaid'])} 元` : undefined, num(p['completionPercent']) !== undefined ? `完成 ${num(p['completionPercent'])}%` : undefined]
                    .filter(Boolean)
                    .join('；'),
                ),
                datePublished: dateTime(p['reportDate']),
              },
            ],
          },
        },
      ],
    },
  }),

  // ---------------------------------------------------------------- 政府采购
  ProcurementIntentionPublished: (p, parties, ctx) => {
    const buyer = parties.add(p['purchaser'], 'buyer');
    parties.add(p['agent'], 'procuringEntity');
    return {
      stage: 'planning',
      body: {
        buyer,
        planning: { rationale: str(p['demandSummary']), budget: { description: str(p['demandSummary']), amount: money(p['budget']) } },
        tender: { id: ctx.processId, title: str(p['projectName']), status: 'planned', tenderPeriod: { startDate: dateTime(p['expectedStartDate']) } },
      },
    };
  },
  ProcurementNoticePublished: (p, parties, ctx) => {
    const buyer = parties.add(p['purchaser'], 'buyer');
    const agent = parties.add(p['agent'], 'procuringEntity');
    const method = str(p['method']);
    return {
      stage: 'tender',
      body: {
        buyer,
        planning: { budget: { amount: money(p['budget']) } },
        tender: {
          id: ctx.processId,
          title: str(p['projectName']),
          description: str(p['demand']),
          status: 'active',
          procuringEntity: agent ?? buyer,
          procurementMethod: (method && PROCUREMENT_METHODS[method]) ?? 'open',
          procurementMethodDetails: method,
          value: money(p['maxPrice'] ?? p['budget']),
          eligibilityCriteria: str(p['supplierQualifications']),
          tenderPeriod: { startDate: dateTime(p['documentsAvailableFrom']), endDate: dateTime(p['submissionDeadline']) },
          documents: [{ id: 'procurement-notice', documentType: 'tenderNotice', datePublished: dateTime(p['noticeDate']) }],
        },
      },
    };
  },
  ProcurementSingleSourcePublicized: (p, parties, ctx) => {
    const buyer = parties.add(p['purchaser'], 'buyer');
    const agent = parties.add(p['agent'], 'procuringEntity');
    const supplier = parties.add(p['supplier'], 'tenderer');
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: str(p['projectName']),
          status: 'active',
          procuringEntity: agent ?? buyer,
          procurementMethod: 'direct',
          procurementMethodDetails: 'single-source',
          procurementMethodRationale: str(p['reasons']),
          value: money(p['budget']),
          tenderers: supplier ? [supplier] : undefined,
          tenderPeriod: { startDate: dateTime(p['publicityStart']), endDate: dateTime(p['publicityEnd']) },
        },
      },
    };
  },
  ProcurementResultPublished: (p, parties, ctx) => {
    const suppliers = (Array.isArray(p['suppliers']) ? (p['suppliers'] as Obj[]) : []).map((s) => parties.add(s, 'supplier')).filter(Boolean);
    const amounts = (Array.isArray(p['suppliers']) ? (p['suppliers'] as Obj[]) : []).map((s) => num(s['amount'])).filter((x): x is number => x !== undefined);
    const items = Array.isArray(p['items']) ? (p['items'] as Obj[]) : [];
    ctx.awardId = `${ctx.processId}-award`;
    return {
      stage: 'award',
      body: {
        tender: { id: ctx.processId, status: 'complete' },
        awards: [
          {
            id: ctx.awardId,
            title: str(p['projectName']),
            status: 'active',
            date: dateTime(p['determinedDate']),
            value: amounts.length ? money(Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100) : undefined,
            suppliers,
            items: items.map((it, i) => ({
              id: String(i + 1),
              description: clean([str(it['name']), str(it['specification']), str(it['quantity']), str(it['serviceRequirements'])].filter(Boolean).join(' ')),
              unit: num(it['unitPrice']) !== undefined ? { value: money(it['unitPrice']) } : undefined,
            })),
            documents: [{ id: 'result-notice', documentType: 'awardNotice', datePublished: dateTime(p['noticeDate']) }],
          },
        ],
      },
    };
  },
  ProcurementContractPublished: (p, parties, ctx) => {
    parties.add(p['supplier'], 'supplier');
    ctx.contractId = str(p['contractNumber']) ?? `${ctx.processId}-contract`;
    return {
      stage: 'contract',
      body: {
        contracts: [
          {
            id: ctx.contractId,
            awardID: ctx.awardId ?? `${ctx.processId}-award`,
            title: str(p['contractSubject']),
            description: str(p['performancePeriod']),
            status: 'active',
            value: money(p['contractAmount']),
            dateSigned: dateTime(p['signedDate']),
          },
        ],
      },
    };
  },
  ProcurementAcceptancePublished: (p, _parties, ctx) => ({
    stage: 'implementation',
    body: {
      contracts: [
        {
          id: str(p['contractNumber']) ?? ctx.contractId ?? `${ctx.processId}-contract`,
          awardID: ctx.awardId ?? `${ctx.processId}-award`,
          implementation: {
            documents: [{ id: 'acceptance', documentType: 'completionCertificate', title: str(p['result']), description: str(p['summary']), datePublished: dateTime(p['acceptanceDate']) }],
          },
        },
      ],
    },
  }),
  ProcurementComplaintDecided: (p, parties, ctx) => ({ stage: 'tender', body: { tender: { id: ctx.processId, ...complaint(p, parties) } } }),

  // ---------------------------------------------------------------- 土地使用权出让
  LandSupplyPlanPublished: (p, _parties, ctx) => ({
    stage: 'planning',
    body: {
      planning: {
        rationale: clean(
          [
            `${num(p['year']) ?? ''}年度国有建设用地供应计划，总面积 ${num(p['totalArea']) ?? ''} 平方米`,
            ...(Array.isArray(p['structure']) ? (p['structure'] as Obj[]).map((s) => `${str(s['use']) ?? ''} ${num(s['area']) ?? ''} 平方米`) : []),
            str(p['timing']),
          ]
            .filter(Boolean)
            .join('；'),
        ),
      },
      tender: { id: ctx.processId, status: 'planning' },
    },
  }),
  LandGrantNoticePublished: (p, parties, ctx) => {
    const buyer = parties.add(p['grantor'], 'buyer', 'procuringEntity');
    const parcel = obj(p['parcel']) ?? {};
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: clean(`${str(parcel['parcelNumber']) ?? ''} ${str(parcel['location']) ?? ''}`.trim()),
          status: 'active',
          procuringEntity: buyer,
          procurementMethod: 'open',
          procurementMethodDetails: str(p['method']),
          value: money(p['startingPrice']),
          eligibilityCriteria: str(p['bidderRequirements']),
          tenderPeriod: { startDate: dateTime(p['biddingStart']), endDate: dateTime(p['biddingEnd']) },
          items: [
            {
              id: str(parcel['parcelNumber']) ?? '1',
              description: clean([str(parcel['location']), str(parcel['use']), str(parcel['plotRatio']), num(parcel['termYears']) !== undefined ? `出让年限${num(parcel['termYears'])}年` : undefined].filter(Boolean).join('；')),
              quantity: num(parcel['area']),
              unit: { name: '平方米' },
            },
          ],
          documents: [{ id: 'grant-notice', documentType: 'tenderNotice', datePublished: dateTime(p['noticeDate']) }],
        },
      },
    };
  },
  LandGrantResultPublished: (p, parties, ctx) => transferResult(p, parties, ctx),
  LandGrantContractSigned: (p, parties, ctx) => {
    parties.add(p['transferee'], 'supplier');
    ctx.contractId = str(p['contractNumber']) ?? `${ctx.processId}-contract`;
    return {
      stage: 'contract',
      body: {
        contracts: [
          {
            id: ctx.contractId,
            awardID: ctx.awardId ?? `${ctx.processId}-award`,
            title: str(p['parcelNumber']),
            status: 'active',
            value: money(p['price']),
            dateSigned: dateTime(p['signedDate']),
            period: { startDate: dateTime(p['agreedStartDate']), endDate: dateTime(p['agreedCompletionDate']) },
          },
        ],
      },
    };
  },

  // ---------------------------------------------------------------- 矿业权出让
  MiningGrantNoticePublished: (p, parties, ctx) => {
    const buyer = parties.add(p['grantor'], 'buyer', 'procuringEntity');
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: str(p['areaName']),
          description: str(p['mineral']),
          status: 'active',
          procuringEntity: buyer,
          procurementMethod: 'open',
          procurementMethodDetails: str(p['method']),
          value: money(p['startingPrice']),
          tenderPeriod: { startDate: dateTime(p['biddingStart']), endDate: dateTime(p['biddingEnd']) },
          items: [{ id: '1', description: clean([str(p['rightType']), str(p['mineral'])].filter(Boolean).join('；')), quantity: num(p['areaKm2']), unit: { name: '平方千米' } }],
          documents: [{ id: 'grant-notice', documentType: 'tenderNotice', datePublished: dateTime(p['noticeDate']) }],
        },
      },
    };
  },
  MiningGrantResultPublished: (p, parties, ctx) => transferResult(p, parties, ctx),
  MiningRightLicensed: (p, parties, ctx) => {
    parties.add(p['holder'], 'supplier');
    parties.add(p['issuingAuthority'], 'buyer');
    ctx.contractId = str(p['licenceNumber']) ?? `${ctx.processId}-licence`;
    return {
      stage: 'contract',
      body: {
        contracts: [
          {
            id: ctx.contractId,
            awardID: ctx.awardId ?? `${ctx.processId}-award`,
            title: str(p['mineName']),
            status: 'active',
            dateSigned: dateTime(p['issuedDate']),
            period: { startDate: dateTime(p['validFrom']), endDate: dateTime(p['validUntil']) },
          },
        ],
      },
    };
  },

  // ---------------------------------------------------------------- 国有产权转让
  StatePropertyTransferDisclosed: (p, parties, ctx) => {
    const buyer = parties.add(p['transferor'], 'buyer');
    const exchange = parties.add(p['exchange'], 'procuringEntity');
    return {
      stage: 'tender',
      body: {
        buyer,
        tender: {
          id: ctx.processId,
          title: str(p['target']),
          description: str(p['approval']),
          status: 'active',
          procuringEntity: exchange ?? buyer,
          procurementMethod: 'open',
          value: money(p['reservePrice']),
          eligibilityCriteria: str(p['transfereeRequirements']),
          tenderPeriod: { startDate: dateTime(p['publicityStart']), endDate: dateTime(p['publicityEnd']) },
        },
      },
    };
  },
  StatePropertyTransferResultPublicized: (p, parties, ctx) => transferResult(p, parties, ctx, str(p['target'])),
};

export const OCDS_MAPPED_TYPES: ReadonlySet<string> = new Set(Object.keys(MAPPERS));

const FIRST_TAG: Record<Stage, string> = { planning: 'planning', tender: 'tender', award: 'award', contract: 'contract', implementation: 'implementation' };
const UPDATE_TAG: Record<Stage, string> = { planning: 'planningUpdate', tender: 'tenderUpdate', award: 'awardUpdate', contract: 'contractUpdate', implementation: 'implementationUpdate' };
const AMEND_TAG: Record<Stage, string> = { planning: 'planningUpdate', tender: 'tenderAmendment', award: 'awardUpdate', contract: 'contractAmendment', implementation: 'implementationUpdate' };

export interface ReleaseOptions {
  ocidPrefix: string;
  /** only releases after this global position */
  afterPosition?: bigint;
  /** only releases recorded at or after this instant (ISO) */
  since?: string;
}

/** The public versions of a process stream, oldest first, as OCDS releases (every one, filtered after). */
export function releasesOfStream(streamId: string, records: readonly RecordState[], options: ReleaseOptions): JsonMap[] {
  const versions: VersionState[] = [];
  for (const r of records) if (r.streamId === streamId) for (const v of r.versions) if (v.audience === 'public') versions.push(v);
  versions.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0));
  const retracted = new Set<string>();
  for (const v of versions) if (v.amends?.kind === 'retraction') retracted.add(v.amends.target).add(v.eventId);

  const ocid = ocidOf(options.ocidPrefix, streamId);
  const ctx: ProcessContext = { processId: streamId };
  const seen = new Set<Stage>();
  const byEvent = new Map<string, { version: VersionState; view: Obj; stage: Stage; lastReleaseId: string }>();
  const out: JsonMap[] = [];
  for (const v of versions) {
    if (retracted.has(v.eventId)) continue;
    let view: Obj;
    let type: string;
    let amendment: Obj | undefined;
    if (v.amends?.kind === 'correction') {
      const target = byEvent.get(v.amends.target);
      if (!target) continue;
      view = { ...target.view, ...(v.amends.changes ?? {}) };
      type = target.version.type;
      target.view = view;
      amendment = clean({
        id: v.eventId,
        date: v.recordedAt,
        rationale: str((v.view as Obj)['reason']),
        description: `更正 ${Object.keys(v.amends.changes ?? {}).join('、')}`,
        // the release holding the values before this change: the original, or its latest correction
        amendsReleaseID: target.lastReleaseId,
        releaseID: v.eventId,
      });
      target.lastReleaseId = v.eventId;
    } else {
      view = v.view as Obj;
      type = v.type;
    }
    const mapper = MAPPERS[type];
    if (!mapper) continue;
    const parties = new Parties();
    const mapped = mapper(view, parties, ctx);
    if (!amendment) byEvent.set(v.eventId, { version: v, view, stage: mapped.stage, lastReleaseId: v.eventId });
    let tag: string;
    if (amendment) {
      tag = AMEND_TAG[mapped.stage];
      const body = mapped.body;
      if (mapped.stage === 'tender') (body['tender'] as Obj)['amendments'] = [amendment];
      else if (mapped.stage === 'award') for (const a of body['awards'] as Obj[]) a['amendments'] = [amendment];
      else if (mapped.stage === 'contract' || mapped.stage === 'implementation') for (const c of body['contracts'] as Obj[]) c['amendments'] = [amendment];
    } else tag = seen.has(mapped.stage) ? UPDATE_TAG[mapped.stage] : FIRST_TAG[mapped.stage];
    seen.add(mapped.stage);
    if (options.afterPosition !== undefined && BigInt(v.position) <= options.afterPosition) continue;
    if (options.since !== undefined && v.recordedAt < options.since) continue;
    const release = clean({
      ocid,
      id: v.eventId,
      date: v.recordedAt,
      tag: [tag],
      initiationType: 'tender',
      language: 'zh',
      parties: parties.list(),
      ...mapped.body,
    }) as JsonMap;
    out.push(release);
  }
  return out;
}
