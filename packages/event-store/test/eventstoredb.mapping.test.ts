// The EventStoreDB adapter's pure translations, checked with the real client's constants, event
// constructor and error classes. No server is involved (see eventstoredb.contract.test.ts for that).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  AccessDeniedError as EsdbAccessDeniedError,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  StreamDeletedError as EsdbStreamDeletedError,
  UnavailableError as EsdbUnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import type { JSONEventData } from '@eventstore/db-client';
import { GENESIS_HASH, eventHash, verifyChain } from '@gongkai/integrity';
import {
  EventStoreInputError,
  IdempotencyConflictError,
  StoreUnavailableError,
  WrongExpectedVersionError,
  expectedVersionMatches,
  prepareAppend,
} from '../src/index.ts';
import { recordedHash } from '../src/prepare.ts';
import type { ExpectedVersion, RecordedEvent } from '../src/port.ts';
import {
  EVENT_ID_INDEX_PREFIX,
  LEDGER_STREAM_REGEX,
  currentRevisionToVersion,
  fromExpectedRevision,
  fromRecordedEvent,
  indexStreamName,
  isLedgerEvent,
  readPositionAfter,
  revisionToVersion,
  toEventData,
  toExpectedRevision,
  translateError,
  versionToCurrentRevision,
  versionToRevision,
} from '../src/eventstoredb/index.ts';
import { eventStoreUrlFromEnv, withKeepAlive } from '../src/eventstoredb/eventstoredb-event-store.ts';
import { parseIndexStream, reservationEvent, recordedEvent, RESERVED_TYPE, RECORDED_TYPE } from '../src/eventstoredb/mapping.ts';
import { newEvent } from './helpers.ts';

describe('version ⇄ revision', () => {
  it('maps version v to revision v − 1 and back', () => {
    expect(versionToRevision(1)).toBe(0n);
    expect(versionToRevision(2)).toBe(1n);
    expect(revisionToVersion(0n)).toBe(1);
    expect(revisionToVersion(41n)).toBe(42);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (v) => revisionToVersion(versionToRevision(v)) === v),
    );
  });

  it('never produces a negative revision', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) expect(() => versionToRevision(bad)).toThrow(RangeError);
    expect(() => revisionToVersion(-1n)).toThrow(RangeError);
    expect(() => revisionToVersion(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
  });

  it('version 0 is NO_STREAM both ways', () => {
    expect(versionToCurrentRevision(0)).toBe(NO_STREAM);
    expect(currentRevisionToVersion(NO_STREAM)).toBe(0);
    expect(versionToCurrentRevision(7)).toBe(6n);
    expect(currentRevisionToVersion(6n)).toBe(7);
  });
});

describe('expected version → expected revision', () => {
  it('translates every mode to the client constant with the same meaning', () => {
    expect(toExpectedRevision('any')).toBe(ANY);
    expect(toExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toExpectedRevision(0)).toBe(NO_STREAM);
    expect(toExpectedRevision(1)).toBe(0n);
    expect(toExpectedRevision(10)).toBe(9n);
  });

  it('round-trips (0 comes back as no_stream, which means the same)', () => {
    for (const e of ['any', 'no_stream', 'stream_exists', 1, 2, 1000] as ExpectedVersion[]) {
      expect(fromExpectedRevision(toExpectedRevision(e))).toBe(e);
    }
    expect(fromExpectedRevision(toExpectedRevision(0))).toBe('no_stream');
    // same meaning: the port's check agrees for both forms on every actual version
    for (const actual of [0, 1, 5]) expect(expectedVersionMatches('no_stream', actual)).toBe(expectedVersionMatches(0, actual));
  });

  it('the revision an append pins equals the server expectation for that exact head', () => {
    // ESDB semantics: an exact expected revision r means "the last event has revision r", i.e. the
    // stream's version is r + 1; NO_STREAM means version 0.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (head) => {
        const r = toExpectedRevision(head);
        return head === 0 ? r === NO_STREAM : r === BigInt(head - 1) && currentRevisionToVersion(r as bigint) === head;
      }),
    );
  });

  it('rejects malformed expected versions with EventStoreInputError', () => {
    for (const bad of [-1, 1.5, 'latest', '3', null]) {
      expect(() => toExpectedRevision(bad as never)).toThrow(EventStoreInputError);
    }
  });
});

