/** The NATS names one service uses, all derived from its prefix. */
export interface NatsSubjects {
  /** JetStream stream of durable events. */
  stream: string;
  /** Subject of durable events (captured by the stream). */
  events: string;
  /** Subject of ephemeral events (plain NATS). */
  ephemeral: string;
  /** Subject of the presence exchange (plain NATS). */
  presence: string;
}

/** A prefix: letters, digits, `-` and `_` (it names a subject token and a stream). */
const PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/** The subjects and stream of the service with this prefix; refuses a prefix NATS cannot name. */
export function natsSubjects(prefix: string): NatsSubjects {
  if (!PREFIX.test(prefix)) throw new Error(`bus prefix '${prefix}' must be 1 to 64 letters, digits, '-' or '_'`);
  return {
    stream: `${prefix}-events`,
    events: `${prefix}.events`,
    ephemeral: `${prefix}.ephemeral`,
    presence: `${prefix}.presence`
  };
}
