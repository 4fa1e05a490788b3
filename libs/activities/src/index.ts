export * from './event-ids';
export * from './record-workflow-step';
export * from './crisis.activities';
export * from './hilfeplanung.activities';
export * from './create-activities';
