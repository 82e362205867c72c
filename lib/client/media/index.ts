/**
 * rx-conversations/media: media — temporary content URLs (of the Client, of a Message, of a Media),
 * uploads, `conversation.prepareMessage()` (`MessageBuilder`, `UnsentMessage`) and sending a
 * `FormData` or `SendMediaOptions`. Importing it registers the part with the client of
 * `rx-conversations/lean` (`rx-conversations` includes it).
 *
 * @packageDocumentation
 */
import { registerPart } from '../model/parts';
import { createMessageBuilder } from '../model/message-builder';
import { fetchMediaUrls, temporaryUrlsForMedia, temporaryUrlsForSids } from './media-urls';

registerPart('media', { fetchMediaUrls, temporaryUrlsForSids, temporaryUrlsForMedia, createMessageBuilder });

export { MessageBuilder } from '../model/message-builder';
export { UnsentMessage } from '../model/unsent-message';
