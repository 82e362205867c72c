/**
 * The parameters of every public method of the client's classes, by kind, for the wrong-argument
 * test. Each kind lists values of the wrong type (or out of range) that must be refused with a
 * `BadRequest` ConversationsError. A method missing from this table fails the test, so a new
 * method cannot go unchecked.
 */

/** A value that is not JSON in a way JSON.stringify would hide or choke on. */
function circular(): unknown {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
}

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const notAString = [null, 42, true, {}, [], () => 'x', Symbol('s')];

/** Wrong values by kind of parameter. */
export const WRONG = {
  /** A required string (may be empty). */
  text: [undefined, ...notAString],
  /** A required, non-empty string: sid, identity, key. */
  id: [undefined, '', ...notAString],
  /** A string or null. */
  textOrNull: [undefined, 42, true, {}, [], () => 'x'],
  /** A message index, required. */
  index: [undefined, null, '1', -1, 1.5, NaN, Infinity, {}, true],
  /** A message index or null. */
  indexOrNull: [undefined, '1', -1, 1.5, NaN, {}],
  /** An optional message index. */
  optionalIndex: ['1', -1, 1.5, NaN, {}],
  /** An optional page size of messages (1..100). */
  optionalPageSize: ['30', 0, -1, 1.5, 101, NaN, null, {}],
  /** An optional direction. */
  optionalDirection: ['up', 1, null, {}],
  /** A required JSON value. */
  json: [undefined, () => 1, Symbol('s'), BigInt(10), NaN, Infinity, circular(), new Date(0), new Map(), deep(40)],
  /** An optional JSON value. */
  optionalJson: [() => 1, Symbol('s'), BigInt(10), NaN, circular(), new Date(0), new Map(), deep(40)],
  /** 'fcm' or 'apn'. */
  channel: [undefined, null, 'gcm', 1, {}],
  /** 'default' or 'muted'. */
  level: [undefined, null, 'loud', 1, {}],
  /** A listener function. */
  listener: [undefined, null, 'f', 1, {}],
  /** An event name. */
  event: [undefined, null, 1, {}, () => 'x'],
  /** An optional event name. */
  optionalEvent: [null, 1, {}, () => 'x'],
  /** A Participant, its sid or an identity. */
  participant: [undefined, null, 42, {}, [], ''],
  /** Options of createConversation. */
  conversationOptions: [
    null,
    42,
    'x',
    true,
    [],
    { friendlyName: 42 },
    { uniqueName: {} },
    { attributes: () => 1 },
    { attributes: BigInt(1) },
    { isPrivate: 'yes' }
  ],
  /** The text of sendMessage (media options are the media tests' business). */
  messageBody: [undefined, 42, true, () => 'x', Symbol('s')],
  /** An access token: a string (a string that is not a token is TokenInvalid, not a type error). */
  token: [undefined, null, 42, {}, []],
  /** A non-empty array of media sids. */
  mediaSids: [undefined, null, 'ME1', [1], {}, []],
  /** An array of Media. */
  mediaList: [undefined, null, 'x', [1], {}],
  /** An array of Media, or null (or left out). */
  mediaListOrNull: ['x', [1], {}, 42],
  /** An array of media categories. */
  categories: [undefined, null, 'media', [1], {}],
  /** An optional content type. */
  optionalContentType: [42, {}, null],
  /** A media payload (FormData or SendMediaOptions). */
  mediaPayload: [undefined, null, 42, 'x'],
  /** Optional content template variables. */
  optionalVariables: ['x', [1], {}, null],
  /** Options of searchMessages. */
  searchOptions: [42, 'x', [], { pageSize: 0 }, { pageSize: 1.5 }, { conversationSid: 42 }, { conversationSid: '' }],
  /** The message a reply answers: an index or a sid. */
  replyTo: [undefined, null, '', -1, 1.5, {}, true],
  /** A push payload. */
  pushPayload: [undefined, null, 42, 'x', [], {}],
  /** Registrations (populateInitRegistrations). */
  registrations: [undefined, null, 42, 'x'],
  /** Client options. */
  clientOptions: [
    42,
    'x',
    true,
    { requestTimeoutMs: 'fast' },
    { url: 42 },
    { reconnect: 'often' },
    { messageCacheSize: -5 },
    { WebSocket: 'ws' }
  ]
} as const;

/** A parameter kind, or `null` for a method that refuses every call (NotSupported) whatever its arguments. */
export type Kind = keyof typeof WRONG;

/** One public method: its parameter kinds, and valid arguments to vary one at a time. */
export interface Signature {
  params: Kind[];
  /** Valid arguments (built per call: some need live objects). */
  valid: (world: SignatureWorld) => unknown[];
  /** The method refuses every call (a feature this server does not have), so argument types are moot. */
  unsupported?: true;
}

/** The live objects valid arguments may refer to. */
export interface SignatureWorld {
  token: string;
  participantSid: string;
  messageSid: string;
  otherIdentity: string;
}

const none: Signature = { params: [], valid: () => [] };
const unsupported: Signature = { params: [], valid: () => [], unsupported: true };

/** Methods every evented class inherits. */
export const EVENTED: Record<string, Signature> = {
  on: { params: ['event', 'listener'], valid: () => ['updated', () => undefined] },
  addListener: { params: ['event', 'listener'], valid: () => ['updated', () => undefined] },
  once: { params: ['event', 'listener'], valid: () => ['updated', () => undefined] },
  off: { params: ['event', 'listener'], valid: () => ['updated', () => undefined] },
  removeListener: { params: ['event', 'listener'], valid: () => ['updated', () => undefined] },
  removeAllListeners: { params: ['optionalEvent'], valid: () => [] },
  listenerCount: { params: ['event'], valid: () => ['updated'] }
};

