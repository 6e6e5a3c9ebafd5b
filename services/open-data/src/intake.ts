// OCDS intake: an agency that already publishes OCDS posts release packages of government
// procurement processes; each release becomes one catalog event through the ingest's one append path
// (AppendService: roles, jurisdiction, schema, lifecycle all apply). The releases of one ocid are
// compiled in date order by the OCDS merge rules, so a release that only states what changed is
// read against the process state compiled so far. Idempotent by release id: the event id is derived
// from (ocid, release id), so posting a package again appends nothing.
//
//   planning → ProcurementIntentionPublished     tender → ProcurementNoticePublished
//   award    → ProcurementResultPublished        contract → ProcurementContractPublished
//   *Update / *Amendment → DisclosureCorrected of the stage's earlier event (changed fields only)
import { createHash } from 'node:crypto';
import type { Principal } from '@gongkai/access';
import { chinaDate, validatePayload } from '@gongkai/catalog';
import type { EventStore } from '@gongkai/event-store';
import type { AppendService } from '@gongkai/ingest';
import { ProblemError, type Logger } from '@gongkai/platform';
import { CompiledRelease, MergeError, type JsonMap } from './merge.ts';
import { OCDS_1_1_5_RULES } from './merge-rules.ts';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') as Obj[] : []);

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_RELEASES = 1000;

