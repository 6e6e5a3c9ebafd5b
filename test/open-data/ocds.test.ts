// Releases of one process from its read-model versions: tags by stage, corrections as amendments
// chained release to release, retractions left out, incremental filtering that keeps the tags.
import { describe, expect, it } from 'vitest';
import type { RecordState, VersionState } from '@gongkai/read-store';
import { releasesOfStream } from '@gongkai/open-data';

const stream = 'tender-E1';
const tenderee = { name: '苏州某建设有限公司', creditCode: '91320507MA1WDL8K43', address: '苏州市', contactPerson: '陈工', phone: '0512-65781234' };
function version(n: number, type: string, view: Record<string, unknown>, amends?: VersionState['amends']): VersionState {
  return {
    eventId: `0190000${n}-0000-7000-8000-00000000000${n}`,
    type,
    schemaVersion: 1,
    position: String(n),
    streamVersion: n,
    recordedAt: `2026-01-0${n}T00:00:00.000Z`,
    agency: 'a',
    hash: 'h',
    audience: 'public',
    formedDate: null,
    view,
    timeliness: null,
    ...(amends ? { amends } : {}),
  };
}
const notice = version(1, 'TenderNoticePublished', { tenderId: 'E1', tenderName: '施工', controlPrice: 100, tenderee, documentsAvailableFrom: '2026-01-01', submissionDeadline: '2026-01-20T09:30:00+08:00' });
const fix1 = version(2, 'DisclosureCorrected', { reason: '限价有误' }, { kind: 'correction', target: notice.eventId, changes: { controlPrice: 90 } });
const fix2 = version(3, 'DisclosureCorrected', { reason: '再次更正' }, { kind: 'correction', target: notice.eventId, changes: { controlPrice: 95 } });
const award = version(4, 'AwardPublicized', { tenderId: 'E1', winner: { name: '某路桥公司', creditCode: '91320500MA1N6R2T5L' }, winningPrice: 94, awardDate: '2026-01-04' });
const retract = version(5, 'DisclosureRetracted', { reason: '误发' }, { kind: 'retraction', target: award.eventId });
const award2 = version(6, 'AwardPublicized', { tenderId: 'E1', winner: { name: '某路桥公司', creditCode: '91320500MA1N6R2T5L' }, winningPrice: 93, awardDate: '2026-01-06' });
const contract = version(7, 'ContractSigned', { tenderId: 'E1', contractNumber: 'HT-1', contractor: { name: '某路桥公司', creditCode: '91320500MA1N6R2T5L' }, contractAmount: 93, signedDate: '2026-01-07' });
const records = [
  { streamId: stream, versions: [notice, fix1, fix2] },
  { streamId: stream, versions: [award, retract, award2] },
  { streamId: stream, versions: [contract] },
] as unknown as RecordState[];

describe('releasesOfStream', () => {
  const all = releasesOfStream(stream, records, { ocidPrefix: 'ocds-test01' });
  it('gives one release per public event, retracted ones left out, tagged by stage', () => {
    expect(all.map((r) => r['id'])).toEqual([notice, fix1, fix2, award2, contract].map((v) => v.eventId));
    expect(all.map((r) => (r['tag'] as string[])[0])).toEqual(['tender', 'tenderAmendment', 'tenderAmendment', 'award', 'contract']);
    expect(all.every((r) => r['ocid'] === 'ocds-test01-tender-E1')).toBe(true);
  });
  it('chains the amendments and states the corrected values', () => {
    const a1 = (all[1]!['tender'] as any).amendments[0];
    const a2 = (all[2]!['tender'] as any).amendments[0];
    expect(a1).toMatchObject({ amendsReleaseID: notice.eventId, releaseID: fix1.eventId, rationale: '限价有误' });
    expect(a2).toMatchObject({ amendsReleaseID: fix1.eventId, releaseID: fix2.eventId, rationale: '再次更正' });
    expect((all[1]!['tender'] as any).value).toEqual({ amount: 90, currency: 'CNY' });
    expect((all[2]!['tender'] as any).value).toEqual({ amount: 95, currency: 'CNY' });
  });
  it('keeps the tags when exporting incrementally', () => {
    const inc = releasesOfStream(stream, records, { ocidPrefix: 'ocds-test01', afterPosition: 3n });
    expect(inc.map((r) => (r['tag'] as string[])[0])).toEqual(['award', 'contract']);
    const since = releasesOfStream(stream, records, { ocidPrefix: 'ocds-test01', since: '2026-01-03T00:00:00.000Z' });
    expect(since.map((r) => r['id'])).toEqual([fix2, award2, contract].map((v) => v.eventId));
  });
  it('links the contract to the award', () => {
    expect((all[4]!['contracts'] as any)[0]).toMatchObject({ id: 'HT-1', awardID: 'tender-E1-award', value: { amount: 93, currency: 'CNY' } });
  });
});