/** Every public method of the client's classes. */
export const SIGNATURES: Record<string, Record<string, Signature>> = {
  'Client (static)': {
    parsePushNotification: { params: ['pushPayload'], valid: () => [] },
    populateInitRegistrations: { params: ['registrations'], valid: () => [] },
    create: { params: ['token', 'clientOptions'], valid: (w) => [w.token, {}] }
  },
  Client: {
    getState: none,
    select: { params: ['listener'], valid: () => [] },
    shutdown: none,
    updateToken: { params: ['token'], valid: () => [] },
    getConversationBySid: { params: ['id'], valid: () => [] },
    conversation: { params: ['id'], valid: () => [] },
    peekConversationBySid: { params: ['id'], valid: () => [] },
    getConversationByUniqueName: { params: ['id'], valid: () => [] },
    getSubscribedConversations: none,
    createConversation: { params: ['conversationOptions'], valid: () => [] },
    getUser: { params: ['id'], valid: () => [] },
    handlePushNotification: { params: ['pushPayload'], valid: () => [] },
    setPushRegistrationId: { params: ['channel', 'id'], valid: () => ['fcm', 'device-1'] },
    unsetPushRegistrationId: { params: ['channel'], valid: () => [] },
    removePushRegistrations: { params: ['channel', 'id'], valid: () => ['fcm', 'device-1'] },
    getTemporaryContentUrlsForMediaSids: { params: ['mediaSids'], valid: () => [] },
    getTemporaryContentUrlsForMedia: { params: ['mediaList'], valid: () => [] },
    getContentTemplates: none,
    getSubscribedUsers: none,
    clearCache: none,
    searchMessages: { params: ['id', 'searchOptions'], valid: () => ['hello', {}] },
    ...EVENTED
  },
  Conversation: {
    join: none,
    leave: none,
    add: { params: ['id', 'optionalJson'], valid: (w) => [w.otherIdentity, {}] },
    addNonChatParticipant: unsupported,
    removeParticipant: { params: ['participant'], valid: () => [] },
    sendMessage: { params: ['messageBody', 'optionalJson'], valid: () => ['hello', {}] },
    prepareMessage: none,
    retryMessage: { params: ['id'], valid: () => [] },
    discardMessage: { params: ['id'], valid: () => [] },
    getMessages: {
      params: ['optionalPageSize', 'optionalIndex', 'optionalDirection'],
      valid: () => [30, 0, 'forward']
    },
    loadOlder: { params: ['optionalPageSize'], valid: () => [30] },
    getMessage: { params: ['index'], valid: () => [] },
    getMessagesCount: none,
    getUnreadMessagesCount: none,
    getParticipantsCount: none,
    getParticipants: none,
    getParticipantBySid: { params: ['id'], valid: () => [] },
    getParticipantByIdentity: { params: ['id'], valid: () => [] },
    updateLastReadMessageIndex: { params: ['indexOrNull'], valid: () => [] },
    advanceLastReadMessageIndex: { params: ['index'], valid: () => [] },
    setAllMessagesRead: none,
    setAllMessagesUnread: none,
    setUserNotificationLevel: { params: ['level'], valid: () => [] },
    typing: none,
    getAttributes: none,
    updateFriendlyName: { params: ['text'], valid: () => [] },
    updateUniqueName: { params: ['textOrNull'], valid: () => [] },
    updateAttributes: { params: ['json'], valid: () => [] },
    delete: none,
    getMessageRecipients: unsupported,
    ...EVENTED
  },
  Message: {
    updateBody: { params: ['text'], valid: () => [] },
    updateAttributes: { params: ['json'], valid: () => [] },
    remove: none,
    getParticipant: none,
    getMediaByCategories: { params: ['categories'], valid: () => [] },
    getMediaByCategory: { params: ['categories'], valid: () => [] },
    getEmailBody: { params: ['optionalContentType'], valid: () => [] },
    getEmailHistory: { params: ['optionalContentType'], valid: () => [] },
    getTemporaryContentUrlsForMedia: { params: ['mediaList'], valid: () => [] },
    getTemporaryContentUrlsForMediaSids: { params: ['mediaSids'], valid: () => [] },
    getTemporaryContentUrlsForAttachedMedia: none,
    attachTemporaryUrlsFor: { params: ['mediaListOrNull'], valid: () => [] },
    getContentData: none,
    getDetailedDeliveryReceipts: none,
    getChannelMetadata: none,
    getMessageRecipients: none,
    react: { params: ['id'], valid: () => [] },
    unreact: { params: ['id'], valid: () => [] },
    ...EVENTED
  },
  Participant: {
    updateAttributes: { params: ['json'], valid: () => [] },
    remove: none,
    getUser: none,
    ...EVENTED
  },
  User: {
    updateFriendlyName: { params: ['text'], valid: () => [] },
    updateAttributes: { params: ['json'], valid: () => [] },
    unsubscribe: none,
    ...EVENTED
  },
  MessageBuilder: {
    setBody: { params: ['text'], valid: () => [] },
    setSubject: { params: ['text'], valid: () => [] },
    setAttributes: { params: ['json'], valid: () => [] },
    setEmailBody: unsupported,
    setEmailHistory: unsupported,
    setContentTemplate: { params: ['id', 'optionalVariables'], valid: () => ['HX' + '0'.repeat(32), []] },
    addMedia: { params: ['mediaPayload'], valid: () => [] },
    setReplyTo: { params: ['replyTo'], valid: () => [] },
    build: none,
    buildAndSend: none
  },
  UnsentMessage: { send: none },
  ContentTemplateVariable: { copyWithValue: { params: ['text'], valid: () => [] } }
};
