import { createHash } from 'node:crypto';
import {
  crisisEventSchemas,
  type CrisisEvent,
  type CrisisTriggerJoinedData,
  type DeviceTime,
  type NewEvent,
  type Principal,
  type SealedValue,
  type TriggerCrisisRequest,
} from '@hilfenetz/contracts';
import {
  caseStreamId,
  evolveCrisis,
  initialCrisisState,
  isCrisisEvent,
  lateTriggerJoinsEndedCrisis,
} from '@hilfenetz/domain';
import { workflowEventId } from '@hilfenetz/activities';
import type { EventStore } from '@hilfenetz/event-store';
import { actorOf } from './actor';

/** What the trigger brought, as the join records it. */
export interface LateTrigger {
  body: TriggerCrisisRequest;
  idempotencyKey: string;
  user: Principal;
  arrivedAt: string;
  situation: SealedValue | null;
  actedOnDevice: DeviceTime | undefined;
}

/**
 * A trigger queued offline that arrives after the case's last crisis has ended, though the person
 * acted while it ran (docs/adr/0034, libs/domain `lateTriggerJoinsEndedCrisis`): recorded in that
 * crisis's log as `CrisisTriggerJoined` with `afterEnd`, nothing started. The workflow, which
 * writes a crisis's events while it runs, takes no Update any more, so the API appends it under an
 * event id derived from the Idempotency-Key, as late answers are (late-answer-after-end.ts): a
 * repeat appends nothing new.
 */
export class LateJoinAfterEnd {
  constructor(private readonly store: EventStore) {}

  /** True when recorded (or recorded before, by the same key); false when a new crisis must start. */
  async record(caseId: string, crisisId: string, endedAt: string | null, trigger: LateTrigger): Promise<boolean> {
    if (!trigger.actedOnDevice || trigger.actedOnDevice.bounded) return false;
    const stream = caseStreamId(caseId);
    const stored = (await this.store.readStream(stream)).filter(
      (e) => isCrisisEvent(e) && (e.data as { crisisId?: unknown }).crisisId === crisisId,
    );
    const state = (stored as unknown as CrisisEvent[]).reduce(evolveCrisis, initialCrisisState);
    if (!lateTriggerJoinsEndedCrisis(state, endedAt, trigger.actedOnDevice)) return false;
    const { user, body } = trigger;
    const data: CrisisTriggerJoinedData = {
      crisisId,
      joinedBy: actorOf(user),
      joinedAt: trigger.arrivedAt,
      dangerKind: body.dangerKind,
      urgency: body.urgency,
      ...(trigger.situation ? { situation: trigger.situation } : {}),
      actedOnDevice: trigger.actedOnDevice,
      afterEnd: true,
    };
    // The key itself stays out of the log: only its hash names the step.
    const step = `late-join:${createHash('sha256').update(trigger.idempotencyKey).digest('hex').slice(0, 32)}`;
    const event: NewEvent = {
      eventId: workflowEventId(crisisId, `${step}#0`),
      type: 'CrisisTriggerJoined',
      schemaVersion: crisisEventSchemas.CrisisTriggerJoined.schemaVersion,
      data,
      metadata: {
        actorId: user.id,
        actorRole: actorOf(user).role,
        ...(user.organisationId ? { organisationId: user.organisationId } : {}),
        correlationId: stored[0]?.metadata.correlationId ?? crisisId,
        workflowId: crisisId,
      },
    };
    await this.store.append(stream, [event], 'any');
    return true;
  }
}
