import WS from 'ws';
import type { WebSocketConstructor } from '../../../lib/client';
import type { CloseFrame, WelcomeFrame } from '../../../lib/protocol';

/** What the sockets of one client saw: every welcome frame, and how every connection closed. */
export interface SocketLog {
  welcomes: WelcomeFrame[];
  closeFrames: CloseFrame[];
  closes: { code: number; at: number }[];
  opens: number[];
  /** Replies refusing a request as `RateLimited`. */
  rateLimitedReplies: number;
}

/**
 * A `ws` WebSocket class for `ClientOptions.WebSocket` that records what the client's connections
 * saw (welcomes, `close` frames, close codes, open times), without changing what the client gets.
 */
export function recordingWebSocket(): { WebSocket: WebSocketConstructor; log: SocketLog } {
  const log: SocketLog = { welcomes: [], closeFrames: [], closes: [], opens: [], rateLimitedReplies: 0 };
  class Recording extends WS {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('open', () => log.opens.push(Date.now()));
      this.on('message', (data: Buffer, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.startsWith('{"type":"reply"') && text.includes('"code":42900')) log.rateLimitedReplies++;
        if (!text.startsWith('{"type":"welcome"') && !text.startsWith('{"type":"close"')) return;
        const frame = JSON.parse(text) as WelcomeFrame | CloseFrame;
        if (frame.type === 'welcome') log.welcomes.push(frame);
        else log.closeFrames.push(frame);
      });
      this.on('close', (code) => log.closes.push({ code, at: Date.now() }));
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, log };
}
