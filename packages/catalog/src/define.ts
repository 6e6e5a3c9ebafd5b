// The shape of a catalog entry and `defineEvent`, which checks the declarations against the payload
// schema at compile time (paths must exist in the payload type) and derives the small helpers every
// consumer needs (stream id, region, project codes, record key) from the declarations.
//
// Everything an entry declares is data (JSON-serialisable), so the catalog document served at
// GET /v1/catalog is the same declaration the ingest service enforces.
import type { z } from 'zod';
import { regionOfProjectCode, isProjectCode, isRegionCode } from './identifiers.ts';
import { stringAt, valuesAt } from './paths.ts';
import type { AgencyRole, Audience, Bilingual, CategorySlug, Domain, SameAsTarget } from './vocabulary.ts';

// ---------------------------------------------------------------------------
// Paths of a payload type, e.g. 'projectCode' | 'households[].name' | 'party.name'.

type Prev = [never, 0, 1, 2, 3, 4];
type Join<K extends string, P extends string> = `${K}.${P}`;
type SubPaths<V, K extends string, D extends number> = [D] extends [never]
  ? never
  : V extends readonly (infer E)[]
    ? `${K}[]` | (E extends object ? Join<`${K}[]`, PathsOf<E, Prev[D]>> : never)
    : V extends object
      ? Join<K, PathsOf<V, Prev[D]>>
      : never;
/** Every dotted path into T (distributes over unions). */
export type PathsOf<T, D extends number = 4> = [D] extends [never]
  ? never
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { [K in keyof T & string]-?: K | SubPaths<NonNullable<T[K]>, K, D> }[keyof T & string]
      : never;

// ---------------------------------------------------------------------------
// Declarations

/** A test on one payload value. */
export type Condition<P extends string = string> =
  | { path: P; equals: string | number | boolean }
  | { path: P; in: readonly (string | number)[] };

export type StreamKind =
  | 'project'
  | 'guide'
  | 'tender'
  | 'expropriation'
  | 'penalty'
  | 'document'
  | 'blacklist'
  | 'request'
  | `allocation-${AllocationKind}`;

export const ALLOCATION_KINDS = {
  procurement: { zh: '政府采购', en: 'Government procurement', category: 'government-procurement' },
  'land-use-rights': { zh: '国有土地使用权出让', en: 'Land use rights grant', category: 'land-use-rights' },
  'mining-rights': { zh: '矿业权出让', en: 'Mining rights grant', category: 'mining-rights' },
  'state-property': { zh: '国有产权交易', en: 'State property transaction', category: 'state-property' },
  'affordable-housing': { zh: '保障性住房分配', en: 'Affordable housing allocation', category: 'affordable-housing' },
} as const satisfies Record<string, Bilingual & { category: CategorySlug }>;
export type AllocationKind = keyof typeof ALLOCATION_KINDS;

/** Stream ids: `{kind}-{id}`, e.g. project-2019-320500-48-01-512345, allocation-procurement-SZCG2025-0042. */
export const STREAM_ID_RE = /^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export type StreamDecl<P extends string = string> =
  /** `{kind}-{payload[idField]}` */
  | { kind: StreamKind; idField: P }
  /** amendments live in the stream of the event they amend */
  | { kind: SameAsTarget };

export type PersonalDataKind = 'name' | 'idNumber' | 'phone' | 'address' | 'amount' | 'bankAccount' | 'other';

export interface PersonalDataField<P extends string = string> {
  /** where the personal data is, e.g. `households[].name` */
  path: P;
  kind: PersonalDataKind;
  /** the id of the data subject it belongs to (the per-subject encryption key), e.g. `households[].householdId` */
  subject: P;
  /** only personal data when this holds (e.g. the penalty party is a natural person) */
  when?: Condition<P>;
}

/** A payload field readable by a narrower audience than the event (HearingHeld's 笔录: request only). */
export interface FieldAudience<P extends string = string> {
  path: P;
  audience: Audience;
}

