import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  contactConfirmationWorkflowId,
  contactConfirmationWorkflowType,
  type Actor,
  type ContactConfirmationWorkflowInput,
} from '@hilfenetz/contracts';
import { contactConfirmationDefaults, foldContactConfirmations, networkStreamId } from '@hilfenetz/domain';
import type { TransactionalEventStore } from '@hilfenetz/event-store';
import { confirmContactData } from '@hilfenetz/workflow-network/messages';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE, EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/**
 * The yearly confirmation's workflow per consented contact (docs/adr/0038): started when a contact
 * consents, and at start-up for every consented contact that has none yet (a contact from before
 * this workflow, or the demo's), so no contact is left without one. Starting twice is a no-op.
 */
@Injectable()
export class ContactConfirmationWorkflow implements OnApplicationBootstrap {
  private readonly log = new Logger(ContactConfirmationWorkflow.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  private options(input: ContactConfirmationWorkflowInput) {
    return {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: contactConfirmationWorkflowId(input.contactId),
      args: [input] as [ContactConfirmationWorkflowInput],
      // One per contact: an existing run keeps its clock.
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
    };
  }

  private input(networkId: string, organisationId: string, contactId: string, lastConfirmedAt: string) {
    return {
      networkId,
      organisationId,
      contactId,
      lastConfirmedAt,
      rules: contactConfirmationDefaults,
      correlationId: randomUUID(),
    };
  }

  /** Makes sure the contacts of one network each have their workflow. */
  async ensureFor(networkId: string): Promise<void> {
    const contacts = foldContactConfirmations(await this.store.readStream(networkStreamId(networkId)));
    for (const c of contacts) {
      const input = this.input(networkId, c.organisationId, c.contactId, c.lastConfirmedAt);
      await this.temporal.workflow.start(contactConfirmationWorkflowType, this.options(input));
    }
  }

  /** The contact confirms: recorded by their workflow (started first if it was missing). */
  async confirm(
    networkId: string,
    organisationId: string,
    contactId: string,
    lastConfirmedAt: string,
    by: Actor,
    at: string,
  ) {
    const startWorkflowOperation = new WithStartWorkflowOperation(
      contactConfirmationWorkflowType,
      this.options(this.input(networkId, organisationId, contactId, lastConfirmedAt)),
    );
    return this.temporal.workflow.executeUpdateWithStart(confirmContactData, {
      args: [{ by, at }],
      startWorkflowOperation,
    });
  }

  onApplicationBootstrap(): void {
    // In the background: the API answers while Temporal is still coming up; a failure is logged.
    void this.ensureAll().catch((err: unknown) =>
      this.log.warn(`contact confirmation start-up: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private async ensureAll(): Promise<void> {
    const rows: { stream_id: string }[] = await this.ds.query(
      `SELECT DISTINCT stream_id FROM events WHERE type = 'PartnerContactConsented'`,
    );
    for (const r of rows) await this.ensureFor(r.stream_id.replace(/^network-/, ''));
  }
}
