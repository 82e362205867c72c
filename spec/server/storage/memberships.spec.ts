import { MEMBERSHIP_EVENTS, membershipChange } from '../../../lib/server/storage/memberships';

describe('membershipChange', () => {
  const participant = { participant: { identity: 'bob', sid: 'MB1' } };

  it('opens on a join and closes on a leave, for the participant the event names', () => {
    expect(membershipChange('participantJoined', 'CH1', participant)).toEqual({
      kind: 'open',
      conversationSid: 'CH1',
      identity: 'bob'
    });
    expect(membershipChange('participantLeft', 'CH1', participant)).toEqual({
      kind: 'close',
      conversationSid: 'CH1',
      identity: 'bob'
    });
  });

  it("closes every membership on the conversation's removal", () => {
    expect(membershipChange('conversationRemoved', 'CH1', { conversationSid: 'CH1' })).toEqual({
      kind: 'closeAll',
      conversationSid: 'CH1'
    });
  });

  it('changes none for other events, events of no conversation, or a participant without identity', () => {
    expect(membershipChange('messageAdded', 'CH1', participant)).toBeNull();
    expect(membershipChange('participantJoined', null, participant)).toBeNull();
    expect(membershipChange('participantJoined', 'CH1', { participant: { identity: null } })).toBeNull();
    expect(membershipChange('participantLeft', 'CH1', {})).toBeNull();
  });

  it('names every event that changes one', () => {
    const changing = ['participantJoined', 'participantLeft', 'conversationRemoved', 'messageAdded'].filter(
      (name) => membershipChange(name, 'CH1', participant) !== null
    );
    expect(changing).toEqual([...MEMBERSHIP_EVENTS]);
  });
});
