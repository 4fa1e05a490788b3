// The workflow bundle's entry point: only workflow functions are exported from here.
export { kkgFeedbackWorkflow } from './kkg-feedback.workflow';
