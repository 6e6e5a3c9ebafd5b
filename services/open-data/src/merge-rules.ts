// The merge rules of the OCDS 1.1.5 release schema (the same 24 as 1.1.4), derived once by
// mergeRulesOf() from the published schema; test/open-data/merge.test.ts checks this constant
// against the schema, so the service needs no copy of the schema at run time.
import type { MergeRule } from './merge.ts';

const OMIT = ['id', 'date', 'tag'];
const WHOLE = [
  'awards.items.additionalClassifications',
  'contracts.items.additionalClassifications',
  'contracts.relatedProcesses.relationship',
  'parties.additionalIdentifiers',
  'parties.roles',
  'relatedProcesses.relationship',
  'tender.additionalProcurementCategories',
  'tender.items.additionalClassifications',
  'tender.submissionMethod',
  'awards.amendment.changes',
  'awards.amendments.changes',
  'awards.suppliers.additionalIdentifiers',
  'buyer.additionalIdentifiers',
  'contracts.amendment.changes',
  'contracts.amendments.changes',
  'contracts.implementation.transactions.payee.additionalIdentifiers',
  'contracts.implementation.transactions.payer.additionalIdentifiers',
  'tender.amendment.changes',
  'tender.amendments.changes',
  'tender.procuringEntity.additionalIdentifiers',
  'tender.tenderers.additionalIdentifiers',
];

export const OCDS_1_1_5_RULES: ReadonlyMap<string, MergeRule> = new Map<string, MergeRule>([
  ...OMIT.map((p): [string, MergeRule] => [p, 'omitWhenMerged']),
  ...WHOLE.map((p): [string, MergeRule] => [p, 'wholeListMerge']),
]);
