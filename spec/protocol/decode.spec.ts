import { commandCodecs, decode, eventCodecs, LIMITS, ClientFrame } from '../../lib/protocol';

describe('decode', () => {
  it('accepts valid command arguments', () => {
    const result = decode(commandCodecs.sendMessage.args, { conversationSid: 'CH1', key: 'k1', body: 'hi' });
    expect(result).toEqual({ ok: true, value: { conversationSid: 'CH1', key: 'k1', body: 'hi' } });
  });

  it('answers a valid input as it is: the codecs check without transforming', () => {
    const message = {
      sid: 'IM1',
      conversationSid: 'CH1',
      index: 3,
      author: 'bob',
      participantSid: 'MB1',
      body: 'hi',
      attributes: { a: [1, { b: null }] },
      type: 'text',
      media: [],
      contentSid: null,
      dateCreated: 1,
      dateUpdated: 2,
      lastUpdatedBy: null,
      key: 'k'
    };
    const cases: [{ is(u: unknown): boolean; decode(u: unknown): { _tag: string; right?: unknown } }, unknown][] = [
      [eventCodecs.messageAdded, { message }],
      [commandCodecs.sendMessage.args, { conversationSid: 'CH1', key: 'k1', body: 'hi', attributes: { x: 1 } }],
      [commandCodecs.getMessages.result, { items: [message], hasPrevPage: false, hasNextPage: true }]
    ];
    for (const [codec, input] of cases) {
      expect(codec.is(input)).toBe(true);
      // what the fast path in decode() relies on: the full decoding would give the same object
      expect(codec.decode(input).right).toBe(input);
      expect(decode(codec as never, input)).toEqual({ ok: true, value: input });
      expect((decode(codec as never, input) as { value: unknown }).value).toBe(input);
    }
  });

  it('names the bad field of an intersection', () => {
    const result = decode(commandCodecs.sendMessage.args, { conversationSid: 'CH1', key: 'k', body: 5 }, 'args');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.path).toBe('args.body');
  });

  it('names a missing required field', () => {
    const result = decode(commandCodecs.sendMessage.args, { key: 'k' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.path).toBe('conversationSid');
      expect(result.message).toMatch(/conversationSid/);
    }
  });

  it('refuses a body over the limit, in bytes', () => {
    const body = 'é'.repeat(LIMITS.maxBodyBytes / 2 + 1);
    const result = decode(commandCodecs.sendMessage.args, { conversationSid: 'CH1', key: 'k', body });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/at most 32768 bytes/);
  });

  it('refuses JSON nested too deeply', () => {
    let deep: unknown = 1;
    for (let i = 0; i < LIMITS.maxJsonDepth + 2; i++) deep = [deep];
    const result = decode(commandCodecs.updateUser.args, { attributes: deep });
    expect(result.ok).toBe(false);
  });

  it('decodes client frames', () => {
    expect(decode(ClientFrame, { type: 'ping' }).ok).toBe(true);
    expect(decode(ClientFrame, { type: 'request', id: 1, command: 'x', args: {} }).ok).toBe(true);
    expect(decode(ClientFrame, { type: 'request', id: -1, command: 'x', args: {} }).ok).toBe(false);
    expect(decode(ClientFrame, { type: 'handshake', protocol: 1, token: 't', resume: { position: 3 } }).ok).toBe(true);
  });
});
