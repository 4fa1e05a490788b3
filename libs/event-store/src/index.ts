export * from './checkpoint';
export * from './event-hash';
export * from './event-store.errors';
export * from './event-validation';
export * from './postgres-event-store';
