import WebSocketNode from 'ws';

/** A WebSocket class (the `ws` package's) that records every frame the client sends, for `options.WebSocket`. */
export function countingSocket(sent: string[]): typeof WebSocket {
  return class extends WebSocketNode {
    override send(data: string): void {
      sent.push(String(data));
      super.send(data);
    }
  } as unknown as typeof WebSocket;
}

/** The commands among frames a client sent. */
export function commandsSent(sent: readonly string[]): string[] {
  return sent
    .map((frame) => JSON.parse(frame) as { type: string; command?: string })
    .filter((f) => f.type === 'request')
    .map((f) => f.command as string);
}