describe('error translation', () => {
  it('WrongExpectedVersionError → the port error, actual = current revision + 1', () => {
    const esdb = new EsdbWrongExpectedVersionError(undefined, { streamName: 'project-1', expected: 2n, current: 4n });
    const e = translateError(esdb, { operation: 'append', streamId: 'project-1', expected: 3 });
    expect(e).toBeInstanceOf(WrongExpectedVersionError);
    expect(e).toMatchObject({ streamId: 'project-1', expected: 3, actual: 5 });

    const noStream = new EsdbWrongExpectedVersionError(undefined, { streamName: 'p', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(translateError(noStream, { operation: 'append' })).toMatchObject({ streamId: 'p', expected: 'stream_exists', actual: 0 });
    const exists = new EsdbWrongExpectedVersionError(undefined, { streamName: 'p', expected: NO_STREAM, current: 0n });
    expect(translateError(exists, { operation: 'append' })).toMatchObject({ expected: 'no_stream', actual: 1 });
  });

  it('transport and server failures → StoreUnavailableError naming the cause; appends say the outcome is unknown', () => {
    const unavailable = translateError(new EsdbUnavailableError(undefined, 'connect ECONNREFUSED'), { operation: 'append', streamId: 's', write: true });
    expect(unavailable).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable.message).toContain('server unavailable');
    expect(unavailable.message).toContain('retrying with the same eventIds is safe');
    expect((unavailable as StoreUnavailableError).cause).toBeInstanceOf(EsdbUnavailableError);

    const read = translateError(new EsdbUnavailableError(), { operation: 'readStream', streamId: 's' });
    expect(read.message).not.toContain('outcome is unknown');

    expect(translateError(new EsdbAccessDeniedError(), { operation: 'readAll' }).message).toContain('EVENTSTORE_URL');
    const deleted = translateError(EsdbStreamDeletedError.fromStreamName('project-9'), { operation: 'append', write: true });
    expect(deleted).toBeInstanceOf(StoreUnavailableError);
    expect(deleted.message).toContain('project-9');
    expect(translateError(new Error('boom'), { operation: 'x' })).toBeInstanceOf(StoreUnavailableError);
  });

  it('an append over the server size limit → EventStoreInputError (nothing written)', () => {
    const e = translateError(EsdbMaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), { operation: 'append', write: true });
    expect(e).toBeInstanceOf(EventStoreInputError);
    expect(e.message).toContain('1048576');
  });

  it('port errors pass through unchanged', () => {
    for (const e of [
      new WrongExpectedVersionError('s', 1, 2),
      new IdempotencyConflictError(uuidv7(), 'x'),
      new EventStoreInputError('p', 'q'),
      new StoreUnavailableError('down'),
    ]) {
      expect(translateError(e, { operation: 'append' })).toBe(e);
    }
  });
});

/** What the server would hand back for an event written with toEventData (the client's shape). */
function asRecorded(data: ReturnType<typeof toEventData>, streamId: string, revision: bigint, position: bigint) {
  const d = data as JSONEventData;
  // the client sends data and metadata as JSON text and parses them on read
  return {
    streamId,
    id: d.id,
    revision,
    type: d.type,
    isJson: true as const,
    created: new Date(),
    data: JSON.parse(JSON.stringify(d.data)) as unknown,
    metadata: JSON.parse(JSON.stringify(d.metadata)) as unknown,
    position: { commit: position, prepare: position },
  };
}

