import { Presence } from '../../../lib/server/domain/presence';

describe('Presence', () => {
  it('counts local sessions and tells listeners when an identity comes online and goes offline', () => {
    const presence = new Presence();
    const changes: string[] = [];
    const local: string[] = [];
    presence.onChange((identity, online) => changes.push(`${identity} ${online ? 'on' : 'off'}`));
    presence.onLocalChange((identity, online) => local.push(`${identity} ${online ? 'on' : 'off'}`));
    expect(presence.connect('ann')).toBe(true);
    expect(presence.connect('ann')).toBe(false);
    expect(presence.disconnect('ann')).toBe(false);
    expect(presence.isOnline('ann')).toBe(true);
    expect(presence.disconnect('ann')).toBe(true);
    expect(presence.disconnect('ann')).toBe(false);
    expect(presence.isOnline('ann')).toBe(false);
    expect(changes).toEqual(['ann on', 'ann off']);
    expect(local).toEqual(['ann on', 'ann off']);
  });

  it('keeps an identity online while any process has it, and forgets a process that went silent', () => {
    const presence = new Presence();
    const changes: string[] = [];
    presence.onChange((identity, online) => changes.push(`${identity} ${online ? 'on' : 'off'}`));
    presence.connect('ann');
    presence.setRemote('node-b', ['ann', 'ben']);
    presence.changeRemote('node-c', ['ben', 'cat'], []);
    expect(changes).toEqual(['ann on', 'ben on', 'cat on']);

    presence.disconnect('ann'); // still on node-b
    presence.changeRemote('node-c', [], ['ben']); // still on node-b
    expect(changes).toEqual(['ann on', 'ben on', 'cat on']);
    expect(presence.isOnline('ann') && presence.isOnline('ben')).toBe(true);

    presence.setRemote('node-b', ['ben']); // ann left node-b
    expect(changes.at(-1)).toBe('ann off');
    presence.dropRemote('node-b');
    presence.dropRemote('node-c');
    expect(changes).toEqual(['ann on', 'ben on', 'cat on', 'ann off', 'ben off', 'cat off']);
    expect(presence.remoteNodes()).toEqual([]);
    expect(presence.localIdentities()).toEqual([]);
  });
});
