import type { Client } from '../../client';
import { h } from './dom';

/** A body with its matched words in `<mark>`, built from text nodes (a body is never parsed as HTML). */
function marked(body: string, highlights: readonly (readonly [number, number])[]): HTMLElement {
  const node = h('span', { class: 'hit-body' });
  let at = 0;
  for (const [start, end] of highlights) {
    node.append(body.slice(at, start), h('mark', { text: body.slice(start, end) }));
    at = end;
  }
  node.append(body.slice(at));
  return node;
}

/**
 * The search box (beyond the reference): `client.searchMessages` as the user types (after a short
 * pause), the newest matches with their words marked; a click opens the message's conversation.
 */
export function wireSearch(
  client: Client,
  input: HTMLInputElement,
  results: HTMLElement,
  open: (conversationSid: string) => void,
  nameOf: (identity: string) => string
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const query = input.value.trim();
      const ask = ++asked;
      if (!query) {
        results.replaceChildren();
        results.hidden = true;
        return;
      }
      client.searchMessages(query, { pageSize: 10 }).then(
        (page) => {
          if (ask !== asked) return;
          results.hidden = false;
          results.replaceChildren(
            ...(page.items.length === 0
              ? [h('div', { class: 'hit', text: 'No message matches' })]
              : page.items.map(({ message, highlights }) =>
                  h(
                    'div',
                    {
                      class: 'hit',
                      data: { testid: 'search-hit' },
                      on: { click: () => open(message.conversation.sid) }
                    },
                    h('b', { text: `${message.author ? nameOf(message.author) : 'system'}: ` }),
                    marked(message.body ?? '', highlights)
                  )
                ))
          );
        },
        () => undefined
      );
    }, 250);
  });
}
