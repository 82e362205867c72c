import { expect } from '@jest/globals';
import {
  CancellablePromise,
  ChannelMetadata,
  EmailRecipientDescriptor,
  ErrorCode,
  RestPaginator,
  UnknownRecipientDescriptor
} from '../../lib/client';
import { clientWorld, type ClientWorld } from './world';

describe('members for non-chat participants (no channel gateway on this server)', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it('reject with NotSupported, or answer the reference value for a chat message, never a TypeError', async () => {
    world = await clientWorld();
    const alice = await world.client('alice');
    const conversation = await alice.createConversation();
    const notSupported = expect.objectContaining({
      code: ErrorCode.NotSupported,
      status: 501,
      message: expect.stringMatching(/gateway/)
    });
    await expect(
      conversation.addNonChatParticipant(
        '+15550100',
        '+15550111',
        {},
        { email: { name: 'n', address: 'a@b', level: 'to' } }
      )
    ).rejects.toEqual(notSupported);
    await expect(conversation.getMessageRecipients({ pageSize: 5 })).rejects.toEqual(notSupported);
    await conversation.sendMessage('hi', {}, { subject: 'ignored' });
    const [message] = (await conversation.getMessages()).items;
    await expect(message.getChannelMetadata()).resolves.toBeNull();
    await expect(message.getMessageRecipients()).resolves.toEqual([]);
    expect(message.getEmailBody()).toBeNull();
    expect(message.getEmailHistory('text/html')).toBeNull();
    expect(message.subject).toBeNull();
    expect(() =>
      conversation.prepareMessage().setEmailBody('text/plain', { contentType: 'text/plain', media: 'x' })
    ).toThrow(notSupported);
    expect(conversation.bindings).toEqual({});
    const [me] = await conversation.getParticipants();
    expect(me.type).toBe('chat');
    expect(me.bindings).toEqual({});
  });

  it('exports the reference classes with their shapes', async () => {
    const metadata = new ChannelMetadata('sms', { a: 1 });
    expect(metadata).toMatchObject({ type: 'sms', data: { a: 1 } });
    expect(Object.isFrozen(metadata.data)).toBe(true);
    expect(new EmailRecipientDescriptor('IM1', 'cc', 'Ann', 'ann@example.com')).toMatchObject({
      type: 'email',
      level: 'cc',
      address: 'ann@example.com'
    });
    expect(new UnknownRecipientDescriptor('fax', 'IM1', '{}')).toMatchObject({ type: 'fax', rawData: '{}' });
    const second = new RestPaginator(['c'], () => Promise.reject(new Error('unused')), 'p1', null);
    const first = new RestPaginator(['a', 'b'], () => Promise.resolve(second), null, 'n1');
    expect(first).toMatchObject({ items: ['a', 'b'], hasNextPage: true, hasPrevPage: false });
    expect(await first.nextPage()).toBe(second);
    await expect(first.prevPage()).rejects.toMatchObject({ code: ErrorCode.NotFound, message: 'No previous page' });
    await expect(second.nextPage()).rejects.toMatchObject({ message: 'No next page' });
  });
});

describe('CancellablePromise', () => {
  it('resolves like a Promise, and cancel() runs the registered cancellation then rejects with Cancelled', async () => {
    await expect(new CancellablePromise((resolve) => resolve(3))).resolves.toBe(3);
    const cancelled: string[] = [];
    const pending = new CancellablePromise<number>((_resolve, _reject, onCancel) =>
      onCancel(() => cancelled.push('aborted'))
    );
    expect(pending).toBeInstanceOf(Promise);
    expect(pending.cancel()).toBe(pending);
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Cancelled, status: 499 });
    expect(cancelled).toEqual(['aborted']);
    const done = new CancellablePromise<number>((resolve, _reject, onCancel) => {
      onCancel(() => cancelled.push('too late'));
      resolve(1);
    });
    await done;
    void done.cancel(); // settled already: the cancel is a no-op, which is the point
    expect(cancelled).toEqual(['aborted']);
    const next = done.then((n) => n + 1);
    expect(next).not.toBeInstanceOf(CancellablePromise);
    await next;
  });
});
