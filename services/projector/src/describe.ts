// Titles, summaries and search text of records and allocation processes, from their current values.
// The catalog declares no "title" field, so names are looked up in the fields that carry them across
// the catalog (项目名称, 招标项目名称, 案件名称 …); enum values are shown with the Chinese labels the
// catalog's JSON Schema carries (x-enum-labels).
import { entryJsonSchema, type CatalogEntry } from '@gongkai/catalog';
import { normalizeSearchText, type JsonObject } from '@gongkai/read-store';
import { stringField } from './access.ts';

const NAME_PATHS = [
  'projectName',
  'tenderName',
  'caseName',
  'documentTitle',
  'itemName',
  'estate',
  'target',
  'areaName',
  'mineName',
  'parcel.location',
  'parcelNumber',
] as const;

/** labelled enums that say which kind of item a record is (审批类型, 变更类型 …) */
const KIND_FIELDS = ['kind', 'changeKind', 'approvalKind', 'action', 'alteration', 'decision'] as const;

const IDENTIFIER_PATHS = [
  'documentNumber',
  'decisionNumber',
  'noticeNumber',
  'announcementNumber',
  'approvalDocumentNumber',
  'filingNumber',
  'licenceNumber',
  'contractNumber',
  'complaintNumber',
  'permitNumber',
  'certificateNumber',
  'registrationNumber',
  'hearingNumber',
  'applicationId',
  'inspectionId',
  'projectCode',
  'tenderId',
  'procurementId',
  'transactionId',
  'batchId',
  'penaltyId',
  'roundId',
  'itemCode',
] as const;

const TEXT_PATHS = [
  'summary',
  'newResult',
  'result',
  'progress',
  'changeContent',
  'demandSummary',
  'outcome',
  'measures',
  'auditConclusion',
  'conduct',
  'purpose',
  'scale',
  'scaleAndContent',
  'facts',
  'reasons',
  'schedule',
  'scope',
  'contractSubject',
] as const;

const NAME_OF_PARTY_PATHS = [
  'projectUnit.name',
  'approvingAuthority.name',
  'issuingAuthority.name',
  'handlingAuthority.name',
  'authority.name',
  'decidingAuthority.name',
  'winner.name',
  'contractor.name',
  'transferee.name',
  'transferor.name',
  'holder.name',
  'supplier.name',
  'suppliers[].name',
  'candidates[].name',
  'tenderee.name',
  'purchaser.name',
  'reviewAgency.name',
  'party.name',
  'complainant.name',
  'grantor.name',
] as const;

const enumLabels = new WeakMap<CatalogEntry, Map<string, Record<string, string>>>();

/** Chinese labels of a top-level labelled enum field of the entry's payload. */
export function labelsOf(entry: CatalogEntry, field: string): Record<string, string> | undefined {
  let byField = enumLabels.get(entry);
  if (!byField) {
    byField = new Map();
    const schema = entryJsonSchema(entry) as { properties?: Record<string, { 'x-enum-labels'?: Record<string, string> }> };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      if (prop && typeof prop === 'object' && prop['x-enum-labels']) byField.set(name, prop['x-enum-labels']);
    }
    enumLabels.set(entry, byField);
  }
  return byField.get(field);
}

