export { AgencyRegistry } from './agency-registry.ts';
export type { Agency, Principal, IssuedKey } from './agency-registry.ts';
export { OidcVerifier, oidcOptionsFromEnv } from './oidc.ts';
export type { OidcOptions } from './oidc.ts';
