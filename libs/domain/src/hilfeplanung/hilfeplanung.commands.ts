import type {
  EndHelpArgs,
  HilfeplanungRules,
  PlanGoalInput,
  PlanMeasureInput,
  PlanningOrigin,
  PlanningParty,
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
  | { type: 'AnswerInvitation'; party: PlanningParty; answer: 'confirmed' | 'declined'; reason?: string; now: string }
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
  | { type: 'RequestReview'; requestedBy: PlanningParty; reason: string; now: string }
  | { type: 'EndHelp'; reason: EndHelpArgs['reason']; note?: string; now: string };
