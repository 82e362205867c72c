/**
 * Size and count limits, enforced by the server and documented in docs/protocol.md.
 * Sizes of strings are UTF-8 bytes; sizes of attributes are the bytes of their JSON text.
 */
export const LIMITS = {
  /** Frames larger than this are refused with `TooLarge` (the connection stays up). */
  maxFrameBytes: 64 * 1024,
  /** Frames larger than this close the connection (1009). */
  maxFrameHardBytes: 1024 * 1024,
  /** Message body. */
  maxBodyBytes: 32 * 1024,
  /** Conversation attributes. */
  maxConversationAttributesBytes: 16 * 1024,
  /** Message attributes. */
  maxMessageAttributesBytes: 4 * 1024,
  /** Participant attributes. */
  maxParticipantAttributesBytes: 4 * 1024,
  /** User attributes. */
  maxUserAttributesBytes: 16 * 1024,
  /** friendlyName and uniqueName, in characters. */
  maxNameLength: 256,
  /** identity, in characters. */
  maxIdentityLength: 256,
  /** Participants in one conversation. */
  maxParticipantsPerConversation: 1000,
  /** Messages page size: default and maximum. */
  defaultMessagesPageSize: 30,
  maxMessagesPageSize: 100,
  /** Conversation list page size: default and maximum. */
  defaultConversationsPageSize: 500,
  maxConversationsPageSize: 1000,
  /** Idempotency key of a send, in characters. */
  maxIdempotencyKeyLength: 128,
  /** Conversations in one listRosters request. */
  maxRostersPerRequest: 100,
  /** Identities in one subscribeUsers / unsubscribeUsers request. */
  maxUsersPerRequest: 100,
  /** Media attachments on one message. */
  maxMediaPerMessage: 10,
  /** Media sids in one temporary-URL request. */
  maxMediaSidsPerRequest: 100,
  /** Nesting depth of any JSON value in a frame. */
  maxJsonDepth: 32,
  /** The typing signal's lifetime: a receiver ends typing after this plus 1 s. */
  typingTimeoutMs: 5000
} as const;

/** The limits' type. */
export type Limits = typeof LIMITS;
