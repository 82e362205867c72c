import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Temporary media URLs: `expires` (ms since the epoch) and an HMAC-SHA256 `signature` of the
 * sid and the expiry, keyed by a key derived from the server's secret (never the secret itself).
 */
export interface UrlSigner {
  /** The query of a URL for `sid` valid until `expires`. */
  sign(sid: string, expires: number): string;
  /** Whether `signature` is the one for `sid` and `expires`. */
  verify(sid: string, expires: number, signature: string): boolean;
}

/** A signer keyed by the server's secret. */
export function createUrlSigner(secret: Uint8Array): UrlSigner {
  const key = createHmac('sha256', secret).update('rx-conversations media url v1').digest();
  const mac = (sid: string, expires: number) => createHmac('sha256', key).update(`${sid}\n${expires}`).digest();
  return {
    sign(sid, expires) {
      return `expires=${expires}&signature=${mac(sid, expires).toString('base64url')}`;
    },
    verify(sid, expires, signature) {
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(sid, expires);
      return given.length === expected.length && timingSafeEqual(given, expected);
    }
  };
}
