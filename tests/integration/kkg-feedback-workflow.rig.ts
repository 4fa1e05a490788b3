import { createActivities } from '@hilfenetz/activities';
import type { KkgFeedbackEvent, KkgFeedbackWorkflowInput, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId, defaultKkgFeedbackRules } from '@hilfenetz/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

/** What the §4 KKG timer and replay tests share. */
export const DAY = 86_400_000;
export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
export const caseworker = { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' };
export type StoredKkgEvent = StoredEvent & KkgFeedbackEvent;

export const startKkgFeedbackRig = (): Promise<TimeSkippingRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-kkg-feedback'),
    taskQueuePrefix: 'kkg-feedback-it',
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, []) }),
  });

export const nowOf = async (rig: TimeSkippingRig) => new Date(await rig.env.currentTimeMs()).toISOString();
export const kkgEventsOf = async (rig: TimeSkippingRig, caseId: string) =>
  (await rig.store.readStream(caseStreamId(caseId))) as StoredKkgEvent[];

/** After the server skipped time the worker needs a moment of real time to record the step. */
export async function kkgEventsWhen(
  rig: TimeSkippingRig,
  caseId: string,
  ready: (es: StoredKkgEvent[]) => boolean,
  what: string,
): Promise<StoredKkgEvent[]> {
  let last: StoredKkgEvent[] = [];
  for (let i = 0; i < 200; i++) {
    last = await kkgEventsOf(rig, caseId);
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
}

export async function reportConcern(rig: TimeSkippingRig) {
  const caseId = `FALL-KKG-${randomUUID().slice(0, 8)}`;
  const receivedAt = await nowOf(rig);
  const input: KkgFeedbackWorkflowInput = {
    reportId: `kkg-report-${caseId}-${randomBytes(10).toString('hex')}`,
    caseId,
    reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
    channel: 'app',
    concern: { $sealed: 'A256GCM', subjectId: 'subj-it', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
    leadOrganisationId: caseworker.organisationId,
    rules: defaultKkgFeedbackRules,
    recordedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
    receivedAt,
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('kkgFeedbackWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: input.reportId,
    args: [input],
  });
  await kkgEventsWhen(rig, caseId, (es) => es.length >= 1, 'the report');
  return { handle, input, receivedAt };
}
