// The workflow bundle's entry point: only workflow functions are exported from here.
export { riskAssessmentWorkflow } from './risk-assessment.workflow';
