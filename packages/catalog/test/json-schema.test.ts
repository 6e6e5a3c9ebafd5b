import { describe, expect, it } from 'vitest';
import { catalog, catalogDocument } from '../src/index.ts';

type Json = Record<string, unknown>;

/** Every `properties` map in a JSON Schema, with where it was found. */
function propertyMaps(schema: unknown, at = '$'): Array<[string, Json]> {
  if (typeof schema !== 'object' || schema === null) return [];
  const out: Array<[string, Json]> = [];
  const s = schema as Json;
  if (s.properties && typeof s.properties === 'object') out.push([at, s.properties as Json]);
  for (const [k, v] of Object.entries(s)) {
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...propertyMaps(x, `${at}.${k}[${i}]`)));
    else if (typeof v === 'object') out.push(...propertyMaps(v, `${at}.${k}`));
  }
  return out;
}

describe('catalogDocument()', () => {
  const doc = catalogDocument();

  it('is JSON-serialisable', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('describes every entry with its declarations', () => {
    expect(doc.entries.map((e) => e.type)).toEqual(catalog.map((e) => e.type));
    const award = doc.entries.find((e) => e.type === 'AwardPublicized')!;
    expect(award.category).toEqual({ slug: 'tendering', zh: '招标投标', en: 'Tendering and bidding' });
    expect(award.stream).toEqual({ kind: 'tender', idField: 'tenderId', pattern: 'tender-{tenderId}' });
    expect(award.lifecycle.map((r) => r.id)).toEqual(['AWARD-NEEDS-CLOSED-CANDIDATES']);
    const registered = doc.entries.find((e) => e.type === 'CompensationRegistered')!;
    expect(registered.audience).toBe('request');
    expect(registered.personalData.map((d) => d.path)).toContain('households[].idNumber');
    expect(doc.vocabulary.roles.find((r) => r.slug === 'auditor')?.posts).toBe(false);
  });

  it.each(catalog.map((e) => e.type))('%s: a strict JSON Schema whose every field has a Chinese title', (type) => {
    const schema = doc.entries.find((e) => e.type === type)!.jsonSchema as Json;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    for (const [at, properties] of propertyMaps(schema)) {
      for (const [name, property] of Object.entries(properties)) {
        expect((property as Json).title, `${at}.${name}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
