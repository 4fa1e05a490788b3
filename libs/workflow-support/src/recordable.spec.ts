import { DomainRuleViolation } from '@hilfenetz/domain';
import { z } from 'zod';
import { assertRecordable } from './recordable';

const schemas = {
  MeetingScheduled: { schema: z.object({ meetingAt: z.string().datetime() }).strict() },
};

describe('assertRecordable: a step the log would refuse is refused before it is applied', () => {
  it('lets events through that their schema takes', () => {
    expect(() =>
      assertRecordable([{ type: 'MeetingScheduled', data: { meetingAt: '2027-03-10T15:00:00.000Z' } }], schemas, 'x.y'),
    ).not.toThrow();
  });

  it('refuses with the given code, naming the event and the field', () => {
    let thrown: unknown;
    try {
      assertRecordable(
        [{ type: 'MeetingScheduled', data: { meetingAt: '2027-03-10T16:00:00+01:00' } }],
        schemas,
        'planning.unrecordable',
      );
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainRuleViolation);
    expect(thrown).toMatchObject({ code: 'planning.unrecordable' });
    expect((thrown as Error).message).toMatch(/^MeetingScheduled cannot be recorded: meetingAt /);
  });
});
