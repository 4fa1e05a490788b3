export * from './refusals';
export * from './recordable';
