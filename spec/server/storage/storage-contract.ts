import type { MediaRecord } from '../../../lib/server/storage/records';
import type { Storage, Tx } from '../../../lib/server/storage/storage';
import { conversation, message, participant } from './fixtures';
import { reactionsAndSearchContract } from './reactions-search-contract';

const ev = (name: string, conversationSid: string | null, targetIdentity: string | null = null) => ({
  name,
  conversationSid,
  targetIdentity,
  data: { n: name }
});

/** A member's event: `participantJoined` or `participantLeft` opens or closes its membership. */
const member = (name: 'participantJoined' | 'participantLeft', conversationSid: string, identity: string) => ({
  name,
  conversationSid,
  targetIdentity: null,
  data: { participant: { identity } }
});

/** Runs a transaction appending events; answers the seqs of the refs it answers, as numbered at its commit. */
async function appended(storage: Storage, fn: (tx: Tx) => Promise<number[]>): Promise<number[]> {
  let seqs: number[] = [];
  await storage.transaction(fn, (refs, seqOf) => (seqs = refs.map(seqOf)));
  return seqs;
}

/**
 * The behaviour every Storage engine must have. Call it from an engine's spec with a factory
 * that opens a fresh, empty storage.
 */
export function storageContract(engine: string, open: () => Promise<Storage> | Storage): void {
  describe(`Storage contract: ${engine}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    reactionsAndSearchContract(() => storage);

    describe('event log', () => {
      it('starts at head 0 and gives strictly increasing seqs', async () => {
        expect(await storage.read((r) => r.head())).toBe(0);
        const seqs = await appended(storage, async (tx) => [
          await tx.appendEvent(ev('a', 'CH1'), 1),
          await tx.appendEvent(ev('b', 'CH1'), 1)
        ]);
        const [more] = await appended(storage, async (tx) => [await tx.appendEvent(ev('c', null, 'bob'), 2)]);
        expect(seqs[1]).toBe(seqs[0] + 1);
        expect(more).toBe(seqs[1] + 1);
        expect(await storage.read((r) => r.head())).toBe(more);
      });

      it('never reuses a seq, even after every event was pruned', async () => {
        const [first] = await appended(storage, async (tx) => [await tx.appendEvent(ev('a', 'CH1'), 1)]);
        await storage.transaction((tx) => tx.pruneEvents(10));
        expect(await storage.read((r) => r.prunedThrough())).toBe(first);
        const [next] = await appended(storage, async (tx) => [await tx.appendEvent(ev('b', 'CH1'), 20)]);
        expect(next).toBeGreaterThan(first);
      });

      it('prunes only events older than the cut-off', async () => {
        await storage.transaction(async (tx) => {
          await tx.appendEvent(ev('old', 'CH1'), 1);
          await tx.appendEvent(ev('new', 'CH1'), 100);
        });
        expect(await storage.transaction((tx) => tx.pruneEvents(50))).toBe(1);
        expect(await storage.read((r) => r.prunedThrough())).toBe(1);
      });
    });

    describe('transactions', () => {
      it('rolls back everything when the function throws, and skips afterCommit', async () => {
        const after = jest.fn();
        const c = conversation();
        await expect(
          storage.transaction(async (tx) => {
            await tx.insertConversation(c);
            await tx.appendEvent(ev('a', c.sid), 1);
            throw new Error('boom');
          }, after)
        ).rejects.toThrow('boom');
        expect(after).not.toHaveBeenCalled();
        expect(await storage.read((r) => r.getConversation(c.sid))).toBeNull();
        expect(await storage.read((r) => r.head())).toBe(0);
      });

      it('runs afterCommit with the value once committed, before the transaction settles', async () => {
        const order: string[] = [];
        await storage
          .transaction(
            async (tx) => tx.appendEvent(ev('a', 'CH1'), 1),
            (ref, seqOf) => order.push(`commit ${seqOf(ref)}`)
          )
          .then(() => order.push('settled'));
        order.push(`read at ${await storage.read((r) => r.head())}`);
        expect(order).toEqual(['commit 1', 'settled', 'read at 1']);
      });

      it('shows a read all of a concurrent transaction or none, its events whole', async () => {
        const c = conversation();
        const write = storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          for (let i = 0; i < 10; i++) await tx.appendEvent(ev('x', c.sid), 1);
        });
        const seen = storage.read(
          async (r) => [(await r.getConversation(c.sid))?.sid ?? null, await r.head()] as const
        );
        await write;
        // the log may lag the rows (an engine may number events once committed), never lead them
        expect([
          [null, 0],
          [c.sid, 0],
          [c.sid, 10]
        ]).toContainEqual(await seen);
        expect(await storage.read(async (r) => [(await r.getConversation(c.sid))?.sid, await r.head()])).toEqual([
          c.sid,
          10
        ]);
      });

      it('runs transactions of one group each atomically: one that throws is rolled back alone', async () => {
        const c = conversation();
        await storage.transaction((tx) => tx.insertConversation(c));
        /** Takes the conversation's next index (reading it locked, as a send does) and logs an event. */
        const send = (fail: boolean, group?: string) =>
          new Promise<number[]>((resolve, reject) => {
            let seqs: number[] = [];
            storage
              .transaction(
                async (tx) => {
                  const read = (await tx.getConversation(c.sid)) as typeof c;
                  await tx.updateConversation({ ...read, nextMessageIndex: read.nextMessageIndex + 1 });
                  const ref = await tx.appendEvent(ev(`i${read.nextMessageIndex}`, c.sid), 1);
                  if (fail) throw new Error('refused');
                  return [ref];
                },
                (refs, seqOf) => (seqs = refs.map(seqOf)),
                group
              )
              .then(() => resolve(seqs), reject);
          });
        const outcomes = await Promise.allSettled([
          send(false),
          ...Array.from({ length: 8 }, (_, i) => send(i === 3, c.sid))
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'fulfilled'
        ]);
        expect((await storage.read((r) => r.getConversation(c.sid)))?.nextMessageIndex).toBe(8);
        const seqs = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
        expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const events = await storage.read((r) => r.eventsAfter(0, 100));
        expect(events.map((event) => event.name)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7']);
      });

      it('reads its own changes through unlocked()', async () => {
        const c = conversation();
        const seen = await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          return (await tx.unlocked().getConversation(c.sid))?.sid;
        });
        expect(seen).toBe(c.sid);
      });

      it('refuses work after close', async () => {
        await storage.close();
        await expect(storage.read((r) => r.head())).rejects.toThrow(/closed/);
        await expect(storage.transaction((tx) => tx.head())).rejects.toThrow(/closed/);
        storage = await open();
      });
    });

    describe('conversations and participants', () => {
      it('stores, finds by unique name, updates and deletes with its participants and messages', async () => {
        const c = conversation({ uniqueName: 'general', attributes: { a: [1, 'x'] } });
        const p = participant(c.sid, 'alice', { role: 'admin' });
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertParticipant(p);
          await tx.insertMessage(message(c.sid, 0));
        });
        expect(await storage.read((r) => r.getConversation(c.sid))).toEqual(c);
        expect((await storage.read((r) => r.getConversationByUniqueName('general')))?.sid).toBe(c.sid);
        await storage.transaction((tx) => tx.updateConversation({ ...c, friendlyName: 'renamed' }));
        expect((await storage.read((r) => r.getConversation(c.sid)))?.friendlyName).toBe('renamed');
        await storage.transaction((tx) => tx.deleteConversation(c.sid));
        expect(await storage.read((r) => r.getConversation(c.sid))).toBeNull();
        expect(await storage.read((r) => r.getParticipant(c.sid, 'alice'))).toBeNull();
        expect(await storage.read((r) => r.lastMessage(c.sid))).toBeNull();
      });

      it('lists every conversation by latest activity, page after page', async () => {
        const made = [3, 1, 2, 2].map((activity, i) => conversation({ sid: `CH${i}`, lastActivity: activity }));
        await storage.transaction(async (tx) => {
          for (const c of made) await tx.insertConversation(c);
        });
        const first = await storage.read((r) => r.listConversations(null, 3));
        expect(first.map((c) => c.sid)).toEqual(['CH0', 'CH3', 'CH2']);
        const last = first[2];
        const rest = await storage.read((r) =>
          r.listConversations({ lastActivity: last.lastActivity, sid: last.sid }, 3)
        );
        expect(rest.map((c) => c.sid)).toEqual(['CH1']);
      });

      it('refuses a second conversation with the same unique name', async () => {
        await storage.transaction((tx) => tx.insertConversation(conversation({ uniqueName: 'u' })));
        await expect(
          storage.transaction((tx) => tx.insertConversation(conversation({ uniqueName: 'u' })))
        ).rejects.toHaveProperty('message');
      });

      it('finds participants by identity and sid, lists the roster and the conversations of a user', async () => {
        const c = conversation();
        const a = participant(c.sid, 'alice', { dateCreated: 1 });
        const b = participant(c.sid, 'bob', { dateCreated: 2 });
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertParticipant(a);
          await tx.insertParticipant(b);
          await tx.appendEvent(member('participantJoined', c.sid, 'bob'), 1);
        });
        expect(await storage.read((r) => r.getParticipant(c.sid, 'bob'))).toEqual(b);
        expect(await storage.read((r) => r.getParticipantBySid(c.sid, a.sid))).toEqual(a);
        expect((await storage.read((r) => r.listParticipants(c.sid))).map((p) => p.identity)).toEqual(['alice', 'bob']);
        expect(await storage.read((r) => r.conversationSidsOf('bob'))).toEqual([c.sid]);
        const other = conversation();
        await storage.transaction(async (tx) => {
          await tx.insertConversation(other);
          await tx.insertParticipant(participant(other.sid, 'carol', { dateCreated: 1 }));
        });
        const rosters = await storage.read((r) => r.listRostersOf('bob', [c.sid, other.sid, 'CH-none']));
        expect(rosters.map((p) => [p.conversationSid, p.identity])).toEqual([
          [c.sid, 'alice'],
          [c.sid, 'bob']
        ]);
        expect(await storage.read((r) => r.listRostersOf('carol', [c.sid, other.sid]))).toEqual([
          expect.objectContaining({ identity: 'carol' })
        ]);
        await storage.transaction((tx) => tx.updateParticipant({ ...b, role: 'admin', lastReadMessageIndex: 3 }));
        expect((await storage.read((r) => r.getParticipant(c.sid, 'bob')))?.lastReadMessageIndex).toBe(3);
        await storage.transaction(async (tx) => {
          await tx.deleteParticipant(b.sid);
          await tx.appendEvent(member('participantLeft', c.sid, 'bob'), 1);
        });
        expect(await storage.read((r) => r.conversationSidsOf('bob'))).toEqual([]);
      });

      it("lists a user's conversations by activity with exact unread counts, paged", async () => {
        const convs = [5, 9, 9, 1].map((lastActivity) => conversation({ lastActivity }));
        await storage.transaction(async (tx) => {
          for (const c of convs) {
            await tx.insertConversation(c);
            await tx.insertParticipant(
              participant(c.sid, 'alice', { lastReadMessageIndex: c === convs[0] ? 0 : null })
            );
          }
          for (let i = 0; i < 1500; i++) await tx.insertMessage(message(convs[0].sid, i));
          await tx.insertParticipant(participant(convs[1].sid, 'bob'));
        });
        const page1 = await storage.read((r) => r.listUserConversations('alice', null, 3));
        const expected = [...convs].sort((x, y) => y.lastActivity - x.lastActivity || (y.sid < x.sid ? -1 : 1));
        expect(page1.map((x) => x.conversation.sid)).toEqual(expected.slice(0, 3).map((c) => c.sid));
        const last = page1[2].conversation;
        const page2 = await storage.read((r) =>
          r.listUserConversations('alice', { lastActivity: last.lastActivity, sid: last.sid }, 3)
        );
        expect(page2.map((x) => x.conversation.sid)).toEqual([expected[3].sid]);
        const first = [...page1, ...page2].find((x) => x.conversation.sid === convs[0].sid);
        expect(first?.unreadCount).toBe(1499);
        expect(page1.find((x) => x.conversation.sid === convs[1].sid)?.unreadCount).toBeNull();
        expect(page1.every((x) => x.participant.identity === 'alice')).toBe(true);
      });
    });

    describe('memberships and visible events', () => {
      it('replays conversation events inside membership windows, targeted events, in seq order', async () => {
        // memberships follow the log: a member's join opens one, its leave and the conversation's removal close it
        const [, joined, during, , mine, , left] = await appended(storage, async (tx) => [
          await tx.appendEvent(ev('before', 'CH1'), 1),
          await tx.appendEvent(member('participantJoined', 'CH1', 'bob'), 1),
          await tx.appendEvent(ev('during', 'CH1'), 1),
          await tx.appendEvent(ev('other', 'CH2'), 1),
          await tx.appendEvent(ev('mine', 'CH1', 'bob'), 1),
          await tx.appendEvent(ev('theirs', 'CH1', 'alice'), 1),
          await tx.appendEvent(member('participantLeft', 'CH1', 'bob'), 1),
          await tx.appendEvent(ev('after', 'CH1'), 1)
        ]);
        expect(await storage.read((r) => r.conversationSidsOf('bob'))).toEqual([]);
        await appended(storage, async (tx) => [
          await tx.appendEvent(member('participantJoined', 'CH1', 'bob'), 1),
          await tx.appendEvent(member('participantJoined', 'CH1', 'carol'), 1)
        ]);
        expect(await storage.read((r) => r.conversationSidsOf('bob'))).toEqual(['CH1']);
        await appended(storage, async (tx) => [await tx.appendEvent(ev('conversationRemoved', 'CH1'), 1)]);
        expect(await storage.read((r) => r.conversationSidsOf('carol'))).toEqual([]);
        const seqs = { joined, during, mine, left };
        const names = async (position: number, limit = 100) =>
          (await storage.read((r) => r.eventsVisibleTo('bob', position, limit))).map((e) => e.name);
        const tail = ['participantJoined', 'participantJoined', 'conversationRemoved'];
        expect(await names(0)).toEqual(['participantJoined', 'during', 'mine', 'participantLeft', ...tail]);
        expect(await names(seqs.during)).toEqual(['mine', 'participantLeft', ...tail]);
        expect(await names(seqs.left)).toEqual(tail);
        expect(await names(0, 2)).toEqual(['participantJoined', 'during']);
        const events = await storage.read((r) => r.eventsVisibleTo('bob', 0, 100));
        expect(events[0]).toMatchObject({
          seq: seqs.joined,
          conversationSid: 'CH1',
          targetIdentity: null,
          data: { participant: { identity: 'bob' } }
        });
        const all = await storage.read((r) => r.eventsAfter(seqs.during, 3));
        expect(all.map((e) => e.name)).toEqual(['other', 'mine', 'theirs']);
        expect(all[1]).toMatchObject({
          seq: seqs.mine,
          conversationSid: 'CH1',
          targetIdentity: 'bob',
          data: { n: 'mine' }
        });
      });
    });

    describe('messages', () => {
      it('pages by index both ways, answers neighbours, counts and finds by key', async () => {
        const c = conversation();
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          for (const i of [0, 1, 2, 4, 5]) await tx.insertMessage(message(c.sid, i, { key: `k${i}` }));
        });
        const idx = (ms: { index: number }[]) => ms.map((m) => m.index);
        expect(idx(await storage.read((r) => r.messagesDescending(c.sid, null, 2)))).toEqual([5, 4]);
        expect(idx(await storage.read((r) => r.messagesDescending(c.sid, 3, 2)))).toEqual([2, 1]);
        expect(idx(await storage.read((r) => r.messagesAscending(c.sid, null, 2)))).toEqual([0, 1]);
        expect(idx(await storage.read((r) => r.messagesAscending(c.sid, 3, 5)))).toEqual([4, 5]);
        expect(await storage.read((r) => r.hasMessageBefore(c.sid, 0))).toBe(false);
        expect(await storage.read((r) => r.hasMessageAfter(c.sid, 4))).toBe(true);
        expect(await storage.read((r) => r.countMessagesAfter(c.sid, 1))).toBe(3);
        expect((await storage.read((r) => r.lastMessage(c.sid)))?.index).toBe(5);
        expect((await storage.read((r) => r.getMessageByKey(c.sid, 'alice', 'k4')))?.index).toBe(4);
        expect(await storage.read((r) => r.getMessageByKey(c.sid, 'bob', 'k4'))).toBeNull();
      });

      it('updates and deletes a message', async () => {
        const c = conversation();
        const m = message(c.sid, 0, { attributes: { x: 1 } });
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertMessage(m);
          await tx.updateMessage({ ...m, body: 'edited', lastUpdatedBy: 'bob' });
        });
        expect(await storage.read((r) => r.getMessage(c.sid, m.sid))).toEqual({
          ...m,
          body: 'edited',
          lastUpdatedBy: 'bob'
        });
        await storage.transaction((tx) => tx.deleteMessage(m.sid));
        expect(await storage.read((r) => r.getMessage(c.sid, m.sid))).toBeNull();
      });

      it("reads an access check's rows at once: the conversation, participant, user, roles, a key's message", async () => {
        const c = conversation();
        const alice = participant(c.sid, 'alice', { role: 'moderator' });
        const sent = message(c.sid, 0, { key: 'k0', participantSid: alice.sid, mentions: ['bob'] });
        const user = {
          identity: 'alice',
          friendlyName: 'A',
          attributes: { a: 1 },
          role: null,
          dateCreated: 1,
          dateUpdated: 1
        };
        const role = {
          sid: 'RL2',
          friendlyName: 'moderator',
          type: 'conversation' as const,
          permissions: ['sendMessage'],
          dateCreated: 1,
          dateUpdated: 1
        };
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertParticipant(alice);
          await tx.ensureUser(user);
          await tx.saveRole(role);
          await tx.insertMessage(sent);
        });
        const roles = ['moderator', 'nobody'];
        const locked = await storage.transaction((tx) => tx.accessRows(c.sid, 'alice', roles, 'k0'));
        expect(locked).toEqual({ conversation: c, participant: alice, user, roles: [role], earlier: sent });
        expect(await storage.read((r) => r.accessRows(c.sid, 'alice', roles))).toEqual({ ...locked, earlier: null });
        expect(await storage.read((r) => r.accessRows(c.sid, 'bob', [], 'k0'))).toEqual({
          conversation: c,
          participant: null,
          user: null,
          roles: [],
          earlier: null
        });
        expect(await storage.transaction((tx) => tx.accessRows('CHnone', 'alice', roles, 'k0'))).toEqual({
          conversation: null,
          participant: null,
          user: null,
          roles: [],
          earlier: null
        });
      });

      it('writes a send at once: the message and its mentions, the conversation, the event', async () => {
        const c = conversation();
        await storage.transaction((tx) => tx.insertConversation(c));
        const m = message(c.sid, 0, { key: 'k', mentions: ['bob'] });
        const next = { ...c, nextMessageIndex: 1, messagesCount: 1, lastActivity: 5 };
        const [seq] = await appended(storage, async (tx) => [
          await tx.appendMessage(m, next, ev('messageAdded', c.sid), 5)
        ]);
        expect(await storage.read((r) => r.getMessage(c.sid, m.sid))).toEqual(m);
        expect(await storage.read((r) => r.getConversation(c.sid))).toEqual(next);
        expect(await storage.read((r) => r.countMentionsAfter('bob', c.sid, -1))).toBe(1);
        expect(await storage.read((r) => r.eventsAfter(seq - 1, 10))).toEqual([
          {
            seq,
            name: 'messageAdded',
            conversationSid: c.sid,
            targetIdentity: null,
            data: { n: 'messageAdded' },
            createdAt: 5
          }
        ]);
      });

      it('refuses two messages with the same index in a conversation', async () => {
        const c = conversation();
        await storage.transaction((tx) => tx.insertConversation(c));
        await storage.transaction((tx) => tx.insertMessage(message(c.sid, 0)));
        await expect(storage.transaction((tx) => tx.insertMessage(message(c.sid, 0)))).rejects.toHaveProperty(
          'message'
        );
      });
    });

    describe('users and push registrations', () => {
      it('creates a user once, then updates it', async () => {
        const user = {
          identity: 'alice',
          friendlyName: null,
          attributes: {},
          role: null,
          dateCreated: 1,
          dateUpdated: 1
        };
        expect(await storage.transaction((tx) => tx.ensureUser(user))).toEqual(user);
        expect(
          await storage.transaction((tx) => tx.ensureUser({ ...user, friendlyName: 'ignored', dateCreated: 9 }))
        ).toEqual(user);
        await storage.transaction((tx) => tx.updateUser({ ...user, friendlyName: 'Alice', attributes: { a: 1 } }));
        expect(await storage.read((r) => r.getUser('alice'))).toMatchObject({
          friendlyName: 'Alice',
          attributes: { a: 1 }
        });
        expect(await storage.read((r) => r.getUser('nobody'))).toBeNull();
      });

      it('adds and removes push registrations', async () => {
        const has = () => storage.read((r) => r.hasPushRegistration('alice'));
        expect(await has()).toBe(false);
        await storage.transaction(async (tx) => {
          await tx.addPushRegistration({ identity: 'alice', channelType: 'fcm', registrationId: 'r1' }, 1);
          await tx.addPushRegistration({ identity: 'alice', channelType: 'fcm', registrationId: 'r1' }, 1);
          await tx.addPushRegistration({ identity: 'alice', channelType: 'fcm', registrationId: 'r2' }, 1);
        });
        await storage.transaction((tx) => tx.removePushRegistration('alice', 'fcm', 'r1'));
        expect(await has()).toBe(true);
        await storage.transaction((tx) => tx.removePushRegistration('alice', 'fcm', null));
        expect(await has()).toBe(false);
      });

      it("lists an identity's registrations, a conversation's by notification level, less one identity", async () => {
        const c = conversation();
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertParticipant(participant(c.sid, 'alice'));
          await tx.insertParticipant(participant(c.sid, 'bob'));
          await tx.insertParticipant(participant(c.sid, 'carol', { notificationLevel: 'muted' }));
          await tx.addPushRegistration({ identity: 'alice', channelType: 'apn', registrationId: 'a1' }, 1);
          await tx.addPushRegistration({ identity: 'bob', channelType: 'fcm', registrationId: 'b1' }, 1);
          await tx.addPushRegistration({ identity: 'bob', channelType: 'apn', registrationId: 'b2' }, 2);
          await tx.addPushRegistration({ identity: 'carol', channelType: 'fcm', registrationId: 'c1' }, 1);
          await tx.addPushRegistration({ identity: 'dave', channelType: 'fcm', registrationId: 'd1' }, 1);
        });
        expect(await storage.read((r) => r.pushRegistrationsOf('bob'))).toEqual([
          { identity: 'bob', channelType: 'fcm', registrationId: 'b1' },
          { identity: 'bob', channelType: 'apn', registrationId: 'b2' }
        ]);
        const targets = await storage.read((r) => r.pushRegistrationsIn(c.sid, 'alice'));
        expect(targets.map((r) => r.registrationId)).toEqual(['b1', 'b2']);
        const everyone = await storage.read((r) => r.pushRegistrationsIn(c.sid, null));
        expect(everyone.map((r) => r.registrationId).sort()).toEqual(['a1', 'b1', 'b2']);
      });
    });

    describe('media', () => {
      const media = (sid: string, over: Partial<MediaRecord> = {}): MediaRecord => ({
        sid,
        identity: 'alice',
        filename: 'a.png',
        contentType: 'image/png',
        size: 3,
        category: 'media',
        conversationSid: null,
        messageSid: null,
        dateCreated: 10,
        ...over
      });

      it('stores uploads, attaches them to a message, and deletes by message, conversation or age', async () => {
        await storage.transaction(async (tx) => {
          for (const sid of ['ME1', 'ME2', 'ME3', 'ME4']) await tx.insertMedia(media(sid));
          await tx.insertMedia(media('ME5', { dateCreated: 100 }));
          await tx.attachMedia(['ME1', 'ME2'], 'CH1', 'IM1');
          await tx.attachMedia(['ME3'], 'CH1', 'IM2');
        });
        expect(await storage.read((r) => r.getMedia('ME1'))).toEqual(
          media('ME1', { conversationSid: 'CH1', messageSid: 'IM1' })
        );
        expect(await storage.read((r) => r.getMedia('nope'))).toBeNull();
        const ofMessage = await storage.transaction((tx) => tx.deleteMedia({ messageSid: 'IM1' }));
        expect(ofMessage.map((m) => m.sid).sort()).toEqual(['ME1', 'ME2']);
        expect(await storage.read((r) => r.getMedia('ME1'))).toBeNull();
        const old = await storage.transaction((tx) => tx.deleteMedia({ unattachedBefore: 50 }));
        expect(old.map((m) => m.sid)).toEqual(['ME4']);
        const ofConversation = await storage.transaction((tx) => tx.deleteMedia({ conversationSid: 'CH1' }));
        expect(ofConversation.map((m) => m.sid)).toEqual(['ME3']);
        expect(await storage.read((r) => r.getMedia('ME5'))).not.toBeNull();
      });
    });

    describe('content templates and message content', () => {
      it('stores, lists oldest first, finds and deletes templates', async () => {
        const template = (sid: string, dateCreated: number) => ({
          sid,
          friendlyName: `t${sid}`,
          variables: { name: 'you' },
          variants: { 'twilio/text': { body: 'Hi {{name}}' } },
          dateCreated,
          dateUpdated: dateCreated
        });
        await storage.transaction(async (tx) => {
          await tx.insertTemplate(template('HX2', 2));
          await tx.insertTemplate(template('HX1', 1));
        });
        expect((await storage.read((r) => r.listTemplates())).map((t) => t.sid)).toEqual(['HX1', 'HX2']);
        expect(await storage.read((r) => r.getTemplate('HX2'))).toEqual(template('HX2', 2));
        expect(await storage.transaction((tx) => tx.deleteTemplate('HX2'))).toBe(true);
        expect(await storage.transaction((tx) => tx.deleteTemplate('HX2'))).toBe(false);
        expect(await storage.read((r) => r.getTemplate('HX2'))).toBeNull();
      });

      it("keeps a message's content variables, and a participant's delivery time", async () => {
        const c = conversation();
        const m = message(c.sid, 0, { contentSid: 'HX1', contentVariables: { name: 'Bob' } });
        const p = participant(c.sid, 'bob', { lastDeliveredMessageIndex: 0, lastDeliveredTimestamp: 42 });
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertMessage(m);
          await tx.insertMessage(message(c.sid, 1));
          await tx.insertParticipant(p);
        });
        expect(await storage.read((r) => r.getMessage(c.sid, m.sid))).toEqual(m);
        const plain = await storage.read((r) => r.messagesAscending(c.sid, 1, 1));
        expect(plain[0]).not.toHaveProperty('contentVariables');
        expect(await storage.read((r) => r.getParticipant(c.sid, 'bob'))).toEqual(p);
      });
    });
    describe('roles, API keys, webhooks and the outbox', () => {
      it('stores roles by name, tells whether one is in use, and deletes them', async () => {
        const role = {
          sid: 'RL1',
          friendlyName: 'moderator',
          type: 'conversation' as const,
          permissions: ['sendMessage'],
          dateCreated: 1,
          dateUpdated: 1
        };
        await storage.transaction((tx) => tx.saveRole(role));
        expect(await storage.read((r) => r.getRole('moderator'))).toEqual(role);
        expect(await storage.read((r) => r.getRoles(['nobody', 'moderator']))).toEqual([role]);
        expect(await storage.read((r) => r.getRoles(['nobody']))).toEqual([]);
        await storage.transaction((tx) =>
          tx.saveRole({ ...role, permissions: ['sendMessage', 'deleteAnyMessage'], dateUpdated: 2 })
        );
        expect((await storage.read((r) => r.listRoles())).map((x) => x.permissions)).toEqual([
          ['sendMessage', 'deleteAnyMessage']
        ]);
        expect(await storage.read((r) => r.roleInUse('moderator'))).toBe(false);
        const c = conversation();
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          await tx.insertParticipant(participant(c.sid, 'mo', { role: 'moderator' }));
        });
        expect(await storage.read((r) => r.roleInUse('moderator'))).toBe(true);
        await storage.transaction((tx) =>
          tx.ensureUser({
            identity: 'svc',
            friendlyName: null,
            attributes: {},
            role: 'ops',
            dateCreated: 1,
            dateUpdated: 1
          })
        );
        expect(await storage.read((r) => r.roleInUse('ops'))).toBe(true);
        expect((await storage.read((r) => r.getUser('svc')))?.role).toBe('ops');
        expect(await storage.transaction((tx) => tx.deleteRole('RL1'))).toBe(true);
        expect(await storage.read((r) => r.getRole('moderator'))).toBeNull();
      });

      it('finds API keys by the hash of their secret, and deletes them', async () => {
        const key = { sid: 'SK1', friendlyName: 'ci', secretHash: 'ab'.repeat(32), scopes: ['read'], dateCreated: 5 };
        await storage.transaction((tx) => tx.insertApiKey(key));
        expect(await storage.read((r) => r.getApiKeyByHash(key.secretHash))).toEqual(key);
        expect(await storage.read((r) => r.listApiKeys())).toEqual([key]);
        expect(await storage.transaction((tx) => tx.deleteApiKey('SK1'))).toBe(true);
        expect(await storage.transaction((tx) => tx.deleteApiKey('SK1'))).toBe(false);
        expect(await storage.read((r) => r.getApiKeyByHash(key.secretHash))).toBeNull();
      });

      it("lists the service's and a conversation's webhooks; a conversation's go with it", async () => {
        const hook = (sid: string, conversationSid: string | null, kind: 'post' | 'pre' = 'post') => ({
          sid,
          conversationSid,
          kind,
          url: `http://127.0.0.1/${sid}`,
          method: 'POST',
          filters: ['onMessageAdded'],
          failurePolicy: 'allow' as const,
          timeoutMs: 5000,
          dateCreated: 1,
          dateUpdated: 1
        });
        const c = conversation();
        await storage.transaction(async (tx) => {
          await tx.insertConversation(c);
          for (const h of [hook('WHpost', null), hook('WHpre', null, 'pre'), hook('WHc', c.sid)])
            await tx.saveWebhook(h);
          await tx.setSetting('webhook_secret', 'whsec_x');
        });
        expect((await storage.read((r) => r.listWebhooks(null))).map((h) => h.sid).sort()).toEqual(['WHpost', 'WHpre']);
        expect((await storage.read((r) => r.listWebhooks(c.sid))).map((h) => h.sid)).toEqual(['WHc']);
        expect((await storage.read((r) => r.postWebhooksFor(c.sid))).map((h) => h.sid).sort()).toEqual([
          'WHc',
          'WHpost'
        ]);
        expect((await storage.read((r) => r.postWebhooksFor(null))).map((h) => h.sid)).toEqual(['WHpost']);
        await storage.transaction((tx) => tx.saveWebhook({ ...hook('WHpost', null), url: 'http://127.0.0.1/moved' }));
        expect((await storage.read((r) => r.getWebhook('WHpost')))?.url).toBe('http://127.0.0.1/moved');
        expect(await storage.read((r) => r.getSetting('webhook_secret'))).toBe('whsec_x');
        await storage.transaction((tx) => tx.deleteConversation(c.sid));
        expect(await storage.read((r) => r.listWebhooks(c.sid))).toEqual([]);
        expect(await storage.transaction((tx) => tx.deleteWebhook('WHpre'))).toBe(true);
      });

      it("leases each key's first calls to one owner at a time, in order; completes, retries, releases", async () => {
        const call = (key: string, n: number, at = 0) => ({
          messageId: `msg_${key}_${n}`,
          webhookSid: 'WH',
          url: 'http://127.0.0.1/',
          method: 'POST',
          orderingKey: key,
          eventType: 'onMessageAdded',
          payload: `{"n":${n}}`,
          createdAt: at,
          nextAttemptAt: at
        });
        await storage.transaction((tx) =>
          tx.insertOutbox([call('a', 1), call('b', 1), call('a', 2), call('a', 3), call('b', 2)])
        );
        expect(await storage.read((r) => r.countOutbox())).toBe(5);
        const first = await storage.transaction((tx) => tx.leaseOutbox(10, 1000, 'p1', 10, 2));
        expect(first.map((o) => o.messageId)).toEqual(['msg_a_1', 'msg_a_2', 'msg_b_1', 'msg_b_2']);
        // held: another owner gets nothing until the lease ends
        expect(await storage.transaction((tx) => tx.leaseOutbox(20, 1000, 'p2', 10, 2))).toEqual([]);
        const [a1, a2, b1, b2] = first;
        await storage.transaction(async (tx) => {
          await tx.completeOutbox([a1.id], 'p1');
          await tx.retryOutbox(a2.id, 'p1', 1, 500);
          await tx.completeOutbox([b1.id, b2.id], 'p2'); // not its lease: nothing happens
          await tx.releaseOutbox([b1.id, b2.id], 'p1');
        });
        // a2 waits for its retry, and a3 behind it; b is free again
        expect(
          (await storage.transaction((tx) => tx.leaseOutbox(30, 2000, 'p2', 10, 5))).map((o) => o.messageId)
        ).toEqual(['msg_b_1', 'msg_b_2']);
        const retried = await storage.transaction((tx) => tx.leaseOutbox(600, 2000, 'p3', 10, 5));
        expect(retried.map((o) => [o.messageId, o.attempts])).toEqual([
          ['msg_a_2', 1],
          ['msg_a_3', 0]
        ]);
        // a lease that ran out is taken by another owner
        expect(
          (await storage.transaction((tx) => tx.leaseOutbox(2500, 3000, 'p4', 10, 5))).map((o) => o.messageId)
        ).toEqual(['msg_a_2', 'msg_a_3', 'msg_b_1', 'msg_b_2']);
      });

      it('keeps a delivery log, newest first, paged, pruned by age', async () => {
        const entry = (n: number, webhookSid = 'WH') => ({
          messageId: `msg_${n}`,
          webhookSid,
          eventType: 'onMessageAdded',
          attempt: 1,
          outcome: 'failed' as const,
          status: 500,
          error: 'Internal Server Error',
          durationMs: 3,
          createdAt: n
        });
        await storage.transaction((tx) => tx.insertDeliveries([entry(1), entry(2), entry(3, 'WH2'), entry(4)]));
        const page = await storage.read((r) => r.listDeliveries('WH', null, 2));
        expect(page.map((d) => d.messageId)).toEqual(['msg_4', 'msg_2']);
        expect(page[0]).toMatchObject({ status: 500, outcome: 'failed', error: 'Internal Server Error' });
        expect((await storage.read((r) => r.listDeliveries('WH', page[1].id, 2))).map((d) => d.messageId)).toEqual([
          'msg_1'
        ]);
        expect((await storage.read((r) => r.listDeliveries(null, null, 10))).length).toBe(4);
        expect(await storage.transaction((tx) => tx.pruneDeliveries(3))).toBe(2);
        expect((await storage.read((r) => r.listDeliveries(null, null, 10))).map((d) => d.messageId)).toEqual([
          'msg_4',
          'msg_3'
        ]);
      });
    });
  });
}
