import { ErrorCode, substituteVariables, type MessageData } from '../../protocol';
import { ConversationsError } from '../errors';
import type { ModelContext } from '../model/context';
import { parseVariant, type ContentData } from './content-data';
import { contentTemplates } from './templates-cache';

/**
 * `message.getContentData()` of a message with a `contentSid`: the template's first variant, with the
 * message's variables (else the template's defaults) put in; `NotFound` once the template was deleted.
 */
export async function messageContent(
  ctx: ModelContext,
  message: MessageData,
  signal: AbortSignal
): Promise<ContentData | null> {
  const templates = await contentTemplates(ctx);
  if (signal.aborted) throw new ConversationsError(ErrorCode.Cancelled, 'Cancelled');
  const template = templates.find((item) => item.sid === message.contentSid);
  if (!template)
    throw new ConversationsError(ErrorCode.NotFound, `Content template ${message.contentSid} was not found`);
  const first = [...template.variants.entries()][0];
  if (!first) return null;
  const values: Record<string, string> = {};
  for (const variable of template.variables) values[variable.name] = variable.value;
  Object.assign(values, message.contentVariables ?? {});
  const raw = first[1].rawData === undefined ? null : (JSON.parse(first[1].rawData) as unknown);
  return parseVariant(first[0], substituteVariables(raw, values));
}
