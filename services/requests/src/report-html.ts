// The printable HTML page of the annual report (A4, no script, nothing from another origin). Each
// figure carries the ids of the events it counts in a <details> list, so a printed copy can be
// traced back to the ledger.
import { NOT_PROCESSED_REASONS, OTHER_CHANNELS, REQUEST_OUTCOMES, UNAVAILABLE_REASONS, WITHHOLDING_GROUNDS } from '@gongkai/catalog';
import type { AnnualReport, Figure } from './report.ts';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cell(f: Figure): string {
  if (f.value === 0) return '<td class="n">0</td>';
  const ids = f.events.map((id) => `<code>${esc(id)}</code>`).join(' ');
  return `<td class="n">${f.value}<details><summary>事件</summary>${ids}</details></td>`;
}

const REASON_LABELS: Record<string, Record<string, string>> = {
  'partially-disclosed': WITHHOLDING_GROUNDS,
  withheld: WITHHOLDING_GROUNDS,
  unavailable: UNAVAILABLE_REASONS,
  'not-processed': NOT_PROCESSED_REASONS,
  'other-channel': OTHER_CHANNELS,
};

export function renderAnnualReportHtml(report: AnnualReport): string {
  const r = report.requests;
  const agency = esc(report.agency.name ?? report.agency.id);
  const proactiveRows = report.proactive.categories
    .map((c) => `<tr><th scope="row">${esc(c.zh)}</th>${cell(c.published)}${cell(c.late)}${cell(c.corrected)}${cell(c.retracted)}</tr>`)
    .join('\n');
  const outcomeRows = Object.entries(REQUEST_OUTCOMES)
    .map(([slug, zh]) => {
      const reasons = Object.entries(r.answered.byReason[slug] ?? {})
        .map(([reason, f]) => `<tr class="sub"><th scope="row">${esc(REASON_LABELS[slug]?.[reason] ?? reason)}</th>${cell(f)}</tr>`)
        .join('\n');
      return `<tr><th scope="row">${esc(zh)}</th>${cell(r.answered.byOutcome[slug]!)}</tr>\n${reasons}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${agency} ${report.year}年政府信息公开工作年度报告（统计表）</title>
<style>
  @page { size: A4; margin: 18mm; }
  body { font-family: "Noto Serif CJK SC", "Songti SC", serif; font-size: 11pt; color: #000; max-width: 180mm; margin: auto; }
  h1 { font-size: 16pt; text-align: center; } h2 { font-size: 13pt; margin-top: 1.5em; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; }
  th, td { border: 1px solid #444; padding: 3px 6px; text-align: left; vertical-align: top; }
  td.n { text-align: right; width: 7em; }
  tr.sub th { padding-left: 2em; font-weight: normal; }
  details { font-size: 7pt; text-align: left; word-break: break-all; }
  @media print { details { display: none; } }
  footer { font-size: 8pt; margin-top: 2em; color: #333; }
</style>
</head>
<body>
<h1>${agency}<br>${report.year}年政府信息公开工作年度报告（统计表）</h1>
<h2>一、主动公开政府信息情况</h2>
<table>
<thead><tr><th>类别</th><th>本年公开</th><th>其中逾期公开</th><th>更正</th><th>撤回</th></tr></thead>
<tbody>
${proactiveRows}
<tr><th scope="row">合计</th>${cell(report.proactive.total)}<td></td><td></td><td></td></tr>
</tbody>
</table>
<h2>二、收到和处理政府信息公开申请情况</h2>
<table>
<tbody>
<tr><th scope="row">本年新收政府信息公开申请数量</th>${cell(r.received.total)}</tr>
<tr class="sub"><th scope="row">自然人</th>${cell(r.received.byRequester.citizen)}</tr>
<tr class="sub"><th scope="row">法人（企业）</th>${cell(r.received.byRequester.company)}</tr>
<tr class="sub"><th scope="row">其他组织</th>${cell(r.received.byRequester.organisation)}</tr>
<tr><th scope="row">上年结转政府信息公开申请数量</th>${cell(r.carriedOverFromPreviousYear)}</tr>
<tr><th scope="row">本年度办理结果</th>${cell(r.answered.total)}</tr>
${outcomeRows}
<tr><th scope="row">结转下年度继续办理</th>${cell(r.carriedOverToNextYear)}</tr>
</tbody>
</table>
<h2>三、办理时限</h2>
<table>
<tbody>
<tr><th scope="row">按期答复</th>${cell(r.onTime)}</tr>
<tr><th scope="row">逾期（合计）</th>${cell(r.overdue.total)}</tr>
<tr class="sub"><th scope="row">逾期答复</th>${cell(r.overdue.answeredLate)}</tr>
<tr class="sub"><th scope="row">截至年末逾期未答复</th>${cell(r.overdue.openPastDue)}</tr>
<tr><th scope="row">告知补正</th>${cell(r.supplementsRequested)}</tr>
<tr><th scope="row">征求第三方或其他机关意见</th>${cell(r.consultations)}</tr>
<tr><th scope="row">延长答复期限</th>${cell(r.extensions)}</tr>
<tr><th scope="row">收取信息处理费（件）</th>${cell(r.fees.count)}</tr>
<tr><th scope="row">收取信息处理费（元）</th><td class="n">${r.fees.amountYuan.toFixed(2)}</td></tr>
</tbody>
</table>
<footer>由 Gongkai 账本生成：截至 ${esc(report.asOf)}，账本位置 ${esc(report.ledgerPosition)}。每个数字所计入的事件编号见其“事件”列表。</footer>
</body>
</html>
`;
}
