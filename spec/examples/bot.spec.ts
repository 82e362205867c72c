import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type RunningServer, startServer } from '../../lib/server';
import { TestClient, closeClients, eventually } from '../server/helpers/client';
import { type Resource, restClient } from '../server/helpers/rest';

/** The bot example (examples/bot), run as its README says, against the real server. */
const ROOT = resolve(__dirname, '../..');
const KEY = 'bot-example-admin-key';

let server: RunningServer;
let bot: ChildProcess | null = null;

beforeAll(async () => {
  server = await startServer({ adminKey: KEY, logger: { info() {}, warn() {}, error() {} } });
});
afterAll(async () => {
  closeClients();
  bot?.kill('SIGKILL');
  await server?.close();
});

describe('examples/bot', () => {
  it('receives signed webhook calls, answers in the conversation through REST; a forged call is refused', async () => {
    const rest = restClient(server.httpUrl, KEY);
    const secret = (await rest<Resource<'SigningSecret'>>('POST', '/v1/Configuration/Webhooks/Secret')).body
      .signing_secret;
    bot = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples/bot/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        RXC_API_URL: `${server.httpUrl}/v1`,
        RXC_API_KEY: KEY,
        RXC_WEBHOOK_SECRET: secret,
        BOT_IDENTITY: 'helper',
        PORT: '0'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let out = '';
    bot.stdout?.on('data', (chunk) => (out += chunk));
    bot.stderr?.on('data', (chunk) => (out += chunk));
    const botUrl = await eventually(
      () => /listening for webhook calls at (\S+)/.exec(out)?.[1],
      20000,
      `the bot's URL in: ${out}`
    );

    const alice = await TestClient.connect(server.url, await server.issueToken('alice'));
    const { conversation } = await alice.call('createConversation', { uniqueName: 'help-desk' });
    const hook = await rest('POST', '/v1/Conversations/help-desk/Webhooks', {
      Configuration: { Url: botUrl, Filters: ['onMessageAdded'] }
    });
    expect(hook.status).toBe(201);

    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'q1', body: 'is anyone there?' });
    const answer = await alice.waitEvent('messageAdded', (e) => e.data.message.author === 'helper', 15000);
    expect(answer.data.message).toMatchObject({ body: 'You said: is anyone there?', index: 1, participantSid: null });
    // the bot does not answer itself
    await alice.call('sendMessage', { conversationSid: conversation.sid, key: 'q2', body: 'thanks' });
    await alice.waitEvent('messageAdded', (e) => e.data.message.body === 'You said: thanks', 15000);
    expect(alice.named('messageAdded').filter((e) => e.data.message.author === 'helper')).toHaveLength(2);

    const forged = await fetch(botUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA'
      },
      body: JSON.stringify({
        EventType: 'onMessageAdded',
        ConversationSid: conversation.sid,
        Author: 'mallory',
        Body: 'forged'
      })
    });
    expect(forged.status).toBe(401);
  });
});
