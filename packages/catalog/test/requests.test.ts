// The 依申请公开 entries: receipt-date rules (条例第31条), the answer's required parts by outcome,
// the extension bound, the request lifecycle, personal data of requesters and the audience.
import { describe, expect, it } from 'vitest';
import { audienceFor, checkLifecycle, conditionHolds, getEntry, validatePayload, type LifecycleEvent } from '../src/index.ts';
import { examplePayload } from './fixtures.ts';

const ok = (type: string, payload: unknown) => validatePayload(type, 1, payload).ok;
const issues = (type: string, payload: unknown) => {
  const r = validatePayload(type, 1, payload);
  return r.ok ? [] : r.issues.map((i) => i.path);
};

describe('RequestSubmitted', () => {
  const p = examplePayload('RequestSubmitted');

  it('the worked example validates and is 依申请 in its own domain and category', () => {
    expect(ok('RequestSubmitted', p)).toBe(true);
    const entry = getEntry('RequestSubmitted')!;
    expect(entry).toMatchObject({ domain: 'requests', category: 'requests', audience: 'request' });
    expect(entry.streamIdFor(p)).toBe('request-SZ-YSQ-2019-0031');
  });

  it('art. 31: receipt never before submission; in person, the same day', () => {
    expect(issues('RequestSubmitted', { ...p, receivedDate: '2019-08-01' })).toContain('receivedDate');
    expect(issues('RequestSubmitted', { ...p, channel: 'in-person' })).toContain('receivedDate');
    expect(ok('RequestSubmitted', { ...p, channel: 'in-person', receivedDate: p['submittedDate'] })).toBe(true);
    expect(ok('RequestSubmitted', { ...p, channel: 'post', receivedDate: '2019-08-09' })).toBe(true);
  });

  it('organisations give a credit code and no ID number', () => {
    const org = { ...p, requester: { type: 'company', name: '苏州某公司' } };
    expect(issues('RequestSubmitted', org)).toContain('requester.creditCode');
    expect(issues('RequestSubmitted', { ...org, requester: { ...org.requester, creditCode: '91320500MA1MCF3K8C', idNumber: (p['requester'] as { idNumber: string }).idNumber } })).toContain('requester.idNumber');
  });

  it("declares the requester's name (citizens only), ID number and contacts as personal data", () => {
    const entry = getEntry('RequestSubmitted')!;
    const paths = entry.personalData!.map((f) => f.path);
    expect(paths).toEqual(['requester.name', 'requester.idNumber', 'requester.phone', 'requester.email', 'requester.address']);
    const name = entry.personalData![0]!;
    expect(conditionHolds(name.when!, p)).toBe(true);
    expect(conditionHolds(name.when!, { ...p, requester: { type: 'company' } })).toBe(false);
    expect(entry.personalData!.every((f) => f.subject === 'requestId')).toBe(true);
  });
});

describe('RequestAnswered', () => {
  const base = { requestId: 'R1', region: '320500', answerDate: '2025-03-20' };

  it.each([
    [{ outcome: 'disclosed' }, 'items'],
    [{ outcome: 'partially-disclosed', items: [{ streamId: 's-1', recordKey: 'k' }], ground: 'third-party-rights' }, 'redactedPaths'],
    [{ outcome: 'partially-disclosed', items: [{ streamId: 's-1', recordKey: 'k' }], redactedPaths: ['a'] }, 'ground'],
    [{ outcome: 'withheld' }, 'ground'],
    [{ outcome: 'withheld', ground: 'state-secret', items: [{ streamId: 's-1', recordKey: 'k' }] }, 'items'],
    [{ outcome: 'unavailable' }, 'unavailableReason'],
    [{ outcome: 'not-processed' }, 'notProcessedReason'],
    [{ outcome: 'other-channel' }, 'otherChannel'],
    [{ outcome: 'other-channel', otherChannel: 'other-agency' }, 'otherAgency'],
    [{ outcome: 'disclosed', items: [{ streamId: 's-1', recordKey: 'k' }], redactedPaths: ['a'] }, 'redactedPaths'],
  ])('%o needs %s', (fields, path) => {
    expect(issues('RequestAnswered', { ...base, ...fields })).toContain(path);
  });

  it.each([
    { outcome: 'disclosed', items: [{ streamId: 's-1', recordKey: 'k' }] },
    { outcome: 'withheld', ground: 'process-info' },
    { outcome: 'unavailable', unavailableReason: 'not-held' },
    { outcome: 'not-processed', notProcessedReason: 'petition' },
    { outcome: 'other-channel', otherChannel: 'other-agency', otherAgency: { name: '苏州市自然资源和规划局' } },
  ])('%o is a complete answer', (fields) => {
    expect(ok('RequestAnswered', { ...base, ...fields })).toBe(true);
  });
});

