import { defineUpdate } from '@temporalio/workflow';
import type { ConfirmContactDataArgs } from '@hilfenetz/contracts';

/** The contact confirms their data: recorded, and the year starts again. */
export const confirmContactData = defineUpdate<{ confirmedAt: string }, [ConfirmContactDataArgs]>('confirmContactData');
