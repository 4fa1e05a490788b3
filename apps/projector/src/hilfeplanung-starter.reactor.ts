import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  hilfeplanungWorkflowType,
  type HilfeplanungRequestedData,
  type HilfeplanungWorkflowInput,
  type StoredEvent,
} from '@hilfenetz/contracts';
import { caseStreamId, lindenauHilfeplanungRules } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';

export const hilfeplanungIdFor = (caseId: string) => `hilfeplanung-${caseId}`;

/**
 * Seed 002, step 5: after discharge the clinic takes part in the help planning. When a crisis
 * records `HilfeplanungRequested`, this reactor starts the case's Hilfeplanung workflow, linked to
 * the crisis (origin: discharge, crisis id, planned discharge date). It is driven by the event log
 * rather than by the crisis workflow so that running crises need no new workflow version; Kafka
 * delivers at least once, and the fixed workflow id makes a redelivery start nothing new.
 * See docs/adr/0006-hilfeplanung-started-from-the-event-log.md.
 */
export class HilfeplanungStarter {
  constructor(
    private readonly temporal: Client,
    private readonly store: PostgresEventStore,
    private readonly taskQueue: string,
    private readonly log: (msg: string, extra?: Record<string, unknown>) => void,
  ) {}

  async onEvent(e: StoredEvent): Promise<void> {
    if (e.type !== 'HilfeplanungRequested') return;
    const d = e.data as HilfeplanungRequestedData;
    // The deadline to schedule the meeting counts from the planned discharge, which the clinic
    // announced in the same step.
    const stream = await this.store.readStream(caseStreamId(d.caseId));
    const discharge = stream.find(
      (x) => x.type === 'DischargeAnnounced' && (x.data as { crisisId: string }).crisisId === d.crisisId,
    );
    const dischargedAt = (discharge?.data as { plannedFor?: string } | undefined)?.plannedFor ?? d.requestedAt;
    const input: HilfeplanungWorkflowInput = {
      planningId: hilfeplanungIdFor(d.caseId),
      caseId: d.caseId,
      origin: { kind: 'discharge', crisisId: d.crisisId, dischargedAt },
      rules: lindenauHilfeplanungRules,
      startedBy: {
        id: e.metadata.actorId,
        role: e.metadata.actorRole,
        ...(e.metadata.organisationId ? { organisationId: e.metadata.organisationId } : {}),
      },
      startedAt: d.requestedAt,
      correlationId: e.metadata.correlationId,
    };
    try {
      await this.temporal.workflow.start(hilfeplanungWorkflowType, {
        taskQueue: this.taskQueue,
        workflowId: input.planningId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        searchAttributes: { HilfenetzCaseId: [d.caseId], HilfenetzStatus: ['hilfeplanung'] },
      });
      this.log('hilfeplanung started after discharge', { caseId: d.caseId, crisisId: d.crisisId });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Redelivery, or a caseworker started the planning by hand before: one planning per case.
    }
  }
}
