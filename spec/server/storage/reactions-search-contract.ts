import type { Storage } from '../../../lib/server/storage/storage';
import { conversation, message, participant } from './fixtures';

/**
 * What every engine must do for reactions, mentions and search (called by `storageContract`, so it
 * runs on SQLite and PostgreSQL alike). `storage` answers the fresh storage of the running test.
 */
export function reactionsAndSearchContract(storage: () => Storage): void {
  describe('reactions, mentions and search', () => {
    /** A conversation alice and bob take part in, and one only carol does. */
    async function scene() {
      const ours = conversation();
      const theirs = conversation();
      await storage().transaction(async (tx) => {
        await tx.insertConversation(ours);
        await tx.insertConversation(theirs);
        await tx.insertParticipant(participant(ours.sid, 'alice'));
        await tx.insertParticipant(participant(ours.sid, 'bob'));
        await tx.insertParticipant(participant(theirs.sid, 'carol'));
      });
      return { ours, theirs };
    }
    const search = (identity: string, terms: string[], sid: string | null = null, limit = 10) =>
      storage().read((r) => r.searchMessages(identity, terms, sid, null, limit));
    const bodies = (found: { message: { body: string | null } }[]) => found.map((f) => f.message.body);

    it('keeps reactions apart from the message, once per identity and key', async () => {
      const { ours } = await scene();
      const m = message(ours.sid, 0);
      const reaction = { messageSid: m.sid, conversationSid: ours.sid, identity: 'bob', key: '👍', dateCreated: 5 };
      const added = await storage().transaction(async (tx) => {
        await tx.insertMessage(m);
        return [
          await tx.addReaction(reaction),
          await tx.addReaction(reaction),
          await tx.addReaction({ ...reaction, identity: 'alice', dateCreated: 6 }),
          await tx.addReaction({ ...reaction, key: 'ok', dateCreated: 7 })
        ];
      });
      expect(added).toEqual([true, false, true, true]);
      const read = storage().read(async (r) => ({
        all: await r.reactionsOf(m.sid),
        bobs: await r.countReactionsBy(m.sid, 'bob'),
        mine: await r.myReactions('bob', [m.sid, 'IMnone'])
      }));
      expect(await read).toEqual({
        all: [
          { identity: 'bob', key: '👍' },
          { identity: 'alice', key: '👍' },
          { identity: 'bob', key: 'ok' }
        ],
        bobs: 2,
        mine: new Map([[m.sid, ['👍', 'ok']]])
      });
      const summary = [{ key: '👍', count: 2, identities: ['bob', 'alice'] }];
      await storage().transaction(async (tx) => {
        expect(await tx.removeReaction(m.sid, 'bob', 'ok')).toBe(true);
        expect(await tx.removeReaction(m.sid, 'bob', 'ok')).toBe(false);
        await tx.setMessageReactions(m.sid, summary);
      });
      expect(await storage().read((r) => r.getMessage(ours.sid, m.sid))).toEqual({ ...m, reactions: summary });
      await storage().transaction((tx) => tx.deleteMessage(m.sid));
      expect(await storage().read((r) => r.reactionsOf(m.sid))).toEqual([]);
    });

    it('stores replies and mentions, and counts mentions past a horizon', async () => {
      const { ours } = await scene();
      const parent = message(ours.sid, 0);
      const replyTo = {
        index: 0,
        sid: parent.sid,
        author: 'alice',
        body: 'm0',
        type: 'text' as const,
        dateCreated: 0
      };
      const reply = message(ours.sid, 1, { author: 'alice', body: 'hi @bob', mentions: ['bob'], replyTo });
      await storage().transaction(async (tx) => {
        await tx.insertMessage(parent);
        await tx.insertMessage(reply);
        await tx.insertMessage(message(ours.sid, 2, { body: '@bob again', mentions: ['bob'] }));
      });
      expect(await storage().read((r) => r.getMessage(ours.sid, reply.sid))).toEqual(reply);
      const count = (after: number) => storage().read((r) => r.countMentionsAfter('bob', ours.sid, after));
      expect([await count(-1), await count(1), await count(2)]).toEqual([2, 1, 0]);
      await storage().transaction((tx) => tx.updateMessage({ ...reply, body: 'hi', mentions: undefined }));
      expect(await count(-1)).toBe(1);
      await storage().transaction((tx) => tx.deleteConversation(ours.sid));
      expect(await count(-1)).toBe(0);
    });

    it("sets the previews of a message's replies, in its conversation only", async () => {
      const { ours, theirs } = await scene();
      const parent = message(ours.sid, 0);
      const replyTo = { index: 0, sid: parent.sid, author: null, body: 'm0', type: 'text' as const, dateCreated: 0 };
      const replies = [1, 2].map((i) => message(ours.sid, i, { replyTo }));
      const elsewhere = message(theirs.sid, 0, { replyTo });
      const other = message(ours.sid, 3, { replyTo: { ...replyTo, sid: 'IMother' } });
      await storage().transaction(async (tx) => {
        for (const m of [parent, ...replies, elsewhere, other, message(ours.sid, 4)]) await tx.insertMessage(m);
      });
      const removed = { ...replyTo, body: null, removed: true };
      expect(await storage().transaction((tx) => tx.updateReplyPreviews(ours.sid, parent.sid, removed))).toBe(2);
      const read = (m: { sid: string; conversationSid: string }) =>
        storage().read((r) => r.getMessage(m.conversationSid, m.sid));
      expect(await Promise.all([...replies, elsewhere, other].map(async (m) => (await read(m))?.replyTo))).toEqual([
        removed,
        removed,
        replyTo,
        other.replyTo
      ]);
    });

    it('finds messages with every word, newest first, only where the identity takes part', async () => {
      const { ours, theirs } = await scene();
      await storage().transaction(async (tx) => {
        await tx.insertMessage(message(ours.sid, 0, { body: 'The quick brown fox' }));
        await tx.insertMessage(message(ours.sid, 1, { body: 'a lazy dog, QUICK' }));
        await tx.insertMessage(message(ours.sid, 2, { body: null, type: 'media' }));
        await tx.insertMessage(message(ours.sid, 3, { body: 'quickly now' }));
        await tx.insertMessage(message(theirs.sid, 0, { body: 'quick secret' }));
      });
      expect(bodies(await search('alice', ['quick']))).toEqual([
        'quickly now',
        'a lazy dog, QUICK',
        'The quick brown fox'
      ]);
      expect(bodies(await search('alice', ['quick', 'fox']))).toEqual(['The quick brown fox']);
      expect(bodies(await search('alice', ['fox', 'qui']))).toEqual(['The quick brown fox']);
      expect(bodies(await search('alice', ['nothing']))).toEqual([]);
      expect(bodies(await search('carol', ['quick']))).toEqual(['quick secret']);
      expect(bodies(await search('carol', ['quick'], ours.sid))).toEqual([]);
      expect(bodies(await search('dave', ['quick']))).toEqual([]);
    });

    it('pages from a position and follows edits and removals at once', async () => {
      const { ours } = await scene();
      const ms = [0, 1, 2, 3, 4].map((i) => message(ours.sid, i, { body: `word number ${i}`, dateCreated: 100 + i }));
      await storage().transaction(async (tx) => {
        for (const m of ms) await tx.insertMessage(m);
      });
      const first = await search('bob', ['word'], null, 2);
      expect(bodies(first)).toEqual(['word number 4', 'word number 3']);
      const next = await storage().read((r) => r.searchMessages('bob', ['word'], null, first[1].position, 2));
      expect(bodies(next)).toEqual(['word number 2', 'word number 1']);
      await storage().transaction(async (tx) => {
        await tx.updateMessage({ ...ms[4], body: 'edited away' });
        await tx.deleteMessage(ms[3].sid);
      });
      expect(bodies(await search('bob', ['word']))).toEqual(['word number 2', 'word number 1', 'word number 0']);
      expect(bodies(await search('bob', ['edited']))).toEqual(['edited away']);
      // a transaction that fails leaves the index as it was
      await expect(
        storage().transaction(async (tx) => {
          await tx.updateMessage({ ...ms[0], body: 'rolled back' });
          throw new Error('no');
        })
      ).rejects.toThrow('no');
      expect(bodies(await search('bob', ['rolled']))).toEqual([]);
      expect(bodies(await search('bob', ['number', '0']))).toEqual(['word number 0']);
    });
  });
}
