// The workflow bundle's entry point: only workflow functions are exported from here.
export { hilfeplanungWorkflow } from './hilfeplanung.workflow';
