// The workflow bundle's entry point: only workflow functions are exported from here.
export { crisisWorkflow } from './crisis.workflow';
