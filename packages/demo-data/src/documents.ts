// 宣布失效 / 废止 (`document-{文件编号}`): normative documents repealed or declared invalid — the
// 失效文件清单. Superseded housing policies are revoked from the housing story; the rest here.
import type { Context } from './context.ts';
import { plusDays } from './clock.ts';
import { authorities, CITY, docPrefix, DISTRICTS, regionLabel } from './places.ts';
import type { Rng } from './random.ts';

export type RevocationReason = 'inconsistent-with-law' | 'superseded' | 'object-gone' | 'task-completed' | 'other';

export interface Revocation {
  region: string;
  title: string;
  documentNumber: string;
  issuingAuthority: { name: string };
  issuedDate: string;
  action: 'invalidated' | 'repealed';
  decisionDate: string;
  effectiveDate: string;
  reason: RevocationReason;
  reasonDetail?: string;
}

export function revokeDocument(ctx: Context, r: Revocation): void {
  const documentId = `${r.region}-${r.issuedDate.slice(0, 4)}-${String(ctx.serial(`document:${r.region}:${r.issuedDate.slice(0, 4)}`) * 3 + 10).padStart(4, '0')}`;
  const government = authorities(r.region).government;
  const year = r.decisionDate.slice(0, 4);
  ctx.ledger.record(`document-${documentId}`, 'DocumentRevoked', {
    documentId,
    region: r.region,
    documentTitle: r.title,
    documentNumber: r.documentNumber,
    issuingAuthority: r.issuingAuthority,
    issuedDate: r.issuedDate,
    action: r.action,
    decidingAuthority: government,
    decisionNumber: `${docPrefix(r.region)}${r.region === CITY.code ? '府规字' : '政规'}〔${year}〕${ctx.serial(`revocation-decision:${r.region}:${year}`) + 2}号`,
    decisionDate: r.decisionDate,
    effectiveDate: r.effectiveDate,
    reason: r.reason,
    ...(r.reasonDetail ? { reasonDetail: r.reasonDetail } : {}),
  });
}

interface Template {
  title: (label: string) => string;
  series: string;
  department: 'government' | 'housingConstruction' | 'naturalResources' | 'developmentReform' | 'enforcement';
  reason: RevocationReason;
  detail: (label: string) => string;
}

const TEMPLATES: readonly Template[] = [
  { title: (l) => `${l}政府投资项目管理办法`, series: '府规字', department: 'government', reason: 'superseded', detail: (l) => `已被新修订的《${l}政府投资项目管理办法》替代。` },
  { title: () => '关于进一步加强建设工程招标投标管理的若干意见', series: '政办', department: 'government', reason: 'inconsistent-with-law', detail: () => '与《中华人民共和国招标投标法实施条例》及电子招标投标有关规定不一致。' },
  { title: (l) => `${l}建设工程质量安全监督管理办法`, series: '住建规', department: 'housingConstruction', reason: 'superseded', detail: () => '已被《建设工程质量安全手册》实施细则涵盖。' },
  { title: (l) => `${l}征地补偿安置实施细则`, series: '政发', department: 'government', reason: 'inconsistent-with-law', detail: () => '与2019年修正的《中华人民共和国土地管理法》及其实施条例规定的征地程序不一致。' },
  { title: (l) => `关于加快推进${l}重点工程建设的实施意见`, series: '政发', department: 'government', reason: 'task-completed', detail: () => '文件确定的工作任务已完成。' },
  { title: (l) => `${l}经济适用住房管理办法`, series: '府规字', department: 'government', reason: 'object-gone', detail: () => '经济适用住房已停止新建和供应，调整对象已消失。' },
  { title: (l) => `${l}建筑工地扬尘污染防治管理办法`, series: '住建规', department: 'housingConstruction', reason: 'superseded', detail: () => '已被《江苏省大气污染防治条例》及本市新出台的扬尘防治规定涵盖。' },
  { title: (l) => `${l}城市道路挖掘管理规定`, series: '城管规', department: 'enforcement', reason: 'other', detail: () => '管理职责已调整，由新规定统一规范。' },
];

export function documentsStory(ctx: Context, rng: Rng, count: number): void {
  const regions = [CITY.code as string, ...DISTRICTS.map((d) => d.code as string)];
  for (let i = 0; i < count; i++) {
    const r = rng.fork(`document:${i}`);
    const region = i === 0 ? CITY.code : r.pick(regions);
    const template = TEMPLATES[i % TEMPLATES.length]!;
    const label = regionLabel(region);
    const issuedYear = r.int(2008, 2019);
    // most revocations are recent; about one in eight was decided long ago and is posted late
    const decisionDate = r.chance(0.12) && i > 0 ? ctx.clock.wd(r.int(60, 400)) : ctx.clock.wd(r.int(1, 18));
    const deps = authorities(region);
    revokeDocument(ctx, {
      region,
      title: template.title(label),
      documentNumber: `${docPrefix(region)}${template.series}〔${issuedYear}〕${r.int(2, 190)}号`,
      issuingAuthority: deps[template.department],
      issuedDate: `${issuedYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      action: template.reason === 'superseded' || template.reason === 'task-completed' ? 'repealed' : r.pick(['repealed', 'invalidated'] as const),
      decisionDate,
      effectiveDate: plusDays(decisionDate, r.pick([0, 0, 10, 30])),
      reason: template.reason,
      reasonDetail: template.detail(label),
    });
  }
}
