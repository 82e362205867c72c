import * as access from '../../../lib/server/domain/access';
import { nextHorizon } from '../../../lib/server/domain/read-horizon';
import { decodeCursor, encodeCursor } from '../../../lib/server/domain/cursor';
import { DomainError } from '../../../lib/server/domain/errors';
import { conversation, message, participant } from '../storage/fixtures';

const c = conversation();
const admin = participant(c.sid, 'ann', { role: 'admin' });
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

  it('lets only admins delete, remove others and change roles', () => {
    expect(access.canDeleteConversation(admin)).toBe(true);
    expect(access.canDeleteConversation(user)).toBe(false);
    expect(access.canRemoveParticipant(user, user)).toBe(true);
    expect(access.canRemoveParticipant(user, other)).toBe(false);
    expect(access.canRemoveParticipant(admin, other)).toBe(true);
    expect(access.canUpdateParticipant(user, user, { attributes: true, role: false })).toBe(true);
    expect(access.canUpdateParticipant(user, other, { attributes: true, role: false })).toBe(false);
    expect(access.canUpdateParticipant(user, user, { attributes: false, role: true })).toBe(false);
    expect(access.canUpdateParticipant(admin, other, { attributes: true, role: true })).toBe(true);
    expect(access.canAddParticipant(user, 'user')).toBe(true);
    expect(access.canAddParticipant(user, 'admin')).toBe(false);
  });

  it("lets a message's author or an admin edit it", () => {
    const mine = message(c.sid, 0, { author: 'uma' });
    expect(access.canEditMessage(user, mine)).toBe(true);
    expect(access.canEditMessage(other, mine)).toBe(false);
    expect(access.canEditMessage(admin, mine)).toBe(true);
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
