// Field schemas shared by the catalog entries, so that a 项目代码, a 文号 or an amount means the
// same thing (and validates the same way) in every event. Every field carries its Chinese label as
// the JSON Schema `title`.
//
// Payload conventions (also in packages/catalog/README.md):
// - keys are English camelCase; objects are strict (unknown keys are rejected);
// - dates are ISO `YYYY-MM-DD` strings that must be real calendar dates; instants (递交截止时间,
//   开标时间) are RFC 3339 date-times with an explicit offset, e.g. `2025-04-08T09:30:00+08:00`;
// - amounts are JSON numbers in 元 (yuan) with at most two decimals (分), never 万元;
// - areas are JSON numbers in 平方米 (m²);
// - ids that become part of a stream id are ASCII: `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`.
import { z } from 'zod';
import { creditCodeSchema, projectCodeSchema, regionCodeSchema, residentIdSchema } from './identifiers.ts';

const nonEmpty = { error: '不能为空 / must not be empty' };

export function text(title: string, options: { max?: number; description?: string } = {}) {
  const max = options.max ?? 500;
  return z
    .string()
    .min(1, nonEmpty)
    .max(max, { error: `不能超过${max}个字符 / at most ${max} characters` })
    .meta({ title, ...(options.description ? { description: options.description } : {}) });
}

/** Free text of document length (正文, 违法事实, 建设规模和内容 …). */
export function longText(title: string, description?: string) {
  return text(title, { max: 20_000, ...(description ? { description } : {}) });
}

export function textList(title: string, itemTitle: string, options: { max?: number } = {}) {
  return z.array(text(itemTitle, options)).min(1, { error: '至少一项 / at least one item' }).meta({ title });
}

export function date(title: string, description?: string) {
  return z.iso
    .date({ error: '应为真实存在的日期 YYYY-MM-DD / must be a real calendar date YYYY-MM-DD' })
    .meta({ title, ...(description ? { description } : {}) });
}

export function dateTime(title: string, description?: string) {
  return z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2025-04-08T09:30:00+08:00 / must be an ISO date-time with offset' })
    .meta({ title, ...(description ? { description } : {}) });
}

/** 元, at most two decimals; below 10 万亿元 so every value is exact in a double. */
export function amount(title: string, description?: string) {
  return z
    .number({ error: '金额应为数字（元）/ amount must be a number of yuan' })
    .nonnegative({ error: '金额不能为负 / amount must not be negative' })
    .max(1e13, { error: '金额过大 / amount too large' })
    .multipleOf(0.01, { error: '金额最多两位小数（分）/ at most two decimals (fen)' })
    .meta({ title, description: description ?? '单位：元 / unit: yuan (CNY)' });
}

/** 平方米. */
export function area(title: string) {
  return z
    .number({ error: '面积应为数字（平方米）/ area must be a number of square metres' })
    .nonnegative({ error: '面积不能为负 / area must not be negative' })
    .meta({ title, description: '单位：平方米 / unit: m²' });
}

export function count(title: string) {
  return z.number().int({ error: '应为整数 / must be an integer' }).nonnegative().meta({ title });
}

export function positiveCount(title: string) {
  return z.number().int({ error: '应为整数 / must be an integer' }).positive().meta({ title });
}

export function percent(title: string) {
  return z.number().min(0).max(100).meta({ title, description: '百分比 0–100 / percent 0–100' });
}

export function url(title: string) {
  return z.url({ protocol: /^https?$/, error: '应为 http(s) 网址 / must be an http(s) URL' }).meta({ title });
}

export function flag(title: string) {
  return z.boolean().meta({ title });
}

// Mobile 1[3-9]xxxxxxxxx, or a landline with area code (0512-6xxxxxxx), optional extension.
const PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|12345|400-?\d{3}-?\d{4})$/;

