/**
 * `@identity` mentions in a message body (pure). A mention is `@` at the start of the body or after
 * whitespace or an opening bracket or quote, followed by a participant's identity that does not run
 * on into a letter, digit or `_`; the longest identity that fits wins (identities may hold spaces).
 * `@` before anything else is plain text, so a mention names only participants.
 */

const BEFORE = /[\s([{"'“‘]/u;
const WORD = /[\p{L}\p{N}_]/u;

/**
 * The identities `body` mentions, among `identities` (a conversation's participants), in the
 * order first mentioned, each once; the author is never counted as mentioning themselves.
 */
export function findMentions(body: string | null, identities: readonly string[], author: string | null): string[] {
  if (body === null || !body.includes('@')) return [];
  const longestFirst = [...identities].sort((a, b) => b.length - a.length);
  const found: string[] = [];
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    if (at > 0 && !BEFORE.test(body[at - 1])) continue;
    const identity = longestFirst.find((candidate) => {
      if (!body.startsWith(candidate, at + 1)) return false;
      const next = body[at + 1 + candidate.length];
      return next === undefined || !WORD.test(next);
    });
    if (identity !== undefined && identity !== author && !found.includes(identity)) found.push(identity);
  }
  return found;
}
