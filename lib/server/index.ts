/**
 * The self-hostable Conversations server: `import { startServer } from 'rx-conversations/server'`.
 * @packageDocumentation
 */
export { startServer, type RunningServer } from './start-server';
export { DEFAULTS, DEFAULT_MEDIA_CONTENT_TYPES, type Logger, type ServerOptions } from './options';
export type { IssueTokenOptions } from './auth/tokens';
export { WS_PATH } from './socket/gateway';
export type { Storage, Reader, Tx } from './storage/storage';
export type { Bus, BusEvent } from './bus/bus';
export type { MediaStore } from './media/media-store';
export type { PushGateway } from './push/push-gateway';
export type {
  NotificationLevel,
  ConversationRecord,
  ParticipantRecord,
  MessageRecord,
  UserRecord,
  NewEvent,
  EventRecord,
  UserConversationRecord,
  ListPosition,
  PushRegistration,
  MediaRecord,
  MediaScope,
  TemplateRecord
} from './storage/records';
