import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { defaultHilfeplanungRules } from '@hilfenetz/domain';

/** An agreement's own clocks, unlike the general defaults. */
const agreementRules = { ...defaultHilfeplanungRules, statementDueDays: 5, reviewIntervalMonths: 3 };
import { createHilfeplanungStartActivities } from './hilfeplanung-start.activities';

const args = {
  caseId: 'FALL-1',
  crisisId: 'crisis-1',
  dischargedAt: '2026-12-10T08:00:00.000Z',
  startedBy: { id: 'u-kjp-0001', role: 'clinic_staff' as const, organisationId: 'org-kjp-st-marien' },
  startedAt: '2026-12-03T10:00:00.000Z',
  correlationId: 'corr-1',
  rules: agreementRules,
};

const clientWith = (signalWithStart: jest.Mock) => ({ workflow: { signalWithStart } }) as unknown as Client;

describe('startHilfeplanung (docs/adr/0013)', () => {
  it('signal-with-starts hilfeplanung-<caseId> with the discharge as origin', async () => {
    const signalWithStart = jest.fn().mockResolvedValue({});
    const { startHilfeplanung } = createHilfeplanungStartActivities({
      temporal: clientWith(signalWithStart),
      taskQueue: 'q',
    });
    expect(await startHilfeplanung(args)).toEqual({ planningId: 'hilfeplanung-FALL-1' });
    expect(signalWithStart).toHaveBeenCalledWith('hilfeplanungWorkflow', {
      taskQueue: 'q',
      workflowId: 'hilfeplanung-FALL-1',
      args: [
        {
          planningId: 'hilfeplanung-FALL-1',
          caseId: 'FALL-1',
          origin: { kind: 'discharge', crisisId: 'crisis-1', dischargedAt: args.dischargedAt },
          rules: agreementRules,
          startedBy: args.startedBy,
          startedAt: args.startedAt,
          correlationId: 'corr-1',
        },
      ],
      signal: 'dischargeHandedOver',
      signalArgs: [{ crisisId: 'crisis-1' }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { HilfenetzCaseId: ['FALL-1'], HilfenetzStatus: ['hilfeplanung'] },
    });
  });

  it('a start scheduled by an older crisis worker, without the agreement’s clocks, gets the general defaults', async () => {
    const signalWithStart = jest.fn().mockResolvedValue({});
    const { startHilfeplanung } = createHilfeplanungStartActivities({
      temporal: clientWith(signalWithStart),
      taskQueue: 'q',
    });
    const { rules: _rules, ...older } = args;
    await startHilfeplanung(older);
    const [[, options]] = signalWithStart.mock.calls as [[string, { args: [{ rules: unknown }] }]];
    expect(options.args[0].rules).toEqual(defaultHilfeplanungRules);
  });

  it('a planning that already ran to its end counts as started; other errors are retried', async () => {
    const ended = createHilfeplanungStartActivities({
      temporal: clientWith(
        jest.fn().mockRejectedValue(new WorkflowExecutionAlreadyStartedError('ended', 'hilfeplanung-FALL-1', 'x')),
      ),
      taskQueue: 'q',
    });
    expect(await ended.startHilfeplanung(args)).toEqual({ planningId: 'hilfeplanung-FALL-1' });
    const down = createHilfeplanungStartActivities({
      temporal: clientWith(jest.fn().mockRejectedValue(new Error('unavailable'))),
      taskQueue: 'q',
    });
    await expect(down.startHilfeplanung(args)).rejects.toThrow('unavailable');
  });
});
