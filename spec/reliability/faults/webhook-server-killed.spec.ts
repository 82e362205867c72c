import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, closeClients, eventually } from '../../server/helpers/client';
import { killClis } from '../../server/helpers/cli';
import { type Resource, restClient } from '../../server/helpers/rest';
import { type WebhookReceiver, startWebhookReceiver } from '../../server/helpers/webhook-receiver';
import { freePort, processTokens, startServerProcess } from '../helpers/server-process';

const KEY = 'killed-webhook-admin-key';
const ENV = {
  RXC_ADMIN_KEY: KEY,
  RXC_WEBHOOK_LEASE_MS: '1500',
  RXC_WEBHOOK_TIMEOUT_MS: '60000',
  RXC_WEBHOOK_RETRY_BASE_MS: '50'
};

let dir: string;
let receiver: WebhookReceiver;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxc-webhook-kill-'));
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  closeClients();
  killClis();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhooks across a crash', () => {
  it('a server killed with SIGKILL mid-delivery delivers every acknowledged event after its restart', async () => {
    const port = await freePort();
    const database = join(dir, 'chat.db');
    const first = await startServerProcess(port, database, ENV);
    const httpUrl = `http://127.0.0.1:${port}`;
    const rest = restClient(httpUrl, KEY);
    const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onMessageAdded']
    });
    receiver.secret = configured.body.signing_secret ?? null;
    // the receiver takes the calls and never answers: every one is in flight when the server dies
    receiver.answer = () => null;

    const tokens = processTokens(first.url);
    const alice = await TestClient.connect(first.url, await tokens('alice'));
    const sids: string[] = [];
    for (let c = 0; c < 3; c++) sids.push((await alice.call('createConversation', {})).conversation.sid);
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++) {
      const sid = sids[i % 3];
      acknowledged.push((await alice.call('sendMessage', { conversationSid: sid, key: `k${i}`, body: `m${i}` })).sid);
    }
    await eventually(() => receiver.calls.length >= 3, 10000, 'calls in flight');
    first.cli.child.kill('SIGKILL');
    await first.cli.exited;
    const inFlight = receiver.calls.length;

    receiver.answer = () => ({ status: 200 });
    await startServerProcess(port, database, ENV);
    await eventually(() => receiver.accepted().length >= 30, 30000, 'every acknowledged event delivered');
    const delivered = receiver.accepted().map((call) => call.payload.MessageSid);
    expect(new Set(delivered)).toEqual(new Set(acknowledged));
    expect(delivered).toHaveLength(30);
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    // in order per conversation, and the calls cut by the crash came again with their ids
    for (const sid of sids) {
      const indexes = receiver
        .accepted()
        .filter((call) => call.payload.ConversationSid === sid)
        .map((call) => Number(call.payload.Index));
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    }
    const cutIds = receiver.calls.slice(0, inFlight).map((call) => call.id);
    expect(cutIds.every((id) => receiver.accepted().some((call) => call.id === id))).toBe(true);
  });
});