function firstString(values: JsonObject, paths: readonly string[]): string | undefined {
  for (const p of paths) {
    const v = stringField(values, p);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 length ≥ character count
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const kindFields = new WeakMap<CatalogEntry, Array<[string, Record<string, string>]>>();

/** The kind label (e.g. 政府投资项目可行性研究报告审批) when the entry has one, else undefined. */
export function kindLabel(entry: CatalogEntry, values: JsonObject): string | undefined {
  let fields = kindFields.get(entry);
  if (!fields) {
    fields = [];
    for (const field of KIND_FIELDS) {
      const labels = labelsOf(entry, field);
      if (labels) fields.push([field, labels]);
    }
    kindFields.set(entry, fields);
  }
  for (const [field, labels] of fields) {
    const v = values[field];
    if (typeof v === 'string' && labels[v]) return labels[v];
  }
  return undefined;
}

export function nameOf(values: JsonObject): string | undefined {
  return firstString(values, NAME_PATHS);
}

/** ids that name what a stream is about, for titles of records without a name field */
const SUBJECT_ID_PATHS = ['batchId', 'roundId', 'planId', 'policyId', 'entryId', 'documentId', 'penaltyId', 'transactionId', 'procurementId', 'tenderId'] as const;

/**
 * `{name}：{what}` — what = the kind label (审批类型 …), else the item (公开事项) for records that
 * join several types (办理过程信息, 听证), else the type's title.
 */
interface Scan {
  name?: string;
  /** identifiers in IDENTIFIER_PATHS order */
  ids: string[];
  text?: { field: string; value: string };
  parties: string[];
}

const NAME_RANK = new Map<string, number>(NAME_PATHS.map((p, i) => [p.split('.')[0]!, i]));
const ID_RANK = new Map<string, number>(IDENTIFIER_PATHS.map((p, i) => [p, i]));
const TEXT_RANK = new Map<string, number>(TEXT_PATHS.map((p, i) => [p, i]));
const PARTY_KEYS = new Set(NAME_OF_PARTY_PATHS.map((p) => p.split('.')[0]!.replace('[]', '')));
/** every top-level key scan() looks at: one look-up for the keys it ignores */
const ROLES = new Map<string, { name?: number; id?: number; text?: number; party?: true }>();
for (const [k, n] of NAME_RANK) ROLES.set(k, { ...ROLES.get(k), name: n });
for (const [k, n] of ID_RANK) ROLES.set(k, { ...ROLES.get(k), id: n });
for (const [k, n] of TEXT_RANK) ROLES.set(k, { ...ROLES.get(k), text: n });
for (const k of PARTY_KEYS) ROLES.set(k, { ...ROLES.get(k), party: true });

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One pass over the top-level fields: names, identifiers, a text, party names. */
function scan(values: JsonObject): Scan {
  let nameRank = Infinity;
  let name: string | undefined;
  let textRank = Infinity;
  let text: Scan['text'];
  const ids: Array<[number, string]> = [];
  const parties: string[] = [];
  for (const key in values) {
    const role = ROLES.get(key);
    if (role === undefined) continue;
    const v = values[key];
    if (typeof v === 'string') {
      if (v === '') continue;
      const n = role.name;
      if (n !== undefined && n < nameRank && key !== 'parcel') {
        nameRank = n;
        name = v;
      }
      if (role.id !== undefined) ids.push([role.id, v]);
      const t = role.text;
      if (t !== undefined && t < textRank) {
        textRank = t;
        text = { field: key, value: v };
      }
    } else if (role.party || key === 'parcel') {
      if (key === 'parcel' && isObj(v) && typeof v['location'] === 'string') {
        const n = NAME_RANK.get('parcel')!;
        if (n < nameRank) {
          nameRank = n;
          name = v['location'];
        }
      }
      if (isObj(v)) {
        if (typeof v['name'] === 'string') parties.push(v['name']);
      } else if (Array.isArray(v)) {
        for (const e of v) if (isObj(e) && typeof e['name'] === 'string') parties.push(e['name']);
      }
    }
  }
  ids.sort((a, b) => a[0] - b[0]);
  return { ...(name !== undefined ? { name } : {}), ids: ids.map((x) => x[1]), ...(text ? { text } : {}), parties };
}

export interface RecordDescription {
  title: string;
  summary: string;
  searchText: string;
}

/**
 * Title, summary and search text of a record from its current values.
 * - title `{name}：{what}` — what = the kind label (审批类型 …), else the item (公开事项) for records
 *   that join several types (办理过程信息, 听证), else the type's title; without a name field the
 *   id that names the stream is shown instead (征收土地预公告（320506-2019-007）);
 * - summary: up to two document numbers and a short text (enum values as their Chinese labels);
 * - search text: title, summary, identifiers and party names, normalised (≤ 300 characters).
 */
export function describeRecord(entry: CatalogEntry, values: JsonObject | null, options: { retracted: boolean; types: number; searchable: boolean }): RecordDescription {
  if (options.retracted || values === null) return { title: `${entry.item.zh}（已撤回）`, summary: '', searchText: '' };
  const found = scan(values);
  const what = kindLabel(entry, values) ?? (options.types > 1 ? entry.item.zh : entry.title.zh);
  let title: string;
  if (found.name !== undefined) title = clip(`${found.name}：${what}`, 120);
  else {
    const id = firstString(values, SUBJECT_ID_PATHS);
    title = clip(id ? `${what}（${id}）` : what, 120);
  }
  if (!options.searchable) return { title, summary: '', searchText: '' };
  const summaryIds = idsForSummary(values);
  const summaryParts = [...summaryIds];
  if (found.text) summaryParts.push(clip(labelsOf(entry, found.text.field)?.[found.text.value] ?? found.text.value, 80));
  const summary = summaryParts.join(' · ');
  const search = [title, summary, ...found.ids, ...found.parties];
  return { title, summary, searchText: clip(normalizeSearchText([...new Set(search)].join(' ')), 300) };
}

/** Up to two document numbers (the first 13 identifier fields are document numbers). */
function idsForSummary(values: JsonObject): string[] {
  const out: string[] = [];
  for (let i = 0; i < 13 && out.length < 2; i++) {
    const v = values[IDENTIFIER_PATHS[i]!];
    if (typeof v === 'string' && v !== '') out.push(v);
  }
  return out;
}

export function allocationTitle(entry: CatalogEntry, values: JsonObject): string {
  const name = nameOf(values);
  if (name) return clip(name, 120);
  const year = values['year'];
  if (typeof year === 'number') return `${year}年 ${entry.item.zh}`;
  return entry.item.zh;
}
