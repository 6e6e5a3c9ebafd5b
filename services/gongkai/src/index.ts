export { startHost } from './host.ts';
export type { HostOptions, RunningHost } from './host.ts';
export { dataPaths } from './data-dir.ts';
