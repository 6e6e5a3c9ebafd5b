export { AgencyRegistry } from './agency-registry.ts';
export type { Agency, Principal, IssuedKey } from './agency-registry.ts';
