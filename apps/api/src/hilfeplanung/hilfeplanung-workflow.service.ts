import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { AppConfig } from '@hilfenetz/config';
import {
  ApplicationError,
  hilfeplanungIdFor,
  hilfeplanungWorkflowType,
  isPlanningRefusalCode,
  type HilfeplanungLiveState,
  type HilfeplanungWorkflowInput,
} from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { hilfeplanungStatus, planningStarted } from '@hilfenetz/workflow-hilfeplanung/messages';
import { APP_CONFIG, EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';
import { messageStatuses } from './planning-messages';

/**
 * The calls into a case's Hilfeplanung workflow: start it, read its live state, run an Update on
 * it. A live state leaves with the delivery status of its cycle's messages from the case stream;
 * a workflow refusal leaves as an application error with its stable code.
 */
@Injectable()
export class HilfeplanungWorkflow {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
  ) {}

  handle = (caseId: string) => this.temporal.workflow.getHandle(hilfeplanungIdFor(caseId));

  /** The live state with the delivery status of this cycle's messages from the case stream. */
  async withMessages(caseId: string, live: HilfeplanungLiveState): Promise<HilfeplanungLiveState> {
    return { ...live, messages: messageStatuses(await this.store.readStream(caseStreamId(caseId)), live.cycle) };
  }

  /** Starts the case's planning; 409 `planning.exists` when one runs already. */
  async start(caseId: string, input: HilfeplanungWorkflowInput): Promise<HilfeplanungLiveState> {
    // Update-with-start: one call starts the planning and answers once its first cycle is
    // recorded — who takes part (the clinic named) follows from the recorded HilfeplanungStarted,
    // and a clinic told "started" must not be refused a moment later. No polling.
    const startWorkflowOperation = new WithStartWorkflowOperation(hilfeplanungWorkflowType, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId: input.planningId,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { HilfenetzCaseId: [caseId], HilfenetzStatus: ['hilfeplanung'] },
    });
    let live: HilfeplanungLiveState;
    try {
      live = await this.temporal.workflow.executeUpdateWithStart(planningStarted, { startWorkflowOperation });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ApplicationError('planning.exists', `The help planning for ${caseId} already runs.`);
      }
      throw err;
    }
    return this.withMessages(caseId, live);
  }

  async liveState(caseId: string): Promise<HilfeplanungLiveState> {
    try {
      return await this.handle(caseId).query(hilfeplanungStatus);
    } catch (err) {
      throw err instanceof WorkflowNotFoundError ? this.notFound(caseId) : err;
    }
  }

  private notFound = (caseId: string) =>
    new ApplicationError('planning.not_found', `No help planning runs for ${caseId}.`, [
      { field: 'path.caseId', reason: 'no help planning' },
    ]);

  private ended = (caseId: string) =>
    new ApplicationError(
      'planning.closed',
      `The help planning for ${caseId} has ended; nothing more can be recorded.`,
      [{ field: 'path.caseId', reason: 'help planning ended' }],
    );

  /**
   * The planning's workflow still runs (an ended one takes no Update and no signal). The server's
   * description answers without a worker; a query would make one replay a closed planning first.
   */
  async assertRunning(caseId: string): Promise<void> {
    const description = await this.handle(caseId)
      .describe()
      .catch((err: unknown) => Promise.reject(err instanceof WorkflowNotFoundError ? this.notFound(caseId) : err));
    if (description.status.name !== 'RUNNING') throw this.ended(caseId);
  }

  /** Runs an Update; a domain refusal comes back as a problem with its stable code. */
  async update(caseId: string, run: () => Promise<HilfeplanungLiveState>): Promise<HilfeplanungLiveState> {
    await this.assertRunning(caseId);
    try {
      return await this.withMessages(caseId, await run());
    } catch (err) {
      // Ended between the check and the Update (the workflow answers "already completed").
      if (err instanceof WorkflowNotFoundError) throw this.ended(caseId);
      const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && isPlanningRefusalCode(cause.type)) {
        throw new ApplicationError(cause.type, cause.message, [{ field: 'body', reason: cause.type }]);
      }
      throw err;
    }
  }
}
