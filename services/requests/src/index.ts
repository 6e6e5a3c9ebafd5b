// @gongkai/requests — 依申请公开: the request clock, the requester and agency routes, the annual report.
export * from './clock.ts';
export { RequestIndex, clockEventOf } from './request-index.ts';
export type { IndexedRequest } from './request-index.ts';
export { AnnualReportBuilder, annualReport, readLedgerInto } from './report.ts';
export type { AnnualReport, Figure, ProactiveRow, ReportOptions } from './report.ts';
export { renderAnnualReportHtml } from './report-html.ts';
export { removePaths } from './redact.ts';
export { clockView, createRequestsRouter } from './router.ts';
export type { RequestsRouterOptions } from './router.ts';
