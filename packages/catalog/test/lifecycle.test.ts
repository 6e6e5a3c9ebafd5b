// Lifecycle rules as Given/When/Then specifications.
import { describe, expect, it } from 'vitest';
import { amendedEvent, checkLifecycle, effectiveHistory, getEntry } from '../src/index.ts';
import { examplePayload as p, exampleWhere } from './fixtures.ts';
import { correct, ev, given, retract } from './spec.ts';

const approval = (kind: string, overrides: Record<string, unknown> = {}) =>
  ev('ApprovalDecided', { ...exampleWhere('ApprovalDecided', (x) => x.kind === kind), ...overrides });

describe('project stream', () => {
  const registered = ev('ProjectRegistered', p('ProjectRegistered'));

  it('opens with a registration, once', () => {
    given([]).when(registered).then('ok');
    given([registered]).when(ev('ProjectRegistered', p('ProjectRegistered'))).then('PROJECT-ONCE');
  });

  it('a retracted registration may be registered again', () => {
    given([registered, retract(registered)]).when(ev('ProjectRegistered', p('ProjectRegistered'))).then('ok');
  });

  it('every other project-stream event needs the registration', () => {
    for (const type of ['ApprovalDecided', 'ApplicationAccepted', 'ParticipantsDisclosed', 'DrawingReviewCompleted', 'SupervisionAssigned', 'DesignChangeApproved']) {
      given([]).when(ev(type, p(type))).then('PROJECT-REGISTERED');
    }
    given([registered, retract(registered)]).when(approval('project-proposal')).then('PROJECT-REGISTERED');
  });

  describe('政府投资 approvals in order', () => {
    const proposal = approval('project-proposal');
    const feasibility = approval('feasibility-study');

    it('可研 needs an approved 建议书', () => {
      given([registered]).when(feasibility).then('APPROVAL-FS-NEEDS-PROPOSAL');
      given([registered, proposal]).when(feasibility).then('ok');
      given([registered, approval('project-proposal', { result: 'rejected', rejectionReason: '不符合规划' })]).when(feasibility).then('APPROVAL-FS-NEEDS-PROPOSAL');
      given([registered, proposal, retract(proposal)]).when(feasibility).then('APPROVAL-FS-NEEDS-PROPOSAL');
    });

    it('初步设计 needs an approved 可研', () => {
      given([registered, proposal]).when(approval('preliminary-design')).then('APPROVAL-PD-NEEDS-FS');
      given([registered, proposal, feasibility]).when(approval('preliminary-design')).then('ok');
    });

    it('enterprise (备案/核准) projects have no 建议书 or 可研 approvals to wait for', () => {
      const enterprise = ev('ProjectRegistered', p('ProjectRegistered', { investmentType: 'filing' }));
      given([enterprise]).when(approval('feasibility-study')).then('ok');
      given([enterprise]).when(approval('preliminary-design')).then('ok');
    });

    it('a correction of the investment type changes which rules apply', () => {
      given([registered, correct(registered, { investmentType: 'ratification' })]).when(feasibility).then('ok');
    });
  });

  it('施工许可 needs a 建设工程规划许可 (or 乡村建设规划许可)', () => {
    const permit = approval('construction-permit');
    given([registered]).when(permit).then('APPROVAL-PERMIT-NEEDS-PLANNING');
    given([registered, approval('engineering-planning-permit')]).when(permit).then('ok');
    given([registered, approval('engineering-planning-permit', { kind: 'rural-planning-permit', documentNumber: '乡字第320506202000012号' })]).when(permit).then('ok');
  });

  it('a design change needs the approval it changes (same kind and 文号)', () => {
    const change = ev('DesignChangeApproved', p('DesignChangeApproved'));
    const preliminary = approval('preliminary-design');
    given([registered]).when(change).then('DESIGN-CHANGE-NEEDS-APPROVAL');
    given([registered, approval('preliminary-design', { documentNumber: '苏发改投〔2019〕999号' })]).when(change).then('DESIGN-CHANGE-NEEDS-APPROVAL');
    given([registered, approval('feasibility-study', { documentNumber: '苏发改投〔2019〕215号' })]).when(change).then('DESIGN-CHANGE-NEEDS-APPROVAL');
    given([registered, preliminary]).when(change).then('ok');
  });

  describe('办理过程', () => {
    const accepted = ev('ApplicationAccepted', p('ApplicationAccepted'));
    it('progress and conclusion need the application accepted', () => {
      given([registered]).when(ev('ApplicationProgressed', p('ApplicationProgressed'))).then('APPLICATION-ACCEPTED');
      given([registered, accepted]).when(ev('ApplicationProgressed', p('ApplicationProgressed'))).then('ok');
      given([registered, accepted]).when(ev('ApplicationConcluded', p('ApplicationConcluded', { applicationId: 'OTHER-1' }))).then('APPLICATION-ACCEPTED');
    });
    it('an application is accepted once and concluded once', () => {
      given([registered, accepted]).when(ev('ApplicationAccepted', p('ApplicationAccepted'))).then('APPLICATION-ONCE');
      given([registered, accepted]).when(ev('ApplicationAccepted', p('ApplicationAccepted', { applicationId: 'OTHER-1' }))).then('ok');
      const concluded = ev('ApplicationConcluded', p('ApplicationConcluded'));
      given([registered, accepted, concluded]).when(ev('ApplicationConcluded', p('ApplicationConcluded'))).then('APPLICATION-CONCLUDED-ONCE');
    });
  });

  describe('construction and quality & safety', () => {
    const planning = approval('engineering-planning-permit');
    const permit = approval('construction-permit');
    const started = ev('ConstructionStarted', p('ConstructionStarted'));
    const permitted = [registered, planning, permit];

    it('开工 needs the 施工许可 it cites', () => {
      given([registered, planning]).when(started).then('CONSTRUCTION-NEEDS-PERMIT');
      given(permitted).when(ev('ConstructionStarted', p('ConstructionStarted', { permitNumber: '320500202099999999' }))).then('CONSTRUCTION-NEEDS-PERMIT');
      given(permitted).when(started).then('ok');
      given([...permitted, retract(permit)]).when(started).then('CONSTRUCTION-NEEDS-PERMIT');
      given([...permitted, started]).when(ev('ConstructionStarted', p('ConstructionStarted'))).then('CONSTRUCTION-STARTED-ONCE');
    });

    it('progress and inspections need construction started', () => {
      given(permitted).when(ev('ProgressReported', p('ProgressReported'))).then('NEEDS-CONSTRUCTION-STARTED');
      given(permitted).when(ev('InspectionRecorded', p('InspectionRecorded'))).then('NEEDS-CONSTRUCTION-STARTED');
      given([...permitted, started]).when(ev('ProgressReported', p('ProgressReported'))).then('ok');
    });

    it('a rectification needs an inspection that found issues', () => {
      const inspection = ev('InspectionRecorded', p('InspectionRecorded'));
      const rectified = ev('RectificationCompleted', p('RectificationCompleted'));
      given([...permitted, started]).when(rectified).then('RECTIFICATION-NEEDS-INSPECTION');
      given([...permitted, started, inspection]).when(rectified).then('ok');
      given([...permitted, started, inspection]).when(ev('InspectionRecorded', p('InspectionRecorded'))).then('INSPECTION-ONCE');
      const passed = ev('InspectionRecorded', p('InspectionRecorded', { result: 'passed', issues: undefined, rectificationRequirement: undefined, rectificationDeadline: undefined }));
      given([...permitted, started, passed]).when(rectified).then('RECTIFICATION-NEEDS-INSPECTION');
    });

    it('completion needs construction started; filing, handover and final accounts need a passed acceptance', () => {
      given(permitted).when(ev('CompletionAccepted', p('CompletionAccepted'))).then('NEEDS-CONSTRUCTION-STARTED');
      given(permitted).when(ev('SpecialAcceptanceRecorded', p('SpecialAcceptanceRecorded'))).then('NEEDS-CONSTRUCTION-STARTED');
      const accepted = ev('CompletionAccepted', p('CompletionAccepted'));
      const failed = ev('CompletionAccepted', p('CompletionAccepted', { result: 'unqualified' }));
      given([...permitted, started]).when(accepted).then('ok');
      for (const type of ['CompletionFiled', 'HandedOver', 'FinalAccountsApproved']) {
        given([...permitted, started]).when(ev(type, p(type))).then('NEEDS-COMPLETION-ACCEPTANCE');
        given([...permitted, started, failed]).when(ev(type, p(type))).then('NEEDS-COMPLETION-ACCEPTANCE');
        given([...permitted, started, accepted]).when(ev(type, p(type))).then('ok');
      }
      const filed = ev('CompletionFiled', p('CompletionFiled'));
      given([...permitted, started, accepted, filed]).when(ev('CompletionFiled', p('CompletionFiled'))).then('COMPLETION-FILED-ONCE');
    });
  });
});

