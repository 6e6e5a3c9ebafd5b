// Chinese full-text search over the read model. The text a record is found by and the text a user
// types are normalised the same way (NFKC folds full-width letters and digits, lower-case for Latin);
// a query is split on whitespace into terms that must all occur as substrings.
//
// SQLite FTS5's trigram tokenizer indexes every 3-character window, so a term of ≥ 3 characters is
// looked up as the AND of its trigrams (a candidate set, since the index keeps no positions) and
// confirmed with LIKE; a term of 1–2 characters has no trigram and is matched by LIKE alone.

/** The normal form of searchable text and of queries. */
const NEEDS_NFKC = /[^\u0000-\u007f\u4e00-\u9fff\u3001\u3002\u300a-\u3011]/;

export function normalizeSearchText(text: string): string {
  // NFKC only when the text has characters it could change (full-width forms, compatibility
  // ideographs …); plain ASCII and common CJK punctuation pass through, which is most text
  const folded = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  return folded.toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface SearchPlan {
  /** FTS5 MATCH expression (AND of quoted trigrams), absent when every term is shorter than 3 */
  match?: string;
  /** LIKE patterns (escape character `\`), one per term: all must match */
  likes: string[];
}

const MAX_TERMS = 8;
const MAX_TRIGRAMS = 24;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function trigramsOf(term: string): string[] {
  const chars = [...term];
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars.slice(i, i + 3).join(''));
  return out;
}

/** A query's terms (normalised, at most 8) and the trigrams that narrow it (a spread of at most 24). */
export function queryTerms(q: string): { terms: string[]; trigrams: string[] } {
  const terms = normalizeSearchText(q).split(' ').filter(Boolean).slice(0, MAX_TERMS);
  const all = [...new Set(terms.flatMap(trigramsOf))];
  // long terms: a spread of their trigrams narrows enough; every term is confirmed whole anyway
  const trigrams =
    all.length <= MAX_TRIGRAMS ? all : Array.from({ length: MAX_TRIGRAMS }, (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_TRIGRAMS - 1))]!);
  return { terms, trigrams };
}

/** The plan for a user query; undefined when it has no terms. */
export function searchPlan(q: string): SearchPlan | undefined {
  const { terms, trigrams } = queryTerms(q);
  if (terms.length === 0) return undefined;
  return {
    ...(trigrams.length > 0 ? { match: trigrams.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ') } : {}),
    likes: terms.map((t) => `%${escapeLike(t)}%`),
  };
}
