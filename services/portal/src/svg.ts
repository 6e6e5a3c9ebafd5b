// Server-rendered SVG: the project lifecycle timeline and the on-time-rate bar charts. Colours come
// from presentation attributes (no inline styles: the Content-Security-Policy forbids them).
import { esc, fmtDate, href, pct } from './html.ts';
import { MESSAGES, type Lang } from './i18n.ts';

export interface TimelineEvent {
  date: string | null;
  recordedAt: string;
  type: { name: string; zh: string; en: string };
  kind: string;
  category: { slug: string; zh: string; en: string };
  recordId: string;
  title: string;
  late: boolean;
  delayWorkingDays: number | null;
  withheld: boolean;
}

const DAY = 86_400_000;
const MILESTONES = [
  { type: 'ProjectRegistered', zh: '赋码登记', en: 'Registered' },
  { type: 'ConstructionStarted', zh: '开工', en: 'Construction started' },
  { type: 'CompletionAccepted', zh: '竣工验收', en: 'Completion accepted' },
] as const;
const COLORS = { onTime: '#1a7f4b', late: '#c0262d', correction: '#b35c00', retraction: '#5f6368', axis: '#6b7280', lane: '#f3f4f6' };

export function eventClass(e: Pick<TimelineEvent, 'kind' | 'late'>): 'correction' | 'retraction' | 'late' | 'onTime' {
  if (e.kind === 'correction') return 'correction';
  if (e.kind === 'retraction') return 'retraction';
  return e.late ? 'late' : 'onTime';
}

/** Rough width in px of 13px text: CJK characters are square, others about half. */
function textWidth(text: string): number {
  return [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 13 : 7), 0);
}

function dayOf(e: TimelineEvent): number {
  return Date.parse(`${e.date ?? e.recordedAt.slice(0, 10)}T00:00:00Z`);
}

