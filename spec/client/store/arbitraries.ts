import fc from 'fast-check';
import type { ConversationData, MessageData, ParticipantData } from '../../../lib/protocol';
import type { Action } from '../../../lib/client/store/actions';
import { ME, conversation, ev, message, participant } from './fixtures';

/** One step of a scenario, before it is checked against the model and turned into an event. */
type Step =
  | { kind: 'join'; conv: number }
  | { kind: 'otherJoins'; conv: number; who: number }
  | { kind: 'otherLeaves'; conv: number; who: number }
  | { kind: 'selfLeaves'; conv: number }
  | { kind: 'deleted'; conv: number }
  | { kind: 'participantUpdated'; conv: number; who: number; read: number; delivered: number; attr: number }
  | { kind: 'messageAdded'; conv: number; who: number; gap: number; body: string; mention: boolean }
  | { kind: 'react'; conv: number; pick: number; who: number; key: number; added: boolean }
  | { kind: 'messageUpdated'; conv: number; pick: number; body: string }
  | { kind: 'messageRemoved'; conv: number; pick: number }
  | { kind: 'horizon'; conv: number; read: number }
  | { kind: 'conversationUpdated'; conv: number; name: string; attr: number }
  | { kind: 'typing'; conv: number; who: number }
  | { kind: 'typingExpired'; conv: number; who: number };

const OTHERS = ['bob', 'carol', 'dave'];
const CONVERSATIONS = ['C0', 'C1', 'C2'];

interface ModelConversation {
  data: ConversationData;
  joined: boolean;
  participants: Map<string, ParticipantData>;
  messages: Map<number, MessageData>;
  /** Reactions by message index: `identity key` pairs, oldest first. */
  reactions: Map<number, [string, string][]>;
  nextIndex: number;
}

const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];

/**
 * Turns steps into a valid event sequence as a server would send it: events only for
 * conversations the user is in, messages with increasing indexes (with gaps), edits and removals
 * of messages that exist, joins of those absent and leaves of those present. Durable events get
 * strictly increasing seqs from 1; with `ephemeral`, typing signals and timer expiries go in too.
 */
function toActions(steps: readonly Step[], ephemeral: boolean): Action[] {
  const model = new Map<string, ModelConversation>();
  const actions: Action[] = [];
  let seq = 0;
  let clock = 10_000;
  const conv = (n: number) => {
    const sid = CONVERSATIONS[n % CONVERSATIONS.length];
    let entry = model.get(sid);
    if (entry === undefined) {
      entry = {
        data: conversation(sid),
        joined: false,
        participants: new Map(),
        messages: new Map(),
        reactions: new Map(),
        nextIndex: 0
      };
      model.set(sid, entry);
    }
    return entry;
  };
  for (const step of steps) {
    clock += 1;
    const c = conv(step.conv);
    const sid = c.data.sid;
    if (step.kind === 'join') {
      if (c.joined) continue;
      c.joined = true;
      const me = participant(sid, ME, { dateCreated: clock });
      c.participants.set(ME, me);
      c.data = { ...c.data, participantsCount: c.participants.size };
      actions.push(ev.participantJoined(++seq, me, c.data));
      continue;
    }
    if (!c.joined) continue;
    switch (step.kind) {
      case 'otherJoins': {
        const who = OTHERS[step.who % OTHERS.length];
        if (c.participants.has(who)) break;
        const p = participant(sid, who, { dateCreated: clock });
        c.participants.set(who, p);
        c.data = { ...c.data, participantsCount: c.participants.size };
        actions.push(ev.participantJoined(++seq, p, c.data));
        break;
      }
      case 'otherLeaves': {
        const who = pick(
          [...c.participants.keys()].filter((identity) => identity !== ME),
          step.who
        );
        if (who === undefined) break;
        const p = c.participants.get(who);
        c.participants.delete(who);
        if (p !== undefined) actions.push(ev.participantLeft(++seq, p));
        break;
      }
      case 'selfLeaves':
      case 'deleted': {
        const me = c.participants.get(ME);
        if (step.kind === 'selfLeaves' && me !== undefined) actions.push(ev.participantLeft(++seq, me));
        else actions.push(ev.conversationRemoved(++seq, sid));
        c.joined = false;
        c.participants.clear();
        c.messages.clear();
        break;
      }
      case 'participantUpdated': {
        const who = pick([...c.participants.keys()], step.who);
        const p = who === undefined ? undefined : c.participants.get(who);
        if (who === undefined || p === undefined) break;
        const next = {
          ...p,
          lastReadMessageIndex: step.read,
          lastDeliveredMessageIndex: step.delivered,
          attributes: { n: step.attr },
          dateUpdated: clock
        };
        c.participants.set(who, next);
        actions.push(ev.participantUpdated(++seq, next));
        break;
      }
      case 'messageAdded': {
        const author = pick([...c.participants.keys()], step.who) ?? ME;
        const index = c.nextIndex + step.gap;
        c.nextIndex = index + 1;
        const mentions = step.mention && author !== ME ? { mentions: [ME] } : {};
        const m = message(sid, index, { author, body: step.body, dateCreated: clock, dateUpdated: clock, ...mentions });
        c.messages.set(index, m);
        actions.push(ev.messageAdded(++seq, m));
        break;
      }
      case 'messageUpdated': {
        const index = pick([...c.messages.keys()], step.pick);
        const m = index === undefined ? undefined : c.messages.get(index);
        if (index === undefined || m === undefined) break;
        const next = { ...m, body: step.body, dateUpdated: clock, lastUpdatedBy: m.author };
        c.messages.set(index, next);
        actions.push(ev.messageUpdated(++seq, next));
        break;
      }
      case 'messageRemoved': {
        const index = pick([...c.messages.keys()], step.pick);
        const m = index === undefined ? undefined : c.messages.get(index);
        if (index === undefined || m === undefined) break;
        c.messages.delete(index);
        actions.push(ev.messageRemoved(++seq, m));
        break;
      }
      case 'react': {
        const index = pick([...c.messages.keys()], step.pick);
        const m = index === undefined ? undefined : c.messages.get(index);
        if (index === undefined || m === undefined) break;
        const identity = [ME, ...OTHERS][step.who % (OTHERS.length + 1)];
        const key = ['👍', '🎉', 'ok'][step.key % 3];
        const all = (c.reactions.get(index) ?? []).filter(([who, k]) => who !== identity || k !== key);
        if (step.added) all.push([identity, key]);
        c.reactions.set(index, all);
        const summary = new Map<string, { key: string; count: number; identities: string[] }>();
        for (const [who, k] of all) {
          const entry = summary.get(k) ?? { key: k, count: 0, identities: [] };
          entry.count += 1;
          entry.identities.push(who);
          summary.set(k, entry);
        }
        const data = {
          conversationSid: sid,
          messageSid: m.sid,
          index,
          identity,
          key,
          added: step.added,
          reactions: [...summary.values()]
        };
        // the server keeps the summary on the message: a later edit's event carries it
        const { reactions: _old, ...rest } = m;
        c.messages.set(index, data.reactions.length > 0 ? { ...rest, reactions: data.reactions } : rest);
        actions.push({ type: 'server', event: { seq: ++seq, name: 'messageReactionsUpdated', data } });
        break;
      }
      case 'horizon': {
        const read = Math.min(step.read, c.nextIndex);
        const unread = [...c.messages.keys()].filter((index) => index > read).length;
        actions.push(ev.userConversationUpdated(++seq, sid, read, unread));
        break;
      }
      case 'conversationUpdated': {
        c.data = { ...c.data, friendlyName: step.name, attributes: { n: step.attr }, dateUpdated: clock };
        actions.push(ev.conversationUpdated(++seq, c.data));
        break;
      }
      case 'typing':
      case 'typingExpired': {
        if (!ephemeral) break;
        const who = OTHERS[step.who % OTHERS.length];
        const participantSid = `MB-${sid}-${who}`;
        actions.push(
          step.kind === 'typing'
            ? ev.typingStarted(sid, who, participantSid)
            : { type: 'typingExpired', conversationSid: sid, participantSid }
        );
        break;
      }
    }
  }
  return actions;
}