describe('tender stream', () => {
  const notice = ev('TenderNoticePublished', p('TenderNoticePublished'));
  const prequalification = ev('PrequalificationNoticePublished', p('PrequalificationNoticePublished'));
  // publicity 2019-12-26 .. 2019-12-28
  const candidates = ev('CandidatesPublicized', p('CandidatesPublicized'));
  const award = (overrides: Record<string, unknown> = {}) => ev('AwardPublicized', p('AwardPublicized', overrides));

  it('candidates need a tender or prequalification notice', () => {
    given([]).when(candidates).then('TENDER-NEEDS-NOTICE');
    given([notice]).when(candidates).then('ok');
    given([prequalification]).when(candidates).then('ok');
    given([notice, retract(notice)]).when(candidates).then('TENDER-NEEDS-NOTICE');
  });

  it('an award needs the candidate publicity to have closed, and a winner among the candidates', () => {
    given([notice]).when(award()).then('AWARD-NEEDS-CLOSED-CANDIDATES');
    given([notice, candidates]).when(award({ awardDate: '2019-12-28', noticeDate: '2019-12-28' })).then('AWARD-NEEDS-CLOSED-CANDIDATES');
    given([notice, candidates]).when(award({ awardDate: '2019-12-29', noticeDate: '2019-12-29' })).then('ok');
    const stranger = { name: '苏州某某建设有限公司', creditCode: '91350100M000100Y43' };
    given([notice, candidates]).when(award({ winner: stranger })).then('AWARD-NEEDS-CLOSED-CANDIDATES');
    given([notice, candidates, retract(candidates)]).when(award()).then('AWARD-NEEDS-CLOSED-CANDIDATES');
  });

  it('a corrected (extended) publicity period is what the award must wait for', () => {
    const extended = correct(candidates, { publicityEnd: '2020-01-10' });
    given([notice, candidates, extended]).when(award({ awardDate: '2020-01-08', noticeDate: '2020-01-09' })).then('AWARD-NEEDS-CLOSED-CANDIDATES');
    given([notice, candidates, extended]).when(award({ awardDate: '2020-01-11', noticeDate: '2020-01-11' })).then('ok');
  });

  it('the minimum window counts even when the declared end is earlier', () => {
    // a history event declaring a 1-day publicity (accepted before this rule existed, say)
    const short = ev('CandidatesPublicized', p('CandidatesPublicized', { publicityEnd: '2019-12-26' }));
    given([notice, short]).when(award({ awardDate: '2019-12-28', noticeDate: '2019-12-28' })).then('AWARD-NEEDS-CLOSED-CANDIDATES');
    given([notice, short]).when(award({ awardDate: '2019-12-29', noticeDate: '2019-12-29' })).then('ok');
  });

  it('a contract needs the award, with the winner; performance needs the contract', () => {
    const awarded = award();
    const contract = ev('ContractSigned', p('ContractSigned'));
    given([notice, candidates]).when(contract).then('CONTRACT-NEEDS-AWARD');
    given([notice, candidates, awarded]).when(contract).then('ok');
    given([notice, candidates, awarded]).when(ev('ContractSigned', p('ContractSigned', { contractor: { name: '苏州某某建设有限公司', creditCode: '91350100M000100Y43' } }))).then('CONTRACT-NEEDS-AWARD');
    given([notice, candidates, awarded]).when(ev('ContractPerformanceReported', p('ContractPerformanceReported'))).then('PERFORMANCE-NEEDS-CONTRACT');
    given([notice, candidates, awarded, contract]).when(ev('ContractPerformanceReported', p('ContractPerformanceReported'))).then('ok');
  });

  it('a complaint decision needs the tender to have been announced', () => {
    given([]).when(ev('ComplaintDecided', p('ComplaintDecided'))).then('TENDER-NEEDS-NOTICE');
    given([notice]).when(ev('ComplaintDecided', p('ComplaintDecided'))).then('ok');
  });
});

