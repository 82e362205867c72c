import type { ContentTemplateData } from '../../../lib/protocol';
import { readJson } from './rest';

/** The admin key the template tests use. */
export const ADMIN = 'admin-key-0123456789';

/** One template with every variant type the reference knows, and variables. */
export const EVERY_VARIANT = {
  friendlyName: 'order update',
  variables: { name: 'customer', order: '0' },
  variants: {
    'twilio/text': { body: 'Hi {{name}}, order {{order}} shipped' },
    'twilio/media': { body: 'Your receipt', media: ['https://example.com/{{order}}.pdf'] },
    'twilio/location': { latitude: 48.85, longitude: 2.35, label: 'Shop' },
    'twilio/quick-reply': { body: 'Rate us, {{name}}', actions: [{ title: 'Good', id: 'g' }, { title: 'Bad' }] },
    'twilio/call-to-action': {
      body: 'Track it',
      actions: [
        { type: 'URL', title: 'Open', url: 'https://example.com/o/{{order}}' },
        { type: 'PHONE_NUMBER', title: 'Call', phone: '+15550100' }
      ]
    },
    'twilio/list-picker': {
      body: 'Pick one',
      button: 'Options',
      items: [
        { id: 'a', item: 'First', description: 'the first' },
        { id: 'b', item: 'Second' }
      ]
    },
    'twilio/card': {
      title: 'Order {{order}}',
      subtitle: 'on its way',
      media: ['https://example.com/c.png'],
      actions: [
        { type: 'QUICK_REPLY', title: 'Thanks', id: 't' },
        { type: 'URL', title: 'Site', url: 'https://example.com' }
      ]
    },
    'acme/sticker': { id: 42 }
  }
};

/** Creates a template through the admin API; answers it. */
export async function createTemplate(httpUrl: string, body: unknown = EVERY_VARIANT): Promise<ContentTemplateData> {
  const response = await fetch(`${httpUrl}/v1/admin/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  if (response.status !== 201) throw new Error(`creating a template answered ${response.status}`);
  return readJson<ContentTemplateData>(response);
}
