import { firstValueFrom, isObservable, type Observable } from 'rxjs';
import { ConversationsError, ErrorCode } from '../client';

/**
 * Where the application gets an access token: a function giving it at once, as a Promise, or as an Observable (its
 * first value).
 */
export type TokenSource = () => string | Promise<string> | Observable<string>;

/**
 * Calls `source` and settles with the token it gives. Rejects with a `ConversationsError`
 * (TokenInvalid) when `source` throws, rejects, errors, completes without a value, or gives
 * something that is not a non-empty string. Written with `then` rather than `await` so that
 * zone.js sees every rejection handled as it happens.
 */
export function fetchToken(source: TokenSource): Promise<string> {
  return new Promise<unknown>((resolve) => {
    const value = source();
    resolve(isObservable(value) ? firstValueFrom(value) : value);
  }).then(
    (token) => {
      if (typeof token === 'string' && token !== '') return token;
      const got = token === '' ? 'an empty string' : token === null ? 'null' : typeof token;
      throw new ConversationsError(
        ErrorCode.TokenInvalid,
        `The token function must give a non-empty string, got ${got}`,
        { path: 'token' }
      );
    },
    (error: unknown) => {
      throw new ConversationsError(
        ErrorCode.TokenInvalid,
        `The token function failed: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  );
}