/** A UUID v7-shaped event id derived from (ocid, release id): the idempotency key. */
export function intakeEventId(ocid: string, releaseId: string): string {
  const h = createHash('sha256').update(`ocds-intake\0${ocid}\0${releaseId}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const METHOD_FROM_OCDS: Record<string, string> = { open: 'open-tender', selective: 'invited-tender', limited: 'competitive-negotiation' };
const STAGE_TYPE: Record<string, string> = {
  planning: 'ProcurementIntentionPublished',
  tender: 'ProcurementNoticePublished',
  award: 'ProcurementResultPublished',
  contract: 'ProcurementContractPublished',
};
const TAG_STAGE: Record<string, { stage: string; correction: boolean }> = {
  planning: { stage: 'planning', correction: false },
  planningUpdate: { stage: 'planning', correction: true },
  tender: { stage: 'tender', correction: false },
  tenderUpdate: { stage: 'tender', correction: true },
  tenderAmendment: { stage: 'tender', correction: true },
  award: { stage: 'award', correction: false },
  awardUpdate: { stage: 'award', correction: true },
  contract: { stage: 'contract', correction: false },
  contractUpdate: { stage: 'contract', correction: true },
  contractAmendment: { stage: 'contract', correction: true },
};

function day(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : chinaDate(new Date(t).toISOString());
}

function instant(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : undefined;
}

function drop(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function party(compiled: Obj, ref: unknown): Obj | undefined {
  const id = str(obj(ref)['id']);
  const p = arr(compiled['parties']).find((x) => str(x['id']) === id) ?? (ref ? obj(ref) : undefined);
  if (!p) return undefined;
  return drop({
    name: str(p['name']) ?? str(obj(p['identifier'])['legalName']),
    creditCode: str(obj(p['identifier'])['id']),
    address: str(obj(p['address'])['streetAddress']),
    contactPerson: str(obj(p['contactPoint'])['name']),
    phone: str(obj(p['contactPoint'])['telephone']),
    region: str(obj(p['address'])['region']),
  });
}

/** The catalog payload for a stage, from the compiled state of the process. */
function payloadFor(stage: string, c: Obj, procurementId: string, region: string, releaseDate: string): Obj {
  const tender = obj(c['tender']);
  const buyer = party(c, c['buyer']);
  const purchaser = buyer ? drop({ name: buyer['name'], creditCode: buyer['creditCode'], address: buyer['address'], contactPerson: buyer['contactPerson'], phone: buyer['phone'] }) : undefined;
  const base = { procurementId, projectName: str(tender['title']), region, purchaser };
  const budget = num(obj(obj(obj(c['planning'])['budget'])['amount'])['amount']);
  const method = METHOD_FROM_OCDS[str(tender['procurementMethod']) ?? ''] ?? (str(tender['procurementMethodDetails']) && ['open-tender', 'invited-tender', 'competitive-negotiation', 'competitive-consultation', 'inquiry'].includes(str(tender['procurementMethodDetails'])!) ? str(tender['procurementMethodDetails']) : undefined);
  const tenderPeriod = obj(tender['tenderPeriod']);
  switch (stage) {
    case 'planning':
      return drop({
        ...base,
        demandSummary: str(obj(c['planning'])['rationale']) ?? str(obj(obj(c['planning'])['budget'])['description']) ?? str(tender['description']),
        budget,
        expectedStartDate: day(tenderPeriod['startDate']),
        publishedDate: releaseDate,
      });
    case 'tender':
      return drop({
        ...base,
        method,
        demand: str(tender['description']),
        budget: budget ?? num(obj(tender['value'])['amount']),
        maxPrice: num(obj(tender['value'])['amount']),
        supplierQualifications: str(tender['eligibilityCriteria']),
        documentsAvailableFrom: day(tenderPeriod['startDate']),
        documentsAvailableUntil: day(obj(tender['enquiryPeriod'])['endDate']) ?? day(tenderPeriod['endDate']),
        submissionDeadline: instant(tenderPeriod['endDate']),
        noticeDate: releaseDate,
      });
    case 'award': {
      const awards = arr(c['awards']).filter((a) => str(a['status']) !== 'cancelled' && str(a['status']) !== 'unsuccessful');
      const suppliers = awards.flatMap((a) => {
        const list = arr(a['suppliers']);
        return list.map((s) => {
          const p = party(c, s) ?? {};
          return drop({ name: p['name'], creditCode: p['creditCode'], address: p['address'], amount: list.length === 1 ? num(obj(a['value'])['amount']) : undefined });
        });
      });
      const items = awards.flatMap((a) =>
        arr(a['items']).map((it) =>
          drop({
            name: str(it['description']) ?? str(obj(it['classification'])['description']),
            quantity: num(it['quantity']) !== undefined ? `${num(it['quantity'])}${str(obj(it['unit'])['name']) ?? ''}` : undefined,
            unitPrice: num(obj(obj(it['unit'])['value'])['amount']),
          }),
        ),
      );
      const dates = awards.map((a) => day(a['date'])).filter((d): d is string => Boolean(d)).sort();
      // 评审专家名单 (政府采购法实施条例 第43条) has no OCDS field: Gongkai reads awards[].evaluationExperts
      const experts = [...new Set(awards.flatMap((a) => (Array.isArray(a['evaluationExperts']) ? (a['evaluationExperts'] as unknown[]).filter((x): x is string => typeof x === 'string') : [])))];
      return drop({ ...base, method, suppliers, items, experts: experts.length ? experts : undefined, determinedDate: dates[dates.length - 1], noticeDate: releaseDate });
    }
    case 'contract': {
      const contract = arr(c['contracts']).at(-1) ?? {};
      const award = arr(c['awards']).find((a) => str(a['id']) === str(contract['awardID']));
      const supplier = award ? party(c, arr(award['suppliers'])[0]) : undefined;
      const period = obj(contract['period']);
      return drop({
        ...base,
        contractNumber: str(contract['id']),
        supplier: supplier ? drop({ name: supplier['name'], creditCode: supplier['creditCode'] }) : undefined,
        contractSubject: str(contract['title']) ?? str(contract['description']),
        contractAmount: num(obj(contract['value'])['amount']),
        performancePeriod: str(contract['description']) ?? (day(period['startDate']) || day(period['endDate']) ? `${day(period['startDate']) ?? ''} 至 ${day(period['endDate']) ?? ''}` : undefined),
        signedDate: day(contract['dateSigned']),
      });
    }
  }
  return {};
}

export interface IntakeResult {
  appended: number;
  duplicates: number;
  releases: Array<{ ocid: string; id: string; streamId: string; eventId: string; type: string }>;
}

interface Planned {
  /** already in the ledger (posted before): not appended again */
  known?: boolean;
  ocid: string;
  releaseId: string;
  streamId: string;
  eventId: string;
  type: string;
  payload: Obj;
}

/** Maps and checks a whole package first (nothing is written when any release cannot be mapped). */
/** What the ledger already holds of one stream: event ids, and each stage's event with its corrected payload. */
export interface StreamHistory {
  eventIds: ReadonlySet<string>;
  stages: ReadonlyMap<string, { eventId: string; type: string; payload: Obj }>;
}

export function historyOf(events: ReadonlyArray<{ eventId: string; type: string; payload: Obj }>): StreamHistory {
  const stageOfType = new Map(Object.entries(STAGE_TYPE).map(([stage, type]) => [type, stage]));
  const byId = new Map<string, { eventId: string; type: string; payload: Obj }>();
  const stages = new Map<string, { eventId: string; type: string; payload: Obj }>();
  for (const e of events) {
    const stage = stageOfType.get(e.type);
    if (stage) {
      const item = { eventId: e.eventId, type: e.type, payload: { ...e.payload } };
      byId.set(e.eventId, item);
      stages.set(stage, item);
    } else if (e.type === 'DisclosureCorrected') {
      const target = byId.get(String(e.payload['targetEventId']));
      if (target) target.payload = { ...target.payload, ...obj(e.payload['changes']) };
    }
  }
  return { eventIds: new Set(events.map((e) => e.eventId)), stages };
}

export function planIntake(pkg: unknown, principal: Principal, options: { ocidPrefix?: string; history?: (streamId: string) => StreamHistory | undefined } = {}): Planned[] {
  const p = obj(pkg);
  if (!Array.isArray(p['releases'])) throw new ProblemError('validation-failed', 'an OCDS release package has a `releases` array', { issues: [{ path: 'releases', message: 'required array' }] });
  const releases = p['releases'] as unknown[];
  if (releases.length === 0 || releases.length > MAX_RELEASES) throw new ProblemError('validation-failed', `a package holds 1 to ${MAX_RELEASES} releases`);
  const byOcid = new Map<string, JsonMap[]>();
  releases.forEach((r, i) => {
    const o = obj(r);
    const ocid = str(o['ocid']);
    const id = str(o['id']);
    const issues: string[] = [];
    if (!ocid) issues.push('ocid');
    if (!id || id.includes('#')) issues.push('id');
    if (!instant(o['date'])) issues.push('date');
    if (!Array.isArray(o['tag']) || o['tag'].length !== 1 || !TAG_STAGE[String(o['tag'][0])]) issues.push('tag');
    if (issues.length) throw new ProblemError('validation-failed', `release ${i}: ${issues.join(', ')} missing or not supported (tags: ${Object.keys(TAG_STAGE).join(', ')}; one tag per release)`, { issues: issues.map((x) => ({ path: `releases[${i}].${x}`, message: 'invalid' })) });
    const list = byOcid.get(ocid!) ?? [];
    list.push(o as JsonMap);
    byOcid.set(ocid!, list);
  });
  const out: Planned[] = [];
  for (const [ocid, list] of byOcid) {
    const procurementId = ocidTail(ocid, options.ocidPrefix);
    if (!ID_RE.test(procurementId)) throw new ProblemError('validation-failed', `the ocid ${ocid.slice(0, 140)} does not end in a usable process id ([A-Za-z0-9._-], ≤ 128)`);
    const streamId = `allocation-procurement-${procurementId}`;
    const compiled = new CompiledRelease({ rules: OCDS_1_1_5_RULES });
    const history = options.history?.(streamId);
    const stageEvent = new Map<string, { eventId: string; type: string; payload: Obj }>();
    for (const [stage, e] of history?.stages ?? []) stageEvent.set(stage, { ...e, payload: { ...e.payload } });
    let sorted: JsonMap[];
    try {
      sorted = [...list].sort((a, b) => ((a['date'] as string) < (b['date'] as string) ? -1 : (a['date'] as string) > (b['date'] as string) ? 1 : 0));
    } catch (err) {
      throw new ProblemError('validation-failed', err instanceof Error ? err.message : 'bad release');
    }
    for (const r of sorted) {
      try {
        compiled.append(r);
      } catch (err) {
        if (err instanceof MergeError) throw new ProblemError('validation-failed', `${ocid.slice(0, 140)}: ${err.message}`);
        throw err;
      }
      const state = compiled.asJson() as Obj;
      const tag = String((r['tag'] as string[])[0]);
      const { stage, correction } = TAG_STAGE[tag]!;
      const releaseDate = day(r['date'])!;
      const buyer = party(state, state['buyer']);
      const region = str(buyer?.['region']) && /^\d{6}$/.test(String(buyer?.['region'])) ? String(buyer!['region']) : principal.regions[0] ?? '100000';
      const payload = payloadFor(stage, state, procurementId, region, releaseDate);
      const eventId = intakeEventId(ocid, String(r['id']));
      const type = STAGE_TYPE[stage]!;
      if (history?.eventIds.has(eventId)) {
        out.push({ ocid, releaseId: String(r['id']), streamId, eventId, type: correction ? 'DisclosureCorrected' : type, payload: {}, known: true });
        continue;
      }
      const before = stageEvent.get(stage);
      if (correction && before) {
        const changes: Obj = {};
        for (const [k, v] of Object.entries(payload)) if (k !== 'procurementId' && JSON.stringify(before.payload[k]) !== JSON.stringify(v)) changes[k] = v;
        if (Object.keys(changes).length === 0) continue;
        const corrected = { targetEventId: before.eventId, targetType: before.type, changes, reason: str(arrLast(r, stage)?.['rationale']) ?? `OCDS ${tag} ${String(r['id']).slice(0, 100)}`, discoveredDate: releaseDate };
        out.push({ ocid, releaseId: String(r['id']), streamId, eventId, type: 'DisclosureCorrected', payload: corrected });
        before.payload = { ...before.payload, ...changes };
        continue;
      }
      const check = validatePayload(type, 1, payload);
      if (!check.ok)
        throw new ProblemError('validation-failed', `release ${String(r['id']).slice(0, 100)} (${tag}) of ${ocid.slice(0, 140)} lacks what ${type} needs`, { issues: check.issues });
      stageEvent.set(stage, { eventId, type, payload });
      out.push({ ocid, releaseId: String(r['id']), streamId, eventId, type, payload });
    }
  }
  return out;
}

function arrLast(release: JsonMap, stage: string): Obj | undefined {
  const section = stage === 'tender' ? arr(obj(release['tender'])['amendments']) : stage === 'award' ? arr(release['awards']).flatMap((a) => arr(a['amendments'])) : stage === 'contract' ? arr(release['contracts']).flatMap((c) => arr(c['amendments'])) : [];
  return section.at(-1);
}

function ocidTail(ocid: string, prefix?: string): string {
  if (prefix && ocid.startsWith(prefix + '-')) return ocid.slice(prefix.length + 1);
  const m = /^ocds-[A-Za-z0-9]{6}-(.+)$/.exec(ocid);
  return m ? m[1]! : ocid;
}

export async function intakeReleasePackage(
  appendService: AppendService,
  principal: Principal,
  pkg: unknown,
  options: { ocidPrefix?: string; logger?: Logger; store?: Pick<EventStore, 'readStream'> } = {},
): Promise<IntakeResult> {
  // what the ledger holds of the package's streams: releases posted before are skipped, and an
  // update may correct a stage posted in an earlier package
  const histories = new Map<string, StreamHistory>();
  if (options.store) {
    const p = obj(pkg);
    const ocids = new Set((Array.isArray(p['releases']) ? (p['releases'] as unknown[]) : []).map((r) => str(obj(r)['ocid'])).filter((x): x is string => Boolean(x)));
    for (const ocid of ocids) {
      const tail = ocidTail(ocid, options.ocidPrefix);
      if (!ID_RE.test(tail)) continue;
      const streamId = `allocation-procurement-${tail}`;
      const events = await options.store.readStream(streamId);
      histories.set(streamId, historyOf(events.map((e) => ({ eventId: e.eventId, type: e.type, payload: e.payload as Obj }))));
    }
  }
  const planned = planIntake(pkg, principal, { ...options, history: (id) => histories.get(id) });
  const byStream = new Map<string, Planned[]>();
  let appended = 0;
  let duplicates = 0;
  for (const p of planned) {
    if (p.known) duplicates++;
    else byStream.set(p.streamId, [...(byStream.get(p.streamId) ?? []), p]);
  }
  for (const [streamId, items] of byStream) {
    const view = await appendService.appendToStream(
      principal,
      streamId,
      items.map((i) => ({ eventId: i.eventId, type: i.type, schemaVersion: 1, payload: i.payload })),
      'any',
    );
    if (view.duplicate) duplicates += items.length;
    else appended += view.events.length;
  }
  options.logger?.info('ocds intake', { agency: principal.agencyId, releases: planned.length, appended, duplicates });
  return { appended, duplicates, releases: planned.map((p) => ({ ocid: p.ocid, id: p.releaseId, streamId: p.streamId, eventId: p.eventId, type: p.type })) };
}
