export * from './event-ids';
export * from './crisis.activities';
export * from './create-activities';
