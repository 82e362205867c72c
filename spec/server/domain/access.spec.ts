import * as access from '../../../lib/server/domain/access';
import { nextHorizon } from '../../../lib/server/domain/read-horizon';
import { decodeCursor, encodeCursor } from '../../../lib/server/domain/cursor';
import { DomainError } from '../../../lib/server/domain/errors';
import { conversation, message, participant } from '../storage/fixtures';

const c = conversation();
const user = participant(c.sid, 'uma');
const other = participant(c.sid, 'otto');

describe('access rules', () => {
  it('lets participants see a private conversation, and anyone a public one', () => {
    expect(access.canSee(c, user)).toBe(true);
    expect(access.canSee(c, null)).toBe(false);
    expect(access.canSee({ ...c, isPrivate: false }, null)).toBe(true);
  });

  it('lets anyone join a public open conversation only', () => {
    expect(access.canJoin(c)).toBe(false);
    expect(access.canJoin({ ...c, isPrivate: false })).toBe(true);
    expect(access.canJoin({ ...c, isPrivate: false, state: { current: 'closed', dateUpdated: 1 } })).toBe(false);
  });

  it('names the permission each change of a participant needs: own or any', () => {
    expect(access.participantRemovePermission('uma', user)).toBe('leaveConversation');
    expect(access.participantRemovePermission('uma', other)).toBe('removeParticipant');
    expect(access.participantEditPermissions('uma', user, { attributes: true, role: false })).toEqual([
      'editOwnParticipantAttributes'
    ]);
    expect(access.participantEditPermissions('uma', other, { attributes: true, role: false })).toEqual([
      'editAnyParticipantAttributes'
    ]);
    expect(access.participantEditPermissions('uma', other, { attributes: false, role: true })).toEqual([
      'editAnyParticipantAttributes'
    ]);
    expect(access.participantEditPermissions('uma', user, { attributes: false, role: true })).toEqual([]);
  });

  it("names the permissions a message's edit and removal need: the author's own, anyone else's any", () => {
    const mine = message(c.sid, 0, { author: 'uma' });
    expect(access.messageEditPermissions('uma', mine, { body: true, attributes: false })).toEqual(['editOwnMessage']);
    expect(access.messageEditPermissions('otto', mine, { body: true, attributes: true })).toEqual([
      'editAnyMessage',
      'editAnyMessageAttributes'
    ]);
    expect(access.messageEditPermissions('uma', mine, { body: false, attributes: true })).toEqual([
      'editOwnMessageAttributes'
    ]);
    expect(access.messageRemovePermission('uma', mine)).toBe('deleteOwnMessage');
    expect(access.messageRemovePermission('otto', mine)).toBe('deleteAnyMessage');
  });

  it('refuses naming the permission a role lacks', () => {
    expect(() => access.ensurePermitted(new Set(['sendMessage']), 'sendMessage')).not.toThrow();
    expect(() => access.ensurePermitted(new Set(['sendMessage']), 'sendMessage', 'sendMediaMessage')).toThrow(
      /'sendMediaMessage'/
    );
    expect(() =>
      access.ensurePermitted(access.EVERY_PERMISSION, 'deleteConversation', 'editAnyUserInfo')
    ).not.toThrow();
  });

  it('never reopens a closed conversation', () => {
    const closed = { ...c, state: { current: 'closed' as const, dateUpdated: 1 } };
    expect(access.canChangeState(closed, 'active')).toBe(false);
    expect(access.canChangeState(c, 'inactive')).toBe(true);
    expect(access.isOpen(closed)).toBe(false);
  });
});

describe('read horizon modes', () => {
  it('set, advance, all, none', () => {
    expect(nextHorizon('set', 5, 2, 9)).toBe(2);
    expect(nextHorizon('set', 5, null, 9)).toBeNull();
    expect(nextHorizon('advance', 5, 2, 9)).toBe(5);
    expect(nextHorizon('advance', null, 2, 9)).toBe(2);
    expect(nextHorizon('advance', 5, undefined, 9)).toBeUndefined();
    expect(nextHorizon('all', 1, undefined, 9)).toBe(9);
    expect(nextHorizon('all', null, undefined, null)).toBe(-1); // set, before the first message
    expect(nextHorizon('none', 5, undefined, 9)).toBeNull();
  });
});

describe('list cursor', () => {
  it('round-trips and refuses anything else', () => {
    const position = { lastActivity: 1_700_000_000_000, sid: 'CH0123abcd' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(() => decodeCursor('garbage!')).toThrow(DomainError);
  });
});
