// Erasure (个人信息保护法 第47条): destroy the subject's data keys, then record the erasure in the
// ledger as an event of its own stream, so the ledger itself says when, why and by whom data was
// forgotten. The event names the subject reference (stream and subject id — not personal data)
// and the reason; it never carries the erased values.
import { createHash, randomUUID } from 'node:crypto';
import type { EventStore } from '@gongkai/event-store';
import type { SubjectKeyStore } from './key-store.ts';

export const ERASURE_EVENT_TYPE = 'PersonalDataErased';

export class UnknownSubjectError extends Error {}

export interface EraseInput {
  subject: string;
  reason: string;
  /** who asked (operator account, ticket) */
  requestedBy?: string;
}

export interface EraseOutcome {
  subject: string;
  keyIds: string[];
  erasedAt: string;
  streamId: string;
  eventId: string;
  globalPosition: string;
  hash: string;
}

export function erasureStreamId(subject: string): string {
  return `erasure-${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 32)}`;
}

/** Destroys the subject's keys and appends the PersonalDataErased event (the raw store: the payload holds no personal data). */
export async function eraseSubject(keys: SubjectKeyStore, store: EventStore, input: EraseInput): Promise<EraseOutcome> {
  const reason = input.reason.trim();
  if (!reason) throw new Error('an erasure needs a reason');
  const known = keys.subjects().find((s) => s.subject === input.subject);
  if (!known) throw new UnknownSubjectError(`no personal data is held for subject ${input.subject}`);
  const result = keys.erase(input.subject, reason);
  if (!result.changed) throw new UnknownSubjectError(`subject ${input.subject} was already erased at ${known.erasedAt}`);
  const streamId = erasureStreamId(input.subject);
  const eventId = randomUUID();
  const appended = await store.append(streamId, [
    {
      eventId,
      type: ERASURE_EVENT_TYPE,
      schemaVersion: 1,
      occurredAt: result.erasedAt,
      payload: { subject: input.subject, reason, erasedAt: result.erasedAt, keyIds: result.keyIds },
      metadata: { agency: 'gongkai-operator', user: input.requestedBy ?? 'gongkai erase' },
    },
  ]);
  const a = appended.events[0]!;
  return { subject: input.subject, keyIds: result.keyIds, erasedAt: result.erasedAt, streamId, eventId, globalPosition: a.globalPosition.toString(), hash: a.hash };
}
