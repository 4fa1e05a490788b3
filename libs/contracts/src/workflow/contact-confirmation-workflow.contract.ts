import type { ContactConfirmationEvent } from '../events/contact-confirmation.events';
import type { Actor } from './crisis-workflow.contract';

export const contactConfirmationWorkflowType = 'contactConfirmationWorkflow';
export const contactConfirmationWorkflowId = (contactId: string) => `contact-confirmation-${contactId}`;

/** The yearly clock; defaults in libs/domain (contactConfirmationDefaults). */
export interface ContactConfirmationRules {
  everyDays: number;
  /** Days between the request and each reminder, and from the last reminder to „unbestätigt“. */
  reminderAfterDays: number;
  reminders: number;
}

export interface ContactConfirmationWorkflowInput {
  networkId: string;
  organisationId: string;
  contactId: string;
  /** The consent, or the last confirmation. */
  lastConfirmedAt: string;
  rules: ContactConfirmationRules;
  correlationId: string;
}

export interface ConfirmContactDataArgs {
  by: Actor;
  at: string;
}

export interface RecordContactConfirmationStepInput {
  networkId: string;
  step: string;
  events: ContactConfirmationEvent[];
  actor: Actor;
  correlationId: string;
}

export interface ContactConfirmationActivities {
  recordContactConfirmationStep(input: RecordContactConfirmationStepInput): Promise<{ eventIds: string[] }>;
  /** `gone`: the contact withdrew (or the partner left): the workflow ends. */
  sendContactConfirmationMail(input: {
    networkId: string;
    organisationId: string;
    contactId: string;
    reminder: number;
  }): Promise<'sent' | 'not_sent' | 'gone'>;
}
