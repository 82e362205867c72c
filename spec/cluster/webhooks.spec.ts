import { TestClient, closeClients, eventually } from '../server/helpers/client';
import { type Resource, restClient } from '../server/helpers/rest';
import { type WebhookReceiver, startWebhookReceiver } from '../server/helpers/webhook-receiver';
import { type Cluster, startCluster } from './helpers/cluster';

const KEY = 'cluster-webhook-admin-key';

let cluster: Cluster;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  cluster = await startCluster(3, { RXC_ADMIN_KEY: KEY });
}, 120000);

afterAll(async () => {
  closeClients();
  await cluster?.close();
  await receiver?.close();
});

describe('webhooks in a cluster', () => {
  it('three processes deliver each event exactly once to a counting receiver, in order per conversation', async () => {
    const rest = restClient(cluster.nodes[0].httpUrl, KEY);
    const configured = await rest<Resource<'ServiceWebhooks'>>('POST', '/v1/Configuration/Webhooks', {
      PostWebhookUrl: receiver.url,
      Filters: ['onMessageAdded']
    });
    expect(configured.status).toBe(200);
    receiver.secret = configured.body.signing_secret ?? null;

    const senders = await Promise.all(
      cluster.nodes.map(async (node, i) => TestClient.connect(node.url, await cluster.token(`sender${i}`)))
    );
    const rooms: string[] = [];
    for (let r = 0; r < 6; r++) {
      const owner = senders[r % 3];
      const { conversation } = await owner.call('createConversation', {});
      for (const other of senders)
        if (other !== owner)
          await owner.call('addParticipant', { conversationSid: conversation.sid, identity: other.welcome!.identity });
      rooms.push(conversation.sid);
    }
    const perSender = 60;
    await Promise.all(
      senders.map(async (sender, s) => {
        for (let i = 0; i < perSender; i++) {
          await sender.call('sendMessage', {
            conversationSid: rooms[(s + i) % rooms.length],
            key: `s${s}-${i}`,
            body: `s${s}-${i}`
          });
        }
      })
    );
    const total = senders.length * perSender;
    await eventually(() => receiver.accepted().length >= total, 60000, 'every call');
    // every process polls the same outbox; none delivered a call another held
    const ids = receiver.calls.map((call) => call.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
    expect(receiver.calls.every((call) => call.verified)).toBe(true);
    for (const sid of rooms) {
      const indexes = receiver.calls
        .filter((call) => call.payload.ConversationSid === sid)
        .map((call) => call.payload.Index);
      expect(indexes).toEqual([...Array(indexes.length).keys()]);
    }
    // the calls were delivered by more than one process: each process's counter took part
    const delivered = await Promise.all(
      cluster.nodes.map(
        async (node) =>
          (await restClient(node.httpUrl, KEY)<Resource<'Metrics'>>('GET', '/v1/Metrics')).body.webhooks.delivered
      )
    );
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(total);
    expect(delivered.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});
