// Strict helpers shared by the text formats (signed-note, checkpoint, tlog-proof).

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard (RFC 4648 §4) padded base64, rejecting anything that does
 * not re-encode to the same string. Buffer.from(s, 'base64') alone is lenient
 * (skips junk, accepts url-safe alphabet and non-zero pad bits), which would
 * make two different texts mean the same bytes.
 */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (!B64_RE.test(s)) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

const DECIMAL_RE = /^(?:0|[1-9][0-9]*)$/;

/** ASCII decimal with no leading zeroes, as a safe integer; undefined otherwise. */
export function parseDecimal(s: string): number | undefined {
  if (!DECIMAL_RE.test(s) || s.length > 16) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