function ticks(from: number, to: number): Array<{ t: number; label: string }> {
  const span = to - from;
  const out: Array<{ t: number; label: string }> = [];
  const start = new Date(from);
  if (span > 3 * 365 * DAY) {
    for (let y = start.getUTCFullYear() + 1; Date.UTC(y, 0, 1) <= to; y++) out.push({ t: Date.UTC(y, 0, 1), label: String(y) });
  } else {
    const step = span > 400 * DAY ? 3 : span > 120 * DAY ? 1 : 0;
    if (step === 0) {
      for (let t = from + 7 * DAY; t < to; t += 7 * DAY) out.push({ t, label: new Date(t).toISOString().slice(5, 10) });
    } else {
      for (let m = start.getUTCMonth() + 1, y = start.getUTCFullYear(); ; m += step) {
        const t = Date.UTC(y, m, 1);
        if (t > to) break;
        const d = new Date(t);
        out.push({ t, label: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` });
      }
    }
  }
  // at most ~10 labels
  const every = Math.max(1, Math.ceil(out.length / 10));
  return out.filter((_, i) => i % every === 0);
}

function marker(cls: ReturnType<typeof eventClass>, x: number, y: number): string {
  const c = COLORS[cls];
  switch (cls) {
    case 'late':
      return `<path d="M${x} ${y - 7}L${x + 7} ${y + 6}H${x - 7}Z" fill="${c}"/>`;
    case 'correction':
      return `<path d="M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z" fill="${c}"/>`;
    case 'retraction':
      return `<path d="M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}" stroke="${c}" stroke-width="3"/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="6" fill="${c}"/>`;
  }
}

/** The lifecycle timeline: one lane per category, a marker per disclosure event at its formed date. */
export function timelineSvg(events: readonly TimelineEvent[], lang: Lang, laneOrder: readonly string[]): string {
  const m = MESSAGES[lang];
  if (events.length === 0) return '';
  const lanes = laneOrder.filter((slug) => events.some((e) => e.category.slug === slug));
  for (const e of events) if (!lanes.includes(e.category.slug)) lanes.push(e.category.slug);
  const laneName = (slug: string) => {
    const c = events.find((e) => e.category.slug === slug)!.category;
    return lang === 'zh' ? c.zh : c.en;
  };
  const days = events.map(dayOf);
  let from = Math.min(...days);
  let to = Math.max(...days);
  const pad = Math.max(7 * DAY, (to - from) * 0.03);
  from -= pad;
  to += pad;
  const W = 960;
  const left = Math.min(260, Math.max(110, ...lanes.map((l) => textWidth(laneName(l)))) + 20);
  const right = 20;
  const top = 50;
  const laneH = 34;
  const H = top + lanes.length * laneH + 58;
  const x = (t: number) => Math.round((left + ((t - from) / (to - from)) * (W - left - right)) * 10) / 10;
  const parts: string[] = [];
  lanes.forEach((slug, i) => {
    const y = top + i * laneH;
    if (i % 2 === 0) parts.push(`<rect x="${left}" y="${y}" width="${W - left - right}" height="${laneH}" fill="${COLORS.lane}"/>`);
    parts.push(`<text x="${left - 8}" y="${y + laneH / 2 + 5}" text-anchor="end" class="lane">${esc(laneName(slug))}</text>`);
  });
  const axisY = top + lanes.length * laneH;
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${W - right}" y2="${axisY}" stroke="${COLORS.axis}"/>`);
  for (const t of ticks(from, to)) {
    parts.push(`<line x1="${x(t.t)}" y1="${top}" x2="${x(t.t)}" y2="${axisY + 5}" stroke="${COLORS.axis}" stroke-opacity="0.35"/>`);
    parts.push(`<text x="${x(t.t)}" y="${axisY + 20}" text-anchor="middle" class="tick">${esc(t.label)}</text>`);
  }
  // lifecycle milestones: registration, construction start, completion acceptance
  let lastLabelEnd = -Infinity;
  const milestoneLines: string[] = [];
  const milestoneLabels: string[] = [];
  for (const ms of MILESTONES) {
    const e = events.find((x) => x.type.name === ms.type && !x.withheld);
    if (!e) continue;
    const mx = x(dayOf(e));
    const label = `${lang === 'zh' ? ms.zh : ms.en} ${e.date ?? ''}`;
    const width = textWidth(label);
    const ly = mx - 4 < lastLabelEnd ? top - 22 : top - 8;
    lastLabelEnd = mx + 3 + width;
    const atEnd = mx + width > W - 4;
    milestoneLines.push(`<line data-milestone="${ms.type}" x1="${mx}" y1="${ly + 4}" x2="${mx}" y2="${axisY}" stroke="#111827" stroke-dasharray="4 3"/>`);
    // labels after every line, with a halo so a later line never runs through them
    milestoneLabels.push(`<text x="${atEnd ? mx - 3 : mx + 3}" y="${ly}"${atEnd ? ' text-anchor="end"' : ''} class="legend" stroke="#fff" stroke-width="4" paint-order="stroke">${esc(label)}</text>`);
  }
  parts.push(...milestoneLines, ...milestoneLabels);
  // same lane and day: spread vertically a little so markers stay visible
  const seen = new Map<string, number>();
  for (const e of events) {
    const cls = eventClass(e);
    const lane = lanes.indexOf(e.category.slug);
    const key = `${lane}:${Math.round(x(dayOf(e)) / 6)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const cx = x(dayOf(e)) + (n % 3) * 5;
    const cy = top + lane * laneH + laneH / 2 + ((n % 2) * 2 - 1) * Math.min(n, 1) * 6;
    const typeName = lang === 'zh' ? e.type.zh : e.type.en;
    const status = cls === 'late' ? m.lateBy(e.delayWorkingDays) : cls === 'correction' ? m.legendCorrection : cls === 'retraction' ? m.legendRetraction : m.legendOnTime;
    const label = `${e.date ?? fmtDate(e.recordedAt)} ${typeName}：${e.title}（${status}）`;
    parts.push(
      `<a href="${esc(href(`/record/${e.recordId}`, lang))}" class="ev ev-${cls}" data-kind="${cls}" aria-label="${esc(label)}"><title>${esc(label)}</title>${marker(cls, cx, cy)}</a>`,
    );
  }
  const legend = (['onTime', 'late', 'correction', 'retraction'] as const)
    .map((cls, i) => {
      const lx = left + i * 150;
      const text = { onTime: m.legendOnTime, late: m.legendLate, correction: m.legendCorrection, retraction: m.legendRetraction }[cls];
      return `<g>${marker(cls, lx + 8, H - 12)}<text x="${lx + 22}" y="${H - 7}" class="legend">${esc(text)}</text></g>`;
    })
    .join('');
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" width="100%" role="group" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">${legend}${parts.join('')}</svg>`;
}

export interface BarRow {
  label: string;
  link?: string;
  onTime: number;
  late: number;
  total: number;
}

/** Horizontal bars of the on-time rate, one row each, with the rate and counts written out. */
export function rateBarsSvg(rows: readonly BarRow[], lang: Lang, title: string): string {
  const m = MESSAGES[lang];
  const W = 960;
  const left = 250;
  const barW = 520;
  const rowH = 28;
  const H = rows.length * rowH + 26;
  const parts: string[] = [];
  for (const p of [0, 0.5, 1]) {
    const gx = left + p * barW;
    parts.push(`<line x1="${gx}" y1="4" x2="${gx}" y2="${H - 18}" stroke="${COLORS.axis}" stroke-opacity="0.35"/>`);
    parts.push(`<text x="${gx}" y="${H - 4}" text-anchor="middle" class="tick">${p * 100}%</text>`);
  }
  rows.forEach((r, i) => {
    const y = 6 + i * rowH;
    const rate = r.total ? r.onTime / r.total : 0;
    let label = r.label;
    while (textWidth(label) > left - 14 && label.length > 1) label = label.slice(0, -1);
    if (label !== r.label) label = `${label.slice(0, -1)}…`;
    const desc = `${r.label}：${m.onTimeRate} ${pct(rate)}（${m.onTime} ${r.onTime} / ${m.total} ${r.total}）`;
    parts.push(`<g role="listitem" aria-label="${esc(desc)}"><title>${esc(desc)}</title>`);
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end" class="lane">${esc(label)}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${barW}" height="20" fill="${COLORS.late}" fill-opacity="0.18"/>`);
    parts.push(`<rect x="${left}" y="${y}" width="${Math.round(rate * barW * 10) / 10}" height="20" fill="${rate >= 0.9 ? COLORS.onTime : rate >= 0.6 ? '#8a6d00' : COLORS.late}"/>`);
    parts.push(`<text x="${left + barW + 8}" y="${y + 15}" class="val">${pct(rate)} · ${r.onTime}/${r.total}</text></g>`);
  });
  return `<svg class="bars" viewBox="0 0 ${W} ${H}" width="100%" role="list" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
