import type { DangerKind, Urgency } from '@hilfenetz/contracts';

/** Commands carry time as data: the domain never reads a clock. */
export type CrisisCommand =
  | {
      type: 'TriggerCrisis';
      crisisId: string;
      caseId: string;
      dangerKind: DangerKind;
      urgency: Urgency;
      now: string;
    }
  | { type: 'CancelCrisis'; crisisId: string; reason: string; now: string };