export type DeadlineUnit = 'workday' | 'day' | 'realtime' | 'timely';

export interface DeadlineSpec<P extends string = string> {
  /** rule id from regulation.md §8 (OGI-26, XK-CF-7, GP-RESULT …) */
  rule: string;
  /** 0 for 'realtime'; for 'timely' the outer bound (see deadlines.ts) */
  duration: number;
  unit: DeadlineUnit;
  /** the payload date the clock starts from (the day itself is not counted) */
  from: P;
  /** applies only when this holds; the first matching spec of an entry wins */
  when?: Condition<P>;
}

export type WindowUnit = 'day' | 'workday' | 'year';

/**
 * A publicity period the notice carries. Periods are counted inclusively (公示期 2025-05-06 至
 * 2025-05-08 is 3 日), as publishing practice does.
 * - minimum: [start, end] must last at least `duration` (中标候选人公示 ≥ 3 日);
 * - maximum: [start, end] may last at most `duration`; the item leaves the public view after `end`;
 * - lead: `end` (the event announced) must come at least `duration` after `start` (the notice),
 *   the start day not counted (采购意向 ≥ 30 日 before 采购活动开始).
 */
export interface WindowSpec<P extends string = string> {
  kind: 'minimum' | 'maximum' | 'lead';
  rule: string;
  duration: number;
  unit: WindowUnit;
  startField: P;
  endField: P;
  title: Bilingual;
}

/** Who may post: `roles`, or by payload value (ApprovalDecided kind → approving department). */
export interface RoleCase<P extends string = string> {
  when: Condition<P>;
  roles: readonly AgencyRole[];
}

export type RegionDecl<P extends string = string> =
  | { projectCodeField: P }
  | { regionField: P }
  | SameAsTarget;

/**
 * How events group into disclosure records (one per 公开事项 instance), unique within the stream:
 * `{prefix}:{values of fields}`; amendments belong to the record of the event they amend.
 */
export type RecordKeyDecl<P extends string = string> = { prefix: string; fields: readonly P[] } | { amendsField: P };

/** What another event in the stream must look like. */
export interface EventMatcher {
  type: string | readonly string[];
  /** conditions on that event's payload */
  where?: readonly Condition[];
  /** that event's payload[path] must equal the candidate's payload[candidatePath] */
  sameAs?: readonly { path: string; candidatePath: string }[];
  /** that event's minimum window(s) must have closed before the candidate's date at this path */
  windowClosedBefore?: string;
}

export type LifecycleRule =
  /** some effective (not retracted) event in the stream must match `needs` */
  | {
      kind: 'requires';
      id: string;
      message: Bilingual;
      /** the rule only applies when the candidate's payload satisfies all of these */
      when?: readonly Condition[];
      /** … and the stream holds an event matching this */
      whenStream?: EventMatcher;
      needs: EventMatcher;
    }
  /** no other effective event of this type (with the same values at `sameAs` paths) in the stream */
  | { kind: 'once'; id: string; message: Bilingual; sameAs?: readonly string[] }
  /** built-in checks of amendments (see lifecycle.ts) */
  | {
      kind: 'amendment';
      id: string;
      message: Bilingual;
      check: 'target-exists' | 'target-type' | 'not-retracted' | 'same-agency' | 'changes-valid' | 'stream-key-unchanged';
    };

export interface StandardsMapping {
  /** OCDS release tag the event would produce (tender, award, contract, implementation, planning …) */
  ocdsTag?: string;
  /** OC4IDS section or milestone it feeds */
  oc4ids?: string;
}

// ---------------------------------------------------------------------------
// The entry

