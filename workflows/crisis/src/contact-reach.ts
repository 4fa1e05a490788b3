import type {
  Actor,
  CooperationAgreement,
  CrisisWorkflowInput,
  DeliveryEvent,
  DeliveryReceiptArgs,
  InAppReceiptFound,
  SendNotificationInput,
  SendNotificationResult,
  TaskDeliveryView,
} from '@hilfenetz/contracts';
import {
  attemptIdFor,
  deliveredStepOf,
  seenStepOf,
  deliveryWindowSeconds,
  stillToReach,
  type CrisisState,
  type ReachTarget,
} from '@hilfenetz/domain';
import type { WaitUntil } from './workflow-clock';

/** The engine's own receipts (the mail server took the message) carry this actor. */
const MAIL_SERVER: Actor = { id: 'system:smtp', role: 'system' };
const GATEWAY: Actor = { id: 'system:sms-gateway', role: 'system' };

interface InAppReceipt {
  taskId: string;
  state: 'delivered' | 'seen';
  by: Actor;
  at: string;
  /** Workflow time of arrival: a receipt counts for attempts that started before it came. */
  receivedAt: number;
}

export interface ContactReachDeps {
  input: CrisisWorkflowInput;
  agreement: CooperationAgreement;
  state: () => CrisisState;
  /** Records delivery facts through the workflow's ordered writes. */
  write: (step: string, events: DeliveryEvent[]) => Promise<void>;
  send: (input: SendNotificationInput) => Promise<SendNotificationResult>;
  /** Called when no channel of a contact delivered: the task moves on along its chain. */
  onNotReached: (target: ReachTarget) => Promise<void>;
  /**
   * Patch `in-app-receipts-in-log` (docs/adr/0046): open clients' receipts are recorded by the API
   * in the log, not sent here; an in-app attempt looks its receipt up when its window ends.
   */
  receiptsInLog: boolean;
  findReceipt: (attemptId: string) => Promise<InAppReceiptFound | null>;
  /** How a delivery window is waited out (one timer each, or the crisis's shared timer). */
  waitUntil: WaitUntil;
  /**
   * Patch `reach-writes-together`: a delivery fact is queued and the next decision taken at once,
   * so the facts one moment decides (the window passed, the contact not reached, the task handed
   * on) go as one append instead of one after another; the reach waits for its queued writes before
   * it sends, waits, looks up or ends. Without it each write is awaited before the next decision.
   */
  writesTogether: boolean;
}

/**
 * Reaching people, as durable steps of the crisis (issue 11, docs/adr/0010): each contact's
 * channels in the agreed order; a channel counts only when its receipt arrives within the
 * agreement's window (the open inbox of the organisation confirms, the gateway reports the SMS or
 * call delivered); otherwise the next channel, and after the last the next contact of the chain.
 * An acknowledgement or anything else that moves the task ends every pending attempt at once.
 */
