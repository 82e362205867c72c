import {
  Client,
  type ClientOptions,
  ContentTemplateVariable,
  ConversationsError,
  ErrorCode
} from '../../../lib/client';
import { type ClientWorld, clientWorld } from '../../client/world';
import { waitFor } from '../../helpers/wait';
import { report } from '../helpers/report';
import { EVENTED, type Signature, type SignatureWorld, SIGNATURES, WRONG } from './signatures';

/** Names that are not public API: internal hooks (`_emit`), protected and private helpers. */
const INTERNAL = new Set(['constructor', 'event$', 'track', 'untrack']);

/** The public method names of an object (its prototype chain) or of a class's statics. */
function methodsOf(target: object, statics = false): string[] {
  const names = new Set<string>();
  if (statics) {
    for (const name of Object.getOwnPropertyNames(target)) {
      if (
        typeof (target as Record<string, unknown>)[name] === 'function' &&
        !['length', 'name', 'prototype'].includes(name)
      )
        names.add(name);
    }
    return [...names].sort();
  }
  for (
    let proto = Object.getPrototypeOf(target) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor?.value === 'function' && !INTERNAL.has(name) && !name.startsWith('_')) names.add(name);
    }
  }
  return [...names].sort();
}

/** Calls `call` and answers what it threw or rejected with ('returned' when it did neither, within 3 s). */
async function outcomeOf(call: () => unknown): Promise<unknown> {
  try {
    const value = call();
    if (value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function') {
      const late = new Promise((resolve) => setTimeout(() => resolve('no answer within 3 s'), 3000).unref());
      const settled = await Promise.race([
        Promise.resolve(value).then((v) => (v instanceof Client ? v : 'returned')),
        late
      ]);
      return settled;
    }
    return value instanceof Client ? value : 'returned';
  } catch (error) {
    return error;
  }
}

const describeValue = (value: unknown) => {
  if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') return typeof value;
  try {
    return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

describe('bad input: public methods given wrong argument types', () => {
  let world: ClientWorld;
  afterEach(async () => {
    await world.close();
  });

  it('every public method has a row in the signature table; every wrong argument is a typed BadRequest', async () => {
    world = await clientWorld();
    const client = await world.client('alice');
    const conversation = await client.createConversation({ friendlyName: 'api' });
    await conversation.add('bob');
    await conversation.sendMessage('hello');
    const [message] = (await conversation.getMessages()).items;
    const participant = await conversation.getParticipantByIdentity('alice');
    const user = await client.getUser('alice');
    const builder = conversation.prepareMessage();
    const variable = new ContentTemplateVariable('name', 'value');
    const targets: Record<string, object> = {
      'Client (static)': Client,
      Client: client,
      Conversation: conversation,
      Message: message,
      Participant: participant,
      User: user,
      MessageBuilder: builder,
      UnsentMessage: builder.build(),
      ContentTemplateVariable: variable
    };

    // the table covers the surface exactly: a new public method without a row fails here
    for (const [name, target] of Object.entries(targets)) {
      expect([name, methodsOf(target, name.endsWith('(static)'))]).toEqual([
        name,
        Object.keys(SIGNATURES[name]).sort()
      ]);
    }

    const w: SignatureWorld = {
      token: await world.server.issueToken('alice'),
      participantSid: participant.sid,
      messageSid: message.sid,
      otherIdentity: 'carol'
    };
    const failures: string[] = [];
    let refused = 0;
    const created: Client[] = [];
    const expectRefused = async (label: string, call: () => unknown, code: number = ErrorCode.BadRequest) => {
      const before = client.getState();
      const outcome = await outcomeOf(call);
      if (outcome instanceof Client) created.push(outcome);
      if (!(outcome instanceof ConversationsError) || outcome.code !== code) {
        const code = outcome instanceof Error ? ((outcome as { code?: number }).code ?? '') : '';
        failures.push(
          `${label}: ${outcome instanceof Error ? `${outcome.name} ${code} ${outcome.message}` : String(outcome)}`
        );
      } else if (client.getState() !== before) {
        failures.push(`${label}: refused, but changed the store`);
      } else refused++;
    };

    for (const [name, target] of Object.entries(targets)) {
      for (const [method, signature] of Object.entries<Signature>(SIGNATURES[name])) {
        const fn = (target as Record<string, (...args: unknown[]) => unknown>)[method];
        if (signature.unsupported) {
          await expectRefused(`${name}.${method}()`, () => fn.call(target), ErrorCode.NotSupported);
          continue;
        }
        for (const [i, kind] of signature.params.entries()) {
          for (const wrong of WRONG[kind]) {
            const args = [...signature.valid(w)];
            while (args.length < signature.params.length) args.push(undefined);
            args[i] = wrong;
            await expectRefused(`${name}.${method}(${args.map(describeValue).join(', ')})`, () =>
              fn.apply(target, args)
            );
          }
        }
      }
    }

    // constructors a user calls: the Client and a content template variable
    for (const wrong of WRONG.token)
      await expectRefused(`new Client(${describeValue(wrong)})`, () => new Client(wrong as string));
    for (const wrong of WRONG.clientOptions)
      await expectRefused(
        `new Client(token, ${describeValue(wrong)})`,
        () => new Client(w.token, wrong as ClientOptions)
      );
    for (const wrong of WRONG.id)
      await expectRefused(
        `new ContentTemplateVariable(${describeValue(wrong)}, 'v')`,
        () => new ContentTemplateVariable(wrong as string, 'v')
      );
    for (const wrong of WRONG.text)
      await expectRefused(
        `new ContentTemplateVariable('n', ${describeValue(wrong)})`,
        () => new ContentTemplateVariable('n', wrong as string)
      );

    await Promise.all(created.map((c) => c.shutdown()));
    expect(failures).toEqual([]);
    // nothing reached the server either: the conversation is as it was
    await waitFor(() => client.connectionState === 'connected', 'still connected');
    expect((await conversation.getMessages()).items.map((m) => m.body)).toEqual(['hello']);
    expect(await conversation.getParticipantsCount()).toBe(2);
    report('public-api', {
      classes: Object.keys(targets).length,
      methods: Object.values(SIGNATURES).reduce((n, s) => n + Object.keys(s).length, 0),
      wrongCallsRefused: refused,
      eventedMethods: Object.keys(EVENTED).length
    });
  }, 60000);
});
