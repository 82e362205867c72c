import { Webhook } from 'standardwebhooks';

/** The headers of a signed webhook call (Standard Webhooks). */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs webhook calls following Standard Webhooks: HMAC-SHA256 of `<id>.<timestamp>.<body>`
 * with each secret (`v1,<base64>`, space-separated, so a receiver holding either the new or the
 * previous secret during a rotation verifies).
 */
export function createSigner(): (secrets: readonly string[], id: string, at: Date, body: string) => SignedHeaders {
  const keys = new Map<string, Webhook>();
  const keyOf = (secret: string) => {
    let key = keys.get(secret);
    if (!key) {
      if (keys.size > 16) keys.clear();
      keys.set(secret, (key = new Webhook(secret)));
    }
    return key;
  };
  return (secrets, id, at, body) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => keyOf(secret).sign(id, at, body)).join(' ')
  });
}
