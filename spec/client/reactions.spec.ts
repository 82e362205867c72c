import { filter, firstValueFrom } from 'rxjs';
import {
  type Client,
  type Conversation,
  ErrorCode,
  type MessageUpdatedEventArgs,
  type Selector,
  type StoreState,
  selectMentionCount,
  selectReactions,
  selectReplies,
  selectReplyParent,
  selectTotalMentionCount
} from '../../lib/client';
import { commandsSent, countingSocket } from '../helpers/counting-socket';
import { waitFor, waitForAsync } from '../helpers/wait';
import { clientWorld, type ClientWorld } from './world';

/** The selector's value in the client's store now. */
const now = <R>(client: Client, selector: Selector<StoreState, R>): Promise<R> =>
  firstValueFrom(client.select(selector));

describe('beyond the reference: reactions, replies, mentions and search', () => {
  let world: ClientWorld;
  beforeEach(async () => {
    world = await clientWorld();
  });
  afterEach(() => world.close());

  /** alice's conversation with bob in it, as each of them holds it. */
  async function pair(): Promise<{ alice: Client; bob: Client; mine: Conversation; bobs: Conversation }> {
    const alice = await world.client('alice');
    const bob = await world.client('bob');
    const mine = await alice.createConversation({ friendlyName: 'pair' });
    const bobJoined = firstValueFrom(bob.conversationJoined$);
    await mine.add('bob');
    return { alice, bob, mine, bobs: await bobJoined };
  }

  it('two clients react and unreact, and both stores agree', async () => {
    const { alice, bob, mine, bobs } = await pair();
    await mine.sendMessage('react to me');
    await bobs.getMessages();
    const [bobsMessage] = (await bobs.getMessages()).items;
    const [alicesMessage] = (await mine.getMessages()).items;
    const reasons: MessageUpdatedEventArgs['updateReasons'][] = [];
    alicesMessage.updated$.subscribe((args) => reasons.push(args.updateReasons));
    await bobsMessage.react('🎉');
    await alicesMessage.react('🎉');
    await alicesMessage.react('ok');
    await waitFor(() => bobsMessage.reactions.length === 2 && alicesMessage.reactions.length === 2, 'both see both');
    expect(await now(bob, selectReactions(bobs.sid, 0))).toEqual([
      { key: '🎉', count: 2, identities: ['bob', 'alice'], reacted: true },
      { key: 'ok', count: 1, identities: ['alice'], reacted: false }
    ]);
    expect(alicesMessage.reactions.map((r) => r.reacted)).toEqual([true, true]);
    await bobsMessage.unreact('🎉');
    await waitFor(() => alicesMessage.reactions[0]?.count === 1, 'alice sees the unreact');
    expect(bobsMessage.reactions).toEqual([
      { key: '🎉', count: 1, identities: ['alice'], reacted: false },
      { key: 'ok', count: 1, identities: ['alice'], reacted: false }
    ]);
    expect(alicesMessage.reactions).toEqual([
      { key: '🎉', count: 1, identities: ['alice'], reacted: true },
      { key: 'ok', count: 1, identities: ['alice'], reacted: true }
    ]);
    // receipts may update the message too; every reaction change is an update of its own reason
    const ofReactions = () => reasons.filter((r) => r.includes('reactions'));
    await waitFor(() => ofReactions().length >= 4, 'an update per reaction change');
    expect(ofReactions().every((r) => r.length === 1)).toBe(true);
    expect(alicesMessage.attributes).toEqual({});
    await expect(bobsMessage.react('no spaces')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    void alice;
  });

  it('acts on a message by index: getMessage answers the held object with no request, else fetches it', async () => {
    const { mine } = await pair();
    const sent: string[] = [];
    const bob = await world.client('bob', { WebSocket: countingSocket(sent) });
    const bobs = await bob.getConversationBySid(mine.sid);
    const added = firstValueFrom(bob.messageAdded$.pipe(filter((message) => message.index === 1)));
    await mine.sendMessage('first');
    await mine.sendMessage('second');
    const delivered = await added;
    sent.length = 0;
    const held = await bobs.getMessage(1);
    expect(held).toBe(delivered);
    await held.react('👍');
    expect(commandsSent(sent)).toEqual(['addReaction']);
    await waitFor(() => mine.lastMessage?.index === 1 && held.reactions.length === 1, 'the reaction held');
    expect((await bobs.getMessage(0)).body).toBe('first');
    await expect(bobs.getMessage(7)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(bobs.getMessage(-1)).rejects.toMatchObject({ code: ErrorCode.BadRequest });
  });

  it('replies link to their parent, whose preview stands in when it is not held', async () => {
    const { alice, bob, mine, bobs } = await pair();
    await mine.sendMessage('the question');
    await mine.sendMessage('filler');
    await bobs.sendMessage('the answer', undefined, undefined, { replyTo: 0 });
    await bobs.prepareMessage().setBody('another answer').setReplyTo(0).build().send();
    expect(() => bobs.prepareMessage().setReplyTo(-1)).toThrow();
    await mine.getMessages();
    await waitFor(() => mine.lastMessage?.index === 3, 'alice has every message');
    const replies = await now(alice, selectReplies(mine.sid, 0));
    expect(replies.map((m) => m.body)).toEqual(['the answer', 'another answer']);
    expect(await now(alice, selectReplyParent(mine.sid, 2))).toMatchObject({ body: 'the question', attributes: {} });
    // a client holding only the reply gets the preview that travelled with it
    const carol = await world.client('bob', { messageCacheSize: 1000 });
    const carols = await carol.getConversationBySid(mine.sid);
    const [latest] = (await carols.getMessages(1)).items;
    expect(latest.replyTo).toMatchObject({ index: 0, body: 'the question', author: 'alice' });
    const parent = await now(carol, selectReplyParent(mine.sid, 3));
    expect(parent).toEqual(latest.replyTo);
    void bob;
  });

  it("a reply's preview follows its parent's edit and removal, held or fetched later", async () => {
    const { alice, mine, bobs } = await pair();
    await mine.sendMessage('the question');
    await mine.sendMessage('filler');
    await bobs.sendMessage('the answer', undefined, undefined, { replyTo: 0 });
    await waitFor(() => mine.lastMessage?.index === 2, 'alice has the reply');
    const [question, , answer] = (await mine.getMessages()).items;
    // bob's second client holds the reply only, not its parent
    const other = await world.client('bob');
    const others = await other.getConversationBySid(mine.sid);
    const [held] = (await others.getMessages(1)).items;
    const reasons: MessageUpdatedEventArgs['updateReasons'][] = [];
    held.updated$.subscribe((args) => reasons.push(args.updateReasons));
    const fetched = async () => {
      const later = await (await world.client('bob')).getConversationBySid(mine.sid);
      return (await later.getMessages(1)).items[0].replyTo;
    };

    await question.updateBody('the better question');
    await waitFor(
      () => held.replyTo?.body === 'the better question' && answer.replyTo?.body === 'the better question',
      "both stores hold the parent's new body in the reply"
    );
    expect(reasons).toEqual([['replyTo']]);
    expect(await now(alice, selectReplyParent(mine.sid, 2))).toMatchObject({ body: 'the better question', index: 0 });
    expect(await fetched()).toEqual(held.replyTo);
    expect(held.replyTo).toEqual({
      index: 0,
      sid: question.sid,
      author: 'alice',
      body: 'the better question',
      type: 'text',
      dateCreated: question.dateCreated?.getTime()
    });

    await question.remove();
    const removed = { ...held.replyTo, body: null, removed: true };
    await waitFor(
      () => held.replyTo?.removed === true && answer.replyTo?.removed === true,
      'the parent marked removed'
    );
    expect([held.replyTo, answer.replyTo, await fetched()]).toEqual([removed, removed, removed]);
    expect(await now(alice, selectReplyParent(mine.sid, 2))).toEqual(removed);
    expect(reasons).toEqual([['replyTo'], ['replyTo']]);
  });

  it('counts mentions apart from unread, live and after reading', async () => {
    const { alice, bob, mine, bobs } = await pair();
    await bobs.setAllMessagesRead();
    await mine.sendMessage('hello @bob');
    await mine.sendMessage('and @bob again, not @nobody');
    await mine.sendMessage('nothing for bob');
    await waitFor(() => bobs.lastMessage?.index === 2, 'bob has the messages');
    await waitForAsync(async () => (await now(bob, selectMentionCount(bobs.sid))) === 2, 'two mentions');
    expect(await now(bob, selectTotalMentionCount)).toBe(2);
    expect(await bobs.getUnreadMessagesCount()).toBe(3);
    await bobs.advanceLastReadMessageIndex(0);
    await waitForAsync(async () => (await now(bob, selectMentionCount(bobs.sid))) === 1, 'one mention left');
    await bobs.setAllMessagesRead();
    await waitForAsync(async () => (await now(bob, selectMentionCount(bobs.sid))) === 0, 'none left');
    expect(await now(alice, selectMentionCount(mine.sid))).toBe(0);
  });

  it('searches what the user may read, page by page', async () => {
    const { alice, mine } = await pair();
    for (let i = 0; i < 5; i++) await mine.sendMessage(`standup notes ${i}`);
    await mine.sendMessage('something else');
    const eve = await world.client('eve');
    const evesOwn = await eve.createConversation({});
    await evesOwn.sendMessage('standup secret');
    const first = await alice.searchMessages('standup', { pageSize: 2 });
    expect(first.items.map((hit) => hit.message.body)).toEqual(['standup notes 4', 'standup notes 3']);
    expect(first.items[0].highlights).toEqual([[0, 7]]);
    expect(first.items[0].message.conversation).toBe(mine);
    const second = await first.nextPage();
    expect(second.items.map((hit) => hit.message.body)).toEqual(['standup notes 2', 'standup notes 1']);
    expect(await second.prevPage()).toBe(first);
    const last = (await second.nextPage()).items;
    expect(last.map((hit) => hit.message.body)).toEqual(['standup notes 0']);
    const inOne = await alice.searchMessages('notes 3', { conversationSid: mine.sid });
    expect(inOne.items.map((hit) => hit.message.index)).toEqual([3]);
    expect((await eve.searchMessages('standup')).items.map((hit) => hit.message.body)).toEqual(['standup secret']);
    await expect(alice.searchMessages('')).rejects.toMatchObject({ code: ErrorCode.BadRequest });
  });
});
