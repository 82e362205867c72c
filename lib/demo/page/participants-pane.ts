import type { ParticipantData, UserEntry } from '../../client';
import { h, setData, setText, syncList } from './dom';
import { colorOf, initials } from './format';

/** What the participants pane shows. */
export interface ParticipantsView {
  /** From `selectParticipants(sid)`. */
  participants: readonly ParticipantData[];
  /** From `selectTypingParticipants(sid)`. */
  typing: readonly ParticipantData[];
  me: string;
  userOf(identity: string): UserEntry | undefined;
  nameOf(identity: string): string;
}

/** Renders one row per participant: online dot, name, typing or read horizon. */
export function renderParticipants(container: HTMLElement, view: ParticipantsView): void {
  const typing = new Set(view.typing.map((participant) => participant.sid));
  const ordered = [...view.participants].sort(
    (a, b) => Number(b.identity === view.me) - Number(a.identity === view.me)
  );
  syncList(
    container,
    ordered,
    (participant) => participant.sid,
    (participant) => {
      const identity = participant.identity ?? '';
      return h(
        'div',
        { class: 'person', data: { testid: 'participant', identity } },
        h('div', {
          class: 'avatar',
          text: initials(view.nameOf(identity)),
          attrs: { style: `background:${colorOf(identity)}` }
        }),
        h('div', { class: 'who' }, h('div', { class: 'name' }), h('div', { class: 'detail' })),
        h('span', { class: 'role' })
      );
    },
    (node, participant) => {
      const identity = participant.identity ?? '';
      const online = view.userOf(identity)?.data.isOnline;
      setData(node, 'online', String(online === true));
      setData(node, 'typing', String(typing.has(participant.sid)));
      const name = view.nameOf(identity) + (identity === view.me ? ' (you)' : '');
      setText(node.querySelector('.name') as HTMLElement, name);
      setText(node.querySelector('.avatar') as HTMLElement, initials(view.nameOf(identity)));
      const detail = node.querySelector('.detail') as HTMLElement;
      detail.classList.toggle('typing', typing.has(participant.sid));
      const read =
        participant.lastReadMessageIndex === null
          ? 'has not read yet'
          : `read up to #${participant.lastReadMessageIndex}`;
      setText(
        detail,
        typing.has(participant.sid)
          ? 'typing…'
          : `${online === true ? 'online' : online === false ? 'offline' : ''} · ${read}`
      );
      setText(node.querySelector('.role') as HTMLElement, participant.role === 'admin' ? 'admin' : '');
    }
  );
}