describe('expropriation stream', () => {
  const pre = ev('PreAnnouncementPublished', p('PreAnnouncementPublished'));
  const survey = ev('StatusSurveyPublished', p('StatusSurveyPublished'));
  // plan publicity 2019-06-10 .. 2019-07-10
  const plan = ev('CompensationPlanAnnounced', p('CompensationPlanAnnounced'));
  const approved = ev('ExpropriationApproved', p('ExpropriationApproved'));

  it('follows 预公告 → 现状调查 → 补偿安置方案', () => {
    given([]).when(survey).then('SURVEY-NEEDS-PRE-ANNOUNCEMENT');
    given([pre]).when(plan).then('PLAN-NEEDS-SURVEY');
    given([pre, survey]).when(plan).then('ok');
  });

  it('hearings, registration and the funds report follow the plan', () => {
    const noticed = ev('HearingNoticed', p('HearingNoticed'));
    given([pre, survey]).when(noticed).then('HEARING-NEEDS-PLAN');
    given([pre, survey, plan]).when(ev('HearingHeld', p('HearingHeld'))).then('HEARING-HELD-NEEDS-NOTICE');
    given([pre, survey, plan, noticed]).when(ev('HearingHeld', p('HearingHeld', { hearingNumber: 'OTHER' }))).then('HEARING-HELD-NEEDS-NOTICE');
    given([pre, survey, plan, noticed]).when(ev('HearingHeld', p('HearingHeld'))).then('ok');
    given([pre, survey]).when(ev('CompensationRegistered', p('CompensationRegistered'))).then('REGISTRATION-NEEDS-PLAN');
    given([pre, survey]).when(ev('CompensationFundsReported', p('CompensationFundsReported'))).then('FUNDS-NEEDS-PLAN');
  });

  it('approval only after the 30-day plan publicity has run, once', () => {
    given([pre, survey, plan]).when(ev('ExpropriationApproved', p('ExpropriationApproved', { approvalDate: '2019-07-10' }))).then('APPROVAL-NEEDS-CLOSED-PLAN');
    given([pre, survey, plan]).when(ev('ExpropriationApproved', p('ExpropriationApproved', { approvalDate: '2019-07-11' }))).then('ok');
    given([pre, survey, plan, approved]).when(ev('ExpropriationApproved', p('ExpropriationApproved'))).then('EXPROPRIATION-APPROVED-ONCE');
  });

  it('the 征收土地公告 needs the approval it cites; payment needs the approval', () => {
    const notice = ev('ExpropriationNoticePublished', p('ExpropriationNoticePublished'));
    given([pre, survey, plan]).when(notice).then('NOTICE-NEEDS-APPROVAL');
    given([pre, survey, plan, approved]).when(ev('ExpropriationNoticePublished', p('ExpropriationNoticePublished', { approvalDocumentNumber: '苏政地〔2019〕9999号' }))).then('NOTICE-NEEDS-APPROVAL');
    given([pre, survey, plan, approved]).when(notice).then('ok');
    given([pre, survey, plan]).when(ev('CompensationPaid', p('CompensationPaid'))).then('PAYMENT-NEEDS-APPROVAL');
    given([pre, survey, plan, approved]).when(ev('CompensationPaid', p('CompensationPaid'))).then('ok');
  });
});

