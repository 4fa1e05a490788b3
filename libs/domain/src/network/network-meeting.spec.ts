import type { NetworkMeetingEvent, NetworkMeetingScheduledData, SealedValue } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import {
  decideNetworkMeeting,
  evolveMeeting,
  newMeetingState,
  refuseMeetingTimes,
  seriesYearCount,
} from './network-meeting';

const sealed: SealedValue = { $sealed: 'A256GCM', subjectId: 'subj-m', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' };
const scheduled: NetworkMeetingScheduledData = {
  networkId: 'net-lindenau',
  seriesId: 'mser-00000000-0000-4000-8000-000000000001',
  meetingId: 'mtg-00000000-0000-4000-8000-000000000001',
  kind: 'sitzung',
  title: 'Frühjahrstreffen',
  startsAt: '2027-03-10T15:00:00.000Z',
  endsAt: '2027-03-10T17:00:00.000Z',
  topicsDueAt: '2027-03-01T15:00:00.000Z',
  minutesDueAt: '2027-03-24T17:00:00.000Z',
  subjectId: 'subj-m',
  scheduledAt: '2027-02-01T10:00:00.000Z',
};
const partner = { id: 'u-1', role: 'partner_contact', organisationId: 'org-hebammen' };
const office = { id: 'u-2', role: 'network_coordinator', organisationId: 'org-jugendamt' };
const topicId = 'top-00000000-0000-4000-8000-000000000001';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainRuleViolation ? e.code : String(e);
  }
  return null;
};
const apply = (events: NetworkMeetingEvent[], s = newMeetingState(scheduled)) =>
  events.reduce((acc, e) => evolveMeeting(acc, e)!, s);

describe('network meeting rules', () => {
  it('takes topics and one vote per organisation until the deadline, none after it', () => {
    const at = '2027-02-10T10:00:00.000Z';
    let s = apply(
      decideNetworkMeeting(newMeetingState(scheduled), {
        command: { type: 'ProposeTopic', topicId, title: sealed },
        by: partner,
        at,
      }),
    );
    s = apply(decideNetworkMeeting(s, { command: { type: 'VoteTopic', topicId }, by: partner, at }), s);
    expect(s.topics[0]!.voters).toEqual(['org-hebammen']);
    expect(code(() => decideNetworkMeeting(s, { command: { type: 'VoteTopic', topicId }, by: partner, at }))).toBe(
      'network_meeting.already_voted',
    );
    const late = '2027-03-01T15:00:01.000Z';
    expect(code(() => decideNetworkMeeting(s, { command: { type: 'VoteTopic', topicId }, by: office, at: late }))).toBe(
      'network_meeting.topics_closed',
    );
  });

  it('minutes only after the meeting began, by the minute-taker or the office, approved once', () => {
    const before = '2027-03-10T14:00:00.000Z';
    const after = '2027-03-10T18:00:00.000Z';
    const draft = (by: typeof partner, byCoordinator: boolean, at: string, s = newMeetingState(scheduled)) =>
      decideNetworkMeeting(s, { command: { type: 'DraftMinutes', text: sealed, byCoordinator }, by, at });
    expect(code(() => draft(office, true, before))).toBe('network_meeting.not_held_yet');
    expect(code(() => draft(partner, false, after))).toBe('network_meeting.not_minute_taker');
    const chosen = apply(
      decideNetworkMeeting(newMeetingState(scheduled), {
        command: { type: 'ChooseMinuteTaker', organisationId: 'org-hebammen' },
        by: office,
        at: after,
      }),
    );
    const drafted = apply(draft(partner, false, after, chosen), chosen);
    const approved = apply(
      decideNetworkMeeting(drafted, { command: { type: 'ApproveMinutes' }, by: office, at: after }),
      drafted,
    );
    expect(approved.minutes?.approved).toBe(true);
    expect(
      code(() => decideNetworkMeeting(approved, { command: { type: 'ApproveMinutes' }, by: office, at: after })),
    ).toBe('network_meeting.minutes_closed');
    expect(
      code(() =>
        decideNetworkMeeting(newMeetingState(scheduled), {
          command: { type: 'ApproveMinutes' },
          by: office,
          at: after,
        }),
      ),
    ).toBe('network_meeting.no_minutes');
  });

  it('checks a new meeting’s times and counts a series’ year against its rule', () => {
    const now = '2027-02-01T10:00:00.000Z';
    expect(refuseMeetingTimes(scheduled, now)).toBeNull();
    expect(refuseMeetingTimes({ ...scheduled, endsAt: scheduled.startsAt }, now)?.field).toBe('body.endsAt');
    expect(refuseMeetingTimes({ ...scheduled, topicsDueAt: '2027-03-11T00:00:00.000Z' }, now)?.field).toBe(
      'body.topicsDueAt',
    );
    expect(refuseMeetingTimes({ ...scheduled, topicsDueAt: '2027-01-01T00:00:00.000Z' }, now)?.field).toBe(
      'body.topicsDueAt',
    );
    // Held already (documented afterwards): the topics' deadline lies before it.
    expect(refuseMeetingTimes(scheduled, '2027-03-12T10:00:00.000Z')).toBeNull();
    const fachtag = newMeetingState({
      ...scheduled,
      kind: 'fachtag',
      meetingId: 'mtg-00000000-0000-4000-8000-000000000002',
    });
    expect(seriesYearCount([newMeetingState(scheduled), fachtag], scheduled.seriesId, '2027')).toEqual({
      meetings: 1,
      fachtage: 1,
    });
  });
});
