/**
 * The load test's plan, shared by the test and its worker processes: 1,000 users in
 * conversations of 500, 200, 100, 100, 50 and 50 participants, and 200 two-person ones, each
 * conversation with its own rate of messages.
 */

/** Users, `load-0000` … `load-0999`. */
export const USERS = 1000;

/**
 * A conversation of the plan: its members (user numbers) and how many messages a second it gets, all
 * members together.
 */
export interface PlannedConversation {
  name: string;
  members: number[];
  messagesPerSecond: number;
  sid?: string;
}

/** The identity of user `n`. */
export const identityOf = (n: number) => `load-${String(n).padStart(4, '0')}`;

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The conversations: groups of every size from 2 to 500, and 200 pairs. */
export function plan(): PlannedConversation[] {
  const groups: PlannedConversation[] = [
    { name: 'all-hands (500)', members: range(0, 500), messagesPerSecond: 2 },
    { name: 'department (200)', members: range(500, 700), messagesPerSecond: 2 },
    { name: 'team a (100)', members: range(700, 800), messagesPerSecond: 2 },
    { name: 'team b (100)', members: range(800, 900), messagesPerSecond: 2 },
    { name: 'squad a (50)', members: range(900, 950), messagesPerSecond: 2 },
    { name: 'squad b (50)', members: range(950, 1000), messagesPerSecond: 2 }
  ];
  const pairs = range(0, 200).map((i) => ({ name: `pair ${i} (2)`, members: [i, 500 + i], messagesPerSecond: 0.1 }));
  return [...groups, ...pairs];
}

/** Messages between the test and its workers. */
export type ToWorker =
  | {
      type: 'connect';
      url: string;
      secret: string;
      users: number[];
      conversations: PlannedConversation[];
      messageCacheSize: number;
    }
  | { type: 'go'; durationMs: number }
  | { type: 'report' }
  | { type: 'stop' };

/** What a worker reports. */
export interface WorkerReport {
  clients: number;
  sent: Record<string, number>;
  sendFailures: number;
  received: number;
  latencies: number[];
  /** Latencies by the size of the conversation (participants). */
  latenciesBySize: Record<string, number[]>;
  /** The worker's event-loop delay, p99, in ms: how long a frame could wait before its client ran. */
  eventLoopDelayP99Ms: number;
  errors: string[];
  rssPeak: number;
  rssSamples: number[];
}

export type FromWorker =
  | { type: 'connected'; clients: number; ms: number }
  | { type: 'progress'; sent: number; received: number; inFlight: number }
  | { type: 'report'; report: WorkerReport }
  | { type: 'failed'; error: string };