describe('penalty stream', () => {
  const decided = ev('PenaltyDecided', p('PenaltyDecided'));
  it('an alteration needs the decision; a case is decided once', () => {
    given([]).when(ev('PenaltyAltered', p('PenaltyAltered'))).then('ALTERATION-NEEDS-DECISION');
    given([decided]).when(ev('PenaltyAltered', p('PenaltyAltered'))).then('ok');
    given([decided]).when(ev('PenaltyDecided', p('PenaltyDecided'))).then('PENALTY-ONCE');
  });
});

describe('allocation streams', () => {
  it('政府采购: result needs a notice (or a single-source publicity that has run), contract the result, acceptance the contract', () => {
    const notice = ev('ProcurementNoticePublished', p('ProcurementNoticePublished'));
    const result = ev('ProcurementResultPublished', p('ProcurementResultPublished'));
    const contract = ev('ProcurementContractPublished', p('ProcurementContractPublished'));
    given([ev('ProcurementIntentionPublished', p('ProcurementIntentionPublished'))]).when(result).then('PROCUREMENT-RESULT-NEEDS-NOTICE');
    given([notice]).when(result).then('ok');
    given([notice]).when(contract).then('PROCUREMENT-CONTRACT-NEEDS-RESULT');
    given([notice, result]).when(contract).then('ok');
    given([notice, result]).when(ev('ProcurementContractPublished', p('ProcurementContractPublished', { supplier: { name: '无锡锡科软件有限公司', creditCode: '91350100M000100Y43' } }))).then('PROCUREMENT-CONTRACT-NEEDS-RESULT');
    given([notice, result]).when(ev('ProcurementAcceptancePublished', p('ProcurementAcceptancePublished'))).then('PROCUREMENT-ACCEPTANCE-NEEDS-CONTRACT');
    given([notice, result, contract]).when(ev('ProcurementAcceptancePublished', p('ProcurementAcceptancePublished'))).then('ok');
    given([]).when(ev('ProcurementComplaintDecided', p('ProcurementComplaintDecided'))).then('PROCUREMENT-NEEDS-NOTICE');

    // single source: publicity 2024-05-06 .. 2024-05-10 (5 working days)
    const sole = ev('ProcurementSingleSourcePublicized', p('ProcurementSingleSourcePublicized'));
    const soleResult = (determinedDate: string) => ev('ProcurementResultPublished', p('ProcurementResultPublished', { determinedDate, noticeDate: determinedDate }, 1));
    given([sole]).when(soleResult('2024-05-10')).then('PROCUREMENT-RESULT-NEEDS-NOTICE');
    given([sole]).when(soleResult('2024-05-11')).then('ok');
  });

  it('国有土地使用权出让: result for the announced parcel, contract with the winner', () => {
    const notice = ev('LandGrantNoticePublished', p('LandGrantNoticePublished'));
    const result = ev('LandGrantResultPublished', p('LandGrantResultPublished'));
    given([]).when(result).then('LAND-RESULT-NEEDS-NOTICE');
    const otherParcel = { ...(p('LandGrantResultPublished').parcel as object), parcelNumber: '苏地2024-WG-99号' };
    given([notice]).when(ev('LandGrantResultPublished', p('LandGrantResultPublished', { parcel: otherParcel }))).then('LAND-RESULT-NEEDS-NOTICE');
    given([notice]).when(result).then('ok');
    given([notice]).when(ev('LandGrantContractSigned', p('LandGrantContractSigned'))).then('LAND-CONTRACT-NEEDS-RESULT');
    given([notice, result]).when(ev('LandGrantContractSigned', p('LandGrantContractSigned'))).then('ok');
  });

  it('矿业权出让: notice → result → licence to the winner', () => {
    const notice = ev('MiningGrantNoticePublished', p('MiningGrantNoticePublished'));
    const result = ev('MiningGrantResultPublished', p('MiningGrantResultPublished'));
    given([]).when(result).then('MINING-RESULT-NEEDS-NOTICE');
    given([notice]).when(ev('MiningRightLicensed', p('MiningRightLicensed'))).then('MINING-LICENCE-NEEDS-RESULT');
    given([notice, result]).when(ev('MiningRightLicensed', p('MiningRightLicensed'))).then('ok');
  });

  it('国有产权交易: the result must follow the end of the 20-working-day disclosure', () => {
    // disclosure 2023-08-07 .. 2023-09-01
    const disclosed = ev('StatePropertyTransferDisclosed', p('StatePropertyTransferDisclosed'));
    const result = (transactionDate: string) =>
      ev('StatePropertyTransferResultPublicized', p('StatePropertyTransferResultPublicized', { transactionDate }));
    given([]).when(result('2023-09-05')).then('SOE-RESULT-NEEDS-CLOSED-DISCLOSURE');
    given([disclosed]).when(result('2023-09-01')).then('SOE-RESULT-NEEDS-CLOSED-DISCLOSURE');
    given([disclosed]).when(result('2023-09-02')).then('ok');
  });

  it('保障性住房: listing → review → allocation → exit', () => {
    const listing = ev('HousingListingPublished', p('HousingListingPublished'));
    const reviewed = ev('HousingApplicationsReviewed', p('HousingApplicationsReviewed'));
    const allocated = ev('HousingAllocated', p('HousingAllocated'));
    given([]).when(reviewed).then('REVIEW-NEEDS-LISTING');
    given([listing]).when(allocated).then('ALLOCATION-NEEDS-REVIEW');
    given([listing, reviewed]).when(allocated).then('ok');
    given([listing, reviewed]).when(ev('HousingExited', p('HousingExited'))).then('EXIT-NEEDS-ALLOCATION');
    given([listing, reviewed, allocated]).when(ev('HousingExited', p('HousingExited'))).then('ok');
  });

  it('blacklist entries and document revocations happen once', () => {
    const entry = ev('BlacklistEntryPublished', p('BlacklistEntryPublished'));
    given([entry]).when(ev('BlacklistEntryPublished', p('BlacklistEntryPublished'))).then('BLACKLIST-ONCE');
    const revoked = ev('DocumentRevoked', p('DocumentRevoked'));
    given([]).when(revoked).then('ok');
    given([revoked]).when(ev('DocumentRevoked', p('DocumentRevoked'))).then('DOCUMENT-REVOKED-ONCE');
  });
});

