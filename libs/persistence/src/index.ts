export * from './data-source';
export * from './entities/timeline-copy';
export * from './entities/timeline-entry.entity';
export { APP_ROLE } from './migrations/1764000000004-app-role-grants.migration';
export * from './guardian-codes.store';
