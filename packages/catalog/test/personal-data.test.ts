// Personal-data declarations resolve to real values in real payloads, with their subjects.
import { describe, expect, it } from 'vitest';
import { audienceFor, catalog, categoryFor, conditionHolds, domainFor, getEntry, personalDataOf, subjectFor, valuesAt } from '../src/index.ts';
import { examplePayload } from './fixtures.ts';

describe('personal data', () => {
  it.each(catalog.filter((e) => e.personalData?.length).map((e) => e.type))('%s: every declared path has values and a subject per value', (type) => {
    const entry = getEntry(type)!;
    const payload = examplePayload(type);
    for (const field of entry.personalData!) {
      if (field.when && !conditionHolds(field.when, payload)) continue;
      for (const { path } of valuesAt(payload, field.path)) {
        expect(typeof subjectFor(payload, field.subject, path), `${path} → ${field.subject}`).toBe('string');
      }
    }
  });

  it('resolves array paths to concrete locations and their subjects', () => {
    const payload = examplePayload('CompensationRegistered');
    const names = valuesAt(payload, 'households[].name');
    expect(names.map((v) => v.path)).toEqual(['households[0].name', 'households[1].name', 'households[2].name']);
    expect(subjectFor(payload, 'households[].householdId', 'households[2].name')).toBe('WZ-2019-007-003');
    expect(subjectFor(examplePayload('PenaltyDecided', {}, 1), 'penaltyId', 'party.name')).toBe('GSZF-2022-0321');
  });

  it('a penalty party is personal data only when a natural person', () => {
    const entry = getEntry('PenaltyDecided')!;
    const nameField = entry.personalData!.find((f) => f.path === 'party.name')!;
    expect(conditionHolds(nameField.when!, examplePayload('PenaltyDecided', {}, 0))).toBe(false);
    expect(conditionHolds(nameField.when!, examplePayload('PenaltyDecided', {}, 1))).toBe(true);
  });

  it('request-only fields are declared for the hearing transcript and housing applicants', () => {
    expect(getEntry('HearingHeld')!.fieldAudiences).toEqual([{ path: 'transcript', audience: 'request' }]);
    expect(getEntry('HousingApplicationsReviewed')!.fieldAudiences!.map((f) => f.path)).toContain('applicants[].idNumber');
  });

  it('a correction carries the personal data of its target under changes.', () => {
    const corrected = getEntry('DisclosureCorrected')!;
    const fields = personalDataOf(corrected, { targetType: 'CompensationPaid', changes: {} });
    expect(fields.map((f) => f.path)).toContain('changes.households[].bankAccount');
    expect(fields.every((f) => f.subject.startsWith('changes.'))).toBe(true);
    expect(personalDataOf(getEntry('DisclosureRetracted')!, { targetType: 'CompensationPaid' })).toEqual([]);
    expect(personalDataOf(corrected, { targetType: 'PenaltyDecided' }).find((f) => f.path === 'changes.party.name')?.when?.path).toBe('changes.party.type');
  });

  it('amendments take domain, category and audience from the target type', () => {
    const retracted = getEntry('DisclosureRetracted')!;
    expect(domainFor(retracted, { targetType: 'CompensationRegistered' })).toBe('land');
    expect(categoryFor(retracted, { targetType: 'CompensationRegistered' })).toBe('land-expropriation');
    expect(audienceFor(retracted, { targetType: 'CompensationRegistered' })).toBe('request');
    expect(audienceFor(retracted, { targetType: 'Unknown' })).toBeUndefined();
  });
});

describe('record keys and joins', () => {
  it('group events into disclosure records', () => {
    expect(getEntry('ApprovalDecided')!.recordKeyOf(examplePayload('ApprovalDecided'))).toEqual({ kind: 'own', key: 'approval:project-proposal:苏发改投〔2019〕58号' });
    // the three 办理过程 events share one record
    const keys = ['ApplicationAccepted', 'ApplicationProgressed', 'ApplicationConcluded'].map((t) => getEntry(t)!.recordKeyOf(examplePayload(t)));
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(1);
    // an alteration belongs to the decision's record
    expect(getEntry('PenaltyAltered')!.recordKeyOf(examplePayload('PenaltyAltered'))).toEqual(getEntry('PenaltyDecided')!.recordKeyOf(examplePayload('PenaltyDecided')));
    const target = examplePayload('DisclosureCorrected').targetEventId;
    expect(getEntry('DisclosureCorrected')!.recordKeyOf(examplePayload('DisclosureCorrected'))).toEqual({ kind: 'amends', eventId: target });
  });

  it('every example has a record key', () => {
    for (const entry of catalog) expect(entry.recordKeyOf(examplePayload(entry.type)), entry.type).toBeDefined();
  });

  it('name the projects an event concerns and its region', () => {
    expect(getEntry('CompensationPaid')!.projectCodes(examplePayload('CompensationPaid'))).toEqual(['2019-320500-48-01-512345']);
    expect(getEntry('AwardPublicized')!.projectCodes(examplePayload('AwardPublicized'))).toEqual(['2019-320500-48-01-512345']);
    expect(getEntry('PenaltyDecided')!.projectCodes(examplePayload('PenaltyDecided', {}, 1))).toEqual([]);
    expect(getEntry('ApprovalDecided')!.regionOf(examplePayload('ApprovalDecided'))).toBe('320500');
    expect(getEntry('CompensationPaid')!.regionOf(examplePayload('CompensationPaid'))).toBe('320506');
    expect(getEntry('DisclosureCorrected')!.regionOf(examplePayload('DisclosureCorrected'))).toBeUndefined();
    expect(getEntry('ProjectRegistered')!.streamIdFor(examplePayload('ProjectRegistered'))).toBe('project-2019-320500-48-01-512345');
  });
});
