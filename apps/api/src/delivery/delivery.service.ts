import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  type DeliveryReceiptArgs,
  type GatewayReceiptRequest,
  type GuardianConfirmationResponse,
  type Principal,
} from '@hilfenetz/contracts';
import { inAppDeliveredEvent, taskSeenEvent, type InAppReceipt } from '@hilfenetz/activities';
import { caseStreamId, crisisIdOfAttempt } from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import { verifyGatewaySignature } from '@hilfenetz/notifications';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import { acknowledgeTask, crisisStatus, deliveryReceipt } from '@hilfenetz/workflow-crisis/messages';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { actorOf } from '../crisis/actor';
import { APP_CONFIG, CLOCK, DATA_SOURCE, EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** A task's holder and its current in-app attempt, as the inbox projections have them. */
interface ReceiptTarget {
  organisation_id: string;
  status: string;
  attempt_id: string | null;
  contact_id: string | null;
  receipt_in_log: boolean | null;
  delivered_at: Date | null;
}

/**
 * Receipts for notifications (issue 11, docs/adr/0010): an open client confirming a task reached it,
 * the SMS gateway confirming a text or call arrived, a guardian confirming with the code from the
 * text. A gateway's and a guardian's become a message to the crisis workflow, which records it and
 * stops the fallbacks; an open client's is recorded in the log here, where the workflow looks when
 * the attempt's window ends (docs/adr/0046; crises started before still get it as a message).
 */
@Injectable()
export class DeliveryService {
  private readonly codes: GuardianCodeStore;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly agreements: AgreementRegistryService,
  ) {
    this.codes = GuardianCodeStore.fromMasterKey(ds, config.PERSONAL_DATA_MASTER_KEY);
  }

  /** In-app receipt: only the organisation that holds the task now confirms it (else 404, as unseen). */
  async confirmInApp(
    caseId: string,
    crisisId: string,
    taskId: string,
    state: 'delivered' | 'seen',
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    const [row] = (await this.ds.query(
      `SELECT t.organisation_id, t.status, r.attempt_id, r.contact_id, r.receipt_in_log, r.delivered_at
         FROM task_inbox t LEFT JOIN task_in_app_reach r ON r.crisis_id = t.crisis_id AND r.task_id = t.task_id
        WHERE t.case_id = $1 AND t.crisis_id = $2 AND t.task_id = $3`,
      [caseId, crisisId, taskId],
    )) as ReceiptTarget[];
    if (!row || row.organisation_id !== user.organisationId) {
      throw new ApplicationError(
        'delivery.task_not_found',
        `Your organisation holds no task ${taskId} in ${crisisId}.`,
        [{ field: 'path.taskId', reason: 'not a task of your organisation' }],
      );
    }
    if (row.receipt_in_log && row.attempt_id && row.contact_id) {
      const receipt = { crisisId, taskId, by: actorOf(user), at: this.clock().toISOString(), correlationId };
      // Delivery counts while the task is still open with this attempt (as the workflow counted it).
      const delivers = row.delivered_at === null && (row.status === 'open' || row.status === 'supervisor_alerted');
      const attempt = delivers ? { attemptId: row.attempt_id, contactId: row.contact_id } : null;
      await this.recordInLog(caseId, receipt, attempt, state === 'seen');
      return;
    }
    await this.signal(crisisId, {
      kind: 'in_app',
      taskId,
      state,
      by: actorOf(user),
      at: this.clock().toISOString(),
    });
  }

  /**
   * An open client's receipt, recorded under the ids the workflow would give it: a repeat appends
   * nothing. "Seen" once per person, whenever someone of the holding organisation opens the task.
   */
  private async recordInLog(
    caseId: string,
    receipt: InAppReceipt,
    deliveredAttempt: { attemptId: string; contactId: string } | null,
    seen: boolean,
  ): Promise<void> {
    const stream = caseStreamId(caseId);
    if (deliveredAttempt) await this.store.append(stream, [inAppDeliveredEvent(receipt, deliveredAttempt)]);
    if (seen) await this.store.append(stream, [taskSeenEvent(receipt)]);
  }

  /** The gateway's receipt, accepted only with a valid signature over the exact bytes received. */
  async gatewayReceipt(rawBody: Buffer | undefined, signature: string | undefined, body: GatewayReceiptRequest) {
    const secret = this.config.SMS_GATEWAY_SECRET;
    if (!secret || !rawBody || !verifyGatewaySignature(secret, rawBody, signature)) {
      throw new ApplicationError('delivery.signature_invalid', 'The receipt is not signed by the configured gateway.', [
        { field: 'header.x-hilfenetz-signature', reason: 'missing or does not match the body' },
      ]);
    }
    const crisisId = crisisIdOfAttempt(body.reference);
    if (!crisisId) {
      throw new ApplicationError('delivery.reference_unknown', 'The reference names no notification of ours.', [
        { field: 'body.reference', reason: 'not a hilfenetz notification reference' },
      ]);
    }
    const attemptId = body.reference;
    await this.signal(crisisId, { kind: 'gateway', attemptId, status: body.status, at: body.at });
  }

  /** A guardian's code: the guardian task is acknowledged as reached and confirmed. */
  async confirmGuardian(code: string, clientKey: string): Promise<GuardianConfirmationResponse> {
    const now = this.clock();
    const result = await this.codes.redeem(code, clientKey, now);
    if (result.outcome === 'locked') {
      const seconds = Math.max(1, Math.ceil((result.lockedUntil.getTime() - now.getTime()) / 1000));
      throw new ApplicationError(
        'guardian_code.locked',
        `Too many wrong codes from this device. Try again in ${Math.ceil(seconds / 60)} minutes.`,
        [{ field: 'body.code', reason: 'locked after five wrong codes' }],
        { retryAfterSeconds: seconds },
      );
    }
    if (result.outcome === 'refused') {
      throw new ApplicationError('guardian_code.invalid', 'The code is wrong or has expired.', [
        { field: 'body.code', reason: `wrong or expired (${result.failuresLeft} tries left)` },
      ]);
    }
    const { crisisId, taskId, guardianId } = result.target;
    try {
      await this.temporal.workflow.getHandle(crisisId).executeUpdate(acknowledgeTask, {
        args: [
          {
            taskId,
            by: { id: `guardian:${guardianId}`, role: 'guardian' },
            at: now.toISOString(),
            method: 'guardian_code',
          },
        ],
      });
    } catch {
      // The crisis has ended or someone recorded the guardian as reached already: the guardian's
      // confirmation still arrived, which is all this page tells them.
    }
    return { confirmed: true, contactPhone: await this.youthOfficePhone(crisisId) };
  }

  /**
   * Whom the guardian calls: the youth office desk of the agreement the crisis runs under (a
   * function number, never a person's). Null when the crisis can no longer be asked.
   */
  private async youthOfficePhone(crisisId: string): Promise<string | null> {
    try {
      const live = await this.temporal.workflow.getHandle(crisisId).query(crisisStatus);
      if (!live.agreement) return null;
      const agreement = await this.agreements.version(live.agreement.agreementId, live.agreement.version);
      const desk = agreement.contacts.find((c) => c.id === agreement.parties.youth_office.route.firstContactId);
      return desk?.channels.find((ch) => ch.kind === 'phone')?.address ?? null;
    } catch {
      return null;
    }
  }

  private async signal(crisisId: string, args: DeliveryReceiptArgs): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(crisisId).signal(deliveryReceipt, args);
    } catch (err) {
      // A receipt for a crisis that has ended changes nothing; it is not the sender's mistake.
      if (err instanceof WorkflowNotFoundError) return;
      throw err;
    }
  }
}
