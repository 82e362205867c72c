/**
 * The self-hostable Conversations server: `import { startServer } from 'rx-conversations/server'`.
 * It exports what a user passes to the server or receives from it, and nothing else.
 * @packageDocumentation
 */
export { startServer, type RunningServer } from './start-server';
export { DEFAULTS, DEFAULT_MEDIA_CONTENT_TYPES, type Logger, type ServerOptions } from './options';
export type { IssueTokenOptions } from './auth/tokens';
export type { MediaStore } from './media/media-store';
export type { PushGateway } from './push/push-gateway';
export type { ApnsPayload, FcmPayload, PushDelivery } from '../protocol';
export { MissingPackageError, type OptionalPackage } from './optional-packages';
