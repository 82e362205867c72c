/**
 * Size and count limits, enforced by the server and documented in docs/protocol.md.
 * Sizes in bytes are UTF-8 bytes; sizes of attributes are the bytes of their JSON text; lengths in
 * characters are UTF-16 code units (a string's `length`: most emoji count 2).
 */
export const LIMITS = {
  /**
   * A frame larger than this closes the connection (1009) as soon as its header says so: its
   * bytes are neither kept nor parsed. Every request whose arguments pass their codec fits, even a
   * body of `maxBodyBytes` that JSON escapes six bytes to one.
   */
  maxFrameBytes: 256 * 1024,
  /** Before its handshake, a connection's frames are refused unparsed above this (a handshake fits). */
  maxHandshakeBytes: 16 * 1024,
  /**
   * Nesting of arrays and objects in a frame (`maxJsonDepth` inside a request's arguments); deeper frames are refused
   * unparsed.
   */
  maxFrameDepth: 34,
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
  /** An access token, in characters (the handshake's and `updateToken`'s). */
  maxTokenLength: 8192,
  /** The values of a message's content template variables, as JSON text. */
  maxContentVariablesBytes: 8 * 1024,
  /** Identities in one subscribeUsers / unsubscribeUsers request. */
  maxUsersPerRequest: 100,
  /** Media attachments on one message. */
  maxMediaPerMessage: 10,
  /** Media sids in one temporary-URL request. */
  maxMediaSidsPerRequest: 100,
  /** Nesting depth of any JSON value in a frame. */
  maxJsonDepth: 32,
  /** A reaction key (an emoji or a short word), in characters; no whitespace. */
  maxReactionKeyLength: 32,
  /** Different reaction keys one user may have on one message. */
  maxReactionsPerUserPerMessage: 10,
  /** Identities a reaction summary names, per key (the first to react). */
  reactionIdentitiesShown: 5,
  /** A search query, in characters. */
  maxSearchQueryLength: 256,
  /** Words of a search query that count (the rest are ignored). */
  maxSearchTerms: 8,
  /** Search page size: default and maximum. */
  defaultSearchPageSize: 20,
  maxSearchPageSize: 50,
  /** The typing signal's lifetime: a receiver ends typing after this plus 1 s. */
  typingTimeoutMs: 5000
} as const;

/** The limits' type. */
export type Limits = typeof LIMITS;
