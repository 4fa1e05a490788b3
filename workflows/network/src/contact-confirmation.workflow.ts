/*
 * The yearly confirmation of a partner contact's data (issue 17 part 2, docs/adr/0038). A year
 * after the consent (or the last confirmation) the contact is asked by e-mail to confirm their
 * entry; no answer: reminded, then „Kontaktdaten unbestätigt“ for the coordinating office — never an
 * erasure. A confirmation at any time restarts the year (a new run: the history stays short).
 * Withdrawn consent or a partner that left ends it.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type {
  Actor,
  ContactConfirmationActivities,
  ContactConfirmationEvent,
  ContactConfirmationWorkflowInput,
} from '@hilfenetz/contracts';
import { confirmContactData } from './contact-confirmation.messages';

const { recordContactConfirmationStep, sendContactConfirmationMail } = proxyActivities<ContactConfirmationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const ENGINE: Actor = { id: 'system:contact-confirmation-workflow', role: 'system' };
const DAY = 86_400_000;

export async function contactConfirmationWorkflow(input: ContactConfirmationWorkflowInput): Promise<void> {
  const { rules } = input;
  const ids = { networkId: input.networkId, organisationId: input.organisationId, contactId: input.contactId };
  let confirmedAt: string | null = null;
  let writes: Promise<unknown> = Promise.resolve();
  let seq = 0;
  const record = (step: string, events: ContactConfirmationEvent[], actor: Actor) => {
    const name = `${input.lastConfirmedAt}/${++seq}:${step}`;
    const write = writes.then(() =>
      recordContactConfirmationStep({
        networkId: input.networkId,
        step: name,
        events,
        actor,
        correlationId: input.correlationId,
      }),
    );
    writes = write.catch(() => undefined);
    return write;
  };

  setHandler(confirmContactData, async ({ by, at }) => {
    if (!confirmedAt) {
      confirmedAt = at;
      await record('confirmed', [{ type: 'PartnerContactConfirmed', data: { ...ids, confirmedAt: at } }], by);
    }
    return { confirmedAt: confirmedAt };
  });

  const confirmed = () => confirmedAt !== null;
  /** Waits `ms`, cut short by a confirmation; true if confirmed. */
  const waitFor = (ms: number) => (ms > 0 ? condition(confirmed, ms) : Promise.resolve(confirmed()));

  const dueAt = new Date(Date.parse(input.lastConfirmedAt) + rules.everyDays * DAY).toISOString();
  if (!(await waitFor(Date.parse(dueAt) - Date.now()))) {
    const request = await sendContactConfirmationMail({ ...ids, reminder: 0 });
    if (request === 'gone') return;
    const now = () => new Date(Date.now()).toISOString();
    await record(
      'requested',
      [
        {
          type: 'PartnerContactConfirmationRequested',
          data: { ...ids, dueAt, mailed: request === 'sent', requestedAt: now() },
        },
      ],
      ENGINE,
    );
    let answered = false;
    for (let reminder = 1; reminder <= rules.reminders && !answered; reminder++) {
      answered = await waitFor(rules.reminderAfterDays * DAY);
      if (answered) break;
      const sent = await sendContactConfirmationMail({ ...ids, reminder });
      if (sent === 'gone') return;
      await record(
        `reminded-${reminder}`,
        [
          {
            type: 'PartnerContactConfirmationReminded',
            data: { ...ids, reminder, mailed: sent === 'sent', remindedAt: now() },
          },
        ],
        ENGINE,
      );
    }
    if (!answered && !(await waitFor(rules.reminderAfterDays * DAY))) {
      await record(
        'unconfirmed',
        [{ type: 'PartnerContactConfirmationOverdue', data: { ...ids, overdueAt: now() } }],
        ENGINE,
      );
      // Not erased: the entry stays, marked, until the contact confirms or withdraws.
      await condition(confirmed);
    }
  }
  await condition(allHandlersFinished);
  await writes;
  await continueAsNew<typeof contactConfirmationWorkflow>({ ...input, lastConfirmedAt: confirmedAt! });
}
