export * from './events/event-envelope';
export * from './events/crisis.events';
export * from './events/event-registry';
export * from './api/trigger-crisis.dto';
export * from './api/timeline.dto';
export * from './workflow/crisis-workflow.contract';
export * from './auth/roles';
export * from './workflow/crisis-activities.contract';
