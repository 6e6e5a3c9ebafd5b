// 更正 and 撤回: new events that reference what they amend, with a reason; nothing is updated in
// place. They live in the stream of the event they amend, belong to its disclosure record and
// take its domain, category, audience and region. Personal data inside a correction's `changes`
// follows the target type's declarations with the paths prefixed by `changes.` (personalDataOf).
import { z } from 'zod';
import type { LifecycleRule } from '../define.ts';
import { defineEvent } from '../define.ts';
import { date, longText, text } from '../fields.ts';
import { AGENCY_ROLES } from '../vocabulary.ts';
import { ogi26 } from './shared.ts';

const targetRef = {
  targetEventId: z.uuid({ error: '应为事件ID（UUID）/ must be an event id (UUID)' }).meta({ title: '被更正（撤回）事件ID' }),
  targetType: text('被更正（撤回）事件类型', { max: 100 }),
};

function amendmentRule(check: Extract<LifecycleRule, { kind: 'amendment' }>['check'], id: string, zh: string, en: string): LifecycleRule {
  return { kind: 'amendment', check, id, message: { zh, en } };
}

const TARGET_RULES: LifecycleRule[] = [
  amendmentRule('target-exists', 'AMEND-TARGET-EXISTS', '被更正（撤回）的事件不在本流中', 'the target event is not in this stream'),
  amendmentRule('target-type', 'AMEND-TARGET-TYPE', '目标事件类型不符，或目标本身是更正、撤回', 'targetType does not match the target event, or the target is itself an amendment'),
  amendmentRule('not-retracted', 'AMEND-TARGET-RETRACTED', '目标事件已被撤回', 'the target event has already been retracted'),
  amendmentRule('same-agency', 'AMEND-SAME-AGENCY', '只有原发布机关可以更正或撤回', 'only the agency that posted the target may amend it'),
];

const common = {
  schemaVersion: 1,
  domain: 'same-as-target',
  category: 'same-as-target',
  stream: { kind: 'same-as-target' },
  // coarse: any agency role may amend its own posts; rolesFor() narrows to the target type's roles
  // and the lifecycle rule AMEND-SAME-AGENCY to the very agency that posted the target
  roles: AGENCY_ROLES,
  audience: 'same-as-target',
  region: 'same-as-target',
} as const;

export const DisclosureCorrected = defineEvent({
  ...common,
  type: 'DisclosureCorrected',
  title: { zh: '更正', en: 'Disclosure corrected' },
  item: { zh: '更正', en: 'Correction' },
  payload: z.strictObject({
    ...targetRef,
    // top-level fields of the target payload; arrays and objects are replaced whole
    changes: z
      .record(z.string(), z.unknown())
      .refine((c) => Object.keys(c).length > 0, { error: '更正内容不能为空 / changes must not be empty' })
      .meta({ title: '更正内容', description: '被更正事件载荷的顶层字段及其更正后的值（对象、数组整体替换）' }),
    reason: longText('更正理由'),
    discoveredDate: date('发现错误日期'),
  }),
  formedDateField: 'discoveredDate',
  deadlines: [ogi26('discoveredDate')],
  lifecycle: [
    ...TARGET_RULES,
    amendmentRule('stream-key-unchanged', 'AMEND-STREAM-KEY', '不能更正决定流归属的字段（如项目代码）', 'a correction may not change the field that names the stream (e.g. projectCode)'),
    amendmentRule('changes-valid', 'AMEND-CHANGES-INVALID', '更正内容不符合目标事件的格式', 'the changes do not validate against the target type'),
  ],
  amends: { targetField: 'targetEventId', targetTypeField: 'targetType', changesField: 'changes' },
  recordKey: { amendsField: 'targetEventId' },
  standards: { ocdsTag: '*Update' },
});

export const DisclosureRetracted = defineEvent({
  ...common,
  type: 'DisclosureRetracted',
  title: { zh: '撤回', en: 'Disclosure retracted' },
  item: { zh: '撤回', en: 'Retraction' },
  payload: z.strictObject({
    ...targetRef,
    reason: longText('撤回理由'),
    legalBasis: text('法律依据', { max: 1000 }),
    retractedDate: date('撤回日期'),
  }),
  formedDateField: 'retractedDate',
  lifecycle: TARGET_RULES,
  amends: { targetField: 'targetEventId', targetTypeField: 'targetType' },
  recordKey: { amendsField: 'targetEventId' },
  standards: { ocdsTag: '*Cancellation' },
});

export const amendmentEntries = [DisclosureCorrected, DisclosureRetracted] as const;