export interface EventDefinition<TType extends string, TSchema extends z.ZodType, P extends string> {
  type: TType;
  schemaVersion: number;
  title: Bilingual;
  domain: Domain | SameAsTarget;
  category: CategorySlug | SameAsTarget;
  /** 公开事项 */
  item: Bilingual;
  stream: StreamDecl<P>;
  payload: TSchema;
  roles: readonly AgencyRole[];
  rolesWhen?: readonly RoleCase<P>[];
  /**
   * Set on amendments (更正, 撤回): where the payload names its target, and for corrections the
   * field holding the corrected top-level fields. Roles, domain, category, audience, region and
   * personal data then follow the target type (see catalog.ts).
   */
  amends?: { targetField: P; targetTypeField: P; changesField?: P };
  audience: Audience | SameAsTarget;
  fieldAudiences?: readonly FieldAudience<P>[];
  personalData?: readonly PersonalDataField<P>[];
  /** the date the information was formed or changed; the envelope's occurredAt */
  formedDateField: P;
  deadlines?: readonly DeadlineSpec<P>[];
  windows?: readonly WindowSpec<P>[];
  lifecycle?: readonly LifecycleRule[];
  region: RegionDecl<P>;
  /** paths holding the project codes the event concerns (`[]` for arrays) */
  projectCodeFields?: readonly P[];
  recordKey: RecordKeyDecl<P>;
  standards?: StandardsMapping;
}

export type RecordKey = { kind: 'own'; key: string } | { kind: 'amends'; eventId: string };

export interface CatalogEntry<TType extends string = string, TSchema extends z.ZodType = z.ZodType>
  extends Readonly<EventDefinition<TType, TSchema, string>> {
  /** the stream id this payload belongs in, or null when it is not fixed by the payload (amendments) */
  streamIdFor(payload: unknown): string | null;
  /** GB/T 2260 region the event concerns, or undefined (amendments: the target's) */
  regionOf(payload: unknown): string | undefined;
  /** project codes the event concerns */
  projectCodes(payload: unknown): string[];
  recordKeyOf(payload: unknown): RecordKey | undefined;
}

export type PayloadOf<E> = E extends CatalogEntry<string, infer S> ? z.output<S> : never;

/** The stream-id prefix of a stream kind. */
export function streamPrefix(kind: StreamKind): string {
  return `${kind}-`;
}

export function defineEvent<const TType extends string, TSchema extends z.ZodType>(
  def: EventDefinition<TType, TSchema, NoInfer<PathsOf<z.output<TSchema>>>>,
): CatalogEntry<TType, TSchema> {
  const d = def as EventDefinition<TType, TSchema, string>;
  return Object.freeze({
    ...d,
    streamIdFor(payload: unknown): string | null {
      if (d.stream.kind === 'same-as-target' || !('idField' in d.stream)) return null;
      const id = stringAt(payload, d.stream.idField);
      return id === undefined ? null : `${d.stream.kind}-${id}`;
    },
    regionOf(payload: unknown): string | undefined {
      if (d.region === 'same-as-target') return undefined;
      if ('projectCodeField' in d.region) {
        const code = stringAt(payload, d.region.projectCodeField);
        return code !== undefined && isProjectCode(code) ? regionOfProjectCode(code) : undefined;
      }
      const region = stringAt(payload, d.region.regionField);
      return isRegionCode(region) ? region : undefined;
    },
    projectCodes(payload: unknown): string[] {
      const codes = (d.projectCodeFields ?? []).flatMap((path) => valuesAt(payload, path).map((v) => v.value));
      return [...new Set(codes.filter((c): c is string => typeof c === 'string'))];
    },
    recordKeyOf(payload: unknown): RecordKey | undefined {
      if ('amendsField' in d.recordKey) {
        const eventId = stringAt(payload, d.recordKey.amendsField);
        return eventId === undefined ? undefined : { kind: 'amends', eventId };
      }
      const parts: string[] = [];
      for (const field of d.recordKey.fields) {
        const v = valuesAt(payload, field)[0]?.value;
        if (typeof v !== 'string' && typeof v !== 'number') return undefined;
        parts.push(String(v));
      }
      return { kind: 'own', key: [d.recordKey.prefix, ...parts].join(':') };
    },
  });
}
