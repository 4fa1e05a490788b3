import { crisisEventSchemas, type CrisisEvent, type NewEvent } from '@hilfenetz/contracts';
import {
  caseStreamId,
  decideCrisis,
  DomainRuleViolation,
  evolveCrisis,
  initialCrisisState,
  isActive,
  isCrisisEvent,
  type CrisisCommand,
} from '@hilfenetz/domain';
import { workflowEventId } from '@hilfenetz/activities';
import type { EventStore } from '@hilfenetz/event-store';
import type { AgreementRegistryService } from '../agreements/agreement-registry.service';

type LateAnswer = Extract<CrisisCommand, { type: 'RecordSupersededAnswer' }>;

/**
 * A late answer to a crisis whose workflow has already ended (a false alarm ends it within
 * seconds): the workflow, the crisis's only writer while it runs, can take no Update any more, so
 * the API decides it with the same domain rule (docs/adr/0034) against the crisis's state folded
 * from the log, and appends it under the event id the workflow would have given the step — a
 * repeat, or a workflow that recorded it after all, appends nothing new.
 */
export class LateAnswerAfterEnd {
  constructor(
    private readonly store: EventStore,
    private readonly agreements: AgreementRegistryService,
  ) {}

  async record(caseId: string, crisisId: string, answer: LateAnswer): Promise<void> {
    const stream = caseStreamId(caseId);
    const stored = (await this.store.readStream(stream)).filter(
      (e) => isCrisisEvent(e) && (e.data as { crisisId?: unknown }).crisisId === crisisId,
    );
    const state = (stored as unknown as CrisisEvent[]).reduce(evolveCrisis, initialCrisisState);
    // The crisis's own correlation id, as the workflow records its steps under.
    const correlationId = stored[0]?.metadata.correlationId ?? crisisId;
    // Still running by its log: the workflow decides (a refusal there was final).
    if (state.status === 'none' || isActive(state) || !state.agreement) return;
    const agreement = await this.agreements.version(state.agreement.agreementId, state.agreement.version);
    let decided: CrisisEvent[];
    try {
      decided = decideCrisis(answer, state, agreement);
    } catch (err) {
      // Not a late answer of a person the task reached: nothing is written.
      if (err instanceof DomainRuleViolation) return;
      throw err;
    }
    const step = `superseded:${answer.taskId}:${answer.actor.id}:${answer.answer}`;
    const toAppend: NewEvent[] = decided.map((e, i) => ({
      eventId: workflowEventId(crisisId, `${step}#${i}`),
      type: e.type,
      schemaVersion: crisisEventSchemas[e.type].schemaVersion,
      data: e.data,
      metadata: {
        actorId: answer.actor.id,
        actorRole: answer.actor.role,
        ...(answer.actor.organisationId ? { organisationId: answer.actor.organisationId } : {}),
        correlationId,
        workflowId: crisisId,
      },
    }));
    if (toAppend.length > 0) await this.store.append(stream, toAppend, 'any');
  }
}