export function phone(title: string) {
  return z
    .string()
    .regex(PHONE_RE, { error: '电话号码格式无效 / invalid phone number' })
    .meta({ title, description: '手机 13812345678 或固话 0512-68889999' });
}

/**
 * A label-carrying enum: values are English slugs, the JSON Schema shows their Chinese labels
 * (`x-enum-labels`) so agencies know what to send.
 */
export function labelledEnum<const K extends string>(title: string, labels: Record<K, string>) {
  const keys = Object.keys(labels) as [K, ...K[]];
  return z
    .enum(keys, { error: `应为以下之一 / must be one of: ${keys.join(', ')}` })
    .meta({ title, description: keys.map((k) => `${k}=${labels[k]}`).join('；'), 'x-enum-labels': labels });
}

/** An ASCII id that becomes part of a stream id (`tender-{id}`), e.g. 招标项目编号 E3205000001001. */
export const ID_PART_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export function idPart(title: string, description?: string) {
  return z
    .string()
    .regex(ID_PART_RE, { error: '编号只能由字母、数字和 . _ - 组成（≤128位）/ id must be ASCII letters, digits, . _ - (≤128)' })
    .meta({ title, ...(description ? { description } : {}) });
}

/** 文号 (批复文号, 决定书文号, 备案号, 许可证号 …): free text, e.g. 苏发改投〔2019〕123号. */
export function documentNumber(title = '文号') {
  return text(title, { max: 100 });
}

export function projectCode(title = '项目代码') {
  return projectCodeSchema.meta({ title });
}

export function projectCodes(title = '相关项目代码') {
  return z.array(projectCodeSchema).min(1).meta({ title });
}

export function creditCode(title = '统一社会信用代码') {
  return creditCodeSchema.meta({ title });
}

export function region(title = '行政区划代码') {
  return regionCodeSchema.meta({ title });
}

/** An organisation identified by name and 统一社会信用代码 (项目单位, 中标人, 受让方 …). */
export function orgRef(title: string) {
  return z.strictObject({ name: text('名称', { max: 200 }), creditCode: creditCode() }).meta({ title });
}

/** A government body: the code is optional because some internal offices have none of their own. */
export function authorityRef(title: string) {
  return z
    .strictObject({ name: text('机关名称', { max: 200 }), creditCode: creditCode().optional() })
    .meta({ title });
}

/** Contact details of an organisation or office (public, not personal data). */
export function contact(title: string) {
  return z
    .strictObject({
      name: text('联系人或部门', { max: 100 }).optional(),
      phone: phone('联系电话'),
      address: text('地址', { max: 300 }).optional(),
      email: z.email({ error: '邮箱格式无效 / invalid e-mail' }).meta({ title: '电子邮箱' }).optional(),
    })
    .meta({ title });
}

/** An organisation with its address and contact (招标人, 招标代理机构, 采购人 …). */
export function partyWithContact(title: string) {
  return z
    .strictObject({
      name: text('名称', { max: 200 }),
      creditCode: creditCode(),
      address: text('地址', { max: 300 }),
      contactPerson: text('联系人', { max: 50 }),
      phone: phone('联系电话'),
    })
    .meta({ title });
}

/** A professional in charge (项目负责人, 总监理工程师 …): published by law, not masked. */
export function responsiblePerson(title: string) {
  return z
    .strictObject({
      name: text('姓名', { max: 50 }),
      position: text('职务或岗位', { max: 100 }).optional(),
      certificateNumber: text('执业资格证书编号', { max: 100 }).optional(),
    })
    .meta({ title });
}

// Personal data of natural persons (masked or encrypted per data subject downstream).
export function personName(title = '姓名') {
  return text(title, { max: 50 });
}

export function residentId(title = '身份证号码') {
  return residentIdSchema.meta({ title });
}

export function bankAccount(title = '银行账号') {
  return z
    .string()
    .regex(/^\d{8,30}$/, { error: '银行账号应为8–30位数字 / bank account must be 8–30 digits' })
    .meta({ title });
}
