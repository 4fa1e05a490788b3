import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ConsultSpecialistArgs,
  DecideRiskAssessmentArgs,
  RecordFamilyInvolvementArgs,
  RecordJointAssessmentArgs,
  RecordRiskAssessmentReviewArgs,
  RiskAssessmentLiveState,
} from '@hilfenetz/contracts';

/** Shared by the workflow and its clients (the API). Updates return once the step is durable. */
export const consultSpecialist = defineUpdate<RiskAssessmentLiveState, [ConsultSpecialistArgs]>('consultSpecialist');
export const recordJointAssessment = defineUpdate<RiskAssessmentLiveState, [RecordJointAssessmentArgs]>(
  'recordJointAssessment',
);
export const recordFamilyInvolvement = defineUpdate<RiskAssessmentLiveState, [RecordFamilyInvolvementArgs]>(
  'recordFamilyInvolvement',
);
export const decideRiskAssessment = defineUpdate<RiskAssessmentLiveState, [DecideRiskAssessmentArgs]>(
  'decideRiskAssessment',
);
export const recordRiskAssessmentReview = defineUpdate<RiskAssessmentLiveState, [RecordRiskAssessmentReviewArgs]>(
  'recordRiskAssessmentReview',
);
export const riskAssessmentStatus = defineQuery<RiskAssessmentLiveState>('riskAssessmentStatus');
/** Answers once the start is recorded: the API's update-with-start waits for it. */
export const assessmentStarted = defineUpdate<RiskAssessmentLiveState, []>('assessmentStarted');
