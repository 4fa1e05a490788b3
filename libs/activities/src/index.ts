export * from './event-ids';
export * from './record-workflow-step';
export * from './crisis.activities';
export * from './hilfeplanung.activities';
export * from './hilfeplanung-start.activities';
export * from './create-activities';
export * from './notification.activities';
export * from './crisis-message.de';
