export * from './break-glass.policy';
