import WS from 'ws';
import type { WebSocketConstructor } from '../options';

/**
 * The WebSocket class of this build: the `ws` package in Node. The browser build replaces this
 * module with websocket-impl.browser.ts, so no Node module reaches a browser bundle.
 */
export const DefaultWebSocket: WebSocketConstructor | undefined = WS as unknown as WebSocketConstructor;
