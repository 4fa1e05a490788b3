import { createActivities } from '@hilfenetz/activities';
import type {
  Actor,
  RiskAssessmentEvent,
  RiskAssessmentInitiator,
  RiskAssessmentWorkflowInput,
  SealedValue,
  StoredEvent,
} from '@hilfenetz/contracts';
import { caseStreamId, defaultRiskAssessmentRules } from '@hilfenetz/domain';
import { recordFamilyInvolvement, recordJointAssessment } from '@hilfenetz/workflow-risk-assessment/messages';
import type { WorkflowHandle } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

/** What the risk-assessment timer and replay tests share: the rig, the people, the steps. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export const startRiskAssessmentRig = (): Promise<TimeSkippingRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-risk-assessment'),
    taskQueuePrefix: 'risk-assessment-it',
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, []) }),
  });

export const people = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  colleague: { id: 'u-ja-0002', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  provider: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
} satisfies Record<string, Actor>;

/** Ciphertext-shaped placeholder: the workflow never opens personal data, it only carries it. */
export const sealed = (): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-it',
  iv: randomBytes(12).toString('base64'),
  tag: randomBytes(16).toString('base64'),
  ct: randomBytes(24).toString('base64'),
});

export type StoredRiskAssessmentEvent = StoredEvent & RiskAssessmentEvent;

export const nowOf = async (rig: TimeSkippingRig) => new Date(await rig.env.currentTimeMs()).toISOString();

export const eventsOf = async (rig: TimeSkippingRig, caseId: string) =>
  (await rig.store.readStream(caseStreamId(caseId))) as StoredRiskAssessmentEvent[];

/** After the server skipped time the worker needs a moment of real time to record the step. */
export async function eventsWhen(
  rig: TimeSkippingRig,
  caseId: string,
  ready: (es: StoredRiskAssessmentEvent[]) => boolean,
  what: string,
): Promise<StoredRiskAssessmentEvent[]> {
  let last: StoredRiskAssessmentEvent[] = [];
  for (let i = 0; i < 200; i++) {
    last = await eventsOf(rig, caseId);
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
}

export async function startAssessment(
  rig: TimeSkippingRig,
  initiator: RiskAssessmentInitiator['kind'] = 'youth_office',
) {
  const caseId = `FALL-RA-${randomUUID().slice(0, 8)}`;
  const startedAt = await nowOf(rig);
  const input: RiskAssessmentWorkflowInput = {
    assessmentId: `risk-assessment-${caseId}-${randomBytes(10).toString('hex')}`,
    caseId,
    origin: { kind: 'case' },
    initiator:
      initiator === 'provider'
        ? { kind: 'provider', organisationId: people.provider.organisationId }
        : { kind: 'youth_office', organisationId: people.caseworker.organisationId },
    concern: sealed(),
    leadOrganisationId: people.caseworker.organisationId,
    rules: defaultRiskAssessmentRules,
    startedBy: initiator === 'provider' ? people.provider : people.caseworker,
    startedAt,
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('riskAssessmentWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: input.assessmentId,
    args: [input],
  });
  await eventsWhen(rig, caseId, (es) => es.length >= 1, 'the start');
  return { handle, input, startedAt };
}

export async function assessJointly(
  rig: TimeSkippingRig,
  handle: WorkflowHandle,
  professionals: Actor[] = [people.caseworker, people.colleague],
) {
  const at = await nowOf(rig);
  return handle.executeUpdate(recordJointAssessment, {
    args: [
      {
        professionals: professionals.map((p) => ({
          professionalId: p.id,
          organisationId: p.organisationId ?? 'org-unknown',
          function: 'Fachkraft ASD',
        })),
        assessedAt: at,
        assessment: sealed(),
        by: people.caseworker,
        at,
      },
    ],
  });
}

export async function involveFamily(rig: TimeSkippingRig, handle: WorkflowHandle) {
  const at = await nowOf(rig);
  return handle.executeUpdate(recordFamilyInvolvement, {
    args: [
      {
        youngPerson: { involved: true, at },
        guardians: { involved: false, reason: sealed() },
        by: people.caseworker,
        at,
      },
    ],
  });
}
