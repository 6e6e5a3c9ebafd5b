import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, eventCanonicalBytes, eventHash, sha256Hex } from '@gongkai/integrity';
import { EventStoreInputError, IdempotencyConflictError } from '../src/errors.ts';
import {
  checkedCanonicalJson,
  envelopeText,
  eventFingerprint,
  preparedFingerprint,
  prepareAppend,
  recordedHash,
} from '../src/prepare.ts';
import { newEvent } from './helpers.ts';

const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ noUnicodeString: false }), { maxKeys: 6 });
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('checkedCanonicalJson: the hot-path RFC 8785 serializer', () => {
  const trickyKey = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'toJSON', '', '1', '10', '9', '01', '-1', 'a', 'B', 'é', 'é', '\u20ac', '😀', '\ud800', '\r\n'),
  );
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ unit: 'binary' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(trickyKey, tie('value'), { maxKeys: 6 }),
    ),
  })).value;

  it('equals integrity.canonicalJson on arbitrary JSON values (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(checkedCanonicalJson(v, 'v')).toBe(canonicalJson(v));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(checkedCanonicalJson(v, 'v')).toBe(canonicalJson(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    const v = { b: 1, a: [1e21, 1e-7, -0, 0.1, 2 ** 53], '€': 'x', 'é': 2, '😀': 3, '\ud800': 4, 10: 5, 9: 6, '': 7, __proto__: null };
    expect(checkedCanonicalJson(v, 'v')).toBe(canonicalJson(v));
    const withOwnProto = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    expect(checkedCanonicalJson(withOwnProto, 'v')).toBe('{"__proto__":{"x":1},"a":2}');
    expect(checkedCanonicalJson(Object.assign(Object.create(null), { z: 1, y: 2 }), 'v')).toBe('{"y":2,"z":1}');
  });

  it('rejects what JSON cannot carry, naming the path', () => {
    for (const [bad, path] of [
      [{ a: Number.NaN }, 'v.a'],
      [{ a: [1, Number.NEGATIVE_INFINITY] }, 'v.a[1]'],
      [{ a: [undefined] }, 'v.a[0]'],
      [{ a: new Date(0) }, 'v.a'],
      [{ a: new Map() }, 'v.a'],
      [{ a: () => 1 }, 'v.a'],
      [{ a: Symbol('s') }, 'v.a'],
      [{ a: 1n }, 'v.a'],
    ] as const) {
      expect(() => checkedCanonicalJson(bad, 'v'), path).toThrow(EventStoreInputError);
      expect(() => checkedCanonicalJson(bad, 'v')).toThrow(path);
    }
  });
});

describe('prepareAppend: canonical text assembled once', () => {
  it('envelopeText equals eventCanonicalBytes for arbitrary events (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.startsWith('$') && !/[\u0000-\u001f\u007f]/.test(s)),
        fc.uuid({ version: 7 }),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        fc.integer({ min: 1, max: 1_000_000 }),
        jsonObject,
        fc.string({ minLength: 1 }),
        jsonObject,
        hex64,
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (streamId, eventId, type, schemaVersion, payload, agency, extraMeta, prevHash, version, when) => {
          const metadata = { ...extraMeta, agency };
          const [p] = prepareAppend(streamId, [{ eventId, type, schemaVersion, occurredAt: '2024-02-29T12:00:00Z', payload, metadata }]);
          const recordedAt = when.toISOString();
          const expected = eventCanonicalBytes({
            streamId, version, eventId, type, schemaVersion, occurredAt: '2024-02-29T12:00:00Z', recordedAt, metadata, payload, prevHash,
          });
          expect(envelopeText(p!, prevHash, recordedAt, version)).toBe(expected.toString('utf8'));
          expect(recordedHash(p!, prevHash, recordedAt, version)).toBe(sha256Hex(expected));
          expect(p!.payloadText).toBe(canonicalJson(payload));
          expect(p!.metadataText).toBe(canonicalJson(metadata));
          expect(preparedFingerprint(p!)).toBe(eventFingerprint(streamId, { type, schemaVersion, occurredAt: '2024-02-29T12:00:00Z', payload, metadata }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes exactly what integrity.eventHash hashes', () => {
    const e = newEvent({ payload: { 项目: '苏州市轨道交通6号线', n: [1, 2.5, -0, 1e21], nested: { b: 1, a: 2 } } });
    const [p] = prepareAppend('project-2019-320500-48-01-512345', [e]);
    const envelope = { ...e, streamId: 'project-2019-320500-48-01-512345', version: 7, recordedAt: '2024-07-01T00:00:00.000Z', prevHash: 'a'.repeat(64) };
    expect(recordedHash(p!, envelope.prevHash, envelope.recordedAt, 7)).toBe(eventHash(envelope));
  });

  it('the fingerprint covers stream, type, schema version, occurredAt, payload and agency only', () => {
    const e = newEvent();
    const f = (s: string, x: typeof e) => preparedFingerprint(prepareAppend(s, [x])[0]!);
    const base = f('s-1', e);
    expect(f('s-1', { ...e, metadata: { ...e.metadata, user: 'someone else', correlationId: 'c' } })).toBe(base);
    expect(f('s-1', { ...e, eventId: '01890000-0000-7000-8000-000000000000' })).toBe(base);
    expect(f('s-2', e)).not.toBe(base);
    expect(f('s-1', { ...e, type: 'Other' })).not.toBe(base);
    expect(f('s-1', { ...e, schemaVersion: 2 })).not.toBe(base);
    expect(f('s-1', { ...e, occurredAt: '2024-07-02' })).not.toBe(base);
    expect(f('s-1', { ...e, payload: { ...e.payload, budget: 1 } })).not.toBe(base);
    expect(f('s-1', { ...e, metadata: { agency: 'other' } })).not.toBe(base);
  });

  it('accepts ISO dates and date-times, rejects other occurredAt values', () => {
    for (const ok of ['2024-07-01', '2024-07-01T08:00', '2024-07-01T08:00:00Z', '2024-07-01T08:00:00.123+08:00']) {
      expect(() => prepareAppend('s', [newEvent({ occurredAt: ok })])).not.toThrow();
    }
    for (const bad of ['2024-13-01', '2024/07/01', '20240701', '2024-07-01 08:00', '']) {
      expect(() => prepareAppend('s', [newEvent({ occurredAt: bad })])).toThrow(EventStoreInputError);
    }
  });

  it('names the offending path', () => {
    expect(() => prepareAppend('s', [newEvent(), newEvent({ payload: { a: { b: [1, Number.NaN] } } })])).toThrow(
      /events\[1\]\.payload\.a\.b\[1\]/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => prepareAppend('s', [newEvent({ payload: cyclic })])).toThrow(/deeper than/);
    expect(() => prepareAppend('s', [newEvent({ payload: { a: [undefined] } as never })])).toThrow(EventStoreInputError);
    // undefined object properties are dropped, as JSON does
    expect(prepareAppend('s', [newEvent({ payload: { a: 1, b: undefined } })])[0]!.payloadText).toBe('{"a":1}');
    const e = newEvent();
    expect(() => prepareAppend('s', [e, e])).toThrow(IdempotencyConflictError);
  });
});
