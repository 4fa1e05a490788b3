export * from './config.schema';
export * from './load-config';
export * from './master-key';
export * from './temporal-tls.schema';
export * from './temporal-connection-options';
export * from './kafka-security.schema';
export * from './workflow-bundle.options';
