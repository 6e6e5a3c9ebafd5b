// The annual report (年度报告) from the ledger: a generated year of requests for disclosure and the
// worked examples as proactive disclosures are appended through the one append path of the real
// host; the figures of GET /v1/public/reports/annual and of `gongkai report annual` must equal
// counts computed here independently (a naive day-by-day working-day count), and every figure must
// list exactly the events it counts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@gongkai/access';
import { addDays, isWorkingDay } from '@gongkai/calendar';
import { CATEGORIES, chinaDate, exampleAppends, getEntry, makeCreditCode, targetEntryOf } from '@gongkai/catalog';
import { startTestHost, type TestHost } from '../support/test-host.ts';

const YEAR = 2026;
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;
const TODAY = chinaDate(new Date().toISOString());
const bin = join(import.meta.dirname, '..', '..', 'services', 'gongkai', 'bin', 'gongkai.js');

// --- an independent working-day count: step one calendar day at a time ---------------------------
function plusWorkingDays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
function workingDaysAfterUpTo(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

// --- a deterministic generator ------------------------------------------------------------------
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTCOMES: Array<[string, Record<string, string>]> = [
  ['disclosed', {}],
  ['partially-disclosed', { ground: 'third-party-rights' }],
  ['withheld', { ground: 'process-info' }],
  ['withheld', { ground: 'state-secret' }],
  ['unavailable', { unavailableReason: 'not-held' }],
  ['not-processed', { notProcessedReason: 'repeated' }],
  ['other-channel', { otherChannel: 'already-public' }],
];

interface Generated {
  requestId: string;
  agency: 'A' | 'B';
  requesterType: string;
  received: string;
  events: Array<{ type: string; payload: Record<string, unknown> }>;
  // what the test knows of it
  supplementNotice?: string;
  supplementBack?: string;
  consult?: { sent: string; reply?: string };
  extension?: { approved: string; days: number };
  fee?: { date: string; amount: number };
  answer?: { date: string; outcome: string; reason?: string };
}

function generate(n: number): Generated[] {
  const rnd = prng(20260101);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: Generated[] = [];
  for (let i = 0; i < n; i++) {
    const requestId = `GEN-${String(i).padStart(4, '0')}`;
    const agency = rnd() < 0.8 ? 'A' : 'B';
    // received between 2025-10-01 and 2026-08-26
    const received = addDays('2025-10-01', Math.floor(rnd() * 330));
    const requesterType = pick(['citizen', 'citizen', 'company', 'organisation']);
    const ref = { requestId, region: '320500' };
    const requester =
      requesterType === 'citizen' ? { type: 'citizen', name: `申请人${i}` } : { type: requesterType, name: `单位${i}`, creditCode: makeCreditCode(`9132050000000${String(1000 + i)}`) };
    const g: Generated = { requestId, agency, requesterType, received, events: [] };
    g.events.push({ type: 'RequestSubmitted', payload: { ...ref, agency: { name: agency }, requester, channel: 'post', submittedDate: addDays(received, -2), receivedDate: received, description: '申请公开。' } });
    let clockStart = received;
    let awaiting = false;
    if (rnd() < 0.25) {
      g.supplementNotice = plusWorkingDays(received, 1 + Math.floor(rnd() * 9));
      g.events.push({ type: 'SupplementRequested', payload: { ...ref, noticeDate: g.supplementNotice, items: '补正事项' } });
      if (rnd() < 0.7) {
        g.supplementBack = addDays(g.supplementNotice, 1 + Math.floor(rnd() * 20));
        g.events.push({ type: 'SupplementReceived', payload: { ...ref, receivedDate: g.supplementBack, supplement: '补正内容' } });
        clockStart = g.supplementBack;
      } else awaiting = true;
    }
    if (!awaiting && rnd() < 0.25) {
      const sent = plusWorkingDays(clockStart, 2);
      g.consult = { sent };
      g.events.push({ type: 'ThirdPartyConsulted', payload: { ...ref, consultationId: 'C1', kind: 'third-party', consulteeType: 'organisation', consultee: '某公司', sentDate: sent } });
      if (rnd() < 0.7) {
        g.consult.reply = plusWorkingDays(sent, 3 + Math.floor(rnd() * 18));
        g.events.push({ type: 'ThirdPartyReplied', payload: { ...ref, consultationId: 'C1', replyDate: g.consult.reply, position: 'consents' } });
      }
    }
    if (!awaiting && rnd() < 0.2) {
      g.extension = { approved: plusWorkingDays(clockStart, 15), days: 5 + Math.floor(rnd() * 16) };
      g.events.push({ type: 'ExtensionApproved', payload: { ...ref, approvedDate: g.extension.approved, workingDays: g.extension.days, approvedBy: '负责人', notifiedDate: g.extension.approved, reason: '需要时间' } });
    }
    if (rnd() < 0.1) {
      g.fee = { date: plusWorkingDays(clockStart, 3), amount: 100 * (1 + Math.floor(rnd() * 3)) };
      g.events.push({ type: 'FeeCharged', payload: { ...ref, noticeDate: g.fee.date, basis: 'count', units: 11, amount: g.fee.amount } });
    }
    if (rnd() < 0.85) {
      const last = [clockStart, g.supplementNotice, g.consult?.reply ?? g.consult?.sent, g.extension?.approved, g.fee?.date].filter((d): d is string => !!d).sort().at(-1)!;
      const date = plusWorkingDays(last, 1 + Math.floor(rnd() * 40));
      if (date <= TODAY) {
        const [outcome, reasonFields] = pick(OUTCOMES);
        const items = outcome === 'disclosed' || outcome === 'partially-disclosed' ? { items: [{ streamId: 'expropriation-x', recordKey: 'registration:2019-07-31' }] } : {};
        const redacted = outcome === 'partially-disclosed' ? { redactedPaths: ['households[].phone'] } : {};
        g.answer = { date, outcome, ...(Object.values(reasonFields)[0] ? { reason: Object.values(reasonFields)[0] } : {}) };
        g.events.push({ type: 'RequestAnswered', payload: { ...ref, answerDate: date, outcome, ...reasonFields, ...items, ...redacted } });
      }
    }
    out.push(g);
  }
  return out;
}

// --- the expected figures, computed independently ------------------------------------------------
function expectedRequests(gen: Generated[]) {
  const e = {
    received: new Set<string>(),
    byType: { citizen: 0, company: 0, organisation: 0 } as Record<string, number>,
    carriedIn: new Set<string>(),
    answered: new Set<string>(),
    byOutcome: {} as Record<string, number>,
    byReason: {} as Record<string, number>,
    carriedOut: new Set<string>(),
    onTime: new Set<string>(),
    late: new Set<string>(),
    openPastDue: new Set<string>(),
    fees: 0,
    feeAmount: 0,
    supplements: 0,
    consultations: 0,
    extensions: 0,
  };
  for (const g of gen.filter((x) => x.agency === 'A')) {
    if (g.received > TO) continue;
    const answer = g.answer && g.answer.date <= TO ? g.answer : undefined;
    if (answer && answer.date < FROM) continue;
    if (g.received >= FROM) {
      e.received.add(g.requestId);
      e.byType[g.requesterType]!++;
    } else e.carriedIn.add(g.requestId);
    const inYear = (d?: string) => d !== undefined && d >= FROM && d <= TO;
    if (inYear(g.supplementNotice)) e.supplements++;
    if (inYear(g.consult?.sent)) e.consultations++;
    if (inYear(g.extension?.approved)) e.extensions++;
    if (g.fee && inYear(g.fee.date)) {
      e.fees++;
      e.feeAmount += g.fee.amount;
    }
    const awaiting = g.supplementNotice !== undefined && g.supplementBack === undefined;
    const start = g.supplementBack ?? g.received;
    const end = answer?.date ?? TO;
    let paused = 0;
    if (g.consult) paused = Math.min(15, workingDaysAfterUpTo(g.consult.sent, g.consult.reply && g.consult.reply < end ? g.consult.reply : end));
    const due = plusWorkingDays(start, 20 + paused + (g.extension?.days ?? 0));
    if (answer) {
      e.answered.add(g.requestId);
      e.byOutcome[answer.outcome] = (e.byOutcome[answer.outcome] ?? 0) + 1;
      if (answer.reason) e.byReason[`${answer.outcome}/${answer.reason}`] = (e.byReason[`${answer.outcome}/${answer.reason}`] ?? 0) + 1;
      // answered while the 补正 was awaited: the stopped days are not counted — always in time here
      if (awaiting || answer.date <= due) e.onTime.add(g.requestId);
      else e.late.add(g.requestId);
    } else {
      e.carriedOut.add(g.requestId);
      if (!awaiting && TO > due) e.openPastDue.add(g.requestId);
    }
  }
  return e;
}

let t: TestHost;
let agencyA: string;
let gen: Generated[];
const submittedIds = new Map<string, string>();
const answerIds = new Map<string, string>();
const expectedProactive = new Map<string, Set<string>>();

beforeAll(async () => {
  t = await startTestHost({ requestSubmitRateLimit: false, publicRateLimit: false });
  const roles = ['development-reform', 'natural-resources', 'housing-construction', 'ecology-environment', 'water', 'trading-center', 'finance', 'state-assets', 'housing-security', 'enforcement', 'market-regulation'];
  const a = t.host.registry.addAgency({ name: '甲机关', roles, regions: ['320500'] });
  const b = t.host.registry.addAgency({ name: '乙机关', roles, regions: ['320500'] });
  agencyA = a.agency.id;
  const principal = (ag: typeof a.agency): Principal => ({ kind: 'agency', agencyId: ag.id, agencyName: ag.name, roles: new Set(ag.roles), regions: ag.regions, keyId: 'test' });
  // proactive disclosures: the worked examples, by agency A (recorded, i.e. published, this year)
  for (const ex of exampleAppends()) {
    const view = await t.host.appendService.appendToStream(principal(a.agency), ex.streamId, ex.events);
    for (const [i, ev] of ex.events.entries()) {
      const entry = getEntry(ev.type)!;
      const category = entry.amends ? targetEntryOf(entry, ev.payload)?.category : entry.category;
      const audience = entry.amends ? targetEntryOf(entry, ev.payload)?.audience : entry.audience;
      if (entry.amends || !category || category === 'requests' || audience === 'request') continue;
      if (!expectedProactive.has(category)) expectedProactive.set(category, new Set());
      expectedProactive.get(category)!.add(view.events[i]!.eventId);
    }
  }
  gen = generate(160);
  for (const g of gen) {
    const view = await t.host.appendService.appendToStream(principal(g.agency === 'A' ? a.agency : b.agency), `request-${g.requestId}`, g.events);
    submittedIds.set(g.requestId, view.events[0]!.eventId);
    const ai = g.events.findIndex((e) => e.type === 'RequestAnswered');
    if (ai >= 0) answerIds.set(g.requestId, view.events[ai]!.eventId);
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const idsOf = (requestIds: Set<string>, map: Map<string, string>) => [...requestIds].map((id) => map.get(id)!).sort();

describe(`the ${YEAR} annual report of one agency`, () => {
  let report: any;

  beforeAll(async () => {
    const res = await t.request('GET', `/v1/public/reports/annual?year=${YEAR}&agency=${agencyA}`);
    expect(res.status).toBe(200);
    report = res.body;
  });

  it('the generated year exercises every path (sanity of the generator)', () => {
    const e = expectedRequests(gen);
    expect(e.received.size).toBeGreaterThan(50);
    expect(e.carriedIn.size).toBeGreaterThan(3);
    expect(e.carriedOut.size).toBeGreaterThan(3);
    expect(e.late.size).toBeGreaterThan(0);
    expect(e.onTime.size).toBeGreaterThan(10);
    expect(e.openPastDue.size).toBeGreaterThan(0);
    expect(Object.keys(e.byOutcome)).toHaveLength(6);
    expect(e.supplements && e.consultations && e.extensions && e.fees).toBeTruthy();
  });

  it('counts requests received, carried over, answered by outcome and reason, on time and overdue as computed independently', () => {
    const e = expectedRequests(gen);
    const r = report.requests;
    expect(r.received.total.value).toBe(e.received.size);
    expect([...r.received.total.events].sort()).toEqual(idsOf(e.received, submittedIds));
    expect(r.received.byRequester.citizen.value).toBe(e.byType['citizen']);
    expect(r.received.byRequester.company.value).toBe(e.byType['company']);
    expect(r.received.byRequester.organisation.value).toBe(e.byType['organisation']);
    expect([...r.carriedOverFromPreviousYear.events].sort()).toEqual(idsOf(e.carriedIn, submittedIds));
    expect(r.toHandle.value).toBe(e.received.size + e.carriedIn.size);
    expect([...r.answered.total.events].sort()).toEqual(idsOf(e.answered, answerIds));
    for (const [outcome, n] of Object.entries(e.byOutcome)) expect(r.answered.byOutcome[outcome].value, outcome).toBe(n);
    for (const [key, n] of Object.entries(e.byReason)) {
      const [outcome, reason] = key.split('/') as [string, string];
      expect(r.answered.byReason[outcome][reason].value, key).toBe(n);
    }
    expect([...r.carriedOverToNextYear.events].sort()).toEqual(idsOf(e.carriedOut, submittedIds));
    expect([...r.onTime.events].sort()).toEqual(idsOf(e.onTime, answerIds));
    expect([...r.overdue.answeredLate.events].sort()).toEqual(idsOf(e.late, answerIds));
    expect([...r.overdue.openPastDue.events].sort()).toEqual(idsOf(e.openPastDue, submittedIds));
    expect(r.overdue.total.value).toBe(e.late.size + e.openPastDue.size);
    expect(r.supplementsRequested.value).toBe(e.supplements);
    expect(r.consultations.value).toBe(e.consultations);
    expect(r.extensions.value).toBe(e.extensions);
    expect(r.fees.count.value).toBe(e.fees);
    expect(r.fees.amountYuan).toBe(e.feeAmount);
    // balance: everything to handle is answered or carried over; nothing both on time and overdue
    expect(r.answered.total.value + r.carriedOverToNextYear.value).toBe(r.toHandle.value);
    const onTime = new Set(r.onTime.events);
    expect(r.overdue.answeredLate.events.some((id: string) => onTime.has(id))).toBe(false);
    expect(r.onTime.value + r.overdue.answeredLate.value).toBe(r.answered.total.value);
  });

  it('counts the proactive disclosures per category, each figure listing its events', () => {
    const rows = new Map<string, any>(report.proactive.categories.map((c: any) => [c.category, c]));
    expect([...rows.keys()].sort()).toEqual([...expectedProactive.keys()].sort());
    for (const [category, ids] of expectedProactive) {
      const row = rows.get(category);
      expect(row.zh).toBe(CATEGORIES[category as keyof typeof CATEGORIES].zh);
      expect([...row.published.events].sort(), category).toEqual([...ids].sort());
      expect(row.late.value).toBeLessThanOrEqual(row.published.value);
    }
    expect(report.proactive.total.value).toBe([...expectedProactive.values()].reduce((s, ids) => s + ids.size, 0));
    expect(rows.has('requests')).toBe(false);
  });

  it('leaves out other agencies and other years', async () => {
    const other = await t.request('GET', `/v1/public/reports/annual?year=2024&agency=${agencyA}`);
    expect(other.body.requests.received.total.value).toBe(0);
    expect(other.body.proactive.total.value).toBe(0);
    const nobody = await t.request('GET', `/v1/public/reports/annual?year=${YEAR}&agency=no-such-agency`);
    expect(nobody.body.requests.toHandle.value).toBe(0);
  });

  it('prints as HTML with every figure traceable, and refuses bad parameters with 400', async () => {
    const html = await t.request('GET', `/v1/public/reports/annual?year=${YEAR}&agency=${agencyA}&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain(`${YEAR}年政府信息公开工作年度报告`);
    expect(html.text).toContain('甲机关');
    expect(html.text).toContain(report.requests.received.total.events[0]);
    expect(html.text).toContain(`<td class="n">${report.requests.received.total.value}<details>`);
    expect(html.text).not.toContain('申请人1<');
    for (const q of ['year=abc&agency=x', `year=${YEAR}`, 'year=1999&agency=x']) {
      const res = await t.request('GET', `/v1/public/reports/annual?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('`gongkai report annual` gives the same figures from the data folder', () => {
    const out = execFileSync(process.execPath, [bin, 'report', 'annual', '--year', String(YEAR), '--agency', agencyA, '--data', t.dataDir], { encoding: 'utf8', env: { ...process.env, GONGKAI_LOG_LEVEL: 'error' } });
    const cli = JSON.parse(out);
    expect(cli.requests).toEqual(report.requests);
    expect(cli.proactive).toEqual(report.proactive);
    expect(cli.agency).toEqual({ id: agencyA, name: '甲机关' });
    const html = execFileSync(process.execPath, [bin, 'report', 'annual', '--year', String(YEAR), '--agency', agencyA, '--data', t.dataDir, '--format', 'html'], { encoding: 'utf8' });
    expect(html).toContain('<!doctype html>');
  });
});
