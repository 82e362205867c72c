/**
 * rx-conversations/templates: content templates — `Client.getContentTemplates`,
 * `message.getContentData()` and the `ContentTemplate` types. Importing it registers the part with
 * the client of `rx-conversations/lean` (`rx-conversations` includes it).
 *
 * @packageDocumentation
 */
import { registerPart } from '../model/parts';
import { messageContent } from './message-content';
import { contentTemplates } from './templates-cache';

registerPart('templates', { templates: contentTemplates, contentData: messageContent });

export { ContentTemplate, ContentTemplateVariable } from './content-template';
export type {
  ContentData,
  ContentDataAction,
  ContentDataActionUrl,
  ContentDataActionPhone,
  ContentDataActionReply,
  ContentDataActionOther,
  ContentDataText,
  ContentDataMedia,
  ContentDataLocation,
  ContentDataReply,
  ContentDataQuickReply,
  ContentDataCallToAction,
  ContentDataListPicker,
  ContentDataListItem,
  ContentDataCard,
  ContentDataOther
} from './content-data';
