import type { AgreementContact, AgreementRef, CrisisEvent, NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { caseIdFromStreamId, caseStreamId } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import type { ContactChannel, NotificationDispatcher, OutboundNotification } from '@hilfenetz/notifications';
import { v5 as uuidv5 } from 'uuid';

const NOTIFICATION_NAMESPACE = '2f0c3e8a-94b1-4d7e-8c65-0b7a3f9d1e42';

type Of<T extends CrisisEvent['type']> = Extract<CrisisEvent, { type: T }>['data'];

/** Finds a contact of the agreement a crisis runs under. Injected so tests can give other channels. */
export type ContactResolver = (
  agreement: AgreementRef,
  contactId: string,
) => AgreementContact | undefined | Promise<AgreementContact | undefined>;

/**
 * Tells the contact who holds a task now (assigned, escalated, supervisor alert, family-court
 * task) through the contact's channels in the agreed order, with retry and fallback, and records
 * the outcome in the case stream. The outcome's event id is derived from the triggering event:
 * a redelivered event finds it and sends nothing again. See docs/adr/0007.
 */
export class TaskNotifier {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly dispatcher: NotificationDispatcher,
    private readonly resolve: ContactResolver,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async onEvent(e: StoredEvent): Promise<void> {
    const target = this.targetOf(e);
    const caseId = caseIdFromStreamId(e.streamId);
    if (!target || !caseId) return;
    const outcomeId = uuidv5(`${e.eventId}/notification`, NOTIFICATION_NAMESPACE);
    const stream = await this.store.readStream(caseStreamId(caseId));
    if (stream.some((x) => x.eventId === outcomeId)) return;

    const triggered = stream.find(
      (x) => x.type === 'CrisisTriggered' && (x.data as { crisisId: string }).crisisId === target.crisisId,
    );
    const ref = (triggered?.data as { agreement?: AgreementRef } | undefined)?.agreement;
    const contact = ref ? await this.resolve(ref, target.contactId) : undefined;
    const channels: ContactChannel[] = (contact?.channels ?? [{ kind: 'in_app', address: 'inbox' }]).map((c) => ({
      kind: c.kind,
      address: c.address,
    }));
    const notification: OutboundNotification = {
      notificationId: outcomeId,
      caseId,
      crisisId: target.crisisId,
      taskId: target.taskId,
      reason: target.reason,
      deadline: target.deadline,
      contactLabel: contact?.label ?? target.contactId,
    };
    const result = await this.dispatcher.deliver(notification, channels);
    const failedAttempts = result.attempts
      .filter((a) => !a.ok)
      .map((a) => ({ channel: a.channel, attempt: a.attempt, error: (a.error ?? 'failed').slice(0, 500) }));
    const base = {
      crisisId: target.crisisId,
      taskId: target.taskId,
      contactId: target.contactId,
      sourceEventId: e.eventId,
    };
    const now = this.clock().toISOString();
    const outcome: NewEvent = {
      eventId: outcomeId,
      type: result.delivered ? 'NotificationSent' : 'NotificationFailed',
      schemaVersion: 1,
      data: result.delivered
        ? { ...base, channel: result.channel, failedAttempts, sentAt: now }
        : { ...base, failedAttempts, failedAt: now },
      metadata: {
        actorId: 'system:notifier',
        actorRole: 'system',
        correlationId: e.metadata.correlationId,
        causationId: e.eventId,
      },
    };
    await this.store.append(e.streamId, [outcome]);
  }

  private targetOf(e: StoredEvent): {
    crisisId: string;
    taskId: string;
    contactId: string;
    deadline: string | null;
    reason: OutboundNotification['reason'];
  } | null {
    switch (e.type) {
      case 'PartyNotified': {
        const d = e.data as Of<'PartyNotified'>;
        return {
          crisisId: d.crisisId,
          taskId: d.taskId,
          contactId: d.contactId,
          deadline: d.deadline,
          reason: 'task_assigned',
        };
      }
      case 'TaskEscalated': {
        const d = e.data as Of<'TaskEscalated'>;
        return {
          crisisId: d.crisisId,
          taskId: d.taskId,
          contactId: d.toContactId,
          deadline: d.deadline,
          reason: 'task_escalated',
        };
      }
      case 'SupervisorAlerted': {
        const d = e.data as Of<'SupervisorAlerted'>;
        return {
          crisisId: d.crisisId,
          taskId: d.taskId,
          contactId: d.supervisorContactId,
          deadline: null,
          reason: 'supervisor_alert',
        };
      }
      case 'FamilyCourtDecisionRequired': {
        const d = e.data as Of<'FamilyCourtDecisionRequired'>;
        return {
          crisisId: d.crisisId,
          taskId: d.taskId,
          contactId: d.contactId,
          deadline: d.deadline,
          reason: 'family_court_decision',
        };
      }
      default:
        return null;
    }
  }
}
