import { messageStatuses } from './planning-messages';

const base = { planningId: 'hilfeplanung-F-1', caseId: 'F-1', party: 'clinic', recipientLabel: 'KJP – Sozialdienst' };

describe('messageStatuses', () => {
  it('shows e-mail accepted by the mail server as delivered, SMS taken by the gateway as sent, failures with their cause', () => {
    const events = [
      { type: 'MeetingScheduled', data: { cycle: 1 } },
      {
        type: 'HilfeplanungMessageSent',
        data: {
          ...base,
          cycle: 1,
          kind: 'invitation',
          messageId: 'a',
          recipientId: 'x',
          channel: 'email',
          sentAt: 't1',
        },
      },
      {
        type: 'HilfeplanungMessageSent',
        data: {
          ...base,
          cycle: 1,
          kind: 'invitation',
          messageId: 'b',
          recipientId: 'y',
          channel: 'phone',
          sentAt: 't2',
        },
      },
      {
        type: 'HilfeplanungMessageNotSent',
        data: {
          ...base,
          cycle: 1,
          kind: 'invitation',
          messageId: 'c',
          recipientId: 'z',
          cause: 'no_address',
          recordedAt: 't3',
        },
      },
      {
        type: 'HilfeplanungMessageSent',
        data: {
          ...base,
          cycle: 2,
          kind: 'invitation',
          messageId: 'd',
          recipientId: 'x',
          channel: 'email',
          sentAt: 't4',
        },
      },
    ];
    expect(messageStatuses(events, 1).map((m) => [m.messageId, m.status, m.channel, m.cause])).toEqual([
      ['a', 'delivered', 'email', undefined],
      ['b', 'sent', 'phone', undefined],
      ['c', 'not_sent', null, 'no_address'],
    ]);
    expect(messageStatuses(events, 2)).toHaveLength(1);
  });
});
