import type { ExpectedVersion } from './port.ts';

export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** The same eventId was recorded before with different content (or in another stream). */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`event ${eventId}: ${reason}`);
  }
}

/**
 * The store cannot accept writes (read-only file, disk full, I/O error, locked, closed). The append
 * was not acknowledged. When the failure happened before the commit nothing was written; when the
 * commit itself failed the outcome is unknown, and retrying with the same eventIds is safe (appends
 * are idempotent by eventId).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Malformed arguments (empty append, bad stream id, a payload JSON cannot carry …). Nothing was written. */
export class EventStoreInputError extends TypeError {
  override readonly name = 'EventStoreInputError';
  constructor(
    /** where the problem is, e.g. `events[2].payload.amount` */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
