// The ingest API's request schemas, for the OpenAPI document.
import {
  batchBodySchema,
  batchItemSchema,
  eventInputSchema,
  streamAppendBodySchema,
  streamIdSchema,
} from '@gongkai/ingest';

export const ingestSchemas = {
  eventInputSchema,
  streamAppendBodySchema,
  batchBodySchema,
  batchItemSchema,
  streamIdSchema,
  streamIdPattern: '^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
};