describe('ExtensionApproved', () => {
  it('at most 20 working days (art. 33)', () => {
    const p = examplePayload('ExtensionApproved');
    expect(ok('ExtensionApproved', { ...p, workingDays: 20 })).toBe(true);
    expect(issues('ExtensionApproved', { ...p, workingDays: 21 })).toContain('workingDays');
    expect(issues('ExtensionApproved', { ...p, workingDays: 0 })).toContain('workingDays');
  });
});

describe('the request lifecycle', () => {
  let n = 0;
  const ev = (type: string, overrides: Record<string, unknown> = {}): LifecycleEvent => ({ eventId: `e${++n}`, type, payload: examplePayload(type, overrides), occurredAt: '2019-08-05', agency: 'a' });
  const submitted = ev('RequestSubmitted');

  it('every other event needs the request', () => {
    for (const type of ['SupplementRequested', 'ThirdPartyConsulted', 'ExtensionApproved', 'RequestAnswered', 'FeeCharged']) {
      expect(checkLifecycle([], ev(type))?.rule, type).toBe('REQUEST-SUBMITTED');
      expect(checkLifecycle([submitted], ev(type)), type).toBeNull();
    }
  });

  it('补正 is asked once and received once, after it was asked', () => {
    const asked = ev('SupplementRequested');
    expect(checkLifecycle([submitted], ev('SupplementReceived'))?.rule).toBe('SUPPLEMENT-REQUESTED');
    expect(checkLifecycle([submitted, asked], ev('SupplementRequested'))?.rule).toBe('SUPPLEMENT-ONCE');
    const received = ev('SupplementReceived');
    expect(checkLifecycle([submitted, asked], received)).toBeNull();
    expect(checkLifecycle([submitted, asked, received], ev('SupplementReceived'))?.rule).toBe('SUPPLEMENT-RECEIVED-ONCE');
  });

  it('a reply needs its consultation (same id), once', () => {
    const consulted = ev('ThirdPartyConsulted');
    expect(checkLifecycle([submitted, consulted], ev('ThirdPartyReplied', { consultationId: 'OTHER' }))?.rule).toBe('REPLY-NEEDS-CONSULTATION');
    const reply = ev('ThirdPartyReplied');
    expect(checkLifecycle([submitted, consulted], reply)).toBeNull();
    expect(checkLifecycle([submitted, consulted, reply], ev('ThirdPartyReplied'))?.rule).toBe('REPLY-ONCE');
  });

  it('one answer, one extension, one fee, one submission', () => {
    expect(checkLifecycle([submitted], ev('RequestSubmitted'))?.rule).toBe('REQUEST-ONCE');
    expect(checkLifecycle([submitted, ev('RequestAnswered')], ev('RequestAnswered'))?.rule).toBe('ANSWER-ONCE');
    expect(checkLifecycle([submitted, ev('ExtensionApproved')], ev('ExtensionApproved'))?.rule).toBe('EXTENSION-ONCE');
    expect(checkLifecycle([submitted, ev('FeeCharged')], ev('FeeCharged'))?.rule).toBe('FEE-ONCE');
  });

  it('a correction of a request event is 依申请 too', () => {
    expect(audienceFor(getEntry('DisclosureCorrected')!, { targetType: 'RequestAnswered' })).toBe('request');
  });
});
