import type {
  EndHelpArgs,
  HilfeplanungRules,
  PlanGoalInput,
  PlanMeasureInput,
  PlanningOrigin,
  PlanningParty,
  SealedText,
  SealedValue,
  StatementParty,
} from '@hilfenetz/contracts';

/** Commands of the help-planning cycle. Time and rules arrive as data. */
export type HilfeplanungCommand =
  | {
      type: 'StartCycle';
      planningId: string;
      caseId: string;
      cycle: number;
      origin: PlanningOrigin;
      rules: HilfeplanungRules;
      now: string;
    }
  | { type: 'ScheduleMeeting'; meetingAt: string; now: string }
  | {
      type: 'AnswerInvitation';
      party: PlanningParty;
      answer: 'confirmed' | 'declined';
      reason?: SealedText;
      now: string;
      /** Done offline: the device time of answering, bounded by the API (docs/adr/0026). */
      actedOnDevice?: { at: string; bounded: boolean };
    }
  | { type: 'SubmitStatement'; party: PlanningParty; content: SealedValue; now: string }
  | {
      type: 'RecordPlan';
      heldAt: string;
      participants: PlanningParty[];
      youngPersonView: SealedValue;
      goals: PlanGoalInput[];
      measures: PlanMeasureInput[];
      nextReviewAt?: string;
      rules: HilfeplanungRules;
      now: string;
    }
  | { type: 'EscalateScheduling'; now: string }
  | { type: 'RemindMeeting'; now: string }
  | { type: 'StatementDeadlinePassed'; party: StatementParty; rules: HilfeplanungRules; now: string }
  /** Reasons and the note sealed by the API (docs/adr/0018): carried, never read. */
  | { type: 'RequestReview'; requestedBy: PlanningParty; reason: SealedText; now: string }
  | { type: 'EndHelp'; reason: EndHelpArgs['reason']; note?: SealedText; now: string };