describe('event (de)serialisation', () => {
  it('a hashed event survives toEventData → server JSON → fromRecordedEvent, and its chain verifies', () => {
    const streamId = `project-${uuidv7()}`;
    const input = [
      newEvent({
        payload: { 标题: '苏州工业园区 征收土地预公告', n: { big: 9007199254740991, small: 1e-7, large: 1e21 }, list: [1, 'two', null, true] },
        metadata: { agency: 'sip-zrghj', user: '张三', correlationId: uuidv7(), causationId: uuidv7() },
      }),
      newEvent(),
      newEvent({ schemaVersion: 3, occurredAt: '2024-06-01T09:30:00+08:00' }),
    ];
    const prepared = prepareAppend(streamId, input);
    const recordedAt = '2024-06-01T01:30:00.123Z';
    let prev = GENESIS_HASH;
    const out: RecordedEvent[] = [];
    prepared.forEach((e, i) => {
      const hash = recordedHash(e, prev, recordedAt, i + 1);
      const data = toEventData({ ...e, recordedAt, prevHash: prev, hash });
      expect(data.id).toBe(e.eventId); // ESDB's event id is the port's eventId
      expect(data.type).toBe(e.type);
      expect(data.contentType).toBe('application/json');
      const back = fromRecordedEvent(asRecorded(data, streamId, BigInt(i), 1000n + BigInt(i) * 200n));
      expect(back).toMatchObject({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        occurredAt: e.occurredAt,
        payload: input[i]!.payload,
        metadata: input[i]!.metadata,
        streamId,
        version: i + 1,
        globalPosition: 1000n + BigInt(i) * 200n,
        recordedAt,
        prevHash: prev,
        hash,
      });
      expect(eventHash(back)).toBe(hash);
      out.push(back);
      prev = hash;
    });
    expect(verifyChain(out)).toBeUndefined();
  });

  it('copies correlation and causation ids to ESDB’s $correlationId / $causationId', () => {
    const c = uuidv7();
    const [e] = prepareAppend('s', [newEvent({ metadata: { agency: 'a', correlationId: c } })]);
    const data = toEventData({ ...e!, recordedAt: '2024-01-01T00:00:00.000Z', prevHash: GENESIS_HASH, hash: 'f'.repeat(64) }) as JSONEventData;
    expect(data.metadata).toMatchObject({ $correlationId: c, gongkai: 1 });
    expect(data.metadata).not.toHaveProperty('$causationId');
  });

  it('refuses events that are not Gongkai envelopes, and reports a missing position', () => {
    const foreign = jsonEvent({ type: 'OrderPlaced', data: { id: 1 }, metadata: { some: 'thing' } });
    expect(() => fromRecordedEvent(asRecorded(foreign, 'orders-1', 0n, 5n))).toThrow(StoreUnavailableError);
    const [e] = prepareAppend('s', [newEvent()]);
    const ours = toEventData({ ...e!, recordedAt: '2024-01-01T00:00:00.000Z', prevHash: GENESIS_HASH, hash: 'a'.repeat(64) });
    const noPosition = { ...asRecorded(ours, 's', 0n, 5n), position: undefined };
    expect(() => fromRecordedEvent(noPosition)).toThrow(/22\.10/);
  });
});

