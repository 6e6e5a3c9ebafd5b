// CSV for spreadsheet users (RFC 4180): one shared writer for the open-data exports and the portal's
// downloads. Excel only detects UTF-8 when the file starts with a byte-order mark, hence CSV_BOM.

export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** One CSV field: quoted when it holds a comma, quote, CR or LF; quotes doubled. Leading =+-@ are
 *  prefixed with an apostrophe so a spreadsheet never evaluates published text as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record terminated by CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** Streams rows as CSV (BOM + header + records) without holding them all in memory. */
export async function* csvChunks<T>(columns: readonly { header: string; value: (row: T) => unknown }[], rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(columns.map((c) => c.header));
  for await (const row of rows) yield csvLine(columns.map((c) => c.value(row)));
}
