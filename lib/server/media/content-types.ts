/**
 * Whether `contentType` (parameters such as `; charset=...` ignored) matches one of the
 * patterns: an exact type (`application/pdf`), a family (`image/*`) or anything (`*\/*`).
 */
export function isAllowedContentType(contentType: string, patterns: readonly string[]): boolean {
  const type = baseContentType(contentType);
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return false;
  const family = type.slice(0, type.indexOf('/'));
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === '*/*' || p === type || p === `${family}/*`;
  });
}

/** The media type without parameters, lower-cased. */
export function baseContentType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
