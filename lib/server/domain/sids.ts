import { randomBytes } from 'node:crypto';

/** Sid prefixes, as in the reference service. */
export const SidPrefix = {
  Conversation: 'CH',
  Participant: 'MB',
  Message: 'IM',
  Media: 'ME',
  Template: 'HX',
  Role: 'RL',
  ApiKey: 'SK',
  Webhook: 'WH'
} as const;

/** A sid prefix. */
export type SidPrefix = (typeof SidPrefix)[keyof typeof SidPrefix];

/** A new sid: the prefix and 32 random hex digits. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}