export function contactReach(deps: ContactReachDeps) {
  const { input, agreement } = deps;
  const gatewayReceipts = new Map<string, { status: 'delivered' | 'failed'; at: string }>();
  const inAppReceipts: InAppReceipt[] = [];
  const seenRecorded = new Set<string>();
  /** Per task, how reaching its current contact stands: the board shows it live (the query). */
  const progress = new Map<string, Omit<TaskDeliveryView, 'seen'>>();
  const seenTasks = new Set<string>();
  const report = (
    target: ReachTarget,
    state: TaskDeliveryView['state'],
    channel: TaskDeliveryView['channel'],
    since = new Date().toISOString(),
  ) => progress.set(target.taskId, { contactId: target.contactId, state, channel, since });
  const lobbyPhone = callbackPhoneOf(agreement);

  /** Signal handler: remembered at once, so a receipt faster than our own record still counts. */
  function onReceipt(receipt: DeliveryReceiptArgs): Promise<void> | void {
    if (receipt.kind === 'gateway') {
      if (!gatewayReceipts.has(receipt.attemptId)) gatewayReceipts.set(receipt.attemptId, receipt);
      return;
    }
    inAppReceipts.push({ ...receipt, receivedAt: Date.now() });
    if (receipt.state !== 'seen') return;
    const key = `${receipt.taskId}/${receipt.by.id}`;
    const task = deps.state().tasks[receipt.taskId];
    // Seen by someone of the organisation holding the task, once per person and task.
    if (!task || task.organisationId !== receipt.by.organisationId || seenRecorded.has(key)) return;
    seenRecorded.add(key);
    seenTasks.add(receipt.taskId);
    return deps.write(seenStepOf(receipt.taskId, receipt.by.id), [
      {
        type: 'NotificationSeen',
        data: { crisisId: input.crisisId, taskId: receipt.taskId, seenBy: receipt.by, seenAt: receipt.at },
      },
    ]);
  }

  /** In-app attempts already written with the step that assigned the task, by target: when. */
  const writtenWithAssignment = new Map<string, number>();
  const keyOf = (t: ReachTarget) => `${t.taskId}/${t.contactId}/${t.generation}`;

  /**
   * The first attempt, when it is in-app, as an event to append with the assignment itself (the
   * inbox shows the task as soon as the assignment is projected; nothing else is sent).
   */
  function inAppAttemptWith(target: ReachTarget): DeliveryEvent[] {
    const first = agreement.contacts.find((c) => c.id === target.contactId)?.channels[0];
    if (first?.kind !== 'in_app') return [];
    const startedAt = Date.now();
    writtenWithAssignment.set(keyOf(target), startedAt);
    return [attemptEvent(target, 0, 'in_app', startedAt)];
  }

  function attemptEvent(
    target: ReachTarget,
    index: number,
    channel: TaskDeliveryView['channel'] & string,
    startedAt: number,
    providerReference?: string,
  ): DeliveryEvent {
    const windowMs = deliveryWindowSeconds(agreement, input.urgency, channel) * 1000;
    return {
      type: 'NotificationAttempted',
      data: {
        crisisId: input.crisisId,
        taskId: target.taskId,
        contactId: target.contactId,
        attemptId: attemptIdFor(input.crisisId, target, index),
        channel,
        ...(providerReference ? { providerReference } : {}),
        attemptedAt: new Date(startedAt).toISOString(),
        windowEndsAt: new Date(startedAt + windowMs).toISOString(),
        ...(channel === 'in_app' && deps.receiptsInLog ? { receiptInLog: true as const } : {}),
      },
    };
  }

  const inAppReceiptFor = (target: ReachTarget, since: number): InAppReceipt | undefined =>
    inAppReceipts.find(
      (r) => r.taskId === target.taskId && r.by.organisationId === target.organisationId && r.receivedAt >= since,
    );

  /** Tries every channel of the target's contact; resolves when delivered, moved on, or exhausted. */
  async function reach(target: ReachTarget): Promise<void> {
    const contact = agreement.contacts.find((c) => c.id === target.contactId);
    const channels = contact?.channels ?? [];
    const base = { crisisId: input.crisisId, taskId: target.taskId, contactId: target.contactId };
    const urgency = input.urgency;
    // An open inbox that confirmed the task since it came to this contact counts for every channel.
    const reachStartedAt = writtenWithAssignment.get(keyOf(target)) ?? Date.now();
    // Writes queued and not yet awaited (patch `reach-writes-together`), and the first failure among
    // them. Awaiting a queued write at once would yield before the next decision is queued, and the
    // running flush would take the first write alone: the call sites await only without the patch.
    let queuedWrites: Promise<void> = Promise.resolve();
    let queuedFailure: { error: unknown } | undefined;
    const queue = (w: Promise<void>): Promise<void> | undefined => {
      if (!deps.writesTogether) return w;
      const earlier = queuedWrites;
      const handled = w.catch((error: unknown) => {
        queuedFailure ??= { error };
      });
      queuedWrites = Promise.all([earlier, handled]).then(() => undefined);
      return undefined;
    };
    const settle = async (): Promise<void> => {
      await queuedWrites;
      if (queuedFailure) throw queuedFailure.error;
    };
    for (const [index, channel] of channels.entries()) {
      if (!stillToReach(deps.state(), target)) {
        if (deps.writesTogether) await settle();
        return;
      }
      const attemptId = attemptIdFor(input.crisisId, target, index);
      const windowMs = deliveryWindowSeconds(agreement, urgency, channel.kind) * 1000;
      const prewritten = index === 0 ? writtenWithAssignment.get(keyOf(target)) : undefined;
      const startedAt = prewritten ?? Date.now();
      const attempted = (providerReference?: string): DeliveryEvent =>
        attemptEvent(target, index, channel.kind, startedAt, providerReference);
      const notDelivered = (cause: 'window_passed' | 'channel_failed' | 'not_configured' | 'no_address') =>
        deps.write(`reach:${attemptId}:not-delivered`, [
          {
            type: 'NotificationNotDelivered',
            data: { ...base, attemptId, channel: channel.kind, cause, recordedAt: new Date().toISOString() },
          },
        ]);
      const delivered = (by: Actor, at: string) => {
        report(target, 'delivered', channel.kind);
        return deps.write(deliveredStepOf(attemptId), [
          {
            type: 'NotificationDelivered',
            data: { ...base, attemptId, channel: channel.kind, confirmedBy: by, deliveredAt: at },
          },
        ]);
      };

      report(target, 'trying', channel.kind);
      if (channel.kind === 'in_app') {
        // The inbox projection shows the task and pushes it live; what we wait for is an open
        // client of the organisation saying it arrived.
        if (prewritten === undefined) {
          const w = queue(deps.write(`reach:${attemptId}:attempted`, [attempted()]));
          if (w) await w;
        }
        if (deps.writesTogether) await settle();
        const arrived = await deps.waitUntil(
          startedAt + windowMs,
          () => inAppReceiptFor(target, reachStartedAt) !== undefined || !stillToReach(deps.state(), target),
        );
        const receipt = inAppReceiptFor(target, reachStartedAt);
        if (receipt) return delivered(receipt.by, receipt.at);
        if (arrived) return; // moved on: acknowledged, escalated or closed
        if (deps.receiptsInLog) {
          // The API recorded the receipt when it came (the board showed it from the read model);
          // only whether to try the next channel is decided here, once, at the window's end.
          const logged = await deps.findReceipt(attemptId);
          if (logged) {
            report(target, 'delivered', channel.kind, logged.deliveredAt);
            return;
          }
          if (!stillToReach(deps.state(), target)) return;
        }
        const w = queue(notDelivered('window_passed'));
        if (w) await w;
        continue;
      }

      if (deps.writesTogether) await settle();
      const result = await deps.send({
        caseId: input.caseId,
        crisisId: input.crisisId,
        taskId: target.taskId,
        party: deps.state().tasks[target.taskId]?.party ?? 'unknown',
        contactId: target.contactId,
        contactLabel: contact?.label ?? target.contactId,
        attemptId,
        channel: { kind: channel.kind, address: channel.address },
        reason: target.reason,
        deadline: target.deadline,
        dangerKind: input.dangerKind,
        urgency,
        callbackPhone: lobbyPhone,
      });
      if (result.outcome !== 'sent') {
        const w = queue(notDelivered(result.outcome === 'failed' ? 'channel_failed' : result.outcome));
        if (w) await w;
        continue;
      }
      const sent = queue(deps.write(`reach:${attemptId}:attempted`, [attempted(result.providerReference)]));
      if (sent) await sent;
      if (channel.kind === 'email') {
        // SMTP has no delivery receipt; the receiving server accepting it for the mailbox is the
        // strongest answer e-mail gives.
        // Queued with the attempt (one append); settle raises a failure of either.
        const mailed = queue(delivered(MAIL_SERVER, new Date().toISOString()));
        if (mailed) return mailed;
        return settle();
      }
      if (deps.writesTogether) await settle();
      await deps.waitUntil(
        Date.now() + windowMs,
        () => gatewayReceipts.has(attemptId) || !stillToReach(deps.state(), target),
      );
      const receipt = gatewayReceipts.get(attemptId);
      if (receipt?.status === 'delivered') return delivered(GATEWAY, receipt.at);
      if (!stillToReach(deps.state(), target)) return;
      const w = queue(notDelivered(receipt ? 'channel_failed' : 'window_passed'));
      if (w) await w;
    }
    if (!stillToReach(deps.state(), target)) {
      if (deps.writesTogether) await settle();
      return;
    }
    report(target, 'not_reached', null);
    const unreached = queue(
      deps.write(`reach:${input.crisisId}/${target.taskId}/${target.contactId}/${target.generation}:unreached`, [
        {
          type: 'ContactNotReached',
          data: {
            ...base,
            attempts: Math.max(channels.length, 1),
            recordedAt: new Date().toISOString(),
          },
        },
      ]),
    );
    if (unreached) await unreached;
    // With the patch the escalation is decided (and its write queued) before the first of these
    // writes goes out: one append for the window's end, the unreached contact and the hand-over.
    await deps.onNotReached(target);
    if (deps.writesTogether) await settle();
  }

  /** The task's delivery as the live state shows it. */
  function deliveryOf(taskId: string): TaskDeliveryView | undefined {
    const p = progress.get(taskId);
    return p ? { ...p, seen: seenTasks.has(taskId) } : undefined;
  }

  return { onReceipt, reach, deliveryOf, inAppAttemptWith };
}

/**
 * The number people call back: the phone channel of the youth office's first desk (a function
 * number of the agreement, never a person's).
 */
function callbackPhoneOf(agreement: CooperationAgreement): string | null {
  const desk = agreement.contacts.find((c) => c.id === agreement.parties.youth_office.route.firstContactId);
  return desk?.channels.find((ch) => ch.kind === 'phone')?.address ?? null;
}
