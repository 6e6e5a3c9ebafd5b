// Shapes of the ingest request bodies. Payloads are validated afterwards against the catalog;
// here only the envelope an agency sends.
import { z } from 'zod';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

export const streamIdSchema = z.string().regex(/^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'stream id must look like kind-id, e.g. project-2019-320500-48-01-512345');

export const expectedVersionSchema = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.enum(['any', 'no_stream', 'stream_exists']),
]);

export const eventInputSchema = z
  .object({
    eventId: z.string().regex(UUID_V7, 'eventId must be a UUID v7 (it is the idempotency key)').optional(),
    type: z.string().min(1).max(100),
    schemaVersion: z.number().int().min(1).max(1000).optional(),
    // checked as a plain object only (not copied key by key): the catalog validates it next
    payload: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'payload must be a JSON object' }),
    correlationId: z.string().regex(CORRELATION).optional(),
    causationId: z.string().regex(CORRELATION).optional(),
  })
  .strict();

export type EventInput = z.infer<typeof eventInputSchema>;

export const MAX_EVENTS_PER_STREAM_APPEND = 1000;
export const MAX_ITEMS_PER_BATCH = 1000;

export const streamAppendBodySchema = z.union([
  z.object({ events: z.array(eventInputSchema).min(1).max(MAX_EVENTS_PER_STREAM_APPEND) }).strict(),
  eventInputSchema,
]);

export const batchItemSchema = z
  .object({
    streamId: streamIdSchema,
    expectedVersion: expectedVersionSchema.optional(),
    events: z.array(eventInputSchema).min(1).max(MAX_EVENTS_PER_STREAM_APPEND),
  })
  .strict();

export const batchBodySchema = z.object({ items: z.array(z.unknown()).min(1).max(MAX_ITEMS_PER_BATCH) }).strict();

/** zod issues as problem+json `errors` entries: JSON-pointer-ish path and message. */
export function zodIssues(error: z.ZodError, prefix = ''): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: prefix + (i.path.length ? '/' + i.path.map(String).join('/') : ''), message: i.message }));
}
