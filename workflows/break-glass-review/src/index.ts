// The workflow bundle's entry point: only workflow functions are exported from here.
export { breakGlassReviewWorkflow } from './break-glass-review.workflow';