describe('the global log filter', () => {
  const ours = () => {
    const [e] = prepareAppend('s', [newEvent()]);
    return toEventData({ ...e!, recordedAt: '2024-01-01T00:00:00.000Z', prevHash: GENESIS_HASH, hash: 'a'.repeat(64) }) as JSONEventData;
  };

  it('keeps Gongkai events and drops system streams, $-types, index streams and foreign events', () => {
    const d = ours();
    expect(isLedgerEvent({ streamId: 'project-1', type: d.type, metadata: d.metadata })).toBe(true);
    expect(isLedgerEvent({ streamId: '$$project-1', type: '$metadata', metadata: {} })).toBe(false);
    expect(isLedgerEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected', metadata: d.metadata })).toBe(false);
    expect(isLedgerEvent({ streamId: 'project-1', type: '$>', metadata: d.metadata })).toBe(false);
    expect(isLedgerEvent({ streamId: indexStreamName(uuidv7()), type: RESERVED_TYPE, metadata: d.metadata })).toBe(false);
    expect(isLedgerEvent({ streamId: 'orders-1', type: 'OrderPlaced', metadata: { some: 'thing' } })).toBe(false);
    expect(isLedgerEvent({ streamId: 'orders-1', type: 'OrderPlaced', metadata: new Uint8Array([1]) })).toBe(false);
  });

  it('the server-side stream regex says the same about stream names', () => {
    const re = new RegExp(LEDGER_STREAM_REGEX);
    expect(re.test('project-2019-320500')).toBe(true);
    expect(re.test('tender-x')).toBe(true);
    expect(re.test('$ce-project')).toBe(false);
    expect(re.test('$$project-1')).toBe(false);
    expect(re.test(`${EVENT_ID_INDEX_PREFIX}${uuidv7()}`)).toBe(false);
    expect(re.test('gongkaiXeventid-1')).toBe(true); // the dot is literal
  });

  it('positions: strictly-after becomes a start position; 0 and undefined mean the start', () => {
    expect(readPositionAfter(undefined)).toBe('start');
    expect(readPositionAfter(0n)).toBe('start');
    expect(readPositionAfter(12345678901234567890n)).toEqual({ commit: 12345678901234567890n, prepare: 12345678901234567890n });
  });
});

describe('eventId index records', () => {
  it('parse back what the adapter writes: reservation first, the last pointer wins', () => {
    const r = { streamId: 'project-1', fingerprint: 'ab'.repeat(32), afterVersion: 4 };
    const asRead = (d: ReturnType<typeof reservationEvent>) => ({ type: d.type, data: JSON.parse(JSON.stringify((d as JSONEventData).data)) as unknown });
    expect(parseIndexStream([])).toBeUndefined();
    expect(parseIndexStream([asRead(reservationEvent(r))])).toEqual({ reservation: r });
    expect(parseIndexStream([asRead(reservationEvent(r)), asRead(recordedEvent({ version: 5 })), asRead(recordedEvent({ version: 5 }))])).toEqual({
      reservation: r,
      version: 5,
    });
    // a second reservation (cannot happen: written with NO_STREAM) does not replace the first
    expect(parseIndexStream([asRead(reservationEvent(r)), asRead(reservationEvent({ ...r, streamId: 'other' }))])?.reservation.streamId).toBe('project-1');
    // a pointer without a reservation is ignored
    expect(parseIndexStream([{ type: RECORDED_TYPE, data: { version: 3 } }])).toBeUndefined();
  });
});

describe('configuration', () => {
  it('reads EVENTSTORE_URL and explains what is wrong', () => {
    expect(eventStoreUrlFromEnv({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' })).toBe('esdb://localhost:2113?tls=false');
    expect(eventStoreUrlFromEnv({ EVENTSTORE_URL: 'esdb+discover://cluster.example:2113' })).toBe('esdb+discover://cluster.example:2113');
    expect(() => eventStoreUrlFromEnv({})).toThrow(/EVENTSTORE_URL is not set/);
    expect(() => eventStoreUrlFromEnv({ EVENTSTORE_URL: 'http://localhost:2113' })).toThrow(/esdb:\/\//);
  });

  it('adds keepalive settings unless the connection string has them', () => {
    expect(withKeepAlive('esdb://h:2113?tls=false', 10000, 20000)).toBe('esdb://h:2113?tls=false&keepAliveInterval=10000&keepAliveTimeout=20000');
    expect(withKeepAlive('esdb://h:2113', 10000, 10000)).toBe('esdb://h:2113?keepAliveInterval=10000&keepAliveTimeout=10000');
    expect(withKeepAlive('esdb://h:2113?KeepAliveInterval=30000', 10000, 10000)).toBe('esdb://h:2113?KeepAliveInterval=30000&keepAliveTimeout=10000');
  });
});
