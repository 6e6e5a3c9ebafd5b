import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvChunks, csvField, csvLine } from '../src/csv.ts';

describe('CSV writer', () => {
  it('quotes fields holding commas, quotes and line breaks, and doubles quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });
  it('neutralises spreadsheet formulas in text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });
  it('streams a BOM, a header and CRLF records', async () => {
    let out = '';
    for await (const chunk of csvChunks([{ header: '名称', value: (r: { n: string }) => r.n }], [{ n: '苏州' }, { n: 'a,b' }])) out += chunk;
    expect(out).toBe(`${CSV_BOM}名称\r\n苏州\r\n"a,b"\r\n`);
    expect(Buffer.from(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvLine([1, 'x'])).toBe('1,x\r\n');
  });
});
