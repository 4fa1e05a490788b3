export * from './test-env';
export * from './database';
export * from './kafka-probe';
export * from './app-processes';
export * from './tokens';
export * from './event-builders';
export * from './private-kafka';
export * from './system-under-test';
