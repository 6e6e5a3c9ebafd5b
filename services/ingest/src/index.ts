export { AppendService } from './append-service.ts';
export type { AppendServiceOptions, StreamAppendView, AppendedEventView } from './append-service.ts';
export { createIngestRouter } from './routes.ts';
export type { IngestRouterOptions } from './routes.ts';
export type { EventInput } from './request-schema.ts';
export { eventInputSchema, streamAppendBodySchema, batchBodySchema, batchItemSchema, streamIdSchema } from './request-schema.ts';
