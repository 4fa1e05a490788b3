import type { CrisisLiveState, CrisisTaskView } from '@hilfenetz/contracts';
import type { InAppReachRow } from './in-app-reach.repository';
import { withRecordedReceipts } from './recorded-receipts.overlay';

const task = (taskId: string, delivery: CrisisTaskView['delivery']): CrisisTaskView => ({
  taskId,
  party: 'clinic',
  status: 'open',
  contactId: 'ct-a',
  organisationId: 'org-a',
  deadline: '2026-12-04T10:15:00.000Z',
  nextEscalationDue: null,
  escalations: 0,
  supervisorAlerted: false,
  acknowledgedBy: null,
  acknowledgedAt: null,
  ...(delivery ? { delivery } : {}),
});

const state = (...tasks: CrisisTaskView[]): CrisisLiveState => ({
  crisisId: 'cr-1',
  caseId: 'c-1',
  status: 'open',
  agreement: null,
  triggeredAt: null,
  admission: null,
  plannedDischarge: null,
  ambulance: null,
  tasks,
  situation: null,
});

const trying = { contactId: 'ct-a', state: 'trying' as const, channel: 'in_app' as const, since: 'T0', seen: false };
const row = (over: Partial<InAppReachRow> = {}): InAppReachRow => ({
  taskId: 't-1',
  attemptId: 'cr-1/t-1/ct-a/g0/0',
  contactId: 'ct-a',
  receiptInLog: true,
  deliveredAt: '2026-12-04T10:00:05.000Z',
  seen: false,
  ...over,
});

describe('the board with the receipts the API recorded (docs/adr/0046)', () => {
  it('shows an in-app attempt the open client confirmed as delivered, at the receipt’s time', () => {
    const [t] = withRecordedReceipts(state(task('t-1', trying)), [row()]).tasks;
    expect(t!.delivery).toEqual({ ...trying, state: 'delivered', since: '2026-12-04T10:00:05.000Z' });
  });

  it('shows "gesehen" once someone of the organisation opened the task', () => {
    const [t] = withRecordedReceipts(state(task('t-1', trying)), [row({ deliveredAt: null, seen: true })]).tasks;
    expect(t!.delivery).toEqual({ ...trying, seen: true });
  });

  it('ignores a receipt for an earlier contact of the task (it moved on along its chain)', () => {
    const moved = { ...trying, contactId: 'ct-b' };
    const [t] = withRecordedReceipts(state(task('t-1', moved)), [row({ seen: true })]).tasks;
    expect(t!.delivery).toEqual(moved);
  });

  it('leaves a crisis alone whose workflow is sent its receipts (started before the ADR)', () => {
    const before = state(task('t-1', trying));
    expect(withRecordedReceipts(before, [row({ receiptInLog: false, seen: true })])).toBe(before);
  });

  it('does not turn a channel the workflow moved past into delivered', () => {
    const sms = { ...trying, channel: 'phone' as const };
    const [t] = withRecordedReceipts(state(task('t-1', sms)), [row()]).tasks;
    expect(t!.delivery).toEqual(sms);
  });
});
