/**
 * The self-hostable Conversations server: `import { startServer } from 'rx-conversations/server'`.
 * @packageDocumentation
 */
export { startServer, type RunningServer } from './start-server';
export { DEFAULTS, type Logger, type ServerOptions } from './options';
export type { IssueTokenOptions } from './auth/tokens';
export { WS_PATH } from './socket/gateway';
export type { Storage, Reader, Tx } from './storage/storage';
export type { Bus, BusEvent } from './bus/bus';
