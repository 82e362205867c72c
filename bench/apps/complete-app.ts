/**
 * The complete application of bench/bundle.ts: an application written for the reference SDK, on
 * `rx-conversations` — emitter listeners, media, content templates, push, receipt objects — plus a
 * selector of the store.
 */
import { Client, selectConversations } from '../../lib/client';

declare const token: string;
declare function render(what: string, value: unknown): void;

/** Starts the client and shows what the reference's application shows. */
export async function start(): Promise<void> {
  const client = await Client.create(token);
  client.on('messageAdded', (message) => {
    render('added', message.body);
    render('media', message.getTemporaryContentUrlsForAttachedMedia());
    render('content', message.getContentData());
    render('receipts', message.getDetailedDeliveryReceipts());
  });
  client.on('pushNotification', (notification) => render('push', notification.body));
  client.select(selectConversations).subscribe((conversations) => render('conversations', conversations));
  const conversation = (await client.getSubscribedConversations()).items[0];
  await conversation?.prepareMessage().setBody('hi').addMedia({ contentType: 'text/plain', media: 'x' }).buildAndSend();
  render('templates', await client.getContentTemplates());
  await client.setPushRegistrationId('fcm', 'token');
}