describe('corrections and retractions', () => {
  const registered = ev('ProjectRegistered', p('ProjectRegistered'));
  const proposal = approval('project-proposal');

  it('target an event of the same stream, of the named type', () => {
    const elsewhere = ev('ProjectRegistered', p('ProjectRegistered'));
    given([registered]).when(retract(elsewhere)).then('AMEND-TARGET-EXISTS');
    given([registered]).when(correct(elsewhere, { projectName: '新名称' })).then('AMEND-TARGET-EXISTS');
    const misnamed = ev('DisclosureRetracted', { ...retract(registered).payload as object, targetType: 'ApprovalDecided' });
    given([registered]).when(misnamed).then('AMEND-TARGET-TYPE');
  });

  it('are posted by the agency that posted the target', () => {
    given([registered]).when(retract(registered, 'agency-other')).then('AMEND-SAME-AGENCY');
    given([registered]).when(correct(registered, { projectName: '苏州市春申湖路改造工程' }, 'agency-other')).then('AMEND-SAME-AGENCY');
    given([registered]).when(retract(registered)).then('ok');
  });

  it('cannot amend a retracted event, nor an amendment', () => {
    const retraction = retract(registered);
    given([registered, retraction]).when(retract(registered)).then('AMEND-TARGET-RETRACTED');
    given([registered, retraction]).when(correct(registered, { projectName: 'x' })).then('AMEND-TARGET-RETRACTED');
    given([registered, retraction]).when(retract(retraction)).then('AMEND-TARGET-TYPE');
    const correction = correct(registered, { projectName: '苏州市春申湖路改造工程' });
    given([registered, correction]).when(correct(correction, { reason: 'x' })).then('AMEND-TARGET-TYPE');
  });

  it("validate a correction's changes against the target type, merged with the target", () => {
    given([registered]).when(correct(registered, { totalInvestment: 5_000_000_000 })).then('ok');
    given([registered]).when(correct(registered, { totalInvestment: 'a lot' })).then('AMEND-CHANGES-INVALID');
    given([registered]).when(correct(registered, { registrationDate: '2019-02-30' })).then('AMEND-CHANGES-INVALID');
    given([registered]).when(correct(registered, { unknownField: 1 })).then('AMEND-CHANGES-INVALID');
    given([registered, proposal]).when(correct(proposal, { result: 'rejected' })).then('AMEND-CHANGES-INVALID');
    given([registered, proposal]).when(correct(proposal, { result: 'rejected', rejectionReason: '不符合国土空间规划' })).then('ok');
  });

  it('may not move the event to another stream', () => {
    given([registered]).when(correct(registered, { projectCode: '2019-320500-48-01-512346' })).then('AMEND-STREAM-KEY');
  });

  it('corrections accumulate, and the violation message names the failing field without its value', () => {
    const first = correct(registered, { projectName: '苏州市春申湖路改造工程' });
    const effective = effectiveHistory([registered, first, correct(registered, { industry: '市政道路' })]);
    expect(effective).toHaveLength(1);
    expect(effective[0]!.payload).toMatchObject({ projectName: '苏州市春申湖路改造工程', industry: '市政道路' });
    const violation = checkLifecycle([registered], correct(registered, { registrationDate: '2019-02-30' }));
    expect(violation?.message).toContain('registrationDate');
    expect(violation?.message).not.toContain('2019-02-30');
  });

  it('amendedEvent finds the target, e.g. to check its region', () => {
    const retraction = retract(registered);
    const target = amendedEvent([registered], 'DisclosureRetracted', retraction.payload);
    expect(target?.eventId).toBe(registered.eventId);
    expect(getEntry(target!.type)!.regionOf(target!.payload)).toBe('320500');
    expect(amendedEvent([registered], 'ProjectRegistered', registered.payload)).toBeUndefined();
  });

  it('reject unknown event types', () => {
    expect(checkLifecycle([], ev('NoSuchEvent', {}))?.rule).toBe('UNKNOWN-TYPE');
  });
});
