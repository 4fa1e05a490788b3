import type { DangerKind, Urgency } from '@hilfenetz/contracts';

export type CrisisState =
  | { status: 'none' }
  | { status: 'open'; crisisId: string; caseId: string; dangerKind: DangerKind; urgency: Urgency; triggeredAt: string }
  | { status: 'cancelled'; crisisId: string; caseId: string; reason: string; cancelledAt: string };

export const initialCrisisState: CrisisState = { status: 'none' };
