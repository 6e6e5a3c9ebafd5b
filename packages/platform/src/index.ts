export * from './problem.ts';
export * from './logger.ts';
export * from './metrics.ts';
export * from './http.ts';
export * from './csv.ts';
