import WS from 'ws';
import type { WebSocketConstructor } from '../../../lib/client';
import type { DeniedFrame, EventFrame, EventsFrame, ReplyFrame, WelcomeFrame } from '../../../lib/protocol';

/**
 * What one client's connections received: per connection, its URL, the welcome's resume outcome and
 * every durable seq.
 */
export interface SeqLog {
  connections: { url: string; resume: string | null; seqs: number[] }[];
  /** Cuts the newest connection off, as a lost network would (the client reconnects and resumes). */
  drop(): void;
}

/**
 * A `ws` WebSocket class for `ClientOptions.WebSocket` that records, for each connection, where
 * it went and the seq of every durable event it received (replayed or live), in arrival order.
 */
export function seqRecordingWebSocket(): { WebSocket: WebSocketConstructor; log: SeqLog } {
  const latest: { socket: WS | null } = { socket: null };
  const log: SeqLog = {
    connections: [],
    drop: () => {
      if (latest.socket?.readyState === WS.OPEN) latest.socket.terminate();
    }
  };
  class Recording extends WS {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      latest.socket = this;
      const connection = { url, resume: null as string | null, seqs: [] as number[] };
      log.connections.push(connection);
      this.on('message', (data: Buffer, isBinary) => {
        if (isBinary) return;
        const frame = JSON.parse(data.toString()) as WelcomeFrame | DeniedFrame | ReplyFrame | EventFrame | EventsFrame;
        if (frame.type === 'welcome') connection.resume = frame.resume;
        const events = frame.type === 'event' ? [frame] : frame.type === 'events' ? frame.events : [];
        for (const event of events) if (typeof event.seq === 'number') connection.seqs.push(event.seq);
      });
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, log };
}