const n = fc.nat(20);
const text = fc.string({ maxLength: 6 });

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), conv: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('otherJoins' as const), conv: n, who: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('otherLeaves' as const), conv: n, who: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('selfLeaves' as const), conv: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleted' as const), conv: n }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('participantUpdated' as const),
      conv: n,
      who: n,
      read: fc.nat(300),
      delivered: fc.nat(300),
      attr: fc.nat(2)
    })
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('messageAdded' as const),
      conv: n,
      who: n,
      gap: fc.oneof(fc.constant(0), fc.nat(200)),
      body: text,
      mention: fc.boolean()
    })
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('react' as const),
      conv: n,
      pick: n,
      who: n,
      key: n,
      added: fc.boolean()
    })
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('messageUpdated' as const), conv: n, pick: n, body: text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('messageRemoved' as const), conv: n, pick: n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('horizon' as const), conv: n, read: fc.nat(300) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('conversationUpdated' as const), conv: n, name: text, attr: fc.nat(2) })
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('typing' as const), conv: n, who: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('typingExpired' as const), conv: n, who: n }) }
);

/** Steps that start by joining every conversation, so that most later steps apply. */
const steps = fc
  .array(step, { minLength: 5, maxLength: 120, size: 'max' })
  .map((rest): Step[] => [...CONVERSATIONS.map((_, conv) => ({ kind: 'join' as const, conv })), ...rest]);

/** A valid sequence of durable events with strictly increasing seqs. */
export const durableSequence: fc.Arbitrary<Action[]> = steps.map((list) => toActions(list, false));

/** A valid sequence with typing signals and expiries mixed in. */
export const liveSequence: fc.Arbitrary<Action[]> = steps.map((list) => toActions(list, true));

/**
 * The sequence as a flaky link delivers it: in order, with any earlier event sent again at any
 * later point (duplicates, redeliveries after a resume), cut into batches anywhere.
 */
export function redelivered(sequence: readonly Action[]): fc.Arbitrary<Action[][]> {
  const extra = fc.array(fc.array(fc.nat(), { maxLength: 3 }), {
    minLength: sequence.length,
    maxLength: sequence.length
  });
  const cuts = fc.array(fc.boolean(), { minLength: sequence.length * 4, maxLength: sequence.length * 4 });
  // Each event may be followed by copies of itself or of any earlier one.
  return fc.tuple(extra, cuts).map(([copies, cut]) => {
    const stream: Action[] = [];
    sequence.forEach((action, i) => {
      stream.push(action);
      for (const j of copies[i]) stream.push(sequence[j % (i + 1)]);
    });
    return splitInto(stream, cut);
  });
}

/** Cuts a stream into batches: a batch ends after item i when `cut[i]` is true. */
export function splitInto<T>(stream: readonly T[], cut: readonly boolean[]): T[][] {
  const batches: T[][] = [[]];
  stream.forEach((item, i) => {
    batches[batches.length - 1].push(item);
    if (cut[i % Math.max(1, cut.length)] === true) batches.push([]);
  });
  return batches.filter((batch) => batch.length > 0);
}
