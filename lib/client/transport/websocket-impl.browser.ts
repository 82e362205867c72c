import type { WebSocketConstructor } from '../options';

/** The WebSocket class of the browser build: the platform's own. */
export const DefaultWebSocket: WebSocketConstructor | undefined = (globalThis as { WebSocket?: WebSocketConstructor })
  .WebSocket;
