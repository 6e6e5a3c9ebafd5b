// The words the catalog is written in: categories (what is disclosed), domains (which write
// service accepts it), roles (who may post it) and audiences (who may read it). Slugs are stable
// API identifiers; the Chinese names are what agencies and the public see.

export interface Bilingual {
  zh: string;
  en: string;
}

// ---------------------------------------------------------------------------
// Categories

export const CATEGORIES = {
  // the eight categories of 国办发〔2017〕94号 ...
  'approval-services': { zh: '批准服务', en: 'Approval services' },
  'approval-results': { zh: '批准结果', en: 'Approval results' },
  tendering: { zh: '招标投标', en: 'Tendering and bidding' },
  'land-expropriation': { zh: '征收土地', en: 'Land expropriation' },
  'design-changes': { zh: '重大设计变更', en: 'Major design changes' },
  construction: { zh: '施工有关', en: 'Construction' },
  'quality-safety': { zh: '质量安全监督', en: 'Quality and safety supervision' },
  completion: { zh: '竣工有关', en: 'Completion' },
  // ... plus 行政处罚 from the local (Suzhou) plan: "双公示"
  penalties: { zh: '行政处罚', en: 'Administrative penalties' },
  // public resource allocation (国办发〔2017〕97号), one per allocation kind
  'government-procurement': { zh: '政府采购', en: 'Government procurement' },
  'land-use-rights': { zh: '国有土地使用权出让', en: 'State-owned land use rights grants' },
  'mining-rights': { zh: '矿业权出让', en: 'Mining rights grants' },
  'state-property': { zh: '国有产权交易', en: 'State-owned property rights transactions' },
  'affordable-housing': { zh: '保障性住房分配', en: 'Affordable housing allocation' },
  // 97号 "黑名单": 骗取公共资源等不良行为, published by the managing department of each kind
  blacklist: { zh: '公共资源配置黑名单', en: 'Public resource allocation blacklist' },
  projects: { zh: '项目赋码', en: 'Project registration' },
  documents: { zh: '文件失效废止', en: 'Revoked and repealed documents' },
  // 依申请公开: the request streams (RequestSubmitted …, entries/requests.ts)
  requests: { zh: '依申请公开', en: 'Disclosure on request' },
} as const satisfies Record<string, Bilingual>;

export type CategorySlug = keyof typeof CATEGORIES;
export const CATEGORY_SLUGS = Object.keys(CATEGORIES) as CategorySlug[];

// ---------------------------------------------------------------------------
// Domains: the unit a write service is deployed for (`--domains tendering,land`).

export const DOMAINS = {
  projects: { zh: '项目', en: 'Projects' },
  approvals: { zh: '审批', en: 'Approvals' },
  tendering: { zh: '招标投标', en: 'Tendering' },
  land: { zh: '土地征收', en: 'Land expropriation' },
  construction: { zh: '施工与质量安全', en: 'Construction, quality and safety' },
  completion: { zh: '竣工', en: 'Completion' },
  enforcement: { zh: '执法', en: 'Enforcement' },
  allocation: { zh: '公共资源配置', en: 'Public resource allocation' },
  documents: { zh: '文件', en: 'Documents' },
  requests: { zh: '依申请公开', en: 'Disclosure on request' },
} as const satisfies Record<string, Bilingual>;

export type Domain = keyof typeof DOMAINS;
export const DOMAIN_SLUGS = Object.keys(DOMAINS) as Domain[];

// ---------------------------------------------------------------------------
// Roles

export const ROLES = {
  'development-reform': { zh: '发展改革部门', en: 'Development and reform' },
  'natural-resources': { zh: '自然资源和规划部门', en: 'Natural resources and planning' },
  'housing-construction': { zh: '住房和城乡建设部门', en: 'Housing and urban-rural construction' },
  'ecology-environment': { zh: '生态环境部门', en: 'Ecology and environment' },
  water: { zh: '水利（水务）部门', en: 'Water resources' },
  'trading-center': { zh: '公共资源交易中心', en: 'Public resource trading center' },
  finance: { zh: '财政部门', en: 'Finance' },
  'state-assets': { zh: '国有资产监督管理部门', en: 'State-owned assets supervision' },
  'housing-security': { zh: '住房保障部门', en: 'Housing security' },
  enforcement: { zh: '综合行政执法（行政监督）部门', en: 'Administrative enforcement and supervision' },
  'market-regulation': { zh: '市场监督管理部门', en: 'Market regulation' },
  auditor: { zh: '审计监督（只读）', en: 'Auditor (read-only)' },
  admin: { zh: '系统管理员', en: 'Administrator' },
} as const satisfies Record<string, Bilingual>;

export type Role = keyof typeof ROLES;

/** Roles that post disclosure events. */
export const AGENCY_ROLES = [
  'development-reform',
  'natural-resources',
  'housing-construction',
  'ecology-environment',
  'water',
  'trading-center',
  'finance',
  'state-assets',
  'housing-security',
  'enforcement',
  'market-regulation',
] as const satisfies readonly Role[];

export type AgencyRole = (typeof AGENCY_ROLES)[number];

/** Every role, including the non-posting ones (auditor reads and verifies, admin manages agencies). */
export const ALL_ROLES = [...AGENCY_ROLES, 'auditor', 'admin'] as const satisfies readonly Role[];

export function isAgencyRole(role: string): role is AgencyRole {
  return (AGENCY_ROLES as readonly string[]).includes(role);
}

// ---------------------------------------------------------------------------
// Audiences: the 公开对象 / 公开方式 columns of the standard catalogs.

export const AUDIENCES = {
  public: { zh: '全社会', en: 'Everyone' },
  group: { zh: '特定群体', en: 'Affected parties only' },
  request: { zh: '依申请', en: 'On request only' },
} as const satisfies Record<string, Bilingual>;

export type Audience = keyof typeof AUDIENCES;
export const AUDIENCE_SLUGS = Object.keys(AUDIENCES) as Audience[];

/** Amendment entries (更正, 撤回) take their domain, category and audience from the event they amend. */
export const SAME_AS_TARGET = 'same-as-target' as const;
export type SameAsTarget = typeof SAME_AS_TARGET;
