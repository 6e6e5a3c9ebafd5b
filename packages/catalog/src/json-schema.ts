// The body of GET /v1/catalog: every entry's declarations plus its payload as JSON Schema
// (draft 2020-12, Chinese field titles), so agencies can build and check their requests.
import { z } from 'zod';
import { catalog } from './catalog.ts';
import type { CatalogEntry, PersonalDataKind } from './define.ts';
import { ALLOCATION_KINDS, STREAM_ID_RE } from './define.ts';
import { AGENCY_ROLES, AUDIENCES, CATEGORIES, DOMAINS, ROLES } from './vocabulary.ts';

const PERSONAL_DATA_KINDS: Record<PersonalDataKind, { zh: string; en: string; publicMask: string }> = {
  name: { zh: '姓名', en: 'Name', publicMask: '张*明 (first and last character kept)' },
  idNumber: { zh: '身份证号码', en: 'ID number', publicMask: '320***********1234 (first 3, last 4 kept)' },
  phone: { zh: '电话号码', en: 'Phone', publicMask: '138****1234' },
  address: { zh: '住址', en: 'Address', publicMask: 'to street (乡镇、街道) level' },
  amount: { zh: '个人金额', en: 'Personal amount', publicMask: 'omitted' },
  bankAccount: { zh: '银行账号', en: 'Bank account', publicMask: 'omitted' },
  other: { zh: '其他个人信息', en: 'Other personal data', publicMask: 'omitted' },
};

const DEADLINE_UNITS = {
  workday: { zh: '工作日', en: 'working days' },
  day: { zh: '日', en: 'calendar days' },
  realtime: { zh: '实时', en: 'same day' },
  timely: { zh: '及时（以20个工作日为限）', en: 'timely (20 working days outer bound)' },
};

export function entryJsonSchema(entry: CatalogEntry): Record<string, unknown> {
  return z.toJSONSchema(entry.payload, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

function describeEntry(entry: CatalogEntry) {
  const category =
    entry.category === 'same-as-target' ? entry.category : { slug: entry.category, ...CATEGORIES[entry.category] };
  return {
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    title: entry.title,
    domain: entry.domain,
    category,
    item: entry.item,
    stream:
      'idField' in entry.stream
        ? { kind: entry.stream.kind, idField: entry.stream.idField, pattern: `${entry.stream.kind}-{${entry.stream.idField}}` }
        : { kind: entry.stream.kind },
    roles: entry.roles,
    rolesWhen: entry.rolesWhen ?? [],
    amends: entry.amends ?? null,
    audience: entry.audience,
    fieldAudiences: entry.fieldAudiences ?? [],
    personalData: entry.personalData ?? [],
    formedDateField: entry.formedDateField,
    deadlines: entry.deadlines ?? [],
    windows: entry.windows ?? [],
    lifecycle: (entry.lifecycle ?? []).map((rule) => ({ ...rule })),
    region: entry.region,
    projectCodeFields: entry.projectCodeFields ?? [],
    recordKey: entry.recordKey,
    standards: entry.standards ?? {},
    jsonSchema: entryJsonSchema(entry),
  };
}

export type CatalogDocumentEntry = ReturnType<typeof describeEntry>;

export interface CatalogDocument {
  catalogVersion: string;
  streamIdPattern: string;
  conventions: Record<string, string>;
  vocabulary: {
    categories: Array<{ slug: string; zh: string; en: string }>;
    domains: Array<{ slug: string; zh: string; en: string }>;
    roles: Array<{ slug: string; zh: string; en: string; posts: boolean }>;
    audiences: Array<{ slug: string; zh: string; en: string }>;
    allocationKinds: Array<{ slug: string; zh: string; en: string; category: string }>;
    personalDataKinds: Array<{ slug: string; zh: string; en: string; publicMask: string }>;
    deadlineUnits: Array<{ slug: string; zh: string; en: string }>;
  };
  entries: CatalogDocumentEntry[];
}

const list = <T extends object>(record: Record<string, T>) => Object.entries(record).map(([slug, v]) => ({ slug, ...v }));

let cached: CatalogDocument | undefined;

/** The JSON-serialisable catalog document (computed once). */
export function catalogDocument(): CatalogDocument {
  cached ??= {
    catalogVersion: '1',
    streamIdPattern: STREAM_ID_RE.source,
    conventions: {
      keys: 'English camelCase; objects are strict (unknown keys are rejected) / 字段名为英文驼峰，不允许额外字段',
      dates: 'ISO YYYY-MM-DD, real calendar dates / 日期格式 YYYY-MM-DD',
      dateTimes: 'RFC 3339 with offset, e.g. 2025-04-08T09:30:00+08:00 / 时间须带时区',
      amounts: 'JSON numbers in 元 (yuan), at most two decimals / 金额单位为元，最多两位小数',
      areas: 'JSON numbers in 平方米 (m²) unless the title says otherwise / 面积单位为平方米',
      paths: 'dot-separated; [] marks every element of an array, e.g. households[].name',
      windows: 'publicity periods count both the start and the end day; lead times do not count the start day',
      deadlines: 'counted from the day after the `from` date; working days follow the State Council holiday notices',
    },
    vocabulary: {
      categories: list(CATEGORIES),
      domains: list(DOMAINS),
      roles: list(ROLES).map((r) => ({ ...r, posts: (AGENCY_ROLES as readonly string[]).includes(r.slug) })),
      audiences: list(AUDIENCES),
      allocationKinds: list(ALLOCATION_KINDS),
      personalDataKinds: list(PERSONAL_DATA_KINDS),
      deadlineUnits: list(DEADLINE_UNITS),
    },
    entries: catalog.map(describeEntry),
  };
  return cached;
}
