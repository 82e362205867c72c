import { LIMITS } from '../../protocol';

/**
 * What a search query means, and where a body matched it (pure). A query is its words (runs of
 * letters, digits and combining marks), lower-cased, at most `LIMITS.maxSearchTerms`; a message
 * matches when its body has every word, the last one possibly as the start of a word. Both
 * engines are asked exactly this (SQLite FTS5 with `unicode61`, PostgreSQL's `simple`
 * configuration), so no query syntax reaches them.
 */

const WORDS = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a query, lower-cased, each once, in order, at most `LIMITS.maxSearchTerms`. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(WORDS)) {
    const term = match[0].toLowerCase();
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === LIMITS.maxSearchTerms) break;
  }
  return terms;
}

/** A word as it is compared: lower-case, without diacritics. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Where `body` matches `terms`: the `[start, end)` offsets (UTF-16 code units) of every word that
 * is one of the terms, or starts with the last one.
 */
export function highlights(body: string | null, terms: readonly string[]): [number, number][] {
  if (body === null || terms.length === 0) return [];
  const folded = terms.map(fold);
  const prefix = folded[folded.length - 1];
  const ranges: [number, number][] = [];
  for (const match of body.matchAll(WORDS)) {
    const word = fold(match[0]);
    if (word.startsWith(prefix) || folded.includes(word)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}
