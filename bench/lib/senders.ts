/**
 * The one sender of the fan-out benchmark, and the two ways it sends: as fast as acknowledgements
 * allow (a fixed window in flight: saturation) or at a steady rate (open loop, with a cap on what
 * may be in flight).
 */
import WebSocket from 'ws';
import { Client, type Conversation } from '../../lib/client';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = (): number => performance.timeOrigin + performance.now();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bytes of the server's `messageAdded` event frame for one of the sender's messages. */
export function eventFrameBytes(body: string): number {
  const hex = 'f'.repeat(32);
  const t = now();
  const message = {
    sid: `IM${hex}`,
    conversationSid: `CH${hex}`,
    index: 12345,
    author: 'sender',
    participantSid: `MB${hex}`,
    body,
    attributes: { t },
    type: 'text',
    media: [],
    contentSid: null,
    dateCreated: Math.round(t),
    dateUpdated: Math.round(t),
    lastUpdatedBy: null,
    key: '1b4e28ba-2fa1-11d2-883f-0016d3cca427'
  };
  return Buffer.byteLength(JSON.stringify({ type: 'event', seq: 123456, name: 'messageAdded', data: { message } }));
}

/** Something that sends one message and resolves once it is acknowledged. */
export interface Sender {
  send(): Promise<unknown>;
  close(): Promise<void>;
}

/** The library's full client, sending into one conversation (`t` in the message attributes). */
export async function librarySender(token: string, conversationSid: string, body: string): Promise<Sender> {
  const client = await Client.create(token, { heartbeatIntervalMs: 30_000, heartbeatTimeoutMs: 120_000 });
  const conversation: Conversation = await client.getConversationBySid(conversationSid);
  return {
    send: () => conversation.sendMessage(body, { t: now() }),
    close: () => client.shutdown()
  };
}

/**
 * A bare socket to the floor's relay sending frames of `frameBytes` bytes that start with the send
 * time (`{"t":<ms>,"p":"xxx…"}`); the relay's echo of a frame is its acknowledgement.
 */
export async function rawSender(url: string, frameBytes: number): Promise<Sender> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const acks: (() => void)[] = [];
  let head = 0;
  ws.on('message', () => acks[head++]?.());
  return {
    send() {
      const t = now().toFixed(3);
      const fill = Math.max(0, frameBytes - `{"t":${t},"p":""}`.length);
      ws.send(`{"t":${t},"p":"${'x'.repeat(fill)}"}`);
      return new Promise<void>((resolve) => acks.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      })
  };
}

/** Sends `count` messages keeping `window` unacknowledged at most; answers when all are acknowledged. */
export async function saturate(sender: Sender, count: number, window: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      await sender.send();
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
}

/**
 * Sends `rate` messages per second for `durationMs` on a schedule (whatever the acknowledgements
 * do), holding back only while `maxInFlight` are unacknowledged; answers how many were sent and
 * how long sending took.
 */
export async function steady(
  sender: Sender,
  rate: number,
  durationMs: number,
  maxInFlight: number
): Promise<{ sent: number; ms: number }> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const start = now();
  const acks: Promise<unknown>[] = [];
  let sent = 0;
  let inFlight = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - start) * rate) / 1000) + 1);
    while (sent < due && inFlight < maxInFlight) {
      inFlight++;
      sent++;
      acks.push(sender.send().finally(() => inFlight--));
    }
    await sleep(1);
  }
  const ms = now() - start;
  await Promise.all(acks);
  return { sent, ms };
}
