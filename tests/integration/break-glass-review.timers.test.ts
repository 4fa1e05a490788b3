import { reviewDecided, reviewStatus } from '@hilfenetz/workflow-break-glass-review/messages';
import { eventually } from '@hilfenetz/testing';
import { eventsOf, HOUR, startReview, startReviewRig, type ReviewRig } from './break-glass-review.rig';

/**
 * The review of a break-glass read on the time-skipping server (issue 13, finding 3): undecided past
 * its deadline it escalates like any task, recorded on the case stream, and the data protection
 * officer is told; decided in time, nothing more is written.
 */
describe('break-glass review workflow: deadline and escalation', () => {
  let rig: ReviewRig;

  beforeAll(async () => {
    rig = await startReviewRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('an undecided review escalates after its deadline and still takes the decision', async () => {
    const { handle, input } = await startReview(rig, 72);
    await rig.env.sleep(71 * HOUR);
    expect(await handle.query(reviewStatus)).toEqual({ status: 'open', dueAt: input.dueAt });
    expect(await eventsOf(rig, input.caseId)).toEqual([]);
    await rig.env.sleep(2 * HOUR);
    const events = await eventually(
      async () => {
        const es = await eventsOf(rig, input.caseId);
        return es.length === 2 ? es : undefined;
      },
      { what: 'the escalation' },
    );
    expect(events).toEqual([
      {
        type: 'BreakGlassReviewEscalated',
        data: expect.objectContaining({
          accessId: input.reviewId,
          dueAt: input.dueAt,
          supervisorContactId: 'ct-ja-fachaufsicht',
        }) as unknown,
      },
      {
        type: 'DataProtectionOfficerNotified',
        data: expect.objectContaining({ accessId: input.reviewId, cause: 'review_overdue' }) as unknown,
      },
    ]);
    expect((await handle.query(reviewStatus)).status).toBe('escalated');
    await handle.signal(reviewDecided, { verdict: 'justified' });
    expect(await handle.result()).toEqual({ outcome: 'decided', escalated: true });
    expect(await eventsOf(rig, input.caseId)).toHaveLength(2);
  }, 60_000);

  it('a review decided in time ends without escalation', async () => {
    const { handle, input } = await startReview(rig, 72);
    await rig.env.sleep(10 * HOUR);
    await handle.signal(reviewDecided, { verdict: 'unjustified' });
    expect(await handle.result()).toEqual({ outcome: 'decided', escalated: false });
    expect(await eventsOf(rig, input.caseId)).toEqual([]);
  }, 60_000);
});
