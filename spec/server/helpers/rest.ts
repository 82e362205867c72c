import type { Static, TSchema } from '@sinclair/typebox';
import type * as resourceSchemas from '../../../lib/server/http/rest/schemas';
import type * as webhookSchemas from '../../../lib/server/http/rest/webhook-schemas';
import type { ErrorBody } from '../../../lib/server/http/schemas';

/**
 * A REST answer: status and parsed JSON body (null when empty). `T` is the body the call expects,
 * named by the caller from the server's own schemas (`Resource<'Conversation'>`, `Refusal`); the
 * helper does not check it (the server's schemas shape what it sends).
 */
export interface RestAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

type Schemas = typeof resourceSchemas & typeof webhookSchemas;
type SchemaName = {
  [K in keyof Schemas]: Schemas[K] extends TSchema ? K : never;
}[keyof Schemas];
/**
 * The body of a REST resource or page, by its schema's name in lib/server/http/rest/ (schemas.ts,
 * webhook-schemas.ts).
 */
export type Resource<K extends SchemaName> = Static<Schemas[K]>;
/** The body of every refusal: `{error: {code, message, status, path?}}`. */
export type Refusal = Static<typeof ErrorBody>;

/** A REST call of {@link restClient}: answers the body as `T` (unknown unless the caller names it). */
export type Rest = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>
) => Promise<RestAnswer<T>>;

/** Calls the REST API of `httpUrl` with `key` (none when null); JSON in, JSON out. */
export function restClient(httpUrl: string, key: string | null): Rest {
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${httpUrl}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    });
    const text = await response.text();
    const answer: RestAnswer<T> = {
      status: response.status,
      body: (text === '' ? null : JSON.parse(text)) as T,
      headers: response.headers
    };
    return answer;
  };
}

/** The JSON body of a `fetch` answer, as the `T` the caller expects (not checked). */
export async function readJson<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
